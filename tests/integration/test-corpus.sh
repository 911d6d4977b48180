#!/bin/bash
# SPDX-License-Identifier: ISC
# The labelled classification corpus (tests/data/corpus, written by
# make-corpus.py) against tests/data/corpus/labels.json:
#
#  1. labels.json and the NNN-*.eml files correspond one to one, and every
#     class has at least its minimum number of mails;
#  2. per mail, `hercertctl classify --json` gives the labelled class, role,
#     audit date (ISO or null; a missing "date" key is a mismatch) and
#     schools (BRIN codes, compared sorted). One assertion per mail, whose
#     message names every field that differs;
#  3. hercertd --once over the whole corpus (a Maildir, a Maildir outbox)
#     answers no mail labelled automatisch or onbekend, nor any stranger
#     (RELIABILITY (a)9: 0 automatic replies to the no-reply corpus).
# The labels are what a careful human decides, not what the code outputs
# (see tests/data/corpus/README). No IMAP or SMTP is involved.
. "$(dirname "$0")/lib.sh"

CORPUS=$DATA/corpus
LABELS=$CORPUS/labels.json
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hercert-corpus.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
require_binaries
write_maildir_config "$WORK"
# The corpus's coordinator writes from coordinator@hsmarnix.nl.
sed -i 's/^coordinator = .*/coordinator = coordinator@hsmarnix.nl/' "$CONF"
assert_run "import corpus master data" "$HERCERTCTL" -c "$CONF" import \
	"$CORPUS"/masterdata/besturen.csv "$CORPUS"/masterdata/scholen.csv \
	"$CORPUS"/masterdata/auditoren.csv "$CORPUS"/masterdata/auditdata.csv

# --- 1. the corpus itself ----------------------------------------------------
shopt -s nullglob
emls=("$CORPUS"/[0-9]*.eml)
shopt -u nullglob
names=$(for f in "${emls[@]}"; do basename "$f"; done)
assert_eq "labels.json and the .eml files correspond one to one" "" \
	"$($PY - "$LABELS" "$names" <<'PY' 2>&1
import json, sys
labels = json.load(open(sys.argv[1], encoding="utf-8"))
files = set(n for n in sys.argv[2].split("\n") if n)
for n in sorted(files - set(labels)):
    print("no label: " + n)
for n in sorted(set(labels) - files):
    print("no file: " + n)
PY
)"
assert_eq "every class has its minimum number of mails" "" \
	"$($PY - "$LABELS" <<'PY' 2>&1
import json, sys
labels = json.load(open(sys.argv[1], encoding="utf-8"))
need = {"aanmelding": 16, "documenten": 10, "reflectie": 6, "checklist": 6,
        "vraag": 10, "automatisch": 12, "onbekend": 5}
have = {}
for v in labels.values():
    have[v["class"]] = have.get(v["class"], 0) + 1
for c, n in need.items():
    if have.get(c, 0) < n:
        print("%s: %d mails, at least %d needed" % (c, have.get(c, 0), n))
for c in sorted(set(have) - set(need)):
    print("unknown class %s in labels.json" % c)
if len(labels) < 70:
    print("%d mails, at least 70 needed" % len(labels))
PY
)"

# --- 2. classify every mail ------------------------------------------------
# classify runs per mail (about 10 ms each); the outputs are then compared
# with the labels by one Python process, which prints one line per mail:
# "NAME<TAB>" followed by the differences (empty when it matches).
for f in "${emls[@]}"; do
	name=$(basename "$f")
	"$HERCERTCTL" -c "$CONF" classify --json "$f" >"$WORK/$name.json" \
		2>"$WORK/$name.err"
	echo $? >"$WORK/$name.rc"
done
$PY - "$LABELS" "$WORK" "${emls[@]}" >"$WORK/verdicts" <<'PY'
import json, os, sys
labels = json.load(open(sys.argv[1], encoding="utf-8"))
work = sys.argv[2]
for path in sys.argv[3:]:
    name = os.path.basename(path)
    exp = labels.get(name)
    diffs = []
    rc = open(os.path.join(work, name + ".rc")).read().strip()
    raw = open(os.path.join(work, name + ".json"), encoding="utf-8",
               errors="replace").read()
    try:
        got = json.loads(raw)
        if not isinstance(got, dict):
            raise ValueError("not an object")
    except ValueError as e:
        err = open(os.path.join(work, name + ".err"), encoding="utf-8",
                   errors="replace").read()
        got = None
        diffs.append("classify exit %s, no JSON (%s): %.200r %.300r"
                     % (rc, e, raw, err))
    if exp is None:
        diffs.append("no label")
    elif got is not None:
        def show(v):
            return json.dumps(v, ensure_ascii=False)
        for key in ("class", "role"):
            if got.get(key) != exp[key]:
                diffs.append("%s: expected %s, got %s"
                             % (key, show(exp[key]), show(got.get(key, "<missing>"))))
        if "date" not in got:
            diffs.append("date: expected %s, got <missing>" % show(exp["date"]))
        elif got["date"] != exp["date"]:
            diffs.append("date: expected %s, got %s"
                         % (show(exp["date"]), show(got["date"])))
        gs = got.get("schools")
        if not isinstance(gs, list):
            diffs.append("schools: expected %s, got %s"
                         % (show(exp["schools"]), show(gs)))
        elif sorted(gs) != sorted(exp["schools"]):
            diffs.append("schools: expected %s, got %s"
                         % (show(sorted(exp["schools"])), show(sorted(gs))))
    print(name + "\t" + "; ".join(diffs))
PY
while IFS=$'\t' read -r name diff; do
	# got: one line per field that differs (empty when the mail matches)
	assert_eq "corpus $name" "" "${diff//; /$'\n'}"
done <"$WORK/verdicts"

# --- 3. the daemon answers no machine and no stranger ------------------------
i=0
for f in "${emls[@]}"; do
	i=$((i + 1))
	cp "$f" "$WORK/in/new/$(printf '%03d' $i).$(basename "$f")"
done
if (cd "$WORK" && "$HERCERTD" -c "$CONF" --once) >"$WORK/hercertd.log" 2>&1
then
	pass "hercertd --once takes the whole corpus"
else
	fail "hercertd --once takes the whole corpus" "$(tail -n 20 "$WORK/hercertd.log")"
fi
"$HERCERTCTL" -c "$CONF" messages --json >"$WORK/messages.json"
"$HERCERTCTL" -c "$CONF" outbox --json >"$WORK/outbox.json"
answered=$($PY - "$LABELS" "$WORK/messages.json" "$WORK/outbox.json" \
	"${emls[@]}" <<'PY'
import email, email.policy, json, os, sys
labels = json.load(open(sys.argv[1], encoding="utf-8"))
msgs = {m["id"]: m for m in json.load(open(sys.argv[2]))}
out = json.load(open(sys.argv[3]))
by_id = {}
for path in sys.argv[4:]:
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.compat32)
    by_id[(m["Message-ID"] or "").strip()] = os.path.basename(path)
bad = []
for o in out:
    src = msgs.get(o["message"])
    name = by_id.get((src or {}).get("message_id") or "", "?")
    lab = labels.get(name, {})
    if lab.get("class") in ("automatisch", "onbekend") or \
            lab.get("role") == "unknown":
        bad.append("%s (%s, %s) answered with %s"
                   % (name, lab.get("class"), lab.get("role"), o["kind"]))
print("; ".join(bad))
PY
)
assert_eq "no machine or stranger in the corpus is answered" "" \
	"${answered//; /$'\n'}"
n_auto=$($PY -c 'import json, sys; print(sum(v["class"] == "automatisch" for v in json.load(open(sys.argv[1])).values()))' "$LABELS")
diag "$n_auto automatic mails in the corpus, $($PY -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/outbox.json") replies to the rest"
finish
