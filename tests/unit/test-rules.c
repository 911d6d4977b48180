/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the rule files and the classifier: the real rules/
 * directory (the tests run from the repository root), every load error
 * with its file and line, classification of small literal mails, and a
 * backtracking pattern that must end in manual review, quickly.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "classify.h"
#include "mail.h"
#include "re.h"
#include "rules.h"
#include "testutil.h"
#include "xmalloc.h"

#define RULES_DIR "rules"

struct fixture {
	char	*dir;
	char	*files[4];		/* the paths write_rules returned */
	size_t	 nfiles;
};

static int
setup(void **state)
{
	struct fixture	*fx;

	fx = xcalloc(1, sizeof *fx);
	if ((fx->dir = testutil_tmpdir("test-rules")) == NULL) {
		free(fx);
		return (-1);
	}
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;
	size_t		 i;

	testutil_rmtree(fx->dir);
	for (i = 0; i < fx->nfiles; i++)
		free(fx->files[i]);
	free(fx->dir);
	free(fx);
	re_set_limits(1000000, 65536);
	return (0);
}

/* Write name in the test's directory; returns its path. */
static const char *
write_rules(void **state, const char *name, const char *text)
{
	struct fixture	*fx = *state;
	char		*path;

	assert_true(fx->nfiles < 4);
	path = xasprintf("%s/%s", fx->dir, name);
	fx->files[fx->nfiles++] = path;
	testutil_write_str(path, text);
	return (path);
}

static struct ruleset *
load_ok(const char *dir)
{
	struct ruleset	*rs;
	char		*cause = NULL;

	rs = ruleset_load(dir, &cause);
	if (rs == NULL)
		fail_msg("ruleset_load: %s", cause);
	return (rs);
}

/* Load one file of text, which must fail with "<path>" + want. */
static void
assert_rules_error(void **state, const char *text, const char *want)
{
	struct fixture	*fx = *state;
	const char	*path;
	char		*cause = NULL, *expected;

	path = write_rules(state, "10-test.rules", text);
	assert_null(ruleset_load(fx->dir, &cause));
	assert_non_null(cause);
	expected = xasprintf("%s%s", path, want);
	assert_string_equal(cause, expected);
	free(expected);
	free(cause);
}

/* Classify text with the real rules; the class and the rule's name. */
static void
assert_class(const char *text, const char *class, const char *rule)
{
	struct ruleset		*rs = load_ok(RULES_DIR);
	struct mail		*m = testutil_mail(text);
	struct classification	 c;

	/* The test mails' BOC writes from boc@; anyone else is a stranger. */
	assert_int_equal(classify(rs, m, strstr(text, "From: boc@") != NULL ?
	    "boc" : "unknown", &c), 0);
	assert_int_equal(c.review, 0);
	assert_null(c.reason);
	assert_string_equal(c.class, class);
	if (rule == NULL)
		assert_null(c.rule);
	else {
		assert_non_null(c.rule);
		assert_string_equal(c.rule->name, rule);
	}
	classification_clear(&c);
	mail_free(m);
	ruleset_free(rs);
}

static void
test_real_rules_directory_loads(void **state)
{
	struct ruleset	*rs = load_ok(RULES_DIR);
	size_t		 i, automatic = SIZE_MAX;
	int		 found = 0;

	(void)state;
	assert_true(rs->nfiles >= 3);
	assert_true(rs->nrules >= 5);
	assert_true(rs->ndates >= 3);
	for (i = 0; i < rs->nrules; i++) {
		assert_non_null(rs->rules[i].class);
		assert_true(rs->rules[i].nconds > 0);
		if (strcmp(rs->rules[i].name, "automatisch-auto-submitted") ==
		    0)
			automatic = i;
		if (strcmp(rs->rules[i].name, "aanmelding") == 0) {
			/* File order: automatic replies are caught first. */
			assert_true(automatic < i);
			found = 1;
			assert_string_equal(rs->rules[i].class, "aanmelding");
			assert_true(rs->rules[i].date_fields &
			    RULE_FIELD_BIT(RULE_FIELD_SUBJECT));
			assert_true(rs->rules[i].school_fields &
			    RULE_FIELD_BIT(RULE_FIELD_BODY));
			assert_non_null(strstr(rs->rules[i].file,
			    "20-aanmelding.rules"));
		}
	}
	assert_true(found);
	ruleset_free(rs);
}

static void
test_rule_fields_conditions_and_lines_are_kept(void **state)
{
	struct fixture	*fx = *state;
	struct ruleset	*rs;

	write_rules(state, "a.rules", "# comment\n\n"
	    "rule een\n"
	    "\tclass   vraag\n"
	    "\tmatch   header:X-Test  /^ja$/\n"
	    "\tnot     from  /@example\\.org$/i\n"
	    "\tschools subject attachment\n"
	    "date kort /(?<day>\\d+)\\/(?<month>\\d+)/\n");
	rs = load_ok(fx->dir);
	assert_int_equal(rs->nrules, 1);
	assert_string_equal(rs->rules[0].name, "een");
	assert_int_equal(rs->rules[0].line, 3);
	assert_int_equal(rs->rules[0].nconds, 2);
	assert_int_equal(rs->rules[0].conds[0].field, RULE_FIELD_HEADER);
	assert_string_equal(rs->rules[0].conds[0].header, "X-Test");
	assert_int_equal(rs->rules[0].conds[0].negate, 0);
	assert_int_equal(rs->rules[0].conds[0].line, 5);
	assert_int_equal(rs->rules[0].conds[1].field, RULE_FIELD_FROM);
	assert_int_equal(rs->rules[0].conds[1].negate, 1);
	assert_string_equal(re_pattern(rs->rules[0].conds[1].re),
	    "@example\\.org$");
	assert_int_equal(rs->rules[0].school_fields,
	    RULE_FIELD_BIT(RULE_FIELD_SUBJECT) |
	    RULE_FIELD_BIT(RULE_FIELD_ATTACHMENT));
	assert_int_equal(rs->rules[0].date_fields, 0);
	assert_int_equal(rs->ndates, 1);
	assert_string_equal(rs->dates[0].name, "kort");
	assert_string_equal(re_pattern(rs->dates[0].re),
	    "(?<day>\\d+)\\/(?<month>\\d+)");
	ruleset_free(rs);
}

static void
test_only_rules_files_load_in_name_order(void **state)
{
	struct fixture	*fx = *state;
	struct ruleset	*rs;

	write_rules(state, "20-b.rules", "rule b\n class vraag\n"
	    " match subject /b/\n");
	write_rules(state, "10-a.rules", "rule a\n class vraag\n"
	    " match subject /a/\n");
	write_rules(state, "README", "this is not a rule file\n");
	write_rules(state, "30-c.rules~", "broken\n");
	rs = load_ok(fx->dir);
	assert_int_equal(rs->nfiles, 2);
	assert_int_equal(rs->nrules, 2);
	assert_string_equal(rs->rules[0].name, "a");
	assert_string_equal(rs->rules[1].name, "b");
	ruleset_free(rs);
}

static void
test_unknown_keyword_names_file_and_line(void **state)
{
	assert_rules_error(state, "rule x\n\tclass vraag\n"
	    "\tmatch subject /a/\n\tpriority 3\n",
	    ":4: unknown keyword \"priority\" (rule, class, match, not, "
	    "dates, schools, date, kind)");
}

static void
test_unknown_class_is_refused(void **state)
{
	assert_rules_error(state, "rule x\n\tclass spam\n",
	    ":2: unknown class \"spam\" (aanmelding, documenten, reflectie, "
	    "checklist, vraag, automatisch or onbekend)");
}

static void
test_bad_regex_names_offset(void **state)
{
	assert_rules_error(state, "rule x\n\tclass vraag\n"
	    "\tmatch subject /ab(c/\n",
	    ":3: pattern /ab(c/: at offset 4: missing closing parenthesis");
}

static void
test_unknown_regex_flag_is_refused(void **state)
{
	assert_rules_error(state, "rule x\n\tclass vraag\n"
	    "\tmatch subject /abc/ig\n",
	    ":3: pattern /abc/: unknown flag 'g' (use i, x, s or m)");
}

static void
test_pattern_without_slashes_is_refused(void **state)
{
	assert_rules_error(state, "rule x\n\tclass vraag\n"
	    "\tmatch subject abc\n",
	    ":3: expected /pattern/ with optional flags");
}

static void
test_unknown_field_is_refused(void **state)
{
	assert_rules_error(state, "rule x\n\tclass vraag\n"
	    "\tmatch sender /a/\n",
	    ":3: unknown field \"sender\" (from, to, subject, body, "
	    "attachment, role or header:NAME)");
}

static void
test_dates_from_a_field_that_cannot_hold_them_is_refused(void **state)
{
	assert_rules_error(state, "rule x\n\tclass vraag\n"
	    "\tmatch subject /a/\n\tdates subject from\n",
	    ":4: dates: field \"from\" cannot hold it");
}

static void
test_keyword_outside_rule_is_refused(void **state)
{
	assert_rules_error(state, "# no rule yet\n\tmatch subject /a/\n",
	    ":2: \"match\" outside a rule (start one with \"rule NAME\")");
}

static void
test_rule_without_class_names_rule_line(void **state)
{
	assert_rules_error(state, "\nrule x\n\tmatch subject /a/\n\n"
	    "rule y\n\tclass vraag\n\tmatch subject /b/\n",
	    ":2: rule x: no class");
}

static void
test_last_rule_without_class_is_refused(void **state)
{
	assert_rules_error(state, "rule x\n\tclass vraag\n"
	    "\tmatch subject /a/\nrule y\n\tmatch subject /b/\n",
	    ":4: rule y: no class");
}

static void
test_rule_without_condition_is_refused(void **state)
{
	assert_rules_error(state, "rule x\n\tclass vraag\n",
	    ":1: rule x: no match or not condition");
}

static void
test_rule_defined_twice_names_first(void **state)
{
	struct fixture	*fx = *state;
	const char	*first;
	char		*cause = NULL, *want;

	first = write_rules(state, "10-a.rules", "rule x\n\tclass vraag\n"
	    "\tmatch subject /a/\n");
	write_rules(state, "20-b.rules", "\nrule x\n\tclass vraag\n"
	    "\tmatch subject /b/\n");
	assert_null(ruleset_load(fx->dir, &cause));
	want = xasprintf("%s/20-b.rules:2: rule x: already defined at %s:1",
	    fx->dir, first);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
}

static void
test_empty_directory_has_no_rules(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL, *want;

	assert_null(ruleset_load(fx->dir, &cause));
	want = xasprintf("%s: no rules (*.rules files)", fx->dir);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
}

static void
test_missing_directory_is_refused(void **state)
{
	char	*cause = NULL;

	(void)state;
	assert_null(ruleset_load("/nonexistent/hercert-rules", &cause));
	assert_non_null(strstr(cause, "/nonexistent/hercert-rules: "));
	free(cause);
}

static void
test_registration_subject_is_aanmelding_with_date_and_schools(void **state)
{
	struct ruleset		*rs = load_ok(RULES_DIR);
	struct mail		*m;
	struct classification	 c;

	(void)state;
	m = testutil_mail("From: Anne de Vries <BOC@Bestuur-BRG.nl>\r\n"
	    "To: partnerschap@hsmarnix.nl\r\n"
	    "Subject: Aanmelding hercertificering 26 januari 2023: OBS De "
	    "Regenboog en CBS De Wegwijzer\r\n"
	    "Message-ID: <1@bestuur-brg.nl>\r\n"
	    "\r\n"
	    "Beste partnerschap,\r\n\r\nHierbij de aanmelding.\r\n");
	assert_string_equal(m->from_addr, "boc@bestuur-brg.nl");
	assert_int_equal(classify(rs, m, "boc", &c), 0);
	assert_int_equal(c.review, 0);
	assert_string_equal(c.class, "aanmelding");
	assert_non_null(c.rule);
	assert_string_equal(c.rule->name, "aanmelding");
	assert_int_equal(c.ndates, 1);
	assert_int_equal(c.dates[0].day, 26);
	assert_int_equal(c.dates[0].month, 1);
	assert_int_equal(c.dates[0].year, 2023);
	assert_non_null(c.school_text);
	assert_non_null(strstr(c.school_text, "OBS De Regenboog"));
	assert_non_null(strstr(c.school_text, "Hierbij de aanmelding."));
	classification_clear(&c);
	assert_null(c.school_text);
	mail_free(m);
	ruleset_free(rs);
}

static void
test_registration_announced_in_body_is_aanmelding(void **state)
{
	(void)state;
	assert_class("From: boc@bestuur-brg.nl\r\n"
	    "Subject: Hercertificering 26 januari\r\n\r\n"
	    "Beste,\r\nHierbij meld ik OBS De Regenboog aan.\r\n",
	    "aanmelding", "aanmelding-in-tekst");
}

static void
test_auto_submitted_reply_is_automatisch(void **state)
{
	(void)state;
	assert_class("From: boc@bestuur-brg.nl\r\n"
	    "Auto-Submitted: auto-replied\r\n"
	    "Subject: Re: Aanmelding hercertificering 26 januari 2023\r\n\r\n"
	    "Ik ben er niet.\r\n",
	    "automatisch", "automatisch-auto-submitted");
}

static void
test_auto_submitted_no_is_not_automatic(void **state)
{
	(void)state;
	assert_class("From: boc@bestuur-brg.nl\r\n"
	    "Auto-Submitted: no\r\n"
	    "Subject: Aanmelding hercertificering 26 januari 2023\r\n\r\n"
	    "Zie onderwerp.\r\n", "aanmelding", "aanmelding");
}

static void
test_out_of_office_subject_is_automatisch(void **state)
{
	(void)state;
	assert_class("From: boc@bestuur-brg.nl\r\n"
	    "Subject: Out of Office: Aanmelding hercertificering\r\n\r\n"
	    "Tot maandag.\r\n", "automatisch", "automatisch-afwezig");
	assert_class("From: boc@bestuur-brg.nl\r\n"
	    "Subject: Automatisch antwoord: aanmelding\r\n\r\n"
	    "Tot maandag.\r\n", "automatisch", "automatisch-afwezig");
}

static void
test_delivery_report_is_automatisch(void **state)
{
	(void)state;
	assert_class("From: Mail System <noreply@mail.example.org>\r\n"
	    "Subject: Undelivered Mail Returned to Sender\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/report; report-type=delivery-status;\r\n"
	    "\tboundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: text/plain\r\n\r\nFailed.\r\n--b1--\r\n",
	    "automatisch", "automatisch-bounce");
}

static void
test_unrelated_mail_is_onbekend(void **state)
{
	(void)state;
	assert_class("From: someone@example.org\r\n"
	    "Subject: Vraag over parkeren bij de hogeschool\r\n\r\n"
	    "Waar kan ik parkeren?\r\n", "onbekend", NULL);
}

/* The same mail from a BOC is a question for the coordinator. */
static void
test_unrelated_mail_from_a_boc_is_vraag(void **state)
{
	(void)state;
	assert_class("From: boc@bestuur-brg.nl\r\n"
	    "Subject: Vraag over parkeren bij de hogeschool\r\n\r\n"
	    "Waar kan ik parkeren?\r\n", "vraag", "vraag");
}

/* A mail built by hand, with a header and an attachment. */
static void
test_header_not_and_attachment_conditions(void **state)
{
	struct fixture		*fx = *state;
	struct ruleset		*rs;
	struct mail_header	 hdrs[] = {
		{ (char *)(uintptr_t)"X-Test", (char *)(uintptr_t)"nee" },
		{ (char *)(uintptr_t)"x-test", (char *)(uintptr_t)"ja" },
	};
	char			*att[] = { (char *)(uintptr_t)"checklist.pdf" };
	struct mail		 m;
	struct classification	 c;

	write_rules(state, "a.rules",
	    "rule niet-van-ons\n\tclass vraag\n\tmatch header:X-Test /^ja$/\n"
	    "\tnot from /@hsmarnix\\.nl$/\n"
	    "rule checklist\n\tclass checklist\n"
	    "\tmatch attachment /checklist/i\n");
	rs = load_ok(fx->dir);
	memset(&m, 0, sizeof m);
	m.headers = hdrs;
	m.nheaders = 2;
	m.from_addr = (char *)(uintptr_t)"a@hsmarnix.nl";
	m.subject = (char *)(uintptr_t)"";
	m.body = (char *)(uintptr_t)"";
	m.attachments = att;
	m.nattachments = 1;
	classify(rs, &m, "boc", &c);
	assert_string_equal(c.class, "checklist");
	assert_string_equal(c.rule->name, "checklist");
	classification_clear(&c);
	m.from_addr = (char *)(uintptr_t)"a@example.org";
	classify(rs, &m, "boc", &c);
	assert_string_equal(c.class, "vraag");
	assert_string_equal(c.rule->name, "niet-van-ons");
	classification_clear(&c);
	m.nattachments = 0;
	m.from_addr = NULL;	/* no sender: matched as "" */
	hdrs[1].value = (char *)(uintptr_t)"nee";
	classify(rs, &m, "boc", &c);
	assert_string_equal(c.class, "onbekend");
	assert_null(c.rule);
	classification_clear(&c);
	ruleset_free(rs);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9);
}

static void
test_backtracking_pattern_sends_mail_to_review_quickly(void **state)
{
	struct fixture		*fx = *state;
	struct ruleset		*rs;
	struct mail		 m;
	struct classification	 c;
	struct timespec		 t0;
	const char		*path;
	char			*subject, *want;

	path = write_rules(state, "50-evil.rules",
	    "rule evil\n\tclass vraag\n\tmatch subject /^(\\w+\\s?)*$/\n"
	    "rule fallback\n\tclass documenten\n\tmatch subject /a/\n");
	rs = load_ok(fx->dir);
	subject = xmalloc(5002);
	memset(subject, 'a', 5000);
	subject[5000] = '!';
	subject[5001] = '\0';
	memset(&m, 0, sizeof m);
	m.subject = subject;
	m.body = (char *)(uintptr_t)"";
	re_set_limits(10000, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(classify(rs, &m, "boc", &c), 0);
	assert_true(seconds_since(&t0) < 1.0);
	assert_int_equal(c.review, 1);
	assert_null(c.rule);
	assert_string_equal(c.class, "onbekend");
	want = xasprintf("rule evil (%s:3) hit its match limit", path);
	assert_string_equal(c.reason, want);
	free(want);
	classification_clear(&c);
	/* The same pattern on harmless text decides normally. */
	subject[10] = '\0';
	assert_int_equal(classify(rs, &m, "boc", &c), 0);
	assert_int_equal(c.review, 0);
	assert_string_equal(c.class, "vraag");
	classification_clear(&c);
	free(subject);
	ruleset_free(rs);
}

static void
test_re_exec_reports_limit_match_and_groups(void **state)
{
	struct re	*re;
	struct re_match	 m;
	char		*cause = NULL, *text;
	size_t		 s, e;

	(void)state;
	re = re_compile("(?<word>[[:alpha:]]+)-(?<n>\\d+)", "i", &cause);
	assert_non_null(re);
	assert_int_equal(re_exec(re, "xx Ábc-42", 10, 0, &m), RE_MATCH);
	assert_int_equal(re_group(re, &m, "n", &s, &e), 0);
	assert_int_equal(s, 8);
	assert_int_equal(e, 10);
	assert_int_equal(re_group(re, &m, "nope", &s, &e), -1);
	assert_int_equal(re_exec(re, "xx Ábc-42", 10, 9, &m), RE_NOMATCH);
	re_free(re);
	assert_null(re_compile("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)"
	    "(o)(p)", "", &cause));
	assert_string_equal(cause, "16 capture groups (at most 15)");
	free(cause);
	re = re_compile("^(a+)+$", "", &cause);
	assert_non_null(re);
	text = xmalloc(102);
	memset(text, 'a', 100);
	text[100] = 'b';
	text[101] = '\0';
	re_set_limits(1000, 0);
	assert_int_equal(re_exec(re, text, 101, 0, &m), RE_LIMIT);
	free(text);
	re_free(re);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_real_rules_directory_loads),
		T(test_rule_fields_conditions_and_lines_are_kept),
		T(test_only_rules_files_load_in_name_order),
		T(test_unknown_keyword_names_file_and_line),
		T(test_unknown_class_is_refused),
		T(test_bad_regex_names_offset),
		T(test_unknown_regex_flag_is_refused),
		T(test_pattern_without_slashes_is_refused),
		T(test_unknown_field_is_refused),
		T(test_dates_from_a_field_that_cannot_hold_them_is_refused),
		T(test_keyword_outside_rule_is_refused),
		T(test_rule_without_class_names_rule_line),
		T(test_last_rule_without_class_is_refused),
		T(test_rule_without_condition_is_refused),
		T(test_rule_defined_twice_names_first),
		T(test_empty_directory_has_no_rules),
		T(test_missing_directory_is_refused),
		T(test_registration_subject_is_aanmelding_with_date_and_schools),
		T(test_registration_announced_in_body_is_aanmelding),
		T(test_auto_submitted_reply_is_automatisch),
		T(test_auto_submitted_no_is_not_automatic),
		T(test_out_of_office_subject_is_automatisch),
		T(test_delivery_report_is_automatisch),
		T(test_unrelated_mail_is_onbekend),
		T(test_unrelated_mail_from_a_boc_is_vraag),
		T(test_header_not_and_attachment_conditions),
		T(test_backtracking_pattern_sends_mail_to_review_quickly),
		T(test_re_exec_reports_limit_match_and_groups),
#undef T
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
