/* SPDX-License-Identifier: ISC */
/*
 * The libarchive wrapper: attachments in zip, 7z, tar and tar.gz are read
 * entry by entry and written flat into a fresh directory under generated
 * names with openat(O_EXCL|O_NOFOLLOW), never with archive_write_disk;
 * only regular files, within byte, ratio, entry and nesting limits.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>		/* libarchive's: daemon/ is on -iquote only */
#include <archive_entry.h>

#include "archive.h"
#include "buf.h"
#include "fsutil.h"
#include "log.h"
#include "safename.h"
#include "utf8.h"
#include "xmalloc.h"

#define ARC_BLOCK	65536
#define ARC_RATIO_FLOOR	(10 * 1024 * 1024)	/* ratio not checked below */
#define ARC_NAME_MAX	200		/* room left for " (n)" */
#define ARC_SNIFF_MAX	16		/* zip entries looked at for office */
#define ARC_MIB		(1024 * 1024)

enum arc_magic { ARC_NONE, ARC_ZIP, ARC_7Z, ARC_TAR, ARC_GZIP };

/* How reading one archive (one level) ended. */
enum unpack_result {
	UNPACK_OK,		/* read through, or stopped at a limit */
	UNPACK_FAILED,		/* our write failed, or the caller stopped */
	UNPACK_DAMAGED,		/* the archive cannot be read (further) */
};

struct unpack {				/* one archive_unpack() call */
	const struct archive_limits	*lim;
	int		(*cb)(void *, const struct archive_file *);
	void		*arg;
	uint64_t	 budget;	/* bytes the ratio allows */
	uint64_t	 total;		/* bytes read, all entries, all levels */
	size_t		 entries;
	int		 stopped;
};

struct level {				/* one archive being read */
	struct archive	*a;
	const char	*dir;
	int		 dirfd;
	int		 depth;
	char		*damage;	/* why reading had to end early */
};

/* Code page 850 (Dutch Windows' OEM page) U+0080..U+00FF equivalents. */
static const uint16_t arc_cp850_table[128] = {
	0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7, 0x00ea,
	0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5, 0x00c9, 0x00e6,
	0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9, 0x00ff, 0x00d6, 0x00dc,
	0x00f8, 0x00a3, 0x00d8, 0x00d7, 0x0192, 0x00e1, 0x00ed, 0x00f3, 0x00fa,
	0x00f1, 0x00d1, 0x00aa, 0x00ba, 0x00bf, 0x00ae, 0x00ac, 0x00bd, 0x00bc,
	0x00a1, 0x00ab, 0x00bb, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00c1,
	0x00c2, 0x00c0, 0x00a9, 0x2563, 0x2551, 0x2557, 0x255d, 0x00a2, 0x00a5,
	0x2510, 0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x00e3, 0x00c3,
	0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x00a4, 0x00f0,
	0x00d0, 0x00ca, 0x00cb, 0x00c8, 0x0131, 0x00cd, 0x00ce, 0x00cf, 0x2518,
	0x250c, 0x2588, 0x2584, 0x00a6, 0x00cc, 0x2580, 0x00d3, 0x00df, 0x00d4,
	0x00d2, 0x00f5, 0x00d5, 0x00b5, 0x00fe, 0x00de, 0x00da, 0x00db, 0x00d9,
	0x00fd, 0x00dd, 0x00af, 0x00b4, 0x00ad, 0x00b1, 0x2017, 0x00be, 0x00b6,
	0x00a7, 0x00f7, 0x00b8, 0x00b0, 0x00a8, 0x00b7, 0x00b9, 0x00b3, 0x00b2,
	0x25a0, 0x00a0,
};

static enum unpack_result unpack_level(struct unpack *, int, const char *,
		    int, int, char **);

/* Fill in the default limits. */
void
archive_limits_init(struct archive_limits *lim)
{
	lim->max_entry_bytes = (size_t)200 * ARC_MIB;
	lim->max_total_bytes = (size_t)1024 * ARC_MIB;
	lim->max_entries = 10000;
	lim->max_ratio = 100;
	lim->max_depth = 1;
}

/*
 * libarchive 3.6.2 converts entry names to the locale's charset and drops
 * a name it cannot convert (so every non-ASCII name in the C locale):
 * read archives in a thread-local C.UTF-8 locale.
 */
static locale_t
arc_locale_enter(locale_t *old)
{
	locale_t	 loc;

	loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (loc != (locale_t)0)
		*old = uselocale(loc);
	return (loc);
}

static void
arc_locale_leave(locale_t loc, locale_t old)
{
	if (loc == (locale_t)0)
		return;
	uselocale(old);
	freelocale(loc);
}

static const char *
arc_error(struct archive *a)
{
	const char	*s = archive_error_string(a);

	return (s != NULL ? s : "unreadable archive");
}

/* A reader on fd for our formats only (never _all), or NULL. */
static struct archive *
arc_open(int fd, int zip_only, char **cause)
{
	struct archive	*a = archive_read_new();

	if (a == NULL)
		fatalx("archive_read_new: out of memory");
	archive_read_support_format_zip(a);
	if (!zip_only) {
		archive_read_support_format_7zip(a);
		archive_read_support_format_tar(a);
		archive_read_support_filter_gzip(a);
	}
	if (lseek(fd, 0, SEEK_SET) == -1) {
		*cause = xasprintf("lseek: %s", strerror(errno));
		archive_read_free(a);
		return (NULL);
	}
	if (archive_read_open_fd(a, fd, ARC_BLOCK) != ARCHIVE_OK) {
		*cause = xstrdup(arc_error(a));
		archive_read_free(a);
		return (NULL);
	}
	return (a);
}

/* Raw zip name bytes without the UTF-8 flag, read as code page 850. */
static char *
arc_cp850(const char *raw)
{
	const unsigned char	*p;
	unsigned char		 u[3];
	struct buf		 b;
	unsigned		 cp;

	buf_init(&b, 0);
	for (p = (const unsigned char *)raw; *p != '\0'; p++) {
		cp = *p < 0x80 ? *p : arc_cp850_table[*p - 0x80];
		u[0] = (unsigned char)(0xe0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		if (cp < 0x80)
			buf_addc(&b, (char)cp);
		else if (cp < 0x800) {
			u[1] = (unsigned char)(0xc0 | (cp >> 6));
			buf_add(&b, u + 1, 2);
		} else
			buf_add(&b, u, 3);
	}
	return (buf_release(&b));
}

static int
arc_valid_utf8(const char *s)
{
	char	*clean = utf8_sanitize(s, strlen(s), 0);
	int	 valid;

	valid = strstr(clean, "\xef\xbf\xbd") == NULL ||
	    strstr(s, "\xef\xbf\xbd") != NULL;
	free(clean);
	return (valid);
}

/*
 * The entry's name as clean UTF-8: libarchive's conversion if it has one,
 * else the raw bytes (code page 850 for zip names that are not UTF-8).
 */
static char *
arc_name(struct archive *a, struct archive_entry *e)
{
	const char	*s = archive_entry_pathname_utf8(e);
	char		*raw, *name;

	if (s != NULL)
		return (safename_display(s));
	s = archive_entry_pathname(e);
	if (s == NULL)
		return (xstrdup(""));
	if ((archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
	    ARCHIVE_FORMAT_ZIP && !arc_valid_utf8(s))
		raw = arc_cp850(s);
	else
		raw = xstrdup(s);
	name = safename_display(raw);
	free(raw);
	return (name);
}

static enum arc_magic
arc_sniff(int fd)
{
	unsigned char	 h[512];
	ssize_t		 n;

	n = pread(fd, h, sizeof h, 0);
	if (n >= 4 && memcmp(h, "PK\003\004", 4) == 0)
		return (ARC_ZIP);
	if (n >= 6 && memcmp(h, "7z\xbc\xaf\x27\x1c", 6) == 0)
		return (ARC_7Z);
	if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return (ARC_GZIP);
	if (n >= 262 && memcmp(h + 257, "ustar", 5) == 0)
		return (ARC_TAR);
	return (ARC_NONE);
}

/* Whether a zip's first entries show an office document (OOXML, ODF). */
static int
arc_is_office(struct archive *a, struct archive_entry *e)
{
	const char	*name;
	int		 i, r = ARCHIVE_OK;

	for (i = 0; i < ARC_SNIFF_MAX; i++) {
		if (i > 0)
			r = archive_read_next_header(a, &e);
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			break;
		name = archive_entry_pathname(e);
		if (name == NULL)
			continue;
		if (strcmp(name, "[Content_Types].xml") == 0 ||
		    (i == 0 && strcmp(name, "mimetype") == 0))
			return (1);
	}
	return (0);
}

/*
 * Whether fd is an archive we unpack: the magic bytes, then libarchive
 * reads the first entry; a gzip must hold a tar, a zip must not be an
 * office document.
 */
static int
arc_is_archive_fd(int fd)
{
	enum arc_magic		 magic = arc_sniff(fd);
	struct archive		*a;
	struct archive_entry	*e;
	char			*cause = NULL;
	int			 r, yes = 0;

	if (magic == ARC_NONE)
		return (0);
	a = arc_open(fd, 0, &cause);
	if (a == NULL) {
		free(cause);
		return (0);
	}
	r = archive_read_next_header(a, &e);
	if (r == ARCHIVE_OK || r == ARCHIVE_WARN) {
		if (magic == ARC_ZIP)
			yes = !arc_is_office(a, e);
		else if (magic == ARC_GZIP)
			yes = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
			    ARCHIVE_FORMAT_TAR;
		else
			yes = 1;
	}
	archive_read_free(a);
	return (yes);
}

/* Tell whether a file is a zip, 7z, tar or tar.gz, not an office file. */
int
archive_is_archive(const char *path)
{
	locale_t	 loc, old;
	int		 fd, yes;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return (0);
	loc = arc_locale_enter(&old);
	yes = arc_is_archive_fd(fd);
	arc_locale_leave(loc, old);
	close(fd);
	return (yes);
}

/* "200 MiB", "1 GiB", "5000 bytes". */
static const char *
arc_size(char *out, size_t len, unsigned long long n)
{
	if (n == 0 || n % ARC_MIB != 0)
		snprintf(out, len, "%llu bytes", n);
	else if (n % (1024 * ARC_MIB) != 0)
		snprintf(out, len, "%llu MiB", n / ARC_MIB);
	else
		snprintf(out, len, "%llu GiB", n / ARC_MIB / 1024);
	return (out);
}

/* Why a path is unsafe to follow (though we never do), or NULL. */
static const char *
arc_bad_path(const char *name)
{
	const char	*p = name;
	size_t		 len;

	if (*name == '/' || *name == '\\' ||
	    (((*name | 0x20) >= 'a' && (*name | 0x20) <= 'z') &&
	    name[1] == ':'))
		return ("absolute path");
	for (;;) {
		len = strcspn(p, "/\\");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return ("../ in path");
		if (p[len] == '\0')
			return (NULL);
		p += len + 1;
	}
}

/* Why an entry is not written (before its data is read), or NULL. */
static const char *
arc_refuse(struct archive_entry *e, const char *name)
{
	const char	*why;

	if (archive_entry_hardlink(e) != NULL)
		return ("hardlink");
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		break;
	case AE_IFLNK:
		return ("symlink");
	case AE_IFCHR:
	case AE_IFBLK:
		return ("device");
	case AE_IFIFO:
		return ("fifo");
	case AE_IFSOCK:
		return ("socket");
	default:
		return ("not a regular file");
	}
	why = arc_bad_path(name);
	if (why != NULL)
		return (why);
	if (archive_entry_is_encrypted(e))
		return ("encrypted");
	return (NULL);
}

/* Say the whole archive stops here, adding to any reason *why has. */
static void
unpack_stop(struct unpack *u, char **why, const char *what, uint64_t limit)
{
	char	 size[32], *stop, *joined;

	if (what == NULL)
		stop = xasprintf("ratio over %u:1, unpacking stopped",
		    u->lim->max_ratio);
	else
		stop = xasprintf("%s %s, unpacking stopped", what,
		    arc_size(size, sizeof size, limit));
	if (*why != NULL) {
		joined = xasprintf("%s; %s", *why, stop);
		free(stop);
		free(*why);
		stop = joined;
	}
	*why = stop;
	u->stopped = 1;
}

/* Count n more bytes read; 0 while within the archive-wide limits. */
static int
unpack_count(struct unpack *u, size_t n, char **why)
{
	u->total += n;
	if (u->total > u->lim->max_total_bytes)
		unpack_stop(u, why, "over", u->lim->max_total_bytes);
	else if (u->total > u->budget)
		unpack_stop(u, why, NULL, 0);
	return (u->stopped ? -1 : 0);
}

/* libarchive could not give the entry's data (result n). */
static void
unpack_unreadable(struct level *l, la_ssize_t n, char **why)
{
	if (*why == NULL)
		*why = xasprintf("%s: %s", n == ARCHIVE_FAILED ?
		    "unsupported" : "damaged", arc_error(l->a));
	if (n == ARCHIVE_FATAL)
		l->damage = xstrdup(arc_error(l->a));
}

/*
 * Copy the entry's data to fd, counting bytes as libarchive returns them
 * (sizes in headers are the sender's claim). Once the entry is refused
 * (*why set, or fd -1) the rest is still read and counted, unwritten:
 * in tar.gz and 7z, skipping means inflating, and the ratio and total
 * limits must bound that too.
 */
static enum unpack_result
unpack_copy(struct unpack *u, struct level *l, int fd, size_t *size,
    char **why, char **cause)
{
	char		 buf[ARC_BLOCK], lim[32];
	la_ssize_t	 n;
	size_t		 written = 0;

	for (;;) {
		n = archive_read_data(l->a, buf, sizeof buf);
		if (n == 0)
			return (UNPACK_OK);
		if (n < 0) {
			unpack_unreadable(l, n, why);
			return (UNPACK_OK);
		}
		*size += (size_t)n;
		if (unpack_count(u, (size_t)n, why) != 0)
			return (UNPACK_OK);
		if (*why != NULL || fd == -1)
			continue;
		if ((size_t)n > u->lim->max_entry_bytes - written) {
			*why = xasprintf("entry over %s", arc_size(lim,
			    sizeof lim, u->lim->max_entry_bytes));
			continue;
		}
		if (fsutil_write_all(fd, buf, (size_t)n) != 0) {
			*cause = xasprintf("write: %s", strerror(errno));
			return (UNPACK_FAILED);
		}
		written += (size_t)n;
	}
}

/*
 * Write the entry's data as a new file under a generated name; the name
 * in *file, or *why when it was refused after all (nothing left then).
 */
static enum unpack_result
unpack_write(struct unpack *u, struct level *l, struct archive_file *f,
    char **file, char **why, char **cause)
{
	enum unpack_result	 rc;
	char			*safe, *error = NULL;
	int			 fd;

	safe = safename_make(f->name, ARC_NAME_MAX);
	*file = safename_unique(l->dirfd, safe);
	free(safe);
	fd = openat(l->dirfd, *file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1) {
		*cause = xasprintf("%s/%s: %s", l->dir, *file, strerror(errno));
		rc = UNPACK_FAILED;
	} else {
		rc = unpack_copy(u, l, fd, &f->size, why, &error);
		if (close(fd) != 0 && rc == UNPACK_OK) {
			error = xasprintf("close: %s", strerror(errno));
			rc = UNPACK_FAILED;
		}
		if (rc == UNPACK_FAILED)
			*cause = xasprintf("%s/%s: %s", l->dir, *file, error);
		free(error);
		if (rc != UNPACK_OK || *why != NULL)
			unlinkat(l->dirfd, *file, 0);
	}
	if (rc != UNPACK_OK || *why != NULL) {
		free(*file);
		*file = NULL;
	}
	return (rc);
}

/*
 * Unpack the written archive file into a fresh subdirectory next to it,
 * one level deeper; a damaged nested archive is noted, not fatal.
 */
static enum unpack_result
unpack_nested(struct unpack *u, struct level *l, const char *file,
    struct archive_file *f, char **note, char **cause)
{
	enum unpack_result	 rc = UNPACK_FAILED;
	char			*name, *sub, *subpath = NULL, *why = NULL;
	int			 fd = -1, subfd = -1;

	name = xasprintf("%s.d", file);
	sub = safename_unique(l->dirfd, name);
	if (mkdirat(l->dirfd, sub, 0700) == 0)
		subfd = openat(l->dirfd, sub, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
	if (subfd != -1)
		fd = openat(l->dirfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		*cause = xasprintf("%s/%s: %s", l->dir, sub, strerror(errno));
	else {
		subpath = xasprintf("%s/%s", l->dir, sub);
		rc = unpack_level(u, fd, subpath, subfd, l->depth + 1, &why);
	}
	f->nested = ARCHIVE_NESTED_UNPACKED;
	if (rc == UNPACK_DAMAGED) {
		f->nested = ARCHIVE_NESTED_DAMAGED;
		*note = xasprintf("damaged archive: %s", why);
		rc = UNPACK_OK;
	} else if (rc == UNPACK_FAILED && why != NULL)
		*cause = xstrdup(why);
	else if (rc == UNPACK_OK)
		*note = xasprintf("archive, unpacked into %s", subpath);
	free(why);
	if (fd != -1)
		close(fd);
	if (subfd != -1)
		close(subfd);
	free(subpath);
	free(sub);
	free(name);
	return (rc);
}

/* Hand one entry to the caller; UNPACK_FAILED when it says stop. */
static enum unpack_result
unpack_report(struct unpack *u, const struct archive_file *f, char **cause)
{
	if (u->cb != NULL && u->cb(u->arg, f) != 0) {
		*cause = xstrdup("stopped by the caller");
		return (UNPACK_FAILED);
	}
	return (UNPACK_OK);
}

/* Check for nesting, then report a file that was written. */
static enum unpack_result
unpack_written(struct unpack *u, struct level *l, struct archive_file *f,
    const char *file, char **cause)
{
	enum unpack_result	 rc = UNPACK_OK;
	char			*note = NULL;
	int			 fd;

	fd = openat(l->dirfd, file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd != -1 && arc_is_archive_fd(fd)) {
		if (l->depth >= u->lim->max_depth) {
			f->nested = ARCHIVE_NESTED_KEPT;
			note = xasprintf("archive nested over %d level(s): "
			    "kept, not unpacked", u->lim->max_depth);
		} else
			rc = unpack_nested(u, l, file, f, &note, cause);
	}
	if (fd != -1)
		close(fd);
	f->note = note;
	if (rc == UNPACK_OK)
		rc = unpack_report(u, f, cause);
	free(note);
	return (rc);
}

/* Read, check, write and report one entry (header result r). */
static enum unpack_result
unpack_entry(struct unpack *u, struct level *l, struct archive_entry *e,
    int r, char **cause)
{
	struct archive_file	 f = { .depth = l->depth };
	enum unpack_result	 rc = UNPACK_OK;
	const char		*refuse;
	char			*name, *why = NULL, *file = NULL, *path;

	name = arc_name(l->a, e);
	f.name = name;
	if (++u->entries > u->lim->max_entries) {
		why = xasprintf("more than %zu entries, unpacking stopped",
		    u->lim->max_entries);
		u->stopped = 1;
	} else if (r == ARCHIVE_FAILED)
		why = xasprintf("unreadable: %s", arc_error(l->a));
	else if (archive_entry_filetype(e) == AE_IFDIR &&
	    archive_entry_hardlink(e) == NULL) {
		free(name);
		return (UNPACK_OK);
	} else {
		refuse = arc_refuse(e, name);
		if (refuse == NULL)
			rc = unpack_write(u, l, &f, &file, &why, cause);
		else {
			why = xstrdup(refuse);
			if (!archive_entry_is_encrypted(e))
				rc = unpack_copy(u, l, -1, &f.size, &why, cause);
		}
	}
	f.stopped = u->stopped;
	if (rc == UNPACK_OK && file != NULL) {
		path = xasprintf("%s/%s", l->dir, file);
		f.path = path;
		rc = unpack_written(u, l, &f, file, cause);
		free(path);
	} else if (rc == UNPACK_OK) {
		f.refused = why;
		rc = unpack_report(u, &f, cause);
	}
	free(why);
	free(file);
	free(name);
	return (rc);
}

/* Unpack the archive on fd into dir (open as dirfd) at this depth. */
static enum unpack_result
unpack_level(struct unpack *u, int fd, const char *dir, int dirfd, int depth,
    char **cause)
{
	struct level		 l = { .dir = dir, .dirfd = dirfd, .depth = depth };
	struct archive_entry	*e;
	enum unpack_result	 rc = UNPACK_OK;
	int			 r;

	l.a = arc_open(fd, 0, cause);
	if (l.a == NULL)
		return (UNPACK_DAMAGED);
	while (rc == UNPACK_OK && !u->stopped && l.damage == NULL) {
		r = archive_read_next_header(l.a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY)
			l.damage = xstrdup(arc_error(l.a));
		else
			rc = unpack_entry(u, &l, e, r, cause);
	}
	if (rc == UNPACK_OK && l.damage != NULL) {
		*cause = l.damage;
		l.damage = NULL;
		rc = UNPACK_DAMAGED;
	}
	free(l.damage);
	archive_read_free(l.a);
	return (rc);
}

/*
 * Unpack an archive into outdir (fresh and empty), reporting each entry
 * to cb. Fails, with *cause, when the archive cannot be read (entries
 * reported before a damaged part stay reported and written), when a file
 * cannot be written in outdir, or when cb returns non-zero.
 */
int
archive_unpack(const char *archive_path, const char *outdir,
    const struct archive_limits *lim,
    int (*cb)(void *, const struct archive_file *), void *arg, char **cause)
{
	struct archive_limits	 deflim;
	struct unpack		 u;
	struct stat		 sb;
	enum unpack_result	 rc = UNPACK_FAILED;
	locale_t		 loc, old;
	int			 fd, dirfd = -1;

	if (lim == NULL) {
		archive_limits_init(&deflim);
		lim = &deflim;
	}
	memset(&u, 0, sizeof u);
	u.lim = lim;
	u.cb = cb;
	u.arg = arg;
	fd = open(archive_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd != -1 && fstat(fd, &sb) == 0)
		dirfd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1 || dirfd == -1) {
		*cause = xasprintf("%s: %s", fd == -1 ? archive_path : outdir,
		    strerror(errno));
		goto out;
	}
	u.budget = UINT64_MAX;
	if (lim->max_ratio > 0 &&
	    (uint64_t)sb.st_size < UINT64_MAX / lim->max_ratio)
		u.budget = (uint64_t)sb.st_size * lim->max_ratio;
	if (u.budget < ARC_RATIO_FLOOR)
		u.budget = ARC_RATIO_FLOOR;
	loc = arc_locale_enter(&old);
	rc = unpack_level(&u, fd, outdir, dirfd, 0, cause);
	arc_locale_leave(loc, old);
out:
	if (dirfd != -1)
		close(dirfd);
	if (fd != -1)
		close(fd);
	return (rc == UNPACK_OK ? 0 : -1);
}

/* Read the member's data, at most max bytes, into *data (NUL-terminated). */
static int
arc_member_data(struct archive *a, const char *member, size_t max,
    char **data, size_t *len, char **cause)
{
	char		 chunk[ARC_BLOCK];
	struct buf	 b;
	la_ssize_t	 n;

	buf_init(&b, max);
	do
		n = archive_read_data(a, chunk, sizeof chunk);
	while (n > 0 && buf_add(&b, chunk, (size_t)n) == 0);
	if (n < 0 || b.overflow) {
		*cause = n < 0 ? xasprintf("%s: %s", member, arc_error(a)) :
		    xasprintf("%s: over %zu bytes", member, max);
		buf_clear(&b);
		return (-1);
	}
	*len = b.len;
	*data = buf_release(&b);
	return (0);
}

/* Find the member in the zip on fd and read it. */
static int
arc_member(int fd, const char *member, size_t max, char **data, size_t *len,
    char **cause)
{
	struct archive		*a;
	struct archive_entry	*e;
	const char		*name;
	size_t			 i;
	int			 r, rc = -1;

	a = arc_open(fd, 1, cause);
	if (a == NULL)
		return (-1);
	for (i = 0; i < 10000; i++) {
		r = archive_read_next_header(a, &e);
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			break;
		name = archive_entry_pathname_utf8(e);
		if (name == NULL || strcmp(name, member) != 0)
			continue;
		if (archive_entry_is_encrypted(e))
			*cause = xasprintf("%s: encrypted", member);
		else
			rc = arc_member_data(a, member, max, data, len, cause);
		archive_read_free(a);
		return (rc);
	}
	if (r == ARCHIVE_FATAL)
		*cause = xasprintf("%s", arc_error(a));
	else
		*cause = xasprintf("%s: not found", member);
	archive_read_free(a);
	return (-1);
}

/*
 * Read one member of a zip (word/document.xml of a DOCX, content.xml of
 * an ODT), at most max bytes, NUL-terminated, into *data.
 */
int
archive_read_member(const char *zip_path, const char *member, size_t max,
    char **data, size_t *len, char **cause)
{
	locale_t	 loc, old;
	int		 fd, rc;

	fd = open(zip_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", zip_path, strerror(errno));
		return (-1);
	}
	loc = arc_locale_enter(&old);
	rc = arc_member(fd, member, max, data, len, cause);
	arc_locale_leave(loc, old);
	close(fd);
	return (rc);
}
