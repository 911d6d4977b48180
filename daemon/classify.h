/* SPDX-License-Identifier: ISC */
/* Deciding what a mail is: the first rule whose conditions hold. */
#ifndef CLASSIFY_H
#define CLASSIFY_H

#include <stddef.h>

#include "nldate.h"

struct mail;
struct rule;
struct ruleset;

#define CLASSIFY_MAX_DATES 8

/* A rule that did not decide, and the line of its condition that failed. */
struct classify_miss {
	const struct rule	*rule;
	int			 line;
};

struct classification {
	const struct rule	*rule;		/* NULL: none matched */
	const char		*class;		/* "onbekend" when none */
	int			 review;	/* a limit was hit */
	char			*reason;	/* why review, or NULL */
	struct nldate		 dates[CLASSIFY_MAX_DATES];
	size_t			 ndates;
	char			*school_text;	/* where to look for schools */
	struct classify_miss	*misses;	/* rules tried before */
	size_t			 nmisses;
};

int	 classify(const struct ruleset *, const struct mail *, const char *,
	    struct classification *);
void	 classification_clear(struct classification *);
char	*classify_fields_text(const struct mail *, unsigned);

#endif
