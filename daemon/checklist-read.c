/* SPDX-License-Identifier: ISC */
/*
 * Reading the auditor's filled-in "format checklist audit hercertificering":
 * per criterion whether it was found in the documents, and the remark, from
 * DOCX text (a line per table cell), pdftotext -layout rows or a mail body.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checklist-read.h"
#include "utf8.h"
#include "xmalloc.h"

#define CHECKLIST_INPUT_MAX	(1024 * 1024)
#define CHECKLIST_LINES		8	/* to the answer, or of the remark */
#define CHECKLIST_ONEOF(p, e, a) \
	checklist_oneof((p), (e), (a), sizeof (a) / sizeof *(a))

static const char *const checklist_labels[CHECKLIST_CRITERIA] = {
	"1", "2a", "2b", "2c", "2d", "3", "4"
};
/* Answers, folded; tried before checklist_yes: "niet gevonden" is a no. */
static const char *const checklist_no[] = {
	"niet terug te vinden", "niet gevonden", "niet aanwezig",
	"niet voldaan", "niet voldoende", "not found", "onvoldoende",
	"ontbreekt", "neen", "nee", "no", "n", "-",
	"\xe2\x9c\x97", "\xe2\x9c\x98", "\xe2\x9d\x8c"	/* ✗ ✘ ❌ */
};
static const char *const checklist_yes[] = {
	"terug te vinden", "gevonden", "aanwezig", "voldoende", "voldaan",
	"yes", "ja", "j", "ok", "+", "\xe2\x9c\x93", "\xe2\x9c\x94",
	"\xe2\x98\x91", "\xe2\x9c\x85"			/* ✓ ✔ ☑ ✅ */
};
/* Table headings (no answer below them) and words before a label. */
static const char *const checklist_headers[] = {
	"criterium", "criteria", "criterion", "crit", "nr", "omschrijving"
};
/* U+00C0..U+00FF without their accents, for comparing words. */
static const char checklist_latin1[] =
    "aaaaaaaceeeeiiiidnooooo*ouuuuyts" "aaaaaaaceeeeiiiidnooooo*ouuuuyty";

struct checklist_answer {
	const char	*end;		/* past the answer */
	int		 found;
	size_t		 col;		/* >0: its offset in a pdftotext row */
};

struct checklist_reader {
	struct checklist	*cl;
	int			 active;	/* reading items[item] */
	int			 item;
	int			 lines;		/* left to search or collect */
	size_t			 col;		/* >0: the remark is a column */
	char			 remark[CHECKLIST_REMARK_MAX + 4];
	size_t			 rlen;
};

/* Length of the blank at p (space, tab, CR, no-break space), or 0. */
static size_t
checklist_blank(const char *p, const char *e)
{
	if (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f'))
		return (1);
	return (e - p >= 2 && memcmp(p, "\xc2\xa0", 2) == 0 ? 2 : 0);
}

static const char *
checklist_skip(const char *p, const char *e)
{
	while (checklist_blank(p, e) > 0)
		p += checklist_blank(p, e);
	return (p);
}

/* Whether p holds a letter or digit (other scripts count as letters). */
static int
checklist_alnum(const char *p, const char *e)
{
	unsigned char	 c = p < e ? *p : ' ';

	return (isalnum(c) || (c >= 0x80 && c != 0xe2 && c != 0xc2));
}

/* The character at *p for comparing: lower case, Latin-1 accents off. */
static int
checklist_fold(const char **p, const char *e)
{
	const unsigned char	*s = (const unsigned char *)*p;

	if (s[0] == 0xc3 && *p + 1 < e && s[1] >= 0x80 && s[1] <= 0xbf) {
		*p += 2;
		return (checklist_latin1[s[1] - 0x80]);
	}
	(*p)++;
	return (s[0] >= 0x80 ? 0x100 | s[0] : tolower(s[0]));
}

/* Past the first of n words at p that ends a word there ("ja", not "jaar",
 * "ja-stem" or "n.v.t."), or NULL. A space in a word matches any blanks. */
static const char *
checklist_oneof(const char *p, const char *e, const char *const *words,
    size_t n)
{
	const char	*q, *w;
	size_t		 i;

	for (i = 0; i < n; i++) {
		for (q = p, w = words[i]; *w != '\0' && q < e; w++) {
			if (*w == ' ' && checklist_blank(q, e) > 0)
				q = checklist_skip(q, e);
			else if ((unsigned char)*w >= 0x80 && *q == *w)
				q++;
			else if (*w == ' ' || (unsigned char)*w >= 0x80 ||
			    checklist_fold(&q, e) != *w)
				break;
		}
		if (*w == '\0' && !checklist_alnum(q, e) && !(q < e &&
		    memchr(".-'", *q, 3) != NULL && checklist_alnum(q + 1, e)))
			return (q);
	}
	return (NULL);
}

/* Past the answer word at p, or NULL: not in "Gevonden?", "Aanwezig:" or
 * "ja/nee", and a "+" or "-" fills its cell. */
static const char *
checklist_token(const char *p, const char *e, int *found)
{
	const char	*q, *r;

	q = CHECKLIST_ONEOF(p, e, checklist_no);
	*found = q == NULL;
	q = q != NULL ? q : CHECKLIST_ONEOF(p, e, checklist_yes);
	if (q == NULL)
		return (NULL);
	r = checklist_skip(q, e);
	if (r < e && (*r == '/' || *r == '?' || *r == ':'))
		return (NULL);
	if (q - p == 1 && (*p == '-' || *p == '+') && r < e && *r != '|' &&
	    r - q < 2 && *q != '\t')
		return (NULL);
	return (q);
}

/* The first answer in [p, e) of the line at ls where one can stand: at the
 * start, in a column (after "|" or blanks), on a label's line after ":",
 * "=" or "-". */
static int
checklist_answer(const char *ls, const char *p, const char *e, int onlabel,
    struct checklist_answer *a)
{
	size_t	 n, blanks = 0;
	int	 prev = -1, anchor;

	for (; p < e; p += n > 0 ? n : 1) {
		n = checklist_blank(p, e);
		blanks += n == 0 ? 0 : *p == '\t' ? 2 : 1;
		if (n > 0)
			continue;
		anchor = prev == -1 || blanks >= 2 || prev == '|' ||
		    (onlabel && (prev == ':' || prev == '=' ||
		    (prev == '-' && blanks > 0)));
		a->end = anchor ? checklist_token(p, e, &a->found) : NULL;
		if (a->end != NULL) {
			a->col = blanks >= 2 ? (size_t)(p - ls) : 0;
			return (0);
		}
		prev = (unsigned char)*p;
		blanks = 0;
	}
	return (-1);
}

/* Past blanks, quote marks, table bars and bullets starting a line, and
 * past "Criterium" or "Crit." before a label's number. */
static const char *
checklist_lead(const char *p, const char *e)
{
	const char	*q;
	size_t		 n = 1;

	while (p < e && n > 0) {
		n = checklist_blank(p, e);
		if (n == 0 && e - p >= 3 && memcmp(p, "\xe2\x80\xa2", 3) == 0)
			n = 3;				/* a bullet */
		else if (n == 0 && (memchr(">|*", *p, 3) != NULL ||
		    (*p == '-' && checklist_blank(p + 1, e) > 0)))
			n = 1;
		p += n;
	}
	q = CHECKLIST_ONEOF(p, e, checklist_headers);
	q = q == NULL ? p : checklist_skip(q < e && *q == '.' ? q + 1 : q, e);
	return (q < e && isdigit((unsigned char)*q) ? q : p);
}

/* The criterion labelled at p (0..6, or -1: "2" alone is none), *end past. */
static int
checklist_label_at(const char *p, const char *e, const char **end)
{
	const char	*q;
	int		 c;

	if (p < e && *p == '2') {
		q = p + 1 + (p + 1 < e && (p[1] == ' ' || p[1] == '.'));
		c = q < e ? tolower((unsigned char)*q) : 0;
		if (c >= 'a' && c <= 'd' && !checklist_alnum(q + 1, e)) {
			*end = q + 1;
			return (1 + c - 'a');
		}
	}
	if (p >= e || checklist_alnum(p + 1, e))
		return (-1);
	*end = p + 1;
	return (*p == '1' ? 0 : *p == '3' ? 5 : *p == '4' ? 6 : -1);
}

/* Past the separator after a label; NULL for "1.5 uur" or "4-3-2024". */
static const char *
checklist_sep(const char *p, const char *e, int *strong)
{
	const char	*q = checklist_skip(p, e);
	size_t		 n;
	int		 i;

	*strong = q == e || q - p >= 2 || (q > p && *p == '\t');
	for (i = 0; i < 2 && q < e; i++) {
		n = memchr(".):-|=", *q, 6) != NULL;
		if (e - q >= 3 && (memcmp(q, "\xe2\x80\x93", 3) == 0 ||
		    memcmp(q, "\xe2\x80\x94", 3) == 0))
			n = 3;				/* en or em dash */
		if (n == 0 || (*q == '-' && (i > 0 || q + 1 == e)))
			break;		/* "3 -", "4 | - |": the dash answers */
		if (q == p && q + n < e && isdigit((unsigned char)q[n]))
			return (NULL);
		q = checklist_skip(q + n, e);
		*strong = 1;
	}
	return (q == p && q < e ? NULL : q);
}

/* Append to the remark, blanks folded, up to a little past the cap. */
static void
checklist_add(struct checklist_reader *r, const char *p, const char *e)
{
	size_t	 n;
	int	 gap = 1;

	for (; p < e && r->rlen + 1 < sizeof r->remark; p += n > 0 ? n : 1) {
		n = checklist_blank(p, e);
		if (n > 0 || (unsigned char)*p < ' ' ||
		    (r->rlen == 0 && memchr(",;:-|.!", *p, 7) != NULL)) {
			gap = 1;
			continue;
		}
		if (gap && r->rlen > 0)
			r->remark[r->rlen++] = ' ';
		r->remark[r->rlen++] = *p;
		gap = 0;
	}
}

/* End the current criterion; its remark valid UTF-8, capped, trimmed. */
static void
checklist_close(struct checklist_reader *r)
{
	char	*clean;
	size_t	 len;

	if (r->rlen > 0) {		/* only after an answer */
		clean = utf8_sanitize(r->remark, r->rlen, 0);
		len = utf8_truncate(clean, CHECKLIST_REMARK_MAX);
		while (len > 0 && memchr(" |,;:-", clean[len - 1], 6) != NULL)
			len--;
		if (len > 0)
			r->cl->items[r->item].remark = xstrndup(clean, len);
		free(clean);
	}
	r->active = 0;
	r->rlen = 0;
}

/* An answer for the current criterion; its remark starts after it. */
static void
checklist_found(struct checklist_reader *r, const char *e, int onlabel,
    const struct checklist_answer *a)
{
	int	 rest = checklist_skip(a->end, e) < e;

	r->cl->items[r->item].found = a->found;
	r->cl->read++;
	r->cl->missing += a->found == 0;
	r->col = a->col;
	/* Alone in a DOCX cell: the next line is the remark's cell. */
	r->lines = (rest || a->col > 0) ? CHECKLIST_LINES : !onlabel;
	checklist_add(r, a->end, e);
}

/* If the line at ls starts with a label, start on its criterion. */
static int
checklist_label(struct checklist_reader *r, const char *ls, const char *e)
{
	struct checklist_answer	 a;
	const char		*p, *q;
	int			 item, strong = 0, answered;

	p = checklist_lead(ls, e);
	item = checklist_label_at(p, e, &q);
	q = item == -1 ? NULL : checklist_sep(q, e, &strong);
	if (q == NULL)
		return (-1);
	answered = checklist_answer(ls, q, e, 1, &a) == 0;
	/* "2a De scholen", "3 ✓"; not "4 tot 8 A4". */
	if (!strong && *p != '2' && !answered)
		return (-1);
	checklist_close(r);
	if (r->cl->items[item].found != -1)
		return (0);
	r->item = item;
	r->active = 1;
	r->lines = CHECKLIST_LINES;
	if (answered)
		checklist_found(r, e, 1, &a);
	return (0);
}

/* From a pdftotext row, the first word after a gap at or right of want. */
static const char *
checklist_column(const char *ls, const char *e, size_t want)
{
	size_t	 i;

	for (i = want < 2 ? 2 : want; i < (size_t)(e - ls); i++) {
		if (ls[i] != ' ' && ls[i - 1] == ' ' && ls[i - 2] == ' ')
			return (ls + i);
	}
	return (e);
}

static void
checklist_line(struct checklist_reader *r, const char *ls, const char *e)
{
	struct checklist_answer	 a;
	const char		*p;
	int			 found;

	while (e > ls && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (checklist_label(r, ls, e) == 0 || !r->active)
		return;
	p = checklist_lead(ls, e);
	found = r->cl->items[r->item].found;
	if (r->lines <= 0 || (found != -1 && p == e) || (found == -1 &&
	    CHECKLIST_ONEOF(p, e, checklist_headers) != NULL)) {
		checklist_close(r);
		return;
	}
	r->lines--;
	if (found == -1 && checklist_answer(ls, ls, e, 0, &a) == 0)
		checklist_found(r, e, 0, &a);
	else if (found != -1)
		checklist_add(r, r->col > 0 ? checklist_column(ls, e, r->col) :
		    ls, e);
}

/* Read the seven criteria of a filled-in checklist; 0 if all were read. */
int
checklist_read(const char *text, size_t len, struct checklist *cl)
{
	struct checklist_reader	 r = { .cl = cl };
	const char		*nl;
	size_t			 off;

	memset(cl, 0, sizeof *cl);
	checklist_clear(cl);
	len = text == NULL ? 0 : len > CHECKLIST_INPUT_MAX ?
	    CHECKLIST_INPUT_MAX : len;
	for (off = 0; off < len; off = (size_t)(nl - text) + 1) {
		nl = memchr(text + off, '\n', len - off);
		nl = nl != NULL ? nl : text + len;
		checklist_line(&r, text + off, nl);
	}
	checklist_close(&r);
	return (cl->read == CHECKLIST_CRITERIA ? 0 : -1);
}

/* Free the remarks and forget what was read. */
void
checklist_clear(struct checklist *cl)
{
	int	 i;

	for (i = 0; i < CHECKLIST_CRITERIA; i++) {
		free(cl->items[i].remark);
		cl->items[i] = (struct checklist_item){ checklist_labels[i], -1,
		    NULL };
	}
	cl->read = cl->missing = 0;
}
