/* SPDX-License-Identifier: ISC */
/*
 * Opening the state database: WAL with synchronous=FULL (a commit survives
 * power loss), a busy timeout, a quick_check that fails closed, and the
 * numbered schema migrations keyed on PRAGMA user_version.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "db-internal.h"
#include "log.h"
#include "xmalloc.h"

static const char *const db_migrations[] = {
	/* 1: the walking skeleton. */
	"CREATE TABLE boards ("
	"  code TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  boc_name TEXT,"
	"  boc_email TEXT NOT NULL);"
	"CREATE TABLE board_addresses ("
	"  address TEXT PRIMARY KEY COLLATE NOCASE,"
	"  board TEXT NOT NULL REFERENCES boards(code) ON DELETE CASCADE);"
	"CREATE TABLE schools ("
	"  brin TEXT PRIMARY KEY COLLATE NOCASE,"
	"  name TEXT NOT NULL,"
	"  place TEXT,"
	"  board TEXT NOT NULL REFERENCES boards(code),"
	"  schoolopleider_name TEXT, schoolopleider_email TEXT,"
	"  directeur_name TEXT, directeur_email TEXT,"
	"  instituutsopleider_name TEXT, instituutsopleider_email TEXT,"
	"  basisaudit TEXT, certificaat_tot TEXT);"
	"CREATE INDEX schools_board ON schools(board);"
	"CREATE TABLE auditors ("
	"  email TEXT PRIMARY KEY COLLATE NOCASE,"
	"  name TEXT NOT NULL,"
	"  board TEXT REFERENCES boards(code));"
	"CREATE TABLE audit_dates (date TEXT PRIMARY KEY);"
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE,"
	"  mailbox TEXT NOT NULL,"
	"  uidvalidity INTEGER NOT NULL,"
	"  uid INTEGER NOT NULL,"
	"  message_id TEXT,"
	"  hash TEXT NOT NULL,"
	"  sender TEXT, subject TEXT,"
	"  class TEXT NOT NULL, rule TEXT, role TEXT NOT NULL, board TEXT,"
	"  audit_date TEXT,"
	"  outcome TEXT NOT NULL, reason TEXT,"
	"  folder TEXT NOT NULL,"
	"  moved INTEGER NOT NULL DEFAULT 0,"
	"  processed_at TEXT NOT NULL);"
	"CREATE INDEX messages_uid ON messages(mailbox, uidvalidity, uid);"
	"CREATE INDEX messages_dup ON messages(message_id, hash);"
	"CREATE TABLE registrations ("
	"  id INTEGER PRIMARY KEY,"
	"  brin TEXT NOT NULL REFERENCES schools(brin),"
	"  audit_date TEXT NOT NULL REFERENCES audit_dates(date),"
	"  message INTEGER REFERENCES messages(id),"
	"  state TEXT NOT NULL,"
	"  registered_at TEXT NOT NULL,"
	"  UNIQUE(brin, audit_date));"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL,"
	"  message INTEGER REFERENCES messages(id),"
	"  message_id TEXT NOT NULL UNIQUE,"
	"  sender TEXT NOT NULL,"
	"  rcpt TEXT NOT NULL,"
	"  data BLOB NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'queued',"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  created_at TEXT NOT NULL,"
	"  sent_at TEXT);"
	"CREATE INDEX outbox_due ON outbox(state, next_attempt);",
	/* 2: attempts per message, written before processing (poison mail). */
	"CREATE TABLE attempts ("
	"  key TEXT PRIMARY KEY,"
	"  starts INTEGER NOT NULL DEFAULT 0,"
	"  failures INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  updated_at TEXT NOT NULL);",
	/* 3: the files of the archive, one row per file a mail brought. */
	"CREATE TABLE files ("
	"  id INTEGER PRIMARY KEY,"
	"  message INTEGER REFERENCES messages(id),"
	"  sha256 TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  original TEXT,"
	"  type TEXT,"
	"  size INTEGER NOT NULL,"
	"  source TEXT NOT NULL,"
	"  brin TEXT,"
	"  kind TEXT,"
	"  path TEXT,"
	"  refused TEXT,"
	"  created_at TEXT NOT NULL);"
	"CREATE INDEX files_sha ON files(sha256, brin, kind);"
	"CREATE INDEX files_school ON files(brin, kind);",
	/* 4: what a document says (pre-advies header, reflection form). */
	"ALTER TABLE files ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE files ADD COLUMN text TEXT;",
	/* 5: a mail that answers (or bounces) one of ours names it. */
	"ALTER TABLE messages ADD COLUMN reply_to INTEGER "
	"REFERENCES outbox(id);",
	/* 6: one digest a day; how the connections fared. */
	"CREATE TABLE digests ("
	"  day TEXT PRIMARY KEY,"
	"  outbox INTEGER REFERENCES outbox(id),"
	"  created_at TEXT NOT NULL);"
	"CREATE TABLE health ("
	"  name TEXT PRIMARY KEY,"
	"  state TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  ok_at TEXT);",
	/* 7: when a row failed for good or came back, for the digest. */
	"ALTER TABLE outbox ADD COLUMN failed_at TEXT;",
	/* 8: the procedure after the bundle, and what fired once. */
	"ALTER TABLE registrations ADD COLUMN table_no INTEGER;"
	"ALTER TABLE registrations ADD COLUMN auditor TEXT;"
	"ALTER TABLE registrations ADD COLUMN verdict TEXT;"
	"ALTER TABLE registrations ADD COLUMN missing INTEGER;"
	"ALTER TABLE registrations ADD COLUMN checked_at TEXT;"
	"ALTER TABLE registrations ADD COLUMN distributed_at TEXT;"
	"ALTER TABLE registrations ADD COLUMN reflection_at TEXT;"
	"ALTER TABLE registrations ADD COLUMN certified_at TEXT;"
	"ALTER TABLE registrations ADD COLUMN valid_until TEXT;"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  key TEXT UNIQUE,"
	"  brin TEXT,"
	"  audit_date TEXT,"
	"  what TEXT NOT NULL,"
	"  at TEXT NOT NULL);"
	"CREATE INDEX events_school ON events(brin, at);",
};

/* Remember the last error for db_error(). */
void
db_set_error(struct db *db, const char *what)
{
	free(db->error);
	db->error = xasprintf("%s: %s", what, sqlite3_errmsg(db->sq));
}

/* The last error, with SQLite's message. */
const char *
db_error(struct db *db)
{
	return (db->error != NULL ? db->error : "no error");
}

/* Prepare a statement; NULL (with the error kept) on failure. */
sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt	*st;

	if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK) {
		db_set_error(db, "prepare");
		return (NULL);
	}
	return (st);
}

/* Bind text, or NULL for a NULL pointer. */
int
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		return (sqlite3_bind_null(st, i));
	return (sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT));
}

/* Step a statement that returns no rows, then finalize it. */
int
db_step_done(struct db *db, sqlite3_stmt *st)
{
	int	 rc;

	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		db_set_error(db, sqlite3_sql(st));
	sqlite3_finalize(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1);
}

/* Run SQL without parameters. */
int
db_exec(struct db *db, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db->sq, sql, NULL, NULL, &err) != SQLITE_OK) {
		free(db->error);
		db->error = xasprintf("%s", err != NULL ? err : "exec failed");
		sqlite3_free(err);
		return (-1);
	}
	return (0);
}

/*
 * Step a query of at most one row and finalize it: 1 with its first
 * column copied into *out (NULL stays NULL), 0 for no row, -1 on error.
 */
int
db_select_text(struct db *db, sqlite3_stmt *st, char **out)
{
	int	 rc;

	*out = NULL;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = db_column_dup(st, 0);
	else if (rc != SQLITE_DONE)
		db_set_error(db, sqlite3_sql(st));
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return (1);
	return (rc == SQLITE_DONE ? 0 : -1);
}

/* Copy a text column (NULL stays NULL). */
char *
db_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return (s != NULL ? xstrdup((const char *)s) : NULL);
}

/* The clock's time as an ISO 8601 UTC string. */
char *
db_now(void)
{
	return (db_time_ago(0));
}

/* The clock's time less some seconds, as an ISO 8601 UTC string. */
char *
db_time_ago(long seconds)
{
	time_t		 t = clock_now() - seconds;
	struct tm	 tm;
	char		 out[32];

	gmtime_r(&t, &tm);
	strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return (xstrdup(out));
}

static int
db_user_version(struct db *db, int *version)
{
	sqlite3_stmt	*st;

	if ((st = db_prepare(db, "PRAGMA user_version")) == NULL)
		return (-1);
	*version = sqlite3_step(st) == SQLITE_ROW ?
	    sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return (0);
}

static int
db_migrate(struct db *db, char **cause)
{
	int	 version, target, i;
	char	*sql;

	target = (int)(sizeof db_migrations / sizeof db_migrations[0]);
	if (db_user_version(db, &version) != 0)
		goto fail;
	if (version > target) {
		*cause = xasprintf("%s: schema version %d is newer than this "
		    "program (%d)", db->path, version, target);
		return (-1);
	}
	for (i = version; i < target; i++) {
		if (db_begin(db) != 0)
			goto fail;
		sql = xasprintf("PRAGMA user_version = %d", i + 1);
		if (db_exec(db, db_migrations[i]) != 0 ||
		    db_exec(db, sql) != 0 || db_commit(db) != 0) {
			free(sql);
			db_rollback(db);
			goto fail;
		}
		free(sql);
		log_info("db: %s: migrated to schema %d", db->path, i + 1);
	}
	return (0);
fail:
	*cause = xasprintf("%s: migration: %s", db->path, db_error(db));
	return (-1);
}

static int
db_quick_check(struct db *db, char **cause)
{
	sqlite3_stmt	*st;
	const char	*r;
	int		 ok;

	if ((st = db_prepare(db, "PRAGMA quick_check")) == NULL) {
		*cause = xasprintf("%s: %s", db->path, db_error(db));
		return (-1);
	}
	ok = sqlite3_step(st) == SQLITE_ROW &&
	    (r = (const char *)sqlite3_column_text(st, 0)) != NULL &&
	    strcmp(r, "ok") == 0;
	if (!ok)
		*cause = xasprintf("%s: quick_check failed: the database is "
		    "damaged; restore it from a backup", db->path);
	sqlite3_finalize(st);
	return (ok ? 0 : -1);
}

/* Open (creating and migrating) the database at path. */
struct db *
db_open(const char *path, char **cause)
{
	struct db	*db;
	int		 flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->sq, flags, NULL) != SQLITE_OK) {
		*cause = xasprintf("%s: %s", path, db->sq != NULL ?
		    sqlite3_errmsg(db->sq) : "out of memory");
		db_close(db);
		return (NULL);
	}
	sqlite3_busy_timeout(db->sq, 10000);
	if (db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;") != 0) {
		*cause = xasprintf("%s: %s", path, db_error(db));
		db_close(db);
		return (NULL);
	}
	if (db_quick_check(db, cause) != 0 || db_migrate(db, cause) != 0) {
		db_close(db);
		return (NULL);
	}
	return (db);
}

/* Close the database. */
void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	sqlite3_close(db->sq);
	free(db->path);
	free(db->error);
	free(db);
}

/* Start a write transaction (BEGIN IMMEDIATE: no upgrade deadlocks). */
int
db_begin(struct db *db)
{
	return (db_exec(db, "BEGIN IMMEDIATE"));
}

/* Commit the transaction. */
int
db_commit(struct db *db)
{
	return (db_exec(db, "COMMIT"));
}

/* Roll the transaction back, if one is open. */
void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->sq))
		(void)db_exec(db, "ROLLBACK");
}

/* Free a list of strings. */
void
db_strings_free(char **list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}
