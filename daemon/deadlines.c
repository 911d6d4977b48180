/* SPDX-License-Identifier: ISC */
/*
 * The bundle before the audit: reminders to the BOC on D-28 and D-23
 * (documents_reminder_days_before) for each registered school whose
 * bundle is incomplete; after the end of D-21 the BOC hears that it is
 * late and the coordinator gets an escalatie; a late bundle that becomes
 * complete is confirmed. With late_policy = refuse a late school is not
 * checked or invited.
 */

#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "config.h"
#include "db.h"
#include "outbox.h"
#include "procedure.h"
#include "runtime.h"
#include "template.h"
#include "xmalloc.h"

struct deadlines {
	struct runtime	*rt;
	struct preg	*r;
	struct date	 date;
	struct bundle	 b;
	struct board	*board;
};

static int
deadlines_kept(void *arg, const struct db_kept *k)
{
	struct tvars	*v = arg, *item;

	if (k->kind == NULL)
		return (0);
	item = tvars_add(v, "bestanden");
	tvars_set(item, "naam", k->name);
	tvars_set(item, "soort", bundle_kind_words(k->kind));
	return (0);
}

/* The values a mail about a school's bundle has. */
static void
deadlines_vars(struct deadlines *d, struct tvars *v)
{
	const struct config *cf = d->rt->cf;

	procedure_school_vars(d->rt, v, d->r->brin);
	procedure_date(v, "datum", &d->date, 0);
	procedure_date(v, "documenten_uiterlijk", &d->date,
	    -cf->documents_days_before);
	procedure_date(v, "verspreiden_uiterlijk", &d->date,
	    -cf->distribution_days_before);
	bundle_missing_vars(&d->b, v);
}

/* The latest reminder day reached, before the end of D-21; 0: none. */
static int
deadlines_reminder(struct deadlines *d)
{
	const struct config_list *l = &d->rt->cf->documents_reminder_days_before;
	size_t			 i;
	int			 which = 0;

	if (procedure_reached(&d->date, 1 - d->rt->cf->documents_days_before))
		return (0);
	for (i = 0; i < l->n; i++)
		if (procedure_reached(&d->date, -l->v[i]))
			which = l->v[i];
	return (which);
}

static int
deadlines_remind(struct deadlines *d, int days, char **cause)
{
	struct procedure_event	 ev;
	struct procedure_batch	 b = { .rt = d->rt };
	struct tvars		*v;
	char			*key, *what;
	int			 rc;

	key = xasprintf("documenten-herinnering-%d %s %s", days, d->r->brin,
	    d->r->date);
	if (procedure_done(d->rt, key)) {
		free(key);
		return (0);
	}
	v = procedure_batch_add(&b, "documenten-herinnering",
	    d->board->boc_name, d->board->boc_email);
	deadlines_vars(d, v);
	(void)db_kept_each(d->rt->db, d->r->brin, d->r->date, NULL,
	    deadlines_kept, v);
	what = xasprintf("herinnering documenten aan de BOC (%d dagen voor "
	    "de audit)", days);
	procedure_event_init(&ev, key, d->r->brin, d->r->date, what, &b);
	rc = procedure_once(d->rt, &ev, cause);
	procedure_batch_clear(&b);
	free(what);
	free(key);
	return (rc < 0 ? -1 : 0);
}

/* Whole days since the end of D-21 (1 on D-20). */
static long
deadlines_days_late(struct deadlines *d)
{
	struct date	 today;

	date_today(clock_now(), &today);
	return (date_to_days(&today) - (date_to_days(&d->date) -
	    d->rt->cf->documents_days_before));
}

static int
deadlines_refuse(struct runtime *rt, void *arg)
{
	const struct preg	*r = arg;

	return (db_registration_verdict(rt->db, r->brin, r->date, "te-laat",
	    -1));
}

/* Late, or complete after all: the BOC's mail and the coordinator's. */
static int
deadlines_late(struct deadlines *d, char **cause)
{
	struct procedure_event	 ev;
	struct procedure_batch	 b = { .rt = d->rt };
	struct tvars		*v, *e;
	char			*key;
	int			 rc, refuse = d->rt->cf->late_refused &&
				    !d->b.complete;

	key = xasprintf("%s %s %s", d->b.complete ? "documenten-alsnog" :
	    "documenten-te-laat", d->r->brin, d->r->date);
	if (procedure_done(d->rt, key)) {
		free(key);
		return (0);
	}
	v = procedure_batch_add(&b, "documenten-te-laat", d->board->boc_name,
	    d->board->boc_email);
	deadlines_vars(d, v);
	procedure_days_late(v, deadlines_days_late(d));
	if (refuse)
		tvars_set(v, "niet_geaccepteerd", "ja");
	procedure_next_dates(d->rt, v, &d->date, NULL);
	e = procedure_batch_escalation(&b);
	deadlines_vars(d, e);
	procedure_days_late(e, deadlines_days_late(d));
	tvars_set(e, "wat", d->b.complete ? "Documenten alsnog compleet" :
	    "Documenten te laat");
	tvars_set(e, "reden", d->b.complete ? "de documenten kwamen na de "
	    "termijn binnen" : "niet alle documenten waren er aan het einde "
	    "van de termijn");
	tvars_set(e, "termijn", "documenten drie weken voor de audit");
	tvars_set(e, "advies", d->b.complete ? "De bundel gaat nu naar de "
	    "auditor; kijk of die nog op tijd kan checken." : refuse ?
	    "De school wordt volgens late_policy niet uitgenodigd." :
	    "Neem contact op met de BOC, of laat de school een volgende "
	    "datum kiezen.");
	procedure_event_init(&ev, key, d->r->brin, d->r->date,
	    d->b.complete ? "documenten alsnog compleet (te laat)" : refuse ?
	    "documenten te laat: niet geaccepteerd" :
	    "documenten te laat; coördinator ingelicht", &b);
	ev.apply = refuse ? deadlines_refuse : NULL;
	ev.arg = d->r;
	rc = procedure_once(d->rt, &ev, cause);
	procedure_batch_clear(&b);
	free(key);
	return (rc < 0 ? -1 : 0);
}

static int
deadlines_school(struct deadlines *d, char **cause)
{
	int	 days, after;

	if (bundle_read(d->rt, d->r->brin, d->r->date, &d->b) != 0)
		return (0);
	after = procedure_reached(&d->date,
	    1 - d->rt->cf->documents_days_before);
	if (!d->b.complete && (days = deadlines_reminder(d)) > 0)
		return (deadlines_remind(d, days, cause));
	if (!after || procedure_reached(&d->date, 1))
		return (0);
	/* Refused as late: a bundle that comes after all changes nothing. */
	if (d->r->verdict != NULL && strcmp(d->r->verdict, "te-laat") == 0)
		return (0);
	if (!d->b.complete || d->b.late)
		return (deadlines_late(d, cause));
	return (0);
}

/* The bundle's reminders and deadline for one audit date; 0 or -1. */
int
deadlines_date(struct runtime *rt, const char *date, char **cause)
{
	struct deadlines	 d;
	struct preg		*regs;
	size_t			 n, i;
	int			 rc = 0;

	memset(&d, 0, sizeof d);
	d.rt = rt;
	if (date_parse_iso(date, &d.date) != 0 ||
	    !procedure_reached(&d.date, -60))
		return (0);
	regs = procedure_regs(rt, date, &n);
	for (i = 0; i < n && rc == 0; i++) {
		d.r = &regs[i];
		if ((d.board = db_board_get(rt->db, regs[i].board)) == NULL)
			continue;
		rc = deadlines_school(&d, cause);
		board_free(d.board);
	}
	procedure_regs_free(regs, n);
	return (rc);
}
