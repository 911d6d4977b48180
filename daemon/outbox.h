/* SPDX-License-Identifier: ISC */
/* Queueing outgoing mail with the state change, and sending the queue. */
#ifndef OUTBOX_H
#define OUTBOX_H

#include <stddef.h>

struct mail;
struct runtime;
struct tvars;

struct outfile;

struct outbox_mail {
	const char		*kind;		/* template name */
	struct tvars		*vars;		/* niet_bijgevoegd is added */
	const char		*to_name;
	const char		*to_addr;
	const struct mail	*reply_to;	/* the mail answered, or NULL */
	const char		*answer_name;	/* Reply-To: whom to answer */
	const char		*answer_addr;
	const char		*seed;		/* makes the Message-ID */
	long			 message;	/* messages row, or 0 */
	const struct outfile	*files;		/* to attach, in order */
	size_t			 nfiles;
};

int	outbox_queue(struct runtime *, const struct outbox_mail *, char **);
int	outbox_flush(struct runtime *, size_t *, size_t *);

#endif
