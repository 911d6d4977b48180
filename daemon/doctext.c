/* SPDX-License-Identifier: ISC */
/*
 * Plain text from DOCX word/document.xml and ODT content.xml with expat:
 * one line per paragraph, tabs and line breaks kept, ODF white space
 * collapsed. A DOCTYPE (and so any entity) is refused, the nesting depth
 * and the output are capped; at the cap the text is cut, not refused.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "buf.h"
#include "doctext.h"
#include "log.h"
#include "xmalloc.h"

#define DOCTEXT_DEFAULT_MAX	(4UL * 1024 * 1024)
#define DOCTEXT_CHUNK		(1024 * 1024)
#define DOCTEXT_MAX_SPACES	1024	/* one <text:s text:c="..."/> */
#define DOCTEXT_SEP		'|'	/* between namespace and local name */

#define NS_W		"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT	"http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_MC		"http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_TEXT		"urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE	"urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_SVG		"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"

struct doctext {
	XML_Parser	 p;
	struct buf	 out;
	size_t		 depth;
	size_t		 skip;		/* depth of an ignored subtree, or 0 */
	int		 full;		/* the output reached its maximum */
	char		*cause;		/* our own reason to stop, if any */
	/* DOCX */
	size_t		 runs;		/* open w:r elements */
	int		 in_t;		/* inside w:t */
	/* ODT */
	size_t		 paras;		/* open text:p and text:h elements */
	int		 at_start;	/* nothing yet in this line */
	int		 pending;	/* a collapsed space is owed */
};

/* The local name if name is in namespace ns, else NULL. */
static const char *
doctext_in(const char *name, const char *ns)
{
	size_t	 n = strlen(ns);

	if (strncmp(name, ns, n) == 0 && name[n] == DOCTEXT_SEP)
		return (name + n + 1);
	return (NULL);
}

/* Whether name is ns:local. */
static int
doctext_is(const char *name, const char *ns, const char *local)
{
	const char	*l = doctext_in(name, ns);

	return (l != NULL && strcmp(l, local) == 0);
}

/* Stop the parser with a reason of our own. */
static void
doctext_stop(struct doctext *d, char *cause)
{
	if (d->cause == NULL && !d->full)
		d->cause = cause;
	else
		free(cause);
	XML_StopParser(d->p, XML_FALSE);
}

/* Append text; at the maximum keep what fits without splitting UTF-8. */
static void
doctext_add(struct doctext *d, const char *s, size_t n)
{
	size_t	 room;

	if (d->full)
		return;
	room = d->out.max - d->out.len;
	if (n > room) {
		while (room > 0 && ((unsigned char)s[room] & 0xc0) == 0x80)
			room--;
		buf_add(&d->out, s, room);
		d->full = 1;
		XML_StopParser(d->p, XML_FALSE);
		return;
	}
	buf_add(&d->out, s, n);
}

/* Count the depth; 0 if the element is to be looked at. */
static int
doctext_enter(struct doctext *d)
{
	if (++d->depth > DOCTEXT_MAX_DEPTH) {
		doctext_stop(d, xasprintf("elements nested deeper than %d",
		    DOCTEXT_MAX_DEPTH));
		return (-1);
	}
	return (d->skip != 0 ? -1 : 0);
}

/* Leave an element; 0 if it is to be looked at. */
static int
doctext_leave(struct doctext *d)
{
	int	 skipped = d->skip != 0;

	if (d->skip == d->depth)
		d->skip = 0;
	d->depth--;
	return (skipped ? -1 : 0);
}

/* The WordprocessingML local name, or NULL. */
static const char *
doctext_w(const char *name)
{
	const char	*l;

	if ((l = doctext_in(name, NS_W)) == NULL)
		l = doctext_in(name, NS_W_STRICT);
	return (l);
}

static void XMLCALL
doctext_docx_start(void *arg, const XML_Char *name, const XML_Char **attr)
{
	struct doctext	*d = arg;
	const char	*l;

	(void)attr;
	if (doctext_enter(d) != 0)
		return;
	/* The fallback repeats the text of the preferred choice. */
	if (doctext_is(name, NS_MC, "Fallback")) {
		d->skip = d->depth;
		return;
	}
	if ((l = doctext_w(name)) == NULL)
		return;
	if (strcmp(l, "r") == 0)
		d->runs++;
	else if (strcmp(l, "t") == 0)
		d->in_t = 1;
	else if (d->runs == 0)
		return;		/* w:tab in w:tabs is a tab stop, not text */
	else if (strcmp(l, "tab") == 0)
		doctext_add(d, "\t", 1);
	else if (strcmp(l, "br") == 0 || strcmp(l, "cr") == 0)
		doctext_add(d, "\n", 1);
	else if (strcmp(l, "noBreakHyphen") == 0)
		doctext_add(d, "-", 1);
}

static void XMLCALL
doctext_docx_end(void *arg, const XML_Char *name)
{
	struct doctext	*d = arg;
	const char	*l;

	if (doctext_leave(d) != 0 || (l = doctext_w(name)) == NULL)
		return;
	if (strcmp(l, "p") == 0)
		doctext_add(d, "\n", 1);
	else if (strcmp(l, "r") == 0 && d->runs > 0)
		d->runs--;
	else if (strcmp(l, "t") == 0)
		d->in_t = 0;
}

static void XMLCALL
doctext_docx_text(void *arg, const XML_Char *s, int len)
{
	struct doctext	*d = arg;

	if (d->skip == 0 && d->in_t && len > 0)
		doctext_add(d, s, (size_t)len);
}

/* ODF: pay a collapsed space that is followed by more text. */
static void
doctext_odt_flush(struct doctext *d)
{
	if (d->pending)
		doctext_add(d, " ", 1);
	d->pending = 0;
	d->at_start = 0;
}

/* The number of spaces a text:s stands for (attribute text:c). */
static size_t
doctext_odt_spaces(const XML_Char **attr)
{
	char	*end;
	long	 n;

	for (; attr[0] != NULL; attr += 2) {
		if (!doctext_is(attr[0], NS_TEXT, "c"))
			continue;
		n = strtol(attr[1], &end, 10);
		if (end == attr[1] || *end != '\0' || n < 1)
			return (1);
		return (n > DOCTEXT_MAX_SPACES ? DOCTEXT_MAX_SPACES :
		    (size_t)n);
	}
	return (1);
}

/* Inside a paragraph: the inline elements that stand for white space. */
static void
doctext_odt_inline(struct doctext *d, const char *l, const XML_Char **attr)
{
	size_t	 n;

	if (strcmp(l, "s") == 0) {
		doctext_odt_flush(d);
		for (n = doctext_odt_spaces(attr); n > 0; n--)
			doctext_add(d, " ", 1);
	} else if (strcmp(l, "tab") == 0) {
		doctext_odt_flush(d);
		doctext_add(d, "\t", 1);
	} else if (strcmp(l, "line-break") == 0) {
		doctext_add(d, "\n", 1);
		d->pending = 0;
		d->at_start = 1;
	}
}

static void XMLCALL
doctext_odt_start(void *arg, const XML_Char *name, const XML_Char **attr)
{
	struct doctext	*d = arg;
	const char	*l;

	if (doctext_enter(d) != 0)
		return;
	/* Comments, change history and image descriptions are not text. */
	if (doctext_is(name, NS_OFFICE, "annotation") ||
	    doctext_is(name, NS_TEXT, "tracked-changes") ||
	    doctext_in(name, NS_SVG) != NULL) {
		d->skip = d->depth;
		return;
	}
	if ((l = doctext_in(name, NS_TEXT)) == NULL)
		return;
	if (strcmp(l, "p") == 0 || strcmp(l, "h") == 0) {
		if (d->paras > 0 && !d->at_start)
			doctext_add(d, "\n", 1);	/* a nested paragraph */
		d->paras++;
		d->pending = 0;
		d->at_start = 1;
	} else if (d->paras > 0)
		doctext_odt_inline(d, l, attr);
}

static void XMLCALL
doctext_odt_end(void *arg, const XML_Char *name)
{
	struct doctext	*d = arg;

	if (doctext_leave(d) != 0)
		return;
	if ((doctext_is(name, NS_TEXT, "p") || doctext_is(name, NS_TEXT, "h"))
	    && d->paras > 0) {
		d->paras--;
		doctext_add(d, "\n", 1);
		d->pending = 0;
		d->at_start = 1;
	}
}

static void XMLCALL
doctext_odt_text(void *arg, const XML_Char *s, int len)
{
	struct doctext	*d = arg;
	int		 i, j;

	if (d->skip != 0 || d->paras == 0)
		return;
	for (i = 0; i < len; i = j) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			d->pending = !d->at_start;
			j = i + 1;
			continue;
		}
		doctext_odt_flush(d);
		for (j = i; j < len && s[j] != ' ' && s[j] != '\t' &&
		    s[j] != '\n' && s[j] != '\r'; j++)
			;
		doctext_add(d, s + i, (size_t)(j - i));
	}
}

/* A DOCTYPE could declare entities (billion laughs): refuse any. */
static void XMLCALL
doctext_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	struct doctext	*d = arg;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	doctext_stop(d, xstrdup("DOCTYPE declaration refused"));
}

static void XMLCALL
doctext_entity(void *arg, const XML_Char *name, int param,
    const XML_Char *value, int len, const XML_Char *base,
    const XML_Char *sysid, const XML_Char *pubid, const XML_Char *notation)
{
	struct doctext	*d = arg;

	(void)param;
	(void)value;
	(void)len;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	doctext_stop(d, xasprintf("entity declaration \"%s\" refused", name));
}

/* Feed the whole document in chunks; 0 also when cut at the maximum. */
static int
doctext_parse(struct doctext *d, const char *xml, size_t len, char **cause)
{
	size_t	 off = 0, n;
	int	 final;

	do {
		n = len - off > DOCTEXT_CHUNK ? DOCTEXT_CHUNK : len - off;
		final = off + n == len;
		if (XML_Parse(d->p, xml + off, (int)n, final) !=
		    XML_STATUS_OK) {
			if (d->full)
				return (0);
			if (d->cause != NULL) {
				*cause = d->cause;
				d->cause = NULL;
			} else
				*cause = xasprintf("line %lu: %s",
				    (unsigned long)XML_GetCurrentLineNumber(d->p),
				    XML_ErrorString(XML_GetErrorCode(d->p)));
			return (-1);
		}
		off += n;
	} while (!final);
	return (0);
}

static char *
doctext_run(const char *xml, size_t len, size_t max_out, int odt,
    char **cause)
{
	struct doctext	 d;
	int		 rc;

	memset(&d, 0, sizeof d);
	if ((d.p = XML_ParserCreateNS(NULL, DOCTEXT_SEP)) == NULL)
		fatal("XML_ParserCreateNS");
	buf_init(&d.out, max_out != 0 ? max_out : DOCTEXT_DEFAULT_MAX);
	XML_SetUserData(d.p, &d);
	XML_SetStartDoctypeDeclHandler(d.p, doctext_doctype);
	XML_SetEntityDeclHandler(d.p, doctext_entity);
	if (odt) {
		XML_SetElementHandler(d.p, doctext_odt_start, doctext_odt_end);
		XML_SetCharacterDataHandler(d.p, doctext_odt_text);
	} else {
		XML_SetElementHandler(d.p, doctext_docx_start,
		    doctext_docx_end);
		XML_SetCharacterDataHandler(d.p, doctext_docx_text);
	}
	rc = doctext_parse(&d, xml, len, cause);
	XML_ParserFree(d.p);
	free(d.cause);
	if (rc != 0) {
		buf_clear(&d.out);
		return (NULL);
	}
	return (buf_release(&d.out));
}

/* The text of a DOCX word/document.xml, at most max_out bytes. */
char *
doctext_from_docx_xml(const char *xml, size_t len, size_t max_out,
    char **cause)
{
	return (doctext_run(xml, len, max_out, 0, cause));
}

/* The text of an ODT content.xml, at most max_out bytes. */
char *
doctext_from_odt_xml(const char *xml, size_t len, size_t max_out,
    char **cause)
{
	return (doctext_run(xml, len, max_out, 1, cause));
}
