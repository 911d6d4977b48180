/* SPDX-License-Identifier: ISC */
/*
 * Grouping the registered schools of one audit date into tables of 2 + 2
 * (procedure: "twee scholen van een bestuur gekoppeld aan twee scholen van
 * een ander bestuur"). Schools pair up within their board in the order
 * given; pairs of different boards are matched, always taking a pair of
 * the board with the most pairs left, which leaves as few pairs unmatched
 * as possible. A school without a partner of its own board, or a pair
 * left over, is not grouped: the coordinator decides.
 */

#include <stdlib.h>
#include <string.h>

#include "tables.h"
#include "xmalloc.h"

struct tables_board {
	const char	*code;
	size_t		*pairs;		/* index of each pair's first school */
	size_t		 npairs;
	size_t		 used;
};

static int
tables_same(const char *a, const char *b)
{
	return (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The boards in order of appearance, each with its pairs of schools. */
static struct tables_board *
tables_boards(struct tables_school *s, size_t n, size_t *nboards,
    size_t **partner)
{
	struct tables_board	*b = xcalloc(n + 1, sizeof *b);
	size_t			 i, k, *open = xcalloc(n + 1, sizeof *open);

	*partner = xcalloc(n + 1, sizeof **partner);
	*nboards = 0;
	for (i = 0; i < n; i++) {
		s[i].table = TABLES_NONE;
		for (k = 0; k < *nboards; k++)
			if (tables_same(b[k].code, s[i].board))
				break;
		if (k == *nboards) {
			b[k].code = s[i].board;
			b[k].pairs = xcalloc(n, sizeof *b[k].pairs);
			open[k] = TABLES_NONE;
			(*nboards)++;
		}
		if (open[k] == TABLES_NONE) {
			open[k] = i;
			continue;
		}
		(*partner)[open[k]] = i;
		b[k].pairs[b[k].npairs++] = open[k];
		open[k] = TABLES_NONE;
	}
	free(open);
	return (b);
}

/* The board with the most pairs left, other than skip; or TABLES_NONE. */
static size_t
tables_fullest(const struct tables_board *b, size_t n, size_t skip)
{
	size_t	 k, best = TABLES_NONE, left, most = 0;

	for (k = 0; k < n; k++) {
		left = b[k].npairs - b[k].used;
		if (k != skip && left > most) {
			most = left;
			best = k;
		}
	}
	return (best);
}

/* The least-loaded auditor without ties to either board. */
static size_t
tables_auditor(struct tables_auditor *a, size_t n, const char *b1,
    const char *b2)
{
	size_t	 i, best = TABLES_NONE;

	for (i = 0; i < n; i++) {
		if (tables_same(a[i].board, b1) || tables_same(a[i].board, b2))
			continue;
		if (best == TABLES_NONE || a[i].load < a[best].load)
			best = i;
	}
	if (best != TABLES_NONE)
		a[best].load++;
	return (best);
}

/* Group the schools into tables and choose each table's auditor. */
void
tables_plan(struct tables_school *s, size_t n, struct tables_auditor *a,
    size_t na, struct tables_plan *plan)
{
	struct tables_board	*b;
	size_t			 nb, k1, k2, p1, p2, *partner, t;

	memset(plan, 0, sizeof *plan);
	plan->auditor = xcalloc(n / 4 + 1, sizeof *plan->auditor);
	b = tables_boards(s, n, &nb, &partner);
	while ((k1 = tables_fullest(b, nb, TABLES_NONE)) != TABLES_NONE &&
	    (k2 = tables_fullest(b, nb, k1)) != TABLES_NONE) {
		t = plan->n++;
		p1 = b[k1].pairs[b[k1].used++];
		p2 = b[k2].pairs[b[k2].used++];
		s[p1].table = s[partner[p1]].table = t;
		s[p2].table = s[partner[p2]].table = t;
		plan->auditor[t] = tables_auditor(a, na, b[k1].code,
		    b[k2].code);
	}
	for (k1 = 0; k1 < nb; k1++)
		free(b[k1].pairs);
	free(b);
	free(partner);
}

void
tables_plan_clear(struct tables_plan *plan)
{
	free(plan->auditor);
	memset(plan, 0, sizeof *plan);
}
