/* SPDX-License-Identifier: ISC */
/*
 * Bounces of our own mail (RFC 3464 delivery status notifications, and
 * the looser reports some servers write): which of our messages came
 * back, for whom and why. The report's own header block is skipped; the
 * returned message's headers name our Message-ID ("<hercert.…>").
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bounce.h"
#include "xmalloc.h"

#define BOUNCE_MAX_READ		(1024 * 1024)	/* reports are small */
#define BOUNCE_MAX_FIELD	300

/* A copy of a field's value on one line, trimmed and bounded. */
static char *
bounce_value(const char *p, const char *end)
{
	size_t	 len;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	len = (size_t)(end - p);
	if (len > BOUNCE_MAX_FIELD)
		len = BOUNCE_MAX_FIELD;
	return (xstrndup(p, len));
}

static int
bounce_field(const char *line, const char *end, const char *name,
    const char **value)
{
	size_t	 len = strlen(name);

	if ((size_t)(end - line) <= len || strncasecmp(line, name, len) != 0)
		return (0);
	*value = line + len;
	return (1);
}

/* Our Message-ID inside a Message-ID field's value, or NULL. */
static char *
bounce_our_id(const char *p, const char *end)
{
	const char	*q;

	while (p < end && *p != '<')
		p++;
	if (end - p < 10 || strncmp(p, "<hercert.", 9) != 0)
		return (NULL);
	for (q = p; q < end && *q != '>'; q++) {
		if (isspace((unsigned char)*q) || *q == '\0')
			return (NULL);
	}
	if (q == end || q - p > BOUNCE_MAX_FIELD)
		return (NULL);
	return (xstrndup(p, (size_t)(q - p + 1)));
}

static void
bounce_line(const char *line, const char *end, struct bounce *b)
{
	const char	*v;

	if (b->message_id == NULL && bounce_field(line, end, "Message-ID:",
	    &v))
		b->message_id = bounce_our_id(v, end);
	else if (b->status == NULL && bounce_field(line, end, "Status:", &v))
		b->status = bounce_value(v, end);
	else if (b->diagnostic == NULL &&
	    bounce_field(line, end, "Diagnostic-Code:", &v))
		b->diagnostic = bounce_value(v, end);
	else if (b->recipient == NULL &&
	    bounce_field(line, end, "Final-Recipient:", &v))
		b->recipient = bounce_value(v, end);
}

/* Scan a report's text; 0 if it names one of our messages. */
int
bounce_scan(const char *data, size_t len, struct bounce *b)
{
	const char	*p = data, *end = data + len, *nl;
	int		 body = 0;

	memset(b, 0, sizeof *b);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (!body)
			body = nl == p || (nl == p + 1 && *p == '\r');
		else
			bounce_line(p, nl, b);
		p = nl + 1;
	}
	return (b->message_id != NULL ? 0 : -1);
}

/* Scan the start of a report in a file; 0 if it names one of ours. */
int
bounce_scan_file(const char *path, struct bounce *b)
{
	char	*data;
	ssize_t	 n;
	int	 fd, rc;

	memset(b, 0, sizeof *b);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	data = xmalloc(BOUNCE_MAX_READ);
	n = read(fd, data, BOUNCE_MAX_READ);
	close(fd);
	rc = n > 0 ? bounce_scan(data, (size_t)n, b) : -1;
	free(data);
	return (rc);
}

/* A one-line description for the outbox: "5.1.1 (550 user unknown)". */
char *
bounce_describe(const struct bounce *b)
{
	return (xasprintf("teruggekomen%s%s%s%s%s%s", b->recipient != NULL ?
	    " voor " : "", b->recipient != NULL ? b->recipient : "",
	    b->status != NULL ? ": status " : "",
	    b->status != NULL ? b->status : "",
	    b->diagnostic != NULL ? ": " : "",
	    b->diagnostic != NULL ? b->diagnostic : ""));
}

/* Free what a bounce holds. */
void
bounce_clear(struct bounce *b)
{
	free(b->message_id);
	free(b->status);
	free(b->diagnostic);
	free(b->recipient);
	memset(b, 0, sizeof *b);
}
