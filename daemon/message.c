/* SPDX-License-Identifier: ISC */
/*
 * Building outgoing messages. Every header is made here from checked
 * parts: addresses validated, Message-IDs validated, text that came from
 * a mail or from master data stripped of control characters and RFC 2047
 * encoded (RFC 2047 §5) and folded (RFC 5322 §2.2.3) when it is not plain
 * ASCII. The body is quoted-printable (RFC 2045 §6.7) with CRLF line
 * endings, so no bare CR or LF can reach the SMTP server.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "message.h"
#include "message-internal.h"
#include "utf8.h"
#include "xmalloc.h"

#define MESSAGE_MAX		(64 * 1024 * 1024)
#define MESSAGE_FOLD		76
#define MESSAGE_WORD_BYTES	45	/* base64: 60 chars per encoded word */

/* Whether an address is a plain addr-spec we are willing to send to. */
int
message_address_valid(const char *a)
{
	const char	*at = strchr(a, '@'), *p;

	if (at == NULL || at == a || at[1] == '\0' || strlen(a) > 254 ||
	    strchr(at + 1, '@') != NULL)
		return (0);
	for (p = a; p < at; p++) {
		if (!isgraph((unsigned char)*p) || strchr("<>()[]\\,;:\"", *p))
			return (0);
	}
	for (p = at + 1; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return (0);
	}
	return (at[1] != '.' && p[-1] != '.');
}

static int
message_id_valid(const char *id)
{
	size_t	 len = strlen(id), i;

	if (len < 3 || len > 250 || id[0] != '<' || id[len - 1] != '>')
		return (0);
	for (i = 1; i < len - 1; i++) {
		if (!isgraph((unsigned char)id[i]) || id[i] == '<' ||
		    id[i] == '>')
			return (0);
	}
	return (1);
}

/* Whether text is printable ASCII only. */
int
message_is_ascii(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x7f || (unsigned char)*s < 0x20)
			return (0);
	}
	return (1);
}

/* Append base64 of n bytes, on one line. */
void
message_base64(struct buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned	 v;
	size_t		 i;

	for (i = 0; i < n; i += 3) {
		v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf_addc(b, tab[(v >> 18) & 63]);
		buf_addc(b, tab[(v >> 12) & 63]);
		buf_addc(b, i + 1 < n ? tab[(v >> 6) & 63] : '=');
		buf_addc(b, i + 2 < n ? tab[v & 63] : '=');
	}
}

/* Append text as RFC 2047 B-encoded words, never splitting a character. */
static void
message_encode_words(struct buf *b, const char *s, size_t col)
{
	size_t	 len = strlen(s), n;

	while (len > 0) {
		n = len < MESSAGE_WORD_BYTES ? len : MESSAGE_WORD_BYTES;
		while (n < len && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		if (col > 1)
			buf_adds(b, "\r\n ");
		buf_adds(b, "=?UTF-8?B?");
		message_base64(b, (const unsigned char *)s, n);
		buf_adds(b, "?=");
		col = 2;
		s += n;
		len -= n;
	}
}

/* Append plain ASCII text, folded at spaces. */
static void
message_fold(struct buf *b, const char *s, size_t col)
{
	const char	*sp;
	size_t		 word;

	while (*s != '\0') {
		sp = strchr(s + 1, ' ');
		word = sp != NULL ? (size_t)(sp - s) : strlen(s);
		if (col + word > MESSAGE_FOLD && col > 1 && *s == ' ') {
			buf_adds(b, "\r\n");
			col = 0;
		}
		buf_add(b, s, word);
		col += word;
		s += word;
	}
}

/* Append "Name: text" with text single-line, encoded when needed. */
static void
message_text_header(struct buf *b, const char *name, const char *text)
{
	char	*clean = utf8_sanitize(text, strlen(text), 0);

	buf_printf(b, "%s: ", name);
	if (message_is_ascii(clean) && strstr(clean, "=?") == NULL)
		message_fold(b, clean, strlen(name) + 2);
	else
		message_encode_words(b, clean, strlen(name) + 2);
	buf_adds(b, "\r\n");
	free(clean);
}

/* Append "Name: display name <addr>". */
static void
message_address_header(struct buf *b, const char *name, const char *display,
    const char *addr)
{
	char		*clean;
	const char	*p;

	buf_printf(b, "%s: ", name);
	if (display != NULL && *display != '\0') {
		clean = utf8_sanitize(display, strlen(display), 0);
		if (message_is_ascii(clean) && strstr(clean, "=?") == NULL) {
			buf_addc(b, '"');
			for (p = clean; *p != '\0'; p++) {
				if (*p == '"' || *p == '\\')
					buf_addc(b, '\\');
				buf_addc(b, *p);
			}
			buf_addc(b, '"');
			buf_adds(b, " ");
		} else {
			/* The address on a line of its own keeps lines short. */
			message_encode_words(b, clean, 0);
			buf_adds(b, "\r\n ");
		}
		free(clean);
	}
	buf_printf(b, "<%s>\r\n", addr);
}

/* Append the valid message ids of a list, folded one per line. */
static void
message_ids_header(struct buf *b, const char *name, const char *ids)
{
	char	*copy = xstrdup(ids), *p = copy, *id;
	int	 n = 0;

	while ((id = strsep(&p, " \t")) != NULL) {
		if (!message_id_valid(id))
			continue;
		if (n++ == 0)
			buf_printf(b, "%s: ", name);
		else
			buf_adds(b, "\r\n ");
		buf_adds(b, id);
	}
	if (n > 0)
		buf_adds(b, "\r\n");
	free(copy);
}

static void
message_qp_line(struct buf *b, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 i, col = 0;
	unsigned char		 c;
	int			 enc;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		enc = c == '=' || c >= 0x7f || (c < 0x20 && c != '\t') ||
		    ((c == ' ' || c == '\t') && i + 1 == len);
		if (col + (enc ? 3 : 1) > 75) {
			buf_adds(b, "=\r\n");
			col = 0;
		}
		/* A "." starting a line could end SMTP DATA: encode it. */
		if (c == '.' && col == 0)
			enc = 1;
		if (enc) {
			buf_addc(b, '=');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
			col += 3;
		} else {
			buf_addc(b, (char)c);
			col++;
		}
	}
	buf_adds(b, "\r\n");
}

/* Append text, quoted-printable, every line ending CRLF. */
void
message_body(struct buf *b, const char *text)
{
	char		*clean = utf8_sanitize(text, strlen(text), 1);
	const char	*p = clean, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		message_qp_line(b, p, (size_t)(nl - p));
		p = *nl == '\n' ? nl + 1 : nl;
	}
	free(clean);
}

static void
message_date(struct buf *b, time_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	 tm;
	long		 off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	buf_printf(b, "Date: %s, %d %s %d %02d:%02d:%02d %c%02ld%02ld\r\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/* Build a whole message; NULL with cause when a part is unacceptable. */
char *
message_build(const struct outmsg *o, size_t *len, char **cause)
{
	struct buf	 b;

	if (!message_address_valid(o->from_addr) ||
	    !message_address_valid(o->to_addr)) {
		*cause = xasprintf("invalid address \"%s\"",
		    message_address_valid(o->from_addr) ? o->to_addr :
		    o->from_addr);
		return (NULL);
	}
	if (!message_id_valid(o->message_id)) {
		*cause = xasprintf("invalid Message-ID \"%s\"", o->message_id);
		return (NULL);
	}
	buf_init(&b, MESSAGE_MAX);
	message_date(&b, o->date);
	message_address_header(&b, "From", o->from_name, o->from_addr);
	message_address_header(&b, "To", o->to_name, o->to_addr);
	if (o->answer_addr != NULL && message_address_valid(o->answer_addr))
		message_address_header(&b, "Reply-To", o->answer_name,
		    o->answer_addr);
	message_text_header(&b, "Subject", o->subject);
	buf_printf(&b, "Message-ID: %s\r\n", o->message_id);
	if (o->in_reply_to != NULL && message_id_valid(o->in_reply_to))
		buf_printf(&b, "In-Reply-To: %s\r\n", o->in_reply_to);
	if (o->references != NULL)
		message_ids_header(&b, "References", o->references);
	buf_printf(&b, "Auto-Submitted: %s\r\n", o->auto_submitted);
	buf_printf(&b, "X-Hercert-Kind: %s\r\n", o->kind);
	buf_adds(&b, "MIME-Version: 1.0\r\n");
	if (message_mime(&b, o, cause) != 0) {
		buf_clear(&b);
		return (NULL);
	}
	if (b.overflow) {
		*cause = xstrdup("message larger than 64 MiB");
		buf_clear(&b);
		return (NULL);
	}
	*len = b.len;
	return (buf_release(&b));
}
