/* SPDX-License-Identifier: ISC */
/* Fixtures shared by the unit tests: temporary directories and files. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stddef.h>

struct mail;

char	*testutil_tmpdir(const char *);
void	 testutil_rmtree(const char *);
void	 testutil_write(const char *, const void *, size_t);
void	 testutil_write_str(const char *, const char *);
char	*testutil_read(const char *, size_t *);
struct mail *testutil_mail(const char *);

#endif
