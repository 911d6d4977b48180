/* SPDX-License-Identifier: ISC */
/* Master data in the database: boards, schools, auditors, audit dates. */

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "xmalloc.h"

/* Insert or update a board and its BOC's sender addresses. */
int
db_board_put(struct db *db, const struct board *b, const char *const *addrs,
    size_t naddrs)
{
	sqlite3_stmt	*st;
	size_t		 i;

	st = db_prepare(db, "INSERT INTO boards (code, name, boc_name, "
	    "boc_email) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(code) DO UPDATE "
	    "SET name = ?2, boc_name = ?3, boc_email = ?4");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, b->code);
	db_bind_text(st, 2, b->name);
	db_bind_text(st, 3, b->boc_name);
	db_bind_text(st, 4, b->boc_email);
	if (db_step_done(db, st) != 0)
		return (-1);
	st = db_prepare(db, "DELETE FROM board_addresses WHERE board = ?1");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, b->code);
	if (db_step_done(db, st) != 0)
		return (-1);
	for (i = 0; i < naddrs; i++) {
		st = db_prepare(db, "INSERT INTO board_addresses (address, "
		    "board) VALUES (?1, ?2) ON CONFLICT(address) DO UPDATE "
		    "SET board = ?2");
		if (st == NULL)
			return (-1);
		db_bind_text(st, 1, addrs[i]);
		db_bind_text(st, 2, b->code);
		if (db_step_done(db, st) != 0)
			return (-1);
	}
	return (0);
}

/* Insert or update a school. */
int
db_school_put(struct db *db, const struct school *s)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "INSERT INTO schools (brin, name, place, board, "
	    "schoolopleider_name, schoolopleider_email, directeur_name, "
	    "directeur_email, instituutsopleider_name, "
	    "instituutsopleider_email, basisaudit, certificaat_tot) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
	    "ON CONFLICT(brin) DO UPDATE SET name = ?2, place = ?3, "
	    "board = ?4, schoolopleider_name = ?5, schoolopleider_email = ?6, "
	    "directeur_name = ?7, directeur_email = ?8, "
	    "instituutsopleider_name = ?9, instituutsopleider_email = ?10, "
	    "basisaudit = ?11, certificaat_tot = ?12");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, s->brin);
	db_bind_text(st, 2, s->name);
	db_bind_text(st, 3, s->place);
	db_bind_text(st, 4, s->board);
	db_bind_text(st, 5, s->schoolopleider_name);
	db_bind_text(st, 6, s->schoolopleider_email);
	db_bind_text(st, 7, s->directeur_name);
	db_bind_text(st, 8, s->directeur_email);
	db_bind_text(st, 9, s->instituutsopleider_name);
	db_bind_text(st, 10, s->instituutsopleider_email);
	db_bind_text(st, 11, s->basisaudit);
	db_bind_text(st, 12, s->certificaat_tot);
	return (db_step_done(db, st));
}

/* Insert or update an auditor. */
int
db_auditor_put(struct db *db, const struct auditor *a)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "INSERT INTO auditors (email, name, board) VALUES "
	    "(?1, ?2, ?3) ON CONFLICT(email) DO UPDATE SET name = ?2, "
	    "board = ?3");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, a->email);
	db_bind_text(st, 2, a->name);
	db_bind_text(st, 3, a->board);
	return (db_step_done(db, st));
}

/* Add an audit date (YYYY-MM-DD); adding it again is no change. */
int
db_audit_date_put(struct db *db, const char *date)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "INSERT OR IGNORE INTO audit_dates (date) "
	    "VALUES (?1)");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, date);
	return (db_step_done(db, st));
}

static int
db_exists(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt	*st;
	int		 found;

	if ((st = db_prepare(db, sql)) == NULL)
		return (-1);
	db_bind_text(st, 1, arg);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return (found);
}

/* Whether a board code is known: 1 yes, 0 no, -1 error. */
int
db_board_exists(struct db *db, const char *code)
{
	return (db_exists(db, "SELECT 1 FROM boards WHERE code = ?1", code));
}

/* Whether a date is an audit date: 1 yes, 0 no, -1 error. */
int
db_is_audit_date(struct db *db, const char *date)
{
	return (db_exists(db, "SELECT 1 FROM audit_dates WHERE date = ?1",
	    date));
}

/* The role of a sender address; the board code (if any) into *board. */
enum db_role
db_role_of(struct db *db, const char *address, char **board)
{
	sqlite3_stmt	*st;
	enum db_role	 role = DB_ROLE_UNKNOWN;

	*board = NULL;
	st = db_prepare(db, "SELECT board FROM board_addresses "
	    "WHERE address = ?1");
	if (st == NULL)
		return (DB_ROLE_UNKNOWN);
	db_bind_text(st, 1, address);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*board = db_column_dup(st, 0);
		role = DB_ROLE_BOC;
	}
	sqlite3_finalize(st);
	if (role != DB_ROLE_UNKNOWN)
		return (role);
	st = db_prepare(db, "SELECT board FROM auditors WHERE email = ?1");
	if (st == NULL)
		return (DB_ROLE_UNKNOWN);
	db_bind_text(st, 1, address);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*board = db_column_dup(st, 0);
		role = DB_ROLE_AUDITOR;
	}
	sqlite3_finalize(st);
	return (role);
}

/* A board by code, or NULL. */
struct board *
db_board_get(struct db *db, const char *code)
{
	sqlite3_stmt	*st;
	struct board	*b = NULL;

	st = db_prepare(db, "SELECT code, name, boc_name, boc_email FROM "
	    "boards WHERE code = ?1");
	if (st == NULL)
		return (NULL);
	db_bind_text(st, 1, code);
	if (sqlite3_step(st) == SQLITE_ROW) {
		b = xcalloc(1, sizeof *b);
		b->code = db_column_dup(st, 0);
		b->name = db_column_dup(st, 1);
		b->boc_name = db_column_dup(st, 2);
		b->boc_email = db_column_dup(st, 3);
	}
	sqlite3_finalize(st);
	return (b);
}

/* Free a board. */
void
board_free(struct board *b)
{
	if (b == NULL)
		return;
	free(b->code);
	free(b->name);
	free(b->boc_name);
	free(b->boc_email);
	free(b);
}

#define SCHOOL_COLUMNS "brin, name, place, board, schoolopleider_name, "  \
	"schoolopleider_email, directeur_name, directeur_email, "	    \
	"instituutsopleider_name, instituutsopleider_email, basisaudit, "   \
	"certificaat_tot"

static struct school *
db_school_row(sqlite3_stmt *st)
{
	struct school	*s = xcalloc(1, sizeof *s);

	s->brin = db_column_dup(st, 0);
	s->name = db_column_dup(st, 1);
	s->place = db_column_dup(st, 2);
	s->board = db_column_dup(st, 3);
	s->schoolopleider_name = db_column_dup(st, 4);
	s->schoolopleider_email = db_column_dup(st, 5);
	s->directeur_name = db_column_dup(st, 6);
	s->directeur_email = db_column_dup(st, 7);
	s->instituutsopleider_name = db_column_dup(st, 8);
	s->instituutsopleider_email = db_column_dup(st, 9);
	s->basisaudit = db_column_dup(st, 10);
	s->certificaat_tot = db_column_dup(st, 11);
	return (s);
}

/* The schools of a board (all schools for NULL), by name. */
struct school **
db_schools_of(struct db *db, const char *board, size_t *n)
{
	sqlite3_stmt	 *st;
	struct school	**list = NULL;

	*n = 0;
	st = db_prepare(db, "SELECT " SCHOOL_COLUMNS " FROM schools WHERE "
	    "?1 IS NULL OR board = ?1 ORDER BY name");
	if (st == NULL)
		return (NULL);
	db_bind_text(st, 1, board);
	while (sqlite3_step(st) == SQLITE_ROW) {
		list = xreallocarray(list, *n + 1, sizeof *list);
		list[(*n)++] = db_school_row(st);
	}
	sqlite3_finalize(st);
	return (list);
}

/* One school by BRIN, or NULL. */
struct school *
db_school_get(struct db *db, const char *brin)
{
	sqlite3_stmt	*st;
	struct school	*s = NULL;

	st = db_prepare(db, "SELECT " SCHOOL_COLUMNS " FROM schools WHERE "
	    "brin = ?1");
	if (st == NULL)
		return (NULL);
	db_bind_text(st, 1, brin);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = db_school_row(st);
	sqlite3_finalize(st);
	return (s);
}

/* Free a school. */
void
school_free(struct school *s)
{
	if (s == NULL)
		return;
	free(s->brin);
	free(s->name);
	free(s->place);
	free(s->board);
	free(s->schoolopleider_name);
	free(s->schoolopleider_email);
	free(s->directeur_name);
	free(s->directeur_email);
	free(s->instituutsopleider_name);
	free(s->instituutsopleider_email);
	free(s->basisaudit);
	free(s->certificaat_tot);
	free(s);
}

/* Free a list of schools. */
void
school_list_free(struct school **list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		school_free(list[i]);
	free(list);
}

/* All audit dates, ascending. */
char **
db_audit_dates(struct db *db, size_t *n)
{
	sqlite3_stmt	 *st;
	char		**list = NULL;

	*n = 0;
	if ((st = db_prepare(db, "SELECT date FROM audit_dates ORDER BY date"))
	    == NULL)
		return (NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		list = xreallocarray(list, *n + 1, sizeof *list);
		list[(*n)++] = db_column_dup(st, 0);
	}
	sqlite3_finalize(st);
	return (list);
}
