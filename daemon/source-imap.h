/* SPDX-License-Identifier: ISC */
/*
 * Shared by the IMAP source files only (source-imap.c: session, list and
 * fetch; source-imap-move.c: folders and moving): the one place that
 * includes libetpan's IMAP API.
 */
#ifndef SOURCE_IMAP_H
#define SOURCE_IMAP_H

#include <stdint.h>

#include <libetpan/libetpan.h>

struct config;

#define IMAP_TIMEOUT		60		/* seconds per read */
#define IMAP_CHAIN_MAX		16		/* peer certs checked */
#define IMAP_TEXT_MAX		200		/* server text in a cause */
#define IMAP_FOLDERS_MAX	64		/* folders known to exist */

struct imap_src {
	mailimap	*imap;
	char		*host;
	uint16_t	 port;
	int		 tls;
	char		*where;		/* "host:port", for causes */
	char		*user;
	char		*folder;	/* the selected mailbox */
	char		*name;		/* imap://user@host:port/INBOX */
	uint32_t	 uidvalidity;
	size_t		 max_size;
	int		 broken;	/* stream unusable: no more commands */
	int		 auth_failed;	/* the server refused the credentials */
	int		 idle;		/* use IDLE (server has it, config on) */
	char		 delim;		/* hierarchy separator, 0 unknown */
	int		 delim_known;
	char		*known[IMAP_FOLDERS_MAX];
	int		 nknown;
};

char	*imap_cause(struct imap_src *, const char *, int);
int	 imap_has_code(struct imap_src *, const char *);
int	 imap_key_uid(struct imap_src *, const char *, uint32_t *, char **);
int	 imap_usable(struct imap_src *, char **);
int	 imap_move(void *, const char *, const char *, char **);
int	 imap_wait(void *, int, char **);
int	 imap_connect(struct imap_src *, const struct config *, char **);
int	 imap_login(struct imap_src *, const struct config *, char **);

#endif
