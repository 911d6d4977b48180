# SPDX-License-Identifier: ISC
# shellcheck shell=bash
# Helpers for the integration tests; each tests/integration/test-*.sh
# sources this file.  Output is TAP-like: "ok - NAME" / "not ok - NAME",
# with diagnostics on "# " lines; finish() exits non-zero if anything failed.
#
#   . "$(dirname "$0")/lib.sh"
#   lab_up                   start a private Dovecot + SMTP sink (stopped on EXIT)
#   write_config [FILE [STATE_DIR]]   daemon config for that lab -> $CONF
#   run_hercertctl ARGS...   $TOP/hercertctl -c $CONF ARGS (stdout to stdout)
#   run_hercertd ARGS...     $TOP/hercertd -c $CONF ARGS (output to a log)
#   assert_eq / assert_contains / assert_match / assert_file_contains ...
#   json_q EXPR              evaluate a python expression on JSON from stdin (d)
#   spool_* / mail_*         queries on what the SMTP sink received
#   sink_control JSON        fault injection in the SMTP sink (see below)
#   sink_stop / sink_start   stop the SMTP sink, start it again (same port)
#   finish                   print the summary line, exit 0 or 1
#
# Environment: HERCERT_NOW (default 2022-12-05T09:00:00+01:00),
# HERCERT_KEEP_LAB=1 keeps the lab directory, HERCERT_TIMEOUT bounds each
# binary run (seconds, default 120), HERCERT_IT_IMAPS=1 makes the daemon
# use imaps://localhost:IMAPS_PORT (verified against the lab's CA) instead of
# imap://, LAB_IMAP_SEPARATOR=. gives Dovecot's default hierarchy separator.
# LAB_OAUTH2=1 (exported before lab_up) adds the lab's OAuth 2.0 endpoint;
# HERCERT_IT_XOAUTH2=1 then makes write_config use XOAUTH2 for IMAP and SMTP
# with that endpoint (oauth2_ctl talks to it).

set -u

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LAB_TOOLS=$TOP/tests/lab
DATA=$TOP/tests/data
PY=/usr/bin/python3
IMAP_TOOL=$LAB_TOOLS/imap-tool.py
HERCERTD=${HERCERTD:-$TOP/hercertd}
HERCERTCTL=${HERCERTCTL:-$TOP/hercertctl}
HERCERT_TIMEOUT=${HERCERT_TIMEOUT:-120}
export HERCERT_NOW=${HERCERT_NOW:-2022-12-05T09:00:00+01:00}

T_PASS=0
T_FAIL=0
T_NAME=$(basename "$0" .sh)
LAB_DIR=
CONF=
RUN_SEQ=0

# --- reporting -------------------------------------------------------------

diag() {
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		printf '#   %s\n' "$line"
	done <<<"$*"
}

pass() { T_PASS=$((T_PASS + 1)); printf 'ok - %s\n' "$1"; }

fail() {
	T_FAIL=$((T_FAIL + 1))
	printf 'not ok - %s\n' "$1"
	shift
	local a
	for a in "$@"; do diag "$a"; done
	return 0
}

# Stop here: report NAME as failed, then exit (the EXIT trap cleans up).
bail() {
	fail "$@"
	finish
}

finish() {
	printf '# %s: %d passed, %d failed\n' "$T_NAME" "$T_PASS" "$T_FAIL"
	[ "$T_FAIL" -eq 0 ] && exit 0
	exit 1
}

# --- assertions (each prints one ok/not ok line, never exits) --------------

assert_eq() {		# NAME EXPECTED ACTUAL
	if [ "$2" == "$3" ]; then pass "$1"
	else fail "$1" "expected: $2" "     got: $3"; fi
}

assert_ne() {		# NAME UNEXPECTED ACTUAL
	if [ "$2" != "$3" ]; then pass "$1"
	else fail "$1" "did not expect: $3"; fi
}

assert_contains() {	# NAME HAYSTACK NEEDLE (fixed string)
	case "$2" in
	*"$3"*) pass "$1" ;;
	*) fail "$1" "expected to contain: $3" "in: $(printf '%s' "$2" | head -c 3000)" ;;
	esac
}

assert_not_contains() {	# NAME HAYSTACK NEEDLE
	case "$2" in
	*"$3"*) fail "$1" "expected NOT to contain: $3" "in: $(printf '%s' "$2" | head -c 3000)" ;;
	*) pass "$1" ;;
	esac
}

assert_match() {	# NAME TEXT ERE (case-insensitive, extended regex)
	if printf '%s' "$2" | grep -Eqi -- "$3"; then pass "$1"
	else fail "$1" "expected to match /$3/i" "in: $(printf '%s' "$2" | head -c 3000)"; fi
}

assert_file_contains() {	# NAME FILE NEEDLE (fixed string)
	if [ ! -f "$2" ]; then fail "$1" "no such file: $2"
	elif grep -qF -- "$3" "$2"; then pass "$1"
	else fail "$1" "expected $2 to contain: $3" "$(head -c 3000 "$2")"; fi
}

assert_ok() {		# NAME COMMAND... (passes if the command exits 0)
	local name=$1 out rc
	shift
	out=$("$@" 2>&1); rc=$?
	if [ $rc -eq 0 ]; then pass "$name"
	else fail "$name" "command failed (exit $rc): $*" "$out"; fi
}

# --- JSON (jq is not used: /usr/bin/python3 with the stdlib) ---------------

# json_q EXPR [ARG...]: parse JSON on stdin as d (the ARGs are the list a),
# print eval(EXPR): strings raw,
# numbers/bools/lists/dicts as compact JSON, None as "null".  Exit 1 (with
# the error on stderr) on invalid JSON or a failing expression.
json_q() {
	"$PY" -c '
import json, sys
src = sys.stdin.read()
try:
    d = json.loads(src)
except ValueError as e:
    sys.exit("invalid JSON (%s): %.300r" % (e, src))
try:
    r = eval(sys.argv[1], {"d": d, "a": sys.argv[2:], "json": json,
                           "re": __import__("re")})
except Exception as e:
    sys.exit("json_q %s: %s: %s" % (sys.argv[1], type(e).__name__, e))
print(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False,
                                              separators=(",", ":")))
' "$@"
}

# --- the lab ---------------------------------------------------------------

lab_down() {
	local rc=$?
	trap - EXIT
	if [ -n "$LAB_DIR" ] && [ -d "$LAB_DIR" ]; then
		"$LAB_TOOLS/lab-stop" "$LAB_DIR" || echo "# lab-stop failed for $LAB_DIR"
		if [ "$T_FAIL" -ne 0 ] || [ "$rc" -ne 0 ]; then
			show_logs
		fi
		if [ "${HERCERT_KEEP_LAB:-0}" = 1 ]; then
			echo "# lab kept in $LAB_DIR"
		else
			rm -rf "$LAB_DIR"
		fi
	fi
	exit "$rc"
}

show_logs() {
	local f
	for f in "$LAB_DIR"/log/hercert*.log "$LAB_DIR/log/dovecot.log" \
		 "$LAB_DIR/log/smtp-sink.log" "$LAB_DIR/log/oauth2-server.log"; do
		[ -s "$f" ] || continue
		echo "# --- last lines of $f"
		diag "$(tail -n 15 "$f")"
	done
	if [ -d "${SINK_SPOOL:-/nonexistent}" ]; then
		echo "# --- sink spool"
		diag "$(spool_summary 2>&1)"
	fi
}

# lab_up: start a lab (retrying on a port race), source lab.env, export
# IMAP_PORT for imap-tool, and stop it on EXIT whatever happens.
lab_up() {
	local try out
	trap lab_down EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	for try in 1 2 3; do
		LAB_DIR=$(mktemp -d /tmp/hercert-it.XXXXXX) || bail "lab directory"
		chmod 0755 "$LAB_DIR"
		if out=$("$LAB_TOOLS/lab-start" "$LAB_DIR" 2>&1); then
			# shellcheck disable=SC1091
			. "$LAB_DIR/lab.env"
			export IMAP_PORT LAB_DIR
			# smtp-sink.py's default --control
			SINK_CONTROL=$(dirname "$SINK_SPOOL")/smtp-control.json
			pass "lab starts (imap $IMAP_PORT, smtp $SMTP_PORT, $(id -un))"
			return 0
		fi
		[ "$try" -lt 3 ] && rm -rf "$LAB_DIR"
	done
	bail "lab starts" "$out"
}

# write_config [FILE [STATE_DIR]]: the daemon's config for this lab; sets
# CONF.  Extra INI text in $EXTRA_CONFIG is appended.
write_config() {
	CONF=${1:-$LAB_DIR/hercert.conf}
	local state=${2:-$LAB_DIR/hercert-state} url=imap://127.0.0.1:$IMAP_PORT
	local imap_auth= smtp_auth= oauth2=
	[ "${HERCERT_IT_IMAPS:-0}" = 1 ] && url=imaps://localhost:$IMAPS_PORT
	if [ "${HERCERT_IT_XOAUTH2:-0}" = 1 ]; then
		imap_auth='auth = xoauth2'
		smtp_auth=$'auth = xoauth2\nuser = partnerschap'
		oauth2="[oauth2]
token_url = $OAUTH2_URL/token
client_id = $OAUTH2_CLIENT_ID
client_secret_file = $OAUTH2_CLIENT_SECRET_FILE
refresh_token_file = $OAUTH2_REFRESH_TOKEN_FILE
scope = https://outlook.office365.com/IMAP.AccessAsUser.All offline_access"
	fi
	mkdir -p "$state"
	cat >"$CONF" <<EOF
# hercert config for the integration lab $LAB_DIR
[imap]
url = $url
user = partnerschap
password_file = $LAB_DIR/etc/imap-password
mailbox = INBOX
$imap_auth

[smtp]
url = smtp://127.0.0.1:$SMTP_PORT
starttls = no
from = partnerschap@hsmarnix.nl
$smtp_auth

[tls]
ca_file = $LAB_CA

[paths]
state_dir = $state
rules_dir = $TOP/rules
templates_dir = $TOP/templates

[partnership]
name = Partners in Opleiding en Ontwikkeling
coordinator = coordinator@lab.test
timezone = Europe/Amsterdam
; the daily digest only where a test asks for it (DIGEST_TIME=07:00)
digest_time = ${DIGEST_TIME:-off}
$oauth2
${EXTRA_CONFIG:-}
EOF
}

# oauth2_ctl stats | oauth2_ctl control KEY=VALUE...: the lab's OAuth 2.0
# endpoint (LAB_OAUTH2=1); prints its JSON reply (see oauth2-server.py).
oauth2_ctl() {
	"$PY" -c '
import sys, urllib.parse, urllib.request
url, what, kv = sys.argv[1], sys.argv[2], sys.argv[3:]
body = None
if what == "control":
    body = urllib.parse.urlencode([tuple(a.split("=", 1)) for a in kv]).encode()
with urllib.request.urlopen(url + "/" + what, body, timeout=10) as r:
    print(r.read().decode())
' "$OAUTH2_URL" "$@"
}

# write_maildir_config DIR: a config without IMAP or SMTP (a Maildir
# source DIR/in, a Maildir outbox DIR/out, state in DIR/state); sets CONF.
write_maildir_config() {
	mkdir -p "$1/in/new" "$1/in/cur" "$1/in/tmp"
	CONF=$1/hercert.conf
	cat >"$CONF" <<CONF
[maildir]
path = in
[outbox]
maildir = out
[paths]
state_dir = state
rules_dir = $TOP/rules
templates_dir = $TOP/templates
[partnership]
coordinator = coordinator@lab.test
; the daily digest only where a test asks for it (DIGEST_TIME=07:00)
digest_time = ${DIGEST_TIME:-off}
CONF
}

require_binaries() {
	local b missing=
	for b in "$HERCERTD" "$HERCERTCTL"; do
		[ -x "$b" ] || missing="$missing $b"
	done
	[ -z "$missing" ] || bail "binaries are built" "missing:$missing (run make)"
}

# run_hercertctl ARGS...: stdout is the command's; stderr is appended to
# log/hercertctl.log and echoed as diagnostics when it exits non-zero.
run_hercertctl() {
	local err rc
	err=$(mktemp "$LAB_DIR/log/hercertctl.err.XXXXXX")
	timeout -k 5 "$HERCERT_TIMEOUT" "$HERCERTCTL" -c "$CONF" "$@" 2>"$err"
	rc=$?
	{ echo "\$ hercertctl -c $CONF $*  (exit $rc)"; cat "$err"; } \
		>>"$LAB_DIR/log/hercertctl.log"
	if [ $rc -ne 0 ]; then
		echo "# hercertctl $* exited $rc" >&2
		tail -n 20 "$err" | sed 's/^/#   /' >&2
	fi
	rm -f "$err"
	return $rc
}

# run_hercertd ARGS...: output to log/hercertd.N.log; LAST_LOG names it.
run_hercertd() {
	local rc
	RUN_SEQ=$((RUN_SEQ + 1))
	LAST_LOG=$LAB_DIR/log/hercertd.$RUN_SEQ.log
	echo "\$ HERCERT_NOW=$HERCERT_NOW hercertd -c $CONF $*" >"$LAST_LOG"
	timeout -k 5 "$HERCERT_TIMEOUT" "$HERCERTD" -c "$CONF" "$@" \
		</dev/null >>"$LAST_LOG" 2>&1
	rc=$?
	echo "# exit $rc" >>"$LAST_LOG"
	return $rc
}

# assert_run NAME run_hercertd|run_hercertctl ARGS...
assert_run() {
	local name=$1 rc
	shift
	"$@" >/dev/null; rc=$?
	if [ $rc -eq 0 ]; then pass "$name"
	elif [ "$1" = run_hercertd ]; then
		fail "$name" "exit $rc" "$(tail -n 20 "$LAST_LOG")"
	else
		fail "$name" "exit $rc"
	fi
}

# --- mailboxes -------------------------------------------------------------

imap() { "$PY" "$IMAP_TOOL" --port "$IMAP_PORT" "$@"; }

# deliver FILE.eml: put a mail in the shared mailbox's INBOX (IMAP APPEND).
deliver() { imap append partnerschap INBOX "$1" >/dev/null; }

imap_count() { imap count "$1" "$2" 2>&1; }

# The Message-ID of a fixture (with the angle brackets).
message_id() {
	"$PY" -c '
import email, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f)
print((m.get("Message-ID") or "").strip())' "$1"
}

mail_subject_of() {
	"$PY" -c '
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    m = email.message_from_binary_file(f, policy=email.policy.default)
print(str(m.get("Subject", "")))' "$1"
}

# --- what the SMTP sink received -------------------------------------------

# spool_last: the highest message number in the spool (0 when empty); use
# it as a mark to query only what arrived after it.
spool_last() {
	local n max=0 f
	for f in "$SINK_SPOOL"/*.eml; do
		[ -e "$f" ] || continue
		n=${f##*/}; n=${n%.eml}	# no fork: the spool grows to thousands
		[ "$n" -gt "$max" ] && max=$n
	done
	echo "$max"
}

spool_count() {		# [SINCE]
	local since=${1:-0} n c=0 f
	for f in "$SINK_SPOOL"/*.eml; do
		[ -e "$f" ] || continue
		n=${f##*/}; n=${n%.eml}	# no fork: the spool grows to thousands
		[ "$n" -gt "$since" ] && c=$((c + 1))
	done
	echo "$c"
}

_SPOOL_PY='
import email, email.policy, json, os, re, sys

def load(path):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    meta = {}
    try:
        with open(path[:-4] + ".json", encoding="utf-8") as f:
            meta = json.load(f)
    except (OSError, ValueError):
        pass
    return msg, meta

def hdr(msg, name):
    vals = msg.get_all(name) or []
    return "\n".join(" ".join(str(v).split()) for v in vals)

def body(msg):
    part = msg.get_body(preferencelist=("plain",))
    if part is None:
        part = msg.get_body(preferencelist=("html",))
    if part is None:
        return ""
    try:
        return part.get_content()
    except Exception as e:
        return "<undecodable body: %s>" % e

def spool(since=0):
    d = os.environ["SINK_SPOOL"]
    nums = sorted(int(n[:-4]) for n in os.listdir(d)
                  if n.endswith(".eml") and n[:-4].isdigit())
    return [os.path.join(d, "%d.eml" % n) for n in nums if n > since]

def ids(value):
    return re.findall(r"<[^<>\s]+>", value or "")

cmd = sys.argv[1]
if cmd == "find":
    # find SINCE KIND IN_REPLY_TO RCPT  (empty = any)
    since, kind, irt, rcpt = int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    for path in spool(since):
        msg, meta = load(path)
        if kind and hdr(msg, "X-Hercert-Kind").strip() != kind:
            continue
        if irt and irt not in ids(hdr(msg, "In-Reply-To")):
            continue
        if rcpt and rcpt.lower() not in [r.lower() for r in meta.get("rcpt_tos", [])]:
            continue
        print(path)
elif cmd == "header":
    msg, _ = load(sys.argv[2])
    print(hdr(msg, sys.argv[3]))
elif cmd == "body":
    msg, _ = load(sys.argv[2])
    sys.stdout.write(body(msg))
elif cmd == "rcpts":
    _, meta = load(sys.argv[2])
    print("\n".join(meta.get("rcpt_tos", [])))
elif cmd == "msgids":
    since = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for path in spool(since):
        msg, _ = load(path)
        print(hdr(msg, "Message-ID").strip() or "-")
elif cmd == "summary":
    since = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for path in spool(since):
        msg, meta = load(path)
        print("%s kind=%s to=%s irt=%s subject=%s" % (
            os.path.basename(path), hdr(msg, "X-Hercert-Kind") or "-",
            ",".join(meta.get("rcpt_tos", [])) or "-",
            hdr(msg, "In-Reply-To") or "-", hdr(msg, "Subject")))
'

_spool() { SINK_SPOOL=$SINK_SPOOL "$PY" -c "$_SPOOL_PY" "$@"; }

# spool_find SINCE KIND IN_REPLY_TO RCPT: paths of matching spooled mails
# (empty argument = any).  IN_REPLY_TO is a <message-id>.
spool_find() { _spool find "$1" "${2:-}" "${3:-}" "${4:-}"; }
spool_summary() { _spool summary "${1:-0}"; }
mail_header() { _spool header "$1" "$2"; }	# FILE NAME: decoded, unfolded
mail_body() { _spool body "$1"; }		# FILE: decoded text/plain
mail_rcpts() { _spool rcpts "$1"; }		# FILE: envelope recipients

# spool_msgids [SINCE]: the Message-ID of each spooled mail, one a line
spool_msgids() { _spool msgids "${1:-0}"; }

# spool_count_msgid SINCE MSGID: how many spooled mails carry that
# Message-ID (with the angle brackets) -- "arrived exactly once" is 1.
spool_count_msgid() { spool_msgids "$1" | grep -cxF -- "$2" || true; }

# --- faults in the SMTP sink -------------------------------------------------
# smtp-sink.py reads $SINK_CONTROL (JSON) on every transaction, so these
# take effect on the daemon's next connection, without a restart:
#   sink_control '{"reject_rcpt": "^boc@waterland\\.nl$"}'   550 5.1.1 at RCPT
#   sink_control '{"tempfail_rcpt": "waterland"}'              451 4.3.0 at RCPT
#   sink_control '{"fail_after_data": 1}'   next message: DATA read, 451, not kept
#   sink_control '{"drop_after_data": 1}'   next message: DATA read, no reply
#   sink_control_clear                      no faults
# The sink decrements the counters in the file (sink_control_get shows what
# is left) and logs each fault as a "fault:" line in log/smtp-sink.log.

# sink_control JSON: replace the control file atomically (checked first).
sink_control() {
	local tmp=$SINK_CONTROL.new.$$
	printf '%s\n' "$1" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
if not isinstance(d, dict):
    sys.exit("sink_control: not a JSON object")
print(json.dumps(d))' >"$tmp" || { rm -f "$tmp"; echo "# sink_control: bad JSON: $1" >&2; return 1; }
	mv -f "$tmp" "$SINK_CONTROL"
}

sink_control_clear() { rm -f "$SINK_CONTROL"; }

# sink_control_get: the control file as the sink left it ({} when absent)
sink_control_get() { cat "$SINK_CONTROL" 2>/dev/null || echo '{}'; }

# sink_faults: the "fault:" lines the sink logged so far
sink_faults() { grep -F ' fault: ' "$LAB_DIR/log/smtp-sink.log" 2>/dev/null || true; }

_sink_pid() {
	local pid cmd
	pid=$(cat "$LAB_DIR/sink/smtp-sink.pid" 2>/dev/null) || return 1
	[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
	cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
	case "$cmd" in *smtp-sink*"$LAB_DIR/"*) echo "$pid" ;; *) return 1 ;; esac
}

_smtp_listening() { ss -Htln "sport = :$SMTP_PORT" 2>/dev/null | grep -q .; }

# sink_stop: stop the SMTP sink (SIGTERM to its pid) and wait until it is
# gone and nothing listens on SMTP_PORT; its command line is kept in
# LAB_DIR/sink/smtp-sink.cmdline for sink_start.  The daemon then gets
# "connection refused".
sink_stop() {
	local pid i
	pid=$(_sink_pid) || { echo "# sink_stop: the SMTP sink is not running" >&2; return 1; }
	# (/proc files have size 0: cat, not cp; a zombie's cmdline is empty)
	cat "/proc/$pid/cmdline" >"$LAB_DIR/sink/smtp-sink.cmdline" || return 1
	kill -TERM "$pid" || return 1
	for i in $(seq 1 100); do
		if [ -z "$(tr -d '\0' <"/proc/$pid/cmdline" 2>/dev/null)" ]; then
			_smtp_listening || return 0
		fi
		sleep 0.1
	done
	echo "# sink_stop: pid $pid still running or port $SMTP_PORT still open" >&2
	return 1
}

# sink_start: start the SMTP sink again with the command line sink_stop
# recorded (same port, spool, control file, log) and wait until it listens.
sink_start() {
	local argv=() i
	_sink_pid >/dev/null && { echo "# sink_start: the SMTP sink is already running" >&2; return 1; }
	[ -s "$LAB_DIR/sink/smtp-sink.cmdline" ] ||
		{ echo "# sink_start: no recorded command line (sink_stop first)" >&2; return 1; }
	mapfile -d '' argv <"$LAB_DIR/sink/smtp-sink.cmdline"
	rm -f "$LAB_DIR/sink/smtp-sink.pid"
	setsid "${argv[@]}" </dev/null >>"$LAB_DIR/log/smtp-sink.log" 2>&1 &
	SINK_PID=$!
	disown "$SINK_PID" 2>/dev/null	# lab-stop ends it; no job notice
	for i in $(seq 1 150); do
		if [ -s "$LAB_DIR/sink/smtp-sink.pid" ] && _smtp_listening; then
			return 0
		fi
		kill -0 "$SINK_PID" 2>/dev/null ||
			{ echo "# sink_start: the SMTP sink exited" >&2; tail -n 5 "$LAB_DIR/log/smtp-sink.log" >&2; return 1; }
		sleep 0.1
	done
	echo "# sink_start: not listening on $SMTP_PORT after 15 s" >&2
	return 1
}

# --- Maildir scenarios (hercertd --once, HERCERT_NOW) ---------------------

# mail FROM SUBJECT BODY [FILE...]: a mail into $WORK/in/new (Maildir
# tests; N counts them). A FILE "name.docx=line|line|..." is a DOCX with
# those paragraphs, "name@/path" that file; any other is a small PDF whose
# bytes differ per name. MAIL_DATE, if set, is the Date header.
mail() {
	N=$((N + 1))
	"$PY" - "$WORK/in/new/$(printf '%03d' $N).eml" "$N" "$@" <<'PY'
import io, os, sys, zipfile
from email.message import EmailMessage
out, n, frm, subject, body, *files = sys.argv[1:]
m = EmailMessage()
m["From"] = frm
m["To"] = "partnerschap@hsmarnix.nl"
m["Subject"] = subject
m["Message-ID"] = "<maildir-test.%s@example.nl>" % n
if os.environ.get("MAIL_DATE"):
    m["Date"] = os.environ["MAIL_DATE"]
m.set_content(body)
def docx(paras):
    xml = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="'
           'http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body>' + "".join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % p
                                for p in paras) + '</w:body></w:document>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"/>')
        z.writestr("word/document.xml", xml)
    return b.getvalue()
for f in files:
    if "@/" in f:
        name, path = f.split("@", 1)
        m.add_attachment(open(path, "rb").read(), maintype="application",
                         subtype="octet-stream", filename=name)
    elif "=" in f:
        name, text = f.split("=", 1)
        m.add_attachment(docx(text.split("|")), maintype="application",
                         subtype="vnd.openxmlformats-officedocument."
                         "wordprocessingml.document", filename=name)
    else:
        m.add_attachment(b"%PDF-1.4\n% " + f.encode() + b"\n",
                         maintype="application", subtype="pdf", filename=f)
open(out, "wb").write(bytes(m))
PY
}

# run_at ISO: hercertd --once in $WORK with the clock at ISO.
run_at() {
	(cd "$WORK" && HERCERT_NOW=$1 "$HERCERTD" -c "$CONF" --once) \
		>>"$WORK/hercertd.log" 2>&1 ||
		fail "hercertd --once at $1" "$(tail -n 20 "$WORK/hercertd.log")"
}

# count lines of stdin that are not empty
count_lines() { grep -c . || true; }
