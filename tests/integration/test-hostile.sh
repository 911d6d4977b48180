#!/bin/bash
# SPDX-License-Identifier: ISC
# Hostile input, RELIABILITY.md (d) 13-36: one mail per case, built at
# test time by tests/data/hostile/make-hostile.py (zip slip, symlinks and
# hardlinks, a 1 MiB -> 1 GiB zip, 42.zip-style nesting, an encrypted zip,
# 10 001 entries of one name, message/rfc822 40 000 deep, multipart 20 000
# deep, 100 000 parts, a 6 MB header line, bad base64, a QP body ending in
# "=A", and attachment names with CR LF, NUL, control characters, "/",
# RTLO and Windows device names), from the known BOC into a Maildir.
#
# One hercertd --once run must handle every mail within 30 s without dying
# of a signal, and then:
#  - each mail is recorded, with the outcome and the reason (or, for an
#    archive entry, the refusal recorded for that file) naming the limit;
#  - nothing was written outside the state directory: a sentinel directory
#    $WORK/outside, at which the zip-slip and symlink entries aim, is
#    unchanged, and no name carrying the run's token exists in the places
#    an escaping entry could land (every ancestor of the state directory,
#    /tmp, /etc); /etc/passwd is unchanged;
#  - every name in the archive is safe: no control or bidi characters, no
#    "\", ":" or other Windows-forbidden characters, no Windows device name,
#    no symlink anywhere in the state directory;
#  - the receipts sent to the BOC carry no bidi or control characters from
#    the names and no injected header.
# Built with make SANITIZE=1, the daemon's and hercertctl's stderr must also
# be free of ASan/UBSan/LSan reports (checked in every build).
# No IMAP or SMTP is involved: a Maildir source and a Maildir outbox.
. "$(dirname "$0")/lib.sh"

require_binaries
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hercert-hostile.XXXXXX")
WORK=$(cd "$WORK" && pwd -P)
TOKEN=hostile$$x$RANDOM$RANDOM
cleanup() {
	rm -rf "$WORK"
	rm -f "/tmp/abs-$TOKEN"	# only there if an absolute entry escaped
}
trap cleanup EXIT
write_maildir_config "$WORK"
# Every hostile mail comes from one BOC; the receipts are part of the test.
printf '[limits]\nreplies_per_sender_per_day = 1000\n' >>"$CONF"
mkdir -p "$WORK/outside"
echo "sentinel $TOKEN" >"$WORK/outside/sentinel"
SAN_RE='runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer|SUMMARY: UndefinedBehaviorSanitizer'

# ctl ARGS...: hercertctl in $WORK, stderr kept in $WORK/ctl.err (appended
# to $WORK/ctl-all.err for the sanitizer check at the end).
ctl() {
	(cd "$WORK" && timeout -k 5 "$HERCERT_TIMEOUT" "$HERCERTCTL" -c "$CONF" "$@") \
		2>"$WORK/ctl.err"
	local rc=$?
	cat "$WORK/ctl.err" >>"$WORK/ctl-all.err"
	return $rc
}
assert_ok "import master data" ctl import \
	"$DATA"/masterdata/besturen.csv "$DATA"/masterdata/scholen.csv \
	"$DATA"/masterdata/auditoren.csv "$DATA"/masterdata/auditdata.csv

# --- the mails ---------------------------------------------------------------
t0=$(date +%s.%N)
if ! "$PY" "$DATA/hostile/make-hostile.py" "$WORK/mails" "$WORK" "$TOKEN" \
    2>"$WORK/make.err"; then
	bail "make-hostile.py builds the mails" "$(tail -n 20 "$WORK/make.err")"
fi
diag "$(grep make-hostile "$WORK/make.err")"
diag "mails built in $("$PY" -c "import sys; print('%.1f s' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$(date +%s.%N)")"
MANIFEST=$WORK/mails/manifest.json
cp "$WORK"/mails/*.eml "$WORK/in/new/"

# What must not change: the sentinel directory and /etc/passwd.
snapshot() {
	(cd "$WORK/outside" && find . -printf '%p %y %s %T@\n' | LC_ALL=C sort)
	sha256sum /etc/passwd
}
BEFORE=$(snapshot)

# --- one run over all of them ---------------------------------------------------
t0=$(date +%s.%N)
(cd "$WORK" && timeout -k 5 "$HERCERT_TIMEOUT" "$HERCERTD" -c "$CONF" --once) \
	</dev/null >"$WORK/hercertd.out" 2>"$WORK/hercertd.err"
rc=$?
t1=$(date +%s.%N)
elapsed=$("$PY" -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$t1")
diag "hercertd --once over $(ls "$WORK"/mails/*.eml | wc -l) mails: exit $rc, ${elapsed} s"
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	fail "hercertd --once finishes (timeout ${HERCERT_TIMEOUT} s)" "$(tail -n 20 "$WORK/hercertd.err")"
elif [ $rc -gt 128 ]; then
	fail "hercertd --once does not die of a signal (signal $((rc - 128)))" \
		"$(tail -n 30 "$WORK/hercertd.err")"
else
	pass "hercertd --once does not die of a signal (exit $rc)"
fi
# A non-zero exit is allowed when every mail is recorded (checked below).
if "$PY" -c "import sys; sys.exit(float(sys.argv[1]) >= 30)" "$elapsed"; then
	pass "the run takes < 30 s (${elapsed} s)"
else
	fail "the run takes < 30 s" "took ${elapsed} s"
fi
diag "$(grep -E 'not processed|set aside|[0-9]+ processed' "$WORK/hercertd.err")"

# --- per mail: recorded outcome, reason and refusals --------------------------
ctl messages --json >"$WORK/messages.json" || fail "hercertctl messages --json" "$(cat "$WORK/ctl.err")"
for f in "$WORK"/mails/*.eml; do
	ctl classify --json "$f" >"$WORK/classify-$(basename "$f" .eml).json"
	crc=$?
	if [ $crc -gt 128 ]; then
		fail "classify $(basename "$f") does not die of a signal" "exit $crc" "$(tail -n 20 "$WORK/ctl.err")"
	fi
done
report=$("$PY" - "$MANIFEST" "$WORK/messages.json" "$WORK/state/hercert.db" \
    "$WORK/in" "$WORK/mails" "$WORK/hercertd.err" <<'PY' 2>&1
import json, os, re, sqlite3, sys
manifest = json.load(open(sys.argv[1]))
msgs = json.load(open(sys.argv[2]))
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[3], uri=True)
maildir, mails, log = sys.argv[4], sys.argv[5], open(sys.argv[6], errors="replace").read()

PRESCAN = r"^onleesbaar bericht: refused before parsing: "
# case: (outcome, reason regex, {refusal regex: count}, stored-name regexes)
# Counts are those of files refused inside the mail (files.refused).
expect = {
    "zip-slip": ("filed", r"\b15 niet bewaard",
                 {r"^\.\./ in path$": 12, r"^absolute path$": 3},
                 [r"^zelfevaluatie-slip\.pdf$"]),
    "symlink": ("filed", r"\b5 niet bewaard",
                {r"^symlink$": 3, r"^hardlink$": 2},
                # link/pwned-link is stored flat, under its base name
                [r"^zelfevaluatie-link\.pdf$", r"^verslag-tar\.pdf$",
                 r"^pwned-link-"]),
    "zip-bomb": ("filed", r"\b1 niet bewaard",
                 {r"^ratio over 100:1, unpacking stopped$": 1}, []),
    "zip-nested": ("filed", r"\b2 niet bewaard",
                   {r"^archief uitgepakt$": 2},
                   [r"^l2-n[01][01]\.zip$"] * 4),
    "zip-encrypted": ("filed", r"\b1 niet bewaard",
                      {r"^encrypted$": 1}, []),
    "zip-dupes": ("filed|review", r".", {}, [r"^verslag( \(\d+\))?\.pdf$"]),
    "rfc822-40000": ("review", PRESCAN + r"MIME nesting deeper than the limit", {}, []),
    "multipart-20000": ("review", PRESCAN + r"MIME nesting deeper than the limit", {}, []),
    "parts-100000": ("review", PRESCAN + r"more MIME parts than the limit", {}, []),
    "header-6mb": ("filed", r"\b0 niet bewaard", {}, [r"^zelfevaluatie-header\.pdf$"]),
    "base64-invalid": ("filed", r"\b0 niet bewaard", {}, [r"^rapport-base64\.pdf$"]),
    "qp-end": ("forwarded", r"doorgestuurd aan", {}, []),
    "name-crlf": ("filed", r"\b0 niet bewaard", {}, [r"^rapport Bcc_ evil@attacker\.test \.pdf$"]),
    "name-nul": ("filed", r"\b0 niet bewaard", {}, [r"^rapport"]),
    "name-slash": ("filed", r"\b0 niet bewaard", {}, [r"^passwd$"]),
    "name-rtlo": ("filed", r"\b0 niet bewaard", {}, [r"^annualfdp\.exe$"]),
    "name-con": ("filed", r"\b0 niet bewaard", {}, [r"^_CON$"]),
    "name-contxt": ("filed", r"\b0 niet bewaard", {}, [r"^_con\.txt$"]),
    "name-ctl": ("filed", r"\b0 niet bewaard", {}, [r"^a b\[31mcd\.pdf$"]),
    "name-school": ("filed", r"^4 bestand\(en\) bewaard, 0 zonder school of soort, 0 niet bewaard$", {},
                    [r"^Schooldocument OBS De Regenboog fdp\.exe$",
                     r"^Teamverslag OBS De Regenboog Bcc_ evil@attacker\.test \.pdf$",
                     r"^Preadvies OBS De Regenboog\.pdf$", r"^_AUX\.pdf$"]),
    "name-tricky": ("filed", r"\b0 niet bewaard", {}, [r"."] * 12),
}
problems, lines = [], []
by_file = {}
for m in msgs:
    by_file.setdefault(os.path.basename(m["key"]), []).append(m)
for c in manifest:
    case, fn = c["case"], c["file"]
    got = by_file.get(fn, [])
    if len(got) != 1:
        problems.append("%s: recorded %d times (want 1)%s" % (
            case, len(got), "; log: " + "; ".join(
                l for l in log.splitlines() if fn in l)[:400] if not got else ""))
        lines.append("%-16s (d)%-2d NOT RECORDED" % (case, c["item"]))
        continue
    m = got[0]
    rows = db.execute("SELECT name, refused, path FROM files WHERE message = ?",
                      (m["id"],)).fetchall()
    refused = [r[1] for r in rows if r[1]]
    stored = [os.path.basename(r[2]) for r in rows if r[2]]
    summary = {}
    for r in refused:
        summary[r] = summary.get(r, 0) + 1
    lines.append("%-16s (d)%-2d %s / %s / %s%s" % (
        case, c["item"], m["class"], m["outcome"], m["reason"][:110],
        "; refused: " + ", ".join("%s x%d" % kv for kv in sorted(summary.items()))
        if summary else ""))
    if case not in expect:
        problems.append("%s: no expectation" % case)
        continue
    outcome, reason, refusals, names = expect[case]
    if not re.fullmatch(outcome, m["outcome"] or ""):
        problems.append("%s: outcome %s, want %s" % (case, m["outcome"], outcome))
    if not re.search(reason, m["reason"] or ""):
        problems.append("%s: reason %r does not match /%s/" % (case, m["reason"], reason))
    for rx, n in refusals.items():
        k = sum(1 for r in refused if re.search(rx, r))
        if k != n:
            problems.append("%s: %d file(s) refused as /%s/, want %d (refused: %s)"
                            % (case, k, rx, n, refused))
    if refusals and sum(refusals.values()) != len(refused):
        problems.append("%s: other refusals: %s" % (case, refused))
    left = list(stored)
    for rx in names:
        hit = next((s for s in left if re.search(rx, s)), None)
        if hit is None:
            problems.append("%s: no stored file /%s/ (stored: %s)" % (case, rx, stored))
        else:
            left.remove(hit)
    if case != "zip-dupes" and left:
        problems.append("%s: unexpected stored files %s" % (case, left))
    if case == "zip-dupes" and len(set(stored)) != len(stored):
        problems.append("%s: storage names not unique" % case)
    # Refused before parsing: quarantined, the raw mail kept as it came.
    if m["reason"].startswith("onleesbaar bericht: refused before parsing"):
        raw = open(os.path.join(mails, fn), "rb").read()
        kept = [os.path.join(d, n) for d, _, ns in os.walk(maildir) for n in ns
                if n.split(":")[0] == fn]
        if len(kept) != 1 or open(kept[0], "rb").read() != raw:
            problems.append("%s: raw mail not kept unchanged (%s)" % (case, kept))
# (d) 18: bad base64 is decoded leniently and flagged.
if not re.search(r"rapport-base64\.pdf: invalid base64", log):
    problems.append("base64-invalid: not flagged in the log")
print("\n".join(lines))
print("--")
print("\n".join(problems))
PY
)
diag "$(sed -n '/^--$/q;p' <<<"$report")"
assert_eq "each mail recorded once, outcome/reason/refusals name the limit" "" \
	"$(sed -n '/^--$/,$p' <<<"$report" | tail -n +2)"

# The pre-scan refusals are what classify reports too (a dry run).
for c in rfc822-40000 multipart-20000 parts-100000; do
	f=$(ls "$WORK"/mails/*-"$c".eml)
	ctl classify --json "$f" >/dev/null
	assert_match "classify $c: refused before parsing" "$(cat "$WORK/ctl.err")" \
		"refused before parsing: (MIME nesting deeper|more MIME parts) than the limit"
done
assert_eq "classify zip-encrypted: the entry is refused as encrypted" "encrypted" \
	"$(json_q '",".join(f["refused"] or "" for f in d["files"])' <"$WORK/classify-05-zip-encrypted.json")"
assert_match "classify zip-bomb: stopped at the ratio" \
	"$(json_q '",".join(f["refused"] or "" for f in d["files"])' <"$WORK/classify-03-zip-bomb.json")" \
	"^ratio over 100:1"

# --- nothing outside the state directory ----------------------------------
assert_eq "the sentinel directory and /etc/passwd are unchanged" "$BEFORE" "$(snapshot)"
escaped=$(
	d=$WORK/state
	while [ "$d" != / ]; do d=$(dirname "$d"); ls -d "$d"/*"$TOKEN"* 2>/dev/null; done
	ls -d /tmp/*"$TOKEN"* /etc/*"$TOKEN"* 2>/dev/null
	find "$WORK" -path "$WORK/state" -prune -o -name "*$TOKEN*" -print
)
assert_eq "no entry escaped (no name with the token outside state/)" "" "$escaped"
assert_eq "no symlink, device or fifo in the state directory" "" \
	"$(find "$WORK/state" ! -type f ! -type d)"
big=$(find "$WORK/state" -type f -size +200M)
assert_eq "no file over 200 MiB in the state directory (bomb not inflated)" "" "$big"
diag "state directory: $(du -sh "$WORK/state" | cut -f1)"

# --- safe names in the archive ---------------------------------------------
unsafe=$("$PY" - "$WORK/state/archief" <<'PY'
import os, re, sys
root = os.path.realpath(sys.argv[1])
BAD = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                 "\u2066-\u2069\ufeff<>:\"|?*\\\\/]")
DEV = re.compile(r"(?i)^(con|prn|aux|nul|conin\$|conout\$|(com|lpt)[0-9\u00b9\u00b2\u00b3])$")
for d, dirs, files in os.walk(root):
    for n in dirs + files:
        p = os.path.join(d, n)
        why = []
        if BAD.search(n):
            why.append("forbidden character")
        if DEV.match(n.split(".")[0].rstrip(" ")):
            why.append("Windows device name")
        if n != n.strip(" .") or n in ("", ".", ".."):
            why.append("leading/trailing dot or space")
        if len(n.encode()) > 255:
            why.append("longer than 255 bytes")
        if not os.path.realpath(p).startswith(root + os.sep):
            why.append("outside the archive")
        if why:
            print("%s: %s" % (ascii(os.path.relpath(p, root)), ", ".join(why)))
PY
)
assert_eq "every name in the archive is safe" "" "$unsafe"

# --- the receipts to the BOC --------------------------------------------------
receipts=$("$PY" - "$WORK/out" <<'PY'
import email, email.policy, os, re, sys
BAD = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
n = 0
for d, _, files in os.walk(sys.argv[1]):
    for fn in files:
        raw = open(os.path.join(d, fn), "rb").read()
        n += 1
        head = raw.split(b"\r\n\r\n", 1)[0]
        names = [l.split(b":")[0].lower() for l in head.split(b"\r\n")
                 if l and l[:1] not in b" \t"]
        if b"bcc" in names or re.search(rb"(^|\r\n)Bcc:", head, re.I):
            print("%s: a Bcc header" % fn)
        if re.search(rb"[\r\n]", head.replace(b"\r\n", b"")):
            print("%s: a bare CR or LF in the header" % fn)
        m = email.message_from_bytes(raw, policy=email.policy.default)
        for part in m.walk():
            if part.get_content_maintype() != "text":
                continue
            text = part.get_content()
            for bad in sorted(set(BAD.findall(text))):
                line = next(l for l in text.splitlines() if bad in l)
                print("%s: U+%04X in the text: %s" % (fn, ord(bad), ascii(line)))
print("receipts checked: %d" % n)
PY
)
diag "$(tail -n 1 <<<"$receipts")"
assert_eq "receipts carry no bidi/control characters and no injected header" "" \
	"$(sed '$d' <<<"$receipts")"

# --- sanitizers (when built with make SANITIZE=1) ----------------------------
san=$(grep -hE "$SAN_RE" "$WORK/hercertd.err" "$WORK/ctl-all.err" 2>/dev/null | head -n 5)
assert_eq "no ASan/UBSan/LSan report from hercertd or hercertctl" "" "$san"
finish
