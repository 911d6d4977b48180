/* SPDX-License-Identifier: ISC */
/*
 * Building outgoing messages (RFC 5322, RFC 2045, RFC 2047): headers made
 * by us from validated parts, CRLF line endings throughout.
 */
#ifndef MESSAGE_H
#define MESSAGE_H

#include <stddef.h>
#include <time.h>

/* A file to attach: its name as the recipient sees it, where it is. */
struct outfile {
	const char	*name;		/* UTF-8 */
	const char	*path;
	const char	*type;		/* "application/pdf", or NULL */
};

struct outmsg {
	const char	*from_name;
	const char	*from_addr;
	const char	*to_name;	/* may be NULL */
	const char	*to_addr;
	const char	*answer_name;	/* Reply-To, or NULL */
	const char	*answer_addr;
	const char	*subject;
	const char	*message_id;	/* <...> */
	const char	*in_reply_to;	/* <...> or NULL */
	const char	*references;	/* space-separated <...>, or NULL */
	const char	*auto_submitted; /* auto-replied, auto-generated */
	const char	*kind;		/* X-Hercert-Kind */
	const char	*body;		/* UTF-8 text, LF or CRLF */
	const char	*html;		/* its HTML alternative, or NULL */
	const struct outfile *files;	/* attachments */
	size_t		 nfiles;
	time_t		 date;
};

int	 message_address_valid(const char *);
char	*message_build(const struct outmsg *, size_t *, char **);

#endif
