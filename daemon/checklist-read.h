/* SPDX-License-Identifier: ISC */
/* The auditor's filled-in checklist: per criterion found or not, a remark. */
#ifndef CHECKLIST_READ_H
#define CHECKLIST_READ_H

#include <stddef.h>

#define CHECKLIST_CRITERIA	7
#define CHECKLIST_REMARK_MAX	300

struct checklist_item {
	const char	*label;		/* "1", "2a", ... "4" (static) */
	int		 found;		/* 1 ja, 0 nee, -1 not read */
	char		*remark;	/* NULL or a UTF-8 line <= 300 bytes */
};

struct checklist {
	struct checklist_item	 items[CHECKLIST_CRITERIA];
	int			 read;		/* items with found != -1 */
	int			 missing;	/* items with found == 0 */
};

/* Read the seven criteria from a checklist's text; 0 when all seven
 * were read, -1 otherwise (what could be read is still filled in). */
int	checklist_read(const char *, size_t, struct checklist *);
void	checklist_clear(struct checklist *);

#endif
