/* SPDX-License-Identifier: ISC */
/*
 * A linear, streaming MIME scanner (RFC 2045, 2046): one pass over the
 * lines of a message with a stack of open multipart boundaries and
 * message/rfc822 parts. It refuses structures deeper than the limit or
 * with too many parts before libetpan ever sees them (libetpan 1.9.4
 * crashes at 40 000 nested messages and needs quadratic time for deep
 * multiparts), and it decodes attachments (base64, quoted-printable,
 * 7bit/8bit/binary) straight into files, a line at a time.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"
#include "mimeparam.h"
#include "mimescan.h"
#include "xmalloc.h"

#define MIMESCAN_CHUNK		65536	/* longest line read at once */
#define MIMESCAN_STACK		128	/* hard cap above any max_depth */

enum mimescan_enc {
	MIMESCAN_RAW,
	MIMESCAN_BASE64,
	MIMESCAN_QP,
};

struct mimescan_frame {
	char	*boundary;	/* NULL: a message/rfc822 part */
};

struct mimescan {
	FILE				*f;
	const struct mimescan_limits	*lim;
	const char			*outdir;	/* NULL: check only */
	int				(*cb)(void *, const struct mimescan_part *);
	void				*arg;
	struct mimescan_frame		 stack[MIMESCAN_STACK];
	int				 depth;
	int				 forwarded;	/* rfc822 frames open */
	size_t				 parts;
	int				 in_header;
	struct buf			 header;
	/* the attachment being written */
	int				 fd;
	char				*path;
	enum mimescan_enc		 enc;
	struct mimescan_part		 part;
	char				*type;
	char				*raw_name;
	char				*name;
	size_t				 written;
	int				 pending_eol;	/* CRLF held back */
	unsigned			 b64;		/* sextets so far */
	int				 b64n;
	const char			*problem;
	int				 stopped;	/* too big, or I/O */
	char				*error;		/* why the scan stops */
};

static int
mimescan_fail(struct mimescan *ms, const char *what)
{
	if (ms->error == NULL)
		ms->error = xstrdup(what);
	return (-1);
}

static void
mimescan_write(struct mimescan *ms, const void *p, size_t n)
{
	if (ms->fd == -1 || ms->stopped)
		return;
	if (ms->written + n > ms->lim->max_part_bytes) {
		ms->problem = "attachment larger than the limit";
		ms->stopped = 1;
		return;
	}
	if (fsutil_write_all(ms->fd, p, n) != 0) {
		ms->problem = "write failed";
		ms->stopped = 1;
	}
	ms->written += n;
}

static int
mimescan_b64val(int c)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char	*p;

	if (c == '\0' || (p = strchr(alphabet, c)) == NULL)
		return (-1);
	return ((int)(p - alphabet));
}

/* Decode a line of base64; whitespace ignored, garbage noted. */
static void
mimescan_base64(struct mimescan *ms, const char *s, size_t len)
{
	unsigned char	 out[MIMESCAN_CHUNK];
	size_t		 i, n = 0;
	int		 v;

	for (i = 0; i < len; i++) {
		if (s[i] == '=' || s[i] == '\r' || s[i] == '\n' ||
		    s[i] == ' ' || s[i] == '\t')
			continue;
		if ((v = mimescan_b64val((unsigned char)s[i])) == -1) {
			if (ms->problem == NULL)
				ms->problem = "invalid base64";
			continue;
		}
		ms->b64 = (ms->b64 << 6) | (unsigned)v;
		if (++ms->b64n == 4) {
			out[n++] = (unsigned char)(ms->b64 >> 16);
			out[n++] = (unsigned char)(ms->b64 >> 8);
			out[n++] = (unsigned char)ms->b64;
			ms->b64 = 0;
			ms->b64n = 0;
		}
	}
	mimescan_write(ms, out, n);
}

/* The bytes left in an unfinished base64 group (no or short padding). */
static void
mimescan_base64_end(struct mimescan *ms)
{
	unsigned char	 out[2];

	if (ms->b64n == 2) {
		out[0] = (unsigned char)(ms->b64 >> 4);
		mimescan_write(ms, out, 1);
	} else if (ms->b64n == 3) {
		out[0] = (unsigned char)(ms->b64 >> 10);
		out[1] = (unsigned char)(ms->b64 >> 2);
		mimescan_write(ms, out, 2);
	} else if (ms->b64n == 1 && ms->problem == NULL)
		ms->problem = "truncated base64";
	ms->b64 = 0;
	ms->b64n = 0;
}

static int
mimescan_hex(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

/* Decode one line of quoted-printable; a final "=" joins the next line. */
static void
mimescan_qp(struct mimescan *ms, const char *s, size_t len, int eol)
{
	unsigned char	 out[MIMESCAN_CHUNK];
	size_t		 i, n = 0;
	int		 hi, lo;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (i = 0; i < len; i++) {
		if (s[i] != '=') {
			out[n++] = (unsigned char)s[i];
			continue;
		}
		if (i + 1 == len) {	/* soft line break */
			eol = 0;
			break;
		}
		/* Bounds checked: "=A" at the very end stays literal. */
		if (i + 2 < len && (hi = mimescan_hex(s[i + 1])) != -1 &&
		    (lo = mimescan_hex(s[i + 2])) != -1) {
			out[n++] = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else
			out[n++] = '=';
	}
	mimescan_write(ms, out, n);
	ms->pending_eol = eol;
}

/* Feed one body line (without its line ending) to the current part. */
static void
mimescan_body_line(struct mimescan *ms, const char *s, size_t len, int eol)
{
	if (ms->fd == -1)
		return;
	if (ms->enc == MIMESCAN_BASE64) {
		mimescan_base64(ms, s, len);
		return;
	}
	/* The line ending before a boundary belongs to the boundary. */
	if (ms->pending_eol)
		mimescan_write(ms, "\r\n", 2);
	ms->pending_eol = 0;
	if (ms->enc == MIMESCAN_QP)
		mimescan_qp(ms, s, len, eol);
	else {
		mimescan_write(ms, s, len);
		ms->pending_eol = eol;
	}
}

/* The value of a header field in the current part's header block. */
static char *
mimescan_field(const struct mimescan *ms, const char *name)
{
	const char	*p = ms->header.data, *eol;
	size_t		 nlen = strlen(name);
	struct buf	 v;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
			buf_init(&v, ms->lim->max_header_bytes);
			p += nlen + 1;
			/* Unfold: continuation lines start with blanks. */
			do {
				eol = strchr(p, '\n');
				buf_add(&v, p, eol != NULL ? (size_t)(eol - p) :
				    strlen(p));
				p = eol != NULL ? eol + 1 : NULL;
			} while (p != NULL && (*p == ' ' || *p == '\t'));
			return (buf_release(&v));
		}
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return (NULL);
}

static int
mimescan_push(struct mimescan *ms, char *boundary)
{
	if (ms->depth >= ms->lim->max_depth || ms->depth >= MIMESCAN_STACK) {
		free(boundary);
		return (mimescan_fail(ms, "MIME nesting deeper than the limit"));
	}
	ms->stack[ms->depth++].boundary = boundary;
	if (boundary == NULL)
		ms->forwarded++;
	return (0);
}

static void
mimescan_pop_to(struct mimescan *ms, int depth)
{
	while (ms->depth > depth) {
		ms->depth--;
		if (ms->stack[ms->depth].boundary == NULL)
			ms->forwarded--;
		free(ms->stack[ms->depth].boundary);
	}
}

/* Close the attachment being written and report it. */
static int
mimescan_finish(struct mimescan *ms)
{
	int	 rc = 0;

	if (ms->fd == -1)
		return (0);
	if (ms->enc == MIMESCAN_BASE64)
		mimescan_base64_end(ms);
	close(ms->fd);
	ms->fd = -1;
	ms->part.content_type = ms->type;
	ms->part.raw_name = ms->raw_name;
	ms->part.name = ms->name;
	ms->part.path = ms->path;
	ms->part.size = ms->written;
	ms->part.problem = ms->problem;
	rc = ms->cb(ms->arg, &ms->part);
	free(ms->type);
	free(ms->raw_name);
	free(ms->name);
	free(ms->path);
	ms->type = ms->raw_name = ms->name = ms->path = NULL;
	return (rc);
}

static enum mimescan_enc
mimescan_encoding(const struct mimescan *ms)
{
	char			*cte = mimescan_field(ms, "Content-Transfer-Encoding");
	enum mimescan_enc	 enc = MIMESCAN_RAW;

	if (cte != NULL && strcasestr(cte, "base64") != NULL)
		enc = MIMESCAN_BASE64;
	else if (cte != NULL && strcasestr(cte, "quoted-printable") != NULL)
		enc = MIMESCAN_QP;
	free(cte);
	return (enc);
}

/* The raw (undecoded) name parameter, for reports. */
static char *
mimescan_raw_name(const char *field, const char *param)
{
	const char	*p;
	size_t		 plen = strlen(param);

	for (p = field; p != NULL && (p = strcasestr(p, param)) != NULL;
	    p += plen) {
		if ((p == field || p[-1] == ';' || p[-1] == ' ' ||
		    p[-1] == '\t') && (p[plen] == '=' || p[plen] == '*'))
			return (xstrndup(p, strcspn(p, ";\r\n")));
	}
	return (NULL);
}

/* A leaf part with a file name, or not text, is an attachment. */
static int
mimescan_open_leaf(struct mimescan *ms, char *type, char *ctype, char *disp)
{
	char	*cid;
	int	 attachment, is_attachment;

	ms->name = disp != NULL ? mimeparam_get(disp, "filename") : NULL;
	if (ms->name == NULL && ctype != NULL)
		ms->name = mimeparam_get(ctype, "name");
	is_attachment = disp != NULL &&
	    strncasecmp(disp + strspn(disp, " \t"), "attachment", 10) == 0;
	attachment = ms->name != NULL || is_attachment ||
	    strncmp(type, "text/", 5) != 0;
	/* Pictures of an HTML body (a signature logo) are not documents. */
	if (!is_attachment && strncmp(type, "image/", 6) == 0 &&
	    (cid = mimescan_field(ms, "Content-ID")) != NULL) {
		free(cid);
		attachment = 0;
	}
	if (!attachment || ms->outdir == NULL) {
		free(ms->name);
		ms->name = NULL;
		free(type);
		return (0);
	}
	ms->raw_name = disp != NULL ? mimescan_raw_name(disp, "filename") :
	    NULL;
	if (ms->raw_name == NULL && ctype != NULL)
		ms->raw_name = mimescan_raw_name(ctype, "name");
	ms->type = type;
	ms->enc = mimescan_encoding(ms);
	ms->written = 0;
	ms->pending_eol = 0;
	ms->problem = NULL;
	ms->stopped = 0;
	memset(&ms->part, 0, sizeof ms->part);
	ms->part.depth = ms->depth;
	ms->part.forwarded = ms->forwarded > 0;
	if ((ms->fd = fsutil_tempfile(ms->outdir, &ms->path, &ms->error)) == -1)
		return (-1);
	return (0);
}

/* The header block of a part is complete: decide what its body is. */
static int
mimescan_header_done(struct mimescan *ms)
{
	char	*ctype, *disp, *type, *boundary;
	int	 rc = 0;

	ms->in_header = 0;
	ctype = mimescan_field(ms, "Content-Type");
	disp = mimescan_field(ms, "Content-Disposition");
	type = ctype != NULL ? mimeparam_type(ctype) : xstrdup("text/plain");
	if (strncmp(type, "multipart/", 10) == 0 && (boundary =
	    mimeparam_get(ctype, "boundary")) != NULL && *boundary != '\0') {
		rc = mimescan_push(ms, boundary);
		free(type);
	} else if (strcmp(type, "message/rfc822") == 0) {
		free(type);
		if ((rc = mimescan_push(ms, NULL)) == 0)
			ms->in_header = 1;
	} else
		rc = mimescan_open_leaf(ms, type, ctype, disp);
	free(ctype);
	free(disp);
	ms->header.len = 0;
	ms->header.data[0] = '\0';
	return (rc);
}

/* The frame whose boundary this line is, or -1; *closing for "--b--". */
static int
mimescan_boundary(const struct mimescan *ms, const char *s, size_t len,
    int *closing)
{
	size_t	 blen;
	int	 i;

	if (len < 2 || s[0] != '-' || s[1] != '-')
		return (-1);
	for (i = ms->depth - 1; i >= 0; i--) {
		if (ms->stack[i].boundary == NULL)
			continue;
		blen = strlen(ms->stack[i].boundary);
		if (len < 2 + blen || memcmp(s + 2, ms->stack[i].boundary,
		    blen) != 0)
			continue;
		*closing = len >= 4 + blen && s[2 + blen] == '-' &&
		    s[3 + blen] == '-';
		return (i);
	}
	return (-1);
}

static int
mimescan_new_part(struct mimescan *ms)
{
	if (++ms->parts > ms->lim->max_parts)
		return (mimescan_fail(ms, "more MIME parts than the limit"));
	ms->in_header = 1;
	return (0);
}

/* One line (or piece of a long one) of the message. */
static int
mimescan_line(struct mimescan *ms, const char *s, size_t len, int eol,
    int line_start)
{
	int	 k, closing;

	if (ms->in_header) {
		if (line_start && len == 0)
			return (mimescan_header_done(ms));
		if (ms->header.len + len + 1 <= ms->lim->max_header_bytes) {
			buf_add(&ms->header, s, len);
			if (eol)
				buf_addc(&ms->header, '\n');
		}
		return (0);
	}
	if (line_start && (k = mimescan_boundary(ms, s, len, &closing)) != -1) {
		if (mimescan_finish(ms) != 0)
			return (-1);
		if (closing) {
			mimescan_pop_to(ms, k);
			return (0);
		}
		mimescan_pop_to(ms, k + 1);
		return (mimescan_new_part(ms));
	}
	mimescan_body_line(ms, s, len, eol);
	return (0);
}

static int
mimescan_run(struct mimescan *ms)
{
	char	 line[MIMESCAN_CHUNK + 1];
	size_t	 len;
	int	 eol, line_start = 1, rc = 0;

	buf_init(&ms->header, 0);
	ms->in_header = 1;
	ms->fd = -1;
	ms->parts = 1;
	while (rc == 0 && fgets(line, sizeof line, ms->f) != NULL) {
		len = strlen(line);
		eol = len > 0 && line[len - 1] == '\n';
		if (eol)
			len--;
		if (eol && len > 0 && line[len - 1] == '\r')
			len--;
		rc = mimescan_line(ms, line, len, eol, line_start);
		line_start = eol;
	}
	if (rc == 0 && ms->in_header)
		rc = mimescan_header_done(ms);
	if (rc == 0)
		rc = mimescan_finish(ms);
	if (ms->fd != -1) {
		close(ms->fd);
		unlink(ms->path);
	}
	free(ms->type);
	free(ms->raw_name);
	free(ms->name);
	free(ms->path);
	mimescan_pop_to(ms, 0);
	buf_clear(&ms->header);
	return (rc);
}

static int
mimescan_nocb(void *arg, const struct mimescan_part *p)
{
	(void)arg;
	(void)p;
	return (0);
}

/* Check a message's structure against the limits; -1 with the reason. */
int
mimescan_check(const char *data, size_t len, const struct mimescan_limits *lim,
    char **cause)
{
	struct mimescan	 ms;
	int		 rc;

	memset(&ms, 0, sizeof ms);
	if ((ms.f = fmemopen((void *)(uintptr_t)data, len, "r")) == NULL) {
		*cause = xasprintf("fmemopen: %s", strerror(errno));
		return (-1);
	}
	ms.lim = lim;
	ms.cb = mimescan_nocb;
	rc = mimescan_run(&ms);
	fclose(ms.f);
	if (rc != 0)
		*cause = ms.error != NULL ? ms.error : xstrdup("scan failed");
	else
		free(ms.error);
	return (rc);
}

/*
 * Write every attachment of the message in path to its own file in outdir
 * and call cb for each; stops at the first limit with the reason.
 */
int
mimescan_extract(const char *path, const char *outdir,
    const struct mimescan_limits *lim,
    int (*cb)(void *, const struct mimescan_part *), void *arg, char **cause)
{
	struct mimescan	 ms;
	int		 rc;

	memset(&ms, 0, sizeof ms);
	if ((ms.f = fopen(path, "re")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	ms.lim = lim;
	ms.outdir = outdir;
	ms.cb = cb;
	ms.arg = arg;
	rc = mimescan_run(&ms);
	fclose(ms.f);
	if (rc != 0)
		*cause = ms.error != NULL ? ms.error : xstrdup("stopped by "
		    "the caller");
	else
		free(ms.error);
	return (rc);
}
