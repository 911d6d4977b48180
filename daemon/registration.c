/* SPDX-License-Identifier: ISC */
/*
 * Registration: a BOC signs up two or four schools of the board for one
 * audit date, while documents are not yet due. An accepted registration
 * is recorded per school and confirmed; a refused one from a known BOC is
 * answered with the reason; anything else is recorded and never answered.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auditdate.h"
#include "buf.h"
#include "classify.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "mail.h"
#include "names.h"
#include "nldate.h"
#include "outbox.h"
#include "pipeline.h"
#include "runtime.h"
#include "source.h"
#include "template.h"
#include "xmalloc.h"

#define REGISTRATION_MAX_SCHOOLS 16

struct registration {
	struct board	 *board;
	struct school	**all;
	size_t		  nall;
	size_t		  hits[REGISTRATION_MAX_SCHOOLS];
	size_t		  nhits;
	struct date	  date;
	int		  has_date;
	char		 *reason;	/* Dutch, for the BOC; NULL: accepted */
};

static int
registration_reject(struct registration *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
registration_reject(struct registration *r, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	r->reason = xvasprintf(fmt, ap);
	va_end(ap);
	return (-1);
}

static char *
registration_list_dates(struct runtime *rt)
{
	struct buf	 b;
	struct date	 d;
	char		**dates, text[64];
	size_t		 n, i;

	dates = db_audit_dates(rt->db, &n);
	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (date_parse_iso(dates[i], &d) != 0)
			continue;
		nldate_format(&d, text, sizeof text);
		buf_printf(&b, "%s%s", b.len > 0 ? (i + 1 == n ? " en " : ", ")
		    : "", text);
	}
	db_strings_free(dates, n);
	return (buf_release(&b));
}

/* The one audit date the mail names; written dates that are not ignored. */
static int
registration_date(struct runtime *rt, const struct classification *c,
    const struct mail *m, struct registration *r)
{
	char	 text[64], *list = NULL;

	switch (auditdate_pick(rt->db, c->dates, c->ndates, m->date,
	    &r->date)) {
	case AUDITDATE_ONE:
		return (0);
	case AUDITDATE_SEVERAL:
		return (registration_reject(r, "De mail noemt meer dan een "
		    "auditdatum; meld per mail voor een datum aan."));
	case AUDITDATE_NONE:
		list = registration_list_dates(rt);
		registration_reject(r, "Wij konden in de mail geen auditdatum "
		    "vinden. De auditdata zijn: %s.", list);
		break;
	case AUDITDATE_NOT_AUDIT:
		list = registration_list_dates(rt);
		nldate_describe(&c->dates[0], text, sizeof text);
		registration_reject(r, "%s is geen auditdatum. De auditdata "
		    "zijn: %s.", text, list);
		break;
	}
	free(list);
	return (-1);
}

static int
registration_open(struct runtime *rt, struct registration *r)
{
	struct date	 today, closes;
	char		 text[64];

	date_today(clock_now(), &today);
	date_from_days(date_to_days(&r->date) -
	    rt->cf->registration_closes_days_before, &closes);
	if (date_cmp(&today, &closes) <= 0)
		return (0);
	nldate_format(&r->date, text, sizeof text);
	return (registration_reject(r, "De aanmelding voor %s is gesloten: "
	    "aanmelden kan tot %d dagen voor de auditdatum, omdat de "
	    "documenten dan binnen moeten zijn.", text,
	    rt->cf->registration_closes_days_before));
}

static int
registration_schools(struct runtime *rt, struct handling *h,
    struct registration *r)
{
	struct school	*s;
	char		*ambiguous, *other, iso[16];
	size_t		 i;

	r->all = db_schools_of(rt->db, NULL, &r->nall);
	if (names_find_schools(r->all, r->nall, h->cls->school_text != NULL ?
	    h->cls->school_text : "", NAMES_IN_TEXT, r->hits,
	    REGISTRATION_MAX_SCHOOLS,
	    &r->nhits, &ambiguous) == NAMES_AMBIGUOUS) {
		registration_reject(r, "Het is niet duidelijk welke school u "
		    "bedoelt: %s. Noem de volledige naam of de BRIN-code.",
		    ambiguous);
		free(ambiguous);
		return (-1);
	}
	for (i = 0; i < r->nhits; i++) {
		s = r->all[r->hits[i]];
		if (strcmp(s->board, r->board->code) != 0)
			return (registration_reject(r, "%s (%s) hoort niet bij "
			    "%s; een BOC meldt scholen van het eigen bestuur "
			    "aan.", s->name, s->brin, r->board->name));
	}
	if (r->nhits != 2 && r->nhits != 4)
		return (registration_reject(r, "In de mail herkenden wij %zu "
		    "%s van %s; per auditdatum meldt een bestuur 2 of 4 "
		    "scholen aan.", r->nhits, r->nhits == 1 ? "school" :
		    "scholen", r->board->name));
	date_iso(&r->date, iso, sizeof iso);
	for (i = 0; i < r->nhits; i++) {
		s = r->all[r->hits[i]];
		if (db_registration_date(rt->db, s->brin, &other) == 1 &&
		    strcmp(other, iso) != 0 && strcmp(other, iso) > 0) {
			registration_reject(r, "%s is al aangemeld voor de "
			    "audit van %s.", s->name, other);
			free(other);
			return (-1);
		}
		free(other);
	}
	return (0);
}

static struct tvars *
registration_vars(struct runtime *rt, struct handling *h,
    struct registration *r)
{
	struct tvars	*v = tvars_create(), *item;
	struct school	*s;
	struct date	 due;
	char		 text[64];
	size_t		 i;

	tvars_set(v, "boc_naam", r->board->boc_name);
	tvars_set(v, "bestuur_naam", r->board->name);
	tvars_set(v, "partnerschap", rt->cf->partnership_name);
	tvars_set(v, "adres", rt->cf->smtp_from);
	tvars_set(v, "onderwerp", h->mail->subject);
	tvars_set(v, "reden", r->reason);
	if (r->has_date) {
		nldate_format(&r->date, text, sizeof text);
		tvars_set(v, "datum", text);
		date_from_days(date_to_days(&r->date) -
		    rt->cf->documents_days_before, &due);
		nldate_format(&due, text, sizeof text);
		tvars_set(v, "documenten_uiterlijk", text);
	}
	for (i = 0; i < r->nhits; i++) {
		s = r->all[r->hits[i]];
		item = tvars_add(v, "scholen");
		tvars_set(item, "naam", s->name);
		tvars_set(item, "plaats", s->place);
		tvars_set(item, "brin", s->brin);
	}
	return (v);
}

static int
registration_apply(struct runtime *rt, struct handling *h,
    struct registration *r, char **cause)
{
	struct tvars		*v;
	size_t			 i;
	int			 rc = 0;

	if (pipeline_record(rt, h) != 0) {
		*cause = xasprintf("record: %s", db_error(rt->db));
		return (-1);
	}
	for (i = 0; r->reason == NULL && i < r->nhits && rc == 0; i++) {
		rc = db_registration_put(rt->db, r->all[r->hits[i]]->brin,
		    h->audit_date, h->row);
		if (rc != 0)
			*cause = xasprintf("register: %s", db_error(rt->db));
	}
	if (rc != 0)
		return (-1);
	v = registration_vars(rt, h, r);
	rc = pipeline_reply(rt, h, r->reason == NULL ? "aanmelding-bevestigd" :
	    "aanmelding-afgewezen", v, r->board->boc_name, cause);
	tvars_free(v);
	return (rc);
}

static void
registration_decide(struct runtime *rt, struct handling *h,
    struct registration *r)
{
	char	 iso[16];

	if (registration_date(rt, h->cls, h->mail, r) != 0)
		return;
	r->has_date = 1;
	date_iso(&r->date, iso, sizeof iso);
	h->audit_date = xstrdup(iso);
	if (registration_open(rt, r) != 0)
		return;
	(void)registration_schools(rt, h, r);
}

/* Handle a registration; -1 (with cause) only when state cannot be saved. */
int
registration_handle(struct runtime *rt, struct handling *h, char **cause)
{
	struct registration	 r;
	int			 rc;

	memset(&r, 0, sizeof r);
	h->folder = pipeline_folder("aanmelding");
	if (h->from.role != DB_ROLE_BOC || h->from.board == NULL ||
	    (r.board = db_board_get(rt->db, h->from.board)) == NULL)
		return (pipeline_refuse_sender(rt, h, "geen bekende BOC",
		    "niet beantwoord"));
	registration_decide(rt, h, &r);
	h->outcome = r.reason == NULL ? "accepted" : "rejected";
	if (r.reason != NULL)
		h->reason = xstrdup(r.reason);
	rc = registration_apply(rt, h, &r, cause);
	school_list_free(r.all, r.nall);
	board_free(r.board);
	free(r.reason);
	return (rc);
}
