/* SPDX-License-Identifier: ISC */
/*
 * Certificaat: a school whose checklist passed and whose reflection is in
 * gets the certificate (a PDF made by certdoc.c, kept in the archive)
 * with the checklist and the reflection attached, valid certificate_years
 * from the audit date. 12 and 6 months before a certificate runs out the
 * BOC hears that the school must come back.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certdoc.h"
#include "config.h"
#include "db.h"
#include "fsutil.h"
#include "log.h"
#include "message.h"
#include "nldate.h"
#include "outbox.h"
#include "procedure.h"
#include "runtime.h"
#include "safename.h"
#include "template.h"
#include "xmalloc.h"

#define CERTIFICATE_STALE_DAYS	30	/* a renewal notice this late: not */
#define CERTIFICATE_WITHIN_DAYS	366	/* after the audit, at the latest */

struct certificate {
	struct runtime		*rt;
	struct preg		*r;
	struct date		 date, until;
	struct school		*s;
	struct board		*b;
	char			 until_iso[16];
	struct procedure_files	 pf;
	struct procedure_batch	 mails;
};

/* The same day some years on (29 February: the 28th). */
static void
certificate_until(const struct date *d, int years, struct date *out)
{
	*out = *d;
	out->year += years;
	if (!date_valid(out))
		out->day = 28;
}

/* Make the certificate PDF in the school's archive; its path, or NULL. */
static char *
certificate_pdf(struct certificate *c)
{
	struct certdoc	 doc;
	char		 at[64], until[64], today_text[64], *pdf, *slug;
	char		*dir, *path, *tmp, *cause = NULL;
	struct date	 today;
	size_t		 len;

	date_today(clock_now(), &today);
	nldate_format(&c->date, at, sizeof at);
	nldate_format(&c->until, until, sizeof until);
	nldate_format(&today, today_text, sizeof today_text);
	memset(&doc, 0, sizeof doc);
	doc.partnership = c->rt->cf->partnership_name;
	doc.school = c->s->name;
	doc.place = c->s->place;
	doc.brin = c->s->brin;
	doc.board = c->b != NULL ? c->b->name : NULL;
	doc.audit_date = at;
	doc.valid_until = until;
	doc.issued = today_text;
	if ((pdf = certdoc_pdf(&doc, &len, &cause)) == NULL) {
		log_warnx("certificate: %s: %s", c->s->brin, cause);
		free(cause);
		return (NULL);
	}
	slug = safename_slug(c->s->name);
	dir = xasprintf("%s/archief/%s/%s/%s-%s/certificaat",
	    c->rt->cf->state_dir, c->r->date, c->s->board, c->s->brin, slug);
	path = xasprintf("%s/certificaat-hercertificering-%s.pdf", dir,
	    c->s->brin);
	tmp = xasprintf("%s.tmp", path);
	if (fsutil_mkdirs(dir, &cause) != 0 ||
	    fsutil_write_durable(tmp, path, pdf, len, &cause) != 0) {
		log_warnx("certificate: %s: %s", path, cause);
		free(cause);
		free(path);
		path = NULL;
	}
	free(tmp);
	free(dir);
	free(slug);
	free(pdf);
	return (path);
}

static void
certificate_to(struct certificate *c, const char *name, const char *addr)
{
	struct tvars	*v;

	v = procedure_batch_add(&c->mails, "certificaat", name, addr);
	procedure_batch_attach(&c->mails, &c->pf);
	procedure_school_vars(c->rt, v, c->r->brin);
	procedure_date(v, "datum", &c->date, 0);
	procedure_date(v, "geldig_tot", &c->until, 0);
	tvars_set(v, "ontvanger_naam", name);
	procedure_files_fill(&c->pf, v);
}

static void
certificate_recipients(struct certificate *c)
{
	char	 name[256], addr[256];
	size_t	 k;

	for (k = 0; procedure_field(c->s->schoolopleider_email, k, addr,
	    sizeof addr); k++) {
		if (!procedure_field(c->s->schoolopleider_name, k, name,
		    sizeof name))
			name[0] = '\0';
		certificate_to(c, name, addr);
	}
	if (!procedure_field(c->s->directeur_name, 0, name, sizeof name))
		name[0] = '\0';
	if (procedure_field(c->s->directeur_email, 0, addr, sizeof addr))
		certificate_to(c, name, addr);
	if (c->b != NULL)
		certificate_to(c, c->b->boc_name, c->b->boc_email);
}

static int
certificate_apply(struct runtime *rt, void *arg)
{
	struct certificate	*c = arg;

	if (db_registration_stamp(rt->db, c->r->brin, c->r->date,
	    DB_STAMP_CERTIFIED, c->until_iso) != 0 ||
	    db_school_certified(rt->db, c->r->brin, c->until_iso) != 0)
		return (-1);
	return (0);
}

static int
certificate_send(struct certificate *c, char **cause)
{
	struct procedure_event	 ev;
	char			*pdf, *key, *what, *name;
	int			 rc;

	c->pf.rt = c->mails.rt = c->rt;
	if ((pdf = certificate_pdf(c)) != NULL) {
		name = xasprintf("Certificaat hercertificering %s.pdf",
		    c->s->name);
		procedure_files_own(&c->pf, name, pdf, "application/pdf",
		    "certificaat");
		free(name);
	}
	if (procedure_files_add(&c->pf, c->r->brin, c->r->date,
	    "checklist") != 0 || procedure_files_add(&c->pf, c->r->brin,
	    c->r->date, "reflectie") != 0)
		return (0);
	certificate_recipients(c);
	key = xasprintf("certificaat %s %s", c->r->brin, c->r->date);
	what = xasprintf("certificaat verstuurd, geldig tot %s", c->until_iso);
	procedure_event_init(&ev, key, c->r->brin, c->r->date, what, &c->mails);
	ev.apply = certificate_apply;
	ev.arg = c;
	rc = procedure_once(c->rt, &ev, cause) < 0 ? -1 : 0;
	procedure_batch_clear(&c->mails);
	free(what);
	free(key);
	return (rc);
}

/* Certificates for the schools of a date that passed; 0 or -1. */
int
certificate_date(struct runtime *rt, const char *date, char **cause)
{
	struct certificate	 c;
	struct preg		*regs;
	struct date		 d;
	size_t			 n, i;
	int			 rc = 0;

	/* From the audit on, for a year: a reflection can come late. */
	if (date_parse_iso(date, &d) != 0 || !procedure_reached(&d, 0) ||
	    procedure_reached(&d, CERTIFICATE_WITHIN_DAYS))
		return (0);
	regs = procedure_regs(rt, date, &n);
	for (i = 0; i < n && rc == 0; i++) {
		if (regs[i].verdict == NULL ||
		    strcmp(regs[i].verdict, "uitgenodigd") != 0 ||
		    regs[i].reflection_at == NULL ||
		    regs[i].certified_at != NULL)
			continue;
		memset(&c, 0, sizeof c);
		c.rt = rt;
		c.r = &regs[i];
		if (date_parse_iso(date, &c.date) != 0 ||
		    (c.s = db_school_get(rt->db, regs[i].brin)) == NULL)
			continue;
		c.b = db_board_get(rt->db, c.s->board);
		certificate_until(&c.date, rt->cf->certificate_years, &c.until);
		date_iso(&c.until, c.until_iso, sizeof c.until_iso);
		rc = certificate_send(&c, cause);
		procedure_files_clear(&c.pf);
		school_free(c.s);
		board_free(c.b);
	}
	procedure_regs_free(regs, n);
	return (rc);
}

struct certificate_renewal {
	char	*brin;
	char	*until;
};

struct certificate_renewals {
	struct certificate_renewal	*list;
	size_t				 n;
};

static int
certificate_collect(void *arg, const char *brin, const char *until)
{
	struct certificate_renewals	*cr = arg;

	cr->list = xreallocarray(cr->list, cr->n + 1, sizeof *cr->list);
	cr->list[cr->n].brin = xstrdup(brin);
	cr->list[cr->n++].until = xstrdup(until);
	return (0);
}

/* The date some months before d (the day clamped to the month). */
static void
certificate_months_before(const struct date *d, int months, struct date *out)
{
	long	 m = (long)d->year * 12 + (d->month - 1) - months;

	out->year = (int)(m / 12);
	out->month = (int)(m % 12) + 1;
	out->day = d->day;
	while (!date_valid(out))
		out->day--;
}

/* Which reminder is due: months (12, 6), or 0. */
static int
certificate_renewal_due(struct runtime *rt, const struct date *until)
{
	const struct config_list *l = &rt->cf->recertify_reminder_months;
	struct date	 moment, today;
	size_t		 i;
	int		 which = 0;

	date_today(clock_now(), &today);
	if (date_cmp(&today, until) >= 0)
		return (0);
	for (i = 0; i < l->n; i++) {
		certificate_months_before(until, l->v[i], &moment);
		if (procedure_reached(&moment, 0) && date_to_days(&today) -
		    date_to_days(&moment) <= CERTIFICATE_STALE_DAYS)
			which = l->v[i];
	}
	return (which);
}

static int
certificate_renewal(struct runtime *rt, const struct certificate_renewal *cr,
    char **cause)
{
	struct procedure_batch	 pb = { .rt = rt };
	struct procedure_event	 ev;
	struct tvars		*v;
	struct school		*s;
	struct board		*b;
	struct date		 until, today;
	char			 today_iso[16], *latest = NULL, *key, *what;
	int			 months, registered, rc;

	date_today(clock_now(), &today);
	date_iso(&today, today_iso, sizeof today_iso);
	if (date_parse_iso(cr->until, &until) != 0 ||
	    (months = certificate_renewal_due(rt, &until)) == 0)
		return (0);
	key = xasprintf("hercertificering-%d %s %s", months, cr->brin,
	    cr->until);
	/* Registered for a coming date: the school is on its way. */
	registered = procedure_done(rt, key) ? -1 :
	    db_registration_date(rt->db, cr->brin, &latest);
	if (registered == -1 || (registered == 1 &&
	    strcmp(latest, today_iso) >= 0) ||
	    (s = db_school_get(rt->db, cr->brin)) == NULL) {
		free(latest);
		free(key);
		return (0);
	}
	free(latest);
	b = db_board_get(rt->db, s->board);
	v = procedure_batch_add(&pb, "hercertificering-nodig",
	    b != NULL ? b->boc_name : NULL, b != NULL ? b->boc_email : NULL);
	procedure_school_vars(rt, v, cr->brin);
	procedure_date(v, "geldig_tot", &until, 0);
	tvars_setf(v, "maanden", "%d", months);
	procedure_next_dates(rt, v, &today, &until);
	what = xasprintf("BOC herinnerd: certificaat loopt over %d maanden "
	    "af", months);
	procedure_event_init(&ev, key, cr->brin, NULL, what, &pb);
	rc = procedure_once(rt, &ev, cause) < 0 ? -1 : 0;
	procedure_batch_clear(&pb);
	free(what);
	free(key);
	board_free(b);
	school_free(s);
	return (rc);
}

/*
 * Remind BOCs of certificates that run out (recertify_reminder_months),
 * for schools not registered for a coming date; 0 or -1.
 */
int
certificate_renewals(struct runtime *rt, char **cause)
{
	struct certificate_renewals	 cr;
	size_t				 i;
	int				 rc = 0;

	memset(&cr, 0, sizeof cr);
	if (db_certificates_each(rt->db, certificate_collect, &cr) != 0) {
		*cause = xstrdup(db_error(rt->db));
		rc = -1;
	}
	for (i = 0; i < cr.n && rc == 0; i++)
		rc = certificate_renewal(rt, &cr.list[i], cause);
	for (i = 0; i < cr.n; i++) {
		free(cr.list[i].brin);
		free(cr.list[i].until);
	}
	free(cr.list);
	return (rc);
}
