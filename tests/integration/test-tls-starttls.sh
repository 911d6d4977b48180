#!/bin/bash
# SPDX-License-Identifier: ISC
# STARTTLS against hostile servers (tests/lab/fake-imap.py), where Dovecot
# cannot play the attacker:
#
#  1. response injection (CVE-2020-15953 class): the server answers
#     STARTTLS with its OK and an extra untagged line in the same TCP write,
#     then offers a real TLS session that would accept LOGIN; the daemon
#     aborts, names the injection, and no LOGIN arrives, plain or in TLS;
#  2. STARTTLS stripped: with [imap] starttls = yes, a server that does not
#     offer it is refused before LOGIN instead of falling back to plain text;
#  3. the same stripping server with starttls = no: plain text is allowed
#     by explicit choice (the server then gets a LOGIN, as configured).
. "$(dirname "$0")/lib.sh"

require_binaries
lab_up

CERTS=$LAB_DIR/certs
assert_ok "test certificates are made" "$LAB_TOOLS/lab-certs" "$CERTS"

FAKE_PID=
stop_fake() {
	[ -n "$FAKE_PID" ] || return 0
	kill -TERM "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
}
_rc=0
trap '_rc=$?; stop_fake; (exit $_rc); lab_down' EXIT

free_port() {
	local p taken
	taken=" $(ss -Htln | awk '{ n = split($4, a, ":"); print a[n] }' | tr '\n' ' ') "
	for _ in $(seq 1 200); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
		case "$taken" in *" $p "*) continue ;; esac
		echo "$p"
		return 0
	done
	return 1
}

# start_fake MODE: fake-imap.py on a free port; sets FAKE_PORT, FAKE_LOG.
start_fake() {
	stop_fake
	FAKE_PORT=$(free_port) || bail "a free port"
	FAKE_LOG=$LAB_DIR/log/fake-imap-$1.log
	rm -f "$LAB_DIR/run/fake-imap.pid"
	"$PY" "$LAB_TOOLS/fake-imap.py" --mode "$1" --port "$FAKE_PORT" \
		--log "$FAKE_LOG" --pidfile "$LAB_DIR/run/fake-imap.pid" \
		--cert "$CERTS/good.pem" --key "$CERTS/good-key.pem" \
		</dev/null >>"$LAB_DIR/log/fake-imap.err" 2>&1 &
	FAKE_PID=$!
	for _ in $(seq 1 50); do
		[ -s "$LAB_DIR/run/fake-imap.pid" ] && return 0
		kill -0 "$FAKE_PID" 2>/dev/null || break
		sleep 0.1
	done
	bail "fake-imap.py $1 starts" "$(cat "$LAB_DIR/log/fake-imap.err")"
}

use_fake() {		# STARTTLS: the daemon's config for the fake server
	EXTRA_CONFIG=$'[imap]\nstarttls = '$1 write_config
	sed -i -e "s|^url = imap.*|url = imap://localhost:$FAKE_PORT|" \
		-e "s|^ca_file = .*|ca_file = $CERTS/ca.pem|" "$CONF"
}

# --- 1. data injected after the STARTTLS OK ------------------------------------
start_fake inject
use_fake yes
run_hercertd --once
rc=$?
stop_fake
assert_ne "injection: hercertd --once fails" 0 "$rc"
assert_match "injection: the error names it" "$(cat "$LAST_LOG")" \
	'STARTTLS: [0-9]+ bytes arrived after the server.s reply.*injection'
assert_file_contains "injection: the fake server sent OK + injected line" \
	"$FAKE_LOG" 'S: sent OK + injected line'
assert_eq "injection: no LOGIN, in the clear or over TLS" 0 \
	"$(grep -ci 'login' "$FAKE_LOG" || true)"
assert_eq "injection: nothing was sent over TLS either" 0 \
	"$(grep -c '^C(tls): ' "$FAKE_LOG" || true)"

# --- 2. STARTTLS not offered, but required ---------------------------------------
start_fake nostarttls
use_fake yes
run_hercertd --once
rc=$?
assert_ne "not offered: hercertd --once fails" 0 "$rc"
assert_match "not offered: the error says so" "$(cat "$LAST_LOG")" \
	'does not offer STARTTLS'
assert_eq "not offered: no LOGIN reached the server" 0 \
	"$(grep -ci 'login' "$FAKE_LOG" || true)"

# --- 3. plain text by explicit choice --------------------------------------------
use_fake no
run_hercertd --once
assert_file_contains "starttls = no: the server is used without TLS" \
	"$FAKE_LOG" 'LOGIN'
assert_not_contains "starttls = no: on loopback, no clear-text warning" \
	"$(cat "$LAST_LOG")" 'clear text'
stop_fake

finish
