/* SPDX-License-Identifier: ISC */
/*
 * Durable file writes: write to a temporary name, fsync, rename, fsync the
 * directory, so a crash leaves either the old state or the new one.
 */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "xmalloc.h"

/* Create a directory and its parents (mode 0700 for new ones). */
int
fsutil_mkdirs(const char *path, char **cause)
{
	char	*copy = xstrdup(path), *p;

	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		if (p[-1] != '/') {
			*p = '\0';
			if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
				*cause = xasprintf("mkdir %s: %s", copy,
				    strerror(errno));
				free(copy);
				return (-1);
			}
			*p = path[p - copy];
		}
		if (*p == '\0')
			break;
	}
	free(copy);
	return (0);
}

/* Create a Maildir (with cur, new and tmp) if it does not exist. */
int
fsutil_maildir_create(const char *path, char **cause)
{
	static const char *const subdirs[] = { "cur", "new", "tmp" };
	char	*sub;
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < 3 && rc == 0; i++) {
		sub = xasprintf("%s/%s", path, subdirs[i]);
		rc = fsutil_mkdirs(sub, cause);
		free(sub);
	}
	return (rc);
}

static int
fsutil_sync_dir(const char *path)
{
	char	*copy = xstrdup(path);
	int	 fd, rc = 0;

	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY)) != -1) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return (rc);
}

/* Rename a file and make the rename durable. */
int
fsutil_rename_durable(const char *from, const char *to, char **cause)
{
	if (rename(from, to) != 0) {
		*cause = xasprintf("rename %s: %s", from, strerror(errno));
		return (-1);
	}
	if (fsutil_sync_dir(to) != 0) {
		*cause = xasprintf("fsync %s: %s", to, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Write all of a buffer to fd (retrying short writes); 0 or -1. */
int
fsutil_write_all(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

/* Create a new private file in dir; its fd, and its path in *path. */
int
fsutil_tempfile(const char *dir, char **path, char **cause)
{
	int	 fd;

	if (fsutil_mkdirs(dir, cause) != 0)
		return (-1);
	*path = xasprintf("%s/msg.XXXXXX", dir);
	if ((fd = mkostemp(*path, O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", *path, strerror(errno));
		free(*path);
		*path = NULL;
	}
	return (fd);
}

/* Write data to tmp, fsync it, and rename it to dst durably. */
int
fsutil_write_durable(const char *tmp, const char *dst, const void *data,
    size_t len, char **cause)
{
	int		 fd;

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", tmp, strerror(errno));
		return (-1);
	}
	if (fsutil_write_all(fd, data, len) != 0 || fsync(fd) != 0)
		goto fail;
	close(fd);
	return (fsutil_rename_durable(tmp, dst, cause));
fail:
	*cause = xasprintf("%s: %s", tmp, strerror(errno));
	close(fd);
	unlink(tmp);
	return (-1);
}

static int
fsutil_rm_entry(const char *path, const struct stat *st, int type,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	/* Best effort: what cannot be removed stays, the walk goes on. */
	if (type == FTW_DP)
		(void)rmdir(path);
	else
		(void)unlink(path);
	return (0);
}

/* Remove a directory and everything in it, never following links. */
void
fsutil_rmtree(const char *dir)
{
	(void)nftw(dir, fsutil_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A whole file of at most max bytes, NUL-terminated; NULL (cause) if not. */
char *
fsutil_read(const char *path, size_t max, size_t *len, char **cause)
{
	struct buf	 b;
	char		 chunk[8192];
	size_t		 n;
	FILE		*f;
	int		 failed;

	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (NULL);
	}
	buf_init(&b, max);
	do {
		n = fread(chunk, 1, sizeof chunk, f);
		if (buf_add(&b, chunk, n) != 0)
			break;
	} while (n == sizeof chunk);
	failed = ferror(f) || b.overflow;
	if (ferror(f))
		*cause = xasprintf("%s: %s", path, strerror(errno));
	else if (b.overflow)
		*cause = xasprintf("%s: larger than %zu KiB", path,
		    max / 1024);
	fclose(f);
	if (failed) {
		buf_clear(&b);
		return (NULL);
	}
	*len = b.len;
	return (b.data != NULL ? buf_release(&b) : xstrdup(""));
}
