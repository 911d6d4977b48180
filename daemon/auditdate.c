/* SPDX-License-Identifier: ISC */
/*
 * Which audit date a mail means. Only dates that are audit dates count;
 * a date written without a year ("do 26 jan") means the audit date with
 * that day and month in the year the mail was written or the next. A mail
 * that names two different audit dates is not guessed at.
 */

#include "auditdate.h"
#include "db.h"

/*
 * The one audit date among dates into *out, or why there is none. The
 * mail's Date (written, 0 if none) places dates without a year, unless
 * it lies in the future: then the clock does.
 */
enum auditdate_result
auditdate_pick(struct db *db, const struct nldate *dates, size_t ndates,
    time_t written, struct date *out)
{
	struct date	 today, cand[2];
	char		 iso[16];
	size_t		 i;
	int		 n, j, found = 0;

	if (ndates == 0)
		return (AUDITDATE_NONE);
	if (written == 0 || written > clock_now() + 86400)
		written = clock_now();
	date_today(written, &today);
	for (i = 0; i < ndates; i++) {
		n = nldate_candidates(&dates[i], &today, cand, 2);
		for (j = 0; j < n; j++) {
			date_iso(&cand[j], iso, sizeof iso);
			if (db_is_audit_date(db, iso) != 1 ||
			    (found && date_cmp(out, &cand[j]) == 0))
				continue;
			if (found++)
				return (AUDITDATE_SEVERAL);
			*out = cand[j];
		}
	}
	return (found ? AUDITDATE_ONE : AUDITDATE_NOT_AUDIT);
}
