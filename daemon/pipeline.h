/* SPDX-License-Identifier: ISC */
/*
 * One message through the daemon: fetched, parsed, classified, acted on
 * and recorded in one transaction, then moved to the folder of its class.
 */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stddef.h>

#include "db.h"
#include "hash.h"
#include "sender.h"

struct classification;
struct config;
struct mail;
struct mail_limits;
struct runtime;
struct source_msg;
struct source_ops;
struct tvars;

/* What is known of a message while it is handled, and what was decided. */
struct handling {
	const struct source_msg		*sm;
	const struct mail		*mail;
	const struct classification	*cls;
	struct sender			 from;
	char				 hash[HASH_HEX_LEN + 1];
	const char			*outcome;
	char				*reason;
	const char			*folder;
	char				*audit_date;
	char				*noreply;	/* why not answered */
	long				 reply_to;	/* outbox row answered */
	long				 row;		/* messages row */
};

struct pipeline_stats {
	size_t	processed;
	size_t	failed;
};

int		 pipeline_record(struct runtime *, struct handling *);
int		 pipeline_reply(struct runtime *, struct handling *,
		    const char *, struct tvars *, const char *, char **);
int		 pipeline_refuse_sender(struct runtime *, struct handling *,
		    const char *, const char *);
const char	*pipeline_folder(const char *);
const struct mail_limits *pipeline_mail_limits(const struct config *);
int		 pipeline_run(struct runtime *, const struct source_ops *,
		    void *, struct pipeline_stats *);

/* documents.c */
int		 documents_handle(struct runtime *, struct handling *,
		    char **);

/* question.c */
int		 question_handle(struct runtime *, struct handling *, char **);

/* registration.c */
int		 registration_handle(struct runtime *, struct handling *,
		    char **);

#endif
