/* SPDX-License-Identifier: ISC */
/*
 * Conversation tables: per audit date two schools of one board with two
 * schools of another, each table led (and its bundles checked) by an
 * auditor without ties to either board.
 */
#ifndef TABLES_H
#define TABLES_H

#include <stddef.h>

#define TABLES_NONE	((size_t)-1)

struct tables_school {
	const char	*brin;
	const char	*board;
	size_t		 table;		/* out: index, or TABLES_NONE */
};

struct tables_auditor {
	const char	*email;
	const char	*board;		/* NULL: academie staff */
	int		 load;		/* tables already led that day */
};

struct tables_plan {
	size_t		 n;
	size_t		*auditor;	/* per table: index, or TABLES_NONE */
};

void	tables_plan(struct tables_school *, size_t, struct tables_auditor *,
	    size_t, struct tables_plan *);
void	tables_plan_clear(struct tables_plan *);

#endif
