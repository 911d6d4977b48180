/* SPDX-License-Identifier: ISC */
/*
 * The IMAP source: lists new UIDs, fetches messages in bounded chunks
 * without setting \Seen, and moves them to their folder (IMAP4rev1 RFC 3501,
 * UIDPLUS RFC 4315, MOVE RFC 6851, IMAP URLs RFC 5092), over libetpan.
 * With imaps:// the peer certificate is verified here, since libetpan's
 * GnuTLS build verifies nothing.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "buf.h"
#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "oauth2.h"
#include "source.h"
#include "source-imap.h"
#include "tls.h"
#include "xmalloc.h"

#define IMAP_BATCH		1000		/* keys per list() call */
#define IMAP_CHUNK		(1024 * 1024)	/* bytes per partial FETCH */

/* Where fetched chunks go. */
struct imap_sink {
	int	 fd;
	size_t	 off;		/* bytes written so far */
	size_t	 limit;
};



/* Keep a server's text printable and short before it goes in a log line. */
static void
imap_text_copy(char *dst, size_t size, const char *src)
{
	size_t	 i;

	for (i = 0; src != NULL && src[i] != '\0' && i + 1 < size; i++) {
		if ((unsigned char)src[i] < 0x20 || src[i] == 0x7f)
			dst[i] = '?';
		else
			dst[i] = src[i];
	}
	dst[i] = '\0';
}

/* What went wrong locally, for errors that carry no server text. */
static const char *
imap_strerror(int r)
{
	switch (r) {
	case MAILIMAP_ERROR_STREAM:
		return ("connection lost or timed out");
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
		return ("cannot connect");
	case MAILIMAP_ERROR_SSL:
		return ("TLS handshake failed");
	case MAILIMAP_ERROR_PARSE:
		return ("unparsable server response");
	case MAILIMAP_ERROR_MEMORY:
		return ("out of memory in libetpan");
	case MAILIMAP_ERROR_BAD_STATE:
		return ("command not allowed in this state");
	default:
		return (NULL);
	}
}

/*
 * Build "imap: host:port: STEP: [CODE] server text". After a stream or parse
 * error the connection is out of step with the server: mark it broken.
 */
char *
imap_cause(struct imap_src *s, const char *step, int r)
{
	struct mailimap_response_info	*ri = s->imap->imap_response_info;
	const char			*local;
	char				 text[IMAP_TEXT_MAX], atom[48];
	char				 code[64];

	if ((local = imap_strerror(r)) != NULL) {
		if (r != MAILIMAP_ERROR_BAD_STATE)
			s->broken = 1;
		return (xasprintf("imap: %s: %s: %s", s->where, step, local));
	}
	if (r == MAILIMAP_ERROR_FATAL || r == MAILIMAP_ERROR_PROTOCOL)
		s->broken = 1;
	code[0] = '\0';
	if (ri != NULL && ri->rsp_atom != NULL) {
		imap_text_copy(atom, sizeof(atom), ri->rsp_atom);
		snprintf(code, sizeof(code), "[%s] ", atom);
	} else if (ri != NULL && ri->rsp_trycreate)
		snprintf(code, sizeof(code), "[TRYCREATE] ");
	imap_text_copy(text, sizeof(text), s->imap->imap_response);
	return (xasprintf("imap: %s: %s: %s%s%s", s->where, step,
	    r == MAILIMAP_ERROR_PROTOCOL ? "BAD " : "", code,
	    text[0] != '\0' ? text : "failed"));
}

/* Did the last tagged response carry this response code? */
int
imap_has_code(struct imap_src *s, const char *atom)
{
	struct mailimap_response_info	*ri = s->imap->imap_response_info;

	return (ri != NULL && ri->rsp_atom != NULL &&
	    strcasecmp(ri->rsp_atom, atom) == 0);
}

/* Split "host[:port]" or "[v6]:port"; no user info, no path. */
static int
imap_parse_hostport(struct imap_src *s, const char *url, const char *p,
    char **cause)
{
	const char	*end, *colon;
	char		*ep;
	long		 port;

	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL)
			goto bad;
		s->host = xstrndup(p + 1, end - p - 1);
		colon = end[1] == ':' ? end + 1 : NULL;
		end++;
	} else {
		end = p + strcspn(p, ":/");
		s->host = xstrndup(p, end - p);
		colon = *end == ':' ? end : NULL;
	}
	if (colon != NULL) {
		errno = 0;
		port = strtol(colon + 1, &ep, 10);
		if (ep == colon + 1 || errno != 0 || port < 1 || port > 65535)
			goto bad;
		s->port = (uint16_t)port;
		end = ep;
	}
	if (*s->host == '\0' || strpbrk(s->host, "@ ") != NULL ||
	    (*end != '\0' && strcmp(end, "/") != 0))
		goto bad;
	return (0);
bad:
	*cause = xasprintf("imap: imap_url \"%s\": expected "
	    "imap://host[:port] or imaps://host[:port]", url);
	return (-1);
}

/* Parse imap_url: imap:// (port 143) or imaps:// (port 993). */
static int
imap_parse_url(struct imap_src *s, const char *url, char **cause)
{
	const char	*p;

	if (url == NULL) {
		*cause = xstrdup("imap: imap_url is not set");
		return (-1);
	}
	if (strncasecmp(url, "imaps://", 8) == 0) {
		s->tls = 1;
		s->port = 993;
		p = url + 8;
	} else if (strncasecmp(url, "imap://", 7) == 0) {
		s->port = 143;
		p = url + 7;
	} else {
		*cause = xasprintf("imap: imap_url \"%s\": scheme must be "
		    "imap:// or imaps://", url);
		return (-1);
	}
	if (imap_parse_hostport(s, url, p, cause) != 0)
		return (-1);
	if (strchr(s->host, ':') != NULL)
		s->where = xasprintf("[%s]:%u", s->host, s->port);
	else
		s->where = xasprintf("%s:%u", s->host, s->port);
	return (0);
}

/* Percent-encode for an IMAP URL (RFC 5092), keeping "/" when asked. */
static void
imap_url_encode(struct buf *b, const char *s, int keep_slash)
{
	const char	*safe = "-._~";

	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr(safe, *s) != NULL ||
		    (keep_slash && *s == '/'))
			buf_addc(b, *s);
		else
			buf_printf(b, "%%%02X", (unsigned char)*s);
	}
}

/* The stable mailbox name, also the prefix of every key. */
static char *
imap_make_name(const struct imap_src *s)
{
	struct buf	 b;

	buf_init(&b, 0);
	buf_adds(&b, "imap://");
	imap_url_encode(&b, s->user, 0);
	buf_printf(&b, "@%s/", s->where);
	imap_url_encode(&b, s->folder, 1);
	return (buf_release(&b));
}

/* Pull the UID out of a key, refusing keys of another mailbox or epoch. */
int
imap_key_uid(struct imap_src *s, const char *key, uint32_t *uid, char **cause)
{
	char			*prefix, *ep;
	size_t			 len;
	unsigned long		 v;

	prefix = xasprintf("%s;UIDVALIDITY=%u/;UID=", s->name, s->uidvalidity);
	len = strlen(prefix);
	if (strncmp(key, prefix, len) != 0) {
		free(prefix);
		*cause = xasprintf("imap: %s: key \"%s\" is not of this "
		    "mailbox and UIDVALIDITY %u", s->where, key,
		    s->uidvalidity);
		return (-1);
	}
	free(prefix);
	errno = 0;
	v = strtoul(key + len, &ep, 10);
	if (ep == key + len || *ep != '\0' || errno != 0 || v == 0 ||
	    v > UINT32_MAX) {
		*cause = xasprintf("imap: %s: key \"%s\": bad UID",
		    s->where, key);
		return (-1);
	}
	*uid = (uint32_t)v;
	return (0);
}

/* SELECT the mailbox and keep its UIDVALIDITY. */
static int
imap_select(struct imap_src *s, char **cause)
{
	char	*step;
	int	 r;

	r = mailimap_select(s->imap, s->folder);
	if (r != MAILIMAP_NO_ERROR) {
		step = xasprintf("SELECT %s", s->folder);
		*cause = imap_cause(s, step, r);
		free(step);
		return (-1);
	}
	if (s->imap->imap_selection_info == NULL ||
	    s->imap->imap_selection_info->sel_uidvalidity == 0) {
		*cause = xasprintf("imap: %s: SELECT %s: no UIDVALIDITY",
		    s->where, s->folder);
		return (-1);
	}
	s->uidvalidity = s->imap->imap_selection_info->sel_uidvalidity;
	return (0);
}

/* Free everything; LOGOUT only over a stream that is still in step. */
static void
imap_close(void *arg)
{
	struct imap_src	*s = arg;
	int		 i;

	if (s == NULL)
		return;
	if (s->imap != NULL) {
		if (s->imap->imap_stream != NULL) {
			if (s->broken) {
				mailstream_close(s->imap->imap_stream);
				s->imap->imap_stream = NULL;
			} else
				mailimap_logout(s->imap);
		}
		mailimap_free(s->imap);
	}
	for (i = 0; i < s->nknown; i++)
		free(s->known[i]);
	free(s->host);
	free(s->where);
	free(s->user);
	free(s->folder);
	free(s->name);
	free(s);
}

/* Connect, log in and select the configured mailbox. */
static void *
imap_open(const struct config *conf, enum source_error *err, char **cause)
{
	struct imap_src	*s;

	s = xcalloc(1, sizeof(*s));
	*err = SOURCE_ERR_CONFIG;
	if (imap_parse_url(s, conf->imap_url, cause) != 0)
		goto fail;
	*err = SOURCE_ERR_TEMPORARY;
	s->user = xstrdup(conf->imap_user != NULL ? conf->imap_user : "");
	s->folder = xstrdup(conf->imap_mailbox != NULL &&
	    *conf->imap_mailbox != '\0' ? conf->imap_mailbox : "INBOX");
	s->max_size = conf->max_message_size;
	s->name = imap_make_name(s);
	if (imap_connect(s, conf, cause) != 0 ||
	    imap_login(s, conf, cause) != 0 ||
	    imap_select(s, cause) != 0) {
		if (s->auth_failed)
			*err = SOURCE_ERR_AUTH;
		goto fail;
	}
	s->idle = conf->imap_idle && mailimap_has_idle(s->imap);
	return (s);
fail:
	imap_close(s);
	return (NULL);
}

static const char *
imap_mailbox(void *arg)
{
	struct imap_src	*s = arg;

	return (s->name);
}

static uint32_t
imap_uidvalidity(void *arg)
{
	struct imap_src	*s = arg;

	return (s->uidvalidity);
}

static int
imap_uid_cmp(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y ? -1 : x > y);
}

/* Refuse commands on a connection that lost step with the server. */
int
imap_usable(struct imap_src *s, char **cause)
{
	if (!s->broken)
		return (0);
	*cause = xasprintf("imap: %s: connection unusable after an earlier "
	    "error; reopen", s->where);
	return (-1);
}

/* UID SEARCH UID last+1:* and return up to IMAP_BATCH keys, ascending. */
static int
imap_list(void *arg, uint32_t last_uid, char ***keys, char **cause)
{
	struct imap_src			*s = arg;
	struct mailimap_search_key	*sk;
	clist				*res = NULL;
	clistiter			*it;
	uint32_t			*uids, u;
	size_t				 n = 0, cap, i, k = 0;
	int				 r;

	*keys = NULL;
	if (imap_usable(s, cause) != 0)
		return (-1);
	if (last_uid == UINT32_MAX)
		return (0);
	sk = mailimap_search_key_new_uid(mailimap_set_new_interval(
	    last_uid + 1, 0));
	if (sk == NULL)
		fatalx("mailimap_search_key_new_uid");
	r = mailimap_uid_search(s->imap, NULL, sk, &res);
	mailimap_search_key_free(sk);
	if (r != MAILIMAP_NO_ERROR) {
		if (res != NULL)
			mailimap_search_result_free(res);
		*cause = imap_cause(s, "UID SEARCH", r);
		return (-1);
	}
	cap = res != NULL ? clist_count(res) : 0;
	uids = xreallocarray(NULL, cap + 1, sizeof(*uids));
	for (it = res != NULL ? clist_begin(res) : NULL; it != NULL;
	    it = clist_next(it)) {
		u = *(uint32_t *)clist_content(it);
		if (u > last_uid)	/* "n:*" always matches the last UID */
			uids[n++] = u;
	}
	if (res != NULL)
		mailimap_search_result_free(res);
	qsort(uids, n, sizeof(*uids), imap_uid_cmp);
	if (n > 0) {
		*keys = xreallocarray(NULL, (n < IMAP_BATCH ? n : IMAP_BATCH) +
		    1, sizeof(**keys));
		for (i = 0; i < n && k < IMAP_BATCH; i++) {
			if (i > 0 && uids[i] == uids[i - 1])
				continue;
			(*keys)[k++] = xasprintf("%s;UIDVALIDITY=%u/;UID=%u",
			    s->name, s->uidvalidity, uids[i]);
		}
		(*keys)[k] = NULL;
	}
	free(uids);
	return ((int)k);
}

/*
 * Find the static attribute of the given type in the FETCH response for
 * uid; unsolicited FETCHes for other messages may share the list.
 */
static struct mailimap_msg_att_static *
imap_att_find(clist *list, uint32_t uid, int type)
{
	struct mailimap_msg_att		*att;
	struct mailimap_msg_att_item	*item;
	struct mailimap_msg_att_static	*st, *found;
	clistiter			*a, *b;
	uint32_t			 u;

	for (a = list != NULL ? clist_begin(list) : NULL; a != NULL;
	    a = clist_next(a)) {
		att = clist_content(a);
		found = NULL;
		u = 0;
		for (b = clist_begin(att->att_list); b != NULL;
		    b = clist_next(b)) {
			item = clist_content(b);
			if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC ||
			    (st = item->att_data.att_static) == NULL)
				continue;
			if (st->att_type == MAILIMAP_MSG_ATT_UID)
				u = st->att_data.att_uid;
			else if (st->att_type == type)
				found = st;
		}
		if (u == uid && found != NULL)
			return (found);
	}
	return (NULL);
}

/*
 * One UID FETCH of a single attribute. 0 and *res set, 1 if the message
 * is gone, -1 on error. The caller frees *res.
 */
static int
imap_fetch_one(struct imap_src *s, uint32_t uid, struct mailimap_fetch_att *fa,
    const char *step, clist **res, char **cause)
{
	struct mailimap_fetch_type	*ft;
	struct mailimap_set		*set;
	int				 r;

	*res = NULL;
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	set = mailimap_set_new_single(uid);
	if (ft == NULL || fa == NULL || set == NULL ||
	    mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid()) != MAILIMAP_NO_ERROR ||
	    mailimap_fetch_type_new_fetch_att_list_add(ft, fa) !=
	    MAILIMAP_NO_ERROR)
		fatalx("imap: cannot build FETCH");
	r = mailimap_uid_fetch(s->imap, set, ft, res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r == MAILIMAP_NO_ERROR)
		return (0);
	if (*res != NULL) {
		mailimap_fetch_list_free(*res);
		*res = NULL;
	}
	if (r == MAILIMAP_ERROR_UID_FETCH && imap_has_code(s, "EXPUNGEISSUED"))
		return (1);
	*cause = imap_cause(s, step, r);
	return (-1);
}

/* RFC822.SIZE of uid: 0, 1 if gone, -1 on error. */
static int
imap_fetch_size(struct imap_src *s, uint32_t uid, uint32_t *size,
    char **cause)
{
	struct mailimap_msg_att_static	*st;
	clist				*res;
	char				*step;
	int				 rc;

	step = xasprintf("UID FETCH %u RFC822.SIZE", uid);
	rc = imap_fetch_one(s, uid, mailimap_fetch_att_new_rfc822_size(), step,
	    &res, cause);
	free(step);
	if (rc != 0)
		return (rc);
	st = imap_att_find(res, uid, MAILIMAP_MSG_ATT_RFC822_SIZE);
	if (st != NULL)
		*size = st->att_data.att_rfc822_size;
	mailimap_fetch_list_free(res);
	return (st != NULL ? 0 : 1);
}

/* Append BODY.PEEK[]<off.IMAP_CHUNK> to b: 0, 1 if gone, -1 on error. */
static int
imap_fetch_chunk(struct imap_src *s, uint32_t uid, struct imap_sink *out,
    size_t *got, char **cause)
{
	struct mailimap_msg_att_static		*st;
	struct mailimap_msg_att_body_section	*sec;
	clist					*res;
	char					*step;
	int					 rc;

	step = xasprintf("UID FETCH %u BODY.PEEK[]<%zu.%d>", uid, out->off,
	    IMAP_CHUNK);
	rc = imap_fetch_one(s, uid,
	    mailimap_fetch_att_new_body_peek_section_partial(
	    mailimap_section_new(NULL), (uint32_t)out->off, IMAP_CHUNK), step,
	    &res, cause);
	if (rc == 0) {
		st = imap_att_find(res, uid, MAILIMAP_MSG_ATT_BODY_SECTION);
		sec = st != NULL ? st->att_data.att_body_section : NULL;
		*got = sec != NULL ? sec->sec_length : 0;
		if (sec == NULL)
			rc = 1;
		else if (sec->sec_origin_octet != out->off ||
		    *got > IMAP_CHUNK) {
			*cause = xasprintf("imap: %s: %s: server sent another "
			    "range", s->where, step);
			rc = -1;
		} else if (*got > out->limit - out->off) {
			*cause = xasprintf("imap: %s: %s: message grows past "
			    "%zu bytes", s->where, step, out->limit);
			rc = -1;
		} else if (*got > 0 && fsutil_write_all(out->fd,
		    sec->sec_body_part, *got) != 0) {
			*cause = xasprintf("imap: %s: %s: %s", s->where, step,
			    strerror(errno));
			rc = -1;
		} else
			out->off += *got;
		mailimap_fetch_list_free(res);
	}
	free(step);
	return (rc);
}

/* Fetch one message in chunks, never setting \Seen. */
static int
imap_fetch(void *arg, const char *key, const char *dir, struct source_msg *msg,
    char **cause)
{
	struct imap_src		*s = arg;
	struct imap_sink	 out;
	uint32_t		 uid, size = 0;
	size_t			 got;
	int			 rc;

	memset(msg, 0, sizeof(*msg));
	if (imap_usable(s, cause) != 0 || imap_key_uid(s, key, &uid, cause))
		return (SOURCE_FETCH_ERROR);
	if ((rc = imap_fetch_size(s, uid, &size, cause)) != 0)
		return (rc);
	if (s->max_size != 0 && size > s->max_size) {
		*cause = xasprintf("%u bytes, over max_message_size %zu",
		    size, s->max_size);
		return (SOURCE_FETCH_TOO_BIG);
	}
	/* Chunks go straight to a file: the message is never in memory. */
	memset(&out, 0, sizeof out);
	out.limit = s->max_size != 0 ? s->max_size : (size_t)size + IMAP_CHUNK;
	if ((out.fd = fsutil_tempfile(dir, &msg->path, cause)) == -1)
		return (SOURCE_FETCH_ERROR);
	msg->temporary = 1;
	do {
		if ((rc = imap_fetch_chunk(s, uid, &out, &got, cause)) != 0)
			break;
	} while (got == IMAP_CHUNK);
	close(out.fd);
	if (rc != 0) {
		source_msg_clear(msg);
		return (rc);
	}
	msg->key = xstrdup(key);
	msg->mailbox = xstrdup(s->name);
	msg->uidvalidity = s->uidvalidity;
	msg->uid = uid;
	msg->len = out.off;
	return (SOURCE_FETCH_OK);
}

/* The IMAP source, found by name in the source registry. */
const struct source_ops source_imap_ops = {
	.name = "imap",
	.open = imap_open,
	.mailbox = imap_mailbox,
	.uidvalidity = imap_uidvalidity,
	.list = imap_list,
	.fetch = imap_fetch,
	.move = imap_move,
	.wait = imap_wait,
	.close = imap_close,
};
