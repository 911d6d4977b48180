#!/bin/bash
# SPDX-License-Identifier: ISC
# TLS toward the IMAP server (imaps://): libetpan's GnuTLS build verifies
# nothing, so the daemon checks the chain and host name itself before LOGIN.
#
#  1. imaps://localhost with the lab's CA as [tls] ca_file: the mail is
#     fetched and answered;
#  2. the same server checked against the system trust store (the lab's
#     self-signed CA is not in it): refused with a clear error, no LOGIN
#     reaches Dovecot, the mail stays in INBOX;
#  3. [tls] verify = no: works, and says at every connect that it is off.
. "$(dirname "$0")/lib.sh"

FIX=$DATA/integration

require_binaries
lab_up
HERCERT_IT_IMAPS=1 write_config
for kind in besturen scholen auditoren auditdata; do
	assert_run "import $kind.csv" run_hercertctl import "$DATA/masterdata/$kind.csv"
done

logins() { grep -c 'Login: user=<partnerschap>' "$LAB_DIR/log/dovecot.log" || true; }

# --- 1. verified against the lab CA -------------------------------------------
deliver "$FIX/aanmelding-brg-2023-01-26.eml"
assert_run "imaps with ca_file: hercertd --once" run_hercertd --once
assert_eq "imaps with ca_file: one reply" 1 "$(spool_count)"
assert_eq "imaps with ca_file: INBOX emptied" 0 "$(imap_count partnerschap INBOX)"

# --- 2. the system trust store does not know the lab CA --------------------------
sed -i '/^ca_file = /d' "$CONF"
deliver "$FIX/crash-aanmelding-brg-2023-03-28.eml"
before=$(logins)
run_hercertd --once
rc=$?
after=$(logins)
assert_ne "untrusted certificate: hercertd --once fails" 0 "$rc"
assert_match "untrusted certificate: the error says why" \
	"$(cat "$LAST_LOG")" 'certificate of localhost not accepted'
assert_eq "untrusted certificate: no LOGIN reached the server" "$before" "$after"
assert_eq "untrusted certificate: the mail waits in INBOX" 1 \
	"$(imap_count partnerschap INBOX)"
assert_eq "untrusted certificate: nothing sent" 1 "$(spool_count)"

# --- 3. verification switched off on purpose ------------------------------------
sed -i 's/^\[tls\]$/[tls]\nverify = no/' "$CONF"
assert_run "verify = no: hercertd --once" run_hercertd --once
assert_match "verify = no: a warning at connect" "$(cat "$LAST_LOG")" \
	'tls_verify is off'
assert_eq "verify = no: the mail is answered" 2 "$(spool_count)"

finish
