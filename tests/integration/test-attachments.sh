#!/bin/bash
# SPDX-License-Identifier: ISC
# The attachment corpus (tests/data/attachments, 33 mails from the clients
# BOCs use) against tests/data/attachments/expected.json:
#
#  1. hercertctl classify --json finds, per fixture, exactly the expected
#     files with their decoded names, schools and kinds (a file repeated
#     inside one mail is reported once);
#  2. hercertd --once files all of them, in name order, from a Maildir:
#     every expected file is in the archive exactly once, under its school
#     and kind or under archief/_onbekend/, and a file sent again in a
#     later mail is not stored twice.
# No IMAP or SMTP is involved: a Maildir source and a Maildir outbox.
. "$(dirname "$0")/lib.sh"

FIX=$DATA/attachments
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hercert-att.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
write_maildir_config "$WORK"
assert_run "import master data" "$HERCERTCTL" -c "$CONF" import \
	"$DATA"/masterdata/besturen.csv "$DATA"/masterdata/scholen.csv \
	"$DATA"/masterdata/auditoren.csv "$DATA"/masterdata/auditdata.csv

# --- 1. classify, fixture by fixture ----------------------------------------
for f in "$FIX"/[0-9]*.eml; do
	name=$(basename "$f")
	"$HERCERTCTL" -c "$CONF" classify --json "$f" >"$WORK/got.json" 2>&1
	diff=$($PY - "$FIX/expected.json" "$name" "$WORK/got.json" <<'PY' 2>&1
import json, sys, unicodedata
exp = json.load(open(sys.argv[1]))[sys.argv[2]]
got = json.load(open(sys.argv[3]))
def key(f):
    n = f.get("url") or f.get("decoded_name") or f.get("name") or ""
    return (unicodedata.normalize("NFC", n), f.get("school"), f.get("kind"))
g = sorted(key(f) for f in got["files"]
           if not f.get("refused") and not f.get("duplicate"))
# A copy of a file in the same mail is reported once; a copy of one in
# another mail is new to classify (it has no history).
w = sorted(key(f) for f in exp["files"]
           if not str(f.get("duplicate_of", "")).startswith(sys.argv[2] + "#"))
if g != w:
    print("unexpected:", [k for k in g if k not in w])
    print("missing:", [k for k in w if k not in g])
PY
)
	assert_eq "classify $name" "" "$diff"
done

# --- 2. filing all of them, in name order ----------------------------------
i=0
for f in "$FIX"/[0-9]*.eml; do
	i=$((i + 1))
	cp "$f" "$WORK/in/new/$(printf '%03d' $i).$(basename "$f")"
done
run_in_work() { (cd "$WORK" && "$HERCERTD" -c "$CONF" --once) >"$WORK/hercertd.log" 2>&1; }
if run_in_work; then
	pass "hercertd --once files the corpus"
else
	fail "hercertd --once files the corpus" "$(tail -n 20 "$WORK/hercertd.log")"
fi
report=$($PY - "$FIX/expected.json" "$WORK/state/archief" <<'PY' 2>&1
import json, os, sys, unicodedata
exp = json.load(open(sys.argv[1]))
root = sys.argv[2]
stored = {}
for d, _, files in os.walk(root):
    for n in files:
        if n.endswith(".eml"):
            continue
        rel = os.path.relpath(os.path.join(d, n), root).split(os.sep)
        stored.setdefault(unicodedata.normalize("NFC", n), []).append(rel)
want = 0
problems = []
for fx in sorted(k for k in exp if not k.startswith("_")):
    for f in exp[fx]["files"]:
        if f.get("duplicate_of") or f.get("source") == "link":
            continue
        want += 1
        n = unicodedata.normalize("NFC", f["decoded_name"])
        places = [p for p in stored.get(n, []) if
                  (f["school"] is None and p[0] == "_onbekend") or
                  (f["school"] is not None and len(p) >= 4 and
                   p[2].startswith(f["school"] + "-") and
                   p[3] == (f["kind"] or "_soort-onbekend"))]
        if not places:
            problems.append("%s: %s (%s, %s) not filed" % (fx, n, f["school"], f["kind"]))
total = sum(len(v) for v in stored.values())
print("files expected %d, stored %d" % (want, total))
if total != want:
    problems.append("stored %d files, expected %d (a copy stored twice?)" % (total, want))
for p in problems:
    print(p)
PY
)
diag "$(head -n1 <<<"$report")"
assert_eq "every expected file filed in its place, each once" "" \
	"$(tail -n +2 <<<"$report")"
finish
