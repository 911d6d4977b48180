/* SPDX-License-Identifier: ISC */
/* Which of our messages a delivery report says came back (RFC 3464). */
#ifndef BOUNCE_H
#define BOUNCE_H

#include <stddef.h>

struct bounce {
	char	*message_id;	/* ours: "<hercert.…>" */
	char	*status;	/* "5.1.1" */
	char	*diagnostic;	/* "smtp; 550 5.1.1 user unknown" */
	char	*recipient;	/* "rfc822; x@example.org" */
};

int	 bounce_scan(const char *, size_t, struct bounce *);
int	 bounce_scan_file(const char *, struct bounce *);
char	*bounce_describe(const struct bounce *);
void	 bounce_clear(struct bounce *);

#endif
