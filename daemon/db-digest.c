/* SPDX-License-Identifier: ISC */
/*
 * What the coordinator's digest needs: one digest per day (claimed in the
 * transaction that queues it), the kinds of document each school has,
 * the files nobody could place, and how the connections fared.
 */

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "xmalloc.h"

#define TEXT(i) ((const char *)sqlite3_column_text(st, i))

/* Claim the digest of a day: 1 claimed, 0 there was one already, -1. */
int
db_digest_claim(struct db *db, const char *day, long outbox)
{
	sqlite3_stmt	*st;
	char		*now;

	st = db_prepare(db, "INSERT OR IGNORE INTO digests (day, outbox, "
	    "created_at) VALUES (?1, ?2, ?3)");
	if (st == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, day);
	if (outbox > 0)
		sqlite3_bind_int64(st, 2, outbox);
	db_bind_text(st, 3, now);
	free(now);
	if (db_step_done(db, st) != 0)
		return (-1);
	return (sqlite3_changes(db->sq) == 1);
}

/* When the last digest before a day was made (NULL: never); 0 or -1. */
int
db_digest_before(struct db *db, const char *day, char **created_at)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "SELECT created_at FROM digests WHERE day < ?1 "
	    "ORDER BY day DESC LIMIT 1");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, day);
	return (db_select_text(db, st, created_at) < 0 ? -1 : 0);
}

/* Call cb with each kind of document a school has and when it came. */
int
db_school_kinds(struct db *db, const char *brin,
    int (*cb)(void *, const char *, const char *), void *arg)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	st = db_prepare(db, "SELECT kind, min(created_at) FROM files WHERE "
	    "brin = ?1 AND kind IS NOT NULL AND refused IS NULL "
	    "GROUP BY kind ORDER BY kind");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, brin);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = cb(arg, TEXT(0), TEXT(1));
	sqlite3_finalize(st);
	return (rc);
}

/* Call cb with each kept file without school or kind since a time. */
int
db_files_unplaced(struct db *db, const char *since,
    int (*cb)(void *, const char *, long), void *arg)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	st = db_prepare(db, "SELECT name, message FROM files WHERE "
	    "(brin IS NULL OR kind IS NULL) AND refused IS NULL AND "
	    "(?1 IS NULL OR created_at >= ?1) ORDER BY id");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, since);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
		rc = cb(arg, TEXT(0), (long)sqlite3_column_int64(st, 1));
	sqlite3_finalize(st);
	return (rc);
}

/* Record how a connection (imap, smtp) fared: "ok" or the error. */
int
db_health_set(struct db *db, const char *name, const char *state)
{
	sqlite3_stmt	*st;
	char		*now;
	int		 rc;

	st = db_prepare(db, "INSERT INTO health (name, state, updated_at, "
	    "ok_at) VALUES (?1, ?2, ?3, CASE WHEN ?2 = 'ok' THEN ?3 END) "
	    "ON CONFLICT(name) DO UPDATE SET state = ?2, updated_at = ?3, "
	    "ok_at = CASE WHEN ?2 = 'ok' THEN ?3 ELSE ok_at END");
	if (st == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, state);
	db_bind_text(st, 3, now);
	rc = db_step_done(db, st);
	free(now);
	return (rc);
}

/* How a connection fared last, and when it last worked; 1, 0 unknown, -1. */
int
db_health_get(struct db *db, const char *name, char **state, char **ok_at)
{
	sqlite3_stmt	*st;
	int		 rc = 0;

	*state = *ok_at = NULL;
	st = db_prepare(db, "SELECT state, ok_at FROM health WHERE name = ?1");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*state = db_column_dup(st, 0);
		*ok_at = db_column_dup(st, 1);
		rc = 1;
	}
	sqlite3_finalize(st);
	return (rc);
}
