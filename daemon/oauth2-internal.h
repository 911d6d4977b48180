/* SPDX-License-Identifier: ISC */
/*
 * Shared by oauth2.c, oauth2-reply.c and the unit test only: the reply
 * parser and the form.
 */
#ifndef OAUTH2_INTERNAL_H
#define OAUTH2_INTERNAL_H

#include <stddef.h>

struct buf;

/* The fields of a token endpoint's JSON reply (RFC 6749 5.1, 5.2). */
struct oauth2_reply {
	char		*access_token;
	char		*refresh_token;
	char		*error;
	char		*error_description;
	long long	 expires_in;	/* -1: absent */
};

int	oauth2_reply_parse(struct oauth2_reply *, const char *, size_t,
	    char **);
void	oauth2_reply_clear(struct oauth2_reply *);
int	oauth2_form_add(struct buf *, const char *, const char *);
void	oauth2_cache_clear(void);
void	oauth2_free_secret(char *);

#endif
