/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for Dutch dates and the clock: the spellings of rules/
 * 00-datums.rules found in text (the tests run from the repository root),
 * the calendar dates a written date can mean, writing dates the Dutch way,
 * day numbers, weekdays, ISO 8601 moments and HERCERT_NOW.
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

#include "clock.h"
#include "nldate.h"
#include "rules.h"
#include "xmalloc.h"

static int
setup(void **state)
{
	char	*cause = NULL;

	*state = ruleset_load("rules", &cause);
	if (*state == NULL) {
		fprintf(stderr, "ruleset_load: %s\n", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

static int
teardown(void **state)
{
	ruleset_free(*state);
	unsetenv("HERCERT_NOW");
	return (0);
}

/* Find dates in text; it must hold exactly want of them. */
static size_t
find(void **state, const char *text, struct nldate *out, size_t want)
{
	size_t		 n = 99;
	enum re_result	 rc;

	rc = nldate_find(*state, text, out, 8, &n);
	if (n != want)
		fail_msg("\"%s\": %zu dates, want %zu", text, n, want);
	assert_int_equal(rc, want > 0 ? RE_MATCH : RE_NOMATCH);
	return (n);
}

/* text must hold exactly one date, the one given. */
static void
assert_one_date(void **state, const char *text, int day, int month,
    int year, int weekday)
{
	struct nldate	 d[8];

	find(state, text, d, 1);
	if (d[0].day != day || d[0].month != month || d[0].year != year ||
	    d[0].weekday != weekday)
		fail_msg("\"%s\": got %d-%d-%d wd %d, want %d-%d-%d wd %d",
		    text, d[0].day, d[0].month, d[0].year, d[0].weekday, day,
		    month, year, weekday);
}

static void
test_find_written_out_date_with_year(void **state)
{
	assert_one_date(state, "26 januari 2023", 26, 1, 2023, -1);
	assert_one_date(state, "Aanmelding hercertificering 26 Januari 2023: "
	    "OBS De Regenboog", 26, 1, 2023, -1);
}

static void
test_find_numeric_dates(void **state)
{
	assert_one_date(state, "26-01-2023", 26, 1, 2023, -1);
	assert_one_date(state, "op 26/1/23 graag", 26, 1, 2023, -1);
	assert_one_date(state, "26.01.2023", 26, 1, 2023, -1);
	assert_one_date(state, "2023-01-26", 26, 1, 2023, -1);
}

static void
test_find_date_with_weekday(void **state)
{
	assert_one_date(state, "do 26 jan", 26, 1, 0, 4);
	assert_one_date(state, "dinsdag 1 november 2022", 1, 11, 2022, 2);
	assert_one_date(state, "Do. 26 januari", 26, 1, 0, 4);
}

static void
test_find_abbreviated_and_ordinal_dates(void **state)
{
	assert_one_date(state, "26 jan.", 26, 1, 0, -1);
	assert_one_date(state, "1e november", 1, 11, 0, -1);
	assert_one_date(state, "28 mrt 2023", 28, 3, 2023, -1);
	assert_one_date(state, "22 sept", 22, 9, 0, -1);
}

static void
test_find_day_and_month_without_year(void **state)
{
	struct nldate	 d[8];

	assert_one_date(state, "donderdag 26-1", 26, 1, 0, 4);
	assert_one_date(state, "op 28-3 graag", 28, 3, 0, -1);
	assert_one_date(state, "op 26/1.", 26, 1, 0, -1);
	/* Times, ranges of groups and longer numbers are no dates. */
	find(state, "van 10:00-12:00", d, 0);
	find(state, "06-12345678", d, 0);
	find(state, "1,5-2 uur", d, 0);
}

static void
test_find_english_dates(void **state)
{
	assert_one_date(state, "Registration audit 26 January 2023", 26, 1,
	    2023, -1);
	assert_one_date(state, "on Thursday, January 26, 2023", 26, 1, 2023,
	    4);
	assert_one_date(state, "Tuesday 1st November", 1, 11, 0, 2);
	assert_one_date(state, "28 March", 28, 3, 0, -1);
}

static void
test_find_several_dates_without_repeats(void **state)
{
	struct nldate	 d[8];

	find(state, "26 januari 2023 of anders 28 maart 2023", d, 2);
	assert_int_equal(d[0].month, 1);
	assert_int_equal(d[1].month, 3);
	assert_int_equal(d[1].day, 28);
	/* The same date in two spellings counts once. */
	find(state, "26-01-2023 (26 januari 2023)", d, 1);
}

static void
test_find_ignores_impossible_dates(void **state)
{
	struct nldate	 d[8];

	find(state, "32 januari 2023", d, 0);
	find(state, "26-13-2023", d, 0);
	find(state, "telefoon 06-12345678", d, 0);
	find(state, "geen datum hier", d, 0);
	find(state, "", d, 0);
}

static void
test_find_stops_at_max(void **state)
{
	struct nldate	 d[2];
	size_t		 n;

	assert_int_equal(nldate_find(*state, "1 jan, 2 jan, 3 jan, 4 jan",
	    d, 2, &n), RE_MATCH);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].day, 1);
	assert_int_equal(d[1].day, 2);
}

static void
test_month_and_weekday_names(void **state)
{
	(void)state;
	assert_int_equal(nldate_month("januari", 7), 1);
	assert_int_equal(nldate_month("jan.", 4), 1);
	assert_int_equal(nldate_month("MRT", 3), 3);
	assert_int_equal(nldate_month("sept", 4), 9);
	assert_int_equal(nldate_month("okt", 3), 10);
	assert_int_equal(nldate_month("12", 2), 12);
	assert_int_equal(nldate_month("13", 2), 0);
	assert_int_equal(nldate_month("ma", 2), 0);
	assert_int_equal(nldate_month("janx", 4), 0);
	assert_int_equal(nldate_weekday("do", 2), 4);
	assert_int_equal(nldate_weekday("Di.", 3), 2);
	assert_int_equal(nldate_weekday("zondag", 6), 0);
	assert_int_equal(nldate_weekday("zaterdag", 8), 6);
	assert_int_equal(nldate_weekday("don", 3), -1);
}

static void
test_candidates_without_year_are_this_and_next_year(void **state)
{
	struct nldate	 d = { 26, 1, 0, -1 };
	struct date	 today = { 2023, 1, 2 }, out[4];

	(void)state;
	assert_int_equal(nldate_candidates(&d, &today, out, 4), 2);
	assert_int_equal(out[0].year, 2023);
	assert_int_equal(out[0].month, 1);
	assert_int_equal(out[0].day, 26);
	assert_int_equal(out[1].year, 2024);
	assert_int_equal(nldate_candidates(&d, &today, out, 1), 1);
}

static void
test_candidate_with_wrong_weekday_is_dropped(void **state)
{
	struct nldate	 d = { 26, 1, 0, 4 };	/* do 26 jan */
	struct date	 today = { 2023, 1, 2 }, out[4];

	(void)state;
	/* 26-1-2023 is a Thursday, 26-1-2024 a Friday. */
	assert_int_equal(nldate_candidates(&d, &today, out, 4), 1);
	assert_int_equal(out[0].year, 2023);
	d.weekday = 5;
	assert_int_equal(nldate_candidates(&d, &today, out, 4), 1);
	assert_int_equal(out[0].year, 2024);
	d.year = 2023;
	assert_int_equal(nldate_candidates(&d, &today, out, 4), 0);
}

static void
test_candidates_skip_dates_that_do_not_exist(void **state)
{
	struct nldate	 d = { 29, 2, 0, -1 };
	struct date	 today = { 2023, 6, 1 }, out[4];

	(void)state;
	assert_int_equal(nldate_candidates(&d, &today, out, 4), 1);
	assert_int_equal(out[0].year, 2024);
	d.day = 31;
	d.month = 4;
	assert_int_equal(nldate_candidates(&d, &today, out, 4), 0);
}

static void
test_format_and_describe_write_dutch(void **state)
{
	struct date	 d = { 2023, 1, 26 };
	struct nldate	 nd = { 26, 1, 0, 4 };
	char		 out[64];

	(void)state;
	nldate_format(&d, out, sizeof out);
	assert_string_equal(out, "donderdag 26 januari 2023");
	d.year = 2022;
	d.month = 11;
	d.day = 1;
	nldate_format(&d, out, sizeof out);
	assert_string_equal(out, "dinsdag 1 november 2022");
	nldate_describe(&nd, out, sizeof out);
	assert_string_equal(out, "donderdag 26 januari");
	nd.weekday = -1;
	nd.year = 2023;
	nldate_describe(&nd, out, sizeof out);
	assert_string_equal(out, "26 januari 2023");
}

static void
test_days_round_trip_1900_to_2100(void **state)
{
	struct date	 d = { 1900, 1, 1 }, back, end = { 2100, 12, 31 };
	long		 z, first, last;

	(void)state;
	first = date_to_days(&d);
	last = date_to_days(&end);
	assert_int_equal(first, -25567);
	assert_int_equal(last, 47846);
	for (z = first; z <= last; z++) {
		date_from_days(z, &back);
		/* Each day number is the next calendar day. */
		if (back.year != d.year || back.month != d.month ||
		    back.day != d.day)
			fail_msg("day %ld: %d-%d-%d, want %d-%d-%d", z,
			    back.year, back.month, back.day, d.year, d.month,
			    d.day);
		if (date_to_days(&back) != z)
			fail_msg("day %ld does not round-trip", z);
		d.day++;
		if (!date_valid(&d)) {
			d.day = 1;
			if (++d.month > 12) {
				d.month = 1;
				d.year++;
			}
		}
	}
	assert_int_equal(d.year, 2101);
}

static void
test_known_day_numbers_and_weekdays(void **state)
{
	static const struct {
		struct date	 d;
		long		 days;
		int		 weekday;
	} known[] = {
		{ { 1970, 1, 1 }, 0, 4 },
		{ { 1900, 1, 1 }, -25567, 1 },
		{ { 2000, 2, 29 }, 11016, 2 },
		{ { 2022, 11, 1 }, 19297, 2 },
		{ { 2023, 1, 26 }, 19383, 4 },
		{ { 2100, 12, 31 }, 47846, 5 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof known / sizeof *known; i++) {
		assert_int_equal(date_to_days(&known[i].d), known[i].days);
		assert_int_equal(date_weekday(&known[i].d), known[i].weekday);
	}
}

static void
test_date_valid_knows_leap_years(void **state)
{
	struct date	 d = { 2000, 2, 29 };

	(void)state;
	assert_true(date_valid(&d));
	d.year = 1900;
	assert_false(date_valid(&d));
	d.year = 2024;
	assert_true(date_valid(&d));
	d.year = 2023;
	assert_false(date_valid(&d));
	d.month = 13;
	d.day = 1;
	assert_false(date_valid(&d));
	d.month = 4;
	d.day = 31;
	assert_false(date_valid(&d));
	d.day = 0;
	assert_false(date_valid(&d));
}

static void
test_date_iso_parse_write_and_compare(void **state)
{
	struct date	 a, b;
	char		 out[16];

	(void)state;
	assert_int_equal(date_parse_iso("2023-01-26", &a), 0);
	assert_int_equal(a.year, 2023);
	assert_int_equal(a.month, 1);
	assert_int_equal(a.day, 26);
	date_iso(&a, out, sizeof out);
	assert_string_equal(out, "2023-01-26");
	assert_int_equal(date_parse_iso("2023-1-26", &b), -1);
	assert_int_equal(date_parse_iso("2023-02-29", &b), -1);
	assert_int_equal(date_parse_iso("2023-01-26x", &b), -1);
	assert_int_equal(date_parse_iso("26-01-2023", &b), -1);
	assert_int_equal(date_parse_iso("2023-03-28", &b), 0);
	assert_int_equal(date_cmp(&a, &b), -1);
	assert_int_equal(date_cmp(&b, &a), 1);
	assert_int_equal(date_cmp(&a, &a), 0);
}

static void
test_parse_iso_moments_with_offsets(void **state)
{
	time_t	 t;

	(void)state;
	assert_int_equal(clock_parse_iso("2023-01-26T10:00:00+01:00", &t), 0);
	assert_int_equal(t, 1674723600);
	assert_int_equal(clock_parse_iso("2023-01-26T09:00:00Z", &t), 0);
	assert_int_equal(t, 1674723600);
	assert_int_equal(clock_parse_iso("2023-01-26T09:00:00", &t), 0);
	assert_int_equal(t, 1674723600);
	assert_int_equal(clock_parse_iso("2023-01-26 09:00", &t), 0);
	assert_int_equal(t, 1674723600);
	assert_int_equal(clock_parse_iso("2023-01-26T04:00-05:00", &t), 0);
	assert_int_equal(t, 1674723600);
	assert_int_equal(clock_parse_iso("2023-01-26T14:30:00+05:30", &t), 0);
	assert_int_equal(t, 1674723600);
	assert_int_equal(clock_parse_iso("2023-01-26", &t), 0);
	assert_int_equal(t, 1674691200);
	assert_int_equal(clock_parse_iso("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
}

static void
test_parse_iso_refuses_malformed_moments(void **state)
{
	static const char *const bad[] = {
		"", "now", "2023-02-30", "2023-01-26T25:00",
		"2023-01-26T10:60", "2023-01-26T10", "2023-01-26T10:00+1",
		"2023-01-26T10:00:00+01:00x", "2023-01-26T10:00:00+24:00",
		"2023-01-26T10:00:00 CET", "2023-01-26X",
	};
	size_t	 i;
	time_t	 t;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		if (clock_parse_iso(bad[i], &t) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
	}
}

static void
test_clock_now_follows_hercert_now(void **state)
{
	time_t	 before, t;

	(void)state;
	assert_int_equal(setenv("HERCERT_NOW", "2023-01-02T10:00:00+01:00",
	    1), 0);
	assert_int_equal(clock_now(), 1672650000);
	assert_int_equal(setenv("HERCERT_NOW", "2023-01-26", 1), 0);
	assert_int_equal(clock_now(), 1674691200);
	assert_int_equal(setenv("HERCERT_NOW", "", 1), 0);
	before = time(NULL);
	t = clock_now();
	assert_true(t >= before && t <= time(NULL));
	assert_int_equal(unsetenv("HERCERT_NOW"), 0);
	before = time(NULL);
	t = clock_now();
	assert_true(t >= before && t <= time(NULL));
}

static void
test_today_is_the_local_calendar_date(void **state)
{
	const char	*old = getenv("TZ");
	char		*saved = old != NULL ? xstrdup(old) : NULL;
	struct date	 d;

	(void)state;
	/* 2023-01-25T23:30:00Z: still the 25th in UTC, the 26th in NL. */
	setenv("TZ", "UTC", 1);
	tzset();
	date_today(1674689400, &d);
	assert_int_equal(d.day, 25);
	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	date_today(1674689400, &d);
	assert_int_equal(d.day, 26);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.year, 2023);
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_written_out_date_with_year),
		cmocka_unit_test(test_find_numeric_dates),
		cmocka_unit_test(test_find_date_with_weekday),
		cmocka_unit_test(test_find_abbreviated_and_ordinal_dates),
		cmocka_unit_test(test_find_day_and_month_without_year),
		cmocka_unit_test(test_find_english_dates),
		cmocka_unit_test(test_find_several_dates_without_repeats),
		cmocka_unit_test(test_find_ignores_impossible_dates),
		cmocka_unit_test(test_find_stops_at_max),
		cmocka_unit_test(test_month_and_weekday_names),
		cmocka_unit_test(test_candidates_without_year_are_this_and_next_year),
		cmocka_unit_test(test_candidate_with_wrong_weekday_is_dropped),
		cmocka_unit_test(test_candidates_skip_dates_that_do_not_exist),
		cmocka_unit_test(test_format_and_describe_write_dutch),
		cmocka_unit_test(test_days_round_trip_1900_to_2100),
		cmocka_unit_test(test_known_day_numbers_and_weekdays),
		cmocka_unit_test(test_date_valid_knows_leap_years),
		cmocka_unit_test(test_date_iso_parse_write_and_compare),
		cmocka_unit_test(test_parse_iso_moments_with_offsets),
		cmocka_unit_test(test_parse_iso_refuses_malformed_moments),
		cmocka_unit_test(test_clock_now_follows_hercert_now),
		cmocka_unit_test(test_today_is_the_local_calendar_date),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
