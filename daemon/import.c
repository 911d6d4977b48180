/* SPDX-License-Identifier: ISC */
/*
 * Importing master data: besturen.csv, scholen.csv, auditoren.csv and
 * auditdata.csv, recognised by their header rows. A file is imported in
 * one transaction: a bad row is reported with its line and nothing of
 * that file is kept. Importing again updates what is there.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "csvfile.h"
#include "db.h"
#include "import.h"
#include "message.h"
#include "xmalloc.h"

struct import_kind {
	const char	*name;
	const char	*required[5];
	int		 (*row)(struct db *, const struct csvfile *,
			    const struct csvfile_row *, char **);
};

#define FIELD(f, r, name) csvfile_get(f, r, csvfile_column(f, name))

static char *
import_opt(const char *s)
{
	return (*s != '\0' ? xstrdup(s) : NULL);
}

/* A date as ISO: from YYYY-MM-DD or the Dutch DD-MM-YYYY (or / or .). */
static int
import_date(const char *s, char **iso)
{
	struct date	 d;
	char		 out[16], sep;
	int		 n = 0;

	*iso = NULL;
	if (*s == '\0')
		return (0);
	if (date_parse_iso(s, &d) != 0) {
		if (sscanf(s, "%2d%c%2d%*[-/.]%4d%n", &d.day, &sep, &d.month,
		    &d.year, &n) != 4 || s[n] != '\0' || strchr("-/.", sep) ==
		    NULL || !date_valid(&d))
			return (-1);
	}
	date_iso(&d, out, sizeof out);
	*iso = xstrdup(out);
	return (0);
}

/* The addresses of a field: separated by |, commas or blanks. */
static char **
import_split_emails(const char *list, size_t *n)
{
	char	*copy = xstrdup(list), *p = copy, *a, **addrs = NULL;

	*n = 0;
	while ((a = strsep(&p, "|, \t")) != NULL) {
		if (*a == '\0')
			continue;
		addrs = xreallocarray(addrs, *n + 1, sizeof *addrs);
		addrs[(*n)++] = xstrdup(a);
	}
	free(copy);
	return (addrs);
}

static void
import_emails_free(char **addrs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(addrs[i]);
	free(addrs);
}

/* Whether every address of a field is valid (and one is there if needed). */
static int
import_emails_valid(const char *list, int required)
{
	char	**addrs;
	size_t	  n, i;
	int	  ok = 1;

	addrs = import_split_emails(list, &n);
	for (i = 0; i < n; i++)
		ok = ok && message_address_valid(addrs[i]);
	import_emails_free(addrs, n);
	return (ok && (n > 0 || !required));
}

static int
import_board(struct db *db, const struct csvfile *f,
    const struct csvfile_row *r, char **cause)
{
	struct board	 b;
	char		**addrs;
	size_t		  n;
	int		  rc;

	if (!import_emails_valid(FIELD(f, r, "boc_email"), 1)) {
		*cause = xasprintf("boc_email \"%s\" is geen geldig "
		    "e-mailadres", FIELD(f, r, "boc_email"));
		return (-1);
	}
	addrs = import_split_emails(FIELD(f, r, "boc_email"), &n);
	b.code = xstrdup(FIELD(f, r, "code"));
	b.name = xstrdup(FIELD(f, r, "naam"));
	b.boc_name = import_opt(FIELD(f, r, "boc_naam"));
	b.boc_email = xstrdup(addrs[0]);
	rc = db_board_put(db, &b, (const char *const *)addrs, n);
	free(b.code);
	free(b.name);
	free(b.boc_name);
	free(b.boc_email);
	import_emails_free(addrs, n);
	return (rc);
}

static int
import_brin_valid(char *brin)
{
	char	*p;

	for (p = brin; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
	return (strlen(brin) == 4 && isdigit((unsigned char)brin[0]) &&
	    isdigit((unsigned char)brin[1]) && isalnum((unsigned char)brin[2])
	    && isalnum((unsigned char)brin[3]));
}

static int
import_school_check(struct db *db, const struct csvfile *f,
    const struct csvfile_row *r, struct school *s, char **cause)
{
	static const char *const emails[] = { "schoolopleider_email",
	    "directeur_email", "instituutsopleider_email", NULL };
	size_t	 i;

	if (!import_brin_valid(s->brin)) {
		*cause = xasprintf("brin \"%s\": verwacht 2 cijfers en 2 "
		    "letters, zoals 12AB", s->brin);
		return (-1);
	}
	if (db_board_exists(db, s->board) != 1) {
		*cause = xasprintf("bestuur \"%s\" is onbekend; importeer "
		    "besturen.csv eerst", s->board);
		return (-1);
	}
	for (i = 0; emails[i] != NULL; i++) {
		if (!import_emails_valid(FIELD(f, r, emails[i]), 0)) {
			*cause = xasprintf("%s \"%s\" is geen geldig "
			    "e-mailadres", emails[i], FIELD(f, r, emails[i]));
			return (-1);
		}
	}
	if (import_date(FIELD(f, r, "basisaudit"), &s->basisaudit) != 0 ||
	    import_date(FIELD(f, r, "certificaat_tot"), &s->certificaat_tot)
	    != 0) {
		*cause = xstrdup("basisaudit/certificaat_tot: verwacht een "
		    "datum als 2017-03-14 of 14-03-2017");
		return (-1);
	}
	return (0);
}

static int
import_school(struct db *db, const struct csvfile *f,
    const struct csvfile_row *r, char **cause)
{
	struct school	*s = xcalloc(1, sizeof *s);
	int		 rc;

	s->brin = xstrdup(FIELD(f, r, "brin"));
	s->name = xstrdup(FIELD(f, r, "naam"));
	s->place = import_opt(FIELD(f, r, "plaats"));
	s->board = xstrdup(FIELD(f, r, "bestuur"));
	s->schoolopleider_name = import_opt(FIELD(f, r,
	    "schoolopleider_naam"));
	s->schoolopleider_email = import_opt(FIELD(f, r,
	    "schoolopleider_email"));
	s->directeur_name = import_opt(FIELD(f, r, "directeur_naam"));
	s->directeur_email = import_opt(FIELD(f, r, "directeur_email"));
	s->instituutsopleider_name = import_opt(FIELD(f, r,
	    "instituutsopleider_naam"));
	s->instituutsopleider_email = import_opt(FIELD(f, r,
	    "instituutsopleider_email"));
	rc = import_school_check(db, f, r, s, cause);
	if (rc == 0)
		rc = db_school_put(db, s);
	school_free(s);
	return (rc);
}

static int
import_auditor(struct db *db, const struct csvfile *f,
    const struct csvfile_row *r, char **cause)
{
	struct auditor	 a;
	int		 rc;

	if (!message_address_valid(FIELD(f, r, "email"))) {
		*cause = xasprintf("email \"%s\" is geen geldig e-mailadres",
		    FIELD(f, r, "email"));
		return (-1);
	}
	a.board = import_opt(FIELD(f, r, "bestuur"));
	if (a.board != NULL && db_board_exists(db, a.board) != 1) {
		*cause = xasprintf("bestuur \"%s\" is onbekend; importeer "
		    "besturen.csv eerst", a.board);
		free(a.board);
		return (-1);
	}
	a.name = xstrdup(FIELD(f, r, "naam"));
	a.email = xstrdup(FIELD(f, r, "email"));
	rc = db_auditor_put(db, &a);
	free(a.name);
	free(a.email);
	free(a.board);
	return (rc);
}

static int
import_audit_date(struct db *db, const struct csvfile *f,
    const struct csvfile_row *r, char **cause)
{
	char	*iso;
	int	 rc;

	if (import_date(FIELD(f, r, "datum"), &iso) != 0 || iso == NULL) {
		*cause = xasprintf("datum \"%s\": verwacht een datum als "
		    "2023-01-26 of 26-01-2023", FIELD(f, r, "datum"));
		return (-1);
	}
	rc = db_audit_date_put(db, iso);
	free(iso);
	return (rc);
}

static const struct import_kind import_kinds[] = {
	{ "besturen", { "code", "naam", "boc_email", NULL }, import_board },
	{ "scholen", { "brin", "naam", "bestuur", NULL }, import_school },
	{ "auditoren", { "naam", "email", NULL }, import_auditor },
	{ "auditdata", { "datum", NULL }, import_audit_date },
};

/* Which kind of file this is, from its header row. */
static const struct import_kind *
import_kind(const struct csvfile *f)
{
	const struct import_kind	*k;
	size_t				 i, j;

	for (i = 0; i < sizeof import_kinds / sizeof *import_kinds; i++) {
		k = &import_kinds[i];
		for (j = 0; k->required[j] != NULL; j++) {
			if (csvfile_column(f, k->required[j]) == -1)
				break;
		}
		if (k->required[j] == NULL)
			return (k);
	}
	return (NULL);
}

static int
import_rows(struct db *db, const struct csvfile *f,
    const struct import_kind *k, char **cause)
{
	char	*why = NULL;
	size_t	 i, j;

	for (i = 0; i < f->nrows; i++) {
		for (j = 0; k->required[j] != NULL; j++) {
			if (*FIELD(f, &f->rows[i], k->required[j]) == '\0') {
				why = xasprintf("%s is leeg", k->required[j]);
				break;
			}
		}
		if (why == NULL && k->row(db, f, &f->rows[i], &why) != 0 &&
		    why == NULL)
			why = xasprintf("database: %s", db_error(db));
		if (why != NULL) {
			*cause = xasprintf("%s:%zu: %s", f->path,
			    f->rows[i].line, why);
			free(why);
			return (-1);
		}
	}
	return (0);
}

static int
import_apply(struct db *db, struct csvfile *f, const struct import_kind *k,
    char **cause)
{
	int	 rc;

	if (db_begin(db) != 0) {
		*cause = xasprintf("%s: %s", f->path, db_error(db));
		return (-1);
	}
	rc = import_rows(db, f, k, cause);
	if (rc == 0 && db_commit(db) != 0) {
		*cause = xasprintf("%s: %s", f->path, db_error(db));
		rc = -1;
	}
	if (rc != 0)
		db_rollback(db);
	return (rc);
}

/*
 * Import CSV files, each in one transaction, in the order their kinds
 * depend on each other (boards before schools and auditors), whatever
 * the order given. cb reports each file; the count of failed files.
 */
int
import_files(struct db *db, char *const *paths, size_t n,
    void (*cb)(void *, const char *, const char *, size_t, const char *),
    void *arg)
{
	struct csvfile			**files;
	const struct import_kind	**kinds;
	char				 *cause = NULL;
	size_t				  i, k;
	int				  failed = 0;

	files = xcalloc(n, sizeof *files);
	kinds = xcalloc(n, sizeof *kinds);
	for (i = 0; i < n; i++) {
		if ((files[i] = csvfile_read(paths[i], &cause)) != NULL &&
		    (kinds[i] = import_kind(files[i])) == NULL)
			cause = xasprintf("%s: onbekende kolommen; verwacht de "
			    "kopregel van besturen.csv, scholen.csv, "
			    "auditoren.csv of auditdata.csv", paths[i]);
		if (cause != NULL) {
			cb(arg, paths[i], NULL, 0, cause);
			free(cause);
			cause = NULL;
			failed++;
		}
	}
	for (k = 0; k < sizeof import_kinds / sizeof *import_kinds; k++) {
		for (i = 0; i < n; i++) {
			if (kinds[i] != &import_kinds[k])
				continue;
			if (import_apply(db, files[i], kinds[i], &cause) != 0) {
				cb(arg, paths[i], kinds[i]->name, 0, cause);
				free(cause);
				cause = NULL;
				failed++;
			} else
				cb(arg, paths[i], kinds[i]->name,
				    files[i]->nrows, NULL);
		}
	}
	for (i = 0; i < n; i++)
		csvfile_free(files[i]);
	free(files);
	free(kinds);
	return (failed);
}

/* Import one CSV file in one transaction; its kind and row count out. */
int
import_file(struct db *db, const char *path, const char **kind, size_t *rows,
    char **cause)
{
	const struct import_kind	*k;
	struct csvfile			*f;
	int				 rc;

	if ((f = csvfile_read(path, cause)) == NULL)
		return (-1);
	if ((k = import_kind(f)) == NULL) {
		*cause = xasprintf("%s: onbekende kolommen; verwacht de "
		    "kopregel van besturen.csv, scholen.csv, auditoren.csv of "
		    "auditdata.csv", path);
		csvfile_free(f);
		return (-1);
	}
	rc = import_apply(db, f, k, cause);
	*kind = k->name;
	*rows = f->nrows;
	csvfile_free(f);
	return (rc);
}
