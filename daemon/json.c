/* SPDX-License-Identifier: ISC */
/* A small streaming JSON writer (RFC 8259) with proper string escaping. */

#include <stdio.h>

#include "json.h"

/* Start writing to f. */
void
json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = 1;
	j->key = 0;
}

static void
json_sep(struct json *j)
{
	if (j->key) {
		j->key = 0;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = 0;
}

/* Open an object ('{') or array ('['). */
void
json_open(struct json *j, char c)
{
	json_sep(j);
	fputc(c, j->f);
	if (j->depth < 31)
		j->depth++;
	j->first[j->depth] = 1;
}

/* Close an object ('}') or array (']'). */
void
json_close(struct json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	fputc(c, j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

static void
json_raw_string(struct json *j, const char *s)
{
	const unsigned char	*p;

	fputc('"', j->f);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(j->f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", j->f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(j->f, "\\u%04x", *p);
		else
			fputc(*p, j->f);
	}
	fputc('"', j->f);
}

/* Write an object key. */
void
json_key(struct json *j, const char *k)
{
	json_sep(j);
	json_raw_string(j, k);
	fputc(':', j->f);
	j->key = 1;
}

/* Write a string value, or null for NULL. */
void
json_string(struct json *j, const char *s)
{
	json_sep(j);
	if (s == NULL)
		fputs("null", j->f);
	else
		json_raw_string(j, s);
}

/* Write a number. */
void
json_int(struct json *j, long long n)
{
	json_sep(j);
	fprintf(j->f, "%lld", n);
}

/* Write "key": "value" (or null). */
void
json_kv(struct json *j, const char *k, const char *v)
{
	json_key(j, k);
	json_string(j, v);
}

/* Write "key": number. */
void
json_kv_int(struct json *j, const char *k, long long n)
{
	json_key(j, k);
	json_int(j, n);
}
