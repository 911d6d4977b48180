/* SPDX-License-Identifier: ISC */
/*
 * Processed messages and registrations in the database. A message is
 * identified by its source key (mailbox, UIDVALIDITY, UID); Message-ID
 * plus content hash only guard against the same mail arriving again.
 */

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "xmalloc.h"

/* The highest UID recorded for a mailbox at this UIDVALIDITY. */
int
db_message_last_uid(struct db *db, const char *mailbox, uint32_t uidvalidity,
    uint32_t *uid)
{
	sqlite3_stmt	*st;

	st = db_prepare(db, "SELECT COALESCE(MAX(uid), 0) FROM messages "
	    "WHERE mailbox = ?1 AND uidvalidity = ?2");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, mailbox);
	sqlite3_bind_int64(st, 2, uidvalidity);
	*uid = sqlite3_step(st) == SQLITE_ROW ?
	    (uint32_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return (0);
}

/* Whether a source key was processed already: 1 yes, 0 no, -1 error. */
int
db_message_known(struct db *db, const char *key)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = db_prepare(db, "SELECT 1 FROM messages WHERE key = ?1"))
	    == NULL)
		return (-1);
	db_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return (1);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/*
 * The row of an earlier message with the same Message-ID and content, or 0;
 * its folder into *folder.
 */
long
db_message_duplicate(struct db *db, const char *message_id, const char *hash,
    char **folder)
{
	sqlite3_stmt	*st;
	long		 id = 0;

	*folder = NULL;
	if (message_id == NULL)
		return (0);
	st = db_prepare(db, "SELECT id, folder FROM messages WHERE "
	    "message_id = ?1 AND hash = ?2 ORDER BY id LIMIT 1");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, message_id);
	db_bind_text(st, 2, hash);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = (long)sqlite3_column_int64(st, 0);
		*folder = db_column_dup(st, 1);
	}
	sqlite3_finalize(st);
	return (id);
}

/* Record a processed message; its row id, or -1. */
long
db_message_put(struct db *db, const struct db_message *m)
{
	sqlite3_stmt	*st;
	char		*now;
	int		 rc;

	st = db_prepare(db, "INSERT INTO messages (key, mailbox, uidvalidity, "
	    "uid, message_id, hash, sender, subject, class, rule, role, board, "
	    "audit_date, outcome, reason, folder, processed_at, reply_to) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17, ?18)");
	if (st == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, m->key);
	db_bind_text(st, 2, m->mailbox);
	sqlite3_bind_int64(st, 3, m->uidvalidity);
	sqlite3_bind_int64(st, 4, m->uid);
	db_bind_text(st, 5, m->message_id);
	db_bind_text(st, 6, m->hash);
	db_bind_text(st, 7, m->sender);
	db_bind_text(st, 8, m->subject);
	db_bind_text(st, 9, m->class);
	db_bind_text(st, 10, m->rule);
	db_bind_text(st, 11, m->role);
	db_bind_text(st, 12, m->board);
	db_bind_text(st, 13, m->audit_date);
	db_bind_text(st, 14, m->outcome);
	db_bind_text(st, 15, m->reason);
	db_bind_text(st, 16, m->folder);
	db_bind_text(st, 17, now);
	if (m->reply_to > 0)
		sqlite3_bind_int64(st, 18, m->reply_to);
	free(now);
	rc = db_step_done(db, st);
	return (rc == 0 ? (long)sqlite3_last_insert_rowid(db->sq) : -1);
}

/* Note that a message was moved to its folder. */
int
db_message_moved(struct db *db, const char *key)
{
	sqlite3_stmt	*st;

	if ((st = db_prepare(db, "UPDATE messages SET moved = 1 WHERE "
	    "key = ?1")) == NULL)
		return (-1);
	db_bind_text(st, 1, key);
	return (db_step_done(db, st));
}

/* Messages processed but not yet moved (a crash between the two). */
int
db_messages_unmoved(struct db *db, const char *mailbox, uint32_t uidvalidity,
    char ***keys, char ***folders, size_t *n)
{
	sqlite3_stmt	*st;

	*keys = *folders = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT key, folder FROM messages WHERE "
	    "mailbox = ?1 AND uidvalidity = ?2 AND moved = 0 ORDER BY id");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, mailbox);
	sqlite3_bind_int64(st, 2, uidvalidity);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*keys = xreallocarray(*keys, *n + 1, sizeof **keys);
		*folders = xreallocarray(*folders, *n + 1, sizeof **folders);
		(*keys)[*n] = db_column_dup(st, 0);
		(*folders)[*n] = db_column_dup(st, 1);
		(*n)++;
	}
	sqlite3_finalize(st);
	return (0);
}

#define TEXT(i) ((const char *)sqlite3_column_text(st, i))

/* Call cb for every processed message, oldest first. */
int
db_messages_each(struct db *db, int (*cb)(void *, const struct db_message *),
    void *arg)
{
	sqlite3_stmt		*st;
	struct db_message	 m;
	int			 rc = 0;

	st = db_prepare(db, "SELECT id, key, mailbox, uidvalidity, uid, "
	    "message_id, hash, sender, subject, class, rule, role, board, "
	    "audit_date, outcome, reason, folder, moved, processed_at, "
	    "reply_to FROM messages ORDER BY id");
	if (st == NULL)
		return (-1);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		memset(&m, 0, sizeof m);
		m.id = (long)sqlite3_column_int64(st, 0);
		m.key = TEXT(1);
		m.mailbox = TEXT(2);
		m.uidvalidity = (uint32_t)sqlite3_column_int64(st, 3);
		m.uid = (uint32_t)sqlite3_column_int64(st, 4);
		m.message_id = TEXT(5);
		m.hash = TEXT(6);
		m.sender = TEXT(7);
		m.subject = TEXT(8);
		m.class = TEXT(9);
		m.rule = TEXT(10);
		m.role = TEXT(11);
		m.board = TEXT(12);
		m.audit_date = TEXT(13);
		m.outcome = TEXT(14);
		m.reason = TEXT(15);
		m.folder = TEXT(16);
		m.moved = sqlite3_column_int(st, 17);
		m.processed_at = TEXT(18);
		m.reply_to = (long)sqlite3_column_int64(st, 19);
		rc = cb(arg, &m);
	}
	sqlite3_finalize(st);
	return (rc);
}

/* The audit date a school is registered for: 1 found, 0 none, -1 error. */
int
db_registration_date(struct db *db, const char *brin, char **date)
{
	sqlite3_stmt	*st;

	*date = NULL;
	st = db_prepare(db, "SELECT audit_date FROM registrations WHERE "
	    "brin = ?1 ORDER BY audit_date DESC LIMIT 1");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, brin);
	return (db_select_text(db, st, date));
}

/* Register a school for an audit date. */
int
db_registration_put(struct db *db, const char *brin, const char *date,
    long message)
{
	sqlite3_stmt	*st;
	char		*now;

	st = db_prepare(db, "INSERT INTO registrations (brin, audit_date, "
	    "message, state, registered_at) VALUES (?1, ?2, ?3, 'aangemeld', "
	    "?4) ON CONFLICT(brin, audit_date) DO NOTHING");
	if (st == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, brin);
	db_bind_text(st, 2, date);
	sqlite3_bind_int64(st, 3, message);
	db_bind_text(st, 4, now);
	free(now);
	return (db_step_done(db, st));
}

/*
 * Count the start of an attempt, durably (its own transaction), before the
 * message is processed; the counts so far into a.
 */
int
db_attempt_start(struct db *db, const char *key, struct db_attempt *a)
{
	sqlite3_stmt	*st;
	char		*now;

	memset(a, 0, sizeof *a);
	st = db_prepare(db, "INSERT INTO attempts (key, starts, updated_at) "
	    "VALUES (?1, 1, ?2) ON CONFLICT(key) DO UPDATE SET "
	    "starts = starts + 1, updated_at = ?2 "
	    "RETURNING starts, failures, last_error");
	if (st == NULL)
		return (-1);
	now = db_now();
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, now);
	free(now);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_set_error(db, "attempts");
		sqlite3_finalize(st);
		return (-1);
	}
	a->starts = sqlite3_column_int(st, 0);
	a->failures = sqlite3_column_int(st, 1);
	a->last_error = db_column_dup(st, 2);
	sqlite3_finalize(st);
	return (0);
}

/* Record that an attempt failed, and why. */
int
db_attempt_failed(struct db *db, const char *key, const char *error)
{
	sqlite3_stmt	*st;

	if ((st = db_prepare(db, "UPDATE attempts SET failures = failures + 1, "
	    "last_error = ?2 WHERE key = ?1")) == NULL)
		return (-1);
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, error);
	return (db_step_done(db, st));
}

/* Forget the attempts of a message that was processed. */
int
db_attempt_clear(struct db *db, const char *key)
{
	sqlite3_stmt	*st;

	if ((st = db_prepare(db, "DELETE FROM attempts WHERE key = ?1")) ==
	    NULL)
		return (-1);
	db_bind_text(st, 1, key);
	return (db_step_done(db, st));
}
