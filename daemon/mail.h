/* SPDX-License-Identifier: ISC */
/*
 * A parsed incoming message: the headers, decoded to valid UTF-8, and the
 * text of its body, as the classifier and the procedure need them.
 */
#ifndef MAIL_H
#define MAIL_H

#include <stddef.h>
#include <time.h>

struct mail_header {
	char	*name;
	char	*value;		/* RFC 2047 decoded, valid UTF-8, one line */
};

struct mail {
	struct mail_header	 *headers;
	size_t			  nheaders;
	char			 *from_addr;	/* lower-cased addr-spec */
	char			 *from_name;
	char			 *subject;
	char			 *message_id;	/* with angle brackets */
	char			 *references;	/* as received, one line */
	time_t			  date;		/* the Date header, or 0 */
	char			 *body;		/* text, valid UTF-8 */
	char			**attachments;	/* file names (no inline logos) */
	size_t			  nattachments;
};

struct mail_limits {
	size_t	max_header_bytes;
	size_t	max_subject;
	size_t	max_body;
};

struct mail	*mail_parse(const char *, size_t, const struct mail_limits *,
		    char **);
void		 mail_free(struct mail *);
const char	*mail_header(const struct mail *, const char *);
char		*mail_decode_words(const char *);

#endif
