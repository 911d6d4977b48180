#!/bin/bash
# SPDX-License-Identifier: ISC
# The whole procedure, travelling through time with HERCERT_NOW: hercertd
# --once on a Maildir with a Maildir outbox, twelve schools of three boards
# on three audit dates (tests/data/procedure).
#
#  1. registration; reminders on D-28 and D-23 only for incomplete
#     bundles; late at the end of D-21 (BOC and coordinator), complete
#     after all;
#  2. after D-21: a table of 2 + 2 with an auditor without ties, the
#     bundles to the auditor with the documents attached;
#  3. the auditor's checklists: read, answered, a school with three
#     criteria missing not invited (BOC and coordinator), an unreadable one
#     escalated; the table's documents to every participant, each with the
#     two schools of the other board to read;
#  4. reflection reminder on D+1, reflections in, certificates (a PDF)
#     to the school and the BOC, valid six years; late after D+7;
#  5. D-7 escalation of a table not checked; the coordinator's verdicts
#     let it go out;
#  6. the digest on a day with three dates, the twelve schools in their
#     states and what waits for a human (make digest-preview photographs
#     it); hercertctl status and school show the same;
#  7. nothing happens twice when hercertd runs again; 12 months before the
#     new certificate runs out the BOC is reminded;
#  8. late_policy = refuse, schools left without a table, hercertctl assign
#     and withdraw.
. "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hercert-procedure.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
DIGEST_TIME=07:00 write_maildir_config "$WORK"
MD=$TOP/tests/data/procedure
"$HERCERTCTL" -c "$CONF" import "$MD"/besturen.csv "$MD"/scholen.csv \
	"$MD"/auditoren.csv "$MD"/auditdata.csv >/dev/null ||
	bail "import master data" "hercertctl import failed"
N=0
NOA=a.mulder@noorderlicht.nl
ZUI=b.visser@zuiderzon.nl
WST=c.dekker@westerwind.nl
COORD=coordinator@lab.test

outbox() { "$HERCERTCTL" -c "$CONF" outbox --json; }
# sent KIND [TO]: how many mails of a kind (to an address) were queued
sent() {
	outbox | json_q 'len([o for o in d if o["kind"] == a[0] and
	    (len(a) < 2 or o["to"] == a[1])])' "$@"
}
# to KIND: the recipients of a kind, sorted, space-separated
to() {
	outbox | json_q '" ".join(sorted(o["to"] for o in d if o["kind"] == a[0]))' "$1"
}
status() { "$HERCERTCTL" -c "$CONF" status --json; }
# field BRIN KEY: a registration's field in status --json
field() {
	status | json_q '[r for x in d["audit_dates"] for r in x["registrations"]
	    if r["brin"] == a[0]][0][a[1]]' "$1" "$2"
}
# mailfile KIND TO: the newest mail of a kind to an address in the outbox
mailfile() {
	grep -lE "^X-Hercert-Kind: $1.?\$" $(grep -l -i "^To:.*$2" \
		"$WORK"/out/new/* 2>/dev/null) 2>/dev/null | tail -n 1
}
# body FILE: the decoded text part; attachments FILE: names, one per line
body() {
	"$PY" - "$1" <<'PY'
import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                   policy=email.policy.default)
print(m.get_body(preferencelist=("plain",)).get_content())
PY
}
attachments() {
	"$PY" - "$1" <<'PY'
import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                   policy=email.policy.default)
for p in m.iter_attachments():
    print(p.get_filename())
PY
}

ALL_JA='Checklist audit hercertificering|Criterium|Teruggevonden|1|ja|2a|ja|2b|ja|2c|ja|2d|ja|3|ja|4|ja'
THREE_NEE='Checklist audit hercertificering|1|ja|2a|nee|2b|nee|2c|ja|2d|nee|3|ja|4|ja'
ONE_NEE='Checklist audit hercertificering|1|ja|2a|ja|2b|ja|2c|nee|2d|ja|3|ja|4|ja'

# --- 1. registrations for three dates -----------------------------------------
mail "$NOA" "Aanmelding hercertificering 26 januari 2023" \
	"Graag OBS De Vlinder en CBS De Zeppelin."
mail "$ZUI" "Aanmelding hercertificering 26 januari 2023" \
	"Wij melden OBS De Toren en RKBS De Zonnewijzer aan."
mail "$NOA" "Aanmelding hercertificering 14 februari 2023" \
	"OBS Het Anker en CBS De Schakel."
mail "$WST" "Aanmelding hercertificering 14 februari 2023" \
	"OBS De Wilg en PCBS Het Kompas."
mail "$ZUI" "Aanmelding hercertificering 28 maart 2023" \
	"OBS De Horizon en CBS Het Baken."
mail "$WST" "Aanmelding hercertificering 28 maart 2023" \
	"OBS De Molen en CBS De Driehoek."
run_at 2022-12-01T10:00:00+01:00
assert_eq "six registrations confirmed" 6 "$(sent aanmelding-bevestigd)"
assert_eq "status: twelve schools registered" 12 \
	"$(status | json_q 'sum(len(x["registrations"]) for x in d["audit_dates"])')"

# --- documents for 26 January; reminders only where something is missing ----
mail "$NOA" "Documenten De Vlinder en De Zeppelin" "Hierbij." \
	"Schooldocument OBS De Vlinder.pdf" "Teamverslag OBS De Vlinder.pdf" \
	"Pre-advies OBS De Vlinder.pdf" "Schooldocument CBS De Zeppelin.pdf" \
	"Teamverslag CBS De Zeppelin.pdf" "Pre-advies CBS De Zeppelin.pdf"
mail "$ZUI" "Documenten De Toren en De Zonnewijzer" "Hierbij." \
	"Schooldocument OBS De Toren.pdf" "Teamverslag OBS De Toren.pdf" \
	"Pre-advies OBS De Toren.pdf" "Schooldocument De Zonnewijzer.pdf" \
	"Teamverslag De Zonnewijzer.pdf"
run_at 2022-12-28T10:00:00+01:00
assert_eq "no reminder before D-28" 0 "$(sent documenten-herinnering)"
run_at 2022-12-29T07:30:00+01:00
assert_eq "D-28: one reminder, for the incomplete bundle" 1 \
	"$(sent documenten-herinnering "$ZUI")"
f=$(mailfile documenten-herinnering "$ZUI")
assert_contains "the reminder names what is missing" "$(body "$f")" "pre-advies"
assert_contains "... and the school" "$(body "$f")" "RKBS De Zonnewijzer"
run_at 2022-12-29T18:00:00+01:00
assert_eq "the same day again: still one reminder" 1 \
	"$(sent documenten-herinnering)"
run_at 2023-01-03T07:30:00+01:00
assert_eq "D-23: the second reminder" 2 "$(sent documenten-herinnering "$ZUI")"

# --- end of D-21: late; a table and its auditor; bundles to the auditor -----
run_at 2023-01-05T23:00:00+01:00
assert_eq "not late before the day is over" 0 "$(sent documenten-te-laat)"
run_at 2023-01-06T07:30:00+01:00
assert_eq "late: the BOC hears it" 1 "$(sent documenten-te-laat "$ZUI")"
assert_eq "late: the coordinator gets an escalatie" 1 "$(sent escalatie "$COORD")"
assert_eq "a table of 2 + 2" "1 1 1 1" "$(for b in 01NA 02NB 11ZA 12ZB; do
	field $b table; done | xargs)"
assert_eq "its auditor has no ties to either board (academie)" \
	e.vandam@hsmarnix.nl "$(field 01NA auditor)"
assert_eq "the three complete bundles go to the auditor" 3 \
	"$(sent bundel-auditor e.vandam@hsmarnix.nl)"
f=$(grep -l "De Vlinder" $(grep -l "X-Hercert-Kind: bundel-auditor" "$WORK"/out/new/*) | head -n 1)
assert_eq "with the three documents and the checklist format attached" \
	"Checklist OBS De Vlinder.docx Pre-advies OBS De Vlinder.pdf Schooldocument OBS De Vlinder.pdf Teamverslag OBS De Vlinder.pdf" \
	"$(attachments "$f" | sort | xargs)"

mail "$ZUI" "Pre-advies De Zonnewijzer" "Sorry, te laat." \
	"Pre-advies De Zonnewijzer.pdf"
run_at 2023-01-07T10:00:00+01:00
assert_eq "complete after all: the BOC's confirmation" 2 \
	"$(sent documenten-te-laat "$ZUI")"
assert_eq "... and the fourth bundle to the auditor" 4 \
	"$(sent bundel-auditor e.vandam@hsmarnix.nl)"
assert_eq "status: documents complete (late)" "compleet (te laat)" \
	"$(field 12ZB documents)"

# --- 3. the checklists --------------------------------------------------------
mail e.vandam@hsmarnix.nl "Checklists 26 januari" "Hierbij mijn checklists." \
	"Checklist OBS De Vlinder.docx=OBS De Vlinder|$ALL_JA" \
	"Checklist CBS De Zeppelin.docx=CBS De Zeppelin|$THREE_NEE" \
	"Checklist OBS De Toren.docx=OBS De Toren|$ALL_JA" \
	"Checklist De Zonnewijzer.docx=RKBS De Zonnewijzer|$ONE_NEE"
run_at 2023-01-10T10:00:00+01:00
assert_eq "each checklist answered to the auditor" 4 \
	"$(sent checklist-verwerkt e.vandam@hsmarnix.nl)"
assert_eq "verdicts" "uitgenodigd niet-uitgenodigd uitgenodigd uitgenodigd" \
	"$(for b in 01NA 02NB 11ZA 12ZB; do field $b verdict; done | xargs)"
assert_eq "criteria missing" "0 3 0 1" \
	"$(for b in 01NA 02NB 11ZA 12ZB; do field $b criteria_missing; done | xargs)"
assert_eq "not invited: the BOC and the coordinator" \
	"$NOA $COORD" "$(to niet-uitgenodigd)"
f=$(mailfile niet-uitgenodigd "$NOA")
assert_contains "the BOC reads which criteria" "$(body "$f")" "2a"
assert_eq "the table's documents to each participant of the invited schools and the auditor" \
	"a.bal@dezonnewijzer.nl e.vandam@hsmarnix.nl h.koster@devlinder.nl n.hendriks@detoren.nl o.ziani@dezonnewijzer.nl p.mol@detoren.nl s.deboer@devlinder.nl" \
	"$(to deelnemers-documenten)"
f=$(mailfile deelnemers-documenten s.deboer@devlinder.nl)
text=$(body "$f")
assert_contains "the participant reads the other board's schools: De Toren" "$text" "OBS De Toren"
assert_contains "... and De Zonnewijzer" "$text" "RKBS De Zonnewijzer"
assert_not_contains "the school not invited is not at the table" "$text" "CBS De Zeppelin"
assert_eq "with the schooldocument and team report of the three schools" 6 \
	"$(attachments "$f" | count_lines)"
assert_ne "distributed_at is set" null "$(field 01NA distributed_at)"

# --- the other dates meanwhile ---------------------------------------------
mail "$NOA" "Documenten Het Anker en De Schakel" "Hierbij." \
	"Schooldocument OBS Het Anker.pdf" "Teamverslag OBS Het Anker.pdf" \
	"Pre-advies OBS Het Anker.pdf" "Schooldocument CBS De Schakel.pdf" \
	"Teamverslag CBS De Schakel.pdf" "Pre-advies CBS De Schakel.pdf"
mail "$WST" "Documenten De Wilg en Het Kompas" "Hierbij." \
	"Schooldocument OBS De Wilg.pdf" "Teamverslag OBS De Wilg.pdf" \
	"Pre-advies OBS De Wilg.pdf" "Schooldocument PCBS Het Kompas.pdf"
run_at 2023-01-16T10:00:00+01:00
run_at 2023-01-19T07:30:00+01:00
assert_eq "D-7 of 26 January: no escalation, the table went out" 2 \
	"$(sent escalatie "$COORD")"
run_at 2023-01-25T07:30:00+01:00
assert_eq "14 February: the second table, led by the auditor with less load" \
	k.willems@hsmarnix.nl "$(field 03NC auditor)"
# The auditor fills in the format that came with the bundle.
f=$(grep -l "Het Anker" $(grep -l "X-Hercert-Kind: bundel-auditor" "$WORK"/out/new/*) | head -n 1)
"$PY" - "$f" "$WORK/filled.docx" <<'PY'
import io, re, sys, zipfile, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                   policy=email.policy.default)
data = [p for p in m.iter_attachments()
        if p.get_filename().endswith(".docx")][0].get_content()
src = zipfile.ZipFile(io.BytesIO(data))
out = zipfile.ZipFile(sys.argv[2], "w")
for name in src.namelist():
    text = src.read(name)
    if name == "word/document.xml":
        text = re.sub(rb">(1|2a|2b|2c|2d|3|4): <", rb">\1: ja, zie document<",
                      text)
    out.writestr(name, text)
out.close()
PY
mail k.willems@hsmarnix.nl "Checklists 14 februari" "Zie bijlagen." \
	"Checklist OBS Het Anker.docx@$WORK/filled.docx" \
	"Checklist CBS De Schakel.docx=Mijn indruk is positief, graag overleg."
run_at 2023-01-26T10:00:00+01:00
assert_eq "the format from the bundle, filled in, is read" "uitgenodigd 0" \
	"$(field 03NC verdict) $(field 03NC criteria_missing)"
assert_eq "an unreadable checklist: verdict onleesbaar" onleesbaar \
	"$(field 04ND verdict)"
f=$(grep -l "Checklist niet leesbaar" "$WORK"/out/new/* | head -n 1)
assert_ok "... escalated to the coordinator" test -n "$f"

# --- 4. reflection ------------------------------------------------------------
run_at 2023-01-27T07:30:00+01:00
assert_eq "D+1: a reflection reminder per board" "$NOA $ZUI" \
	"$(to reflectie-herinnering)"
mail "$NOA" "Reflectie OBS De Vlinder" "Hierbij de reflectie." \
	"Reflectie OBS De Vlinder.pdf"
run_at 2023-01-30T10:00:00+01:00
assert_eq "the reflection is acknowledged" 1 "$(sent reflectie-ontvangen "$NOA")"
assert_eq "the certificate to schoolopleider, director and BOC" \
	"$NOA h.koster@devlinder.nl s.deboer@devlinder.nl" "$(to certificaat)"
assert_eq "valid six years from the audit" 2029-01-26 "$(field 01NA valid_until)"
f=$(mailfile certificaat s.deboer@devlinder.nl)
assert_eq "with the certificate, the checklist and the reflection" \
	"Certificaat hercertificering OBS De Vlinder.pdf|Checklist OBS De Vlinder.docx|Reflectie OBS De Vlinder.pdf" \
	"$(attachments "$f" | sort | paste -sd'|')"
pdf=$(ls "$WORK"/state/archief/2023-01-26/NOA/01NA-*/certificaat/*.pdf 2>/dev/null | head -n 1)
assert_ok "the certificate is kept in the archive" test -s "$pdf"
if command -v pdftotext >/dev/null; then
	ptext=$(pdftotext "$pdf" - 2>&1)
	assert_contains "the certificate names the school" "$ptext" "OBS De Vlinder"
	assert_contains "... and its validity" "$ptext" "26 januari 2029"
fi
mail "$ZUI" "Reflectie De Toren" "Hierbij." "Reflectie OBS De Toren.pdf"
run_at 2023-02-01T10:00:00+01:00
f=$(mailfile reflectie-ontvangen "$ZUI")
assert_contains "the receipt names the reflection still expected" \
	"$(body "$f")" "RKBS De Zonnewijzer"
mail "$ZUI" "Documenten De Horizon" "Hierbij." \
	"Schooldocument OBS De Horizon.pdf" "Teamverslag OBS De Horizon.pdf" \
	"Pre-advies OBS De Horizon.pdf"
mail "ouder@example.org" "Vraag over <b>inschrijving</b>" \
	"Kan mijn dochter op De Wilg komen?"
mail "$WST" "Vraag over de tafel" "Mag onze intern begeleider aanschuiven?"
run_at 2023-02-02T10:00:00+01:00
run_at 2023-02-03T07:30:00+01:00
assert_eq "after D+7: late to the BOC" 1 "$(sent reflectie-te-laat "$ZUI")"
assert_eq "... and escalated to the coordinator" 1 \
	"$(grep -l "Subject: Actie nodig: Reflectie te laat" "$WORK"/out/new/* | count_lines)"

# --- 6. the digest of 3 February: three dates, twelve schools ---------------
assert_eq "a digest each morning (1 December to 3 February, on the days it ran)" \
	17 "$(sent digest "$COORD")"
dg=$(HERCERT_NOW=2023-02-03T07:30:00+01:00 "$HERCERTCTL" -c "$CONF" digest)
printf '%s\n' "$dg" >"$WORK/digest.txt"
# make digest-preview photographs this one
HERCERT_NOW=2023-02-03T07:30:00+01:00 "$HERCERTCTL" -c "$CONF" digest --html \
	>"$WORK/digest.html"
for s in "OBS De Vlinder" "CBS De Zeppelin" "OBS De Toren" \
    "RKBS De Zonnewijzer" "OBS Het Anker" "CBS De Schakel" "OBS De Wilg" \
    "PCBS Het Kompas" "OBS De Horizon" "CBS Het Baken" "OBS De Molen" \
    "CBS De Driehoek"; do
	assert_contains "digest: $s" "$dg" "$s"
done
assert_contains "digest: certified" "$dg" "verstuurd, geldig tot vrijdag 26 januari 2029"
assert_contains "digest: not invited" "$dg" "4 van 7 criteria gevonden, niet uitgenodigd"
assert_contains "digest: invited" "$dg" "7 van 7 criteria gevonden, uitgenodigd"
assert_contains "digest: unreadable" "$dg" "checklist niet leesbaar"
assert_contains "digest: the unreadable checklist waits for a human" "$dg" "CBS De Schakel (04ND)"
assert_contains "digest: the table" "$dg" "tafel 1, met "
assert_contains "digest: the auditor" "$dg" "Erik van Dam"
assert_contains "digest: distributed" "$dg" "Verspreid:   ja"
assert_contains "digest: reflection in" "$dg" "Reflectie:   ontvangen"
assert_contains "digest: late bundle" "$dg" "ontbreekt: teamverslag, preadvies (te laat)"
assert_contains "digest: overdue reflection" "$dg" "reflectieformat"
assert_contains "digest: not yet grouped" "$dg" "nog niet ingedeeld"
assert_contains "digest: the third date" "$dg" "dinsdag 28 maart 2023"
assert_contains "digest: the stranger" "$dg" "ouder@example.org"
assert_contains "digest: the forwarded question" "$dg" "Vraag over de tafel"

# --- 5. D-7 of 14 February; the coordinator decides ------------------------
run_at 2023-02-07T07:30:00+01:00
assert_contains "the digest lists the table not sent as overdue" \
	"$(HERCERT_NOW=2023-02-07T07:30:00+01:00 "$HERCERTCTL" -c "$CONF" digest)" \
	"CBS De Schakel (NOA), documenten naar de deelnemers"
f=$(grep -l "Tafel 1 nog niet verspreid" "$WORK"/out/new/* | head -n 1)
assert_ok "D-7: the table not yet checked is escalated" test -n "$f"
assert_contains "... naming what it waits for" "$(body "$f")" "CBS De Schakel"
assert_ok "hercertctl verdict" "$HERCERTCTL" -c "$CONF" verdict 04ND uitgenodigd
assert_ok "hercertctl verdict (2)" "$HERCERTCTL" -c "$CONF" verdict 21WA uitgenodigd
assert_ok "hercertctl verdict (3)" "$HERCERTCTL" -c "$CONF" verdict 22WB niet-uitgenodigd
out=$("$HERCERTCTL" -c "$CONF" verdict 04ND misschien 2>&1)
assert_contains "a wrong verdict is refused" "$out" "uitgenodigd of niet-uitgenodigd"
out=$("$HERCERTCTL" -c "$CONF" assign 04ND --auditor w.noord@noorderlicht.nl 2>&1)
assert_contains "an auditor with ties is refused" "$out" "banden met bestuur NOA"
before=$(sent deelnemers-documenten)
run_at 2023-02-07T10:00:00+01:00
assert_eq "then the second table goes out" 7 \
	"$(( $(sent deelnemers-documenten) - before ))"

# --- 7. exactly once; the six-year cycle -----------------------------------
n=$(outbox | json_q 'len(d)')
run_at 2023-02-07T10:00:00+01:00
run_at 2023-02-07T11:00:00+01:00
assert_eq "running again sends nothing new" "$n" "$(outbox | json_q 'len(d)')"
tl=$("$HERCERTCTL" -c "$CONF" school 01NA --json)
assert_eq "the school's timeline, in order" \
	"aangemeld|ingedeeld|documenten naar de auditor|checklist ontvangen|documenten naar de deelnemers|reflectie ontvangen|certificaat verstuurd" \
	"$(printf '%s' "$tl" | json_q '"|".join(w for w in ["aangemeld", "ingedeeld",
	    "documenten naar de auditor", "checklist ontvangen",
	    "documenten naar de deelnemers", "reflectie ontvangen",
	    "certificaat verstuurd"] if any(m["what"].startswith(w) for m in d["timeline"]))')"
assert_eq "... in time order" 1 "$(printf '%s' "$tl" | json_q 'int([m["at"] for m in d["timeline"]] == sorted(m["at"] for m in d["timeline"]))')"
assert_contains "hercertctl school by name" \
	"$("$HERCERTCTL" -c "$CONF" school "vlinder")" "certificaat verstuurd"
run_at 2028-01-25T10:00:00+01:00
assert_eq "no renewal notice before 12 months" 0 "$(sent hercertificering-nodig)"
run_at 2028-01-26T07:30:00+01:00
assert_eq "12 months before: the BOCs of the certified schools" "$NOA $ZUI" \
	"$(to hercertificering-nodig)"
run_at 2028-01-27T07:30:00+01:00
assert_eq "once" 2 "$(sent hercertificering-nodig)"

# --- late_policy = refuse; schools without a table; assign; withdraw -------
MAIN=$WORK
WORK=$MAIN/refuse
write_maildir_config "$WORK"
printf '[deadlines]\nlate_policy = refuse\n' >>"$CONF"
"$HERCERTCTL" -c "$CONF" import "$MD"/besturen.csv "$MD"/scholen.csv \
	"$MD"/auditoren.csv "$MD"/auditdata.csv >/dev/null ||
	bail "import master data (refuse)" "hercertctl import failed"
mail "$NOA" "Aanmelding hercertificering 26 januari 2023" \
	"Graag OBS De Vlinder en CBS De Zeppelin."
mail "$ZUI" "Aanmelding hercertificering 26 januari 2023" \
	"Wij melden OBS De Toren en RKBS De Zonnewijzer aan."
mail "$NOA" "Documenten" "Hierbij." \
	"Schooldocument OBS De Vlinder.pdf" "Teamverslag OBS De Vlinder.pdf" \
	"Pre-advies OBS De Vlinder.pdf" "Schooldocument CBS De Zeppelin.pdf" \
	"Teamverslag CBS De Zeppelin.pdf" "Pre-advies CBS De Zeppelin.pdf"
mail "$ZUI" "Documenten De Toren" "Hierbij." \
	"Schooldocument OBS De Toren.pdf" "Teamverslag OBS De Toren.pdf" \
	"Pre-advies OBS De Toren.pdf"
run_at 2022-12-01T10:00:00+01:00
run_at 2023-01-06T07:30:00+01:00
assert_eq "refuse: the late school is not invited" te-laat \
	"$(field 12ZB verdict)"
f=$(mailfile documenten-te-laat "$ZUI")
assert_contains "refuse: the BOC reads it" "$(body "$f")" "niet"
assert_eq "a pair without a partner pair and a lone school: no table" \
	"0 0 0 0" "$(for b in 01NA 02NB 11ZA 12ZB; do field $b table; done | xargs)"
assert_eq "... each escalated (3) besides the late bundle (1)" 4 \
	"$(sent escalatie "$COORD")"
assert_eq "... and no bundle goes out" 0 "$(sent bundel-auditor)"
for b in 01NA 02NB 11ZA; do
	assert_ok "hercertctl assign $b" "$HERCERTCTL" -c "$CONF" assign $b \
		--table 1 --auditor k.willems@hsmarnix.nl
done
run_at 2023-01-06T10:00:00+01:00
assert_eq "assigned by hand: the bundles go to that auditor" 3 \
	"$(sent bundel-auditor k.willems@hsmarnix.nl)"
assert_ok "hercertctl withdraw" "$HERCERTCTL" -c "$CONF" withdraw 12ZB
assert_eq "withdrawn: three schools left for the date" "01NA 02NB 11ZA" \
	"$(status | json_q '" ".join(sorted(r["brin"] for x in d["audit_dates"]
	    for r in x["registrations"]))')"
assert_contains "... on the school's timeline" \
	"$("$HERCERTCTL" -c "$CONF" school 12ZB)" "ingetrokken door de coördinator"
out=$("$HERCERTCTL" -c "$CONF" withdraw 12ZB 2>&1)
assert_contains "withdrawing again says why not" "$out" \
	"voor geen auditdatum aangemeld"
WORK=$MAIN
finish
