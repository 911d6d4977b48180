/* SPDX-License-Identifier: ISC */
/* The files of the archive: what each mail brought and where it is kept. */

#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "xmalloc.h"

/*
 * Whether the same bytes were stored before for this school and kind
 * (brin and kind may be NULL): 1 with the stored path, 0, or -1.
 */
int
db_file_find(struct db *db, const char *sha256, const char *brin,
    const char *kind, char **path)
{
	sqlite3_stmt	*st;

	*path = NULL;
	st = db_prepare(db, "SELECT path FROM files WHERE sha256 = ?1 AND "
	    "brin IS ?2 AND kind IS ?3 AND path IS NOT NULL "
	    "ORDER BY id LIMIT 1");
	if (st == NULL)
		return (-1);
	db_bind_text(st, 1, sha256);
	db_bind_text(st, 2, brin);
	db_bind_text(st, 3, kind);
	return (db_select_text(db, st, path));
}

/* Record a file a message brought. */
int
db_file_put(struct db *db, long message, const struct db_file *f)
{
	sqlite3_stmt	*st;
	char		*now;

	st = db_prepare(db, "INSERT INTO files (message, sha256, name, "
	    "original, type, size, source, brin, kind, path, refused, "
	    "created_at, pages, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "?9, ?10, ?11, ?12, ?13, ?14)");
	if (st == NULL)
		return (-1);
	now = db_now();
	if (message > 0)
		sqlite3_bind_int64(st, 1, message);
	db_bind_text(st, 2, f->sha256);
	db_bind_text(st, 3, f->name);
	db_bind_text(st, 4, f->original);
	db_bind_text(st, 5, f->type);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)f->size);
	db_bind_text(st, 7, f->source);
	db_bind_text(st, 8, f->brin);
	db_bind_text(st, 9, f->kind);
	db_bind_text(st, 10, f->path);
	db_bind_text(st, 11, f->refused);
	db_bind_text(st, 12, now);
	sqlite3_bind_int(st, 13, f->pages);
	db_bind_text(st, 14, f->text);
	free(now);
	return (db_step_done(db, st));
}
