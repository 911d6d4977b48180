#!/bin/bash
# SPDX-License-Identifier: ISC
# Header and template injection through mail we pass on (RELIABILITY
# (d)21, 34, 43; curl's CRLF classes): a BOC's question whose subject and
# display name decode to "\r\nBcc: ...", bare LF, a lone "." and
# template bait ({{...}}, %s%n)
# is forwarded to the coordinator through the real SMTP sink and arrives
# as one well-formed mail, to the coordinator only, with the bait as
# inert text. (Hostile attachment names: tests/unit/test-message-mime.)
. "$(dirname "$0")/lib.sh"

require_binaries
lab_up
write_config
for kind in besturen scholen auditoren auditdata; do
	run_hercertctl import "$DATA/masterdata/$kind.csv" >/dev/null ||
		bail "import $kind.csv"
done

HOSTILE=$LAB_DIR/hostile.eml
"$PY" - "$HOSTILE" <<'PY'
import base64, sys
def b(s):
    return "=?UTF-8?B?" + base64.b64encode(s.encode()).decode() + "?="
subject = "Vraag {{adres}} %s%n\r\nBcc: x@example.org\n.\r\nTo: y@example.org"
name = "Anne\r\nBcc: z@example.org"
body = ("Beste partnerschap,\n\nEen vraag met {{partnerschap}} en %s%n erin.\n"
        ".\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<evil@example.org>\n"
        "bare LF\nen bare CR\rhier.\n")
msg = ("From: %s <boc@bestuur-brg.nl>\r\n"
       "To: partnerschap@hsmarnix.nl\r\n"
       "Subject: %s\r\n"
       "Message-ID: <inject.1@bestuur-brg.nl>\r\n"
       "MIME-Version: 1.0\r\n"
       "Content-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
       % (b(name), b(subject), base64.b64encode(body.encode()).decode()))
open(sys.argv[1], "wb").write(msg.encode())
PY
deliver "$HOSTILE"
assert_run "hercertd --once forwards the question" run_hercertd --once

f=$SINK_SPOOL/$(spool_last).eml
assert_ok "one mail arrived" test -s "$f"
assert_eq "one mail in all" 1 "$(spool_count)"
assert_eq "to the coordinator only" "coordinator@lab.test" \
	"$(mail_rcpts "$f" | tr '\n' ' ' | sed 's/ $//')"
check=$("$PY" - "$f" <<'PY'
import email, email.policy, re, sys
raw = open(sys.argv[1], "rb").read()
out = []
if re.search(rb"(^|[^\r])\n", raw) or re.search(rb"\r(?!\n)", raw):
    out.append("bare CR or LF on the wire")
head = raw.split(b"\r\n\r\n", 1)[0]
for line in head.split(b"\r\n"):
    if not line[:1] in (b" ", b"\t") and b":" not in line:
        out.append("not a header line: %r" % line)
names = [l.split(b":")[0].lower() for l in head.split(b"\r\n")
         if l[:1] not in (b" ", b"\t")]
for h in (b"bcc", b"cc"):
    if h in names:
        out.append("a %s header" % h.decode())
if names.count(b"to") != 1:
    out.append("%d To headers" % names.count(b"to"))
m = email.message_from_bytes(raw, policy=email.policy.default)
subj = str(m["Subject"])
for bait in ("{{adres}}", "%s%n", "Bcc: x@example.org"):
    if bait not in subj:
        out.append("subject lost %r: %r" % (bait, subj))
text = m.get_body(("plain",)).get_content().replace("\r\n", "\n")
for bait in ("{{partnerschap}} en %s%n", "\n.\n", "MAIL FROM:<evil@example.org>"):
    if bait not in text:
        out.append("body lost %r" % bait)
atts = [p for p in m.iter_attachments()]
if len(atts) != 1:
    out.append("%d attachments, want the original only" % len(atts))
print("; ".join(out) if out else "ok")
PY
)
assert_eq "one well-formed mail, the bait inert text" ok "$check"
assert_eq "the reply goes to the BOC" "boc@bestuur-brg.nl" \
	"$(mail_header "$f" Reply-To | sed 's/.*<\(.*\)>.*/\1/')"

finish
