/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the master data import: the four kinds of CSV file told
 * apart by their header rows, re-import as an update, every kind of bad
 * row reported as "path:LINE: ..." with nothing of that file kept, Dutch
 * dates and several BOC addresses. Each test has its own temporary
 * directory with a fresh database.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"
#include "import.h"
#include "testutil.h"
#include "xmalloc.h"

#define BESTUREN \
	"code;naam;boc_naam;boc_email\n" \
	"BRG;Stichting Bergrivier;Anne de Vries;boc@bestuur-brg.nl\n" \
	"WLD;Stichting Waterland;Karin Visser;boc@waterland.nl\n"

#define SCHOLEN_HEADER \
	"brin;naam;plaats;bestuur;schoolopleider_naam;schoolopleider_email;" \
	"directeur_naam;directeur_email;instituutsopleider_naam;" \
	"instituutsopleider_email;basisaudit;certificaat_tot\n"

#define SCHOLEN SCHOLEN_HEADER \
	"12AB;OBS De Regenboog;Utrecht;BRG;Sanne Bakker;s.bakker@rb.nl;" \
	"Mark Jansen;directie@rb.nl;Els de Groot;e.degroot@hsmarnix.nl;" \
	"2017-01-26;2023-01-26\n" \
	"34CD;CBS De Wegwijzer;Zeist;BRG;;;;;;;;\n" \
	"56EF;OBS Het Kompas;Purmerend;WLD;;;;;;;;\n"

struct fixture {
	char		*dir;
	char		*csv;		/* the file a test imports */
	struct db	*db;
};

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	db_close(fx->db);
	testutil_rmtree(fx->dir);
	free(fx->csv);
	free(fx->dir);
	free(fx);
	return (0);
}

static int
setup(void **state)
{
	struct fixture	*fx;
	char		*path, *cause = NULL;

	fx = xcalloc(1, sizeof *fx);
	if ((fx->dir = testutil_tmpdir("test-import")) == NULL) {
		free(fx);
		return (-1);
	}
	fx->csv = xasprintf("%s/data.csv", fx->dir);
	*state = fx;
	path = xasprintf("%s/state.db", fx->dir);
	fx->db = db_open(path, &cause);
	free(path);
	if (fx->db == NULL) {
		fprintf(stderr, "db_open: %s\n", cause);
		free(cause);
		teardown(state);
		return (-1);
	}
	return (0);
}

static void
write_csv(void **state, const char *text)
{
	struct fixture	*fx = *state;

	testutil_write_str(fx->csv, text);
}

/* Import text, which must succeed as kind with rows rows. */
static void
import_ok(void **state, const char *text, const char *kind, size_t rows)
{
	struct fixture	*fx = *state;
	const char	*got = NULL;
	size_t		 n = 0;
	char		*cause = NULL;

	write_csv(state, text);
	if (import_file(fx->db, fx->csv, &got, &n, &cause) != 0)
		fail_msg("import_file: %s", cause);
	assert_non_null(got);
	assert_string_equal(got, kind);
	assert_int_equal(n, rows);
}

/* Import text, which must fail with "<csv>" + want. */
static void
assert_import_error(void **state, const char *text, const char *want)
{
	struct fixture	*fx = *state;
	const char	*kind = NULL;
	size_t		 n;
	char		*cause = NULL, *expected;

	write_csv(state, text);
	assert_int_equal(import_file(fx->db, fx->csv, &kind, &n, &cause), -1);
	assert_non_null(cause);
	expected = xasprintf("%s%s", fx->csv, want);
	assert_string_equal(cause, expected);
	free(expected);
	free(cause);
}

static size_t
count_schools(struct db *db)
{
	struct school	**list;
	size_t		  n;

	list = db_schools_of(db, NULL, &n);
	school_list_free(list, n);
	return (n);
}

static size_t
count_dates(struct db *db)
{
	char	**dates;
	size_t	  n;

	dates = db_audit_dates(db, &n);
	db_strings_free(dates, n);
	return (n);
}

static void
assert_role(struct db *db, const char *addr, enum db_role want,
    const char *board)
{
	char		*got;
	enum db_role	 role;

	role = db_role_of(db, addr, &got);
	assert_int_equal(role, want);
	if (board == NULL)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, board);
	}
	free(got);
}

static void
test_besturen_recognised_by_header(void **state)
{
	struct fixture	*fx = *state;
	struct board	*b;

	import_ok(state, BESTUREN, "besturen", 2);
	b = db_board_get(fx->db, "WLD");
	assert_non_null(b);
	assert_string_equal(b->name, "Stichting Waterland");
	assert_string_equal(b->boc_name, "Karin Visser");
	assert_string_equal(b->boc_email, "boc@waterland.nl");
	board_free(b);
	assert_role(fx->db, "boc@bestuur-brg.nl", DB_ROLE_BOC, "BRG");
}

static void
test_scholen_recognised_by_header(void **state)
{
	struct fixture	*fx = *state;
	struct school	*s;

	import_ok(state, BESTUREN, "besturen", 2);
	import_ok(state, SCHOLEN, "scholen", 3);
	assert_int_equal(count_schools(fx->db), 3);
	s = db_school_get(fx->db, "12AB");
	assert_non_null(s);
	assert_string_equal(s->name, "OBS De Regenboog");
	assert_string_equal(s->place, "Utrecht");
	assert_string_equal(s->board, "BRG");
	assert_string_equal(s->directeur_email, "directie@rb.nl");
	assert_string_equal(s->basisaudit, "2017-01-26");
	assert_string_equal(s->certificaat_tot, "2023-01-26");
	school_free(s);
	/* Empty optional columns are NULL, not "". */
	s = db_school_get(fx->db, "34CD");
	assert_non_null(s);
	assert_null(s->directeur_email);
	assert_null(s->basisaudit);
	school_free(s);
}

static void
test_auditoren_recognised_by_header(void **state)
{
	struct fixture	*fx = *state;

	import_ok(state, BESTUREN, "besturen", 2);
	import_ok(state, "naam;email;bestuur\n"
	    "Jan Bakker;j.bakker@hsmarnix.nl;\n"
	    "Petra Mulder;p.mulder@waterland.nl;WLD\n", "auditoren", 2);
	assert_role(fx->db, "j.bakker@hsmarnix.nl", DB_ROLE_AUDITOR, NULL);
	assert_role(fx->db, "p.mulder@waterland.nl", DB_ROLE_AUDITOR, "WLD");
}

static void
test_auditdata_recognised_by_header(void **state)
{
	struct fixture	*fx = *state;

	import_ok(state, "datum\n2022-11-01\n2023-01-26\n", "auditdata", 2);
	assert_int_equal(count_dates(fx->db), 2);
	assert_int_equal(db_is_audit_date(fx->db, "2022-11-01"), 1);
}

static void
test_comma_separated_file_with_other_column_order(void **state)
{
	struct fixture	*fx = *state;
	struct board	*b;

	import_ok(state, "boc_email,Code,Naam\r\n"
	    "boc@bestuur-brg.nl,BRG,Stichting Bergrivier\r\n", "besturen", 1);
	b = db_board_get(fx->db, "BRG");
	assert_non_null(b);
	assert_string_equal(b->name, "Stichting Bergrivier");
	assert_null(b->boc_name);
	board_free(b);
}

static void
test_repository_master_data_imports(void **state)
{
	static const struct {
		const char	*file;
		const char	*kind;
	} files[] = {
		{ "tests/data/masterdata/besturen.csv", "besturen" },
		{ "tests/data/masterdata/scholen.csv", "scholen" },
		{ "tests/data/masterdata/auditoren.csv", "auditoren" },
		{ "tests/data/masterdata/auditdata.csv", "auditdata" },
	};
	struct fixture	*fx = *state;
	const char	*kind;
	size_t		 i, n;
	char		*cause = NULL;

	for (i = 0; i < sizeof files / sizeof *files; i++) {
		if (import_file(fx->db, files[i].file, &kind, &n, &cause) != 0)
			fail_msg("%s", cause);
		assert_string_equal(kind, files[i].kind);
		assert_true(n > 0);
	}
	assert_true(count_schools(fx->db) >= 4);
	assert_int_equal(db_is_audit_date(fx->db, "2023-01-26"), 1);
}

static void
test_unknown_header_is_refused(void **state)
{
	assert_import_error(state, "naam;adres\nx;y\n",
	    ": onbekende kolommen; verwacht de kopregel van besturen.csv, "
	    "scholen.csv, auditoren.csv of auditdata.csv");
}

static void
test_reimport_updates_without_duplicating(void **state)
{
	struct fixture	*fx = *state;
	struct board	*b;
	struct school	*s;

	import_ok(state, BESTUREN, "besturen", 2);
	import_ok(state, SCHOLEN, "scholen", 3);
	import_ok(state, "datum\n2023-01-26\n", "auditdata", 1);
	import_ok(state, BESTUREN, "besturen", 2);
	import_ok(state, SCHOLEN, "scholen", 3);
	import_ok(state, "datum\n2023-01-26\n", "auditdata", 1);
	assert_int_equal(count_schools(fx->db), 3);
	assert_int_equal(count_dates(fx->db), 1);
	/* Changed values replace the old ones. */
	import_ok(state, "code;naam;boc_naam;boc_email\n"
	    "BRG;Stichting Bergrivier Nieuw;Bert;nieuw@bestuur-brg.nl\n",
	    "besturen", 1);
	import_ok(state, SCHOLEN_HEADER
	    "12AB;OBS De Regenboog;Nieuwegein;BRG;;;;;;;;\n", "scholen", 1);
	b = db_board_get(fx->db, "BRG");
	assert_string_equal(b->name, "Stichting Bergrivier Nieuw");
	assert_string_equal(b->boc_email, "nieuw@bestuur-brg.nl");
	board_free(b);
	assert_role(fx->db, "boc@bestuur-brg.nl", DB_ROLE_UNKNOWN, NULL);
	assert_role(fx->db, "nieuw@bestuur-brg.nl", DB_ROLE_BOC, "BRG");
	s = db_school_get(fx->db, "12AB");
	assert_string_equal(s->place, "Nieuwegein");
	assert_null(s->directeur_email);
	school_free(s);
	assert_int_equal(count_schools(fx->db), 3);
}

static void
test_invalid_brin_refuses_whole_file(void **state)
{
	struct fixture	*fx = *state;

	import_ok(state, BESTUREN, "besturen", 2);
	assert_import_error(state, SCHOLEN_HEADER
	    "12AB;OBS De Regenboog;Utrecht;BRG;;;;;;;;\n"
	    "1XAB;CBS De Wegwijzer;Zeist;BRG;;;;;;;;\n",
	    ":3: brin \"1XAB\": verwacht 2 cijfers en 2 letters, zoals 12AB");
	assert_int_equal(count_schools(fx->db), 0);
	assert_null(db_school_get(fx->db, "12AB"));
}

static void
test_unknown_board_refuses_whole_file(void **state)
{
	struct fixture	*fx = *state;

	import_ok(state, BESTUREN, "besturen", 2);
	assert_import_error(state, SCHOLEN_HEADER
	    "12AB;OBS De Regenboog;Utrecht;BRG;;;;;;;;\n"
	    "34CD;CBS De Wegwijzer;Zeist;BRG;;;;;;;;\n"
	    "56EF;OBS Het Kompas;Zeist;XYZ;;;;;;;;\n",
	    ":4: bestuur \"XYZ\" is onbekend; importeer besturen.csv eerst");
	assert_int_equal(count_schools(fx->db), 0);
	/* The boards of the earlier file stay. */
	assert_int_equal(db_board_exists(fx->db, "BRG"), 1);
}

static void
test_auditor_of_unknown_board_is_refused(void **state)
{
	struct fixture	*fx = *state;

	assert_import_error(state, "naam;email;bestuur\n"
	    "Jan Bakker;j.bakker@hsmarnix.nl;\n"
	    "Petra Mulder;p.mulder@waterland.nl;WLD\n",
	    ":3: bestuur \"WLD\" is onbekend; importeer besturen.csv eerst");
	assert_role(fx->db, "j.bakker@hsmarnix.nl", DB_ROLE_UNKNOWN, NULL);
}

static void
test_invalid_boc_email_refuses_whole_file(void **state)
{
	struct fixture	*fx = *state;

	assert_import_error(state, "code;naam;boc_naam;boc_email\n"
	    "BRG;Stichting Bergrivier;Anne;boc@bestuur-brg.nl\n"
	    "WLD;Stichting Waterland;Karin;boc at waterland.nl\n",
	    ":3: boc_email \"boc at waterland.nl\" is geen geldig "
	    "e-mailadres");
	assert_int_equal(db_board_exists(fx->db, "BRG"), 0);
	assert_role(fx->db, "boc@bestuur-brg.nl", DB_ROLE_UNKNOWN, NULL);
}

static void
test_invalid_school_email_refuses_whole_file(void **state)
{
	struct fixture	*fx = *state;

	import_ok(state, BESTUREN, "besturen", 2);
	assert_import_error(state, SCHOLEN_HEADER
	    "12AB;OBS De Regenboog;Utrecht;BRG;;;;<d@rb.nl>;;;;\n",
	    ":2: directeur_email \"<d@rb.nl>\" is geen geldig e-mailadres");
	assert_int_equal(count_schools(fx->db), 0);
}

static void
test_invalid_auditor_email_is_refused(void **state)
{
	assert_import_error(state, "naam;email\nJan Bakker;jan.bakker\n",
	    ":2: email \"jan.bakker\" is geen geldig e-mailadres");
}

static void
test_bad_date_refuses_whole_file(void **state)
{
	struct fixture	*fx = *state;

	assert_import_error(state, "datum\n2023-01-26\n31-02-2023\n",
	    ":3: datum \"31-02-2023\": verwacht een datum als 2023-01-26 of "
	    "26-01-2023");
	assert_int_equal(count_dates(fx->db), 0);
	assert_import_error(state, "datum\n26 januari 2023\n",
	    ":2: datum \"26 januari 2023\": verwacht een datum als "
	    "2023-01-26 of 26-01-2023");
	import_ok(state, BESTUREN, "besturen", 2);
	assert_import_error(state, SCHOLEN_HEADER
	    "12AB;OBS De Regenboog;Utrecht;BRG;;;;;;;2017-13-01;\n",
	    ":2: basisaudit/certificaat_tot: verwacht een datum als "
	    "2017-03-14 of 14-03-2017");
	assert_int_equal(count_schools(fx->db), 0);
}

static void
test_empty_required_field_is_refused(void **state)
{
	assert_import_error(state, "code;naam;boc_naam;boc_email\n"
	    "BRG;;Anne;boc@bestuur-brg.nl\n", ":2: naam is leeg");
}

static void
test_failed_reimport_keeps_previous_values(void **state)
{
	struct fixture	*fx = *state;
	struct board	*b;

	import_ok(state, BESTUREN, "besturen", 2);
	assert_import_error(state, "code;naam;boc_naam;boc_email\n"
	    "BRG;Andere naam;Anne;ander@bestuur-brg.nl\n"
	    "WLD;Stichting Waterland;Karin;geen-adres\n",
	    ":3: boc_email \"geen-adres\" is geen geldig e-mailadres");
	b = db_board_get(fx->db, "BRG");
	assert_string_equal(b->name, "Stichting Bergrivier");
	board_free(b);
	assert_role(fx->db, "boc@bestuur-brg.nl", DB_ROLE_BOC, "BRG");
	assert_role(fx->db, "ander@bestuur-brg.nl", DB_ROLE_UNKNOWN, NULL);
}

static void
test_dutch_dates_are_stored_as_iso(void **state)
{
	struct fixture	*fx = *state;
	struct school	*s;

	import_ok(state, "datum\n26-01-2023\n1/11/2022\n28.03.2023\n",
	    "auditdata", 3);
	assert_int_equal(db_is_audit_date(fx->db, "2023-01-26"), 1);
	assert_int_equal(db_is_audit_date(fx->db, "2022-11-01"), 1);
	assert_int_equal(db_is_audit_date(fx->db, "2023-03-28"), 1);
	assert_int_equal(db_is_audit_date(fx->db, "26-01-2023"), 0);
	import_ok(state, BESTUREN, "besturen", 2);
	import_ok(state, SCHOLEN_HEADER
	    "12ab;OBS De Regenboog;Utrecht;BRG;;;;;;;26-01-2017;26-01-2023\n",
	    "scholen", 1);
	/* The BRIN is stored upper case. */
	s = db_school_get(fx->db, "12AB");
	assert_non_null(s);
	assert_string_equal(s->brin, "12AB");
	assert_string_equal(s->basisaudit, "2017-01-26");
	assert_string_equal(s->certificaat_tot, "2023-01-26");
	school_free(s);
}

static void
test_several_boc_addresses_all_map_to_board(void **state)
{
	struct fixture	*fx = *state;
	struct board	*b;

	import_ok(state, "code;naam;boc_naam;boc_email\n"
	    "BRG;Stichting Bergrivier;Anne;boc@bestuur-brg.nl | "
	    "Secretariaat@Bestuur-BRG.nl|a.devries@bestuur-brg.nl\n",
	    "besturen", 1);
	assert_role(fx->db, "boc@bestuur-brg.nl", DB_ROLE_BOC, "BRG");
	assert_role(fx->db, "secretariaat@bestuur-brg.nl", DB_ROLE_BOC, "BRG");
	assert_role(fx->db, "a.devries@bestuur-brg.nl", DB_ROLE_BOC, "BRG");
	b = db_board_get(fx->db, "BRG");
	assert_string_equal(b->boc_email, "boc@bestuur-brg.nl");
	board_free(b);
}

static void
test_one_bad_address_in_list_is_refused(void **state)
{
	assert_import_error(state, "code;naam;boc_naam;boc_email\n"
	    "BRG;Stichting Bergrivier;Anne;boc@bestuur-brg.nl|fout\n",
	    ":2: boc_email \"boc@bestuur-brg.nl|fout\" is geen geldig "
	    "e-mailadres");
}

static void
test_missing_file_is_refused(void **state)
{
	struct fixture	*fx = *state;
	const char	*kind;
	size_t		 n;
	char		*cause = NULL;

	assert_int_equal(import_file(fx->db, "/nonexistent/x.csv", &kind, &n,
	    &cause), -1);
	assert_non_null(strstr(cause, "/nonexistent/x.csv"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_besturen_recognised_by_header),
		T(test_scholen_recognised_by_header),
		T(test_auditoren_recognised_by_header),
		T(test_auditdata_recognised_by_header),
		T(test_comma_separated_file_with_other_column_order),
		T(test_repository_master_data_imports),
		T(test_unknown_header_is_refused),
		T(test_reimport_updates_without_duplicating),
		T(test_invalid_brin_refuses_whole_file),
		T(test_unknown_board_refuses_whole_file),
		T(test_auditor_of_unknown_board_is_refused),
		T(test_invalid_boc_email_refuses_whole_file),
		T(test_invalid_school_email_refuses_whole_file),
		T(test_invalid_auditor_email_is_refused),
		T(test_bad_date_refuses_whole_file),
		T(test_empty_required_field_is_refused),
		T(test_failed_reimport_keeps_previous_values),
		T(test_dutch_dates_are_stored_as_iso),
		T(test_several_boc_addresses_all_map_to_board),
		T(test_one_bad_address_in_list_is_refused),
		T(test_missing_file_is_refused),
#undef T
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
