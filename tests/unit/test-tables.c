/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for grouping schools into tables of 2 + 2 and choosing each
 * table's auditor: never two pairs of one board at a table, as many
 * tables as the boards allow, leftovers not grouped, auditors without
 * ties to either board and spread by load.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tables.h"

#define NS(a)	(sizeof (a) / sizeof (a)[0])

static size_t
count_at(const struct tables_school *s, size_t n, size_t t, const char *board)
{
	size_t	 i, c = 0;

	for (i = 0; i < n; i++)
		if (s[i].table == t && (board == NULL ||
		    strcmp(s[i].board, board) == 0))
			c++;
	return (c);
}

static void
test_two_boards_of_two_make_one_table(void **state)
{
	struct tables_school	 s[] = { { "01AA", "A", 0 }, { "02AA", "A", 0 },
				    { "03BB", "B", 0 }, { "04BB", "B", 0 } };
	struct tables_auditor	 a[] = { { "a@x", "A", 0 }, { "b@x", "B", 0 },
				    { "staf@x", NULL, 0 } };
	struct tables_plan	 p;

	(void)state;
	tables_plan(s, NS(s), a, NS(a), &p);
	assert_int_equal(p.n, 1);
	assert_int_equal(count_at(s, NS(s), 0, "A"), 2);
	assert_int_equal(count_at(s, NS(s), 0, "B"), 2);
	assert_int_equal(p.auditor[0], 2);	/* only staff has no ties */
	assert_int_equal(a[2].load, 1);
	tables_plan_clear(&p);
}

static void
test_board_with_four_schools_sits_at_two_tables(void **state)
{
	struct tables_school	 s[] = { { "1", "A", 0 }, { "2", "A", 0 },
				    { "3", "A", 0 }, { "4", "A", 0 },
				    { "5", "B", 0 }, { "6", "B", 0 },
				    { "7", "C", 0 }, { "8", "C", 0 } };
	struct tables_auditor	 a[] = { { "x@x", NULL, 0 }, { "y@x", NULL, 0 } };
	struct tables_plan	 p;
	size_t			 t;

	(void)state;
	tables_plan(s, NS(s), a, NS(a), &p);
	assert_int_equal(p.n, 2);
	for (t = 0; t < 2; t++) {
		assert_int_equal(count_at(s, NS(s), t, NULL), 4);
		assert_int_equal(count_at(s, NS(s), t, "A"), 2);
	}
	assert_int_not_equal(s[0].table, s[2].table);
	assert_int_equal(s[0].table, s[1].table);
	/* Two tables, two auditors: one each. */
	assert_int_not_equal(p.auditor[0], p.auditor[1]);
	tables_plan_clear(&p);
}

static void
test_one_board_alone_is_not_grouped(void **state)
{
	struct tables_school	 s[] = { { "1", "A", 0 }, { "2", "A", 0 },
				    { "3", "A", 0 }, { "4", "A", 0 } };
	struct tables_auditor	 a[] = { { "x@x", NULL, 0 } };
	struct tables_plan	 p;

	(void)state;
	tables_plan(s, NS(s), a, NS(a), &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(count_at(s, NS(s), TABLES_NONE, NULL), 4);
	tables_plan_clear(&p);
}

static void
test_single_school_and_leftover_pair_stay_out(void **state)
{
	struct tables_school	 s[] = { { "1", "A", 0 }, { "2", "A", 0 },
				    { "3", "B", 0 }, { "4", "B", 0 },
				    { "5", "C", 0 }, { "6", "C", 0 },
				    { "7", "D", 0 } };
	struct tables_auditor	 a[] = { { "x@x", NULL, 0 } };
	struct tables_plan	 p;

	(void)state;
	tables_plan(s, NS(s), a, NS(a), &p);
	assert_int_equal(p.n, 1);
	assert_int_equal(count_at(s, NS(s), TABLES_NONE, NULL), 3);
	assert_int_equal(s[6].table, TABLES_NONE);
	tables_plan_clear(&p);
}

static void
test_most_pairs_matched_first(void **state)
{
	/* A has three pairs, B and C one each: A must meet both. */
	struct tables_school	 s[] = { { "1", "A", 0 }, { "2", "A", 0 },
				    { "3", "A", 0 }, { "4", "A", 0 },
				    { "5", "A", 0 }, { "6", "A", 0 },
				    { "7", "B", 0 }, { "8", "B", 0 },
				    { "9", "C", 0 }, { "10", "C", 0 } };
	struct tables_auditor	 a[] = { { "x@x", NULL, 0 } };
	struct tables_plan	 p;

	(void)state;
	tables_plan(s, NS(s), a, NS(a), &p);
	assert_int_equal(p.n, 2);
	assert_int_equal(count_at(s, NS(s), TABLES_NONE, "A"), 2);
	assert_int_equal(count_at(s, NS(s), TABLES_NONE, NULL), 2);
	tables_plan_clear(&p);
}

static void
test_no_auditor_without_ties(void **state)
{
	struct tables_school	 s[] = { { "1", "A", 0 }, { "2", "A", 0 },
				    { "3", "B", 0 }, { "4", "B", 0 } };
	struct tables_auditor	 a[] = { { "a@x", "A", 0 }, { "b@x", "B", 0 } };
	struct tables_plan	 p;

	(void)state;
	tables_plan(s, NS(s), a, NS(a), &p);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.auditor[0], TABLES_NONE);
	tables_plan_clear(&p);
}

static void
test_auditor_of_a_third_board_may_lead(void **state)
{
	struct tables_school	 s[] = { { "1", "A", 0 }, { "2", "A", 0 },
				    { "3", "B", 0 }, { "4", "B", 0 } };
	struct tables_auditor	 a[] = { { "staf@x", NULL, 3 },
				    { "c@x", "C", 0 } };
	struct tables_plan	 p;

	(void)state;
	tables_plan(s, NS(s), a, NS(a), &p);
	assert_int_equal(p.auditor[0], 1);	/* less loaded, no ties */
	tables_plan_clear(&p);
}

static void
test_nothing_to_group(void **state)
{
	struct tables_plan	 p;

	(void)state;
	tables_plan(NULL, 0, NULL, 0, &p);
	assert_int_equal(p.n, 0);
	tables_plan_clear(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_boards_of_two_make_one_table),
		cmocka_unit_test(test_board_with_four_schools_sits_at_two_tables),
		cmocka_unit_test(test_one_board_alone_is_not_grouped),
		cmocka_unit_test(test_single_school_and_leftover_pair_stay_out),
		cmocka_unit_test(test_most_pairs_matched_first),
		cmocka_unit_test(test_no_auditor_without_ties),
		cmocka_unit_test(test_auditor_of_a_third_board_may_lead),
		cmocka_unit_test(test_nothing_to_group),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
