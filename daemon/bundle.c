/* SPDX-License-Identifier: ISC */
/*
 * The bundle of a registration, from the files kept under its audit date:
 * the schooldocument, the report of the team discussion and the
 * pre-advies. Complete when all three are there; late when that happened
 * after the end of D-21 (local time), or has not happened by then.
 */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "runtime.h"
#include "template.h"

const char *const bundle_kinds[BUNDLE_KINDS] = {
	"schooldocument", "teamverslag", "preadvies"
};

/* The UTC time (ISO) at which a local day, days after d, begins. */
static void
bundle_day_start(const struct date *d, long days, char *out, size_t size)
{
	struct tm	 tm;
	time_t		 t = clock_local_day(d, days, 0);

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
bundle_file(void *arg, const struct db_kept *k)
{
	struct bundle	*b = arg;
	size_t		 i;

	if (k->kind == NULL)
		return (0);
	for (i = 0; i < BUNDLE_KINDS; i++) {
		if (strcmp(k->kind, bundle_kinds[i]) != 0 || b->has[i])
			continue;
		b->has[i] = 1;
		if (strcmp(k->created_at, b->complete_at) > 0)
			snprintf(b->complete_at, sizeof b->complete_at, "%s",
			    k->created_at);
	}
	if (strcmp(k->kind, "checklist") == 0)
		b->checklist = 1;
	if (strcmp(k->kind, "reflectie") == 0)
		b->reflectie = 1;
	return (0);
}

/* Read the bundle of a school for an audit date (ISO); 0 or -1. */
int
bundle_read(struct runtime *rt, const char *brin, const char *date,
    struct bundle *b)
{
	struct date	 d;
	char		 now[32];
	time_t		 t = clock_now();
	struct tm	 tm;
	size_t		 i;

	memset(b, 0, sizeof *b);
	if (date_parse_iso(date, &d) != 0)
		return (-1);
	bundle_day_start(&d, 1 - rt->cf->documents_days_before, b->due,
	    sizeof b->due);
	if (db_kept_each(rt->db, brin, date, NULL, bundle_file, b) != 0)
		return (-1);
	b->complete = 1;
	for (i = 0; i < BUNDLE_KINDS; i++)
		b->complete &= b->has[i];
	if (!b->complete)
		b->complete_at[0] = '\0';
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	b->late = b->complete ? strcmp(b->complete_at, b->due) >= 0 :
	    strcmp(now, b->due) >= 0;
	return (0);
}

/*
 * A kind in the words of the templates ("verslag van de teambespreking");
 * always a static string, whatever the kind came from.
 */
const char *
bundle_kind_words(const char *kind)
{
	static const char *const words[][2] = {
		{ "schooldocument", "schooldocument" },
		{ "teamverslag", "verslag van de teambespreking" },
		{ "preadvies", "pre-advies" },
		{ "checklist", "checklist" },
		{ "reflectie", "reflectie" },
		{ "certificaat", "certificaat" },
	};
	size_t	 i;

	for (i = 0; kind != NULL && i < sizeof words / sizeof *words; i++)
		if (strcmp(kind, words[i][0]) == 0)
			return (words[i][1]);
	return ("document");
}

/* The missing kinds as the list ontbrekend (soort). */
void
bundle_missing_vars(const struct bundle *b, struct tvars *v)
{
	struct tvars	*item;
	size_t		 i;

	for (i = 0; i < BUNDLE_KINDS; i++) {
		if (b->has[i])
			continue;
		item = tvars_add(v, "ontbrekend");
		tvars_set(item, "soort", bundle_kind_words(bundle_kinds[i]));
	}
}

/* "compleet", "compleet (te laat)" or "ontbreekt: teamverslag, ...". */
void
bundle_missing_text(const struct bundle *b, char *out, size_t size)
{
	size_t	 i, n = 0;
	int	 len;

	if (b->complete) {
		snprintf(out, size, "%s", b->late ? "compleet (te laat)" :
		    "compleet");
		return;
	}
	len = snprintf(out, size, "ontbreekt:");
	for (i = 0; i < BUNDLE_KINDS && len > 0 && (size_t)len < size; i++) {
		if (!b->has[i])
			len += snprintf(out + len, size - (size_t)len, "%s %s",
			    n++ > 0 ? "," : "", bundle_kinds[i]);
	}
	if (b->late && len > 0 && (size_t)len < size)
		snprintf(out + len, size - (size_t)len, " (te laat)");
}
