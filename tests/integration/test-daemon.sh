#!/bin/bash
# SPDX-License-Identifier: ISC
# Daemon mode (hercertd -f) against the real Dovecot:
#
#  1. a mail APPENDed while the daemon idles (IMAP IDLE) is answered within
#     2 s on loopback; the latency is printed;
#  2. Dovecot stopped and started again while the daemon idles: it
#     reconnects by itself and answers the mail that arrived meanwhile;
#  3. SIGHUP with a broken rule file keeps the old rules (file:line logged),
#     SIGHUP with a good one takes it; a date spelling the coordinator
#     adds ("de 26e van januari") counts from the next SIGHUP on; a
#     template that does not parse is refused with file:line, the old
#     templates keep answering;
#  4. SIGTERM: the daemon exits 0 within a few seconds;
#  5. sd_notify: READY=1, STATUS= and WATCHDOG=1 reach NOTIFY_SOCKET.
. "$(dirname "$0")/lib.sh"

FIX=$DATA/integration
DAEMON_PID=
DAEMON_LOG=

require_binaries
lab_up
# Replies that fail while Dovecot (behind the SMTP sink) restarts are
# retried after a second, not a minute.
EXTRA_CONFIG=$'[limits]\noutbox_retry_min = 1\noutbox_retry_max = 2'
write_config
for kind in besturen scholen auditoren auditdata; do
	assert_run "import $kind.csv" run_hercertctl import "$DATA/masterdata/$kind.csv"
done
# Rules the test may break and mend without touching the repository's.
RULES=$LAB_DIR/rules
cp -R "$TOP/rules" "$RULES"
sed -i "s#^rules_dir = .*#rules_dir = $RULES#" "$CONF"
# Likewise the templates.
TEMPLATES=$LAB_DIR/templates
cp -R "$TOP/templates" "$TEMPLATES"
sed -i "s#^templates_dir = .*#templates_dir = $TEMPLATES#" "$CONF"

# Keeps the exit status for lab_down, which runs after it.
stop_daemon() {
	local rc=$?
	[ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
	[ -n "${NOTIFY_PID:-}" ] && kill "$NOTIFY_PID" 2>/dev/null
	NOTIFY_PID=
	return $rc
}
trap 'stop_daemon; lab_down' EXIT

now() { date +%s.%N; }
elapsed() { /usr/bin/python3 -c 'import sys; print("%.3f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }

# wait_for SECONDS COMMAND...: poll until the command succeeds.
wait_for() {
	local limit=$1 end
	shift
	end=$(( $(date +%s) + limit ))
	while [ "$(date +%s)" -le "$end" ]; do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
spool_is() { [ "$(spool_count)" = "$1" ]; }
log_has() { grep -q -- "$1" "$DAEMON_LOG"; }

# systemd's notification socket, played by a small listener.
NOTIFY_OUT=$LAB_DIR/log/notify.log
/usr/bin/python3 "$LAB_TOOLS/notify-listener.py" "$LAB_DIR/run/notify.sock" \
	"$NOTIFY_OUT" </dev/null >/dev/null 2>&1 &
NOTIFY_PID=$!
wait_for 5 test -S "$LAB_DIR/run/notify.sock"

DAEMON_LOG=$LAB_DIR/log/hercertd-f.log
NOTIFY_SOCKET=$LAB_DIR/run/notify.sock \
	"$HERCERTD" -f -v -c "$CONF" </dev/null >"$DAEMON_LOG" 2>&1 &
DAEMON_PID=$!
if wait_for 10 log_has 'started'; then
	pass "hercertd -f starts"
else
	fail "hercertd -f starts" "$(tail -n 20 "$DAEMON_LOG")"
fi
sleep 0.5	# let it reach IDLE

# --- 1. latency of a mail appended while idling --------------------------------
t0=$(now)
deliver "$FIX/aanmelding-brg-2023-01-26.eml"
if wait_for 10 spool_is 1; then
	latency=$(elapsed "$t0" "$(now)")
	diag "IDLE latency, APPEND to reply at the sink: ${latency} s"
	assert_eq "idle: answered within 2 s (${latency} s)" yes \
		"$(/usr/bin/python3 -c 'import sys; print("yes" if float(sys.argv[1]) < 2 else "no")' "$latency")"
else
	fail "idle: answered within 2 s" "no reply after 10 s" "$(tail -n 20 "$DAEMON_LOG")"
fi
assert_eq "idle: INBOX emptied" 0 "$(imap_count partnerschap INBOX)"

# --- 2. Dovecot restarted while the daemon idles ----------------------------------
# The whole server goes: the master and every session it started.
dovecot_pid=$(cat "$LAB_DIR/run/master.pid")
kill "$dovecot_pid"
wait_for 10 bash -c "! kill -0 $dovecot_pid 2>/dev/null"
pkill -KILL -f "^hercert-lab-$IMAP_PORT/" 2>/dev/null
pkill -KILL -f "^dovecot-hercert-lab-$IMAP_PORT/" 2>/dev/null
wait_for 10 bash -c "! pgrep -f 'hercert-lab-$IMAP_PORT/imap' >/dev/null"
# Mail that arrives while the server is down: straight into the Maildir.
inbox=$LAB_DIR/home/partnerschap/Maildir/new
mkdir -p "$inbox"
cp "$FIX/crash-aanmelding-brg-2023-03-28.eml" "$inbox/1700000000.M1P1.lab"
chown -R "$LAB_MAIL_UID:$LAB_MAIL_GID" "$LAB_DIR/home/partnerschap/Maildir"
sleep 1
dovecot -c "$DOVECOT_CONF" </dev/null >>"$LAB_DIR/log/dovecot-stderr.log" 2>&1
if wait_for 30 spool_is 2; then
	pass "restart: the daemon reconnected and answered the waiting mail"
else
	fail "restart: the daemon reconnected and answered the waiting mail" \
		"$(tail -n 20 "$DAEMON_LOG")"
fi
assert_match "restart: the lost connection was logged" "$(cat "$DAEMON_LOG")" \
	'reconnecting|next attempt'
assert_eq "restart: the daemon still runs" 0 "$(kill -0 "$DAEMON_PID"; echo $?)"

# --- 3. SIGHUP with a broken, then a mended rule file ------------------------------
cp "$RULES/20-aanmelding.rules" "$LAB_DIR/good.rules"
printf 'rule kapot\n\tclass aanmelding\n\tmatch subject /([a-z/\n' >>"$RULES/20-aanmelding.rules"
kill -HUP "$DAEMON_PID"
if wait_for 10 log_has 'keeping what was loaded'; then
	pass "sighup: a broken rule file is refused"
else
	fail "sighup: a broken rule file is refused" "$(tail -n 5 "$DAEMON_LOG")"
fi
assert_match "sighup: the refusal names file and line" "$(cat "$DAEMON_LOG")" \
	'20-aanmelding.rules:[0-9]+:'
deliver "$FIX/crash-aanmelding-wld-2023-01-26.eml"
if wait_for 10 spool_is 3; then
	pass "sighup: the old rules still answer registrations"
else
	fail "sighup: the old rules still answer registrations" "$(tail -n 10 "$DAEMON_LOG")"
fi
cp "$LAB_DIR/good.rules" "$RULES/20-aanmelding.rules"
kill -HUP "$DAEMON_PID"
if wait_for 10 log_has 'rules and templates loaded'; then
	pass "sighup: the mended rules are loaded"
else
	fail "sighup: the mended rules are loaded" "$(tail -n 5 "$DAEMON_LOG")"
fi

# A spelling the rules do not know yet, then added by the coordinator.
spelling_mail() {
	cat <<EOF
From: Karin Visser <boc@waterland.nl>
To: partnerschap@hsmarnix.nl
Subject: Aanmelding hercertificering op de 26e van januari
Date: Mon, 5 Dec 2022 08:30:00 +0100
Message-ID: <spelling.$1@waterland.nl>

Graag melden wij OBS De Vlinder en CBS De Fontein aan.
EOF
}
last_audit_date() {
	run_hercertctl messages --json | json_q 'd[-1]["audit_date"]'
}
spelling_mail 1 >"$LAB_DIR/spelling1.eml"
deliver "$LAB_DIR/spelling1.eml"
wait_for 10 spool_is 4
assert_eq "sighup: an unknown spelling finds no audit date" null \
	"$(last_audit_date)"
loaded=$(grep -c 'rules and templates loaded' "$DAEMON_LOG")
cat >>"$RULES/00-datums.rules" <<'EOF'

# Added by the coordinator: "de 26e van januari"
date van	/\b(?<day>\d{1,2})(?:e|ste|de)?\s+van\s+(?<month>januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b/i
EOF
kill -HUP "$DAEMON_PID"
wait_for 10 bash -c "[ \$(grep -c 'rules and templates loaded' '$DAEMON_LOG') -gt $loaded ]"
spelling_mail 2 >"$LAB_DIR/spelling2.eml"
deliver "$LAB_DIR/spelling2.eml"
wait_for 10 spool_is 5
assert_eq "sighup: the added spelling finds the audit date" 2023-01-26 \
	"$(last_audit_date)"

# A template broken by an edit: refused, the loaded ones keep working.
loaded=$(grep -c 'keeping what was loaded' "$DAEMON_LOG")
cp "$TEMPLATES/aanmelding-afgewezen" "$LAB_DIR/good.template"
printf '{{#if reden}}\nniet gesloten\n' >>"$TEMPLATES/aanmelding-afgewezen"
kill -HUP "$DAEMON_PID"
wait_for 10 bash -c "[ \$(grep -c 'keeping what was loaded' '$DAEMON_LOG') -gt $loaded ]"
assert_match "sighup: a broken template is refused with file:line" \
	"$(grep 'keeping what was loaded' "$DAEMON_LOG" | tail -n 1)" \
	'aanmelding-afgewezen:[0-9]+:'
spelling_mail 3 >"$LAB_DIR/spelling3.eml"
deliver "$LAB_DIR/spelling3.eml"
if wait_for 10 spool_is 6; then
	pass "sighup: the old templates still answer"
else
	fail "sighup: the old templates still answer" "$(tail -n 10 "$DAEMON_LOG")"
fi
cp "$LAB_DIR/good.template" "$TEMPLATES/aanmelding-afgewezen"

# --- 4. SIGTERM ------------------------------------------------------------------
t0=$(now)
kill -TERM "$DAEMON_PID"
if wait_for 10 bash -c "! kill -0 $DAEMON_PID 2>/dev/null"; then
	wait "$DAEMON_PID"
	rc=$?
	assert_eq "sigterm: exit status 0" 0 "$rc"
	diag "SIGTERM to exit: $(elapsed "$t0" "$(now)") s"
else
	fail "sigterm: the daemon stops" "still running after 10 s"
fi
DAEMON_PID=

# --- 5. what systemd was told ------------------------------------------------------
notified=$(cat "$NOTIFY_OUT" 2>/dev/null)
assert_contains "sd_notify: READY=1" "$notified" "READY=1"
assert_contains "sd_notify: WATCHDOG=1 after progress" "$notified" "WATCHDOG=1"
assert_match "sd_notify: STATUS says what it does" "$notified" 'STATUS=wacht op mail'
assert_contains "sd_notify: STOPPING=1 on SIGTERM" "$notified" "STOPPING=1"
finish
