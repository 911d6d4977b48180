/* SPDX-License-Identifier: ISC */
/* Dutch dates: finding them in text (patterns from rules/) and writing them. */
#ifndef NLDATE_H
#define NLDATE_H

#include <stddef.h>

#include "clock.h"
#include "re.h"

struct ruleset;

struct nldate {
	int	day;
	int	month;
	int	year;		/* 0: not written */
	int	weekday;	/* 0 = zondag .. 6, -1: not written */
};

enum re_result	 nldate_find(const struct ruleset *, const char *,
		    struct nldate *, size_t, size_t *);
int		 nldate_month(const char *, size_t);
int		 nldate_weekday(const char *, size_t);
int		 nldate_candidates(const struct nldate *, const struct date *,
		    struct date *, size_t);
void		 nldate_format(const struct date *, char *, size_t);
void		 nldate_describe(const struct nldate *, char *, size_t);

#endif
