#!/bin/bash
# SPDX-License-Identifier: ISC
# End-to-end test of the walking skeleton: registration ("aanmelding") mails
# in the shared mailbox of a real Dovecot, replies through a real SMTP sink.
#
#  1. master data import; status lists every audit date, nothing registered
#  2. rejections: unknown sender (no reply), a date that is no audit date,
#     three schools -> aanmelding-afgewezen, all moved out of INBOX
#  3. a valid registration -> exactly one aanmelding-bevestigd reply
#  4. a second run sends nothing
#  5. crash safety: three registrations, hercertd SIGKILLed at random
#     moments, then run to completion -> each confirmation exactly once
#
# Clock: HERCERT_NOW=2022-12-05T09:00:00+01:00 (26 januari 2023 still open).
. "$(dirname "$0")/lib.sh"

FIX=$DATA/integration
BOC=boc@bestuur-brg.nl

require_binaries
lab_up
write_config

# --- 1. master data ------------------------------------------------------------

for kind in besturen scholen auditoren auditdata; do
	assert_run "import $kind.csv" run_hercertctl import "$DATA/masterdata/$kind.csv"
done

status=$(run_hercertctl status --json)
assert_eq "status --json lists the four audit dates" \
	'["2022-11-01","2023-01-26","2023-03-28","2023-06-22"]' \
	"$(json_q 'sorted(a["date"] for a in d["audit_dates"])' <<<"$status" 2>&1)"
assert_eq "status --json: nothing registered yet" 0 \
	"$(json_q 'sum(len(a["registrations"]) for a in d["audit_dates"])' <<<"$status" 2>&1)"

# --- shared checks ---------------------------------------------------------------

# check_reply NAME FILE KIND IN_REPLY_TO: the common shape of a reply to the BOC
check_reply() {
	local name=$1 f=$2 kind=$3 irt=$4
	assert_eq "$name: X-Hercert-Kind" "$kind" "$(mail_header "$f" X-Hercert-Kind)"
	assert_eq "$name: Auto-Submitted" auto-replied "$(mail_header "$f" Auto-Submitted)"
	assert_eq "$name: In-Reply-To" "$irt" "$(mail_header "$f" In-Reply-To)"
	assert_contains "$name: References" "$(mail_header "$f" References)" "$irt"
	assert_match "$name: Message-ID" "$(mail_header "$f" Message-ID)" '^<[^<>@ ]+@[^<>@ ]+>$'
	assert_ne "$name: Message-ID is new" "$irt" "$(mail_header "$f" Message-ID)"
	assert_match "$name: Date" "$(mail_header "$f" Date)" '[0-9]{4} [0-9]{2}:[0-9]{2}'
	assert_contains "$name: From" "$(mail_header "$f" From)" partnerschap@hsmarnix.nl
	assert_contains "$name: To" "$(mail_header "$f" To)" "$BOC"
	assert_eq "$name: envelope recipient" "$BOC" "$(mail_rcpts "$f")"
	assert_match "$name: Subject mentions the registration" \
		"$(mail_header "$f" Subject)" 'aanmeld'
}

# message_entry SUBJECT: the messages --json entry for that subject
message_entry() {
	run_hercertctl messages --json |
		json_q '([m for m in d if (m.get("subject") or "").strip() == a[0]] or [None])[-1]' "$1"
}

# one_reply NAME SINCE KIND MSGID: sets REPLY to the path of the single
# matching reply, or to "" (and reports a failure) when there is not
# exactly one.
one_reply() {
	local found n
	REPLY=
	found=$(spool_find "$2" "$3" "$4" "")
	n=$(count_lines <<<"$found")
	if [ "$n" = 1 ]; then
		pass "$1: exactly one $3 reply"
		REPLY=$found
	else
		fail "$1: exactly one $3 reply" "found $n" "$(spool_summary "$2")"
	fi
}

# --- 2. rejections -------------------------------------------------------------

unknown=$FIX/aanmelding-onbekende-afzender.eml
nodate=$FIX/aanmelding-geen-auditdatum.eml
three=$FIX/aanmelding-drie-scholen.eml
unknown_id=$(message_id "$unknown")
nodate_id=$(message_id "$nodate")
three_id=$(message_id "$three")

for f in "$unknown" "$nodate" "$three"; do
	deliver "$f" || bail "deliver $(basename "$f")"
done
assert_eq "three mails wait in INBOX" 3 "$(imap_count partnerschap INBOX)"

mark=$(spool_last)
assert_run "hercertd --once (rejections)" run_hercertd --once

assert_eq "rejections: INBOX is empty" 0 "$(imap_count partnerschap INBOX)"
assert_eq "unknown sender: moved to Hercert/Onbekend" 1 \
	"$(imap_count partnerschap Hercert/Onbekend)"
assert_contains "unknown sender: the one in Hercert/Onbekend" \
	"$(imap list partnerschap Hercert/Onbekend 2>&1)" "$(mail_subject_of "$unknown")"
assert_eq "rejected registrations: moved to Hercert/Aanmelding" 2 \
	"$(imap_count partnerschap Hercert/Aanmelding)"

assert_eq "unknown sender: no reply at all" 0 \
	"$( (spool_find "$mark" "" "$unknown_id" ""; spool_find "$mark" "" "" p.smit1978@gmail.com) | count_lines)"

one_reply "no audit date" "$mark" aanmelding-afgewezen "$nodate_id"
f=$REPLY
if [ -n "$f" ]; then
	check_reply "no audit date" "$f" aanmelding-afgewezen "$nodate_id"
	body=$(mail_body "$f")
	assert_match "no audit date: body names the date" "$body" '27 januari 2023|27-01-2023|2023-01-27'
	assert_match "no audit date: body gives the reason" "$body" 'audit ?dat|geen (audit|geldige)|niet .*(audit|datum)'
fi

one_reply "three schools" "$mark" aanmelding-afgewezen "$three_id"
f=$REPLY
if [ -n "$f" ]; then
	check_reply "three schools" "$f" aanmelding-afgewezen "$three_id"
	assert_match "three schools: body names the count rule" "$(mail_body "$f")" \
		'(2|twee) of (4|vier)'
fi

assert_eq "rejections: nothing else went to the BOC" 2 \
	"$(spool_find "$mark" "" "" "$BOC" | count_lines)"
assert_eq "rejections: the sink user got the replies over IMAP" 2 \
	"$(imap list sink INBOX 2>&1 | grep -ci 'aanmeld')"

entry=$(message_entry "$(mail_subject_of "$unknown")")
assert_eq "messages --json: unknown sender" \
	'["unknown","ignored","Hercert/Onbekend"]' \
	"$(json_q '[d["role"], d["outcome"], d["folder"]]' <<<"$entry" 2>&1)"
assert_contains "messages --json: unknown sender's from" \
	"$(json_q 'd["from"]' <<<"$entry" 2>&1)" p.smit1978@gmail.com

entry=$(message_entry "$(mail_subject_of "$nodate")")
assert_eq "messages --json: no audit date" \
	'["aanmelding","boc","rejected","Hercert/Aanmelding"]' \
	"$(json_q '[d["class"], d["role"], d["outcome"], d["folder"]]' <<<"$entry" 2>&1)"
assert_match "messages --json: no audit date has a reason" \
	"$(json_q 'd["reason"] or ""' <<<"$entry" 2>&1)" '[a-z]{3}'

entry=$(message_entry "$(mail_subject_of "$three")")
assert_eq "messages --json: three schools" \
	'["aanmelding","boc","rejected","Hercert/Aanmelding"]' \
	"$(json_q '[d["class"], d["role"], d["outcome"], d["folder"]]' <<<"$entry" 2>&1)"
assert_match "messages --json: three schools' reason names the count" \
	"$(json_q 'd["reason"] or ""' <<<"$entry" 2>&1)" '(2|twee) of (4|vier)'

assert_eq "status --json: still nothing registered" 0 \
	"$(run_hercertctl status --json | json_q 'sum(len(a["registrations"]) for a in d["audit_dates"])' 2>&1)"

# --- 3. a valid registration ---------------------------------------------------

reg=$FIX/aanmelding-brg-2023-01-26.eml
reg_id=$(message_id "$reg")
deliver "$reg" || bail "deliver $(basename "$reg")"

mark=$(spool_last)
assert_run "hercertd --once (registration)" run_hercertd --once

assert_eq "registration: INBOX is empty" 0 "$(imap_count partnerschap INBOX)"
assert_eq "registration: moved to Hercert/Aanmelding" 3 \
	"$(imap_count partnerschap Hercert/Aanmelding)"
assert_contains "registration: the one in Hercert/Aanmelding" \
	"$(imap list partnerschap Hercert/Aanmelding 2>&1)" "$(mail_subject_of "$reg")"

one_reply "registration" "$mark" aanmelding-bevestigd "$reg_id"
f=$REPLY
if [ -n "$f" ]; then
	check_reply "registration" "$f" aanmelding-bevestigd "$reg_id"
	body=$(mail_body "$f")
	assert_contains "registration: body names OBS De Regenboog" "$body" "OBS De Regenboog"
	assert_contains "registration: body names CBS De Wegwijzer" "$body" "CBS De Wegwijzer"
	assert_contains "registration: body names the date" "$body" "donderdag 26 januari 2023"
fi
assert_eq "registration: exactly one mail to the BOC" 1 \
	"$(spool_find "$mark" "" "" "$BOC" | count_lines)"

# The same reply, read back over IMAP from the catch-all user.
raw=
for uid in $(imap list sink INBOX 2>/dev/null | cut -f1); do
	m=$(imap fetch sink INBOX "$uid" 2>&1)
	case "$m" in *"$reg_id"*) raw=$m ;; esac
done
assert_match "registration: reply readable over IMAP as sink" "$raw" \
	'^X-Hercert-Kind: aanmelding-bevestigd'

status=$(run_hercertctl status --json)
assert_eq "status --json: 26 januari 2023 has 12AB and 34CD" \
	'[["12AB","OBS De Regenboog","BRG","aangemeld"],["34CD","CBS De Wegwijzer","BRG","aangemeld"]]' \
	"$(json_q 'sorted([r["brin"], r["school"], r["board"], r["state"]] for a in d["audit_dates"] if a["date"] == "2023-01-26" for r in a["registrations"])' <<<"$status" 2>&1)"
assert_eq "status --json: the other dates are empty" 0 \
	"$(json_q 'sum(len(a["registrations"]) for a in d["audit_dates"] if a["date"] != "2023-01-26")' <<<"$status" 2>&1)"

entry=$(message_entry "$(mail_subject_of "$reg")")
assert_eq "messages --json: registration" \
	'["aanmelding","boc","accepted","Hercert/Aanmelding"]' \
	"$(json_q '[d["class"], d["role"], d["outcome"], d["folder"]]' <<<"$entry" 2>&1)"
assert_contains "messages --json: registration's from" \
	"$(json_q 'd["from"]' <<<"$entry" 2>&1)" "$BOC"

# --- 4. idempotence ------------------------------------------------------------

before=$(spool_last)
sink_before=$(imap_count sink INBOX)
assert_run "hercertd --once (nothing new)" run_hercertd --once
assert_eq "second run: nothing sent" 0 "$(spool_count "$before")"
assert_eq "second run: sink INBOX unchanged" "$sink_before" "$(imap_count sink INBOX)"
assert_eq "second run: Hercert/Aanmelding unchanged" 3 \
	"$(imap_count partnerschap Hercert/Aanmelding)"

# --- 5. crash safety -------------------------------------------------------------
# Per round: a fresh state directory (a new installation on the same mailbox)
# and three registrations.  hercertd is SIGKILLed after growing delays
# (10 ms steps plus jitter, so the kills sweep start-up, intake, the moves
# and the outbox) until one run completes; then it runs to completion.
#
# "Exactly once" is judged by Message-ID: each registration must get one
# confirmation (one Message-ID; the daemon derives it deterministically).
# The same Message-ID arriving twice is the SMTP window no client can close
# (killed after the server took the mail, before the 250 was read and
# recorded; RELIABILITY.md (a) 2 allows at most one per injected crash),
# so copies are reported and bounded by the number of kills, not forbidden.
# HERCERT_IT_STRICT_ONCE=1 forbids them too; HERCERT_IT_CRASH_ROUNDS=N
# repeats the round N times (default 1).

crash_mails=("$FIX/crash-aanmelding-brg-2023-01-26.eml"
	     "$FIX/crash-aanmelding-brg-2023-03-28.eml"
	     "$FIX/crash-aanmelding-wld-2023-01-26.eml")
ROUNDS=${HERCERT_IT_CRASH_ROUNDS:-1}
in_aanmelding=3

crash_round() {
	local r=$1 p=crash kind f id mark kills=0 completed=0 bad_exit='' attempt
	local delay pid rc log ids n copies=0 before
	[ "$ROUNDS" -gt 1 ] && p="crash[$r]"

	write_config "$LAB_DIR/hercert-crash$r.conf" "$LAB_DIR/hercert-crash$r-state"
	for kind in besturen scholen auditoren auditdata; do
		assert_run "$p: import $kind.csv" run_hercertctl import "$DATA/masterdata/$kind.csv"
	done
	for f in "${crash_mails[@]}"; do
		deliver "$f" || bail "$p: deliver $(basename "$f")"
	done
	assert_eq "$p: three mails wait in INBOX" 3 "$(imap_count partnerschap INBOX)"

	mark=$(spool_last)
	for attempt in $(seq 1 40); do
		delay=$(printf '%d.%03d' $((attempt / 100)) $((attempt % 100 * 10 + RANDOM % 10)))
		RUN_SEQ=$((RUN_SEQ + 1))
		log=$LAB_DIR/log/hercertd.$RUN_SEQ.log
		echo "\$ hercertd -c $CONF --once  (SIGKILL after ${delay}s)" >"$log"
		"$HERCERTD" -c "$CONF" --once </dev/null >>"$log" 2>&1 &
		pid=$!
		sleep "$delay"
		kill -KILL "$pid" 2>/dev/null
		{ wait "$pid"; } 2>/dev/null
		rc=$?
		echo "# exit $rc" >>"$log"
		if [ $rc -eq 137 ]; then
			kills=$((kills + 1))
		else
			[ $rc -eq 0 ] || bad_exit="$bad_exit $rc"
			completed=1
			break
		fi
	done
	echo "# $p: $kills run(s) killed (last after ${delay}s), then $([ $completed = 1 ] && echo "one completed (exit $rc)" || echo "none completed")"
	assert_eq "$p: interrupted runs exited only by SIGKILL or with 0" "" "$bad_exit"
	if [ "$kills" -gt 0 ]; then
		pass "$p: hercertd was killed $kills time(s) before a run completed"
	else
		fail "$p: hercertd was killed at least once" \
			"the first run completed within 10 ms: nothing was tested"
	fi
	assert_run "$p: hercertd --once to completion" run_hercertd --once

	for f in "${crash_mails[@]}"; do
		id=$(message_id "$f")
		ids=$(spool_find "$mark" aanmelding-bevestigd "$id" "" |
			while read -r m; do mail_header "$m" Message-ID; done)
		n=$(count_lines <<<"$ids")
		assert_eq "$p: $(basename "$f" .eml) confirmed (one Message-ID)" 1 \
			"$(sort -u <<<"$ids" | count_lines)"
		if [ "$n" -gt 1 ]; then
			echo "# $p: $(basename "$f" .eml): the same confirmation arrived $n times"
			copies=$((copies + n - 1))
		fi
	done
	if [ "${HERCERT_IT_STRICT_ONCE:-0}" = 1 ]; then
		assert_eq "$p: no confirmation arrived twice" 0 "$copies"
	elif [ "$copies" -le "$kills" ]; then
		pass "$p: duplicate copies ($copies) within one per kill ($kills)"
	else
		fail "$p: duplicate copies ($copies) within one per kill ($kills)" \
			"$(spool_summary "$mark")"
	fi
	assert_eq "$p: no rejections" 0 \
		"$(spool_find "$mark" aanmelding-afgewezen "" "" | count_lines)"
	assert_eq "$p: INBOX is empty" 0 "$(imap_count partnerschap INBOX)"
	in_aanmelding=$((in_aanmelding + 3))
	assert_eq "$p: Hercert/Aanmelding holds each mail once" "$in_aanmelding" \
		"$(imap_count partnerschap Hercert/Aanmelding)"
	assert_eq "$p: status --json has the six registrations" \
		'[["2023-01-26","12AB"],["2023-01-26","34CD"],["2023-01-26","91KL"],["2023-01-26","92MN"],["2023-03-28","56EF"],["2023-03-28","78GH"]]' \
		"$(run_hercertctl status --json | json_q 'sorted([a["date"], r["brin"]] for a in d["audit_dates"] for r in a["registrations"] if r["state"] == "aangemeld")' 2>&1)"

	before=$(spool_last)
	assert_run "$p: one more run" run_hercertd --once
	assert_eq "$p: one more run sends nothing" 0 "$(spool_count "$before")"
}

for round in $(seq 1 "$ROUNDS"); do
	crash_round "$round"
done

finish
