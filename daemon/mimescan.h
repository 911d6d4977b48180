/* SPDX-License-Identifier: ISC */
/*
 * A linear, streaming MIME scanner: it checks a message's structure
 * against limits before any full parser sees it, and writes the decoded
 * attachments to files without holding the message in memory.
 */
#ifndef MIMESCAN_H
#define MIMESCAN_H

#include <stddef.h>

struct mimescan_limits {
	int	 max_depth;		/* nested multiparts and messages: 100 */
	size_t	 max_parts;		/* parts in all: 10 000 */
	size_t	 max_header_bytes;	/* of one part's header block */
	size_t	 max_part_bytes;	/* decoded bytes of one attachment */
};

struct mimescan_part {
	const char	*content_type;	/* lower-case "type/subtype" */
	const char	*raw_name;	/* the name as written, or NULL */
	const char	*name;		/* decoded UTF-8 name, or NULL */
	const char	*path;		/* the decoded body on disk */
	size_t		 size;
	int		 depth;		/* 0: part of the message itself */
	int		 forwarded;	/* inside a message/rfc822 part */
	const char	*problem;	/* e.g. "invalid base64", or NULL */
};

int	mimescan_check(const char *, size_t, const struct mimescan_limits *,
	    char **);
int	mimescan_extract(const char *, const char *,
	    const struct mimescan_limits *,
	    int (*)(void *, const struct mimescan_part *), void *, char **);

#endif
