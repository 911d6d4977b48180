/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the configuration file: defaults, relative paths, every
 * "file:line: [section] key: message" error, the checks on combinations
 * and reading secrets. Each test writes into a fresh temporary directory.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "testutil.h"
#include "xmalloc.h"

/* A configuration with a source and a sink and nothing else. */
#define MINIMAL \
	"[maildir]\npath = /srv/mail\n[outbox]\nmaildir = /srv/out\n"

struct fixture {
	char	*dir;
	char	*conf;		/* hercert.conf in dir */
	char	*secret;	/* password in dir */
};

static int
setup(void **state)
{
	struct fixture	*fx;

	fx = xcalloc(1, sizeof *fx);
	if ((fx->dir = testutil_tmpdir("test-config")) == NULL) {
		free(fx);
		return (-1);
	}
	fx->conf = xasprintf("%s/hercert.conf", fx->dir);
	fx->secret = xasprintf("%s/password", fx->dir);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	testutil_rmtree(fx->dir);
	free(fx->secret);
	free(fx->conf);
	free(fx->dir);
	free(fx);
	return (0);
}

/* Load text as the configuration; it must load. */
static struct config *
load_ok(void **state, const char *text)
{
	struct fixture	*fx = *state;
	struct config	*cf;
	char		*cause = NULL;

	testutil_write_str(fx->conf, text);
	cf = config_load(fx->conf, &cause);
	if (cf == NULL)
		fail_msg("config_load: %s", cause);
	return (cf);
}

/* Load text, which must fail with exactly "<conf>" + want. */
static void
assert_load_error(void **state, const char *text, const char *want)
{
	struct fixture	*fx = *state;
	struct config	*cf;
	char		*cause = NULL, *expected;

	testutil_write_str(fx->conf, text);
	cf = config_load(fx->conf, &cause);
	assert_null(cf);
	assert_non_null(cause);
	expected = xasprintf("%s%s", fx->conf, want);
	assert_string_equal(cause, expected);
	free(expected);
	free(cause);
}

static void
test_defaults_fill_every_key_not_given(void **state)
{
	struct config	*cf = load_ok(state, MINIMAL);

	assert_string_equal(cf->imap_mailbox, "INBOX");
	assert_int_equal(cf->imap_idle, 1);
	assert_int_equal(cf->imap_poll_interval, 60);
	assert_int_equal(cf->smtp_starttls, 1);
	assert_string_equal(cf->smtp_from, "partnerschap@hsmarnix.nl");
	assert_int_equal(cf->tls_verify, 1);
	assert_null(cf->tls_ca_file);
	assert_null(cf->imap_url);
	assert_null(cf->smtp_url);
	assert_string_equal(cf->state_dir, "/var/lib/hercert");
	assert_string_equal(cf->rules_dir, "/usr/local/share/hercert/rules");
	assert_string_equal(cf->templates_dir,
	    "/usr/local/share/hercert/templates");
	assert_string_equal(cf->partnership_name,
	    "Partners in Opleiding en Ontwikkeling");
	assert_string_equal(cf->digest_time, "07:00");
	assert_string_equal(cf->timezone, "Europe/Amsterdam");
	assert_int_equal(cf->registration_closes_days_before, 21);
	assert_int_equal(cf->documents_days_before, 21);
	assert_int_equal(cf->distribution_days_before, 7);
	assert_int_equal(cf->reflection_days_after, 7);
	assert_int_equal(cf->certificate_years, 6);
	assert_int_equal(cf->max_message_size, 150 * 1024 * 1024);
	assert_int_equal(cf->match_limit, 1000000);
	assert_int_equal(cf->max_subject_length, 4 * 1024);
	assert_int_equal(cf->max_body_length, 256 * 1024);
	config_free(cf);
}

static void
test_values_override_defaults_with_units_and_bools(void **state)
{
	struct config	*cf;

	cf = load_ok(state, MINIMAL
	    "[imap]\nidle = no\npoll_interval = 300\n"
	    "[tls]\nverify = off\n"
	    "[limits]\nmax_message_size = 10M\nmax_subject_length = 2k\n"
	    "max_body_length = 1048576\nmatch_limit = 5000\n"
	    "[deadlines]\ncertificate_years = 4\n"
	    "[smtp]\nstarttls = false\nfrom = x@example.org\n");
	assert_int_equal(cf->imap_idle, 0);
	assert_int_equal(cf->imap_poll_interval, 300);
	assert_int_equal(cf->tls_verify, 0);
	assert_int_equal(cf->smtp_starttls, 0);
	assert_string_equal(cf->smtp_from, "x@example.org");
	assert_int_equal(cf->max_message_size, 10 * 1024 * 1024);
	assert_int_equal(cf->max_subject_length, 2048);
	assert_int_equal(cf->max_body_length, 1048576);
	assert_int_equal(cf->match_limit, 5000);
	assert_int_equal(cf->certificate_years, 4);
	config_free(cf);
}

static void
test_relative_paths_resolve_against_config_directory(void **state)
{
	struct fixture	*fx = *state;
	struct config	*cf;
	char		*want;

	cf = load_ok(state, "[maildir]\npath = mail/in\n"
	    "[outbox]\nmaildir = /abs/out\n"
	    "[paths]\nstate_dir = state\nrules_dir = ../rules\n"
	    "[imap]\npassword_file = secret\n");
	want = xasprintf("%s/mail/in", fx->dir);
	assert_string_equal(cf->maildir_path, want);
	free(want);
	want = xasprintf("%s/state", fx->dir);
	assert_string_equal(cf->state_dir, want);
	free(want);
	want = xasprintf("%s/../rules", fx->dir);
	assert_string_equal(cf->rules_dir, want);
	free(want);
	want = xasprintf("%s/secret", fx->dir);
	assert_string_equal(cf->imap_password_file, want);
	free(want);
	/* Absolute paths and plain strings are taken as written. */
	assert_string_equal(cf->outbox_maildir, "/abs/out");
	assert_string_equal(cf->templates_dir,
	    "/usr/local/share/hercert/templates");
	config_free(cf);
}

static void
test_unknown_key_names_file_line_section_and_key(void **state)
{
	assert_load_error(state, MINIMAL "[imap]\n# comment\nbogus = 1\n",
	    ":7: [imap] bogus: unknown key");
}

static void
test_unknown_section_is_an_unknown_key(void **state)
{
	assert_load_error(state, "[nope]\npath = x\n" MINIMAL,
	    ":2: [nope] path: unknown key");
}

static void
test_bad_bool_is_refused(void **state)
{
	assert_load_error(state, MINIMAL "[imap]\nidle = maybe\n",
	    ":6: [imap] idle: expected yes or no");
}

static void
test_bad_size_is_refused(void **state)
{
	assert_load_error(state, MINIMAL "[limits]\nmax_body_length = 10Q\n",
	    ":6: [limits] max_body_length: expected a size like 150M, 64K "
	    "or 1048576");
	assert_load_error(state, MINIMAL "[limits]\nmax_message_size = -5M\n",
	    ":6: [limits] max_message_size: expected a size like 150M, 64K "
	    "or 1048576");
}

static void
test_size_that_overflows_is_refused(void **state)
{
	assert_load_error(state, MINIMAL
	    "[limits]\nmax_message_size = 99999999999999999999G\n",
	    ":6: [limits] max_message_size: expected a size like 150M, 64K "
	    "or 1048576");
}

static void
test_bad_number_is_refused(void **state)
{
	assert_load_error(state, MINIMAL "[deadlines]\n"
	    "reflection_days_after = 7d\n",
	    ":6: [deadlines] reflection_days_after: expected a whole number "
	    ">= 0");
	assert_load_error(state, MINIMAL "[imap]\npoll_interval = -1\n",
	    ":6: [imap] poll_interval: expected a whole number >= 0");
}

static void
test_deadline_lists_sorted_and_checked(void **state)
{
	struct config	*cf = load_ok(state, MINIMAL "[deadlines]\n"
	    "documents_reminder_days_before = 23, 28,35\n"
	    "late_policy = refuse\n");

	assert_int_equal(cf->documents_reminder_days_before.n, 3);
	assert_int_equal(cf->documents_reminder_days_before.v[0], 35);
	assert_int_equal(cf->documents_reminder_days_before.v[2], 23);
	assert_int_equal(cf->recertify_reminder_months.n, 2);
	assert_int_equal(cf->recertify_reminder_months.v[0], 12);
	assert_int_equal(cf->recertify_reminder_months.v[1], 6);
	assert_int_equal(cf->late_refused, 1);
	config_free(cf);
	assert_load_error(state, MINIMAL "[deadlines]\n"
	    "recertify_reminder_months = 6,6\n",
	    ":6: [deadlines] recertify_reminder_months: expected up to 4 "
	    "different whole numbers > 0, separated by commas, like 28,23");
	assert_load_error(state, MINIMAL "[deadlines]\n"
	    "documents_reminder_days_before = 28,,23\n",
	    ":6: [deadlines] documents_reminder_days_before: expected up to 4 "
	    "different whole numbers > 0, separated by commas, like 28,23");
	assert_load_error(state, MINIMAL "[deadlines]\n"
	    "documents_reminder_days_before = 1,2,3,4,5\n",
	    ":6: [deadlines] documents_reminder_days_before: expected up to 4 "
	    "different whole numbers > 0, separated by commas, like 28,23");
	assert_load_error(state, MINIMAL "[deadlines]\nlate_policy = maybe\n",
	    ":6: [deadlines] late_policy: expected accept or refuse");
}

static void
test_key_given_twice_names_second_line(void **state)
{
	assert_load_error(state, MINIMAL "[maildir]\npath = /other\n",
	    ":6: [maildir] path: given twice");
}

static void
test_syntax_error_names_its_line(void **state)
{
	assert_load_error(state, MINIMAL "\nthis line has no equals sign\n",
	    ":6: syntax error (expected [section] or key = value)");
}

static void
test_first_error_wins(void **state)
{
	assert_load_error(state, "[imap]\nidle = perhaps\nbogus = 1\n",
	    ":2: [imap] idle: expected yes or no");
}

static void
test_no_source_is_refused(void **state)
{
	assert_load_error(state, "[outbox]\nmaildir = /srv/out\n",
	    ": no source: set [imap] url or [maildir] path");
}

static void
test_imap_and_maildir_both_is_refused(void **state)
{
	assert_load_error(state, MINIMAL "[imap]\nurl = imaps://mail\n"
	    "user = u\npassword_file = /p\n",
	    ": [imap] url and [maildir] path both set: choose one");
}

static void
test_imap_without_credentials_is_refused(void **state)
{
	assert_load_error(state, "[imap]\nurl = imaps://mail\n"
	    "[outbox]\nmaildir = /srv/out\n",
	    ": [imap] needs user and password_file");
}

static void
test_no_sink_is_refused(void **state)
{
	assert_load_error(state, "[maildir]\npath = /srv/mail\n",
	    ": no way to send: set [smtp] url or [outbox] maildir");
}

static void
test_smtp_url_scheme_is_checked(void **state)
{
	struct config	*cf;

	assert_load_error(state, "[maildir]\npath = /m\n"
	    "[smtp]\nurl = http://mail.example.org\n",
	    ": [smtp] url must start with smtp:// or smtps://");
	cf = load_ok(state, "[maildir]\npath = /m\n"
	    "[smtp]\nurl = smtps://mail.example.org:465\n");
	assert_string_equal(cf->smtp_url, "smtps://mail.example.org:465");
	config_free(cf);
}

static void
test_imap_url_scheme_is_checked(void **state)
{
	assert_load_error(state, "[imap]\nurl = pop3://mail\nuser = u\n"
	    "password_file = /p\n[outbox]\nmaildir = /o\n",
	    ": [imap] url must start with imap:// or imaps://");
}

static void
test_from_must_be_an_address(void **state)
{
	assert_load_error(state, MINIMAL "[smtp]\nfrom = nobody\n",
	    ": [smtp] from must be an e-mail address");
}

static void
test_missing_file_names_path(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;

	assert_null(config_load(fx->conf, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, fx->conf));
	assert_non_null(strstr(cause, "No such file"));
	free(cause);
}

static void
test_describe_names_source_outbox_and_paths(void **state)
{
	struct config	*cf = load_ok(state, MINIMAL);
	char		*d = config_describe(cf);

	assert_non_null(strstr(d, "source: maildir /srv/mail\n"));
	assert_non_null(strstr(d, "outbox: maildir /srv/out\n"));
	assert_non_null(strstr(d, "state: /var/lib/hercert\n"));
	free(d);
	config_free(cf);
}

static void
test_secret_loses_its_newline(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL, *s;

	testutil_write_str(fx->secret, "s3cr3t w0rd\n");
	s = config_read_secret(fx->secret, &cause);
	assert_non_null(s);
	assert_string_equal(s, "s3cr3t w0rd");
	free(s);
	testutil_write_str(fx->secret, "crlf\r\n");
	s = config_read_secret(fx->secret, &cause);
	assert_non_null(s);
	assert_string_equal(s, "crlf");
	free(s);
	testutil_write_str(fx->secret, "no-newline");
	s = config_read_secret(fx->secret, &cause);
	assert_non_null(s);
	assert_string_equal(s, "no-newline");
	free(s);
}

static void
test_empty_secret_is_refused(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL, *want;

	want = xasprintf("%s: empty", fx->secret);
	testutil_write_str(fx->secret, "");
	assert_null(config_read_secret(fx->secret, &cause));
	assert_string_equal(cause, want);
	free(cause);
	cause = NULL;
	testutil_write_str(fx->secret, "\n");
	assert_null(config_read_secret(fx->secret, &cause));
	assert_string_equal(cause, want);
	free(cause);
	free(want);
}

static void
test_missing_secret_names_path(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;

	assert_null(config_read_secret(fx->secret, &cause));
	assert_non_null(strstr(cause, fx->secret));
	free(cause);
}

/*
 * Regression test for a fixed bug (daemon/config.c, config_set/config_validate): an empty value stores
 * NULL even for keys that have a default, and config_validate() then calls
 * strchr(NULL, '@') for "[smtp] from =": config_load() crashes. Empty
 * state_dir, rules_dir, mailbox and the like load as NULL without error.
 */
static void
test_empty_value_is_refused_or_keeps_default(void **state)
{
	static const char *const empties[] = {
		"[smtp]\nfrom =\n", "[paths]\nstate_dir =\n",
		"[imap]\nmailbox =\n", "[partnership]\ndigest_time =\n",
	};
	struct fixture	*fx = *state;
	struct config	*cf;
	char		*cause, *text;
	size_t		 i;

	for (i = 0; i < sizeof empties / sizeof *empties; i++) {
		text = xasprintf(MINIMAL "%s", empties[i]);
		testutil_write_str(fx->conf, text);
		free(text);
		cause = NULL;
		cf = config_load(fx->conf, &cause);
		if (cf == NULL) {
			assert_non_null(strstr(cause, ":6: ["));
			free(cause);
			continue;
		}
		assert_non_null(cf->smtp_from);
		assert_non_null(cf->state_dir);
		assert_non_null(cf->imap_mailbox);
		assert_non_null(cf->digest_time);
		config_free(cf);
	}
}

/*
 * Regression test for a fixed bug (daemon/config.c, config_reader): inih (Debian 55, INI_MAX_LINE 200)
 * hands a longer line over in pieces, so a 250-byte path is cut and its
 * tail parsed as a line of its own: "conf:3: syntax error", the wrong line
 * and the wrong message. A tail that starts with '#' or ';' would even be
 * dropped as a comment, silently truncating the value.
 */
static void
test_long_line_is_read_whole_or_refused_at_its_line(void **state)
{
	struct fixture	*fx = *state;
	struct config	*cf;
	char		 path[252], *cause = NULL, *text;

	memset(path, 'a', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	text = xasprintf("[maildir]\npath = %s\n[outbox]\nmaildir = /o\n",
	    path);
	testutil_write_str(fx->conf, text);
	free(text);
	cf = config_load(fx->conf, &cause);
	if (cf == NULL) {
		text = xasprintf("%s:2: ", fx->conf);
		assert_true(strncmp(cause, text, strlen(text)) == 0);
		free(text);
		free(cause);
		return;
	}
	assert_string_equal(cf->maildir_path, path);
	config_free(cf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_defaults_fill_every_key_not_given),
		T(test_values_override_defaults_with_units_and_bools),
		T(test_relative_paths_resolve_against_config_directory),
		T(test_unknown_key_names_file_line_section_and_key),
		T(test_unknown_section_is_an_unknown_key),
		T(test_bad_bool_is_refused),
		T(test_bad_size_is_refused),
		T(test_size_that_overflows_is_refused),
		T(test_bad_number_is_refused),
		T(test_deadline_lists_sorted_and_checked),
		T(test_key_given_twice_names_second_line),
		T(test_syntax_error_names_its_line),
		T(test_first_error_wins),
		T(test_no_source_is_refused),
		T(test_imap_and_maildir_both_is_refused),
		T(test_imap_without_credentials_is_refused),
		T(test_no_sink_is_refused),
		T(test_smtp_url_scheme_is_checked),
		T(test_imap_url_scheme_is_checked),
		T(test_from_must_be_an_address),
		T(test_missing_file_names_path),
		T(test_describe_names_source_outbox_and_paths),
		T(test_secret_loses_its_newline),
		T(test_empty_secret_is_refused),
		T(test_missing_secret_names_path),
		T(test_empty_value_is_refused_or_keeps_default),
		T(test_long_line_is_read_whole_or_refused_at_its_line),
#undef T
	};
	int	rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return (rc);
}
