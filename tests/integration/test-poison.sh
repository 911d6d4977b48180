#!/bin/bash
# SPDX-License-Identifier: ISC
# Poison and oversized mail (RELIABILITY.md (a) 1, (d) 10):
#
#  1. A registration whose processing fails every time: the daemon runs with
#     a copy of the templates without "aanmelding-bevestigd", so the
#     confirmation cannot be rendered and the transaction rolls back.  Runs
#     1-3 each count a failure and answer nothing; run 4 sets the mail aside
#     (outcome set-aside, reason "na 3 mislukte pogingen ..." naming the
#     missing template, moved to Hercert/Onbekend) and sends nothing for it.
#     A healthy mail (a rejection, whose template is there) waits behind it:
#     a failure stops the batch, because processing a later UID would raise
#     the last processed UID past the failed one, which would then never be
#     listed again (UID SEARCH UID last+1:*).  So the healthy mail is only
#     answered in run 4, once the poison mail is set aside, and only once.
#  2. A mail over [limits] max_message_size (64K here) is set aside in its
#     first run ("te groot"), moved to Hercert/Onbekend, never fetched (the
#     IMAP session reads 0 body bytes) and no attempt is counted.
. "$(dirname "$0")/lib.sh"

FIX=$DATA/integration

require_binaries
lab_up
EXTRA_CONFIG=$'[limits]\nmax_message_size = 64K'
write_config
for kind in besturen scholen auditoren auditdata; do
	assert_run "import $kind.csv" run_hercertctl import "$DATA/masterdata/$kind.csv"
done
TEMPLATES=$LAB_DIR/templates
cp -R "$TOP/templates" "$TEMPLATES"
rm -rf "$TEMPLATES/aanmelding-bevestigd"
sed -i "s#^templates_dir = .*#templates_dir = $TEMPLATES#" "$CONF"
DB=$LAB_DIR/hercert-state/hercert.db

poison=$FIX/aanmelding-brg-2023-01-26.eml	# accepted: needs the confirmation
healthy=$FIX/aanmelding-geen-auditdatum.eml	# rejected: aanmelding-afgewezen
poison_id=$(message_id "$poison")
healthy_id=$(message_id "$healthy")

# entry UID EXPR: EXPR on the messages --json entry of that INBOX UID (a
# set-aside mail has no subject or Message-ID recorded)
entry() {
	run_hercertctl messages --json |
		json_q '(lambda m: eval(a[1], {"m": m}))(([m for m in d if m["key"].endswith(";UID=" + a[0])] or [None])[-1])' "$1" "$2"
}
attempts() { sqlite3 "$DB" "SELECT coalesce(sum(failures), 0) || '/' || count(*) FROM attempts WHERE key LIKE '%;UID=$1'" 2>&1; }

# --- 1. poison mail ---------------------------------------------------------------
deliver "$poison" || bail "deliver poison"
deliver "$healthy" || bail "deliver healthy"
assert_eq "poison (UID 1) and healthy mail (UID 2) wait" "1 2" \
	"$(imap list partnerschap INBOX | cut -f1 | xargs)"

mark=$(spool_last)
for run in 1 2 3; do
	run_hercertd --once
	assert_match "run $run: the failure is logged with the missing template" \
		"$(cat "$LAST_LOG")" 'UID=1: not processed \(attempt '"$run"'\):.*aanmelding-bevestigd'
	assert_eq "run $run: failures counted for UID 1 (failures/rows)" "$run/1" "$(attempts 1)"
	assert_eq "run $run: nothing sent" 0 "$(spool_count "$mark")"
	assert_eq "run $run: both mails still in INBOX" 2 "$(imap_count partnerschap INBOX)"
	assert_eq "run $run: nothing recorded yet" 0 \
		"$(run_hercertctl messages --json | json_q 'len(d)' 2>&1)"
done

run_hercertd --once
assert_match "run 4: UID 1 set aside" "$(cat "$LAST_LOG")" 'UID=1: set aside: na 3 mislukte pogingen'
subject=$(mail_subject_of "$poison")
assert_eq "run 4: messages --json: outcome and folder" '["set-aside","Hercert/Onbekend"]' \
	"$(entry 1 '[m["outcome"], m["folder"]]' 2>&1)"
reason=$(entry 1 'm["reason"]' 2>&1)
assert_match "run 4: reason starts with 'na 3 mislukte pogingen'" "$reason" '^na 3 mislukte pogingen'
assert_contains "run 4: reason names the missing template" "$reason" aanmelding-bevestigd
diag "set-aside reason: $reason"
assert_eq "run 4: attempts row cleared" "0/0" "$(attempts 1)"
assert_eq "run 4: poison mail in Hercert/Onbekend (IMAP)" 1 "$(imap_count partnerschap Hercert/Onbekend)"
assert_contains "run 4: the one in Hercert/Onbekend is the poison mail" \
	"$(imap list partnerschap Hercert/Onbekend 2>&1)" "$subject"
assert_eq "run 4: no reply to the poison mail" 0 \
	"$(spool_find "$mark" "" "$poison_id" "" | count_lines)"
assert_eq "run 4: healthy mail answered once (after waiting behind UID 1)" 1 \
	"$(spool_find "$mark" aanmelding-afgewezen "$healthy_id" "" | count_lines)"
assert_eq "run 4: exactly one mail sent" 1 "$(spool_count "$mark")"
assert_eq "run 4: healthy mail rejected, in Hercert/Aanmelding" '["rejected","Hercert/Aanmelding"]' \
	"$(entry 2 '[m["outcome"], m["folder"]]' 2>&1)"
assert_eq "run 4: INBOX is empty" 0 "$(imap_count partnerschap INBOX)"

mark=$(spool_last)
assert_run "run 5: hercertd --once" run_hercertd --once
assert_eq "run 5: nothing sent" 0 "$(spool_count "$mark")"

# --- 2. a mail over max_message_size ------------------------------------------------
big=$LAB_DIR/aanmelding-te-groot.eml
"$PY" - "$FIX/crash-aanmelding-brg-2023-03-28.eml" "$big" <<'PYEOF'
import sys
src, dst = sys.argv[1], sys.argv[2]
raw = open(src, "rb").read()
head, body = raw.split(b"\n\n", 1)
head = b"\n".join(b"Message-ID: <te-groot.1@bestuur-brg.nl>" if l.lower().startswith(b"message-id:") else l
                  for l in head.split(b"\n"))
pad = b"".join(b"Bijlage regel %05d: " % i + b"x" * 60 + b"\n" for i in range(1200))
open(dst, "wb").write(head + b"\n\n" + body + b"\n" + pad)
PYEOF
size=$(stat -c %s "$big")
diag "oversized mail: $size bytes (limit 64K = 65536)"
assert_eq "oversized mail is between 64K and 128K" yes \
	"$([ "$size" -gt 65536 ] && [ "$size" -lt 131072 ] && echo yes || echo "no ($size)")"
deliver "$big" || bail "deliver oversized mail"

logmark=$(wc -l <"$LAB_DIR/log/dovecot.log")
mark=$(spool_last)
run_hercertd --once
assert_match "te groot: set aside in the first run" "$(cat "$LAST_LOG")" 'UID=3: set aside: te groot'
# The daemon's IMAP session logs out before it exits; Dovecot logs the
# totals (body_bytes = bytes sent for BODY[] fetches) when it sees that.
session=
for _ in $(seq 1 40); do
	session=$(tail -n +"$((logmark + 1))" "$LAB_DIR/log/dovecot.log" |
		grep 'imap(partnerschap).*Disconnected' | tail -n 1)
	[ -n "$session" ] && break
	sleep 0.05
done
assert_match "te groot: the body was never fetched" "$session" 'body_count=0 body_bytes=0'
assert_eq "te groot: messages --json: outcome and folder" '["set-aside","Hercert/Onbekend"]' \
	"$(entry 3 '[m["outcome"], m["folder"]]' 2>&1)"
reason=$(entry 3 'm["reason"]' 2>&1)
assert_match "te groot: reason" "$reason" '^te groot: [0-9]+ bytes, over max_message_size 65536'
diag "te groot reason: $reason"
assert_eq "te groot: no attempt counted" "0/0" "$(attempts 3)"
assert_eq "te groot: moved to Hercert/Onbekend" 2 "$(imap_count partnerschap Hercert/Onbekend)"
assert_eq "te groot: INBOX is empty" 0 "$(imap_count partnerschap INBOX)"
assert_eq "te groot: nothing sent" 0 "$(spool_count "$mark")"
assert_eq "te groot: no registration made" 0 \
	"$(run_hercertctl status --json | json_q 'sum(len(a["registrations"]) for a in d["audit_dates"])' 2>&1)"
finish
