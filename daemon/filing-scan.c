/* SPDX-License-Identifier: ISC */
/*
 * Finding the files of a mail and deciding where each belongs: the
 * attachments (mimescan), the files inside zip/7z/tar archives (archive)
 * and inside Outlook's winmail.dat (tnef), attachments of forwarded mails,
 * and links to video hosts. A file's school comes from its own name, else
 * its folder in an archive, else the mail if that names exactly one school;
 * its kind from the "kind" lines of the rules. Nothing is written to the
 * archive here (hercertctl classify shows the result as it is).
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "filing.h"
#include "fsutil.h"
#include "hash.h"
#include "log.h"
#include "mail.h"
#include "mimescan.h"
#include "names.h"
#include "re.h"
#include "rules.h"
#include "runtime.h"
#include "safename.h"
#include "tnef.h"
#include "xmalloc.h"

#define FILING_MAX_FILES	20000	/* two full archives and more */
#define FILING_MAX_TNEF		(64 * 1024 * 1024)
#define FILING_MAX_TEXTS	32	/* documents read for text per mail */

/* Hosts where a school's video may be instead of a file. */
#define FILING_LINK_RE	"https?://[^\\s<>\"]*(onedrive\\.live\\.com|1drv\\.ms|" \
	"sharepoint\\.com|youtube\\.com|youtu\\.be|vimeo\\.com|wetransfer\\.com|" \
	"we\\.tl|drive\\.google\\.com)[^\\s<>\"]*"

struct filing_scan {
	struct runtime	*rt;
	struct filing	*f;
	int		 seq;		/* numbers the work directories */
	const char	*container;	/* the archive being unpacked */
};

static struct filed *
filing_add(struct filing *f, const char *original, const char *name,
    const char *source)
{
	struct filed	*fd;

	if (f->n >= FILING_MAX_FILES) {
		f->overflow++;	/* counted and reported, never an error */
		return (NULL);
	}
	f->files = xreallocarray(f->files, f->n + 1, sizeof *f->files);
	fd = &f->files[f->n++];
	memset(fd, 0, sizeof *fd);
	fd->original = xstrdup(original != NULL ? original : name);
	/* Shown to people and matched by rules: no control or bidi. */
	fd->name = safename_display(name);
	fd->source = xstrdup(source);
	return (fd);
}

static char *
filing_subdir(struct filing_scan *fs, const char *what)
{
	char	*dir, *cause = NULL;

	dir = xasprintf("%s/%s-%d", fs->f->workdir, what, ++fs->seq);
	if (fsutil_mkdirs(dir, &cause) != 0) {
		log_warnx("filing: %s", cause);
		free(cause);
		free(dir);
		return (NULL);
	}
	return (dir);
}

/* Office documents are zips too, but they are documents. */
static int
filing_is_office(const char *name)
{
	static const char *const ext[] = { ".docx", ".xlsx", ".pptx",
	    ".odt", ".ods", ".odp", ".docm", NULL };
	size_t	 len = strlen(name), i, e;

	for (i = 0; ext[i] != NULL; i++) {
		e = strlen(ext[i]);
		if (len > e && strcasecmp(name + len - e, ext[i]) == 0)
			return (1);
	}
	return (0);
}

/* Files a system puts into archives on its own (macOS, Windows). */
static int
filing_is_system_file(const char *path)
{
	const char	*base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	return (strncmp(path, "__MACOSX/", 9) == 0 ||
	    strcmp(base, ".DS_Store") == 0 || strncmp(base, "._", 2) == 0 ||
	    strcasecmp(base, "Thumbs.db") == 0 ||
	    strcasecmp(base, "desktop.ini") == 0);
}

static int
filing_archive_entry(void *arg, const struct archive_file *a)
{
	struct filing_scan	*fs = arg;
	struct filed		*fd;
	const char		*base = strrchr(a->name, '/');
	char			*source;

	source = xasprintf("zip:%s", a->name);
	fd = filing_add(fs->f, a->name, base != NULL ? base + 1 : a->name,
	    source);
	free(source);
	if (fd == NULL)
		return (0);
	fd->container = xstrdup(fs->container);
	fd->size = a->size;
	if (a->refused != NULL)
		fd->refused = xstrdup(a->refused);
	else if (filing_is_system_file(a->name))
		fd->refused = xstrdup("systeembestand van macOS of Windows");
	else if (a->nested == ARCHIVE_NESTED_UNPACKED) {
		/* Its entries are reported themselves. */
		fd->refused = xstrdup("archief uitgepakt");
	} else if (a->path != NULL)
		fd->tmp = xstrdup(a->path);
	return (0);
}

static int
filing_tnef_entry(void *arg, const char *name, const char *bytes, size_t n)
{
	struct filing_scan	*fs = arg;
	struct filed		*fd;
	char			*dir, *safe, *path, *cause = NULL;

	if ((dir = filing_subdir(fs, "tnef")) == NULL)
		return (-1);
	safe = safename_make(name, 200);
	path = xasprintf("%s/%s", dir, safe);
	free(dir);
	free(safe);
	if ((fd = filing_add(fs->f, name, name, "winmail.dat")) == NULL ||
	    fsutil_write_durable(path, path, bytes, n, &cause) != 0) {
		if (fd != NULL)
			fd->refused = xasprintf("niet geschreven: %s", cause);
		free(cause);
		free(path);
		return (0);
	}
	fd->size = n;
	fd->tmp = path;
	return (0);
}

static void
filing_tnef(struct filing_scan *fs, const struct mimescan_part *p)
{
	char	*data, *cause = NULL;
	FILE	*f;
	size_t	 len;

	if (p->size > FILING_MAX_TNEF || (f = fopen(p->path, "re")) == NULL)
		return;
	data = xmalloc(p->size + 1);
	len = fread(data, 1, p->size, f);
	fclose(f);
	if (tnef_unpack(data, len, filing_tnef_entry, fs, &cause) != 0) {
		log_warnx("filing: winmail.dat: %s", cause);
		free(cause);
	}
	free(data);
}

/* One attachment of the mail: a file, an archive or a winmail.dat. */
static int
filing_part(void *arg, const struct mimescan_part *p)
{
	struct filing_scan	*fs = arg;
	struct archive_limits	 lim;
	struct filed		*fd;
	const char		*name = p->name != NULL ? p->name : "bijlage";
	char			*dir, *cause = NULL;

	if (strcmp(p->content_type, "application/ms-tnef") == 0 ||
	    strcasecmp(name, "winmail.dat") == 0) {
		filing_tnef(fs, p);
		return (0);
	}
	if (!filing_is_office(name) && archive_is_archive(p->path) &&
	    (dir = filing_subdir(fs, "zip")) != NULL) {
		archive_limits_init(&lim);
		fs->container = name;
		if (archive_unpack(p->path, dir, &lim, filing_archive_entry,
		    fs, &cause) == 0) {
			free(dir);
			return (0);
		}
		log_warnx("filing: %s: %s (kept as it is)", name, cause);
		free(cause);
		free(dir);
	}
	fd = filing_add(fs->f, p->raw_name, name, p->forwarded ?
	    "forwarded" : "attachment");
	if (fd == NULL)
		return (0);
	fd->type = xstrdup(p->content_type);
	fd->size = p->size;
	fd->tmp = xstrdup(p->path);
	if (p->problem != NULL)
		log_info("filing: %s: %s", name, p->problem);
	return (0);
}

static int
filing_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	c |= 0x20;
	return (c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1);
}

/* Outlook's Safe Links wrap the real address in ?url=...: unwrap it. */
static char *
filing_unwrap(const char *url)
{
	const char	*p = strstr(url, "safelinks.protection.outlook.com/");
	struct buf	 b;
	int		 hi, lo;

	if (p == NULL || (p = strstr(p, "url=")) == NULL)
		return (xstrdup(url));
	buf_init(&b, 4096);
	for (p += 4; *p != '\0' && *p != '&'; p++) {
		if (*p == '%' && (hi = filing_hexval(p[1])) != -1 &&
		    (lo = filing_hexval(p[2])) != -1) {
			buf_addc(&b, (char)(hi << 4 | lo));
			p += 2;
		} else
			buf_addc(&b, *p);
	}
	return (buf_release(&b));
}

/* The line of text around a position, for a link's school. */
static char *
filing_line(const char *text, size_t start, size_t end)
{
	size_t	 a = start, b = end;

	while (a > 0 && text[a - 1] != '\n')
		a--;
	while (text[b] != '\0' && text[b] != '\n')
		b++;
	return (xstrndup(text + a, b - a));
}

static int
filing_seen_url(const struct filing *f, const char *url)
{
	size_t	 i;

	for (i = 0; i < f->n; i++) {
		if (f->files[i].url != NULL && strcmp(f->files[i].url, url) == 0)
			return (1);
	}
	return (0);
}

/* Links to video hosts in the text of the mail. */
static void
filing_links(struct filing *f, const struct mail *m)
{
	struct re	*re;
	struct re_match	 rm;
	struct filed	*fd;
	char		*cause = NULL, *raw, *url;
	size_t		 off = 0, len = strlen(m->body);

	if ((re = re_compile(FILING_LINK_RE, "i", &cause)) == NULL)
		fatalx("filing: link pattern: %s", cause);
	while (off < len && re_exec(re, m->body, len, off, &rm) == RE_MATCH) {
		raw = xstrndup(m->body + rm.ov[0], rm.ov[1] - rm.ov[0]);
		url = filing_unwrap(raw);
		if (!filing_seen_url(f, url) &&
		    (fd = filing_add(f, raw, url, "link")) != NULL) {
			fd->type = xstrdup("link");
			fd->url = xstrdup(url);
			fd->context = filing_line(m->body, rm.ov[0], rm.ov[1]);
		}
		free(raw);
		free(url);
		off = rm.ov[1];
	}
	re_free(re);
}

/* The one school a text names among the candidates, or NULL. */
static const struct school *
filing_school_in(struct school **list, size_t n, const char *text,
    enum names_where where)
{
	size_t	 hits[2], nhits;
	char	*amb = NULL;

	if (text == NULL || *text == '\0')
		return (NULL);
	if (names_find_schools(list, n, text, where, hits, 2, &nhits, &amb) !=
	    NAMES_OK || nhits != 1) {
		free(amb);
		return (NULL);
	}
	return (list[hits[0]]);
}

static void
filing_assign_school(struct filed *fd, struct school **list, size_t n,
    const char *mail_text)
{
	const struct school	*s;
	char			*folder = NULL, *slash;

	if (strncmp(fd->source, "zip:", 4) == 0 &&
	    (slash = strrchr(fd->source + 4, '/')) != NULL)
		folder = xstrndup(fd->source + 4, (size_t)(slash -
		    (fd->source + 4)));
	if (strcmp(fd->source, "link") == 0 &&
	    (s = filing_school_in(list, n, fd->context, NAMES_IN_TEXT)) !=
	    NULL)
		fd->school_why = xstrdup("de regel met de link");
	else if ((s = filing_school_in(list, n, fd->name,
	    NAMES_IN_FILE_NAME)) != NULL)
		fd->school_why = xstrdup(strcmp(fd->source, "link") == 0 ?
		    "de link" : "bestandsnaam");
	else if ((s = filing_school_in(list, n, folder,
	    NAMES_IN_FILE_NAME)) != NULL)
		fd->school_why = xasprintf("map \"%s\" in het archief", folder);
	else if ((s = filing_school_in(list, n, fd->container,
	    NAMES_IN_FILE_NAME)) != NULL)
		fd->school_why = xasprintf("archief \"%s\"", fd->container);
	else if ((s = filing_school_in(list, n, mail_text,
	    NAMES_IN_TEXT)) != NULL)
		fd->school_why = xstrdup("de mail noemt alleen deze school");
	else
		fd->school_why = xstrdup("geen school in de naam, de map of "
		    "(eenduidig) in de mail");
	if (s != NULL)
		fd->brin = xstrdup(s->brin);
	free(folder);
}

static void
filing_assign_kind(struct runtime *rt, struct filed *fd)
{
	const struct rule_kind	*k;
	int			 limit;

	k = ruleset_kind(rt->rules, fd->name, &limit);
	if (k == NULL && strncmp(fd->source, "zip:", 4) == 0)
		k = ruleset_kind(rt->rules, fd->source + 4, &limit);
	if (k != NULL) {
		fd->kind = xstrdup(k->kind);
		fd->kind_why = xasprintf("kind %s (%s:%d)", k->kind, k->file,
		    k->line);
	} else if (strcmp(fd->source, "link") == 0) {
		fd->kind = xstrdup("schooldocument");
		fd->kind_why = xstrdup("link naar video");
	} else
		fd->kind_why = xstrdup(limit ? "een patroon raakte zijn "
		    "limiet" : "geen soort in de naam");
}

/* The same bytes twice in one mail: the second copy is not stored again. */
static void
filing_mark_duplicate(struct filing *f, size_t i)
{
	size_t	 j;

	if (f->files[i].tmp == NULL || f->files[i].refused != NULL)
		return;
	for (j = 0; j < i; j++) {
		if (f->files[j].tmp != NULL && f->files[j].refused == NULL &&
		    strcmp(f->files[j].sha256, f->files[i].sha256) == 0) {
			f->files[i].duplicate = 1;
			return;
		}
	}
}

/*
 * Find every file of a mail and decide its school and kind; the schools
 * considered are the board's (NULL: all). Files wait in a work directory
 * until filing_store() or filing_clear().
 */
int
filing_scan(struct runtime *rt, const char *eml, const struct mail *m,
    const char *board, struct filing *f, char **cause)
{
	struct filing_scan	 fs;
	struct mimescan_limits	 ml;
	struct school		**list;
	char			 *text, *parts;
	size_t			  n, i, ntext = 0;
	int			  rc;

	memset(f, 0, sizeof *f);
	memset(&fs, 0, sizeof fs);
	fs.rt = rt;
	fs.f = f;
	f->workdir = xasprintf("%s/tmp/filing.XXXXXX", rt->cf->state_dir);
	if (fsutil_mkdirs(rt->cf->state_dir, cause) != 0)
		return (-1);
	text = xasprintf("%s/tmp", rt->cf->state_dir);
	rc = fsutil_mkdirs(text, cause);
	free(text);
	if (rc != 0 || mkdtemp(f->workdir) == NULL) {
		if (rc == 0)
			*cause = xasprintf("%s: %s", f->workdir,
			    strerror(errno));
		return (-1);
	}
	memset(&ml, 0, sizeof ml);
	ml.max_depth = 100;
	ml.max_parts = 10000;
	ml.max_header_bytes = 100 * 1024;
	ml.max_part_bytes = rt->cf->max_message_size;
	parts = xasprintf("%s/parts", f->workdir);
	rc = mimescan_extract(eml, parts, &ml, filing_part, &fs, cause);
	free(parts);
	if (rc != 0)
		return (-1);
	filing_links(f, m);
	list = db_schools_of(rt->db, board, &n);
	text = xasprintf("%s\n%s", m->subject, m->body);
	for (i = 0; i < f->n; i++) {
		if (f->files[i].tmp != NULL && hash_sha256_file(
		    f->files[i].tmp, f->files[i].sha256, cause) != 0)
			break;
		if (f->files[i].url != NULL)
			hash_sha256_hex(f->files[i].url,
			    strlen(f->files[i].url), f->files[i].sha256);
		filing_assign_school(&f->files[i], list, n, text);
		filing_assign_kind(rt, &f->files[i]);
		filing_mark_duplicate(f, i);
		/* Text only of recognised documents, and not of thousands. */
		if (f->files[i].kind != NULL && !f->files[i].duplicate &&
		    ntext < FILING_MAX_TEXTS) {
			filing_text(&f->files[i]);
			ntext++;
		}
	}
	free(text);
	school_list_free(list, n);
	return (i == f->n ? 0 : -1);
}
