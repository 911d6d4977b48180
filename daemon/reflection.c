/* SPDX-License-Identifier: ISC */
/*
 * Reflectie: on D+1 the BOC is reminded of the reflection forms of the
 * board's schools that took part; after the end of D+7 the missing ones
 * are late (BOC) and escalated (coordinator). A reflection form that
 * arrives is stamped on the school's registration; the BOC's receipt says
 * which forms are still expected.
 */

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "db.h"
#include "filing.h"
#include "outbox.h"
#include "procedure.h"
#include "runtime.h"
#include "template.h"
#include "xmalloc.h"

#define REFLECTION_LATE_DAYS	60	/* late notices stop after this */

static int
reflection_expected(const struct preg *r)
{
	return (r->verdict != NULL && strcmp(r->verdict, "uitgenodigd") == 0 &&
	    r->reflection_at == NULL);
}

/* The board's schools whose reflection is still expected, as a list. */
static size_t
reflection_list(struct runtime *rt, struct tvars *v, const char *list,
    const struct preg *regs, size_t n, const char *board)
{
	struct tvars	*item;
	struct school	*s;
	size_t		 i, count = 0;

	for (i = 0; i < n; i++) {
		if (strcmp(regs[i].board, board) != 0 ||
		    !reflection_expected(&regs[i]))
			continue;
		s = db_school_get(rt->db, regs[i].brin);
		item = tvars_add(v, list);
		tvars_set(item, "naam", regs[i].school);
		tvars_set(item, "plaats", s != NULL ? s->place : NULL);
		tvars_set(item, "brin", regs[i].brin);
		school_free(s);
		count++;
	}
	return (count);
}

/* The coordinator's escalatie about a board's missing reflections. */
static void
reflection_escalation(struct procedure_batch *pb, const struct date *d,
    const struct board *b, const struct preg *regs, size_t n)
{
	struct tvars	*e = procedure_batch_escalation(pb);
	struct buf	 names;
	size_t		 i;

	buf_init(&names, 256);
	for (i = 0; i < n; i++)
		if (strcmp(regs[i].board, b->code) == 0 &&
		    reflection_expected(&regs[i]))
			buf_printf(&names, "%s%s", names.len > 0 ? ", " : "",
			    regs[i].school);
	procedure_date(e, "datum", d, 0);
	tvars_set(e, "wat", "Reflectie te laat");
	tvars_setf(e, "reden", "de reflectie van %s is niet binnen een week "
	    "na de audit ontvangen", names.data);
	tvars_set(e, "bestuur_naam", b->name);
	tvars_set(e, "boc_naam", b->boc_name);
	tvars_set(e, "boc_email", b->boc_email);
	tvars_set(e, "termijn", "reflectie binnen een week na de audit");
	tvars_set(e, "advies", "Neem contact op met de BOC.");
	buf_clear(&names);
}

/* The reminder (late = 0) or the late notice to one BOC, once. */
static int
reflection_board(struct runtime *rt, const struct date *d, struct preg *regs,
    size_t n, const char *code, int late, char **cause)
{
	struct procedure_batch	 pb = { .rt = rt };
	struct procedure_event	 ev;
	struct tvars		*v;
	struct board		*b;
	struct date		 today;
	char			*key;
	int			 rc = 0;

	key = xasprintf("%s %s %s", late ? "reflectie-te-laat" :
	    "reflectie-herinnering", regs[0].date, code);
	if (procedure_done(rt, key) || (b = db_board_get(rt->db, code)) ==
	    NULL) {
		free(key);
		return (0);
	}
	v = procedure_batch_add(&pb, late ? "reflectie-te-laat" :
	    "reflectie-herinnering", b->boc_name, b->boc_email);
	if (reflection_list(rt, v, "scholen", regs, n, code) > 0) {
		date_today(clock_now(), &today);
		procedure_date(v, "datum", d, 0);
		procedure_date(v, "reflectie_uiterlijk", d,
		    rt->cf->reflection_days_after);
		tvars_set(v, "boc_naam", b->boc_name);
		tvars_set(v, "bestuur_naam", b->name);
		procedure_days_late(v, date_to_days(&today) - date_to_days(d) -
		    rt->cf->reflection_days_after);
		if (late)
			reflection_escalation(&pb, d, b, regs, n);
		procedure_event_init(&ev, key, NULL, regs[0].date, late ?
		    "reflectie te laat; BOC en coördinator ingelicht" :
		    "herinnering reflectie aan de BOC", &pb);
		rc = procedure_once(rt, &ev, cause) < 0 ? -1 : 0;
	}
	procedure_batch_clear(&pb);
	board_free(b);
	free(key);
	return (rc);
}

/* Reminders on D+1 and late notices after D+7, per board; 0 or -1. */
int
reflection_date(struct runtime *rt, const char *date, char **cause)
{
	struct preg	*regs;
	struct date	 d;
	size_t		 n, i;
	int		 rc = 0, late;

	if (date_parse_iso(date, &d) != 0 || !procedure_reached(&d, 1) ||
	    procedure_reached(&d, REFLECTION_LATE_DAYS))
		return (0);
	late = procedure_reached(&d, rt->cf->reflection_days_after + 1);
	regs = procedure_regs(rt, date, &n);
	for (i = 0; i < n && rc == 0; i++) {
		/* Once per board: at its first school. */
		if (i > 0 && strcmp(regs[i].board, regs[i - 1].board) == 0)
			continue;
		rc = reflection_board(rt, &d, regs, n, regs[i].board, late,
		    cause);
	}
	procedure_regs_free(regs, n);
	return (rc);
}

/* The receipt's values: the audit date, what is still expected, lateness. */
static void
reflection_reply_vars(struct runtime *rt, struct tvars *v, const char *date,
    const char *board)
{
	struct preg	*regs;
	struct date	 d, today;
	size_t		 n;
	long		 late;

	if (date_parse_iso(date, &d) != 0)
		return;
	procedure_date(v, "datum", &d, 0);
	procedure_date(v, "reflectie_uiterlijk", &d,
	    rt->cf->reflection_days_after);
	date_today(clock_now(), &today);
	late = date_to_days(&today) - date_to_days(&d) -
	    rt->cf->reflection_days_after;
	if (late > 0)
		procedure_days_late(v, late);
	regs = procedure_regs(rt, date, &n);
	(void)reflection_list(rt, v, "nog_verwacht", regs, n, board);
	procedure_regs_free(regs, n);
}

/*
 * Stamp the reflection forms a mail brought on their schools'
 * registrations (inside the mail's transaction); with v, add the values
 * of the BOC's receipt. 0 or -1.
 */
int
reflection_received(struct runtime *rt, const struct filing *f,
    struct tvars *v)
{
	const struct filed	*fd;
	char			*date = NULL, *first = NULL, *board = NULL;
	struct school		*s;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < f->n && rc == 0; i++) {
		fd = &f->files[i];
		free(date);
		date = NULL;
		if (fd->refused != NULL || fd->brin == NULL || fd->kind == NULL ||
		    strcmp(fd->kind, "reflectie") != 0 ||
		    db_registration_date(rt->db, fd->brin, &date) != 1)
			continue;
		rc = db_registration_stamp(rt->db, fd->brin, date,
		    DB_STAMP_REFLECTION, NULL);
		if (rc == 0 && db_event_claim(rt->db, NULL, fd->brin, date,
		    "reflectie ontvangen") < 0)
			rc = -1;
		if (first == NULL && (s = db_school_get(rt->db, fd->brin)) !=
		    NULL) {
			first = xstrdup(date);
			board = xstrdup(s->board);
			school_free(s);
		}
	}
	if (rc == 0 && v != NULL && first != NULL)
		reflection_reply_vars(rt, v, first, board);
	free(date);
	free(first);
	free(board);
	return (rc);
}
