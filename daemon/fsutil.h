/* SPDX-License-Identifier: ISC */
/* Durable file writes and directories. */
#ifndef FSUTIL_H
#define FSUTIL_H

#include <stddef.h>

int	fsutil_mkdirs(const char *, char **);
int	fsutil_maildir_create(const char *, char **);
int	fsutil_write_durable(const char *, const char *, const void *, size_t,
	    char **);
int	fsutil_rename_durable(const char *, const char *, char **);
int	fsutil_write_all(int, const void *, size_t);
int	fsutil_tempfile(const char *, char **, char **);
void	fsutil_rmtree(const char *);
char	*fsutil_read(const char *, size_t, size_t *, char **);

#endif
