/* SPDX-License-Identifier: ISC */
/* Which audit date a mail means, among the dates it names. */
#ifndef AUDITDATE_H
#define AUDITDATE_H

#include <stddef.h>
#include <time.h>

#include "clock.h"
#include "nldate.h"

struct db;

enum auditdate_result {
	AUDITDATE_ONE,		/* exactly one audit date: *out */
	AUDITDATE_NONE,		/* no date at all */
	AUDITDATE_NOT_AUDIT,	/* dates, but none is an audit date */
	AUDITDATE_SEVERAL,	/* more than one audit date */
};

enum auditdate_result	 auditdate_pick(struct db *, const struct nldate *,
			    size_t, time_t, struct date *);

#endif
