/* SPDX-License-Identifier: ISC */
/*
 * Recognising schools in free text: names are folded (lower case, accents
 * removed, punctuation and underscores to spaces) and compared as whole
 * words, with or without the prefixes people leave out (OBS, CBS, PCBS,
 * RKBS, "basisschool"); BRIN codes match exactly. A name not found that
 * way may be written with one typo (a letter wrong, missing, extra or two
 * swapped) in a word of NAMES_TYPO_MIN letters or more. A name that is a
 * single common word without its prefix ("Ruimte", "Palet") counts only
 * when written with a capital: "nog ruimte" is no school. Two schools
 * that fit the same words are told apart by their place names, or
 * reported as ambiguous, never guessed.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "names.h"
#include "xmalloc.h"

#define NAMES_TYPO_MIN	6	/* letters a word needs to allow a typo */

enum names_found {
	NAMES_NONE,
	NAMES_CORE,		/* the name without its prefix */
	NAMES_FULL,		/* the whole name, or the BRIN */
	NAMES_TYPO,		/* the name without prefix, one typo */
};

static const char *const names_prefixes[] = {
	"obs", "cbs", "pcbs", "rkbs", "rk", "ikc", "kc", "bs", "sbo", "sbs",
	"basisschool", "openbare", "christelijke", "katholieke", "school",
	"de", "het", "t", NULL
};

/* Latin-1 supplement letters folded to ASCII (U+00C0..U+00FF). */
static const char names_latin1[] =
	"aaaaaaaceeeeiiiidnooooo*ouuuuyts"
	"aaaaaaaceeeeiiiidnooooo/ouuuuyty";

/* Text folded to " word word ", with a capital mark per byte. */
struct names_text {
	char	*folded;
	char	*caps;		/* 'C' where the letter was a capital */
};

static void
names_fold_text(const char *s, struct names_text *t)
{
	const unsigned char	*p = (const unsigned char *)s;
	struct buf		 b, caps;
	unsigned		 cp;
	char			 c, cap;

	buf_init(&b, 0);
	buf_init(&caps, 0);
	buf_addc(&b, ' ');
	buf_addc(&caps, ' ');
	while (*p != '\0') {
		c = ' ';
		cap = ' ';
		if (isalnum(*p)) {
			c = (char)tolower(*p);
			cap = isupper(*p) ? 'C' : ' ';
		} else if ((p[0] == 0xc3) && p[1] >= 0x80 && p[1] <= 0xbf) {
			cp = 0xc0 + (p[1] & 0x3f);
			c = names_latin1[cp - 0xc0];
			cap = cp <= 0xde ? 'C' : ' ';
			if (!isalpha((unsigned char)c))
				c = ' ';
			p++;
		} else if (*p >= 0x80) {
			while ((p[1] & 0xc0) == 0x80)
				p++;
		}
		p++;
		if (c != ' ' || b.data[b.len - 1] != ' ') {
			buf_addc(&b, c);
			buf_addc(&caps, cap);
		}
	}
	if (b.data[b.len - 1] != ' ') {
		buf_addc(&b, ' ');
		buf_addc(&caps, ' ');
	}
	t->folded = buf_release(&b);
	t->caps = buf_release(&caps);
}

/* Fold text into " word word " form: lower-case ASCII words. */
char *
names_fold(const char *s)
{
	struct names_text	 t;

	names_fold_text(s, &t);
	free(t.caps);
	return (t.folded);
}

/* The folded name without leading prefixes: " regenboog ". */
char *
names_core(const char *name)
{
	char	*folded = names_fold(name), *p = folded + 1, *core;
	size_t	 i, len;
	int	 again = 1;

	while (again) {
		again = 0;
		for (i = 0; names_prefixes[i] != NULL; i++) {
			len = strlen(names_prefixes[i]);
			if (strncmp(p, names_prefixes[i], len) == 0 &&
			    p[len] == ' ' && p[len + 1] != '\0') {
				p += len + 1;
				again = 1;
			}
		}
	}
	core = xasprintf(" %s", p);
	free(folded);
	return (core);
}

/* Whether a folded " word " is one word (a common noun, maybe). */
static int
names_one_word(const char *folded_word)
{
	return (strchr(folded_word + 1, ' ') == folded_word +
	    strlen(folded_word) - 1);
}

/*
 * Whether the text holds the folded words; when proper is set and they
 * are one word, only where it was written with a capital.
 */
static int
names_contains(const struct names_text *t, const char *folded_word,
    int proper)
{
	const char	*p;

	if (strlen(folded_word) <= 2)
		return (0);
	proper = proper && names_one_word(folded_word);
	for (p = t->folded; (p = strstr(p, folded_word)) != NULL; p++) {
		if (!proper || t->caps[p - t->folded + 1] == 'C')
			return (1);
	}
	return (0);
}

/*
 * Whether a word of the text is a word of a name with one typo: a letter
 * wrong, missing or two swapped, or one extra, but not an extra last
 * letter: that is more often Dutch grammar ("wegwijzers") than a typo.
 */
static int
names_near(const char *text, size_t tlen, const char *name, size_t nlen)
{
	size_t	 i = 0;

	if (tlen + 1 < nlen || tlen > nlen + 1)
		return (0);
	while (i < tlen && i < nlen && text[i] == name[i])
		i++;
	if (tlen == nlen + 1)		/* one extra letter in the text */
		return (i < nlen && memcmp(text + i + 1, name + i,
		    nlen - i) == 0);
	if (tlen + 1 == nlen)		/* one letter missing */
		return (memcmp(text + i, name + i + 1, tlen - i) == 0);
	if (i == nlen)
		return (0);		/* equal: no typo */
	if (memcmp(text + i + 1, name + i + 1, nlen - i - 1) == 0)
		return (1);		/* one letter wrong */
	return (i + 1 < nlen && text[i] == name[i + 1] &&
	    text[i + 1] == name[i] &&
	    memcmp(text + i + 2, name + i + 2, nlen - i - 2) == 0);
}

/* The next word of folded text: skips blanks, returns its length. */
static size_t
names_word(const char **p)
{
	*p += strspn(*p, " ");
	return (strcspn(*p, " "));
}

/*
 * Whether the text holds the words of core with exactly one typo, in a
 * word of NAMES_TYPO_MIN letters or more (with proper set, a one-word
 * core written with a capital); the offset into *at.
 */
static int
names_typo(const struct names_text *t, const char *core, int proper,
    size_t *at)
{
	const char	*p, *tw, *c;
	size_t		 tl, cl;
	int		 typos, one = proper && names_one_word(core);

	for (p = t->folded; names_word(&p) > 0; p += strcspn(p, " ")) {
		if (one && t->caps[p - t->folded] != 'C')
			continue;
		typos = 0;
		tw = p;
		c = core;
		while ((cl = names_word(&c)) > 0 && typos <= 1) {
			if ((tl = names_word(&tw)) == 0)
				break;
			if (tl != cl || memcmp(tw, c, cl) != 0) {
				if (cl < NAMES_TYPO_MIN ||
				    !names_near(tw, tl, c, cl))
					break;
				typos++;
			}
			tw += tl;
			c += cl;
		}
		if (cl == 0 && typos == 1) {
			*at = (size_t)(p - t->folded);
			return (1);
		}
	}
	return (0);
}

/* Whether the text names the school's place. */
static int
names_place(const struct names_text *t, const struct school *s)
{
	char	*place;
	int	 found;

	if (s->place == NULL)
		return (0);
	place = names_fold(s->place);
	found = names_contains(t, place, 0);
	free(place);
	return (found);
}

/*
 * Two schools found by the same words: the whole name beats the name
 * without prefix; then the place decides; otherwise it is ambiguous and
 * neither counts.
 */
static void
names_settle(struct school *const *list, const struct names_text *t,
    char **cores, size_t i, size_t j, enum names_found *found,
    char **ambiguous)
{
	char	*fi, *fj;
	int	 same, pi, pj;

	if (found[i] == NAMES_FULL && found[j] != NAMES_FULL) {
		found[j] = NAMES_NONE;
		return;
	}
	if (found[j] == NAMES_FULL && found[i] != NAMES_FULL) {
		found[i] = NAMES_NONE;
		return;
	}
	fi = names_fold(list[i]->name);
	fj = names_fold(list[j]->name);
	same = strcmp(fi, fj) == 0;
	free(fi);
	free(fj);
	if (found[i] == NAMES_FULL && !same)
		return;			/* both named in full */
	pi = names_place(t, list[i]);
	pj = names_place(t, list[j]);
	if (pi != pj) {
		found[pi ? j : i] = NAMES_NONE;
		return;
	}
	if (*ambiguous == NULL)
		*ambiguous = xasprintf("\"%s\" past bij %s (%s) en %s (%s)",
		    cores[i] + 1, list[i]->name, list[i]->brin, list[j]->name,
		    list[j]->brin);
	found[i] = found[j] = NAMES_NONE;
}

/*
 * Find which schools of a list the text names (by full name, by name
 * without prefix, or by BRIN); their indices into hits (at most max),
 * the count into *n. NAMES_AMBIGUOUS with a description when one piece
 * of text fits several schools.
 */
enum names_result
names_find_schools(struct school *const *list, size_t nlist, const char *text,
    enum names_where where, size_t *hits, size_t max, size_t *n,
    char **ambiguous)
{
	struct names_text	 t;
	enum names_found	*found;
	char			**cores, *full, *brin;
	size_t			*at, i, j;
	int			 proper = where == NAMES_IN_TEXT;

	*n = 0;
	*ambiguous = NULL;
	names_fold_text(text, &t);
	cores = xcalloc(nlist, sizeof *cores);
	found = xcalloc(nlist, sizeof *found);
	at = xcalloc(nlist, sizeof *at);
	for (i = 0; i < nlist; i++) {
		cores[i] = names_core(list[i]->name);
		full = names_fold(list[i]->name);
		brin = names_fold(list[i]->brin);
		if (names_contains(&t, full, proper) ||
		    names_contains(&t, brin, 0))
			found[i] = NAMES_FULL;
		else if (names_contains(&t, cores[i], proper))
			found[i] = NAMES_CORE;
		else if (names_typo(&t, cores[i], proper, &at[i]))
			found[i] = NAMES_TYPO;
		free(full);
		free(brin);
	}
	for (i = 0; i < nlist; i++) {
		for (j = i + 1; found[i] != NAMES_NONE && j < nlist; j++) {
			if (found[j] == NAMES_NONE)
				continue;
			if (strcmp(cores[i], cores[j]) == 0 ||
			    (found[i] == NAMES_TYPO && found[j] == NAMES_TYPO &&
			    at[i] == at[j]))
				names_settle(list, &t, cores, i, j, found,
				    ambiguous);
		}
	}
	for (i = 0; i < nlist; i++) {
		if (found[i] != NAMES_NONE && *n < max)
			hits[(*n)++] = i;
		free(cores[i]);
	}
	free(cores);
	free(found);
	free(at);
	free(t.folded);
	free(t.caps);
	return (*ambiguous != NULL ? NAMES_AMBIGUOUS : NAMES_OK);
}
