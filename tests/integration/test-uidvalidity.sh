#!/bin/bash
# SPDX-License-Identifier: ISC
# A forced UIDVALIDITY change (RELIABILITY.md (a) 7, (d) 6): the daemon
# reads the folder "Intake" ([imap] mailbox = Intake).
#
#  1. two registrations in Intake are answered and moved out;
#  2. Intake is deleted and created again: a new UIDVALIDITY (asserted with
#     doveadm), so every UID the daemon knew is void;
#  3. the two old mails (the same bytes) and two new registrations are
#     APPENDed; the next run answers only the two new ones, records the old
#     ones as "duplicate" (no reply), answers nothing twice, and leaves
#     Intake empty.
. "$(dirname "$0")/lib.sh"

FIX=$DATA/integration
BOX=Intake

require_binaries
lab_up
write_config
sed -i "s#^mailbox = INBOX\$#mailbox = $BOX#" "$CONF"
assert_file_contains "config reads $BOX" "$CONF" "mailbox = $BOX"
for kind in besturen scholen auditoren auditdata; do
	assert_run "import $kind.csv" run_hercertctl import "$DATA/masterdata/$kind.csv"
done

dadm() { doveadm -c "$DOVECOT_CONF" "$@"; }
uidvalidity() { dadm -f flow mailbox status -u partnerschap uidvalidity "$BOX" 2>&1 | sed 's/.*uidvalidity=//'; }
put() { imap append partnerschap "$BOX" "$1" >/dev/null; }

# replies SINCE MSGID: how many replies the sink got for that mail
replies() { spool_find "$1" "" "$2" "" | count_lines; }

old=("$FIX/aanmelding-brg-2023-01-26.eml" "$FIX/crash-aanmelding-wld-2023-01-26.eml")
new=("$FIX/crash-aanmelding-brg-2023-03-28.eml" "$FIX/aanmelding-geen-auditdatum.eml")

# --- 1. two registrations, answered ------------------------------------------------
assert_ok "create $BOX" dadm mailbox create -u partnerschap "$BOX"
for f in "${old[@]}"; do
	put "$f" || bail "append $(basename "$f") to $BOX"
done
assert_eq "two mails wait in $BOX" 2 "$(imap_count partnerschap "$BOX")"
uv1=$(uidvalidity)
assert_match "UIDVALIDITY of $BOX is a number" "$uv1" '^[0-9]+$'

mark0=$(spool_last)
assert_run "hercertd --once (first UIDVALIDITY)" run_hercertd --once
for f in "${old[@]}"; do
	assert_eq "first run: $(basename "$f" .eml) answered once" 1 \
		"$(replies "$mark0" "$(message_id "$f")")"
done
assert_eq "first run: $BOX is empty" 0 "$(imap_count partnerschap "$BOX")"
assert_eq "first run: two accepted, keyed by UIDVALIDITY $uv1" \
	'[["accepted",true],["accepted",true]]' \
	"$(run_hercertctl messages --json | json_q '[[m["outcome"], (";UIDVALIDITY=%s/" % a[0]) in m["key"]] for m in d]' "$uv1" 2>&1)"

# --- 2. delete and recreate the folder ------------------------------------------------
assert_ok "delete $BOX" dadm mailbox delete -u partnerschap "$BOX"
assert_ok "create $BOX again" dadm mailbox create -u partnerschap "$BOX"
uv2=$(uidvalidity)
assert_match "new UIDVALIDITY is a number" "$uv2" '^[0-9]+$'
assert_ne "UIDVALIDITY changed ($uv1 -> $uv2)" "$uv1" "$uv2"
diag "UIDVALIDITY of $BOX: $uv1 -> $uv2"

# --- 3. the old mails again (same bytes) plus two new ones ----------------------------
for f in "${old[@]}" "${new[@]}"; do
	put "$f" || bail "append $(basename "$f") to the new $BOX"
done
assert_eq "four mails wait in the new $BOX" 4 "$(imap_count partnerschap "$BOX")"
assert_eq "the old mails got UIDs 1 and 2 again" "1 2 3 4" \
	"$(imap list partnerschap "$BOX" | cut -f1 | xargs)"

mark1=$(spool_last)
assert_run "hercertd --once (new UIDVALIDITY)" run_hercertd --once
assert_eq "second run: exactly two replies" 2 "$(spool_count "$mark1")"
for f in "${new[@]}"; do
	assert_eq "second run: new $(basename "$f" .eml) answered once" 1 \
		"$(replies "$mark1" "$(message_id "$f")")"
done
for f in "${old[@]}"; do
	assert_eq "second run: old $(basename "$f" .eml) not answered again" 0 \
		"$(replies "$mark1" "$(message_id "$f")")"
	assert_eq "overall: $(basename "$f" .eml) answered exactly once" 1 \
		"$(replies 0 "$(message_id "$f")")"
done
assert_eq "second run: $BOX is empty" 0 "$(imap_count partnerschap "$BOX")"

msgs=$(run_hercertctl messages --json)
for f in "${old[@]}"; do
	assert_eq "messages --json: old $(basename "$f" .eml) under UIDVALIDITY $uv2 is a duplicate" \
		'["duplicate"]' \
		"$(json_q '[m["outcome"] for m in d if (";UIDVALIDITY=%s/" % a[0]) in m["key"] and (m.get("subject") or "").strip() == a[1]]' \
			"$uv2" "$(mail_subject_of "$f")" <<<"$msgs" 2>&1)"
done
for f in "${new[@]}"; do
	assert_match "messages --json: new $(basename "$f" .eml) was answered" \
		"$(json_q '[m["outcome"] for m in d if (";UIDVALIDITY=%s/" % a[0]) in m["key"] and (m.get("subject") or "").strip() == a[1]]' \
			"$uv2" "$(mail_subject_of "$f")" <<<"$msgs" 2>&1)" '^\["(accepted|rejected)"\]$'
done
assert_eq "messages --json: six entries in all" 6 "$(json_q 'len(d)' <<<"$msgs" 2>&1)"

before=$(spool_last)
assert_run "hercertd --once (nothing new)" run_hercertd --once
assert_eq "third run: nothing sent" 0 "$(spool_count "$before")"
finish
