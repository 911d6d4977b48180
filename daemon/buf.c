/* SPDX-License-Identifier: ISC */
/* Growable byte buffer with a hard maximum; always NUL-terminated. */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

/* Initialise an empty buffer that refuses to grow past max bytes. */
void
buf_init(struct buf *b, size_t max)
{
	b->size = 64;
	b->data = xmalloc(b->size);
	b->data[0] = '\0';
	b->len = 0;
	b->max = max != 0 ? max : SIZE_MAX / 2;
	b->overflow = 0;
}

/* Free the buffer's memory. */
void
buf_clear(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->size = 0;
}

/* Append bytes; -1 and the overflow flag when the maximum is reached. */
int
buf_add(struct buf *b, const void *p, size_t n)
{
	size_t	 want;

	if (n > b->max - b->len) {
		b->overflow = 1;
		return (-1);
	}
	want = b->len + n + 1;
	if (want > b->size) {
		while (b->size < want)
			b->size *= 2;
		b->data = xreallocarray(b->data, 1, b->size);
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return (0);
}

/* Append a string. */
int
buf_adds(struct buf *b, const char *s)
{
	return (buf_add(b, s, strlen(s)));
}

/* Append one character. */
int
buf_addc(struct buf *b, char c)
{
	return (buf_add(b, &c, 1));
}

/* Append formatted text. */
int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 rc;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	rc = buf_adds(b, s);
	free(s);
	return (rc);
}

/* Hand the data to the caller, leaving the buffer empty. */
char *
buf_release(struct buf *b)
{
	char	*p = b->data;

	b->data = NULL;
	b->len = b->size = 0;
	return (p);
}
