/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for outgoing messages and school names: no header injection,
 * RFC 2047 encoding within 78 columns, CRLF everywhere, no line that ends
 * SMTP DATA, address checks; and finding schools by name, name without
 * prefix or BRIN, with ambiguity reported instead of guessed.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>

#include "db.h"
#include "mail.h"
#include "message.h"
#include "names.h"
#include "xmalloc.h"

/* 2023-01-26T09:00:00Z */
#define THURSDAY 1674723600

static struct outmsg
outmsg_default(void)
{
	struct outmsg	 o;

	memset(&o, 0, sizeof o);
	o.from_name = "Partnerschap";
	o.from_addr = "partnerschap@hsmarnix.nl";
	o.to_name = "Anne de Vries";
	o.to_addr = "boc@bestuur-brg.nl";
	o.subject = "Bevestiging aanmelding";
	o.message_id = "<hercert.1@hsmarnix.nl>";
	o.auto_submitted = "auto-replied";
	o.kind = "bevestiging";
	o.body = "Beste Anne,\n\nDank je wel.\n";
	o.date = THURSDAY;
	return (o);
}

static char *
build_ok(const struct outmsg *o, size_t *len)
{
	char	*cause = NULL, *msg;

	msg = message_build(o, len, &cause);
	if (msg == NULL)
		fail_msg("message_build: %s", cause);
	assert_int_equal(strlen(msg), *len);
	return (msg);
}

/* Every line ends in CRLF: no bare CR, no bare LF. */
static void
assert_crlf_only(const char *msg, size_t len)
{
	size_t	 i;

	assert_true(len >= 2);
	for (i = 0; i < len; i++) {
		if (msg[i] == '\r' && (i + 1 == len || msg[i + 1] != '\n'))
			fail_msg("bare CR at %zu", i);
		if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
			fail_msg("bare LF at %zu", i);
	}
	assert_memory_equal(msg + len - 2, "\r\n", 2);
}

/* The length of the header block, final empty line included. */
static size_t
header_len(const char *msg)
{
	const char	*end = strstr(msg, "\r\n\r\n");

	assert_non_null(end);
	return ((size_t)(end - msg) + 4);
}

/* How many lines of the header block start with name. */
static int
count_header(const char *msg, const char *name)
{
	size_t		 hlen = header_len(msg), nlen = strlen(name);
	const char	*p = msg;
	int		 n = 0;

	while (p < msg + hlen) {
		if (strncasecmp(p, name, nlen) == 0)
			n++;
		p = strstr(p, "\r\n") + 2;
	}
	return (n);
}

/* The longest line of len bytes, CRLF not counted. */
static size_t
longest_line(const char *msg, size_t len)
{
	const char	*p = msg, *end = msg + len, *nl;
	size_t		 max = 0;

	while (p < end) {
		nl = strstr(p, "\r\n");
		assert_non_null(nl);
		if ((size_t)(nl - p) > max)
			max = (size_t)(nl - p);
		p = nl + 2;
	}
	return (max);
}

/* Whether a line consists of a single dot (the end of SMTP DATA). */
static int
has_dot_line(const char *msg)
{
	return (strncmp(msg, ".\r\n", 3) == 0 ||
	    strstr(msg, "\r\n.\r\n") != NULL);
}

static struct mail *
reparse(const char *msg, size_t len)
{
	struct mail_limits	 lim = { 64 * 1024, 64 * 1024, 1024 * 1024 };
	struct mail		*m;
	char			*cause = NULL;

	m = mail_parse(msg, len, &lim, &cause);
	if (m == NULL)
		fail_msg("mail_parse: %s", cause);
	return (m);
}

static void
test_plain_message_has_all_headers(void **state)
{
	struct outmsg	 o = outmsg_default();
	const char	*old = getenv("TZ");
	char		*saved = old != NULL ? xstrdup(old) : NULL, *msg;
	size_t		 len;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	o.in_reply_to = "<abc@bestuur-brg.nl>";
	o.references = "<x@y> <abc@bestuur-brg.nl>";
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	assert_non_null(strstr(msg,
	    "Date: Thu, 26 Jan 2023 09:00:00 +0000\r\n"));
	assert_non_null(strstr(msg,
	    "From: \"Partnerschap\" <partnerschap@hsmarnix.nl>\r\n"));
	assert_non_null(strstr(msg,
	    "To: \"Anne de Vries\" <boc@bestuur-brg.nl>\r\n"));
	assert_non_null(strstr(msg, "Subject: Bevestiging aanmelding\r\n"));
	assert_non_null(strstr(msg,
	    "Message-ID: <hercert.1@hsmarnix.nl>\r\n"));
	assert_non_null(strstr(msg, "In-Reply-To: <abc@bestuur-brg.nl>\r\n"));
	assert_non_null(strstr(msg,
	    "References: <x@y>\r\n <abc@bestuur-brg.nl>\r\n"));
	assert_non_null(strstr(msg, "Auto-Submitted: auto-replied\r\n"));
	assert_non_null(strstr(msg, "X-Hercert-Kind: bevestiging\r\n"));
	assert_non_null(strstr(msg, "Content-Transfer-Encoding: "
	    "quoted-printable\r\n\r\nBeste Anne,\r\n\r\nDank je wel.\r\n"));
	free(msg);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

static void
test_subject_with_crlf_cannot_add_a_header(void **state)
{
	struct outmsg	 o = outmsg_default();
	char		*msg;
	size_t		 len;

	(void)state;
	o.subject = "Hallo\r\nBcc: x@example.org";
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	assert_int_equal(count_header(msg, "Bcc:"), 0);
	assert_int_equal(count_header(msg, "Subject:"), 1);
	assert_non_null(strstr(msg,
	    "\r\nSubject: Hallo Bcc: x@example.org\r\n"));
	free(msg);
	/* A lone LF or CR, or a NUL-free control character, likewise. */
	o.subject = "a\nBcc: x@example.org\rCc: y@example.org\x01";
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	assert_int_equal(count_header(msg, "Bcc:"), 0);
	assert_int_equal(count_header(msg, "Cc:"), 0);
	assert_non_null(strstr(msg,
	    "\r\nSubject: a Bcc: x@example.org Cc: y@example.org\r\n"));
	free(msg);
}

static void
test_display_names_cannot_add_a_header(void **state)
{
	struct outmsg	 o = outmsg_default();
	char		*msg;
	size_t		 len;

	(void)state;
	o.to_name = "Anne \"BOC\"\r\nBcc: x@example.org";
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	assert_int_equal(count_header(msg, "Bcc:"), 0);
	assert_non_null(strstr(msg, "\r\nTo: \"Anne \\\"BOC\\\" Bcc: "
	    "x@example.org\" <boc@bestuur-brg.nl>\r\n"));
	free(msg);
}

static void
test_non_ascii_subject_is_encoded_within_78_columns(void **state)
{
	struct outmsg	 o = outmsg_default();
	struct mail	*m;
	const char	*subject = "Bevestiging aanmelding hercertificering "
	    "donderdag 26 januari 2023: OBS De Regenboog, CBS ’t Palet, "
	    "RKBS Sint-Jozef en Basisschool Één – ‘ë’ © ß 日本";
	char		*msg;
	size_t		 len, hlen;

	(void)state;
	o.subject = subject;
	o.to_name = "Anne de Vriës";
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	hlen = header_len(msg);
	assert_true(longest_line(msg, hlen) <= 78);
	assert_non_null(strstr(msg, "=?UTF-8?B?"));
	/* No raw 8-bit byte in the header block. */
	for (len = 0; len < hlen; len++)
		assert_true((unsigned char)msg[len] < 0x80);
	len = strlen(msg);
	m = reparse(msg, len);
	assert_string_equal(m->subject, subject);
	assert_string_equal(m->from_addr, "partnerschap@hsmarnix.nl");
	assert_string_equal(mail_header(m, "X-Hercert-Kind"), "bevestiging");
	mail_free(m);
	free(msg);
}

static void
test_long_ascii_subject_is_folded_within_78_columns(void **state)
{
	struct outmsg	 o = outmsg_default();
	struct mail	*m;
	const char	*subject = "Bevestiging aanmelding hercertificering "
	    "donderdag 26 januari 2023 voor OBS De Regenboog en CBS De "
	    "Wegwijzer en RKBS Sint Jozef en OBS Het Kompas in Utrecht";
	char		*msg;
	size_t		 len;

	(void)state;
	o.subject = subject;
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	assert_true(longest_line(msg, header_len(msg)) <= 78);
	assert_null(strstr(msg, "=?"));
	m = reparse(msg, len);
	assert_string_equal(m->subject, subject);
	mail_free(m);
	free(msg);
}

static void
test_ascii_subject_that_looks_encoded_is_encoded(void **state)
{
	struct outmsg	 o = outmsg_default();
	struct mail	*m;
	char		*msg;
	size_t		 len;

	(void)state;
	o.subject = "=?UTF-8?B?QmNjOg==?= literally";
	msg = build_ok(&o, &len);
	assert_null(strstr(msg, "Subject: =?UTF-8?B?QmNjOg==?="));
	m = reparse(msg, len);
	assert_string_equal(m->subject, "=?UTF-8?B?QmNjOg==?= literally");
	mail_free(m);
	free(msg);
}

static void
test_body_line_endings_become_crlf(void **state)
{
	struct outmsg	 o = outmsg_default();
	const char	*body;
	char		*msg;
	size_t		 len;

	(void)state;
	o.body = "een\ntwee\rdrie\r\nvier";
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	body = msg + header_len(msg);
	assert_string_equal(body, "een\r\ntwee\r\ndrie\r\nvier\r\n");
	free(msg);
}

static void
test_lone_dot_line_is_qp_encoded(void **state)
{
	struct outmsg	 o = outmsg_default();
	const char	*body;
	char		*msg;
	size_t		 len;

	(void)state;
	o.body = "voor\n.\nna\r\n.\r\n..\n.punt";
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	assert_false(has_dot_line(msg));
	body = msg + header_len(msg);
	assert_string_equal(body,
	    "voor\r\n=2E\r\nna\r\n=2E\r\n=2E.\r\n=2Epunt\r\n");
	free(msg);
	o.body = ".";
	msg = build_ok(&o, &len);
	assert_false(has_dot_line(msg));
	free(msg);
}

static void
test_body_is_quoted_printable_within_76_columns(void **state)
{
	struct outmsg	 o = outmsg_default();
	struct mail	*m;
	char		*text, *msg, *want;
	const char	*body;
	size_t		 len, i;

	(void)state;
	text = xmalloc(401);
	for (i = 0; i < 400; i++)
		text[i] = "abc= \xc3\xa9\t"[i % 8];
	text[400] = '\0';
	want = xasprintf("%s\nregel met spatie \nprijs = 5 €\n", text);
	o.body = want;
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	body = msg + header_len(msg);
	assert_true(longest_line(body, strlen(body)) <= 76);
	assert_non_null(strstr(body, "spatie=20\r\n"));
	assert_non_null(strstr(body, "prijs =3D 5 =E2=82=AC\r\n"));
	for (i = 0; body[i] != '\0'; i++)
		assert_true((unsigned char)body[i] < 0x80);
	m = reparse(msg, len);
	assert_non_null(strstr(m->body, "regel met spatie \n"));
	assert_non_null(strstr(m->body, "prijs = 5 €"));
	mail_free(m);
	free(msg);
	free(want);
	free(text);
}

/*
 * Regression test for a fixed bug (daemon/message.c, message_qp_line): a '.' that lands at the start
 * of a line after a soft line break is not encoded, so a body line of 75
 * characters followed by "." yields the line "." on its own.
 */
static void
test_dot_after_soft_break_is_qp_encoded(void **state)
{
	struct outmsg	 o = outmsg_default();
	char		 text[80], *msg;
	size_t		 len;

	(void)state;
	memset(text, 'a', 75);
	text[75] = '.';
	text[76] = '\0';
	o.body = text;
	msg = build_ok(&o, &len);
	assert_false(has_dot_line(msg));
	free(msg);
}

/*
 * Regression test for a fixed bug (daemon/message.c, message_address_header): the address follows the
 * last encoded word of a display name on the same line, so a non-ASCII
 * name of 30-odd bytes makes a To line longer than 78 characters (RFC 5322
 * section 2.1.1 SHOULD). The Subject, folded before its first word, keeps
 * within the limit.
 */
static void
test_encoded_display_name_keeps_within_78_columns(void **state)
{
	struct outmsg	 o = outmsg_default();
	char		*msg;
	size_t		 len;

	(void)state;
	o.to_name = "Stichting Bergrivier \xe2\x80\x93 Anne de Vri\xc3\xabs";
	o.to_addr = "secretariaat.boc@bestuur-bergrivier.nl";
	msg = build_ok(&o, &len);
	assert_true(longest_line(msg, header_len(msg)) <= 78);
	free(msg);
}

static void
test_invalid_addresses_are_refused(void **state)
{
	static const char *const bad[] = {
		"", "boc", "boc.example.org", "@example.org", "boc@",
		"a\r@example.org", "a@example.org\r\nBcc: x@example.org",
		"<a@example.org>", "Anne <a@example.org>", "a b@example.org",
		"a@b@example.org", "a@exa mple.org", "a@.example.org",
		"a@example.org.", "a@exam_ple.org", "a\"@example.org",
		"a,b@example.org", "a;b@example.org", "a@exämple.org",
	};
	static const char *const good[] = {
		"boc@bestuur-brg.nl", "first.last+tag@sub.example.org",
		"A.B@Example.ORG", "o'brien@example.ie",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (message_address_valid(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
	}
	for (i = 0; i < sizeof good / sizeof *good; i++) {
		if (!message_address_valid(good[i]))
			fail_msg("\"%s\" refused", good[i]);
	}
}

static void
test_build_refuses_bad_address_or_message_id(void **state)
{
	struct outmsg	 o = outmsg_default();
	char		*cause = NULL;
	size_t		 len;

	(void)state;
	o.to_addr = "boc@bestuur-brg.nl\r\nBcc: x@example.org";
	assert_null(message_build(&o, &len, &cause));
	assert_string_equal(cause, "invalid address \"boc@bestuur-brg.nl\r\n"
	    "Bcc: x@example.org\"");
	free(cause);
	o = outmsg_default();
	o.from_addr = "<partnerschap@hsmarnix.nl>";
	assert_null(message_build(&o, &len, &cause));
	assert_string_equal(cause,
	    "invalid address \"<partnerschap@hsmarnix.nl>\"");
	free(cause);
	o = outmsg_default();
	o.message_id = "<a b@x>";
	assert_null(message_build(&o, &len, &cause));
	assert_string_equal(cause, "invalid Message-ID \"<a b@x>\"");
	free(cause);
	o.message_id = "no-brackets@x";
	assert_null(message_build(&o, &len, &cause));
	free(cause);
}

static void
test_bad_reply_ids_are_left_out(void **state)
{
	struct outmsg	 o = outmsg_default();
	char		*msg;
	size_t		 len;

	(void)state;
	o.in_reply_to = "<a@x>\r\nBcc: y@example.org";
	o.references = "<ok@x> junk <a\r\nBcc:@x> <also@ok>";
	msg = build_ok(&o, &len);
	assert_crlf_only(msg, len);
	assert_int_equal(count_header(msg, "In-Reply-To:"), 0);
	assert_int_equal(count_header(msg, "Bcc:"), 0);
	assert_non_null(strstr(msg, "References: <ok@x>\r\n <also@ok>\r\n"));
	free(msg);
	o.references = "junk";
	msg = build_ok(&o, &len);
	assert_int_equal(count_header(msg, "References:"), 0);
	free(msg);
}

/* Schools as master data has them. */
static struct school	 s_regenboog = {
	.brin = (char *)(uintptr_t)"12AB",
	.name = (char *)(uintptr_t)"OBS De Regenboog",
};
static struct school	 s_wegwijzer = {
	.brin = (char *)(uintptr_t)"34CD",
	.name = (char *)(uintptr_t)"CBS De Wegwijzer",
};
static struct school	 s_jozef = {
	.brin = (char *)(uintptr_t)"78GH",
	.name = (char *)(uintptr_t)"Sint-Jozef",
};
static struct school	 s_palet = {
	.brin = (char *)(uintptr_t)"90IJ",
	.name = (char *)(uintptr_t)"\xe2\x80\x99t Palet",	/* ’t Palet */
};
static struct school	 s_regenboog2 = {
	.brin = (char *)(uintptr_t)"11ZZ",
	.name = (char *)(uintptr_t)"CBS De Regenboog",
};

static struct school	 s_regenboot = {
	.brin = (char *)(uintptr_t)"22YY",
	.name = (char *)(uintptr_t)"OBS De Regenboot",
};

static struct school *const schools[] = {
	&s_regenboog, &s_wegwijzer, &s_jozef, &s_palet,
};

/* text must name exactly the one school want (an index into schools). */
static void
assert_finds(const char *text, size_t want)
{
	size_t		 hits[8], n;
	char		*amb;

	if (names_find_schools(schools, 4, text, NAMES_IN_TEXT, hits, 8, &n,
	    &amb) != NAMES_OK)
		fail_msg("\"%s\": ambiguous: %s", text, amb);
	assert_null(amb);
	if (n != 1 || hits[0] != want)
		fail_msg("\"%s\": %zu hits, first %zu; want only %zu", text,
		    n, n > 0 ? hits[0] : 99, want);
}

static void
assert_finds_none(const char *text)
{
	size_t		 hits[8], n;
	char		*amb;

	assert_int_equal(names_find_schools(schools, 4, text, NAMES_IN_TEXT,
	    hits, 8, &n, &amb), NAMES_OK);
	if (n != 0)
		fail_msg("\"%s\": %zu hits, first %zu", text, n, hits[0]);
}

static void
test_names_fold_and_core(void **state)
{
	char	*s;

	(void)state;
	s = names_fold("OBS  De Regenboog!");
	assert_string_equal(s, " obs de regenboog ");
	free(s);
	s = names_fold("Basisschool Één_Twee");
	assert_string_equal(s, " basisschool een twee ");
	free(s);
	s = names_fold("\xe2\x80\x99t Palet");
	assert_string_equal(s, " t palet ");
	free(s);
	s = names_core("OBS De Regenboog");
	assert_string_equal(s, " regenboog ");
	free(s);
	s = names_core("RKBS Sint-Jozef");
	assert_string_equal(s, " sint jozef ");
	free(s);
	/* The last word is never taken for a prefix. */
	s = names_core("De School");
	assert_string_equal(s, " school ");
	free(s);
}

static void
test_school_found_by_name_without_prefix(void **state)
{
	(void)state;
	assert_finds("Aanmelding voor Regenboog graag", 0);
	assert_finds("OBS De Regenboog", 0);
	assert_finds("de REGENBOOG en verder niets", 0);
	assert_finds("Wegwijzer", 1);
}

/* A one-word name is a common noun unless written with a capital. */
static void
test_one_word_name_needs_a_capital(void **state)
{
	(void)state;
	assert_finds_none("er is nog ruimte voor een regenboog");
	assert_finds_none("de wegwijzer wijst de weg");
	assert_finds("OBS de regenboog", 0);	/* the whole name: any case */
	assert_finds("Aanmelding_Regenboog.pdf", 0);
}

static void
test_school_found_despite_punctuation_and_hyphens(void **state)
{
	(void)state;
	assert_finds("aanmelding sint jozef", 2);
	assert_finds("Sint-Jozef", 2);
	assert_finds("RKBS Sint Jozef, Nieuwegein", 2);
}

static void
test_school_with_apostrophe_prefix_found_in_every_spelling(void **state)
{
	(void)state;
	assert_finds("\xe2\x80\x99t Palet", 3);
	assert_finds("'t Palet", 3);
	assert_finds("`t palet", 3);
	assert_finds("Het Palet", 3);
	assert_finds("Palet", 3);
}

static void
test_school_found_by_brin_in_any_case(void **state)
{
	(void)state;
	assert_finds("school 12ab doet mee", 0);
	assert_finds("(34CD)", 1);
	assert_finds_none("12ABC");
}

static void
test_school_names_match_whole_words_only(void **state)
{
	(void)state;
	assert_finds_none("de regenboogschool");
	assert_finds_none("paletten en wegwijzers");
	assert_finds_none("");
}

static void
test_one_typo_in_a_long_word_is_forgiven(void **state)
{
	(void)state;
	assert_finds("Aanmelding OBS De Regenbog en zo", 0);	/* missing */
	assert_finds("de Wegwijzr", 1);
	assert_finds("CBS De Wegwjizer", 1);			/* swapped */
	assert_finds("Wegwijzre", 1);				/* swapped */
	assert_finds("De Regenboeg", 0);			/* wrong */
	assert_finds("De Reggenboog", 0);			/* extra */
}

static void
test_typos_beyond_one_or_in_short_words_are_not(void **state)
{
	(void)state;
	assert_finds_none("de Regnbog");		/* two typos */
	assert_finds_none("t Palt");			/* five letters */
	assert_finds_none("sint josef jozef");		/* "sint" x "jozef" */
	assert_finds_none("de Wegwijzers");		/* plural, not a typo */
	assert_finds_none("de wegwijzr");		/* no capital */
}

/* File names are often all lower case: no capital is asked there. */
static void
test_file_names_need_no_capital(void **state)
{
	size_t	 hits[8], n;
	char	*amb;

	(void)state;
	assert_int_equal(names_find_schools(schools, 4,
	    "preadvies_regenboog.pdf", NAMES_IN_FILE_NAME, hits, 8, &n, &amb),
	    NAMES_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0], 0);
	assert_int_equal(names_find_schools(schools, 4,
	    "teamverslag wegwijzr.docx", NAMES_IN_FILE_NAME, hits, 8, &n,
	    &amb), NAMES_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0], 1);
}

static void
test_typo_fitting_two_schools_is_ambiguous(void **state)
{
	struct school *const	 two[] = { &s_regenboog, &s_regenboot };
	size_t			 hits[8], n;
	char			*amb;

	(void)state;
	assert_int_equal(names_find_schools(two, 2, "de Regenbook",
	    NAMES_IN_TEXT, hits, 8, &n, &amb), NAMES_AMBIGUOUS);
	assert_int_equal(n, 0);
	assert_non_null(strstr(amb, "past bij"));
	free(amb);
}

static void
test_several_schools_in_one_text(void **state)
{
	size_t	 hits[8], n;
	char	*amb;

	(void)state;
	assert_int_equal(names_find_schools(schools, 4, "OBS De Regenboog en "
	    "CBS De Wegwijzer", NAMES_IN_TEXT, hits, 8, &n, &amb), NAMES_OK);
	assert_int_equal(n, 2);
	assert_int_equal(hits[0], 0);
	assert_int_equal(hits[1], 1);
	assert_int_equal(names_find_schools(schools, 4, "OBS De Regenboog en "
	    "CBS De Wegwijzer", NAMES_IN_TEXT, hits, 1, &n, &amb), NAMES_OK);
	assert_int_equal(n, 1);
}

static void
test_shared_core_name_is_ambiguous(void **state)
{
	struct school *const two[] = { &s_regenboog, &s_regenboog2 };
	size_t		 hits[8], n;
	char		*amb;

	(void)state;
	assert_int_equal(names_find_schools(two, 2, "aanmelding Regenboog",
	    NAMES_IN_TEXT, hits, 8, &n, &amb), NAMES_AMBIGUOUS);
	assert_int_equal(n, 0);
	assert_non_null(amb);
	assert_non_null(strstr(amb, "regenboog"));
	assert_non_null(strstr(amb, "OBS De Regenboog (12AB)"));
	assert_non_null(strstr(amb, "CBS De Regenboog (11ZZ)"));
	free(amb);
	/* The full name settles it. */
	assert_int_equal(names_find_schools(two, 2, "aanmelding CBS De "
	    "Regenboog", NAMES_IN_TEXT, hits, 8, &n, &amb), NAMES_OK);
	assert_null(amb);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0], 1);
	/* So does the BRIN. */
	assert_int_equal(names_find_schools(two, 2, "Regenboog 12AB",
	    NAMES_IN_TEXT, hits, 8, &n, &amb), NAMES_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0], 0);
}

/* Two schools of one name in different places: the place decides. */
static void
test_place_tells_namesakes_apart(void **state)
{
	struct school	 a = { .brin = (char *)(uintptr_t)"54FT",
	    .name = (char *)(uintptr_t)"OBS De Fontein",
	    .place = (char *)(uintptr_t)"Hagestein" };
	struct school	 b = { .brin = (char *)(uintptr_t)"55FN",
	    .name = (char *)(uintptr_t)"CBS De Fontein",
	    .place = (char *)(uintptr_t)"Schoonhoven" };
	struct school *const two[] = { &a, &b };
	size_t		 hits[8], n;
	char		*amb;

	(void)state;
	assert_int_equal(names_find_schools(two, 2, "De Fontein in "
	    "Schoonhoven", NAMES_IN_TEXT, hits, 8, &n, &amb), NAMES_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0], 1);
	assert_int_equal(names_find_schools(two, 2, "De Fontein",
	    NAMES_IN_TEXT, hits, 8, &n, &amb), NAMES_AMBIGUOUS);
	assert_int_equal(n, 0);
	free(amb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_message_has_all_headers),
		cmocka_unit_test(test_subject_with_crlf_cannot_add_a_header),
		cmocka_unit_test(test_display_names_cannot_add_a_header),
		cmocka_unit_test(test_non_ascii_subject_is_encoded_within_78_columns),
		cmocka_unit_test(test_long_ascii_subject_is_folded_within_78_columns),
		cmocka_unit_test(test_ascii_subject_that_looks_encoded_is_encoded),
		cmocka_unit_test(test_body_line_endings_become_crlf),
		cmocka_unit_test(test_lone_dot_line_is_qp_encoded),
		cmocka_unit_test(test_body_is_quoted_printable_within_76_columns),
		cmocka_unit_test(test_invalid_addresses_are_refused),
		cmocka_unit_test(test_build_refuses_bad_address_or_message_id),
		cmocka_unit_test(test_bad_reply_ids_are_left_out),
		cmocka_unit_test(test_names_fold_and_core),
		cmocka_unit_test(test_school_found_by_name_without_prefix),
		cmocka_unit_test(test_one_word_name_needs_a_capital),
		cmocka_unit_test(test_school_found_despite_punctuation_and_hyphens),
		cmocka_unit_test(test_school_with_apostrophe_prefix_found_in_every_spelling),
		cmocka_unit_test(test_school_found_by_brin_in_any_case),
		cmocka_unit_test(test_school_names_match_whole_words_only),
		cmocka_unit_test(test_one_typo_in_a_long_word_is_forgiven),
		cmocka_unit_test(test_typos_beyond_one_or_in_short_words_are_not),
		cmocka_unit_test(test_typo_fitting_two_schools_is_ambiguous),
		cmocka_unit_test(test_file_names_need_no_capital),
		cmocka_unit_test(test_several_schools_in_one_text),
		cmocka_unit_test(test_shared_core_name_is_ambiguous),
		cmocka_unit_test(test_place_tells_namesakes_apart),
		cmocka_unit_test(test_dot_after_soft_break_is_qp_encoded),
		cmocka_unit_test(test_encoded_display_name_keeps_within_78_columns),
	};
	int	rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return (rc);
}
