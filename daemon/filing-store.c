/* SPDX-License-Identifier: ISC */
/*
 * Storing the files of a mail in the archive (DESIGN §4):
 * archief/<audit date>/<board>/<brin>-<slug>/<kind>/<name>, unassignable
 * files under archief/_onbekend/<message>/, the original .eml beside
 * them. Names are made safe but stay readable; collisions are numbered;
 * the same bytes for the same school and kind are stored once.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "filing.h"
#include "fsutil.h"
#include "runtime.h"
#include "safename.h"
#include "xmalloc.h"

#define FILING_NAME_MAX	200

/* The directory a file belongs in, relative to the state directory. */
static char *
filing_dir(struct runtime *rt, const struct filed *fd, const char *msgname)
{
	struct school	*s;
	char		*date = NULL, *slug, *dir;

	if (fd->brin == NULL || (s = db_school_get(rt->db, fd->brin)) == NULL)
		return (xasprintf("archief/_onbekend/%s", msgname));
	if (db_registration_date(rt->db, fd->brin, &date) != 1) {
		free(date);
		date = xstrdup("_zonder-auditdatum");
	}
	slug = safename_slug(s->name);
	dir = xasprintf("archief/%s/%s/%s-%s/%s", date, s->board, s->brin,
	    slug, fd->kind != NULL ? fd->kind : "_soort-onbekend");
	free(slug);
	free(date);
	school_free(s);
	return (dir);
}

/* Move an extracted file into its directory under a safe, unique name. */
static int
filing_move(struct runtime *rt, struct filed *fd, const char *rel,
    char **cause)
{
	char	*dir, *safe, *name = NULL, *dst;
	int	 dirfd, rc = -1;

	dir = xasprintf("%s/%s", rt->cf->state_dir, rel);
	if (fsutil_mkdirs(dir, cause) != 0) {
		free(dir);
		return (-1);
	}
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		free(dir);
		return (-1);
	}
	safe = safename_make(fd->name, FILING_NAME_MAX);
	name = safename_unique(dirfd, safe);
	close(dirfd);
	dst = xasprintf("%s/%s", dir, name);
	if (fsutil_rename_durable(fd->tmp, dst, cause) == 0) {
		fd->path = xasprintf("%s/%s", rel, name);
		rc = 0;
	}
	free(dst);
	free(name);
	free(safe);
	free(dir);
	return (rc);
}

/* Copy the original message into a directory (once per directory). */
static void
filing_keep_eml(struct runtime *rt, const char *eml, const char *rel,
    const char *msgname)
{
	char	*path, *cause = NULL, buf[65536];
	size_t	 n;
	FILE	*in, *out;

	path = xasprintf("%s/%s/%s.eml", rt->cf->state_dir, rel, msgname);
	if (access(path, F_OK) == 0 || (in = fopen(eml, "re")) == NULL) {
		free(path);
		return;
	}
	if ((out = fopen(path, "wxe")) != NULL) {
		while ((n = fread(buf, 1, sizeof buf, in)) > 0)
			fwrite(buf, 1, n, out);
		if (fflush(out) != 0 || fsync(fileno(out)) != 0)
			cause = xstrdup(strerror(errno));
		fclose(out);
	}
	fclose(in);
	free(cause);
	free(path);
}

static int
filing_record(struct runtime *rt, const struct filed *fd, long message)
{
	struct db_file	 row;

	memset(&row, 0, sizeof row);
	row.sha256 = fd->sha256;
	row.name = fd->name;
	row.original = fd->original;
	row.type = fd->type;
	row.size = fd->size;
	row.source = fd->source;
	row.brin = fd->brin;
	row.kind = fd->kind;
	row.path = fd->path;
	row.refused = fd->refused;
	row.pages = fd->pages;
	row.text = fd->text;
	return (db_file_put(rt->db, message, &row));
}

/* Store one file: once per school and kind, with the .eml beside it. */
static int
filing_store_one(struct runtime *rt, struct filed *fd, const char *eml,
    const char *msgname, char **cause)
{
	char	*rel, *existing = NULL, *slash;
	int	 rc = 0;

	if (fd->refused != NULL || fd->duplicate ||
	    (fd->tmp == NULL && fd->url == NULL))
		return (0);
	if (db_file_find(rt->db, fd->sha256, fd->brin, fd->kind,
	    &existing) == 1) {
		fd->duplicate = 1;
		fd->path = existing;
		return (0);
	}
	free(existing);
	rel = filing_dir(rt, fd, msgname);
	if (fd->tmp != NULL)
		rc = filing_move(rt, fd, rel, cause);
	/* The .eml goes in the school's directory, beside the kinds. */
	if (rc == 0 && fd->brin != NULL && (slash = strrchr(rel, '/')) != NULL)
		*slash = '\0';
	if (rc == 0)
		filing_keep_eml(rt, eml, rel, msgname);
	free(rel);
	return (rc);
}

/*
 * Store the scanned files of a message (its row id and a short name for
 * _onbekend and the .eml) and record them; inside the caller's
 * transaction, so a failure leaves no rows.
 */
int
filing_store(struct runtime *rt, struct filing *f, const char *eml,
    long message, char **cause)
{
	char	*msgname;
	size_t	 i;
	int	 rc = 0;

	msgname = xasprintf("bericht-%ld", message);
	for (i = 0; i < f->n && rc == 0; i++) {
		rc = filing_store_one(rt, &f->files[i], eml, msgname, cause);
		if (rc == 0 && filing_record(rt, &f->files[i], message) != 0) {
			*cause = xasprintf("files: %s", db_error(rt->db));
			rc = -1;
		}
	}
	free(msgname);
	return (rc);
}

/* Free a filing and remove its work directory. */
void
filing_clear(struct filing *f)
{
	size_t	 i;

	for (i = 0; i < f->n; i++) {
		free(f->files[i].original);
		free(f->files[i].name);
		free(f->files[i].type);
		free(f->files[i].source);
		free(f->files[i].url);
		free(f->files[i].container);
		free(f->files[i].context);
		free(f->files[i].text);
		free(f->files[i].tmp);
		free(f->files[i].brin);
		free(f->files[i].school_why);
		free(f->files[i].kind);
		free(f->files[i].kind_why);
		free(f->files[i].refused);
		free(f->files[i].path);
	}
	free(f->files);
	if (f->workdir != NULL)
		fsutil_rmtree(f->workdir);
	free(f->workdir);
	memset(f, 0, sizeof *f);
}
