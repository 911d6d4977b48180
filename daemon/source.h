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

/* Why a source could not be opened, for the reconnect policy. */
enum source_error {
	SOURCE_ERR_TEMPORARY,	/* network, server busy: back off, retry */
	SOURCE_ERR_AUTH,	/* credentials refused: wait >= 15 min */
	SOURCE_ERR_CONFIG,	/* the configuration cannot work */
};

struct source_msg {
	char		*key;		/* unique: RFC 5092 IMAP URL or path */
	char		*mailbox;	/* e.g. "imap://user@host/INBOX" */
	uint32_t	 uidvalidity;	/* 0 for a Maildir */
	uint32_t	 uid;		/* 0 for a Maildir */
	char		*path;		/* the raw message, on disk */
	int		 temporary;	/* path is ours: removed on clear */
	size_t		 len;
};

enum source_fetch {
	SOURCE_FETCH_ERROR = -1,	/* try again later */
	SOURCE_FETCH_OK = 0,
	SOURCE_FETCH_GONE = 1,		/* expunged meanwhile */
	SOURCE_FETCH_TOO_BIG = 2,	/* over max_message_size */
};

struct source_ops {
	const char	*name;
	/* Connect and select the mailbox. */
	void		*(*open)(const struct config *, enum source_error *,
			    char **);
	/* The mailbox and UIDVALIDITY, for the caller's bookkeeping. */
	const char	*(*mailbox)(void *);
	uint32_t	 (*uidvalidity)(void *);
	/*
	 * Fill the list of waiting messages with UID above last_uid (IMAP)
	 * or all of them (Maildir); returns the count or -1.
	 */
	int		 (*list)(void *, uint32_t, char ***, char **);
	/* Fetch one message of the list into a file (in the directory). */
	int		 (*fetch)(void *, const char *, const char *,
			    struct source_msg *, char **);
	/* Move a message (key from list) to a folder like Hercert/Aanmelding. */
	int		 (*move)(void *, const char *, const char *, char **);
	/*
	 * Wait up to the given milliseconds for new mail (IMAP IDLE, or a
	 * heartbeat and a pause where there is none): 1 when woken, 0 on
	 * timeout or signal, -1 when the connection is lost.
	 */
	int		 (*wait)(void *, int, char **);
	void		 (*close)(void *);
};

extern const struct source_ops source_imap_ops;
extern const struct source_ops source_maildir_ops;

const struct source_ops	*source_find(const struct config *);
void			 source_msg_clear(struct source_msg *);
void			 source_list_free(char **, int);

#endif
