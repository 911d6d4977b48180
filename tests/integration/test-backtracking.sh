#!/bin/bash
# SPDX-License-Identifier: ISC
# A hostile subject against a backtracking rule (RELIABILITY (d)44): a
# coordinator's rule with a nested repeat, a subject of "aaaa…!" that
# makes it backtrack. hercertd --once, with and without PCRE2 JIT (JIT is
# unavailable under MemoryDenyWriteExecute=yes), must stop at the match
# limit quickly, put the mail in manual review with the rule's file:line,
# answer nothing, and go on with the next mail.
. "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hercert-backtrack.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HERCERT_NOW=2022-12-05T09:00:00+01:00

hostile_subject() {
	"$PY" -c 'print("Kwaad " + "a" * 3000 + "!")'
}

for jit in on off; do
	dir=$WORK/$jit
	write_maildir_config "$dir"
	mkdir -p "$dir/rules"
	cp "$TOP"/rules/*.rules "$dir/rules/"
	# The coordinator's rule, tried first: (\w+\s?)* backtracks on "aaa!"
	# (the subject stays under [limits] max_subject_length, 4 KiB).
	printf 'rule kwaadaardig\n\tclass\tvraag\n\tmatch\tsubject\t/^Kwaad (\\w+\\s?)*$/\n' \
		>"$dir/rules/05-kwaadaardig.rules"
	sed -i "s#^rules_dir = .*#rules_dir = $dir/rules#" "$CONF"
	"$HERCERTCTL" -c "$CONF" import "$DATA"/masterdata/besturen.csv \
		"$DATA"/masterdata/scholen.csv "$DATA"/masterdata/auditoren.csv \
		"$DATA"/masterdata/auditdata.csv >/dev/null
	{
		printf 'From: Anne de Vries <boc@bestuur-brg.nl>\n'
		printf 'To: partnerschap@hsmarnix.nl\n'
		printf 'Subject: %s\n' "$(hostile_subject)"
		printf 'Message-ID: <hostile@bestuur-brg.nl>\n\nHallo\n'
	} >"$dir/in/new/001.hostile"
	cp "$DATA/integration/aanmelding-brg-2023-01-26.eml" "$dir/in/new/002.good"
	if [ $jit = off ]; then export HERCERT_NO_JIT=1; fi
	t0=$(date +%s%N)
	(cd "$dir" && "$HERCERTD" -c "$CONF" --once) >"$dir/log" 2>&1
	rc=$?
	t1=$(date +%s%N)
	unset HERCERT_NO_JIT
	assert_eq "jit $jit: hercertd --once exits 0" 0 "$rc"
	ms=$(( (t1 - t0) / 1000000 ))
	diag "jit $jit: both mails in $ms ms"
	assert_ok "jit $jit: done within 2 s of CPU" [ "$ms" -lt 2000 ]
	msgs=$("$HERCERTCTL" -c "$CONF" messages --json)
	assert_eq "jit $jit: the hostile mail waits for manual review" \
		"review Hercert/Onbekend" \
		"$(echo "$msgs" | json_q '" ".join(m[k] for m in d if m["message_id"] == "<hostile@bestuur-brg.nl>" for k in ("outcome", "folder"))')"
	assert_match "jit $jit: the reason names the rule and its line" \
		"$(echo "$msgs" | json_q '[m["reason"] for m in d if m["message_id"] == "<hostile@bestuur-brg.nl>"][0]')" \
		'kwaadaardig \(.*05-kwaadaardig\.rules:3\) hit its match limit'
	assert_eq "jit $jit: the next mail is handled as usual" accepted \
		"$(echo "$msgs" | json_q '[m["outcome"] for m in d if m["message_id"] != "<hostile@bestuur-brg.nl>"][0]')"
	assert_eq "jit $jit: only the good mail is answered" 1 \
		"$("$HERCERTCTL" -c "$CONF" outbox --json | json_q 'len(d)')"
done

finish
