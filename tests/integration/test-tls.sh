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
#  3. [tls] verify = no: works, and says at every connect that it is off;
#  4. with certificates the test makes itself (tests/lab/lab-certs) and
#     Dovecot switched between them (tests/lab/lab-ssl-cert), verified
#     against a private CA as [tls] ca_file, for imaps:// and for imap:// +
#     STARTTLS ([imap] starttls = yes): a good certificate works and the
#     login is over TLS; a self-signed one, one for another host name and an
#     expired one each stop the daemon before LOGIN with an error naming the
#     reason, and the mail waits in INBOX;
#  5. imap://127.0.0.1 with starttls unset (auto) stays plain on loopback.
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

# --- 4. good and bad certificates, imaps:// and STARTTLS ------------------------
CERTS=$LAB_DIR/certs
assert_ok "test certificates are made" "$LAB_TOOLS/lab-certs" "$CERTS"

serve_cert() {		# NAME: Dovecot now presents certs/NAME.pem
	assert_ok "Dovecot serves the $1 certificate" "$LAB_TOOLS/lab-ssl-cert" \
		"$LAB_DIR" "$CERTS/$1.pem" "$CERTS/$1-key.pem"
}

use() {			# imaps|starttls|plain: rewrite the daemon's config
	local url=imaps://localhost:$IMAPS_PORT extra=
	case $1 in
	starttls) url=imap://localhost:$IMAP_PORT extra=$'[imap]\nstarttls = yes' ;;
	plain)	url=imap://127.0.0.1:$IMAP_PORT ;;
	esac
	EXTRA_CONFIG=$extra write_config
	sed -i -e "s|^url = imap.*|url = $url|" \
		-e "s|^ca_file = .*|ca_file = $CERTS/ca.pem|" "$CONF"
}

dovelog() { grep -c -- "$1" "$LAB_DIR/log/dovecot.log" || true; }

# The daemon's logins since line count $1 of Dovecot's log (run this before
# imap-tool logs in again).
logins_since() {
	grep -- 'Login: user=<partnerschap>' "$LAB_DIR/log/dovecot.log" |
		tail -n +$(($1 + 1))
}

# Wait until Dovecot has logged the end of N sessions without
# authentication, so that a late "Login:" line cannot slip past.
wait_noauth() {
	for _ in $(seq 1 50); do
		[ "$(dovelog 'no auth attempts')" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

good_run() {		# MODE FIXTURE
	local before new
	deliver "$FIX/$2"
	use "$1"
	before=$(dovelog 'Login: user=<partnerschap>')
	assert_run "$1, good certificate: hercertd --once" run_hercertd --once
	new=$(logins_since "$before")
	assert_match "$1, good certificate: the daemon logged in over TLS" \
		"$new" 'mpid=[0-9]+, TLS'
	assert_eq "$1, good certificate: and never without TLS" 0 \
		"$(printf '%s\n' "$new" | grep -vc ', TLS' || true)"
	assert_eq "$1, good certificate: INBOX emptied" 0 \
		"$(imap_count partnerschap INBOX)"
}

bad_run() {		# MODE CERT REASON
	local rc logins noauth
	use "$1"
	logins=$(dovelog 'user=<partnerschap>')
	noauth=$(dovelog 'no auth attempts')
	run_hercertd --once
	rc=$?
	wait_noauth $((noauth + 1)) ||
		fail "$1, $2: Dovecot saw the connection end without auth"
	assert_ne "$1, $2: hercertd --once fails" 0 "$rc"
	assert_match "$1, $2: the error names the reason" "$(cat "$LAST_LOG")" \
		"certificate of localhost not accepted .*: $3"
	assert_eq "$1, $2: no LOGIN reached Dovecot" "$logins" \
		"$(dovelog 'user=<partnerschap>')"
	assert_eq "$1, $2: the mail waits in INBOX" 1 \
		"$(imap_count partnerschap INBOX)"
}

serve_cert good
good_run imaps aanmelding-drie-scholen.eml
good_run starttls aanmelding-geen-auditdatum.eml

deliver "$FIX/crash-aanmelding-wld-2023-01-26.eml"
while read -r cert reason; do
	serve_cert "$cert"
	bad_run imaps "$cert" "$reason"
	bad_run starttls "$cert" "$reason"
done <<'LIST'
selfsigned issuer unknown
wronghost host name mismatch
expired expired
LIST

# The mail that waited is fetched once the certificate is good again.
serve_cert good
use starttls
assert_run "good certificate again: hercertd --once" run_hercertd --once
assert_eq "good certificate again: INBOX emptied" 0 \
	"$(imap_count partnerschap INBOX)"

# --- 5. plain imap:// on loopback needs no TLS -----------------------------------
deliver "$FIX/aanmelding-onbekende-afzender.eml"
use plain
before=$(dovelog 'Login: user=<partnerschap>')
assert_run "imap://127.0.0.1, starttls auto: hercertd --once" run_hercertd --once
new=$(logins_since "$before")
assert_match "imap://127.0.0.1, starttls auto: logged in" "$new" 'Login:'
assert_not_contains "imap://127.0.0.1, starttls auto: without TLS" "$new" 'TLS'
assert_not_contains "imap://127.0.0.1, starttls auto: no clear-text warning" \
	"$(cat "$LAST_LOG")" 'clear text'
assert_eq "imap://127.0.0.1, starttls auto: INBOX emptied" 0 \
	"$(imap_count partnerschap INBOX)"

finish
