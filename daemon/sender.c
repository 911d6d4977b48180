/* SPDX-License-Identifier: ISC */
/*
 * Who sent a mail. The role (BOC of a board, auditor, coordinator) comes
 * from master data by the From address, but only when the address can be
 * believed: one From header, and, with [partnership] trusted_authserv_id
 * set, a DMARC result from our own border MTA that is not "fail" (RFC
 * 8601, RFC 7489). A sender that is not believed is unknown: never
 * answered with personal data, never acted on.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres.h"
#include "config.h"
#include "mail.h"
#include "runtime.h"
#include "sender.h"
#include "xmalloc.h"

/* The name of a role as shown to operators. */
const char *
sender_role_name(enum db_role role)
{
	switch (role) {
	case DB_ROLE_BOC:
		return ("boc");
	case DB_ROLE_AUDITOR:
		return ("auditor");
	case DB_ROLE_COORDINATOR:
		return ("coordinator");
	case DB_ROLE_UNKNOWN:
		break;
	}
	return ("unknown");
}

static size_t
sender_from_headers(const struct mail *m)
{
	size_t	 i, n = 0;

	for (i = 0; i < m->nheaders; i++) {
		if (strcasecmp(m->headers[i].name, "From") == 0)
			n++;
	}
	return (n);
}

/* Why the From address cannot be believed, or NULL. */
static char *
sender_distrust(const struct config *cf, const struct mail *m,
    struct sender *s)
{
	const char	*id = cf->trusted_authserv_id;

	if (sender_from_headers(m) > 1)
		return (xstrdup("meer dan een From-regel"));
	if (id == NULL)
		return (NULL);
	switch (authres_dmarc(m, id, s->dmarc, sizeof s->dmarc)) {
	case AUTHRES_ABSENT:
		return (xasprintf("geen Authentication-Results van %s", id));
	case AUTHRES_DMARC_FAIL:
		return (xasprintf("DMARC fail volgens %s: afzender vervalst",
		    id));
	case AUTHRES_DMARC_PASS:
	case AUTHRES_DMARC_OTHER:
		break;
	}
	return (NULL);
}

/* Fill s with the role of the mail's sender. */
void
sender_identify(struct runtime *rt, const struct mail *m, struct sender *s)
{
	const struct config	*cf = rt->cf;

	memset(s, 0, sizeof *s);
	s->role = DB_ROLE_UNKNOWN;
	if (m == NULL || m->from_addr == NULL)
		return;
	/* Our own mail coming back must never be answered (a loop). */
	s->own = cf->smtp_from != NULL &&
	    strcasecmp(m->from_addr, cf->smtp_from) == 0;
	if ((s->distrust = sender_distrust(cf, m, s)) != NULL)
		return;
	s->role = db_role_of(rt->db, m->from_addr, &s->board);
	if (s->role == DB_ROLE_UNKNOWN && cf->coordinator != NULL &&
	    strcasecmp(m->from_addr, cf->coordinator) == 0)
		s->role = DB_ROLE_COORDINATOR;
}

/* Free what a sender holds. */
void
sender_clear(struct sender *s)
{
	free(s->board);
	free(s->distrust);
	s->board = s->distrust = NULL;
}
