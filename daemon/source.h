/* SPDX-License-Identifier: ISC */
/*
 * Where mail comes from. A source lists the messages waiting in its
 * mailbox, hands each one over as raw bytes and, once the daemon has
 * committed what the message caused, moves it to the folder of its class.
 */
#ifndef SOURCE_H
#define SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct config;

struct source_msg {
	char		*key;		/* unique: RFC 5092 IMAP URL or path */
	char		*mailbox;	/* e.g. "imap://user@host/INBOX" */
	uint32_t	 uidvalidity;	/* 0 for a Maildir */
	uint32_t	 uid;		/* 0 for a Maildir */
	char		*data;		/* the raw message */
	size_t		 len;
};

struct source_ops {
	const char	*name;
	/* Connect and select the mailbox. */
	void		*(*open)(const struct config *, char **);
	/* The mailbox and UIDVALIDITY, for the caller's bookkeeping. */
	const char	*(*mailbox)(void *);
	uint32_t	 (*uidvalidity)(void *);
	/*
	 * Fill the list of waiting messages with UID above last_uid (IMAP)
	 * or all of them (Maildir); returns the count or -1.
	 */
	int		 (*list)(void *, uint32_t, char ***, char **);
	/* Fetch one message of the list. 0 ok, 1 gone, -1 error. */
	int		 (*fetch)(void *, const char *, struct source_msg *,
			    char **);
	/* Move a message (key from list) to a folder like Hercert/Aanmelding. */
	int		 (*move)(void *, const char *, const char *, char **);
	void		 (*close)(void *);
};

extern const struct source_ops source_imap_ops;
extern const struct source_ops source_maildir_ops;

const struct source_ops	*source_find(const struct config *);
void			 source_msg_clear(struct source_msg *);
void			 source_list_free(char **, int);

#endif
