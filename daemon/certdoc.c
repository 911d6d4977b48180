/* SPDX-License-Identifier: ISC */
/*
 * The certificate a school receives when it is re-certified: a one-page A4
 * PDF 1.4 written by hand with the standard fonts Helvetica and
 * Helvetica-Bold in WinAnsi (cp1252), each line wrapped and centred by the
 * fonts' AFM widths.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "certdoc.h"
#include "utf8.h"
#include "xmalloc.h"

/* Lengths are in centipoints: no floating point, no locale in numbers. */
#define CERTDOC_PAGE_W		59528		/* A4 */
#define CERTDOC_COLUMN		45128		/* text width, 72 pt margins */
#define CERTDOC_TOP		76000		/* above the first baseline */
#define CERTDOC_FLOOR		18000		/* lowest body baseline */
#define CERTDOC_FOOTER		13000		/* first "Uitgegeven op" line */
#define CERTDOC_MIN_SCALE	40		/* percent */
#define CERTDOC_MAX_CONTENT	(256 * 1024)
#define CERTDOC_MAX_PDF		(512 * 1024)
#define CERTDOC_MAXBLOCKS	12
#define CERTDOC_ACCENT		"0.11 0.23 0.42"	/* dark blue */
#define CERTDOC_NITEMS(a)	(sizeof (a) / sizeof *(a))

enum certdoc_font {
	CERTDOC_REGULAR,
	CERTDOC_BOLD
};

enum certdoc_field {
	CERTDOC_PARTNERSHIP,
	CERTDOC_SCHOOL,
	CERTDOC_PLACE,
	CERTDOC_BRIN,
	CERTDOC_BOARD,
	CERTDOC_AUDIT_DATE,
	CERTDOC_VALID_UNTIL,
	CERTDOC_ISSUED,
	CERTDOC_NFIELDS
};

static const struct {
	const char	*name;
	int		 required;
} certdoc_fields[CERTDOC_NFIELDS] = {
	[CERTDOC_PARTNERSHIP] = { "partnership", 0 },
	[CERTDOC_SCHOOL] = { "school", 1 },
	[CERTDOC_PLACE] = { "place", 0 },
	[CERTDOC_BRIN] = { "brin", 1 },
	[CERTDOC_BOARD] = { "board", 0 },
	[CERTDOC_AUDIT_DATE] = { "audit_date", 1 },
	[CERTDOC_VALID_UNTIL] = { "valid_until", 1 },
	[CERTDOC_ISSUED] = { "issued", 0 },
};

/* Advance widths (1/1000 em) of WinAnsi 0x20..0xff, from the core 14 AFMs. */
static const uint16_t certdoc_widths[2][224] = {
	[CERTDOC_REGULAR] = {
		 278,  278,  355,  556,  556,  889,  667,  191,	/* 0x20 */
		 333,  333,  389,  584,  278,  333,  278,  278,	/* 0x28 */
		 556,  556,  556,  556,  556,  556,  556,  556,	/* 0x30 */
		 556,  556,  278,  278,  584,  584,  584,  556,	/* 0x38 */
		1015,  667,  667,  722,  722,  667,  611,  778,	/* 0x40 */
		 722,  278,  500,  667,  556,  833,  722,  778,	/* 0x48 */
		 667,  778,  722,  667,  611,  722,  667,  944,	/* 0x50 */
		 667,  667,  611,  278,  278,  278,  469,  556,	/* 0x58 */
		 333,  556,  556,  500,  556,  556,  278,  556,	/* 0x60 */
		 556,  222,  222,  500,  222,  833,  556,  556,	/* 0x68 */
		 556,  556,  333,  500,  278,  556,  500,  722,	/* 0x70 */
		 500,  500,  500,  334,  260,  334,  584,  350,	/* 0x78 */
		 556,  350,  222,  556,  333, 1000,  556,  556,	/* 0x80 */
		 333, 1000,  667,  333, 1000,  350,  611,  350,	/* 0x88 */
		 350,  222,  222,  333,  333,  350,  556, 1000,	/* 0x90 */
		 333, 1000,  500,  333,  944,  350,  500,  667,	/* 0x98 */
		 278,  333,  556,  556,  556,  556,  260,  556,	/* 0xa0 */
		 333,  737,  370,  556,  584,  333,  737,  333,	/* 0xa8 */
		 400,  584,  333,  333,  333,  556,  537,  278,	/* 0xb0 */
		 333,  333,  365,  556,  834,  834,  834,  611,	/* 0xb8 */
		 667,  667,  667,  667,  667,  667, 1000,  722,	/* 0xc0 */
		 667,  667,  667,  667,  278,  278,  278,  278,	/* 0xc8 */
		 722,  722,  778,  778,  778,  778,  778,  584,	/* 0xd0 */
		 778,  722,  722,  722,  722,  667,  667,  611,	/* 0xd8 */
		 556,  556,  556,  556,  556,  556,  889,  500,	/* 0xe0 */
		 556,  556,  556,  556,  278,  278,  278,  278,	/* 0xe8 */
		 556,  556,  556,  556,  556,  556,  556,  584,	/* 0xf0 */
		 611,  556,  556,  556,  556,  500,  556,  500,	/* 0xf8 */
	},
	[CERTDOC_BOLD] = {
		 278,  333,  474,  556,  556,  889,  722,  238,	/* 0x20 */
		 333,  333,  389,  584,  278,  333,  278,  278,	/* 0x28 */
		 556,  556,  556,  556,  556,  556,  556,  556,	/* 0x30 */
		 556,  556,  333,  333,  584,  584,  584,  611,	/* 0x38 */
		 975,  722,  722,  722,  722,  667,  611,  778,	/* 0x40 */
		 722,  278,  556,  722,  611,  833,  722,  778,	/* 0x48 */
		 667,  778,  722,  667,  611,  722,  667,  944,	/* 0x50 */
		 667,  667,  611,  333,  278,  333,  584,  556,	/* 0x58 */
		 333,  556,  611,  556,  611,  556,  333,  611,	/* 0x60 */
		 611,  278,  278,  556,  278,  889,  611,  611,	/* 0x68 */
		 611,  611,  389,  556,  333,  611,  556,  778,	/* 0x70 */
		 556,  556,  500,  389,  280,  389,  584,  350,	/* 0x78 */
		 556,  350,  278,  556,  500, 1000,  556,  556,	/* 0x80 */
		 333, 1000,  667,  333, 1000,  350,  611,  350,	/* 0x88 */
		 350,  278,  278,  500,  500,  350,  556, 1000,	/* 0x90 */
		 333, 1000,  556,  333,  944,  350,  500,  667,	/* 0x98 */
		 278,  333,  556,  556,  556,  556,  280,  556,	/* 0xa0 */
		 333,  737,  370,  556,  584,  333,  737,  333,	/* 0xa8 */
		 400,  584,  333,  333,  333,  611,  556,  278,	/* 0xb0 */
		 333,  333,  365,  556,  834,  834,  834,  611,	/* 0xb8 */
		 722,  722,  722,  722,  722,  722, 1000,  722,	/* 0xc0 */
		 667,  667,  667,  667,  278,  278,  278,  278,	/* 0xc8 */
		 722,  722,  778,  778,  778,  778,  778,  584,	/* 0xd0 */
		 778,  722,  722,  722,  722,  667,  667,  611,	/* 0xd8 */
		 556,  556,  556,  556,  556,  556,  889,  556,	/* 0xe0 */
		 556,  556,  556,  556,  278,  278,  278,  278,	/* 0xe8 */
		 611,  611,  611,  611,  611,  611,  611,  584,	/* 0xf0 */
		 611,  611,  611,  611,  611,  556,  611,  556,	/* 0xf8 */
	},
};

/* What cp1252 has in 0x80..0x9f instead of C1 controls. */
static const struct {
	uint16_t	 cp;
	unsigned char	 c;
} certdoc_cp1252[] = {
	{ 0x20ac, 0x80 }, { 0x201a, 0x82 }, { 0x0192, 0x83 }, { 0x201e, 0x84 },
	{ 0x2026, 0x85 }, { 0x2020, 0x86 }, { 0x2021, 0x87 }, { 0x02c6, 0x88 },
	{ 0x2030, 0x89 }, { 0x0160, 0x8a }, { 0x2039, 0x8b }, { 0x0152, 0x8c },
	{ 0x017d, 0x8e }, { 0x2018, 0x91 }, { 0x2019, 0x92 }, { 0x201c, 0x93 },
	{ 0x201d, 0x94 }, { 0x2022, 0x95 }, { 0x2013, 0x96 }, { 0x2014, 0x97 },
	{ 0x02dc, 0x98 }, { 0x2122, 0x99 }, { 0x0161, 0x9a }, { 0x203a, 0x9b },
	{ 0x0153, 0x9c }, { 0x017e, 0x9e }, { 0x0178, 0x9f },
};

/*
 * Decomposed accents (macOS writes "e" U+0301 for "é"): the letters a
 * combining mark may follow and, in the same order, the WinAnsi result.
 */
static const struct {
	uint16_t	 mark;
	const char	*base;
	const char	*composed;
} certdoc_marks[] = {
	{ 0x0300, "AEIOUaeiou", "\xc0\xc8\xcc\xd2\xd9\xe0\xe8\xec\xf2\xf9" },
	{ 0x0301, "AEIOUYaeiouy",
	    "\xc1\xc9\xcd\xd3\xda\xdd\xe1\xe9\xed\xf3\xfa\xfd" },
	{ 0x0302, "AEIOUaeiou", "\xc2\xca\xce\xd4\xdb\xe2\xea\xee\xf4\xfb" },
	{ 0x0303, "ANOano", "\xc3\xd1\xd5\xe3\xf1\xf5" },
	{ 0x0308, "AEIOUYaeiouy",
	    "\xc4\xcb\xcf\xd6\xdc\x9f\xe4\xeb\xef\xf6\xfc\xff" },
	{ 0x030a, "Aa", "\xc5\xe5" },
	{ 0x030c, "SsZz", "\x8a\x9a\x8e\x9e" },
	{ 0x0327, "Cc", "\xc7\xe7" },
};

struct certdoc_style {
	enum certdoc_font	 font;
	int			 size;		/* points */
	int			 lead;		/* baseline to baseline */
	int			 gap;		/* extra space above */
	int			 accent;
	int			 rule;		/* a short line, no text */
};

enum certdoc_part {
	CERTDOC_S_ISSUER,
	CERTDOC_S_TITLE,
	CERTDOC_S_RULE,
	CERTDOC_S_LABEL,
	CERTDOC_S_SCHOOL,
	CERTDOC_S_PLACE,
	CERTDOC_S_BRIN,
	CERTDOC_S_BOARD,
	CERTDOC_S_SENTENCE,
	CERTDOC_S_VALID,
	CERTDOC_S_FOOTER,
	CERTDOC_NPARTS
};

static const struct certdoc_style certdoc_styles[CERTDOC_NPARTS] = {
	[CERTDOC_S_ISSUER] =	{ CERTDOC_REGULAR, 11, 14, 0, 1, 0 },
	[CERTDOC_S_TITLE] =	{ CERTDOC_BOLD, 28, 34, 30, 1, 0 },
	[CERTDOC_S_RULE] =	{ CERTDOC_REGULAR, 0, 0, 20, 1, 1 },
	[CERTDOC_S_LABEL] =	{ CERTDOC_REGULAR, 14, 18, 60, 0, 0 },
	[CERTDOC_S_SCHOOL] =	{ CERTDOC_BOLD, 26, 31, 16, 0, 0 },
	[CERTDOC_S_PLACE] =	{ CERTDOC_REGULAR, 14, 18, 6, 0, 0 },
	[CERTDOC_S_BRIN] =	{ CERTDOC_REGULAR, 12, 16, 20, 0, 0 },
	[CERTDOC_S_BOARD] =	{ CERTDOC_REGULAR, 12, 16, 2, 0, 0 },
	[CERTDOC_S_SENTENCE] =	{ CERTDOC_REGULAR, 13, 19, 60, 0, 0 },
	[CERTDOC_S_VALID] =	{ CERTDOC_BOLD, 13, 19, 30, 0, 0 },
	[CERTDOC_S_FOOTER] =	{ CERTDOC_REGULAR, 11, 14, 0, 0, 0 },
};

struct certdoc_block {
	char				*text;	/* WinAnsi */
	const struct certdoc_style	*style;
};

#define CERTDOC_OBJ_CONTENTS	6
#define CERTDOC_NOBJ		8	/* with the free entry 0 */

static const char *const certdoc_objects[CERTDOC_NOBJ] = {
	[1] = "<< /Type /Catalog /Pages 2 0 R >>",
	[2] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	[3] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89]\n"
	    "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >>\n"
	    "/Contents 6 0 R >>",
	[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica\n"
	    "/Encoding /WinAnsiEncoding >>",
	[5] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold\n"
	    "/Encoding /WinAnsiEncoding >>",
	[7] = "<< /Title (Certificaat hercertificering) /Producer (hercert) >>",
};

/* Two frames around the page, the outer one heavier. */
static const char certdoc_frame[] =
    "q " CERTDOC_ACCENT " RG\n"
    "1.2 w 28 28 539.28 785.89 re S\n"
    "0.4 w 34 34 527.28 773.89 re S\n"
    "Q\n";

/* Code points that show nothing: soft hyphen, joiners, bidi, selectors. */
static int
certdoc_invisible(uint32_t cp)
{
	return (cp == 0x00ad || cp == 0x061c ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2069) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff ||
	    (cp >= 0x1f3fb && cp <= 0x1f3ff));
}

/* One code point from valid UTF-8 (as utf8_sanitize leaves it). */
static size_t
certdoc_decode(const unsigned char *p, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if (p[0] < 0xe0) {
		*cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return (2);
	}
	if (p[0] < 0xf0) {
		*cp = (uint32_t)(p[0] & 0x0f) << 12 |
		    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		return (3);
	}
	*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
	    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	return (4);
}

/* Put a combining mark on the letter before it, or write "?". */
static void
certdoc_compose(struct buf *b, uint32_t mark)
{
	const char	*base, *at;
	char		*last;
	size_t		 i;

	for (i = 0; i < CERTDOC_NITEMS(certdoc_marks) && b->len > 0; i++) {
		if (certdoc_marks[i].mark != mark)
			continue;
		base = certdoc_marks[i].base;
		last = &b->data[b->len - 1];
		at = strchr(base, *last);
		if (at != NULL) {
			*last = certdoc_marks[i].composed[at - base];
			return;
		}
	}
	buf_addc(b, '?');
}

/* Append cp in WinAnsi; spaces collapse, controls and invisibles go. */
static void
certdoc_put(struct buf *b, uint32_t cp)
{
	size_t	 i;

	if (cp == ' ') {
		if (b->len > 0 && b->data[b->len - 1] != ' ')
			buf_addc(b, ' ');
		return;
	}
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || certdoc_invisible(cp))
		return;
	if (cp <= 0xff) {
		buf_addc(b, (char)cp);
		return;
	}
	if (cp >= 0x0300 && cp <= 0x036f) {
		certdoc_compose(b, cp);
		return;
	}
	for (i = 0; i < CERTDOC_NITEMS(certdoc_cp1252); i++) {
		if (certdoc_cp1252[i].cp == cp) {
			buf_addc(b, (char)certdoc_cp1252[i].c);
			return;
		}
	}
	buf_addc(b, '?');
}

/* A value in WinAnsi: at most CERTDOC_MAXVAL bytes of it, trimmed. */
static char *
certdoc_winansi(const char *in)
{
	const unsigned char	*p;
	struct buf		 b;
	char			*clean;
	uint32_t		 cp;

	clean = utf8_sanitize(in, utf8_truncate(in, CERTDOC_MAXVAL), 0);
	buf_init(&b, 0);
	p = (const unsigned char *)clean;
	while (*p != '\0') {
		p += certdoc_decode(p, &cp);
		certdoc_put(&b, cp);
	}
	free(clean);
	if (b.len > 0 && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return (buf_release(&b));
}

static void
certdoc_free_values(char **v)
{
	int	 i;

	for (i = 0; i < CERTDOC_NFIELDS; i++)
		free(v[i]);
}

/* Convert every value; a required one must be there and not empty. */
static int
certdoc_values(const struct certdoc *d, char **v, char **cause)
{
	const char	*in[CERTDOC_NFIELDS] = { d->partnership, d->school,
			    d->place, d->brin, d->board, d->audit_date,
			    d->valid_until, d->issued };
	int		 i;

	for (i = 0; i < CERTDOC_NFIELDS; i++) {
		v[i] = in[i] != NULL ? certdoc_winansi(in[i]) : NULL;
		if (v[i] != NULL && *v[i] == '\0') {
			free(v[i]);
			v[i] = NULL;
		}
	}
	for (i = 0; i < CERTDOC_NFIELDS; i++) {
		if (certdoc_fields[i].required && v[i] == NULL) {
			*cause = xasprintf("%s %s", certdoc_fields[i].name,
			    in[i] == NULL ? "missing" : "empty");
			certdoc_free_values(v);
			return (-1);
		}
	}
	return (0);
}

/* Add a block that owns text; a NULL text (an optional value) adds none. */
static void
certdoc_add(struct certdoc_block *bl, size_t *n, enum certdoc_part part,
    char *text)
{
	if (text == NULL && !certdoc_styles[part].rule)
		return;
	bl[*n].text = text;
	bl[*n].style = &certdoc_styles[part];
	(*n)++;
}

static char *
certdoc_dup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

static char *
certdoc_sentence(char **v)
{
	if (v[CERTDOC_PARTNERSHIP] == NULL)
		return (xasprintf("heeft op %s met goed gevolg de vervolgaudit "
		    "hercertificering doorlopen.", v[CERTDOC_AUDIT_DATE]));
	return (xasprintf("heeft op %s met goed gevolg de vervolgaudit "
	    "hercertificering doorlopen binnen het partnerschap %s.",
	    v[CERTDOC_AUDIT_DATE], v[CERTDOC_PARTNERSHIP]));
}

/* The body from top to bottom; returns how many blocks there are. */
static size_t
certdoc_blocks(char **v, struct certdoc_block *bl)
{
	size_t	 n = 0;

	certdoc_add(bl, &n, CERTDOC_S_ISSUER,
	    certdoc_dup(v[CERTDOC_PARTNERSHIP]));
	certdoc_add(bl, &n, CERTDOC_S_TITLE,
	    xstrdup("Certificaat hercertificering"));
	certdoc_add(bl, &n, CERTDOC_S_RULE, NULL);
	certdoc_add(bl, &n, CERTDOC_S_LABEL, xstrdup("Partnerschool"));
	certdoc_add(bl, &n, CERTDOC_S_SCHOOL, xstrdup(v[CERTDOC_SCHOOL]));
	certdoc_add(bl, &n, CERTDOC_S_PLACE, certdoc_dup(v[CERTDOC_PLACE]));
	certdoc_add(bl, &n, CERTDOC_S_BRIN,
	    xasprintf("BRIN %s", v[CERTDOC_BRIN]));
	certdoc_add(bl, &n, CERTDOC_S_BOARD, certdoc_dup(v[CERTDOC_BOARD]));
	certdoc_add(bl, &n, CERTDOC_S_SENTENCE, certdoc_sentence(v));
	certdoc_add(bl, &n, CERTDOC_S_VALID, xasprintf("Dit certificaat is "
	    "geldig tot en met %s.", v[CERTDOC_VALID_UNTIL]));
	return (n);
}

/* A length in points with two decimals, then suffix. */
static void
certdoc_num(struct buf *b, long v, const char *suffix)
{
	buf_printf(b, "%s%ld.%02ld%s", v < 0 ? "-" : "", labs(v) / 100,
	    labs(v) % 100, suffix);
}

/* Text for a PDF literal string: ( ) \ escaped, the top half in octal. */
static void
certdoc_escape(struct buf *b, const char *s, size_t len)
{
	unsigned char	 c;
	size_t		 i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '(' || c == ')' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c >= 0x80)
			buf_printf(b, "\\%03o", c);
		else
			buf_addc(b, (char)c);
	}
}

static int64_t
certdoc_units(enum certdoc_font f, const char *s, size_t len)
{
	int64_t		 units = 0;
	unsigned char	 c;
	size_t		 i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20)
			units += certdoc_widths[f][c - 0x20];
	}
	return (units);
}

/* How many bytes of s fill a line: up to a space, or cut in a long word. */
static size_t
certdoc_fit(enum certdoc_font f, long size, const char *s, size_t len)
{
	int64_t	 units = 0, max = (int64_t)CERTDOC_COLUMN * 1000;
	size_t	 i, brk = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ')
			brk = i;
		units += certdoc_units(f, s + i, 1);
		if (units * size > max) {
			if (brk > 0)
				return (brk);
			return (i > 0 ? i : 1);
		}
	}
	return (len);
}

/* One line of text centred on the page with its baseline at y. */
static void
certdoc_line(struct buf *b, enum certdoc_font f, long size, long y,
    const char *s, size_t len)
{
	long	 x;

	x = (long)((CERTDOC_PAGE_W * 1000LL - certdoc_units(f, s, len) *
	    size) / 2000);
	buf_printf(b, "BT /F%d ", f + 1);
	certdoc_num(b, size, " Tf ");
	certdoc_num(b, x, " ");
	certdoc_num(b, y, " Td (");
	certdoc_escape(b, s, len);
	buf_adds(b, ") Tj ET\n");
}

/* A short centred rule at y. */
static void
certdoc_rule(struct buf *b, long y, long half)
{
	buf_adds(b, "q " CERTDOC_ACCENT " RG 0.8 w ");
	certdoc_num(b, CERTDOC_PAGE_W / 2 - half, " ");
	certdoc_num(b, y, " m ");
	certdoc_num(b, CERTDOC_PAGE_W / 2 + half, " ");
	certdoc_num(b, y, " l S Q\n");
}

/* Lay out a block below y at scale percent; returns its last baseline. */
static long
certdoc_block(struct buf *b, const struct certdoc_block *bl, int scale,
    long y)
{
	const struct certdoc_style	*st = bl->style;
	const char			*s = bl->text;
	long				 size = (long)st->size * scale;
	size_t				 len, n;

	y -= (long)st->gap * scale;
	if (st->rule) {
		certdoc_rule(b, y, 6000);
		return (y);
	}
	if (st->accent)
		buf_adds(b, CERTDOC_ACCENT " rg\n");
	for (len = strlen(s); len > 0; s += n, len -= n) {
		n = certdoc_fit(st->font, size, s, len);
		y -= (long)st->lead * scale;
		certdoc_line(b, st->font, size, y, s, n);
		while (n < len && s[n] == ' ')
			n++;
	}
	if (st->accent)
		buf_adds(b, "0 g\n");
	return (y);
}

/* The page at scale percent; returns the lowest baseline of the body. */
static long
certdoc_body(struct buf *b, const struct certdoc_block *bl, size_t n,
    int scale)
{
	long	 y = CERTDOC_TOP;
	size_t	 i;

	buf_adds(b, certdoc_frame);
	for (i = 0; i < n; i++)
		y = certdoc_block(b, &bl[i], scale, y);
	return (y);
}

static void
certdoc_footer(struct buf *b, const char *issued)
{
	struct certdoc_block	 bl;

	if (issued == NULL)
		return;
	certdoc_rule(b, CERTDOC_FOOTER + 3000, 9000);
	bl.text = xasprintf("Uitgegeven op %s", issued);
	bl.style = &certdoc_styles[CERTDOC_S_FOOTER];
	certdoc_block(b, &bl, 100, CERTDOC_FOOTER + bl.style->lead * 100);
	free(bl.text);
}

/* The content stream, the body made smaller until it clears the footer. */
static void
certdoc_page(struct buf *b, const struct certdoc_block *bl, size_t n,
    const char *issued)
{
	int	 scale;

	for (scale = 100;; scale -= 5) {
		buf_init(b, CERTDOC_MAX_CONTENT);
		if (certdoc_body(b, bl, n, scale) >= CERTDOC_FLOOR ||
		    scale <= CERTDOC_MIN_SCALE)
			break;
		buf_clear(b);
	}
	certdoc_footer(b, issued);
}

/* The objects, the cross-reference table and the trailer. */
static int
certdoc_assemble(struct buf *pdf, const struct buf *content)
{
	size_t	 off[CERTDOC_NOBJ], xref;
	int	 i;

	buf_adds(pdf, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	for (i = 1; i < CERTDOC_NOBJ; i++) {
		off[i] = pdf->len;
		if (i != CERTDOC_OBJ_CONTENTS) {
			buf_printf(pdf, "%d 0 obj\n%s\nendobj\n", i,
			    certdoc_objects[i]);
			continue;
		}
		buf_printf(pdf, "%d 0 obj\n<< /Length %zu >>\nstream\n", i,
		    content->len);
		buf_add(pdf, content->data, content->len);
		buf_adds(pdf, "\nendstream\nendobj\n");
	}
	xref = pdf->len;
	buf_printf(pdf, "xref\n0 %d\n0000000000 65535 f \n", CERTDOC_NOBJ);
	for (i = 1; i < CERTDOC_NOBJ; i++)
		buf_printf(pdf, "%010zu 00000 n \n", off[i]);
	buf_printf(pdf, "trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n"
	    "startxref\n%zu\n%%%%EOF\n", CERTDOC_NOBJ, xref);
	return (pdf->overflow ? -1 : 0);
}

/* The certificate as a PDF in memory; NULL (with cause) on bad input. */
char *
certdoc_pdf(const struct certdoc *d, size_t *len, char **cause)
{
	struct certdoc_block	 bl[CERTDOC_MAXBLOCKS];
	struct buf		 content, pdf;
	char			*v[CERTDOC_NFIELDS], *out = NULL;
	size_t			 n, i;

	if (certdoc_values(d, v, cause) != 0)
		return (NULL);
	n = certdoc_blocks(v, bl);
	certdoc_page(&content, bl, n, v[CERTDOC_ISSUED]);
	buf_init(&pdf, CERTDOC_MAX_PDF);
	if (content.overflow || certdoc_assemble(&pdf, &content) != 0) {
		*cause = xstrdup("certificate larger than its maximum");
		buf_clear(&pdf);
	} else {
		*len = pdf.len;
		out = buf_release(&pdf);
	}
	buf_clear(&content);
	for (i = 0; i < n; i++)
		free(bl[i].text);
	certdoc_free_values(v);
	return (out);
}
