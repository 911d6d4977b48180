/* SPDX-License-Identifier: ISC */
/*
 * The coordinator's daily digest: per upcoming audit date every
 * registered school and how far it is, the deadlines of the next two
 * weeks, what is overdue, what needs a human (strangers, questions,
 * files nobody could place, mail waiting for review, mail that could not
 * be delivered, the connections) and what happened since the previous
 * digest. One a day at [partnership] digest_time: the day is claimed in
 * the transaction that queues it, so a restart or a second --once run
 * never sends it twice.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "bundle.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "digest.h"
#include "log.h"
#include "nldate.h"
#include "outbox.h"
#include "procedure.h"
#include "runtime.h"
#include "template.h"
#include "xmalloc.h"

#define DIGEST_AHEAD_DAYS	14	/* deadlines shown this far ahead */

static const char *const digest_classes[] = {
	"aanmelding", "documenten", "reflectie", "checklist", "vraag",
	"automatisch", "onbekend", NULL
};

struct digest {
	struct runtime	*rt;
	struct tvars	*v;
	struct date	 today;
	char		*since;		/* the previous digest (UTC), or NULL */
	long		 counts[8];	/* per digest_classes index */
	long		 sent;
};

/* The audit date whose schools are being listed. */
struct digest_school {
	struct digest	*d;
	struct tvars	*date_item;	/* the audit date's entry */
	struct date	 date;		/* the audit date */
	struct preg	*regs;		/* its registrations */
	size_t		 n;
};

static void
digest_shift(const struct date *d, long days, struct date *out)
{
	date_from_days(date_to_days(d) + days, out);
}

/* A UTC ISO time as people read it here: "5-12 09:12". */
static void
digest_when(const char *iso, char *out, size_t size)
{
	clock_format_local(iso, "%d-%m %H:%M", out, size);
}

/* Overdue: the bundle after D-21, distribution at D-7, reflection after D+7. */
static void
digest_overdue(struct digest_school *s, const struct db_registration *r,
    const struct bundle *b, const char *state)
{
	const struct config	*cf = s->d->rt->cf;
	struct tvars		*item;
	struct date		 due;
	char			 text[64];

	digest_shift(&s->date, -cf->documents_days_before, &due);
	if (!b->complete && date_cmp(&s->d->today, &due) > 0 &&
	    date_cmp(&s->d->today, &s->date) <= 0 &&
	    (r->verdict == NULL || strcmp(r->verdict, "te-laat") != 0)) {
		item = tvars_add(s->d->v, "te_laat");
		tvars_setf(item, "wat", "documenten (%s)", state);
		tvars_setf(item, "school", "%s (%s)", r->school, r->board);
		nldate_format(&due, text, sizeof text);
		tvars_set(item, "sinds", text);
	}
	/* Not sent to the table by D-7 (the not invited are never sent). */
	digest_shift(&s->date, -cf->distribution_days_before, &due);
	if (r->distributed_at == NULL && date_cmp(&s->d->today, &due) >= 0 &&
	    date_cmp(&s->d->today, &s->date) <= 0 && (r->verdict == NULL ||
	    strcmp(r->verdict, "uitgenodigd") == 0 ||
	    strcmp(r->verdict, "onleesbaar") == 0)) {
		item = tvars_add(s->d->v, "te_laat");
		tvars_set(item, "wat", "documenten naar de deelnemers");
		tvars_setf(item, "school", "%s (%s)", r->school, r->board);
		nldate_format(&due, text, sizeof text);
		tvars_set(item, "sinds", text);
	}
	digest_shift(&s->date, cf->reflection_days_after, &due);
	if (r->reflection_at == NULL && r->verdict != NULL &&
	    strcmp(r->verdict, "uitgenodigd") == 0 &&
	    date_cmp(&s->d->today, &due) > 0) {
		item = tvars_add(s->d->v, "te_laat");
		tvars_set(item, "wat", "reflectieformat");
		tvars_setf(item, "school", "%s (%s)", r->school, r->board);
		nldate_format(&due, text, sizeof text);
		tvars_set(item, "sinds", text);
	}
}

/* "tafel 2, met OBS A, CBS B en OBS C"; empty when not at a table. */
static void
digest_table(struct digest_school *s, const struct db_registration *r,
    struct tvars *item)
{
	struct buf	 b;
	size_t		 i, k = 0, mates = 0;

	if (r->table_no == 0) {
		tvars_set(item, "tafel", "nog niet ingedeeld");
		return;
	}
	for (i = 0; i < s->n; i++)
		mates += s->regs[i].table_no == r->table_no &&
		    strcmp(s->regs[i].brin, r->brin) != 0;
	buf_init(&b, 256);
	buf_printf(&b, "tafel %d", r->table_no);
	for (i = 0; i < s->n; i++) {
		if (s->regs[i].table_no != r->table_no ||
		    strcmp(s->regs[i].brin, r->brin) == 0)
			continue;
		k++;
		buf_printf(&b, "%s%s", k == 1 ? ", met " : k == mates ?
		    " en " : ", ", s->regs[i].school);
	}
	tvars_set(item, "tafel", b.data);
	buf_clear(&b);
}

/* "checklist: 6 van 7 criteria gevonden, uitgenodigd". */
static void
digest_verdict(const struct db_registration *r, const struct bundle *b,
    struct tvars *item)
{
	if (r->verdict == NULL)
		tvars_set(item, "oordeel", b->checklist ? "checklist "
		    "ontvangen" : "nog geen checklist");
	else if (strcmp(r->verdict, "te-laat") == 0)
		tvars_set(item, "oordeel", "niet uitgenodigd: documenten te "
		    "laat (late_policy)");
	else if (strcmp(r->verdict, "onleesbaar") == 0)
		tvars_set(item, "oordeel", "checklist niet leesbaar: oordeel "
		    "vastleggen met hercertctl verdict");
	else if (r->missing >= 0)
		tvars_setf(item, "oordeel", "checklist: %d van 7 criteria "
		    "gevonden, %s", 7 - r->missing,
		    strcmp(r->verdict, "uitgenodigd") == 0 ? "uitgenodigd" :
		    "niet uitgenodigd");
	else
		tvars_setf(item, "oordeel", "%s (door de coördinator)",
		    strcmp(r->verdict, "uitgenodigd") == 0 ? "uitgenodigd" :
		    "niet uitgenodigd");
}

static void
digest_moment(struct tvars *item, const char *name, const char *iso,
    const char *yes, const char *no)
{
	char	 when[32];

	if (iso == NULL) {
		tvars_set(item, name, no);
		return;
	}
	digest_when(iso, when, sizeof when);
	tvars_setf(item, name, "%s (%s)", yes, when);
}

/* What the procedure cannot decide alone goes to the coordinator. */
static void
digest_human(struct digest_school *s, const struct db_registration *r)
{
	struct tvars	*item;
	const char	*why = NULL, *what = "indeling";

	if (r->verdict != NULL && strcmp(r->verdict, "onleesbaar") == 0) {
		what = "checklist";
		why = "niet leesbaar: leg het oordeel vast met hercertctl "
		    "verdict";
	}
	else if (r->certified_at == NULL && date_cmp(&s->d->today,
	    &s->date) <= 0 && procedure_reached(&s->date,
	    1 - s->d->rt->cf->documents_days_before) &&
	    (r->table_no == 0 || r->auditor == NULL) &&
	    (r->verdict == NULL || strcmp(r->verdict, "te-laat") != 0))
		why = r->table_no == 0 ? "geen gesprekstafel: deel in met "
		    "hercertctl assign" : "geen auditor zonder banden: wijs "
		    "toe met hercertctl assign";
	if (why == NULL)
		return;
	item = tvars_add(s->d->v, "handmatig");
	tvars_setf(item, "van", "%s (%s)", r->school, r->brin);
	tvars_set(item, "onderwerp", what);
	tvars_set(item, "reden", why);
}

static int
digest_school(void *arg, const struct db_registration *r)
{
	struct digest_school	*s = arg;
	struct tvars		*item;
	struct bundle		 b;
	struct date		 until;
	char			 state[128], *name;

	if (bundle_read(s->d->rt, r->brin, r->audit_date, &b) != 0)
		return (-1);
	bundle_missing_text(&b, state, sizeof state);
	item = tvars_add(s->date_item, "scholen");
	tvars_set(item, "naam", r->school);
	tvars_set(item, "brin", r->brin);
	tvars_set(item, "bestuur", r->board);
	tvars_set(item, "documenten", state);
	if (r->auditor != NULL) {
		name = db_auditor_name(s->d->rt->db, r->auditor);
		tvars_set(item, "auditor", name != NULL ? name : r->auditor);
		free(name);
	} else
		tvars_set(item, "auditor", r->table_no > 0 ? "geen auditor "
		    "zonder banden" : "nog niet toegewezen");
	digest_verdict(r, &b, item);
	digest_table(s, r, item);
	digest_moment(item, "verspreid", r->distributed_at, "ja", "nee");
	digest_moment(item, "reflectie", r->reflection_at, "ontvangen",
	    "nog niet");
	if (r->certified_at != NULL && r->valid_until != NULL &&
	    date_parse_iso(r->valid_until, &until) == 0) {
		nldate_format(&until, state, sizeof state);
		tvars_setf(item, "certificaat", "verstuurd, geldig tot %s",
		    state);
	} else
		tvars_set(item, "certificaat", "nog niet");
	digest_overdue(s, r, &b, state);
	digest_human(s, r);
	return (0);
}

/* Per upcoming audit date (from today on), the registered schools. */
static int
digest_dates(struct digest *d)
{
	struct digest_school	 s;
	char			**dates, text[64];
	size_t			 n, i;
	int			 rc = 0;

	memset(&s, 0, sizeof s);
	s.d = d;
	dates = db_audit_dates(d->rt->db, &n);
	for (i = 0; i < n && rc == 0; i++) {
		if (date_parse_iso(dates[i], &s.date) != 0)
			continue;
		/* Past dates stay while reflections can still come in. */
		if (date_to_days(&s.date) + d->rt->cf->reflection_days_after +
		    DIGEST_AHEAD_DAYS < date_to_days(&d->today))
			continue;
		s.date_item = tvars_add(d->v, "auditdata");
		nldate_format(&s.date, text, sizeof text);
		tvars_set(s.date_item, "datum", text);
		s.regs = procedure_regs(d->rt, dates[i], &s.n);
		rc = db_registrations_each(d->rt->db, dates[i], NULL,
		    digest_school, &s);
		procedure_regs_free(s.regs, s.n);
	}
	db_strings_free(dates, n);
	return (rc);
}

struct digest_count {
	const char	*date;
	size_t		 n;
};

static int
digest_count_school(void *arg, const struct db_registration *r)
{
	struct digest_count	*c = arg;

	(void)r;
	c->n++;
	return (0);
}

/* One moment of an audit date, if it falls in the next 14 days. */
static void
digest_moment_ahead(struct digest *d, const struct date *date, long offset,
    const char *what, size_t schools)
{
	struct tvars	*item;
	struct date	 when;
	char		 text[64];
	long		 ahead;

	digest_shift(date, offset, &when);
	ahead = date_to_days(&when) - date_to_days(&d->today);
	if (ahead < 0 || ahead > DIGEST_AHEAD_DAYS)
		return;
	item = tvars_add(d->v, "termijnen");
	nldate_format(&when, text, sizeof text);
	tvars_set(item, "datum", text);
	tvars_set(item, "wat", what);
	nldate_format(date, text, sizeof text);
	tvars_setf(item, "school", "%zu %s voor %s", schools, schools == 1 ?
	    "school" : "scholen", text);
}

/* The moments of the procedure in the next DIGEST_AHEAD_DAYS days. */
static void
digest_deadlines(struct digest *d)
{
	const struct config	*cf = d->rt->cf;
	const struct config_list *r = &cf->documents_reminder_days_before;
	struct digest_count	 c;
	struct date		 date;
	char			**dates;
	size_t			 n, i, k;

	dates = db_audit_dates(d->rt->db, &n);
	for (i = 0; i < n; i++) {
		c.date = dates[i];
		c.n = 0;
		if (date_parse_iso(dates[i], &date) != 0 ||
		    db_registrations_each(d->rt->db, dates[i], NULL,
		    digest_count_school, &c) != 0 || c.n == 0)
			continue;
		for (k = 0; k < r->n; k++)
			digest_moment_ahead(d, &date, -r->v[k], k == 0 ?
			    "herinnering documenten" : "volgende herinnering "
			    "documenten", c.n);
		digest_moment_ahead(d, &date, -cf->documents_days_before,
		    "documenten binnen (einde dag)", c.n);
		digest_moment_ahead(d, &date, -cf->distribution_days_before,
		    "documenten naar de deelnemers", c.n);
		digest_moment_ahead(d, &date, 0, "audit", c.n);
		digest_moment_ahead(d, &date, 1, "herinnering reflectie", c.n);
		digest_moment_ahead(d, &date, cf->reflection_days_after,
		    "reflectie binnen (einde dag)", c.n);
	}
	db_strings_free(dates, n);
}

static int
digest_since(const struct digest *d, const char *when)
{
	return (d->since == NULL || (when != NULL &&
	    strcmp(when, d->since) >= 0));
}

/* A mail since the previous digest: counted, and listed if it needs one. */
static int
digest_message(void *arg, const struct db_message *m)
{
	struct digest	*d = arg;
	struct tvars	*item = NULL;
	char		 when[32];
	size_t		 i;

	if (!digest_since(d, m->processed_at))
		return (0);
	for (i = 0; digest_classes[i] != NULL; i++) {
		if (strcmp(m->class, digest_classes[i]) == 0)
			d->counts[i]++;
	}
	if (strcmp(m->outcome, "duplicate") == 0)
		return (0);
	if (strcmp(m->class, "vraag") == 0)
		item = tvars_add(d->v, "vragen");
	else if (strcmp(m->role, "unknown") == 0 &&
	    strcmp(m->class, "automatisch") != 0)
		item = tvars_add(d->v, "onbekende_afzenders");
	else if (strcmp(m->outcome, "review") == 0 ||
	    strcmp(m->outcome, "set-aside") == 0) {
		item = tvars_add(d->v, "handmatig");
		tvars_set(item, "reden", m->reason);
	}
	if (item == NULL)
		return (0);
	tvars_set(item, "van", m->sender != NULL ? m->sender : "(onbekend)");
	tvars_set(item, "onderwerp", m->subject != NULL ? m->subject : "");
	digest_when(m->processed_at, when, sizeof when);
	tvars_set(item, "ontvangen", when);
	return (0);
}

/* Mail that failed for good or bounced since the previous digest. */
static int
digest_outbox(void *arg, const struct db_outbox *o)
{
	struct digest	*d = arg;
	struct tvars	*item;

	if (strcmp(o->state, "sent") == 0 && digest_since(d, o->sent_at))
		d->sent++;
	/* Failed or bounced since the previous day's digest. */
	if (o->failed_at == NULL || !digest_since(d, o->failed_at))
		return (0);
	item = tvars_add(d->v, "mislukt");
	tvars_set(item, "aan", o->rcpt);
	tvars_set(item, "soort", o->kind);
	tvars_set(item, "fout", o->last_error != NULL ? o->last_error :
	    "onbekende fout");
	return (0);
}

static int
digest_unplaced(void *arg, const char *name, long message)
{
	struct digest	*d = arg;
	struct tvars	*item;

	item = tvars_add(d->v, "niet_toegewezen");
	tvars_set(item, "naam", name);
	tvars_setf(item, "bericht", "bericht %ld", message);
	return (0);
}

/* How a connection fared: "in orde", or the last error with its time. */
static void
digest_health(struct digest *d, const char *name, const char *var)
{
	char	*state, *ok_at, when[32];
	int	 rc;

	rc = db_health_get(d->rt->db, name, &state, &ok_at);
	if (rc != 1)
		tvars_set(d->v, var, "nog niet gebruikt");
	else if (strcmp(state, "ok") == 0)
		tvars_set(d->v, var, "in orde");
	else {
		digest_when(ok_at, when, sizeof when);
		tvars_setf(d->v, var, "fout: %s (laatst in orde: %s)", state,
		    ok_at != NULL ? when : "nooit");
	}
	if (rc == 1 && strcmp(name, "imap") == 0) {
		digest_when(ok_at, when, sizeof when);
		tvars_set(d->v, "laatste_ophaling", ok_at != NULL ? when :
		    "nooit");
	}
	free(state);
	free(ok_at);
}

static void
digest_counts(struct digest *d)
{
	struct tvars	*item;
	char		 when[32];
	size_t		 i;

	for (i = 0; digest_classes[i] != NULL; i++) {
		if (d->counts[i] == 0)
			continue;
		item = tvars_add(d->v, "tellingen");
		tvars_setf(item, "wat", "mails: %s", digest_classes[i]);
		tvars_setf(item, "aantal", "%ld", d->counts[i]);
	}
	item = tvars_add(d->v, "tellingen");
	tvars_set(item, "wat", "verstuurde mails");
	tvars_setf(item, "aantal", "%ld", d->sent);
	digest_when(d->since, when, sizeof when);
	tvars_set(d->v, "sinds", d->since != NULL ? when : "het begin");
}

/* The values of the digest of today; NULL on a database error. */
struct tvars *
digest_vars(struct runtime *rt)
{
	struct digest	 d;
	char		 text[64], day[16];

	memset(&d, 0, sizeof d);
	d.rt = rt;
	d.v = tvars_create();
	date_today(clock_now(), &d.today);
	date_iso(&d.today, day, sizeof day);
	/* Since the previous day's digest: the same for a reprint today. */
	if (db_digest_before(rt->db, day, &d.since) != 0 ||
	    digest_dates(&d) != 0 ||
	    db_messages_each(rt->db, digest_message, &d) != 0 ||
	    db_outbox_each(rt->db, digest_outbox, &d) != 0 ||
	    db_files_unplaced(rt->db, d.since, digest_unplaced, &d) != 0) {
		tvars_free(d.v);
		free(d.since);
		return (NULL);
	}
	digest_deadlines(&d);
	digest_health(&d, "imap", "imap_status");
	digest_health(&d, "smtp", "smtp_status");
	if (rt->cf->oauth2_token_url == NULL)
		tvars_set(d.v, "oauth2_status", "niet gebruikt");
	else
		digest_health(&d, "oauth2", "oauth2_status");
	digest_counts(&d);
	nldate_format(&d.today, text, sizeof text);
	tvars_set(d.v, "vandaag", text);
	tvars_set(d.v, "partnerschap", rt->cf->partnership_name);
	tvars_set(d.v, "adres", rt->cf->smtp_from);
	tvars_set(d.v, "coordinator_naam", rt->cf->coordinator_name);
	free(d.since);
	return (d.v);
}

/* Whether the local time of day has reached HH:MM ("off": never). */
static int
digest_time_reached(const char *hhmm)
{
	struct tm	 tm;
	time_t		 now = clock_now();
	int		 h, m;

	if (sscanf(hhmm, "%2d:%2d", &h, &m) != 2)
		return (0);
	localtime_r(&now, &tm);
	return (tm.tm_hour * 60 + tm.tm_min >= h * 60 + m);
}

/*
 * Queue today's digest if it is time and it was not queued yet; 1 queued,
 * 0 nothing to do, -1 error (cause set).
 */
int
digest_run(struct runtime *rt, char **cause)
{
	struct outbox_mail	 om;
	struct tvars		*v;
	struct date		 today;
	char			 day[16], *seed;
	int			 rc;

	if (rt->cf->coordinator == NULL ||
	    !digest_time_reached(rt->cf->digest_time))
		return (0);
	date_today(clock_now(), &today);
	date_iso(&today, day, sizeof day);
	if ((v = digest_vars(rt)) == NULL) {
		*cause = xstrdup(db_error(rt->db));
		return (-1);
	}
	seed = xasprintf("digest %s", day);
	memset(&om, 0, sizeof om);
	om.kind = "digest";
	om.vars = v;
	om.to_addr = rt->cf->coordinator;
	om.to_name = rt->cf->coordinator_name;
	om.seed = seed;
	if ((rc = db_begin(rt->db)) == 0 &&
	    (rc = db_digest_claim(rt->db, day, 0)) == 1 &&
	    outbox_queue(rt, &om, cause) == 0 && db_commit(rt->db) == 0) {
		log_info("digest: %s queued for %s", day, rt->cf->coordinator);
		rc = 1;
	} else if (rc == 0) {
		db_rollback(rt->db);	/* queued before: nothing to do */
	} else {
		if (*cause == NULL)
			*cause = xstrdup(db_error(rt->db));
		db_rollback(rt->db);
		rc = -1;
	}
	free(seed);
	tvars_free(v);
	return (rc);
}

/* Print today's digest (text, or its HTML) without sending it. */
int
digest_print(struct runtime *rt, int html, FILE *f)
{
	const struct template	*t;
	struct tvars		*v;
	char			*text, *cause = NULL;

	if ((t = runtime_template(rt, html ? "digest.html" : "digest")) ==
	    NULL) {
		fprintf(stderr, "hercertctl: no template %s in %s\n",
		    html ? "digest.html" : "digest", rt->cf->templates_dir);
		return (-1);
	}
	if ((v = digest_vars(rt)) == NULL) {
		fprintf(stderr, "hercertctl: %s\n", db_error(rt->db));
		return (-1);
	}
	text = template_render(t, v, &cause);
	tvars_free(v);
	if (text == NULL) {
		fprintf(stderr, "hercertctl: %s\n", cause);
		free(cause);
		return (-1);
	}
	fputs(text, f);
	free(text);
	return (0);
}
