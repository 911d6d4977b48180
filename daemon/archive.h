/* SPDX-License-Identifier: ISC */
/*
 * Unpacking zip, 7z, tar and tar.gz attachments into a fresh directory,
 * flat under generated names, within byte, ratio, count and nesting
 * limits; and reading one member of an office document (a zip).
 */

#ifndef HERCERT_ARCHIVE_H
#define HERCERT_ARCHIVE_H

#include <stddef.h>

struct archive_limits {
	size_t		 max_entry_bytes;	/* default 200 MiB */
	size_t		 max_total_bytes;	/* 1 GiB, all levels together */
	size_t		 max_entries;		/* 10,000, all levels together */
	unsigned	 max_ratio;		/* 100 (unpacked : archive size),
						   checked past 10 MiB; 0: none */
	int		 max_depth;		/* 1: an archive inside the
						   archive is unpacked, no deeper */
};

enum archive_nested {
	ARCHIVE_NESTED_NONE,		/* not an archive */
	ARCHIVE_NESTED_UNPACKED,	/* its entries reported at depth + 1 */
	ARCHIVE_NESTED_KEPT,		/* over max_depth: kept, not opened */
	ARCHIVE_NESTED_DAMAGED,		/* unreadable (in part); see note */
};

/*
 * One entry, as reported to the caller; the strings are valid during the
 * callback only. Directories are not reported; a nested archive is
 * reported after its own entries.
 */
struct archive_file {
	const char	*name;		/* path inside the archive: valid UTF-8
					   without control or bidi characters */
	const char	*path;		/* where it was written, or NULL */
	size_t		 size;		/* bytes of data read from the entry */
	int		 depth;		/* 0 top level, 1 in a nested archive */
	const char	*refused;	/* NULL, or why it was not written */
	enum archive_nested nested;	/* a written file that is an archive */
	const char	*note;		/* NULL, or more about nested */
	int		 stopped;	/* unpacking stopped at this entry: the
					   ones after it were not read */
};

void	archive_limits_init(struct archive_limits *);
int	archive_is_archive(const char *);
int	archive_unpack(const char *, const char *,
	    const struct archive_limits *,
	    int (*)(void *, const struct archive_file *), void *, char **);
int	archive_read_member(const char *, const char *, size_t, char **,
	    size_t *, char **);

#endif
