/* SPDX-License-Identifier: ISC */
/*
 * The clock's side of the procedure: each pass looks at every audit date
 * with registrations and does what is due. Everything that must happen
 * once (a reminder, an escalation, a table, a certificate) is claimed by
 * a key in the same transaction as its mail and its change of state, so
 * a restart, a crash or a second --once run never does it twice.
 * Moments on a day are at PROCEDURE_HOUR local time.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "message.h"
#include "nldate.h"
#include "outbox.h"
#include "procedure.h"
#include "runtime.h"
#include "template.h"
#include "xmalloc.h"

/* Whether the clock has reached PROCEDURE_HOUR on day d + days. */
int
procedure_reached(const struct date *d, long days)
{
	return (clock_now() >= clock_local_day(d, days, PROCEDURE_HOUR));
}

/* Queue a batch's mails; seed (with the address) makes their Message-IDs. */
int
procedure_batch_queue(struct procedure_batch *b, const char *seed,
    char **cause)
{
	struct outbox_mail	 om;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; b != NULL && i < b->n && rc == 0; i++) {
		om = b->om[i];
		if (om.to_addr == NULL || !message_address_valid(om.to_addr)) {
			log_warnx("%s: no %s to \"%s\": not a valid address",
			    seed, om.kind, om.to_addr != NULL ? om.to_addr :
			    "");
			continue;
		}
		/* Several mails of one event may go to one address. */
		om.seed = xasprintf("%s %s %zu", seed, om.to_addr, i);
		rc = outbox_queue(b->rt, &om, cause);
		free((char *)(uintptr_t)om.seed);
	}
	return (rc);
}

/* An event with its key, school, date, timeline entry and mails. */
void
procedure_event_init(struct procedure_event *ev, const char *key,
    const char *brin, const char *date, const char *what,
    struct procedure_batch *b)
{
	memset(ev, 0, sizeof *ev);
	ev->key = key;
	ev->brin = brin;
	ev->date = date;
	ev->what = what;
	ev->batch = b;
}

/*
 * Do an event once: claim its key, change the state and queue its mails
 * in one transaction. 1 done now, 0 done before, -1 (cause set).
 */
int
procedure_once(struct runtime *rt, const struct procedure_event *ev,
    char **cause)
{
	char	*what;
	int	 rc;

	if (db_begin(rt->db) != 0) {
		*cause = xstrdup(db_error(rt->db));
		return (-1);
	}
	rc = db_event_claim(rt->db, ev->key, ev->brin, ev->date, ev->what);
	if (rc == 1 && ev->apply != NULL && ev->apply(rt, ev->arg) != 0)
		rc = -1;
	if (rc == 1 && procedure_batch_queue(ev->batch, ev->key, cause) != 0)
		rc = -1;
	if (rc == 1 && db_commit(rt->db) != 0)
		rc = -1;
	if (rc == 1) {
		log_info("procedure: %s", ev->what);
		return (1);
	}
	if (rc == -1) {
		what = *cause != NULL ? *cause : xstrdup(db_error(rt->db));
		*cause = xasprintf("%s: %s", ev->key, what);
		free(what);
	}
	db_rollback(rt->db);
	return (rc);
}

/*
 * Whether an event happened already, so a step need not build its mails
 * again every pass (an error counts as not done: procedure_once decides).
 */
int
procedure_done(struct runtime *rt, const char *key)
{
	return (db_event_exists(rt->db, key) == 1);
}

static char *
procedure_dup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

struct procedure_collect {
	struct preg	*regs;
	size_t		 n;
};

static int
procedure_collect(void *arg, const struct db_registration *r)
{
	struct procedure_collect	*c = arg;
	struct preg			*p;

	c->regs = xreallocarray(c->regs, c->n + 1, sizeof *c->regs);
	p = &c->regs[c->n++];
	p->brin = xstrdup(r->brin);
	p->school = xstrdup(r->school);
	p->board = xstrdup(r->board);
	p->date = xstrdup(r->audit_date);
	p->table_no = r->table_no;
	p->auditor = procedure_dup(r->auditor);
	p->verdict = procedure_dup(r->verdict);
	p->missing = r->missing;
	p->distributed_at = procedure_dup(r->distributed_at);
	p->reflection_at = procedure_dup(r->reflection_at);
	p->certified_at = procedure_dup(r->certified_at);
	return (0);
}

/* The registrations of an audit date, by board and school; NULL: none. */
struct preg *
procedure_regs(struct runtime *rt, const char *date, size_t *n)
{
	struct procedure_collect	 c;

	memset(&c, 0, sizeof c);
	if (db_registrations_each(rt->db, date, NULL, procedure_collect,
	    &c) != 0)
		log_warnx("procedure: %s: %s", date, db_error(rt->db));
	*n = c.n;
	return (c.regs);
}

void
procedure_regs_free(struct preg *regs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(regs[i].brin);
		free(regs[i].school);
		free(regs[i].board);
		free(regs[i].date);
		free(regs[i].auditor);
		free(regs[i].verdict);
		free(regs[i].distributed_at);
		free(regs[i].reflection_at);
		free(regs[i].certified_at);
	}
	free(regs);
}

/* The values every mail has. */
void
procedure_common(struct runtime *rt, struct tvars *v)
{
	tvars_set(v, "partnerschap", rt->cf->partnership_name);
	tvars_set(v, "adres", rt->cf->smtp_from);
	tvars_set(v, "coordinator_naam", rt->cf->coordinator_name);
}

/* A date some days from d, written the Dutch way, as a value. */
void
procedure_date(struct tvars *v, const char *name, const struct date *d,
    long days)
{
	struct date	 day;
	char		 text[64];

	date_from_days(date_to_days(d) + days, &day);
	nldate_format(&day, text, sizeof text);
	tvars_set(v, name, text);
}

/* dagen_te_laat with its unit: "1 dag", "3 dagen". */
void
procedure_days_late(struct tvars *v, long days)
{
	tvars_setf(v, "dagen_te_laat", "%ld %s", days, days == 1 ? "dag" :
	    "dagen");
}

/* school, school_plaats, brin, bestuur_naam, boc_naam, boc_email. */
void
procedure_school_vars(struct runtime *rt, struct tvars *v, const char *brin)
{
	struct school	*s = db_school_get(rt->db, brin);
	struct board	*b = s != NULL ? db_board_get(rt->db, s->board) : NULL;

	tvars_set(v, "brin", brin);
	if (s != NULL) {
		tvars_set(v, "school", s->name);
		tvars_set(v, "school_plaats", s->place);
	}
	if (b != NULL) {
		tvars_set(v, "bestuur_naam", b->name);
		tvars_set(v, "boc_naam", b->boc_name);
		tvars_set(v, "boc_email", b->boc_email);
	}
	board_free(b);
	school_free(s);
}

/*
 * volgende_data: audit dates after d (and before until, if given) still
 * open for registration.
 */
void
procedure_next_dates(struct runtime *rt, struct tvars *v,
    const struct date *d, const struct date *until)
{
	struct tvars	*item;
	struct date	 next, today;
	char		**dates;
	size_t		 n, i;

	date_today(clock_now(), &today);
	dates = db_audit_dates(rt->db, &n);
	for (i = 0; i < n; i++) {
		if (date_parse_iso(dates[i], &next) != 0 ||
		    date_cmp(&next, d) <= 0 || (until != NULL &&
		    date_cmp(&next, until) >= 0) || date_to_days(&next) -
		    rt->cf->registration_closes_days_before <
		    date_to_days(&today))
			continue;
		item = tvars_add(v, "volgende_data");
		procedure_date(item, "datum", &next, 0);
		procedure_date(item, "documenten_uiterlijk", &next,
		    -rt->cf->documents_days_before);
	}
	db_strings_free(dates, n);
}

static int
procedure_file(void *arg, const struct db_kept *k)
{
	struct procedure_files	*pf = arg;
	struct procedure_item	*item;
	struct outfile		*f;

	pf->items = xreallocarray(pf->items, pf->nitems + 1,
	    sizeof *pf->items);
	item = &pf->items[pf->nitems++];
	item->name = xstrdup(k->name);
	item->kind = bundle_kind_words(k->kind);
	item->school = pf->school != NULL ? xstrdup(pf->school) : NULL;
	item->link = k->type != NULL && strcmp(k->type, "link") == 0 ?
	    xstrdup(k->name) : NULL;
	if (k->path == NULL)
		return (0);	/* a link, or the same bytes as another file */
	pf->files = xreallocarray(pf->files, pf->n + 1, sizeof *pf->files);
	f = &pf->files[pf->n++];
	f->name = xstrdup(k->name);
	f->path = xasprintf("%s/%s", pf->rt->cf->state_dir, k->path);
	f->type = k->type != NULL && strchr(k->type, '/') != NULL ?
	    xstrdup(k->type) : NULL;
	return (0);
}

/* Collect the kept files of a school of one kind (NULL: all); 0 or -1. */
int
procedure_files_add(struct procedure_files *pf, const char *brin,
    const char *date, const char *kind)
{
	return (db_kept_each(pf->rt->db, brin, date, kind, procedure_file,
	    pf));
}

/* Attach a file made here (path taken over), listed with its kind. */
void
procedure_files_own(struct procedure_files *pf, const char *name,
    char *path, const char *type, const char *kind)
{
	struct procedure_item	*item;
	struct outfile		*f;

	pf->files = xreallocarray(pf->files, pf->n + 1, sizeof *pf->files);
	f = &pf->files[pf->n++];
	f->name = xstrdup(name);
	f->path = path;
	f->type = xstrdup(type);
	pf->items = xreallocarray(pf->items, pf->nitems + 1,
	    sizeof *pf->items);
	item = &pf->items[pf->nitems++];
	memset(item, 0, sizeof *item);
	item->name = xstrdup(name);
	item->kind = kind;
}

/* The list bestanden (naam, soort, school, link) of the files. */
void
procedure_files_fill(const struct procedure_files *pf, struct tvars *v)
{
	struct tvars	*item;
	size_t		 i;

	for (i = 0; i < pf->nitems; i++) {
		item = tvars_add(v, "bestanden");
		tvars_set(item, "naam", pf->items[i].name);
		tvars_set(item, "soort", pf->items[i].kind);
		tvars_set(item, "school", pf->items[i].school);
		tvars_set(item, "link", pf->items[i].link);
	}
}

void
procedure_files_clear(struct procedure_files *pf)
{
	size_t	 i;

	for (i = 0; i < pf->n; i++) {
		free((char *)(uintptr_t)pf->files[i].name);
		free((char *)(uintptr_t)pf->files[i].path);
		free((char *)(uintptr_t)pf->files[i].type);
	}
	for (i = 0; i < pf->nitems; i++) {
		free(pf->items[i].name);
		free(pf->items[i].school);
		free(pf->items[i].link);
	}
	free(pf->files);
	free(pf->items);
	pf->files = NULL;
	pf->items = NULL;
	pf->n = pf->nitems = 0;
}

/* The n-th of a "|"-separated field, into out; 0 when there is none. */
int
procedure_field(const char *field, size_t n, char *out, size_t size)
{
	const char	*p = field, *bar;
	size_t		 len;

	if (field == NULL)
		return (0);
	while (n-- > 0) {
		if ((p = strchr(p, '|')) == NULL)
			return (0);
		p++;
	}
	bar = strchr(p, '|');
	len = bar != NULL ? (size_t)(bar - p) : strlen(p);
	while (len > 0 && *p == ' ') {
		p++;
		len--;
	}
	while (len > 0 && p[len - 1] == ' ')
		len--;
	if (len == 0 || len >= size)
		return (0);
	memcpy(out, p, len);
	out[len] = '\0';
	return (1);
}

/*
 * Add a mail of a kind to a recipient (the address may be missing: it is
 * skipped when queued); its values, with those every mail has.
 */
struct tvars *
procedure_batch_add(struct procedure_batch *b, const char *kind,
    const char *name, const char *addr)
{
	struct outbox_mail	*om;
	struct tvars		*v = tvars_create();
	char			**who;

	b->om = xreallocarray(b->om, b->n + 1, sizeof *b->om);
	b->vars = xreallocarray(b->vars, b->n + 1, sizeof *b->vars);
	b->who = xreallocarray(b->who, 2 * (b->n + 1), sizeof *b->who);
	who = &b->who[2 * b->n];
	who[0] = name != NULL ? xstrdup(name) : NULL;
	who[1] = addr != NULL ? xstrdup(addr) : NULL;
	om = &b->om[b->n];
	memset(om, 0, sizeof *om);
	om->kind = kind;
	om->vars = v;
	om->to_name = who[0];
	om->to_addr = who[1];
	b->vars[b->n++] = v;
	procedure_common(b->rt, v);
	return (v);
}

/* An escalatie to the coordinator; its values. */
struct tvars *
procedure_batch_escalation(struct procedure_batch *b)
{
	return (procedure_batch_add(b, "escalatie",
	    b->rt->cf->coordinator_name, b->rt->cf->coordinator));
}

/* Attach files to the mail added last. */
void
procedure_batch_attach(struct procedure_batch *b,
    const struct procedure_files *pf)
{
	b->om[b->n - 1].files = pf->files;
	b->om[b->n - 1].nfiles = pf->n;
}

void
procedure_batch_clear(struct procedure_batch *b)
{
	size_t	 i;

	for (i = 0; i < b->n; i++) {
		tvars_free(b->vars[i]);
		free(b->who[2 * i]);
		free(b->who[2 * i + 1]);
	}
	free(b->om);
	free(b->vars);
	free(b->who);
	b->om = NULL;
	b->vars = NULL;
	b->who = NULL;
	b->n = 0;
}

/* One audit date's steps; a failing step is logged, the others still run. */
static int
procedure_date_steps(struct runtime *rt, const char *date)
{
	static int (*const steps[])(struct runtime *, const char *,
	    char **) = {
		deadlines_date, assign_date, distribute_date, reflection_date,
		certificate_date,
	};
	char	*cause;
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < sizeof steps / sizeof *steps; i++) {
		cause = NULL;
		if (steps[i](rt, date, &cause) == 0)
			continue;
		log_warnx("procedure: %s: %s", date, cause != NULL ? cause :
		    db_error(rt->db));
		free(cause);
		rc = -1;
	}
	return (rc);
}

/*
 * Do what the clock says is due, for every audit date; -1 when something
 * failed (logged, with cause set to a summary), the rest is still done.
 */
int
procedure_run(struct runtime *rt, char **cause)
{
	char	**dates;
	size_t	  n, i;
	int	  rc = 0;

	dates = db_audit_dates(rt->db, &n);
	for (i = 0; i < n; i++)
		if (procedure_date_steps(rt, dates[i]) != 0)
			rc = -1;
	db_strings_free(dates, n);
	if (certificate_renewals(rt, cause) != 0)
		return (-1);
	if (rc != 0)
		*cause = xstrdup("a step failed (see above)");
	return (rc);
}
