#!/bin/bash
# SPDX-License-Identifier: ISC
# The coordinator's daily digest, through hercertd --once on a Maildir
# with a Maildir outbox and the clock set by HERCERT_NOW:
#
#  1. three audit dates with registered schools, documents complete,
#     incomplete and late, a stranger, a question and a bounced mail: the
#     digest (hercertctl digest, and the mail itself) names each of them;
#  2. one digest a day: not before digest_time, once after it however
#     often hercertd --once runs, again the next day;
#  3. the mail has a plain text and an HTML part; the HTML escapes what
#     came from mail.
. "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hercert-digest.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
DIGEST_TIME=07:00 write_maildir_config "$WORK"
MD=$TOP/examples/masterdata
"$HERCERTCTL" -c "$CONF" import "$MD"/besturen.csv "$MD"/scholen.csv \
	"$MD"/auditoren.csv "$MD"/auditdata.csv >/dev/null ||
	bail "import master data" "hercertctl import failed"
N=0
export MAIL_DATE="Mon, 3 Oct 2022 10:00:00 +0200"

digests() {
	"$HERCERTCTL" -c "$CONF" outbox --json |
		json_q 'len([o for o in d if o["kind"] == "digest"])'
}

BRG=a.devries@bergrivier.nl
WLD=m.hoekstra@stichtingwaterland.nl
KPH=j.bakker@ksheuvelrug.nl

# --- registrations for three audit dates (before digest_time) --------------
mail "$BRG" "Aanmelding hercertificering 1 november 2022" \
	"Graag OBS De Regenboog en CBS De Wegwijzer."
mail "$WLD" "Aanmelding hercertificering dinsdag 1 november 2022" \
	"Wij melden CBS De Morgenster en PCBS Rehoboth aan."
mail "$KPH" "Aanmelding hercertificering 26 januari 2023" \
	"RKBS Sint-Jozef en RKBS Sint Bernardus doen mee."
mail "$BRG" "Aanmelding hercertificering 26 januari 2023" \
	"OBS 't Palet en Basisschool Het Kompas."
mail "$WLD" "Aanmelding hercertificering 28 maart 2023" \
	"OBS De Klimboom en CBS Eben-Haëzer."
run_at 2022-10-03T06:00:00+02:00
assert_eq "no digest before digest_time" 0 "$(digests)"

# --- documents: one school complete, one incomplete -------------------------
mail "$BRG" "Documenten De Regenboog en De Wegwijzer" "Hierbij de documenten." \
	"Schooldocument OBS De Regenboog.pdf" "Teamverslag OBS De Regenboog.pdf" \
	"Pre-advies OBS De Regenboog.pdf" "Schooldocument CBS De Wegwijzer.pdf" \
	"Teamverslag CBS De Wegwijzer.pdf"
mail "ouder@example.org" "Vraag over <b>inschrijving</b>" "Kan mijn zoon <script>x</script> komen?"
mail "$KPH" "Vraag over de auditdag" "Mogen studenten ook bij het gesprek zijn?"
run_at 2022-10-03T06:30:00+02:00

# A bounce of the first confirmation.
msgid=$("$HERCERTCTL" -c "$CONF" outbox --json | json_q 'd[0]["message_id"]')
N=$((N + 1))
cat >"$WORK/in/new/$(printf '%03d' $N).eml" <<EOF
From: Mail Delivery System <MAILER-DAEMON@mx.bergrivier.nl>
To: partnerschap@hsmarnix.nl
Subject: Undelivered Mail Returned to Sender
Message-ID: <bounce.1@mx.bergrivier.nl>
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Type: message/delivery-status

Final-Recipient: rfc822; a.devries@bergrivier.nl
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

--R
Content-Type: text/rfc822-headers

Message-ID: $msgid

--R--
EOF

# --- the day of the digest: 20 October 2022 ---------------------------------
# (D-12 for 1 November: the documents are due, the distribution is near)
run_at 2022-10-20T06:59:00+02:00
assert_eq "not at 06:59 (digest_time 07:00)" 0 "$(digests)"
run_at 2022-10-20T07:01:00+02:00
assert_eq "one digest after 07:00" 1 "$(digests)"
run_at 2022-10-20T12:00:00+02:00
run_at 2022-10-20T23:59:00+02:00
assert_eq "still one digest that day, however often it runs" 1 "$(digests)"

text=$(HERCERT_NOW=2022-10-20T07:01:00+02:00 "$HERCERTCTL" -c "$CONF" digest)
assert_contains "per audit date: 1 November" "$text" "dinsdag 1 november 2022"
assert_contains "per audit date: 26 January" "$text" "donderdag 26 januari 2023"
assert_contains "per audit date: 28 March" "$text" "dinsdag 28 maart 2023"
assert_contains "a complete bundle" "$text" "compleet"
assert_contains "what a school still misses" "$text" "ontbreekt: preadvies"
assert_contains "a school with nothing yet" "$text" \
	"ontbreekt: schooldocument, teamverslag, preadvies"
assert_match "the overdue bundles" "$text" "documenten \(ontbreekt"
assert_contains "the distribution deadline ahead" "$text" \
	"documenten naar de deelnemers"
assert_contains "the stranger" "$text" "ouder@example.org"
assert_contains "the question" "$text" "Vraag over de auditdag"
assert_contains "the bounced confirmation" "$text" "5.2.2"

mailfile=$(grep -l "X-Hercert-Kind: digest" "$WORK"/out/new/* | head -n 1)
assert_ok "the digest mail was written" test -n "$mailfile"
parts=$("$PY" - "$mailfile" <<'PY'
import sys, email, email.policy
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                   policy=email.policy.default)
print(m["To"])
print(" ".join(p.get_content_type() for p in m.walk()))
html = m.get_body(("html",))
h = html.get_content() if html else ""
print("escaped" if "&lt;b&gt;inschrijving&lt;/b&gt;" in h else "raw")
print("script" if "<script>" in h else "noscript")
PY
)
assert_contains "to the coordinator" "$parts" "coordinator@lab.test"
assert_contains "plain text and HTML" "$parts" \
	"multipart/alternative text/plain text/html"
assert_contains "HTML escapes what came from mail" "$parts" "escaped"
assert_contains "no markup from mail in the HTML" "$parts" "noscript"

# --- the next day -----------------------------------------------------------
run_at 2022-10-21T06:00:00+02:00
assert_eq "not again before digest_time the next day" 1 "$(digests)"
run_at 2022-10-21T07:30:00+02:00
assert_eq "the next day's digest" 2 "$(digests)"
text=$(HERCERT_NOW=2022-10-21T07:30:00+02:00 "$HERCERTCTL" -c "$CONF" digest)
assert_not_contains "the next day: the bounce was reported already" \
	"$text" "5.2.2"
assert_not_contains "the next day: so was the question" "$text" \
	"Vraag over de auditdag"
assert_contains "the next day: the overdue bundles are still overdue" \
	"$text" "ontbreekt: preadvies"

finish
