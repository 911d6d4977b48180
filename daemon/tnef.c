/* SPDX-License-Identifier: ISC */
/*
 * Unpacking winmail.dat (MS-OXTNEF) with libytnef. libytnef trusts the
 * attribute lengths it reads, so every attribute is first walked and
 * checked here (lengths, checksums, counts, sizes) before it sees a byte.
 */

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ytnef.h>

#include "tnef.h"
#include "utf8.h"
#include "xmalloc.h"

#define TNEF_SIGNATURE		0x223e9f78U
#define TNEF_HDRLEN		9	/* level, attribute id, length */
#define TNEF_DEFAULT_CP		1252	/* Outlook's Western European */

struct tnef_emit {
	int		(*cb)(void *, const char *, const char *, size_t);
	void		*arg;
	unsigned int	 codepage;
	size_t		 n;		/* attachments seen */
};

static uint32_t
tnef_get32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

/* Check one attribute at off; its total length in *step. */
static int
tnef_check_attr(const unsigned char *p, size_t len, size_t off,
    size_t *nattach, size_t *step, char **cause)
{
	uint32_t	 attr, n;
	unsigned int	 sum = 0;
	size_t		 i;

	if (len - off < TNEF_HDRLEN + 2) {
		*cause = xasprintf("truncated attribute at offset %zu", off);
		return (-1);
	}
	attr = tnef_get32(p + off + 1);
	n = tnef_get32(p + off + 5);
	if (p[off] != LVL_MESSAGE && p[off] != LVL_ATTACHMENT) {
		*cause = xasprintf("bad level %u at offset %zu", p[off], off);
		return (-1);
	}
	if (n == 0 || n > TNEF_MAX_FILE) {
		*cause = xasprintf("attribute 0x%08x at offset %zu: length "
		    "%u out of range", attr, off, n);
		return (-1);
	}
	if (n > len - off - TNEF_HDRLEN - 2) {
		*cause = xasprintf("attribute 0x%08x at offset %zu: "
		    "truncated", attr, off);
		return (-1);
	}
	for (i = 0; i < n; i++)
		sum += p[off + TNEF_HDRLEN + i];
	if ((sum & 0xffff) != (p[off + TNEF_HDRLEN + n] |
	    (unsigned int)p[off + TNEF_HDRLEN + n + 1] << 8)) {
		*cause = xasprintf("attribute 0x%08x at offset %zu: bad "
		    "checksum", attr, off);
		return (-1);
	}
	if (attr == attAttachRenddata && ++*nattach > TNEF_MAX_ATTACHMENTS) {
		*cause = xasprintf("more than %d attachments",
		    TNEF_MAX_ATTACHMENTS);
		return (-1);
	}
	/* libytnef would hang these on an attachment it never frees. */
	if (p[off] == LVL_ATTACHMENT && *nattach == 0) {
		*cause = xasprintf("attribute 0x%08x at offset %zu: before "
		    "any attachment", attr, off);
		return (-1);
	}
	*step = TNEF_HDRLEN + n + 2;
	return (0);
}

/* Walk the whole stream so that libytnef only sees what fits. */
static int
tnef_prescan(const unsigned char *p, size_t len, char **cause)
{
	size_t	 off, step, nattach = 0;

	if (len < 6 || tnef_get32(p) != TNEF_SIGNATURE) {
		*cause = xstrdup("not a TNEF stream (no signature)");
		return (-1);
	}
	if (len > INT_MAX) {
		*cause = xasprintf("TNEF stream of %zu bytes too large", len);
		return (-1);
	}
	for (off = 6; off < len; off += step) {
		if (tnef_check_attr(p, len, off, &nattach, &step, cause) != 0)
			return (-1);
	}
	return (0);
}

/* The iconv name of a Windows code page. */
static char *
tnef_charset(unsigned int cp)
{
	if (cp == 20127)
		return (xstrdup("ASCII"));
	if (cp >= 28591 && cp <= 28606)
		return (xasprintf("ISO-8859-%u", cp - 28590));
	if (cp == 65001)
		return (xstrdup("UTF-8"));
	return (xasprintf("CP%u", cp));
}

/* Convert an 8-bit string from code page cp to single-line UTF-8. */
static char *
tnef_decode(const char *s, size_t n, unsigned int cp)
{
	iconv_t	 cd;
	char	*cs, *out, *ip, *op, *u;
	size_t	 il, ol;

	cs = tnef_charset(cp);
	cd = iconv_open("UTF-8", cs);
	free(cs);
	if (cd == (iconv_t)-1)
		cd = iconv_open("UTF-8", "CP1252");
	if (cd == (iconv_t)-1)
		return (utf8_sanitize(s, n, 0));
	/* No code page takes more than 4 bytes per input byte. */
	out = xmalloc(4 * n + 1);
	ip = (char *)(uintptr_t)s;	/* iconv's prototype lacks const */
	il = n;
	op = out;
	ol = 4 * n;
	while (il > 0 && iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		if (errno == E2BIG || ol < 3)
			break;
		/* Invalid or incomplete: one U+FFFD per byte skipped. */
		memcpy(op, "\xef\xbf\xbd", 3);
		op += 3;
		ol -= 3;
		ip++;
		il--;
	}
	iconv_close(cd);
	u = utf8_sanitize(out, (size_t)(op - out), 0);
	free(out);
	return (u);
}

/* A property's first value, or NULL. */
static variableLength *
tnef_prop(Attachment *a, unsigned int type, unsigned int id)
{
	variableLength	*vl;

	vl = MAPIFindProperty(&a->MAPI, PROP_TAG(type, id));
	if (vl == MAPI_UNDEFINED || vl == NULL || vl->data == NULL ||
	    vl->size <= 0)
		return (NULL);
	return (vl);
}

/* The best name: MAPI long name, then MAPI 8.3 name, then the title. */
static char *
tnef_name(Attachment *a, const struct tnef_emit *e)
{
	variableLength	*vl;
	const char	*s;
	char		*name = NULL;
	unsigned int	 ids[] = { PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME };
	size_t		 i;

	for (i = 0; i < sizeof ids / sizeof ids[0] && name == NULL; i++) {
		/* libytnef stores PT_UNICODE as NUL-terminated UTF-8. */
		if ((vl = tnef_prop(a, PT_UNICODE, ids[i])) != NULL) {
			s = (const char *)vl->data;
			name = utf8_sanitize(s, strlen(s), 0);
		} else if ((vl = tnef_prop(a, PT_STRING8, ids[i])) != NULL) {
			s = (const char *)vl->data;
			name = tnef_decode(s, strnlen(s, (size_t)vl->size),
			    e->codepage);
		}
		if (name != NULL && *name == '\0') {
			free(name);
			name = NULL;
		}
	}
	if (name == NULL && a->Title.data != NULL && a->Title.size > 0) {
		s = (const char *)a->Title.data;
		name = tnef_decode(s, strnlen(s, (size_t)a->Title.size),
		    e->codepage);
	}
	if (name == NULL || *name == '\0') {
		free(name);
		name = xasprintf("attachment-%zu", e->n);
	}
	return (name);
}

/* Hand one attachment to the callback; embedded objects are skipped. */
static int
tnef_emit_one(Attachment *a, struct tnef_emit *e, char **cause)
{
	variableLength	*vl, *data = NULL;
	char		*name;
	int		 rc;

	e->n++;
	if (a->FileData.data != NULL && a->FileData.size > 0)
		data = &a->FileData;
	else if ((vl = tnef_prop(a, PT_BINARY, PR_ATTACH_DATA_OBJ)) != NULL)
		data = vl;
	if (data == NULL)
		return (0);
	if ((size_t)data->size > TNEF_MAX_FILE) {
		*cause = xasprintf("attachment %zu: larger than %lu bytes",
		    e->n, TNEF_MAX_FILE);
		return (-1);
	}
	name = tnef_name(a, e);
	rc = e->cb(e->arg, name, (const char *)data->data, (size_t)data->size);
	if (rc != 0)
		*cause = xasprintf("attachment %zu (\"%s\"): refused by the "
		    "caller", e->n, name);
	free(name);
	return (rc != 0 ? -1 : 0);
}

/*
 * libytnef reports corrupt property blocks with printf: stdout is where
 * hercertctl writes its JSON, so it is pointed at /dev/null meanwhile.
 */
static int
tnef_mute(void)
{
	int	 saved, null;

	fflush(stdout);
	if ((saved = dup(STDOUT_FILENO)) == -1)
		return (-1);
	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1) {
		close(saved);
		return (-1);
	}
	dup2(null, STDOUT_FILENO);
	close(null);
	return (saved);
}

static void
tnef_unmute(int saved)
{
	if (saved == -1)
		return;
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
}

/* Call cb for each file attached in the TNEF stream of len bytes. */
int
tnef_unpack(const char *data, size_t len,
    int (*cb)(void *, const char *, const char *, size_t), void *arg,
    char **cause)
{
	TNEFStruct	 t;
	Attachment	*a;
	struct tnef_emit e = { cb, arg, TNEF_DEFAULT_CP, 0 };
	int		 rc, muted;

	if (tnef_prescan((const unsigned char *)data, len, cause) != 0)
		return (-1);
	TNEFInitialize(&t);
	t.Debug = 0;
	muted = tnef_mute();
	rc = TNEFParseMemory((BYTE *)(uintptr_t)data, (long)len, &t);
	tnef_unmute(muted);
	if (rc != 0) {
		*cause = xasprintf("libytnef error %d (corrupt properties)",
		    rc);
		goto out;
	}
	if (t.CodePage.data != NULL && t.CodePage.size >= 4 &&
	    tnef_get32(t.CodePage.data) != 0)
		e.codepage = tnef_get32(t.CodePage.data);
	for (a = t.starting_attach.next; a != NULL; a = a->next) {
		if ((rc = tnef_emit_one(a, &e, cause)) != 0)
			break;
	}
out:
	TNEFFree(&t);
	return (rc != 0 ? -1 : 0);
}
