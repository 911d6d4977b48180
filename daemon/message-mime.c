/* SPDX-License-Identifier: ISC */
/*
 * The MIME structure of an outgoing message (RFC 2045, RFC 2046): the
 * text, with its HTML alternative where there is one, and attachments,
 * base64 in lines of 76, named per RFC 2231 (percent-encoded UTF-8 in
 * continuations, with a plain ASCII name for old clients). File names
 * come from mail and master data: no character of them reaches a header
 * unencoded, so no CR, LF or quote can break one. Boundaries derive from
 * the Message-ID, so the same mail is built to the same bytes.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fsutil.h"
#include "hash.h"
#include "message.h"
#include "message-internal.h"
#include "xmalloc.h"

#define MIME_LINE_BYTES		57	/* 76 characters of base64 */
#define MIME_MAX_FILE		(48 * 1024 * 1024)
#define MIME_SEGMENT		50	/* characters per name continuation */
#define MIME_ASCII_NAME		64

static void
mime_boundary(const struct outmsg *o, const char *what, char *out,
    size_t size)
{
	char	 hex[HASH_HEX_LEN + 1];

	hash_sha256_hex(o->message_id, strlen(o->message_id), hex);
	snprintf(out, size, "=_hercert_%s_%.24s", what, hex);
}

static void
mime_text_part(struct buf *b, const char *subtype, const char *text)
{
	buf_printf(b, "Content-Type: text/%s; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n", subtype);
	message_body(b, text);
}

/* The text, or multipart/alternative of the text and its HTML. */
static void
mime_text(struct buf *b, const struct outmsg *o)
{
	char	 bd[64];

	if (o->html == NULL) {
		mime_text_part(b, "plain", o->body);
		return;
	}
	mime_boundary(o, "alt", bd, sizeof bd);
	buf_printf(b, "Content-Type: multipart/alternative;\r\n"
	    " boundary=\"%s\"\r\n\r\n--%s\r\n", bd, bd);
	mime_text_part(b, "plain", o->body);
	buf_printf(b, "\r\n--%s\r\n", bd);
	mime_text_part(b, "html", o->html);
	buf_printf(b, "\r\n--%s--\r\n", bd);
}

/* One character of a name for old clients: itself, '_' or nothing. */
static char
mime_ascii_char(const unsigned char *p)
{
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || strchr(".-", *p) != NULL)
		return ((char)*p);
	if ((*p & 0xc0) == 0x80)
		return ('\0');		/* inside a character: skip */
	return ('_');
}

/*
 * A name old clients can show: ASCII letters, digits, '.', '-' and '_'
 * (one for each run of anything else), at most MIME_ASCII_NAME long with
 * the extension kept.
 */
static void
mime_ascii_name(struct buf *b, const char *name)
{
	const char	*dot = strrchr(name, '.');
	struct buf	 out;
	size_t		 ext, i;
	char		 c;

	if (dot == NULL || strlen(dot) > 8 || dot == name)
		dot = name + strlen(name);
	ext = strlen(dot);
	buf_init(&out, 0);
	for (i = 0; name + i < dot; i++) {
		c = mime_ascii_char((const unsigned char *)name + i);
		if (c == '\0' || (c == '_' && out.len > 0 &&
		    out.data[out.len - 1] == '_'))
			continue;
		if (out.len + ext >= MIME_ASCII_NAME)
			break;
		buf_addc(&out, c);
	}
	for (i = 0; i < ext; i++) {
		c = mime_ascii_char((const unsigned char *)dot + i);
		if (c != '\0')
			buf_addc(&out, c);
	}
	if (out.len == 0)
		buf_adds(&out, "bijlage");
	buf_add(b, out.data, out.len);
	buf_clear(&out);
}

/* filename*0*=UTF-8''...; filename*1*=... (RFC 2231 §3, §4). */
static void
mime_name_param(struct buf *b, const char *name)
{
	static const char	 hexd[] = "0123456789ABCDEF";
	const unsigned char	*p = (const unsigned char *)name;
	struct buf		 enc;
	size_t			 i, seg, n;

	buf_init(&enc, 0);
	for (; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			buf_addc(&enc, (char)*p);
		else {
			buf_addc(&enc, '%');
			buf_addc(&enc, hexd[*p >> 4]);
			buf_addc(&enc, hexd[*p & 15]);
		}
	}
	for (i = 0, seg = 0; i < enc.len; seg++) {
		n = enc.len - i < MIME_SEGMENT ? enc.len - i : MIME_SEGMENT;
		/* Never split a %XX triplet. */
		if (i + n < enc.len && enc.data[i + n - 1] == '%')
			n -= 1;
		else if (i + n < enc.len && enc.data[i + n - 2] == '%')
			n -= 2;
		buf_printf(b, ";\r\n filename*%zu*=%s%.*s", seg,
		    seg == 0 ? "UTF-8''" : "", (int)n, enc.data + i);
		i += n;
	}
	buf_clear(&enc);
}

static int
mime_file(struct buf *b, const struct outfile *f, char **cause)
{
	char	*data;
	size_t	 len, i;

	if ((data = fsutil_read(f->path, MIME_MAX_FILE, &len, cause)) == NULL)
		return (-1);
	buf_printf(b, "Content-Type: %s;\r\n name=\"",
	    f->type != NULL ? f->type : "application/octet-stream");
	mime_ascii_name(b, f->name);
	buf_adds(b, "\"\r\nContent-Disposition: attachment");
	mime_name_param(b, f->name);
	buf_adds(b, "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	for (i = 0; i < len; i += MIME_LINE_BYTES) {
		message_base64(b, (const unsigned char *)data + i,
		    len - i < MIME_LINE_BYTES ? len - i : MIME_LINE_BYTES);
		buf_adds(b, "\r\n");
	}
	free(data);
	return (0);
}

/* Append the Content-Type header and the body of the message. */
int
message_mime(struct buf *b, const struct outmsg *o, char **cause)
{
	char	 bd[64];
	size_t	 i;

	if (o->nfiles == 0) {
		mime_text(b, o);
		return (0);
	}
	mime_boundary(o, "mix", bd, sizeof bd);
	buf_printf(b, "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n"
	    "\r\nDit is een bericht in MIME-formaat.\r\n\r\n--%s\r\n", bd, bd);
	mime_text(b, o);
	for (i = 0; i < o->nfiles; i++) {
		buf_printf(b, "\r\n--%s\r\n", bd);
		if (mime_file(b, &o->files[i], cause) != 0)
			return (-1);
	}
	buf_printf(b, "\r\n--%s--\r\n", bd);
	return (0);
}
