#!/bin/bash
# SPDX-License-Identifier: ISC
# Every kind of outgoing mail (DESIGN §4) renders and arrives through the
# real SMTP sink: "hercertctl template KIND --send ADDRESS" fills the
# template with example values and attaches an example file with a
# non-ASCII name. Each received mail is parsed: its headers (From, To,
# Date, Message-ID, Auto-Submitted, X-Hercert-Kind), its decoded subject,
# the attachment's name intact, and the HTML part where the kind has one.
# With [limits] max_attachments_size below the file's size the file is
# listed in the mail instead of attached.
. "$(dirname "$0")/lib.sh"

KINDS="aanmelding-bevestigd aanmelding-afgewezen documenten-ontvangen
documenten-herinnering documenten-te-laat bundel-auditor checklist-verwerkt
niet-uitgenodigd deelnemers-documenten reflectie-herinnering
reflectie-ontvangen reflectie-te-laat certificaat hercertificering-nodig
vraag-doorgestuurd escalatie digest"

require_binaries
lab_up
write_config

for kind in $KINDS; do
	before=$(spool_last)
	if ! run_hercertctl template "$kind" --send sink@lab.test >/dev/null; then
		fail "$kind: sent" "hercertctl template $kind --send failed"
		continue
	fi
	f=$SINK_SPOOL/$(spool_last).eml
	if [ "$(spool_count "$before")" != 1 ]; then
		fail "$kind: arrived once" "$(spool_count "$before") mails"
		continue
	fi
	html=no
	[ -e "$TOP/templates/$kind.html" ] && html=yes
	got=$("$PY" - "$f" "$kind" "$html" <<'PY'
import email, email.policy, email.utils, re, sys
path, kind, html = sys.argv[1:]
m = email.message_from_binary_file(open(path, "rb"),
                                   policy=email.policy.default)
bad = []
def need(cond, what):
    if not cond:
        bad.append(what)
need(m["X-Hercert-Kind"] == kind, "X-Hercert-Kind %r" % m["X-Hercert-Kind"])
need(m["Auto-Submitted"] == "auto-generated", "Auto-Submitted")
need(re.fullmatch(r"<hercert\.%s\.[0-9a-f]{20}@hsmarnix\.nl>" % re.escape(kind),
                  m["Message-ID"] or ""), "Message-ID %r" % m["Message-ID"])
need(email.utils.parsedate_to_datetime(m["Date"]) is not None, "Date")
need("partnerschap@hsmarnix.nl" in str(m["From"]), "From")
need(str(m["To"]).endswith("<sink@lab.test>") or str(m["To"]) == "sink@lab.test",
     "To %r" % str(m["To"]))
subject = str(m["Subject"])
need(subject and "=?" not in subject and "{{" not in subject,
     "Subject %r" % subject)
names = [p.get_filename() for p in m.iter_attachments()]
need(names == ["Pré-advies OBS De Regenboog – versie 2.pdf"],
     "attachments %r" % names)
types = [p.get_content_type() for p in m.walk()]
need(("text/html" in types) == (html == "yes"), "HTML part: %r" % types)
text = m.get_body(("plain",)).get_content()
need("{{" not in text, "template syntax in the text")
print("; ".join(bad) if bad else "ok")
PY
)
	assert_eq "$kind: arrives with its headers, subject and attachment" ok "$got"
done

# --- too big to attach: listed instead --------------------------------------
printf '[limits]\nmax_attachments_size = 10\n' >>"$CONF"
before=$(spool_last)
run_hercertctl template bundel-auditor --send sink@lab.test >/dev/null ||
	fail "too big: sent" "hercertctl template --send failed"
f=$SINK_SPOOL/$(spool_last).eml
got=$("$PY" - "$f" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                   policy=email.policy.default)
text = m.get_body(("plain",)).get_content()
print(len(list(m.iter_attachments())),
      "listed" if "Pré-advies OBS De Regenboog – versie 2.pdf (0,0 MB)" in text
      else "not listed")
PY
)
assert_eq "too big: not attached, listed with its size" "0 listed" "$got"

finish
