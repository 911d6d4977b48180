/* SPDX-License-Identifier: ISC */
/*
 * Parameters of MIME header fields (RFC 2045 5.1): name=token or
 * name="quoted string", with RFC 2231 extensions (name*=charset'lang'%XX,
 * continuations name*0, name*1*, ...) reassembled and converted to UTF-8,
 * and RFC 2047 encoded words inside quoted values decoded as well (Gmail
 * and Outlook write file names that way). Bounded: 64 parameters, 1 KiB
 * per reassembled value (the CVE-2026-27859 class).
 */

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mail.h"
#include "mimeparam.h"
#include "utf8.h"
#include "xmalloc.h"

#define MIMEPARAM_MAX		64
#define MIMEPARAM_VALUE_MAX	1024
#define MIMEPARAM_SECTIONS	100

struct mimeparam {
	char	*name;		/* lower case, without the * parts */
	int	 section;	/* -1: not a continuation */
	int	 extended;	/* value is charset'lang'%XX-encoded */
	char	*value;
};

static const char *
mimeparam_skip(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return (p);
}

/* A token or quoted string at p; the end of it into *end. */
static char *
mimeparam_value(const char *p, const char **end)
{
	struct buf	 b;

	buf_init(&b, MIMEPARAM_VALUE_MAX);
	if (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			buf_addc(&b, *p);
		}
		if (*p == '"')
			p++;
	} else {
		while (*p != '\0' && *p != ';' && !isspace((unsigned char)*p))
			buf_addc(&b, *p++);
	}
	*end = p;
	return (buf_release(&b));
}

/* Split "name*3*" into name, section and extended flag. */
static void
mimeparam_name(char *name, struct mimeparam *mp)
{
	char	*star = strchr(name, '*'), *p;

	mp->section = -1;
	mp->extended = 0;
	if (star != NULL) {
		*star = '\0';
		p = star + 1;
		if (isdigit((unsigned char)*p)) {
			mp->section = (int)strtol(p, &p, 10);
			if (*p == '*')
				mp->extended = 1;
		} else
			mp->extended = 1;
	}
	for (p = name; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	mp->name = name;
}

static size_t
mimeparam_parse(const char *field, struct mimeparam *list)
{
	const char	*p = strchr(field, ';'), *eq;
	size_t		 n = 0;

	while (p != NULL && *p == ';' && n < MIMEPARAM_MAX) {
		p = mimeparam_skip(p + 1);
		if ((eq = strchr(p, '=')) == NULL)
			break;
		mimeparam_name(xstrndup(p, (size_t)(eq - p)), &list[n]);
		list[n].name[strcspn(list[n].name, " \t")] = '\0';
		list[n].value = mimeparam_value(mimeparam_skip(eq + 1), &p);
		n++;
		p = mimeparam_skip(p);
		if (*p != ';')
			p = strchr(p, ';');
	}
	return (n);
}

/* %XX-decode an extended value into b. */
static void
mimeparam_pct(struct buf *b, const char *s)
{
	unsigned int	 c;

	for (; *s != '\0'; s++) {
		if (*s == '%' && isxdigit((unsigned char)s[1]) &&
		    isxdigit((unsigned char)s[2])) {
			c = (unsigned int)strtoul((char[]){ s[1], s[2], 0 }, NULL,
			    16);
			buf_addc(b, (char)c);
			s += 2;
		} else
			buf_addc(b, *s);
	}
}

/* Convert from a charset to valid UTF-8 (invalid input replaced). */
static char *
mimeparam_to_utf8(const char *charset, const char *in, size_t len)
{
	iconv_t	 cd;
	char	*out, *ip = (char *)(uintptr_t)in, *op, *res;
	size_t	 il = len, ol = len * 4 + 4;

	if (charset == NULL || *charset == '\0' ||
	    strcasecmp(charset, "utf-8") == 0 ||
	    (cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return (utf8_sanitize(in, len, 0));
	out = op = xmalloc(ol);
	while (il > 0 && iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 &&
	    errno == EILSEQ && ol > 3) {
		*op++ = '?';
		ol--;
		ip++;
		il--;
	}
	iconv_close(cd);
	res = utf8_sanitize(out, (size_t)(op - out), 0);
	free(out);
	return (res);
}

/* Reassemble the sections of one parameter (RFC 2231 3-4). */
static char *
mimeparam_join(struct mimeparam *list, size_t n, const char *name)
{
	struct buf	 b;
	char		*charset = NULL, *q, *res;
	size_t		 i;
	int		 sec, found = 0;

	buf_init(&b, MIMEPARAM_VALUE_MAX);
	for (sec = 0; sec < MIMEPARAM_SECTIONS; sec++) {
		for (i = 0; i < n; i++) {
			if (list[i].section == sec &&
			    strcmp(list[i].name, name) == 0)
				break;
		}
		if (i == n)
			break;
		found = 1;
		q = list[i].value;
		if (list[i].extended && sec == 0 &&
		    (q = strchr(list[i].value, '\'')) != NULL) {
			charset = xstrndup(list[i].value,
			    (size_t)(q - list[i].value));
			q = strchr(q + 1, '\'');
			q = q != NULL ? q + 1 : list[i].value;
		} else if (q == NULL)
			q = list[i].value;
		if (list[i].extended)
			mimeparam_pct(&b, q);
		else
			buf_adds(&b, q);
	}
	res = found ? mimeparam_to_utf8(charset, b.data, b.len) : NULL;
	free(charset);
	buf_clear(&b);
	return (res);
}

/* The value of one parameter: extended (name*), continued or plain. */
static char *
mimeparam_lookup(struct mimeparam *list, size_t n, const char *name)
{
	char	*v;
	size_t	 i;

	/* name*=charset'lang'value is decoded like a first section. */
	for (i = 0; i < n; i++) {
		if (list[i].section == -1 && list[i].extended &&
		    strcmp(list[i].name, name) == 0)
			list[i].section = 0;
	}
	if ((v = mimeparam_join(list, n, name)) != NULL)
		return (v);
	for (i = 0; i < n; i++) {
		if (list[i].section == -1 && strcmp(list[i].name, name) == 0)
			return (mimeparam_to_utf8(NULL, list[i].value,
			    strlen(list[i].value)));
	}
	return (NULL);
}

/* The lower-case "type/subtype" of a Content-Type value. */
char *
mimeparam_type(const char *value)
{
	char	*t, *p;
	size_t	 len;

	value = mimeparam_skip(value);
	len = strcspn(value, "; \t\r\n");
	t = xstrndup(value, len);
	for (p = t; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return (t);
}

/* One parameter of a header value, decoded to UTF-8; NULL when absent. */
char *
mimeparam_get(const char *value, const char *name)
{
	struct mimeparam	 list[MIMEPARAM_MAX];
	size_t			 n, i;
	char			*res, *decoded;

	n = mimeparam_parse(value, list);
	res = mimeparam_lookup(list, n, name);
	for (i = 0; i < n; i++) {
		free(list[i].name);
		free(list[i].value);
	}
	if (res != NULL && strstr(res, "=?") != NULL) {
		decoded = mail_decode_words(res);
		free(res);
		res = decoded;
	}
	return (res);
}
