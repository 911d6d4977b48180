/* SPDX-License-Identifier: ISC */
/*
 * A registration's bundle: which of the three documents are kept for the
 * audit date, whether it is complete, and whether it came in late.
 */
#ifndef BUNDLE_H
#define BUNDLE_H

#include "clock.h"

#define BUNDLE_KINDS	3

struct runtime;
struct tvars;

struct bundle {
	int		 has[BUNDLE_KINDS];	/* per bundle_kinds[] */
	int		 complete;
	int		 late;		/* complete after, or missing at, the end */
	char		 complete_at[32];	/* UTC ISO, when complete */
	char		 due[32];	/* UTC ISO: the end of D-21 */
	int		 checklist;	/* a checklist file is kept */
	int		 reflectie;	/* a reflection form is kept */
};

extern const char *const bundle_kinds[BUNDLE_KINDS];

int		 bundle_read(struct runtime *, const char *, const char *,
		    struct bundle *);
const char	*bundle_kind_words(const char *);
void		 bundle_missing_vars(const struct bundle *, struct tvars *);
void		 bundle_missing_text(const struct bundle *, char *, size_t);

#endif
