/* SPDX-License-Identifier: ISC */
/*
 * The procedure per registration: table and auditor, the checklist's
 * verdict, distribution, reflection and certificate; the events that
 * must happen once (a reminder, an escalation), claimed by a key in the
 * transaction that queues their mail; the files kept per audit date.
 */

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "xmalloc.h"

#define TEXT(i) ((const char *)sqlite3_column_text(st, i))

#define DB_REGISTRATION_COLUMNS						\
	"SELECT r.brin, s.name, s.board, r.audit_date, r.state, "	\
	"r.registered_at, coalesce(r.table_no, 0), r.auditor, r.verdict, "\
	"coalesce(r.missing, -1), r.checked_at, r.distributed_at, "	\
	"r.reflection_at, r.certified_at, r.valid_until "		\
	"FROM registrations r JOIN schools s ON s.brin = r.brin "

/*
 * Claim an event that must happen once (key), and put it on the school's
 * timeline; a NULL key only records. 1 claimed, 0 claimed before, -1.
 */
int
db_event_claim(struct db *db, const char *key, const char *brin,
    const char *date, const char *what)
{
	sqlite3_stmt	*st;
	char		*now;

	st = db_prepare(db, "INSERT OR IGNORE INTO events (key, brin, "
	    "audit_date, what, at) VALUES (?1, ?2, ?3, ?4, ?5)");
	if (st == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, brin);
	db_bind_text(st, 3, date);
	db_bind_text(st, 4, what);
	db_bind_text(st, 5, now);
	free(now);
	if (db_step_done(db, st) != 0)
		return (-1);
	return (sqlite3_changes(db->sq) == 1);
}

/* Call cb with each event of a school (audit date, what, when), in order. */
int
db_events_each(struct db *db, const char *brin,
    int (*cb)(void *, const char *, const char *, const char *), void *arg)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	st = db_prepare(db, "SELECT audit_date, what, at FROM events "
	    "WHERE brin = ?1 ORDER BY at, id");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, brin);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = cb(arg, TEXT(0), TEXT(1), TEXT(2));
	sqlite3_finalize(st);
	return (rc);
}

static int
db_registration_rows(sqlite3_stmt *st,
    int (*cb)(void *, const struct db_registration *), void *arg)
{
	struct db_registration	 r;
	int			 rc = 0;

	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		r.brin = TEXT(0);
		r.school = TEXT(1);
		r.board = TEXT(2);
		r.audit_date = TEXT(3);
		r.state = TEXT(4);
		r.registered_at = TEXT(5);
		r.table_no = sqlite3_column_int(st, 6);
		r.auditor = TEXT(7);
		r.verdict = TEXT(8);
		r.missing = sqlite3_column_int(st, 9);
		r.checked_at = TEXT(10);
		r.distributed_at = TEXT(11);
		r.reflection_at = TEXT(12);
		r.certified_at = TEXT(13);
		r.valid_until = TEXT(14);
		rc = cb(arg, &r);
	}
	sqlite3_finalize(st);
	return (rc);
}

/*
 * Call cb for each registration of an audit date and/or a school (NULL:
 * any), by date, board and school: a school's latest comes last.
 */
int
db_registrations_each(struct db *db, const char *date, const char *brin,
    int (*cb)(void *, const struct db_registration *), void *arg)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, DB_REGISTRATION_COLUMNS "WHERE (?1 IS NULL OR "
	    "r.audit_date = ?1) AND (?2 IS NULL OR r.brin = ?2) "
	    "ORDER BY r.audit_date, s.board, s.name");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, date);
	db_bind_text(st, 2, brin);
	return (db_registration_rows(st, cb, arg));
}

/* Put a registration at a table with its auditor. */
int
db_registration_table(struct db *db, const char *brin, const char *date,
    int table_no, const char *auditor)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "UPDATE registrations SET table_no = ?3, "
	    "auditor = ?4 WHERE brin = ?1 AND audit_date = ?2");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, brin);
	db_bind_text(st, 2, date);
	if (table_no > 0)
		sqlite3_bind_int(st, 3, table_no);
	db_bind_text(st, 4, auditor);
	return (db_step_done(db, st));
}

/* Record the checklist's verdict and how many criteria were missing. */
int
db_registration_verdict(struct db *db, const char *brin, const char *date,
    const char *verdict, int missing)
{
	sqlite3_stmt	*st;
	char		*now;

	st = db_prepare(db, "UPDATE registrations SET verdict = ?3, "
	    "missing = ?4, checked_at = ?5 WHERE brin = ?1 AND "
	    "audit_date = ?2");
	if (st == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, brin);
	db_bind_text(st, 2, date);
	db_bind_text(st, 3, verdict);
	if (missing >= 0)
		sqlite3_bind_int(st, 4, missing);
	db_bind_text(st, 5, now);
	free(now);
	return (db_step_done(db, st));
}

/* Stamp a moment on a registration (the first time only). */
int
db_registration_stamp(struct db *db, const char *brin, const char *date,
    enum db_stamp stamp, const char *valid_until)
{
	static const char *const sql[] = {
		[DB_STAMP_DISTRIBUTED] = "UPDATE registrations SET "
		    "distributed_at = coalesce(distributed_at, ?3) WHERE "
		    "brin = ?1 AND audit_date = ?2",
		[DB_STAMP_REFLECTION] = "UPDATE registrations SET "
		    "reflection_at = coalesce(reflection_at, ?3) WHERE "
		    "brin = ?1 AND audit_date = ?2",
		[DB_STAMP_CERTIFIED] = "UPDATE registrations SET "
		    "certified_at = coalesce(certified_at, ?3), "
		    "valid_until = ?4 WHERE brin = ?1 AND audit_date = ?2",
	};
	sqlite3_stmt	*st;
	char		*now;

	if ((st = db_prepare(db, sql[stamp])) == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, brin);
	db_bind_text(st, 2, date);
	db_bind_text(st, 3, now);
	if (stamp == DB_STAMP_CERTIFIED)
		db_bind_text(st, 4, valid_until);
	free(now);
	return (db_step_done(db, st));
}

/* A school's new certificate runs until a date (ISO). */
int
db_school_certified(struct db *db, const char *brin, const char *until)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "UPDATE schools SET certificaat_tot = ?2 WHERE "
	    "brin = ?1");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, brin);
	db_bind_text(st, 2, until);
	return (db_step_done(db, st));
}

static int
db_kept_rows(sqlite3_stmt *st, int (*cb)(void *, const struct db_kept *),
    void *arg)
{
	struct db_kept	 k;
	int		 rc = 0;

	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		k.name = TEXT(0);
		k.path = TEXT(1);
		k.type = TEXT(2);
		k.kind = TEXT(3);
		k.size = (size_t)sqlite3_column_int64(st, 4);
		k.text = TEXT(5);
		k.created_at = TEXT(6);
		rc = cb(arg, &k);
	}
	sqlite3_finalize(st);
	return (rc);
}

/*
 * Call cb with each file kept for a school under an audit date, of one
 * kind (NULL: every kind), oldest first, each stored file once.
 */
int
db_kept_each(struct db *db, const char *brin, const char *date,
    const char *kind, int (*cb)(void *, const struct db_kept *), void *arg)
{
	sqlite3_stmt	*st;
	char		*prefix;
	int		 rc;

	st = db_prepare(db, "SELECT name, path, type, kind, size, text, "
	    "min(created_at) FROM files WHERE brin = ?1 AND "
	    "(?3 IS NULL OR kind = ?3) AND refused IS NULL AND "
	    "(substr(path, 1, length(?2)) = ?2 OR (path IS NULL AND "
	    "created_at >= (SELECT registered_at FROM registrations WHERE "
	    "brin = ?1 AND audit_date = ?4))) "
	    "GROUP BY coalesce(path, name) ORDER BY min(created_at), min(id)");
	if (st == NULL)
		return (-1);
	prefix = xasprintf("archief/%s/", date);
	db_bind_text(st, 1, brin);
	db_bind_text(st, 2, prefix);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, date);
	rc = db_kept_rows(st, cb, arg);
	free(prefix);
	return (rc);
}

/* Call cb with each school's brin and the end of its certificate. */
int
db_certificates_each(struct db *db,
    int (*cb)(void *, const char *, const char *), void *arg)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	st = db_prepare(db, "SELECT brin, certificaat_tot FROM schools WHERE "
	    "certificaat_tot IS NOT NULL AND certificaat_tot != '' "
	    "ORDER BY certificaat_tot, brin");
	if (st == NULL)
		return (-1);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = cb(arg, TEXT(0), TEXT(1));
	sqlite3_finalize(st);
	return (rc);
}

/*
 * Call cb with each auditor (academie staff first) and how many tables
 * the auditor has led or leads, on any date.
 */
int
db_auditors_each(struct db *db,
    int (*cb)(void *, const struct auditor *, int), void *arg)
{
	sqlite3_stmt	*st;
	struct auditor	 a;
	int		 rc = 0;

	st = db_prepare(db, "SELECT a.name, a.email, a.board, (SELECT "
	    "count(DISTINCT r.audit_date || ' ' || r.table_no) FROM "
	    "registrations r WHERE r.auditor = a.email AND r.table_no IS NOT "
	    "NULL) FROM auditors a ORDER BY a.board IS NOT NULL, a.name, "
	    "a.email");
	if (st == NULL)
		return (-1);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		a.name = db_column_dup(st, 0);
		a.email = db_column_dup(st, 1);
		a.board = db_column_dup(st, 2);
		rc = cb(arg, &a, sqlite3_column_int(st, 3));
		free(a.name);
		free(a.email);
		free(a.board);
	}
	sqlite3_finalize(st);
	return (rc);
}

/* An auditor's name by address; NULL when unknown. */
char *
db_auditor_name(struct db *db, const char *email)
{
	sqlite3_stmt	*st;
	char		*name = NULL;

	st = db_prepare(db, "SELECT name FROM auditors WHERE email = ?1");
	if (st == NULL)
		return (NULL);
	db_bind_text(st, 1, email);
	if (db_select_text(db, st, &name) != 1) {
		free(name);
		return (NULL);
	}
	return (name);
}

/* Call cb with every file kept for a school, in the order they came. */
int
db_files_of(struct db *db, const char *brin,
    int (*cb)(void *, const struct db_kept *), void *arg)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "SELECT name, path, type, kind, size, NULL, "
	    "created_at FROM files WHERE brin = ?1 AND refused IS NULL "
	    "ORDER BY created_at, id");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, brin);
	return (db_kept_rows(st, cb, arg));
}

/* Remove a school's registration for a date: 1 removed, 0 none, -1. */
int
db_registration_delete(struct db *db, const char *brin, const char *date)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "DELETE FROM registrations WHERE brin = ?1 AND "
	    "audit_date = ?2");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, brin);
	db_bind_text(st, 2, date);
	if (db_step_done(db, st) != 0)
		return (-1);
	return (sqlite3_changes(db->sq) == 1);
}

/* Whether an event was claimed: 1 yes, 0 no, -1 error. */
int
db_event_exists(struct db *db, const char *key)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_prepare(db, "SELECT 1 FROM events WHERE key = ?1")) ==
	    NULL)
		return (-1);
	db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return (1);
	return (rc == SQLITE_DONE ? 0 : -1);
}
