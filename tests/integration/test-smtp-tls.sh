#!/bin/bash
# SPDX-License-Identifier: ISC
# TLS toward the SMTP server (libcurl, verification on): extra SMTP sinks
# (tests/lab/smtp-sink.py with --tls-cert) present certificates the test
# makes itself, verified against a private CA as [tls] ca_file.
#
#  1. smtps:// to a sink with a self-signed certificate: the send fails
#     with a certificate error, the outbox row stays queued with that error,
#     and the sink receives nothing;
#  2. smtp:// + STARTTLS to a sink whose certificate names another host:
#     the same;
#  3. smtps:// to a sink with a good certificate: the queued reply goes out.
. "$(dirname "$0")/lib.sh"

FIX=$DATA/integration

require_binaries
lab_up
CERTS=$LAB_DIR/certs
assert_ok "test certificates are made" "$LAB_TOOLS/lab-certs" "$CERTS"

SINK_PIDS=()
stop_sinks() {
	local p
	for p in "${SINK_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	SINK_PIDS=()
}
_rc=0
trap '_rc=$?; stop_sinks; (exit $_rc); lab_down' EXIT

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

# start_sink NAME CERT [--smtps]: a sink with its own spool; sets PORT_NAME.
start_sink() {
	local name=$1 cert=$2 port
	shift 2
	port=$(free_port) || bail "a free port"
	mkdir -p "$LAB_DIR/sink/$name"
	"$PY" "$LAB_TOOLS/smtp-sink.py" --port "$port" \
		--spool "$LAB_DIR/sink/$name" --lmtp "$LAB_DIR/run/lmtp" \
		--passwd "$LAB_DIR/etc/passwd" --pidfile "$LAB_DIR/sink/$name.pid" \
		--tls-cert "$CERTS/$cert.pem" --tls-key "$CERTS/$cert-key.pem" "$@" \
		</dev/null >>"$LAB_DIR/log/smtp-sink-$name.log" 2>&1 &
	SINK_PIDS+=($!)
	for _ in $(seq 1 50); do
		if [ -s "$LAB_DIR/sink/$name.pid" ]; then
			printf -v "PORT_$name" '%s' "$port"
			return 0
		fi
		sleep 0.1
	done
	bail "sink $name starts" "$(cat "$LAB_DIR/log/smtp-sink-$name.log")"
}

smtp_to() {		# URL [STARTTLS]
	write_config
	sed -i -e "s|^url = smtp.*|url = $1|" \
		-e "s|^starttls = no|starttls = ${2:-no}|" \
		-e "s|^ca_file = .*|ca_file = $CERTS/ca.pem|" "$CONF"
}

sent_to() { find "$LAB_DIR/sink/$1" -name '*.eml' | count_lines; }
# outbox EXPR: on the newest outbox row as d (rows queued earlier wait for
# their backoff, so every step answers a mail of its own).
outbox() { run_hercertctl outbox --json | json_q "max(d, key=lambda r: r['id'])$1"; }

PORT_selfsigned='' PORT_wronghost='' PORT_good=''
start_sink selfsigned selfsigned --smtps
start_sink wronghost wronghost
start_sink good good --smtps

write_config
for kind in besturen scholen auditoren auditdata; do
	assert_run "import $kind.csv" run_hercertctl import "$DATA/masterdata/$kind.csv"
done
# --- 1. smtps://, self-signed ----------------------------------------------------
deliver "$FIX/aanmelding-brg-2023-01-26.eml"
smtp_to "smtps://localhost:$PORT_selfsigned"
run_hercertd --once
assert_eq "smtps, self-signed: one attempt" 1 "$(outbox '["attempts"]')"
assert_eq "smtps, self-signed: the row stays queued" queued \
	"$(outbox '["state"]')"
assert_match "smtps, self-signed: with the certificate error" \
	"$(outbox '["last_error"]')" 'certificate verification failed'
assert_eq "smtps, self-signed: the sink received nothing" 0 \
	"$(sent_to selfsigned)"

# --- 2. STARTTLS, wrong host name ------------------------------------------------
deliver "$FIX/aanmelding-drie-scholen.eml"
smtp_to "smtp://localhost:$PORT_wronghost" yes
run_hercertd --once
assert_eq "starttls, wrong host: one attempt" 1 "$(outbox '["attempts"]')"
assert_eq "starttls, wrong host: the row stays queued" queued \
	"$(outbox '["state"]')"
assert_match "starttls, wrong host: with the host name error" \
	"$(outbox '["last_error"]')" 'does not match target host name'
assert_eq "starttls, wrong host: the sink received nothing" 0 \
	"$(sent_to wronghost)"
assert_not_contains "starttls, wrong host: no MAIL FROM reached the sink" \
	"$(cat "$LAB_DIR/log/smtp-sink-wronghost.log")" 'accepted'

# --- 3. smtps://, good certificate -----------------------------------------------
deliver "$FIX/aanmelding-geen-auditdatum.eml"
smtp_to "smtps://localhost:$PORT_good"
assert_run "smtps, good certificate: hercertd --once" run_hercertd --once
assert_eq "smtps, good certificate: the row is sent" sent \
	"$(outbox '["state"]')"
assert_eq "smtps, good certificate: the sink received it" 1 "$(sent_to good)"

stop_sinks
finish
