/* SPDX-License-Identifier: ISC */
/* The DMARC verdict our border MTA recorded (RFC 8601). */
#ifndef AUTHRES_H
#define AUTHRES_H

#include <stddef.h>

struct mail;

enum authres_dmarc {
	AUTHRES_ABSENT,		/* no header from the trusted authserv-id */
	AUTHRES_DMARC_PASS,
	AUTHRES_DMARC_FAIL,
	AUTHRES_DMARC_OTHER,	/* none, temperror, no dmarc result ... */
};

enum authres_dmarc	 authres_dmarc(const struct mail *, const char *,
			    char *, size_t);

#endif
