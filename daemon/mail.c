/* SPDX-License-Identifier: ISC */
/*
 * Parsing an incoming message with libetpan: header fields unfolded and
 * decoded (RFC 5322, RFC 2047), the sender's address (RFC 5322 mailbox),
 * and the text of the body (RFC 2045-2046: the first text/plain part,
 * else text/html with tags removed), transfer-decoded from a zero-padded
 * copy (libetpan's quoted-printable decoder reads past the end) and
 * converted to valid UTF-8. Library types stay in this file.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "buf.h"
#include "clock.h"
#include "log.h"
#include "mail.h"
#include "mimescan.h"
#include "utf8.h"
#include "xmalloc.h"

#define MAIL_MAX_HEADERS	1000
#define MAIL_MAX_DEPTH		100
#define MAIL_MAX_PARTS		10000
#define MAIL_DECODE_PAD		16

struct mail_text {
	char	*plain;
	char	*html;
};

/* The offset where the body starts (after the empty line). */
static size_t
mail_header_end(const char *data, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (data[i] != '\n')
			continue;
		if (i + 1 < len && data[i + 1] == '\n')
			return (i + 2);
		if (i + 2 < len && data[i + 1] == '\r' && data[i + 2] == '\n')
			return (i + 3);
	}
	return (len);
}

/* Decode RFC 2047 encoded words into valid single-line UTF-8. */
char *
mail_decode_words(const char *raw)
{
	char	*res = NULL, *out;
	size_t	 idx = 0;

	if (strstr(raw, "=?") != NULL &&
	    mailmime_encoded_phrase_parse("utf-8", raw, strlen(raw), &idx,
	    "utf-8", &res) == MAILIMF_NO_ERROR && res != NULL) {
		out = utf8_sanitize(res, strlen(res), 0);
		free(res);
		return (out);
	}
	return (utf8_sanitize(raw, strlen(raw), 0));
}

static void
mail_add_header(struct mail *m, const char *line, size_t len)
{
	const char	*colon;
	char		*raw, *name, *p;

	colon = memchr(line, ':', len);
	if (colon == NULL || colon == line || m->nheaders >= MAIL_MAX_HEADERS)
		return;
	name = xstrndup(line, (size_t)(colon - line));
	for (p = name; *p != '\0'; p++) {
		if (!isgraph((unsigned char)*p)) {
			free(name);
			return;
		}
	}
	colon++;
	while (colon < line + len && (*colon == ' ' || *colon == '\t'))
		colon++;
	raw = xstrndup(colon, (size_t)(line + len - colon));
	m->headers = xreallocarray(m->headers, m->nheaders + 1,
	    sizeof *m->headers);
	m->headers[m->nheaders].name = name;
	m->headers[m->nheaders].value = raw;	/* decoded below */
	m->nheaders++;
}

/* Split the header block into unfolded fields (raw values for now). */
static void
mail_split_headers(struct mail *m, const char *data, size_t end)
{
	struct buf	 line;
	size_t		 i = 0, eol;

	buf_init(&line, 0);
	while (i < end) {
		eol = i;
		while (eol < end && data[eol] != '\n')
			eol++;
		if (eol > i && data[eol - 1] == '\r')
			eol--;
		if (eol == i)
			break;
		if ((data[i] == ' ' || data[i] == '\t') && line.len > 0) {
			buf_addc(&line, ' ');
			while (i < eol && (data[i] == ' ' || data[i] == '\t'))
				i++;
		} else if (line.len > 0) {
			mail_add_header(m, line.data, line.len);
			line.len = 0;
		}
		buf_add(&line, data + i, eol - i);
		i = eol;
		while (i < end && data[i] != '\n')
			i++;
		i++;
	}
	if (line.len > 0)
		mail_add_header(m, line.data, line.len);
	buf_clear(&line);
}

/* The first value of a header field (decoded), or NULL. */
const char *
mail_header(const struct mail *m, const char *name)
{
	size_t	 i;

	for (i = 0; i < m->nheaders; i++) {
		if (strcasecmp(m->headers[i].name, name) == 0)
			return (m->headers[i].value);
	}
	return (NULL);
}

static void
mail_parse_from(struct mail *m, const char *raw)
{
	struct mailimf_mailbox_list	*mbl = NULL;
	struct mailimf_mailbox		*mb;
	size_t				 idx = 0;
	char				*p;

	if (raw == NULL || mailimf_mailbox_list_parse(raw, strlen(raw), &idx,
	    &mbl) != MAILIMF_NO_ERROR)
		return;
	if (clist_count(mbl->mb_list) > 0) {
		mb = clist_content(clist_begin(mbl->mb_list));
		if (mb->mb_addr_spec != NULL) {
			m->from_addr = utf8_sanitize(mb->mb_addr_spec,
			    strlen(mb->mb_addr_spec), 0);
			for (p = m->from_addr; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
		}
		if (mb->mb_display_name != NULL)
			m->from_name = mail_decode_words(mb->mb_display_name);
	}
	mailimf_mailbox_list_free(mbl);
}

/* The Date header as seconds since the epoch, or 0. */
static time_t
mail_parse_date(const char *raw)
{
	struct mailimf_date_time	*dt = NULL;
	struct date			 d;
	size_t				 idx = 0;
	time_t				 t = 0;
	int				 zone;

	if (raw == NULL || mailimf_date_time_parse(raw, strlen(raw), &idx,
	    &dt) != MAILIMF_NO_ERROR)
		return (0);
	d.year = dt->dt_year;
	d.month = dt->dt_month;
	d.day = dt->dt_day;
	/* +0130 is 130: hours and minutes east of UTC. */
	zone = (dt->dt_zone / 100) * 3600 + (dt->dt_zone % 100) * 60;
	if (d.year >= 1970 && d.year <= 9999 && date_valid(&d) &&
	    dt->dt_hour >= 0 && dt->dt_hour < 24 && dt->dt_min >= 0 &&
	    dt->dt_min < 60 && dt->dt_sec >= 0 && dt->dt_sec <= 60)
		t = (time_t)date_to_days(&d) * 86400 + dt->dt_hour * 3600 +
		    dt->dt_min * 60 + dt->dt_sec - zone;
	mailimf_date_time_free(dt);
	return (t > 0 ? t : 0);
}

static char *
mail_message_id(const char *value)
{
	const char	*lt, *gt;

	if (value == NULL || (lt = strchr(value, '<')) == NULL ||
	    (gt = strchr(lt, '>')) == NULL || gt - lt < 3 || gt - lt > 998)
		return (NULL);
	return (xstrndup(lt, (size_t)(gt - lt + 1)));
}

/* Transfer-decode a part and convert it to valid UTF-8. */
static char *
mail_decode_part(struct mailmime *mime, struct mailmime_single_fields *sf)
{
	struct mailmime_data	*d = mime->mm_data.mm_single;
	char			*padded, *dec = NULL, *conv = NULL, *out;
	const char		*charset;
	size_t			 idx = 0, declen = 0;
	int			 enc;

	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT)
		return (NULL);
	enc = sf->fld_encoding != NULL ? sf->fld_encoding->enc_type :
	    MAILMIME_MECHANISM_8BIT;
	padded = xcalloc(1, d->dt_data.dt_text.dt_length + MAIL_DECODE_PAD);
	memcpy(padded, d->dt_data.dt_text.dt_data,
	    d->dt_data.dt_text.dt_length);
	if (mailmime_part_parse(padded, d->dt_data.dt_text.dt_length, &idx,
	    enc, &dec, &declen) != MAILIMF_NO_ERROR) {
		free(padded);
		return (NULL);
	}
	free(padded);
	charset = sf->fld_content_charset;
	if (charset != NULL && strcasecmp(charset, "utf-8") != 0 &&
	    strcasecmp(charset, "us-ascii") != 0 &&
	    charconv("utf-8", charset, dec, declen, &conv) ==
	    MAIL_CHARCONV_NO_ERROR && conv != NULL) {
		out = utf8_sanitize(conv, strlen(conv), 1);
		free(conv);
	} else
		out = utf8_sanitize(dec, declen, 1);
	mmap_string_unref(dec);
	return (out);
}

static int
mail_is_attachment(struct mailmime_single_fields *sf)
{
	return (sf->fld_disposition != NULL &&
	    sf->fld_disposition->dsp_type != NULL &&
	    sf->fld_disposition->dsp_type->dsp_type ==
	    MAILMIME_DISPOSITION_TYPE_ATTACHMENT);
}

/* A picture the HTML part shows by Content-ID (a signature logo). */
static int
mail_is_inline_image(struct mailmime_single_fields *sf,
    struct mailmime_content *ct)
{
	return (sf->fld_id != NULL && !mail_is_attachment(sf) && ct != NULL &&
	    ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	    ct->ct_type->tp_data.tp_discrete_type->dt_type ==
	    MAILMIME_DISCRETE_TYPE_IMAGE);
}

static void
mail_single(struct mail *m, struct mailmime *mime, struct mail_text *t)
{
	struct mailmime_single_fields	 sf;
	struct mailmime_content		*ct = mime->mm_content_type;
	const char			*name;
	int				 text;

	mailmime_single_fields_init(&sf, mime->mm_mime_fields, ct);
	name = sf.fld_disposition_filename != NULL ?
	    sf.fld_disposition_filename : sf.fld_content_name;
	text = ct == NULL || (ct->ct_type->tp_type ==
	    MAILMIME_TYPE_DISCRETE_TYPE &&
	    ct->ct_type->tp_data.tp_discrete_type->dt_type ==
	    MAILMIME_DISCRETE_TYPE_TEXT);
	/* Part of the text, not a file the sender meant to send. */
	if (mail_is_inline_image(&sf, ct))
		return;
	if (name != NULL || mail_is_attachment(&sf)) {
		m->attachments = xreallocarray(m->attachments,
		    m->nattachments + 1, sizeof *m->attachments);
		m->attachments[m->nattachments++] = mail_decode_words(
		    name != NULL ? name : "(naamloos)");
	} else if (text && (ct == NULL ||
	    strcasecmp(ct->ct_subtype, "plain") == 0) && t->plain == NULL)
		t->plain = mail_decode_part(mime, &sf);
	else if (text && strcasecmp(ct->ct_subtype, "html") == 0 &&
	    t->html == NULL)
		t->html = mail_decode_part(mime, &sf);
}

static void
mail_walk(struct mail *m, struct mailmime *mime, struct mail_text *t,
    int depth)
{
	clistiter	*it;

	if (mime == NULL || depth > MAIL_MAX_DEPTH)
		return;
	switch (mime->mm_type) {
	case MAILMIME_SINGLE:
		mail_single(m, mime, t);
		break;
	case MAILMIME_MULTIPLE:
		for (it = clist_begin(mime->mm_data.mm_multipart.mm_mp_list);
		    it != NULL; it = clist_next(it))
			mail_walk(m, clist_content(it), t, depth + 1);
		break;
	case MAILMIME_MESSAGE:
		mail_walk(m, mime->mm_data.mm_message.mm_msg_mime, t,
		    depth + 1);
		break;
	}
}

/* Text of an HTML part: tags dropped, a few entities decoded. */
static char *
mail_html_text(const char *html)
{
	static const struct {
		const char	*entity;
		char		 c;
	} entities[] = { { "&nbsp;", ' ' }, { "&amp;", '&' }, { "&lt;", '<' },
	    { "&gt;", '>' }, { "&quot;", '"' } };
	struct buf	 b;
	const char	*p;
	size_t		 i, n;
	int		 intag = 0;

	buf_init(&b, 0);
	for (p = html; *p != '\0'; p++) {
		if (*p == '<' || *p == '>') {
			intag = *p == '<';
			continue;
		}
		if (intag)
			continue;
		for (i = 0; i < sizeof entities / sizeof *entities; i++) {
			n = strlen(entities[i].entity);
			if (strncmp(p, entities[i].entity, n) == 0)
				break;
		}
		if (i < sizeof entities / sizeof *entities) {
			buf_addc(&b, entities[i].c);
			p += n - 1;
		} else
			buf_addc(&b, *p);
	}
	return (buf_release(&b));
}

static void
mail_parse_body(struct mail *m, const char *data, size_t len,
    const struct mail_limits *lim)
{
	struct mailmime		*mime = NULL;
	struct mail_text	 t = { NULL, NULL };
	size_t			 idx = 0;

	if (mailmime_parse(data, len, &idx, &mime) == MAILIMF_NO_ERROR) {
		mail_walk(m, mime, &t, 0);
		mailmime_free(mime);
	}
	if (t.plain != NULL)
		m->body = t.plain;
	else if (t.html != NULL)
		m->body = mail_html_text(t.html);
	else
		m->body = xstrdup("");
	free(t.html);
	if (m->body != t.plain)
		free(t.plain);
	m->body[utf8_truncate(m->body, lim->max_body)] = '\0';
}

/*
 * Refuse a structure libetpan cannot take (RELIABILITY.md (d) 13-15):
 * too deep, or too many parts, found by a linear scan first.
 */
static int
mail_check_structure(const char *data, size_t len,
    const struct mail_limits *lim, char **cause)
{
	struct mimescan_limits	 ml;
	char			*why = NULL;

	memset(&ml, 0, sizeof ml);
	ml.max_depth = MAIL_MAX_DEPTH;
	ml.max_parts = MAIL_MAX_PARTS;
	ml.max_header_bytes = lim->max_header_bytes;
	if (mimescan_check(data, len, &ml, &why) == 0)
		return (0);
	*cause = xasprintf("refused before parsing: %s (at most %d levels "
	    "and %d parts)", why, MAIL_MAX_DEPTH, MAIL_MAX_PARTS);
	free(why);
	return (-1);
}

/* Parse a raw message; NULL with cause if it has no usable header. */
struct mail *
mail_parse(const char *data, size_t len, const struct mail_limits *lim,
    char **cause)
{
	struct mail	*m;
	size_t		 end, i;
	char		*raw;

	if (mail_check_structure(data, len, lim, cause) != 0)
		return (NULL);
	end = mail_header_end(data, len);
	if (end > lim->max_header_bytes)
		end = lim->max_header_bytes;
	m = xcalloc(1, sizeof *m);
	mail_split_headers(m, data, end);
	if (m->nheaders == 0) {
		*cause = xstrdup("no header fields");
		mail_free(m);
		return (NULL);
	}
	mail_parse_from(m, mail_header(m, "From"));
	m->message_id = mail_message_id(mail_header(m, "Message-ID"));
	m->date = mail_parse_date(mail_header(m, "Date"));
	for (i = 0; i < m->nheaders; i++) {
		raw = m->headers[i].value;
		m->headers[i].value = mail_decode_words(raw);
		free(raw);
	}
	m->subject = xstrdup(mail_header(m, "Subject") != NULL ?
	    mail_header(m, "Subject") : "");
	m->subject[utf8_truncate(m->subject, lim->max_subject)] = '\0';
	if (mail_header(m, "References") != NULL)
		m->references = xstrdup(mail_header(m, "References"));
	mail_parse_body(m, data, len, lim);
	return (m);
}

/* Free a parsed message. */
void
mail_free(struct mail *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nheaders; i++) {
		free(m->headers[i].name);
		free(m->headers[i].value);
	}
	for (i = 0; i < m->nattachments; i++)
		free(m->attachments[i]);
	free(m->headers);
	free(m->attachments);
	free(m->from_addr);
	free(m->from_name);
	free(m->subject);
	free(m->message_id);
	free(m->references);
	free(m->body);
	free(m);
}
