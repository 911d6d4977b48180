#!/bin/bash
# SPDX-License-Identifier: ISC
# Never a loop, never a spoofed sender acted on (RFC 3834, RFC 3464,
# RFC 8601), through hercertd --once on a Maildir with a Maildir outbox:
#
#  1. a registration is confirmed; the bounce of that confirmation is
#     matched to its outbox entry (state "bounced", with the status) and
#     never answered; a BOC's reply to it is a question linked to it;
#  2. automatic mail (out-of-office, mailing list, our own mail coming
#     back) is never answered, even when it reads like a registration;
#  3. at most replies_per_sender_per_day automatic mails go to one
#     address; the registrations beyond it are processed, not answered;
#  4. with trusted_authserv_id, a BOC's address with dmarc=fail in our
#     MTA's Authentication-Results is a stranger; a forged header below
#     ours, or one with another id, changes nothing.
. "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hercert-loops.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HERCERT_NOW=2022-12-05T09:00:00+01:00
N=0

# setup DIR [EXTRA CONFIG LINES...]: a fresh state with master data.
setup() {
	local dir=$1
	shift
	write_maildir_config "$dir"
	printf '%s\n' "$@" >>"$CONF"
	"$HERCERTCTL" -c "$CONF" import "$DATA"/masterdata/besturen.csv \
		"$DATA"/masterdata/scholen.csv "$DATA"/masterdata/auditoren.csv \
		"$DATA"/masterdata/auditdata.csv >/dev/null ||
		bail "import master data" "hercertctl import failed"
}

# deliver NAME: put the mail on stdin into the Maildir, in arrival order.
deliver() {
	N=$((N + 1))
	cat >"$(dirname "$CONF")/in/new/$(printf '%03d' "$N").$1"
}

run() {
	(cd "$(dirname "$CONF")" && "$HERCERTD" -c "$CONF" --once) \
		>>"$WORK/hercertd.log" 2>&1 ||
		fail "hercertd --once" "$(tail -n 20 "$WORK/hercertd.log")"
}

# registration FROM SUBJECT [HEADERS]: a registration mail.
registration() {
	printf '%bFrom: %s\nTo: partnerschap@hsmarnix.nl\nSubject: %s\n' \
		"${3:-}" "$1" "$2"
	printf 'Date: Thu, 1 Dec 2022 14:12:37 +0100\n'
	printf 'Message-ID: <%s.%s@bestuur-brg.nl>\n\n' "$N" "$RANDOM"
	printf 'Hierbij meld ik OBS De Regenboog en CBS De Wegwijzer aan.\n'
}

messages() { "$HERCERTCTL" -c "$CONF" messages --json; }
# field MARKER KEY: KEY of the message whose subject ends in "(MARKER)".
field() {
	messages | json_q "[str(m['$2']) for m in d if m['subject'].endswith('($1)')][0]"
}
outbox() { "$HERCERTCTL" -c "$CONF" outbox --json; }

# --- 1. bounce and reply of a confirmation ---------------------------------
setup "$WORK/a"
registration boc@bestuur-brg.nl \
	"Aanmelding hercertificering 26 januari 2023" | deliver reg
run
msgid=$(outbox | json_q 'd[0]["message_id"]')
assert_match "a confirmation is queued" "$msgid" '^<hercert\.aanmelding-bevestigd\.'
deliver dsn <<EOF
Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.bestuur-brg.nl>
To: partnerschap@hsmarnix.nl
Subject: Undelivered Mail Returned to Sender
Date: Thu, 1 Dec 2022 14:20:00 +0100
Message-ID: <20221201142000.1@mx.bestuur-brg.nl>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Type: text/plain

This is the mail system at host mx.bestuur-brg.nl.
I'm sorry to have to inform you that your message could not be delivered.

--R
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.bestuur-brg.nl

Final-Recipient: rfc822; boc@bestuur-brg.nl
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

--R
Content-Type: text/rfc822-headers

From: Partners in Opleiding en Ontwikkeling <partnerschap@hsmarnix.nl>
To: boc@bestuur-brg.nl
Subject: Bevestiging aanmelding hercertificering 26 januari 2023
Message-ID: $msgid

--R--
EOF
deliver reply <<EOF
From: Anne de Vries <boc@bestuur-brg.nl>
To: partnerschap@hsmarnix.nl
Subject: RE: Bevestiging aanmelding hercertificering 26 januari 2023
Date: Fri, 2 Dec 2022 09:00:00 +0100
Message-ID: <reply.1@bestuur-brg.nl>
In-Reply-To: $msgid
References: $msgid

Kan de audit van De Regenboog ook in het gebouw plaatsvinden?
EOF
run
out=$(outbox)
assert_eq "nothing goes to the bounce's sender (only the confirmation)" 1 \
	"$(echo "$out" | json_q 'len([o for o in d if o["to"] != "coordinator@lab.test"])')"
assert_eq "the BOC's question is forwarded to the coordinator" \
	"vraag-doorgestuurd" \
	"$(echo "$out" | json_q '" ".join(o["kind"] for o in d if o["to"] == "coordinator@lab.test")')"
assert_eq "the confirmation is marked bounced" bounced \
	"$(echo "$out" | json_q 'd[0]["state"]')"
assert_contains "the bounce's status is kept" \
	"$(echo "$out" | json_q 'd[0]["last_error"]')" "5.2.2"
msgs=$(messages)
assert_eq "the bounce is recorded as such, linked to the outbox entry" \
	"bounce 1" "$(echo "$msgs" | json_q '" ".join(str(m[k]) for m in d if m["subject"].startswith("Undelivered") for k in ("outcome", "reply_to"))')"
assert_eq "the reply is a question linked to the confirmation" "vraag 1" \
	"$(echo "$msgs" | json_q '" ".join(str(m[k]) for m in d if m["subject"].startswith("RE:") for k in ("class", "reply_to"))')"

# --- 2. automatic mail is never answered ------------------------------------
setup "$WORK/b"
registration boc@bestuur-brg.nl \
	"Automatisch antwoord: Aanmelding hercertificering 26 januari 2023 (oof)" \
	'Auto-Submitted: auto-replied\nX-Auto-Response-Suppress: All\n' |
	deliver oof
# Only List-Unsubscribe: no rule in rules/ looks at it; the code does.
registration boc@bestuur-brg.nl \
	"Aanmelding hercertificering 26 januari 2023 (list)" \
	'List-Unsubscribe: <mailto:leave@groups.example.org>\n' | deliver list
registration partnerschap@hsmarnix.nl \
	"Aanmelding hercertificering 26 januari 2023 (own)" | deliver own
registration boc@bestuur-brg.nl \
	"Aanmelding hercertificering 26 januari 2023 (ours)" \
	'X-Hercert-Kind: aanmelding-bevestigd\n' | deliver ours
run
assert_eq "no automatic mail is answered" 0 "$(outbox | json_q 'len(d)')"
assert_eq "the out-of-office is automatisch" automatisch "$(field oof class)"
assert_eq "the list copy is still registered" accepted "$(field list outcome)"
assert_contains "the list copy says why it was not answered" \
	"$(field list reason)" "niet beantwoord: automatisch bericht: een List-header"
assert_contains "our own address is never answered" "$(field own reason)" \
	"eigen"
assert_contains "our own mail coming back is never answered" \
	"$(field ours reason)" "niet beantwoord: ons eigen bericht (X-Hercert-Kind)"

# --- 3. the cap per address -------------------------------------------------
setup "$WORK/c" "[limits]" "replies_per_sender_per_day = 3"
for i in 1 2 3 4 5; do
	registration boc@bestuur-brg.nl \
		"Aanmelding hercertificering 26 januari 2023 ($i)" | deliver "cap$i"
done
run
assert_eq "three replies to one address in a day, no more" 3 \
	"$(outbox | json_q 'len(d)')"
assert_eq "all five mails are processed" 5 "$(messages | json_q 'len(d)')"
assert_eq "the two beyond the cap say why they were not answered" 2 \
	"$(messages | json_q 'sum("grens 3" in (m["reason"] or "") for m in d)')"

# --- 4. a spoofed BOC is a stranger -----------------------------------------
setup "$WORK/d" "[partnership]" "trusted_authserv_id = mx.hsmarnix.nl"
registration boc@bestuur-brg.nl "Aanmelding hercertificering 26 januari 2023 (spoofed)" \
	'Authentication-Results: mx.hsmarnix.nl; spf=softfail; dmarc=fail (p=none) header.from=bestuur-brg.nl\nAuthentication-Results: mx.hsmarnix.nl; dmarc=pass\n' |
	deliver spoofed
registration boc@bestuur-brg.nl "Aanmelding hercertificering 26 januari 2023 (foreign)" \
	'Authentication-Results: evil.example; dmarc=pass\n' | deliver foreign
registration boc@bestuur-brg.nl "Aanmelding hercertificering 26 januari 2023 (genuine)" \
	'Authentication-Results: mx.hsmarnix.nl;\n dkim=pass header.d=bestuur-brg.nl;\n dmarc=pass header.from=bestuur-brg.nl\n' |
	deliver genuine
"$HERCERTCTL" -c "$CONF" classify --json "$(ls "$WORK"/d/in/new/*spoofed)" \
	>"$WORK/spoofed.json"
assert_eq "classify shows the spoofed sender as unknown" "unknown" \
	"$(json_q 'd["role"]' <"$WORK/spoofed.json")"
assert_contains "classify says why" \
	"$(json_q 'd["distrust"]' <"$WORK/spoofed.json")" "DMARC fail"
run
assert_eq "spoofed and unauthenticated mails are not acted on" \
	"ignored ignored accepted" \
	"$(field spoofed outcome) $(field foreign outcome) $(field genuine outcome)"
assert_contains "the spoofed mail's reason names DMARC" \
	"$(field spoofed reason)" "DMARC fail"
assert_contains "the foreign header's mail names the missing header" \
	"$(field foreign reason)" "geen Authentication-Results van mx.hsmarnix.nl"
assert_eq "only the genuine mail is answered" 1 "$(outbox | json_q 'len(d)')"

finish
