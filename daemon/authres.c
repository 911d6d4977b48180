/* SPDX-License-Identifier: ISC */
/*
 * Authentication-Results (RFC 8601): the DMARC verdict that our own
 * border MTA wrote. Only the topmost header carrying the configured
 * authserv-id counts (RFC 8601 §5, §7.1: the MTA removes or overrides
 * headers with its own id that arrived from outside); any other header
 * can be written by the sender and is ignored.
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authres.h"
#include "buf.h"
#include "mail.h"

/* The value with (comments) removed, as one line. */
static char *
authres_uncomment(const char *s)
{
	struct buf	 b;
	int		 depth = 0, quoted = 0;

	buf_init(&b, 0);
	for (; *s != '\0'; s++) {
		if (quoted) {
			if (*s == '\\' && s[1] != '\0')
				s++;
			else if (*s == '"')
				quoted = 0;
			if (depth == 0)
				buf_addc(&b, *s);
			continue;
		}
		if (*s == '(')
			depth++;
		else if (*s == ')' && depth > 0)
			depth--;
		else if (depth == 0) {
			if (*s == '"')
				quoted = 1;
			buf_addc(&b, *s);
		} else if (*s == '\\' && s[1] != '\0')
			s++;
	}
	return (buf_release(&b));
}

static const char *
authres_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return (s);
}

/* Whether the header's authserv-id (the first token) is id. */
static int
authres_is_from(const char *value, const char *id)
{
	const char	*p = authres_skip_space(value);
	size_t		 len = 0;

	while (p[len] != '\0' && p[len] != ';' && p[len] != ' ' &&
	    p[len] != '\t')
		len++;
	if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
		p++;
		len -= 2;
	}
	return (len == strlen(id) && strncasecmp(p, id, len) == 0);
}

/* The result of method "dmarc" in one header value into result. */
static enum authres_dmarc
authres_dmarc_of(const char *value, char *result, size_t size)
{
	const char	*p, *q;
	size_t		 len;

	for (p = strchr(value, ';'); p != NULL; p = strchr(p, ';')) {
		p = authres_skip_space(p + 1);
		if (strncasecmp(p, "dmarc", 5) != 0)
			continue;
		q = authres_skip_space(p + 5);
		if (*q == '/') {	/* method version */
			q = authres_skip_space(q + 1);
			while (isdigit((unsigned char)*q))
				q++;
			q = authres_skip_space(q);
		}
		if (*q != '=')
			continue;
		q = authres_skip_space(q + 1);
		for (len = 0; isalpha((unsigned char)q[len]); len++)
			;
		snprintf(result, size, "%.*s", (int)len, q);
		if (strcasecmp(result, "pass") == 0)
			return (AUTHRES_DMARC_PASS);
		if (strcasecmp(result, "fail") == 0)
			return (AUTHRES_DMARC_FAIL);
		return (AUTHRES_DMARC_OTHER);
	}
	snprintf(result, size, "none");
	return (AUTHRES_DMARC_OTHER);
}

/*
 * The DMARC verdict of the topmost Authentication-Results header that
 * names authserv_id; its result word ("pass", "fail", "none") into
 * result. AUTHRES_ABSENT when no header names authserv_id.
 */
enum authres_dmarc
authres_dmarc(const struct mail *m, const char *authserv_id, char *result,
    size_t size)
{
	enum authres_dmarc	 d;
	char			*value;
	size_t			 i;

	snprintf(result, size, "absent");
	for (i = 0; i < m->nheaders; i++) {
		if (strcasecmp(m->headers[i].name,
		    "Authentication-Results") != 0)
			continue;
		value = authres_uncomment(m->headers[i].value);
		if (!authres_is_from(value, authserv_id)) {
			free(value);
			continue;
		}
		d = authres_dmarc_of(value, result, size);
		free(value);
		return (d);
	}
	return (AUTHRES_ABSENT);
}
