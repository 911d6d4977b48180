/* SPDX-License-Identifier: ISC */
/*
 * Recognising schools in free text: names are folded (lower case, accents
 * removed, punctuation and underscores to spaces) and compared as whole
 * words, with or without the prefixes people leave out (OBS, CBS, PCBS,
 * RKBS, "basisschool"); BRIN codes match exactly. Two schools that fit
 * the same words are reported as ambiguous, never guessed.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "names.h"
#include "xmalloc.h"

static const char *const names_prefixes[] = {
	"obs", "cbs", "pcbs", "rkbs", "rk", "ikc", "kc", "bs", "sbo", "sbs",
	"basisschool", "openbare", "christelijke", "katholieke", "school",
	"de", "het", "t", NULL
};

/* Latin-1 supplement letters folded to ASCII (U+00C0..U+00FF). */
static const char names_latin1[] =
	"aaaaaaaceeeeiiiidnooooo*ouuuuyts"
	"aaaaaaaceeeeiiiidnooooo/ouuuuyty";

/* Fold text into " word word " form: lower-case ASCII words. */
char *
names_fold(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	struct buf		 b;
	unsigned		 cp;
	char			 c;

	buf_init(&b, 0);
	buf_addc(&b, ' ');
	while (*p != '\0') {
		c = ' ';
		if (isalnum(*p))
			c = (char)tolower(*p);
		else if ((p[0] == 0xc3) && p[1] >= 0x80 && p[1] <= 0xbf) {
			cp = 0xc0 + (p[1] & 0x3f);
			c = names_latin1[cp - 0xc0];
			if (!isalpha((unsigned char)c))
				c = ' ';
			p++;
		} else if (*p >= 0x80) {
			while ((p[1] & 0xc0) == 0x80)
				p++;
		}
		p++;
		if (c != ' ' || b.data[b.len - 1] != ' ')
			buf_addc(&b, c);
	}
	if (b.data[b.len - 1] != ' ')
		buf_addc(&b, ' ');
	return (buf_release(&b));
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

static int
names_contains(const char *folded_text, const char *folded_word)
{
	return (strlen(folded_word) > 2 &&
	    strstr(folded_text, folded_word) != NULL);
}

/*
 * Find which schools of a list the text names (by full name, by name
 * without prefix, or by BRIN); their indices into hits (at most max),
 * the count into *n. NAMES_AMBIGUOUS with a description when one piece
 * of text fits several schools.
 */
enum names_result
names_find_schools(struct school *const *list, size_t nlist, const char *text,
    size_t *hits, size_t max, size_t *n, char **ambiguous)
{
	char	*folded = names_fold(text), **cores, *full, *brin;
	size_t	 i, j;
	int	*found;

	*n = 0;
	*ambiguous = NULL;
	cores = xcalloc(nlist, sizeof *cores);
	found = xcalloc(nlist, sizeof *found);
	for (i = 0; i < nlist; i++) {
		cores[i] = names_core(list[i]->name);
		full = names_fold(list[i]->name);
		brin = names_fold(list[i]->brin);
		if (names_contains(folded, full) ||
		    names_contains(folded, brin))
			found[i] = 2;
		else if (names_contains(folded, cores[i]))
			found[i] = 1;
		free(full);
		free(brin);
	}
	/* A match on the name without prefix must be unique. */
	for (i = 0; i < nlist && *ambiguous == NULL; i++) {
		for (j = 0; found[i] == 1 && j < nlist; j++) {
			if (j == i || strcmp(cores[i], cores[j]) != 0)
				continue;
			if (found[j] == 2)
				found[i] = 0;
			else if (*ambiguous == NULL)
				*ambiguous = xasprintf("\"%s\" past bij %s "
				    "(%s) en %s (%s)", cores[i] + 1,
				    list[i]->name, list[i]->brin,
				    list[j]->name, list[j]->brin);
		}
	}
	for (i = 0; i < nlist; i++) {
		if (found[i] != 0 && *n < max)
			hits[(*n)++] = i;
		free(cores[i]);
	}
	free(cores);
	free(found);
	free(folded);
	return (*ambiguous != NULL ? NAMES_AMBIGUOUS : NAMES_OK);
}
