/* SPDX-License-Identifier: ISC */
/* Fixtures shared by the unit tests: temporary directories and files. */

#include <sys/stat.h>

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mail.h"
#include "testutil.h"
#include "xmalloc.h"

/* Make a fresh directory name.XXXXXX under $TMPDIR or /tmp; NULL if not. */
char *
testutil_tmpdir(const char *name)
{
	const char	*tmp = getenv("TMPDIR");
	char		*dir;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	dir = xasprintf("%s/%s.XXXXXX", tmp, name);
	if (mkdtemp(dir) == NULL) {
		free(dir);
		return (NULL);
	}
	return (dir);
}

/* Remove one entry met by nftw, after whatever it contains. */
static int
rmtree_entry(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return (0);
}

/* Remove dir with all its files and subdirectories. */
void
testutil_rmtree(const char *dir)
{
	nftw(dir, rmtree_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write len bytes of data as the file path; the test fails if it cannot. */
void
testutil_write(const char *path, const void *data, size_t len)
{
	FILE	*f;

	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Write the string text as the file path. */
void
testutil_write_str(const char *path, const char *text)
{
	testutil_write(path, text, strlen(text));
}

/* Read a whole file (NUL-terminated); asserts that it can. */
char *
testutil_read(const char *path, size_t *len)
{
	FILE	*f;
	char	*p;
	long	 n;

	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	p = xmalloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return (p);
}

/* Parse a mail written in the test; the test fails if it cannot. */
struct mail *
testutil_mail(const char *text)
{
	struct mail_limits	 lim = { 64 * 1024, 64 * 1024, 256 * 1024 };
	struct mail		*m;
	char			*cause = NULL;

	m = mail_parse(text, strlen(text), &lim, &cause);
	if (m == NULL)
		fail_msg("mail_parse: %s", cause);
	return (m);
}
