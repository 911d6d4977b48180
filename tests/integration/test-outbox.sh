#!/bin/bash
# SPDX-License-Identifier: ISC
# The outbox against a misbehaving SMTP server (RELIABILITY.md (a) 2 and 8):
# registrations are confirmed by mail; the lab's SMTP sink is stopped or
# told to fail (tests/lab/smtp-sink.py --control, via sink_control), and
# `hercertctl outbox --json` and the sink's spool show what a user would
# see: what waits, what was given up and why, what arrived, and how often.
#
#  a. SMTP server down: the registrations are still processed, the
#     confirmations wait in the outbox with the error; once the server is
#     back each arrives exactly once
#  b. 550 at RCPT for one BOC: that confirmation is given up after one
#     attempt with the 550 in last_error and never tried again; the other
#     BOC's confirmation goes out
#  c. 451 at RCPT: the confirmation waits, attempts grow run by run; when
#     the server accepts again it arrives exactly once
#  d. 451 after the complete DATA, and a connection dropped after DATA
#     without a reply (outcome unknown): the confirmation stays queued and
#     the next run sends it with the same Message-ID, arriving exactly once
#
# Every part uses a fresh state directory (a new installation on the same
# mailbox: earlier mails have left INBOX) and freshly written registrations.
# Retries are due after 1-2 s of real time ([limits] outbox_retry_min = 1,
# outbox_retry_max = 2); the daemon's backoff runs on the real clock.
. "$(dirname "$0")/lib.sh"

BRG=boc@bestuur-brg.nl
WLD=boc@waterland.nl
RETRY_WAIT=2.2		# > outbox_retry_max: every queued row is due again
# shellcheck disable=SC2034 # read by write_config (lib.sh)
EXTRA_CONFIG=$'[limits]\noutbox_retry_min = 1\noutbox_retry_max = 2'

require_binaries
lab_up
START=$SECONDS
mkdir -p "$LAB_DIR/mails"

# --- helpers -----------------------------------------------------------------

# fresh_state PART: a new config + state directory, master data imported
fresh_state() {
	local kind
	write_config "$LAB_DIR/hercert-$1.conf" "$LAB_DIR/state-$1"
	for kind in besturen scholen auditoren auditdata; do
		run_hercertctl import "$DATA/masterdata/$kind.csv" >/dev/null ||
			bail "$1: import $kind.csv"
	done
}

# registration PART WHICH: write a valid registration (brg-jan: 12AB+34CD
# on 26 januari 2023, brg-mar: 56EF+78GH on 28 maart 2023, wld-jan:
# 91KL+92MN on 26 januari 2023) with a Message-ID of its own; prints its path.
registration() {
	local part=$1 which=$2 f from name date dateword schools
	f=$LAB_DIR/mails/$part-$which.eml
	case $which in
	brg-jan) from=$BRG name="Anne de Vries" date="donderdag 26 januari 2023"
		 dateword="26 januari 2023"
		 schools=$'- OBS De Regenboog (12AB) in Utrecht\n- CBS De Wegwijzer (34CD) in Zeist' ;;
	brg-mar) from=$BRG name="Anne de Vries" date="dinsdag 28 maart 2023"
		 dateword="28 maart 2023"
		 schools=$'- OBS Het Kompas (56EF) in Utrecht\n- RKBS Sint Jozef (78GH) in Nieuwegein' ;;
	wld-jan) from=$WLD name="Karin Visser" date="donderdag 26 januari 2023"
		 dateword="26 januari 2023"
		 schools=$'- OBS De Vlinder (91KL) in Purmerend\n- CBS De Fontein (92MN) in Monnickendam' ;;
	*) bail "registration: unknown $which" ;;
	esac
	cat >"$f" <<EOF
Return-Path: <$from>
Date: Thu, 1 Dec 2022 14:12:37 +0100
From: $name <$from>
To: Partnerschap Hercertificering <partnerschap@hsmarnix.nl>
Subject: Aanmelding hercertificering $dateword ($part)
Message-ID: <outbox-$part-$which.$$@test.lab>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Beste collega's,

Graag meld ik voor de hercertificering op $date de volgende
scholen aan:

$schools

Met vriendelijke groet,

$name
Bestuurlijk opleidingscoördinator
EOF
	echo "$f"
}

outbox() { run_hercertctl outbox --json; }

# row_of BOX TO [N]: the N-th (0-based) outbox row to TO, as JSON
row_of() {
	json_q '([r for r in d if r["to"] == a[0]] + [None, None, None])[int(a[1])]' \
		"$2" "${3:-0}" <<<"$1"
}

# field ROW KEY: one field of a row (null -> "null")
field() { json_q "d[a[0]] if d is not None else 'no such row'" "$2" <<<"$1"; }

# once NAME: run hercertd --once, which must exit 0
once() { assert_run "$1" run_hercertd --once; }

# arrived_once NAME SINCE MSGID: the mail with that Message-ID is in the
# sink's spool exactly once since SINCE
arrived_once() {
	local n
	n=$(spool_count_msgid "$2" "$3")
	if [ "$n" = 1 ]; then pass "$1"
	else fail "$1" "Message-ID $3 arrived $n times" "$(spool_summary "$2")"; fi
}

# faults_for MSGID_OR_ADDR: how many faults the sink logged for it so far
faults_for() { sink_faults | grep -cF -- "$1" || true; }

processed_line() { grep -o '[0-9]* processed, [0-9]* failed' "$LAST_LOG" | tail -n 1; }

# ============================================================================
# a. The SMTP server is down, then comes back
# ============================================================================

fresh_state a
for w in brg-jan brg-mar wld-jan; do
	f=$(registration a "$w")
	deliver "$f" || bail "a: deliver $w"
done
assert_eq "a: three registrations wait in INBOX" 3 "$(imap_count partnerschap INBOX)"

assert_ok "a: the SMTP server is stopped" sink_stop
mark=$(spool_last)
once "a: hercertd --once while the SMTP server is down exits 0"
assert_eq "a: all three registrations processed although mail cannot go out" \
	"3 processed, 0 failed" "$(processed_line)"
assert_eq "a: INBOX is empty" 0 "$(imap_count partnerschap INBOX)"
assert_eq "a: the three registrations are recorded" 6 \
	"$(run_hercertctl status --json | json_q 'sum(1 for x in d["audit_dates"] for r in x["registrations"] if r["state"] == "aangemeld")' 2>&1)"
box=$(outbox)
assert_eq "a: three confirmations wait in the outbox (queued)" \
	'["queued","queued","queued"]' \
	"$(json_q '[r["state"] for r in d if r["kind"] == "aanmelding-bevestigd"]' <<<"$box" 2>&1)"
assert_eq "a: each waiting confirmation was tried at least once" true \
	"$(json_q 'len(d) == 3 and all(r["attempts"] >= 1 for r in d)' <<<"$box" 2>&1)"
assert_eq "a: each waiting confirmation says why (last_error)" true \
	"$(json_q 'len(d) == 3 and all(r["last_error"] for r in d)' <<<"$box" 2>&1)"
assert_match "a: last_error says the server could not be reached" \
	"$(json_q 'd[0]["last_error"]' <<<"$box" 2>&1)" 'connect'
assert_eq "a: the confirmations go to BRG twice and WLD once" \
	"[\"$BRG\",\"$BRG\",\"$WLD\"]" "$(json_q 'sorted(r["to"] for r in d)' <<<"$box" 2>&1)"
assert_eq "a: nothing arrived while the server was down" 0 "$(spool_count "$mark")"
ids_a=$(json_q '"\n".join(r["message_id"] for r in d)' <<<"$box")

assert_ok "a: the SMTP server is started again" sink_start
sleep "$RETRY_WAIT"
once "a: hercertd --once after the server is back"
box=$(outbox)
if [ "$(json_q 'sum(r["state"] == "sent" for r in d)' <<<"$box")" != 3 ]; then
	echo "# a: not all sent after one run: $(json_q '[r["state"] for r in d]' <<<"$box"); one more run"
	sleep "$RETRY_WAIT"
	once "a: hercertd --once (second run after the server is back)"
	box=$(outbox)
fi
assert_eq "a: all three confirmations are sent" '["sent","sent","sent"]' \
	"$(json_q '[r["state"] for r in d]' <<<"$box" 2>&1)"
assert_eq "a: sent rows keep their Message-ID" "$ids_a" \
	"$(json_q '"\n".join(r["message_id"] for r in d)' <<<"$box" 2>&1)"
while read -r id; do
	arrived_once "a: confirmation $id arrived exactly once" "$mark" "$id"
done <<<"$ids_a"
assert_eq "a: nothing else arrived" 3 "$(spool_count "$mark")"
before=$(spool_last)
once "a: one more run"
assert_eq "a: one more run sends nothing" 0 "$(spool_count "$before")"

# ============================================================================
# b. 550 at RCPT for one BOC: given up at once, never retried
# ============================================================================

fresh_state b
deliver "$(registration b wld-jan)" || bail "b: deliver wld-jan"
deliver "$(registration b brg-jan)" || bail "b: deliver brg-jan"
sink_control '{"reject_rcpt": "^boc@waterland\\.nl$"}' || bail "b: sink_control"
rejected_before=$(faults_for "reject_rcpt: 550 for <$WLD>")
mark=$(spool_last)
once "b: hercertd --once with WLD's address refused (550)"
assert_eq "b: both registrations processed" "2 processed, 0 failed" "$(processed_line)"
box=$(outbox)
wld=$(row_of "$box" "$WLD")
brg=$(row_of "$box" "$BRG")
assert_eq "b: WLD's confirmation is given up (failed)" failed "$(field "$wld" state)"
assert_eq "b: WLD's confirmation was tried once" 1 "$(field "$wld" attempts)"
assert_match "b: last_error shows the server's 550" "$(field "$wld" last_error)" '550'
assert_eq "b: the SMTP server saw WLD's address once" 1 \
	"$(( $(faults_for "reject_rcpt: 550 for <$WLD>") - rejected_before ))"
assert_eq "b: BRG's confirmation is sent" sent "$(field "$brg" state)"
arrived_once "b: BRG's confirmation arrived exactly once" "$mark" "$(field "$brg" message_id)"
assert_eq "b: nothing reached WLD" 0 "$(spool_find "$mark" "" "" "$WLD" | count_lines)"

sleep "$RETRY_WAIT"	# a retry would be due by now
before=$(spool_last)
once "b: another run"
box=$(outbox)
wld=$(row_of "$box" "$WLD")
assert_eq "b: another run sends nothing" 0 "$(spool_count "$before")"
assert_eq "b: WLD's confirmation stays failed" failed "$(field "$wld" state)"
assert_eq "b: WLD's confirmation is not tried again (attempts still 1)" 1 \
	"$(field "$wld" attempts)"
assert_eq "b: the SMTP server did not see WLD's address again" 1 \
	"$(( $(faults_for "reject_rcpt: 550 for <$WLD>") - rejected_before ))"
digest=$(run_hercertctl digest)
assert_match "b: the digest shows the failed confirmation" "$digest" \
	"aanmelding-bevestigd aan $WLD: .*550"
run_hercertctl outbox retry "$(field "$wld" id)" >/dev/null
sink_control_clear
once "b: after hercertctl outbox retry"
assert_eq "b: retried by hand, WLD's confirmation is sent" sent \
	"$(field "$(row_of "$(outbox)" "$WLD")" state)"

# ============================================================================
# c. 451 at RCPT: retried with growing attempts until accepted
# ============================================================================

fresh_state c
deliver "$(registration c brg-mar)" || bail "c: deliver brg-mar"
sink_control '{"tempfail_rcpt": "^boc@bestuur-brg\\.nl$"}' || bail "c: sink_control"
mark=$(spool_last)
once "c: hercertd --once with BRG's address deferred (451)"
row=$(row_of "$(outbox)" "$BRG")
assert_eq "c: the confirmation waits (queued)" queued "$(field "$row" state)"
assert_eq "c: first run: one attempt" 1 "$(field "$row" attempts)"
assert_match "c: last_error shows the server's 451" "$(field "$row" last_error)" '451'
id_c=$(field "$row" message_id)
for n in 2 3; do
	sleep "$RETRY_WAIT"
	once "c: run $n while the server defers"
	row=$(row_of "$(outbox)" "$BRG")
	assert_eq "c: run $n: still queued" queued "$(field "$row" state)"
	assert_eq "c: run $n: attempts grew to $n" "$n" "$(field "$row" attempts)"
done
assert_eq "c: nothing arrived while deferred" 0 "$(spool_count "$mark")"
assert_eq "c: the Message-ID did not change between attempts" "$id_c" \
	"$(field "$row" message_id)"

sink_control_clear
sleep "$RETRY_WAIT"
once "c: run after the server accepts again"
row=$(row_of "$(outbox)" "$BRG")
assert_eq "c: the confirmation is sent" sent "$(field "$row" state)"
arrived_once "c: the confirmation arrived exactly once" "$mark" "$id_c"

# ============================================================================
# d. errors after the end of DATA: outcome unknown, retried, same Message-ID
# ============================================================================

# after_data PART MODE WHICH TO: one registration, the sink fails its
# confirmation after reading the whole DATA (MODE fail_after_data: 451;
# drop_after_data: no reply at all), then a retry.
after_data() {
	local p=$1 mode=$2 which=$3 to=$4 row id faulted
	fresh_state "$p"
	deliver "$(registration "$p" "$which")" || bail "$p: deliver $which"
	sink_control "{\"$mode\": 1}" || bail "$p: sink_control"
	mark=$(spool_last)
	once "$p: hercertd --once, the server fails after DATA ($mode)"
	row=$(row_of "$(outbox)" "$to")
	id=$(field "$row" message_id)
	faulted=$(faults_for "$mode: ")
	assert_eq "$p: the server took the whole message once and failed it ($mode)" 1 \
		"$(sink_faults | grep -F "$mode: " | grep -cF -- "message-id=$id")"
	assert_eq "$p: the fault is used up" 0 \
		"$(sink_control_get | json_q 'd.get(a[0])' "$mode" 2>&1)"
	assert_eq "$p: the confirmation still waits (queued: outcome unknown)" queued \
		"$(field "$row" state)"
	assert_eq "$p: one attempt" 1 "$(field "$row" attempts)"
	assert_ne "$p: last_error says what happened" null "$(field "$row" last_error)"
	[ "$mode" = fail_after_data ] &&
		assert_match "$p: last_error shows the server's 451" \
			"$(field "$row" last_error)" '451'
	assert_eq "$p: nothing arrived yet" 0 "$(spool_count "$mark")"

	sleep "$RETRY_WAIT"
	once "$p: hercertd --once retries"
	row=$(row_of "$(outbox)" "$to")
	assert_eq "$p: the confirmation is sent" sent "$(field "$row" state)"
	assert_eq "$p: two attempts in all" 2 "$(field "$row" attempts)"
	assert_eq "$p: retried with the same Message-ID" "$id" "$(field "$row" message_id)"
	arrived_once "$p: the confirmation arrived exactly once, with that Message-ID" \
		"$mark" "$id"
	assert_eq "$p: no other fault was injected" "$faulted" "$(faults_for "$mode: ")"
	assert_eq "$p: nothing else arrived" 1 "$(spool_count "$mark")"
	sink_control_clear
}

after_data d451 fail_after_data brg-jan "$BRG"
after_data ddrop drop_after_data wld-jan "$WLD"

# ============================================================================

elapsed=$((SECONDS - START))
echo "# outbox scenarios took ${elapsed}s after the lab started"
if [ "$elapsed" -lt 60 ]; then pass "the whole test stays under 60 s"
else fail "the whole test stays under 60 s" "took ${elapsed}s"; fi

finish
