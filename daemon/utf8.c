/* SPDX-License-Identifier: ISC */
/*
 * Making text valid UTF-8: invalid, overlong and surrogate sequences become
 * U+FFFD, NUL and control characters (except tab and, where allowed, line
 * feed) are dropped, CR LF and lone CR become LF.
 */

#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"

/* Length of a valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t
utf8_seqlen(const unsigned char *s, size_t n)
{
	uint32_t	 cp;
	size_t		 len, i;

	if (s[0] < 0x80)
		return (1);
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return (0);
	if (len > n)
		return (0);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (0);
	return (len);
}

/* A valid UTF-8 copy of len bytes; newlines kept only when multiline. */
char *
utf8_sanitize(const char *in, size_t len, int multiline)
{
	const unsigned char	*s = (const unsigned char *)in;
	struct buf		 b;
	size_t			 i = 0, n;

	buf_init(&b, 0);
	while (i < len) {
		if (s[i] == '\r' || s[i] == '\n') {
			if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
				i++;
			buf_addc(&b, multiline ? '\n' : ' ');
			i++;
		} else if (s[i] == '\t') {
			buf_addc(&b, multiline ? '\t' : ' ');
			i++;
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			i++;
		} else if ((n = utf8_seqlen(s + i, len - i)) == 0) {
			buf_adds(&b, "\xef\xbf\xbd");
			i++;
		} else {
			buf_add(&b, s + i, n);
			i += n;
		}
	}
	return (buf_release(&b));
}

/* The largest length <= max that does not split a UTF-8 sequence. */
size_t
utf8_truncate(const char *s, size_t max)
{
	size_t	 len = strlen(s);

	if (len <= max)
		return (len);
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return (max);
}
