/* SPDX-License-Identifier: ISC */
/*
 * Parsing a token endpoint's reply (RFC 6749 5.1 and 5.2, JSON per RFC
 * 8259): one flat object whose string and number members we use; other
 * values are checked and skipped with bounded nesting. No JSON library is
 * in the stack, so this small, bounded parser lives here.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "buf.h"
#include "log.h"
#include "oauth2-internal.h"
#include "xmalloc.h"

#define OAUTH2_VALUE_MAX	(16 * 1024)	/* bytes of one string value */
#define OAUTH2_KEY_MAX		256		/* bytes of one member name */
#define OAUTH2_DEPTH_MAX	16		/* nesting of skipped values */
#define OAUTH2_EXPIRES_MAX	1000000000LL	/* seconds; caps expires_in */

struct oauth2_json {
	const char	*p;
	const char	*end;
	int		 toolong;	/* a string hit its maximum */
};

static int	oauth2_json_skip(struct oauth2_json *, int);

static void
oauth2_json_ws(struct oauth2_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Consume c after optional white space. */
static int
oauth2_json_expect(struct oauth2_json *j, char c)
{
	oauth2_json_ws(j);
	if (j->p >= j->end || *j->p != c)
		return (-1);
	j->p++;
	return (0);
}

static int
oauth2_json_hex4(struct oauth2_json *j, unsigned int *out)
{
	unsigned int	 v = 0, c;
	int		 i;

	if (j->end - j->p < 4)
		return (-1);
	for (i = 0; i < 4; i++) {
		c = (unsigned char)*j->p++;
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return (-1);
		v = v << 4 | c;
	}
	*out = v;
	return (0);
}

static int
oauth2_utf8(struct buf *out, unsigned int cp)
{
	char	 u[4];
	size_t	 n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		n = 4;
	}
	if (n >= 4)
		u[n - 3] = (char)(0x80 | (cp >> 12 & 0x3f));
	if (n >= 3)
		u[n - 2] = (char)(0x80 | (cp >> 6 & 0x3f));
	if (n >= 2)
		u[n - 1] = (char)(0x80 | (cp & 0x3f));
	return (out == NULL ? 0 : buf_add(out, u, n));
}

/* \uXXXX (a surrogate pair as one code point); NUL and lone halves fail. */
static int
oauth2_json_unicode(struct oauth2_json *j, struct buf *out)
{
	unsigned int	 cp, lo;

	if (oauth2_json_hex4(j, &cp) != 0 || cp == 0 ||
	    (cp >= 0xdc00 && cp <= 0xdfff))
		return (-1);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
			return (-1);
		j->p += 2;
		if (oauth2_json_hex4(j, &lo) != 0 || lo < 0xdc00 ||
		    lo > 0xdfff)
			return (-1);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	return (oauth2_utf8(out, cp));
}

static int
oauth2_json_escape(struct oauth2_json *j, struct buf *out)
{
	static const char	 from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char		*q;

	if (j->p >= j->end)
		return (-1);
	if (*j->p == 'u') {
		j->p++;
		return (oauth2_json_unicode(j, out));
	}
	q = *j->p != '\0' ? strchr(from, *j->p) : NULL;
	if (q == NULL)
		return (-1);
	j->p++;
	return (out == NULL ? 0 : buf_addc(out, to[q - from]));
}

/* A string (j->p at its quote) decoded into out, or skipped if out is NULL. */
static int
oauth2_json_string(struct oauth2_json *j, struct buf *out)
{
	unsigned char	 c;
	int		 rc;

	if (j->p >= j->end || *j->p != '"')
		return (-1);
	for (j->p++; j->p < j->end; ) {
		c = (unsigned char)*j->p++;
		if (c == '"')
			return (0);
		if (c < 0x20)
			return (-1);
		if (c == '\\')
			rc = oauth2_json_escape(j, out);
		else
			rc = out == NULL ? 0 : buf_addc(out, (char)c);
		if (rc != 0) {
			if (out != NULL && out->overflow)
				j->toolong = 1;
			return (-1);
		}
	}
	return (-1);
}

static const char *
oauth2_json_digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return (p);
}

/* A number; a whole one (capped) goes to *v, otherwise *v is -1. */
static int
oauth2_json_number(struct oauth2_json *j, long long *v)
{
	const char	*p = j->p, *q;
	long long	 n = 0;
	int		 neg = 0, whole = 1;

	if (p < j->end && *p == '-') {
		neg = 1;
		p++;
	}
	q = oauth2_json_digits(p, j->end);
	if (q == p || (*p == '0' && q - p > 1))
		return (-1);
	for (; p < q; p++)
		n = n < OAUTH2_EXPIRES_MAX ? n * 10 + (*p - '0') : n;
	if (p < j->end && *p == '.') {
		q = oauth2_json_digits(++p, j->end);
		if (q == p)
			return (-1);
		p = q;
		whole = 0;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		if (++p < j->end && (*p == '+' || *p == '-'))
			p++;
		q = oauth2_json_digits(p, j->end);
		if (q == p)
			return (-1);
		p = q;
		whole = 0;
	}
	j->p = p;
	*v = !whole || neg ? -1 : (n > OAUTH2_EXPIRES_MAX ?
	    OAUTH2_EXPIRES_MAX : n);
	return (0);
}

static int
oauth2_json_literal(struct oauth2_json *j)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t	 i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if ((size_t)(j->end - j->p) >= n &&
		    memcmp(j->p, words[i], n) == 0) {
			j->p += n;
			return (0);
		}
	}
	return (-1);
}

/* The rest of an object or array (j->p at '{' or '['), skipped. */
static int
oauth2_json_container(struct oauth2_json *j, int depth)
{
	char	 close = *j->p == '{' ? '}' : ']';

	j->p++;
	oauth2_json_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return (0);
	}
	for (;;) {
		if (close == '}') {
			oauth2_json_ws(j);
			if (oauth2_json_string(j, NULL) != 0 ||
			    oauth2_json_expect(j, ':') != 0)
				return (-1);
		}
		if (oauth2_json_skip(j, depth) != 0)
			return (-1);
		oauth2_json_ws(j);
		if (j->p >= j->end)
			return (-1);
		if (*j->p++ == close)
			return (0);
		if (j->p[-1] != ',')
			return (-1);
	}
}

/* Any value, checked and skipped; nesting is bounded. */
static int
oauth2_json_skip(struct oauth2_json *j, int depth)
{
	long long	 v;

	oauth2_json_ws(j);
	if (j->p >= j->end)
		return (-1);
	switch (*j->p) {
	case '"':
		return (oauth2_json_string(j, NULL));
	case '{':
	case '[':
		if (depth >= OAUTH2_DEPTH_MAX)
			return (-1);
		return (oauth2_json_container(j, depth + 1));
	case 't':
	case 'f':
	case 'n':
		return (oauth2_json_literal(j));
	default:
		return (oauth2_json_number(j, &v));
	}
}

/* expires_in: a number, or (Azure AD v1) a string holding one. */
static int
oauth2_reply_expires(struct oauth2_json *j, struct oauth2_reply *r)
{
	struct oauth2_json	 s = { NULL, NULL, 0 };
	struct buf		 b;
	int			 rc;

	if (*j->p != '"')
		return (oauth2_json_number(j, &r->expires_in) != 0 ||
		    r->expires_in < 0 ? -1 : 0);
	buf_init(&b, 32);
	rc = oauth2_json_string(j, &b);
	if (rc == 0) {
		s.p = b.data;
		s.end = b.data + b.len;
		rc = oauth2_json_number(&s, &r->expires_in);
		if (rc == 0 && (s.p != s.end || r->expires_in < 0))
			rc = -1;
	}
	buf_clear(&b);
	return (rc);
}

/* Wipe a secret string and free it. */
void
oauth2_free_secret(char *s)
{
	if (s != NULL)
		explicit_bzero(s, strlen(s));
	free(s);
}

/* One member's value (j->p at it): the fields we use, others skipped. */
static int
oauth2_reply_member(struct oauth2_json *j, struct oauth2_reply *r,
    const char *key)
{
	char		**field = NULL;
	struct buf	  b;

	if (strcmp(key, "access_token") == 0)
		field = &r->access_token;
	else if (strcmp(key, "refresh_token") == 0)
		field = &r->refresh_token;
	else if (strcmp(key, "error") == 0)
		field = &r->error;
	else if (strcmp(key, "error_description") == 0)
		field = &r->error_description;
	else if (strcmp(key, "expires_in") == 0)
		return (oauth2_reply_expires(j, r));
	if (field == NULL || *j->p != '"')
		return (oauth2_json_skip(j, 0));
	buf_init(&b, OAUTH2_VALUE_MAX);
	if (oauth2_json_string(j, &b) != 0) {
		explicit_bzero(b.data, b.len);
		buf_clear(&b);
		return (-1);
	}
	oauth2_free_secret(*field);	/* a repeated name: the last wins */
	*field = buf_release(&b);
	return (0);
}

static int
oauth2_reply_members(struct oauth2_json *j, struct oauth2_reply *r)
{
	struct buf	 key;
	int		 rc = 0;

	if (oauth2_json_expect(j, '{') != 0)
		return (-1);
	oauth2_json_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return (0);
	}
	buf_init(&key, OAUTH2_KEY_MAX);
	for (;;) {
		key.len = 0;
		oauth2_json_ws(j);
		if (oauth2_json_string(j, &key) != 0 ||
		    oauth2_json_expect(j, ':') != 0)
			break;
		oauth2_json_ws(j);
		if (j->p >= j->end || strlen(key.data) != key.len ||
		    oauth2_reply_member(j, r, key.data) != 0)
			break;
		oauth2_json_ws(j);
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			rc = 1;
			break;
		}
		if (oauth2_json_expect(j, ',') != 0)
			break;
	}
	buf_clear(&key);
	return (rc == 1 ? 0 : -1);
}

/* Parse a token endpoint's reply: one JSON object, nothing after it. */
int
oauth2_reply_parse(struct oauth2_reply *r, const char *data, size_t len,
    char **cause)
{
	struct oauth2_json	 j = { data, data + len, 0 };

	memset(r, 0, sizeof *r);
	r->expires_in = -1;
	if (oauth2_reply_members(&j, r) == 0) {
		oauth2_json_ws(&j);
		if (j.p == j.end)
			return (0);
	}
	if (j.toolong)
		*cause = xasprintf("a JSON string longer than %d bytes",
		    OAUTH2_VALUE_MAX);
	else
		*cause = xasprintf("invalid JSON at byte %zu",
		    (size_t)(j.p - data));
	oauth2_reply_clear(r);
	return (-1);
}

/* Free the fields of a reply, wiping the tokens. */
void
oauth2_reply_clear(struct oauth2_reply *r)
{
	oauth2_free_secret(r->access_token);
	oauth2_free_secret(r->refresh_token);
	free(r->error);
	free(r->error_description);
	memset(r, 0, sizeof *r);
	r->expires_in = -1;
}

