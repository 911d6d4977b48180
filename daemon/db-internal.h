/* SPDX-License-Identifier: ISC */
/* Shared by the db-*.c files only: the one place that includes SQLite. */
#ifndef DB_INTERNAL_H
#define DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

struct db {
	sqlite3		*sq;
	char		*path;
	char		*error;		/* the last error, for db_error() */
};

sqlite3_stmt	*db_prepare(struct db *, const char *);
int		 db_bind_text(sqlite3_stmt *, int, const char *);
int		 db_step_done(struct db *, sqlite3_stmt *);
int		 db_exec(struct db *, const char *);
char		*db_column_dup(sqlite3_stmt *, int);
int		 db_select_text(struct db *, sqlite3_stmt *, char **);
void		 db_set_error(struct db *, const char *);
char		*db_now(void);

#endif
