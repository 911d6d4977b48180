#!/bin/bash
# SPDX-License-Identifier: ISC
# OAuth 2.0 (XOAUTH2) toward IMAP and SMTP, as Microsoft 365 wants it, against
# Dovecot's oauth2 passdb and the lab's token/introspection endpoint
# (LAB_OAUTH2=1, tests/lab/oauth2-server.py):
#
#  1. hercertd --once logs in to Dovecot with XOAUTH2 and sends the reply
#     with SMTP XOAUTH2, one access token for both; the rotated refresh
#     token is kept (0600) and no secret reaches the log;
#  2. the next run refreshes with the rotated token (the configured one is
#     no longer accepted by the server);
#  3. a token the server has revoked is refused by Dovecot: the daemon
#     fetches a new one once and logs in, in the same run;
#  4. a refused refresh (invalid_grant) fails the run with the server's
#     error, naming the endpoint;
#  5. daemon mode (hercertd -f, one process): tokens that expire (short
#     expires_in) or die server-side are replaced without a restart, and
#     mail keeps being answered;
#  6. SMTP alone with XOAUTH2 (IMAP by password): a revoked token is
#     refused by the sink (535), fetched anew once, and the reply is sent.
. "$(dirname "$0")/lib.sh"

FIX=$DATA/integration
DAEMON_PID=
export LAB_OAUTH2=1

require_binaries
lab_up
HERCERT_IT_XOAUTH2=1 write_config
STATE=$LAB_DIR/hercert-state
for kind in besturen scholen auditoren auditdata; do
	assert_run "import $kind.csv" run_hercertctl import "$DATA/masterdata/$kind.csv"
done

stat_of() { oauth2_ctl stats | json_q "d[a[0]]" "$1"; }
xoauth2_logins() {
	grep -c 'Login: user=<partnerschap>, method=XOAUTH2' \
		"$LAB_DIR/log/dovecot.log" || true
}

# --- 1. XOAUTH2 for IMAP and SMTP ------------------------------------------------
deliver "$FIX/aanmelding-brg-2023-01-26.eml"
assert_run "xoauth2: hercertd --once" run_hercertd --once
assert_eq "xoauth2: Dovecot logged an XOAUTH2 login" 1 "$(xoauth2_logins)"
assert_eq "xoauth2: the mail is answered" 1 "$(spool_count)"
assert_eq "xoauth2: INBOX emptied" 0 "$(imap_count partnerschap INBOX)"
reply=$(spool_find 0 "" "" "" | head -n 1)
assert_eq "xoauth2: the SMTP sink saw AUTH XOAUTH2 as partnerschap" \
	partnerschap "$(json_q 'd["auth"]' <"${reply%.eml}.json")"
assert_eq "xoauth2: one access token for IMAP and SMTP" 1 "$(stat_of issued)"
assert_eq "xoauth2: the rotated refresh token is stored" \
	"$(stat_of refresh_token)" "$(cat "$STATE/oauth2-refresh-token" 2>&1)"
assert_eq "xoauth2: stored with mode 0600" 600 \
	"$(stat -c %a "$STATE/oauth2-refresh-token" 2>&1)"
leaks=
for f in "$OAUTH2_CLIENT_SECRET_FILE" "$OAUTH2_REFRESH_TOKEN_FILE" \
    "$STATE/oauth2-refresh-token"; do
	grep -qF -- "$(cat "$f")" "$LAST_LOG" && leaks="$leaks $f"
done
assert_eq "xoauth2: no secret in the daemon's log" "" "$leaks"
assert_contains "xoauth2: the digest reports the token requests" \
	"$(run_hercertctl digest)" "Aanmelden (OAuth2): in orde"

# --- 2. the next process uses the rotated refresh token --------------------------
deliver "$FIX/aanmelding-drie-scholen.eml"
assert_run "rotated refresh token: hercertd --once" run_hercertd --once
assert_eq "rotated refresh token: refreshed twice in all" 2 "$(stat_of refreshed)"
assert_eq "rotated refresh token: answered" 2 "$(spool_count)"

# --- 3. a revoked token: refused, fetched anew, logged in, one run ----------------
oauth2_ctl control dead_next=1 >/dev/null
deliver "$FIX/aanmelding-geen-auditdatum.eml"
before=$(xoauth2_logins)
rejected=$(stat_of rejected)
assert_run "revoked token: hercertd --once" run_hercertd --once
assert_eq "revoked token: Dovecot refused it once (introspection)" \
	$((rejected + 1)) "$(stat_of rejected)"
assert_eq "revoked token: then accepted the new token" \
	$((before + 1)) "$(xoauth2_logins)"
assert_eq "revoked token: answered" 3 "$(spool_count)"
assert_match "revoked token: the retry is logged" "$(cat "$LAST_LOG")" \
	'token refused; fetching a new one'

# --- 4. the refresh itself refused ---------------------------------------------
oauth2_ctl control fail=invalid_grant >/dev/null
run_hercertd --once
assert_ne "refused refresh: hercertd --once fails" 0 $?
assert_match "refused refresh: the error names the endpoint and the reason" \
	"$(cat "$LAST_LOG")" "oauth2: $OAUTH2_URL/token: refresh_token grant: invalid_grant: refused by /control \\(HTTP 400\\)"
assert_contains "refused refresh: the digest shows it" \
	"$(run_hercertctl digest)" "Aanmelden (OAuth2): fout: oauth2:"
oauth2_ctl control fail= >/dev/null

# --- 5. daemon mode: tokens replaced within one process --------------------------
stop_daemon() {
	local rc=$?
	[ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null &&
		wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
	return $rc
}
trap 'stop_daemon; lab_down' EXIT

# wait_spool N SECONDS: until the sink holds N mails
wait_spool() {
	local deadline=$(( $(date +%s) + $2 ))
	while [ "$(spool_count)" -lt "$1" ] && [ "$(date +%s)" -lt "$deadline" ]; do
		sleep 0.2
	done
	[ "$(spool_count)" -ge "$1" ]
}

sed -i 's/^mailbox = INBOX$/mailbox = INBOX\npoll_interval = 1/' "$CONF"
# Advertised 62 s, so the daemon's cache (60 s margin) holds it for 2 s.
oauth2_ctl control expires_in=62 >/dev/null
n=$(spool_count)
DAEMON_LOG=$LAB_DIR/log/hercertd.daemon.log
"$HERCERTD" -c "$CONF" -f </dev/null >>"$DAEMON_LOG" 2>&1 &
DAEMON_PID=$!
deliver "$FIX/crash-aanmelding-brg-2023-03-28.eml"
wait_spool $((n + 1)) 30
assert_eq "daemon: a mail is answered" $((n + 1)) "$(spool_count)"
issued=$(stat_of issued)
sleep 3
deliver "$FIX/crash-aanmelding-wld-2023-01-26.eml"
wait_spool $((n + 2)) 30
assert_eq "daemon: answered after the token expired" $((n + 2)) "$(spool_count)"
assert_match "daemon: a new token was fetched for it" \
	"$(( $(stat_of issued) - issued ))" '^[1-9]'
oauth2_ctl control expires_in=3600 >/dev/null
sleep 1
oauth2_ctl control expire_all=1 >/dev/null
# The three-schools mail again, as a new message: refused again, answered.
sed 's/^Message-ID: <AM9PR02MB7412E7A1C05D93B8@/Message-ID: <again-AM9PR02MB7412E7A1C05D93B8@/' \
	"$FIX/aanmelding-drie-scholen.eml" >"$LAB_DIR/again.eml"
deliver "$LAB_DIR/again.eml"
wait_spool $((n + 3)) 30
assert_eq "daemon: answered after the server killed the token" \
	$((n + 3)) "$(spool_count)"
assert_eq "daemon: the same process all along" "$DAEMON_PID" \
	"$(kill -0 "$DAEMON_PID" 2>/dev/null && echo "$DAEMON_PID")"
stop_daemon
if [ "$T_FAIL" -ne 0 ]; then
	echo "# --- $DAEMON_LOG"
	diag "$(tail -n 30 "$DAEMON_LOG")"
fi

# --- 6. SMTP alone: a refused token is replaced once ------------------------------
sed -i '0,/^auth = xoauth2$/{/^auth = xoauth2$/d}' "$CONF"	# [imap]'s
sed 's/^Message-ID: <AM9PR02MB74129D0F6E21B7A5@/Message-ID: <again-AM9PR02MB74129D0F6E21B7A5@/' \
	"$FIX/aanmelding-geen-auditdatum.eml" >"$LAB_DIR/again2.eml"
deliver "$LAB_DIR/again2.eml"
n=$(spool_count)
rejected=$(stat_of rejected)
oauth2_ctl control dead_next=1 >/dev/null
assert_run "smtp only: hercertd --once" run_hercertd --once
assert_eq "smtp only: the sink refused the revoked token" \
	$((rejected + 1)) "$(stat_of rejected)"
assert_eq "smtp only: sent with the new one" $((n + 1)) "$(spool_count)"

finish
