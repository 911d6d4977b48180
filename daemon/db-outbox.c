/* SPDX-License-Identifier: ISC */
/*
 * The outbox table: rows are written in the same transaction as the state
 * change that causes them, then sent, retried or given up by outbox.c.
 */

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "xmalloc.h"

/* Queue a message; its row id, or -1. */
long
db_outbox_put(struct db *db, const struct db_outbox *o)
{
	sqlite3_stmt	*st;
	char		*now;

	st = db_prepare(db, "INSERT INTO outbox (kind, message, message_id, "
	    "sender, rcpt, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7)");
	if (st == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, o->kind);
	if (o->message != 0)
		sqlite3_bind_int64(st, 2, o->message);
	db_bind_text(st, 3, o->message_id);
	db_bind_text(st, 4, o->sender);
	db_bind_text(st, 5, o->rcpt);
	sqlite3_bind_blob(st, 6, o->data, (int)o->len, SQLITE_TRANSIENT);
	db_bind_text(st, 7, now);
	free(now);
	if (db_step_done(db, st) != 0)
		return (-1);
	return ((long)sqlite3_last_insert_rowid(db->sq));
}

#define TEXT(i) ((const char *)sqlite3_column_text(st, i))

static void
db_outbox_row(sqlite3_stmt *st, struct db_outbox *o)
{
	memset(o, 0, sizeof *o);
	o->id = (long)sqlite3_column_int64(st, 0);
	o->kind = TEXT(1);
	o->message = (long)sqlite3_column_int64(st, 2);
	o->message_id = TEXT(3);
	o->sender = TEXT(4);
	o->rcpt = TEXT(5);
	o->data = sqlite3_column_blob(st, 6);
	o->len = (size_t)sqlite3_column_bytes(st, 6);
	o->attempts = sqlite3_column_int(st, 7);
	o->state = TEXT(8);
	o->last_error = TEXT(9);
	o->created_at = TEXT(10);
	o->sent_at = TEXT(11);
	o->failed_at = TEXT(12);
}

#define OUTBOX_COLUMNS "id, kind, message, message_id, sender, rcpt, data, " \
	"attempts, state, last_error, created_at, sent_at, failed_at"

/* Call cb for each queued row due at time now (seconds), oldest first. */
int
db_outbox_due(struct db *db, long now,
    int (*cb)(void *, const struct db_outbox *), void *arg)
{
	sqlite3_stmt		*st;
	struct db_outbox	 o;
	long			*ids = NULL;
	size_t			 n = 0, i;
	int			 rc = 0;

	/* Collect ids first: cb writes to the table while we would read. */
	st = db_prepare(db, "SELECT id FROM outbox WHERE state = 'queued' AND "
	    "next_attempt <= ?1 ORDER BY id");
	if (st == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, now);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = (long)sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	for (i = 0; rc == 0 && i < n; i++) {
		st = db_prepare(db, "SELECT " OUTBOX_COLUMNS " FROM outbox "
		    "WHERE id = ?1 AND state = 'queued'");
		if (st == NULL) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(st, 1, ids[i]);
		if (sqlite3_step(st) == SQLITE_ROW) {
			db_outbox_row(st, &o);
			rc = cb(arg, &o);
		}
		sqlite3_finalize(st);
	}
	free(ids);
	return (rc);
}

/* Mark a row sent. */
int
db_outbox_sent(struct db *db, long id)
{
	sqlite3_stmt	*st;
	char		*now;

	st = db_prepare(db, "UPDATE outbox SET state = 'sent', sent_at = ?2, "
	    "attempts = attempts + 1, last_error = NULL WHERE id = ?1");
	if (st == NULL)
		return (-1);
	now = db_now();
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, now);
	free(now);
	return (db_step_done(db, st));
}

/* Record a failed attempt: retried at next_attempt, or failed for good. */
int
db_outbox_failed(struct db *db, long id, const char *error, long next_attempt,
    int permanent)
{
	sqlite3_stmt	*st;

	char		*now;
	int		 rc;

	st = db_prepare(db, "UPDATE outbox SET attempts = attempts + 1, "
	    "last_error = ?2, next_attempt = ?3, state = CASE WHEN ?4 THEN "
	    "'failed' ELSE 'queued' END, failed_at = CASE WHEN ?4 THEN ?5 "
	    "END WHERE id = ?1");
	if (st == NULL)
		return (-1);
	now = db_now();
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, error);
	sqlite3_bind_int64(st, 3, next_attempt);
	sqlite3_bind_int(st, 4, permanent);
	db_bind_text(st, 5, now);
	rc = db_step_done(db, st);
	free(now);
	return (rc);
}

/* Call cb for every outbox row, oldest first. */
int
db_outbox_each(struct db *db, int (*cb)(void *, const struct db_outbox *),
    void *arg)
{
	sqlite3_stmt		*st;
	struct db_outbox	 o;
	int			 rc = 0;

	st = db_prepare(db, "SELECT " OUTBOX_COLUMNS " FROM outbox "
	    "ORDER BY id");
	if (st == NULL)
		return (-1);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		db_outbox_row(st, &o);
		rc = cb(arg, &o);
	}
	sqlite3_finalize(st);
	return (rc);
}

/*
 * How many answers to mail (rows tied to a message) were queued in the
 * last seconds, to rcpt or to anyone: the loop guard's caps. Scheduled
 * mail (reminders, distribution, digest) neither counts nor is capped.
 */
long
db_outbox_count_recent(struct db *db, const char *rcpt, long seconds)
{
	sqlite3_stmt	*st;
	char		*since;
	long		 n = -1;

	st = db_prepare(db, "SELECT count(*) FROM outbox WHERE "
	    "created_at >= ?1 AND message IS NOT NULL AND "
	    "(?2 IS NULL OR rcpt = ?2 COLLATE NOCASE)");
	if (st == NULL)
		return (-1);
	since = db_time_ago(seconds);
	db_bind_text(st, 1, since);
	db_bind_text(st, 2, rcpt);
	free(since);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return (n);
}

/* The row of a Message-ID we sent, its kind into *kind; 0 if none. */
long
db_outbox_find(struct db *db, const char *message_id, char **kind)
{
	sqlite3_stmt	*st;
	long		 id = 0;

	*kind = NULL;
	st = db_prepare(db, "SELECT id, kind FROM outbox WHERE "
	    "message_id = ?1");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, message_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = (long)sqlite3_column_int64(st, 0);
		*kind = db_column_dup(st, 1);
	}
	sqlite3_finalize(st);
	return (id);
}

/* Record that a sent row came back as undeliverable. */
int
db_outbox_bounced(struct db *db, long id, const char *why)
{
	sqlite3_stmt	*st;

	char		*now;
	int		 rc;

	st = db_prepare(db, "UPDATE outbox SET state = 'bounced', "
	    "last_error = ?2, failed_at = ?3 WHERE id = ?1");
	if (st == NULL)
		return (-1);
	now = db_now();
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, why);
	db_bind_text(st, 3, now);
	rc = db_step_done(db, st);
	free(now);
	return (rc);
}

/* Queue a failed, bounced or given-up row again: 1, 0 (none such), -1. */
int
db_outbox_retry(struct db *db, long id)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "UPDATE outbox SET state = 'queued', "
	    "attempts = 0, next_attempt = 0, failed_at = NULL WHERE id = ?1 "
	    "AND state <> 'queued'");
	if (st == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	if (db_step_done(db, st) != 0)
		return (-1);
	return (sqlite3_changes(db->sq) == 1);
}
