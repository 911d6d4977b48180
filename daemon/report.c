/* SPDX-License-Identifier: ISC */
/*
 * The operator's views of the state: per audit date the registered
 * schools and their state, the processed messages with what was decided
 * and why, and the outbox. Text for people, JSON for scripts and tests.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "clock.h"
#include "db.h"
#include "json.h"
#include "nldate.h"
#include "report.h"
#include "runtime.h"
#include "xmalloc.h"

struct report_timeline;

struct report {
	struct json	 j;
	struct report_timeline *timeline;
	struct runtime	*rt;
	FILE		*f;
	int		 as_json;
	size_t		 count;
};

/* Print UTF-8 text padded to a width in characters, not bytes. */
static void
report_padded(FILE *f, const char *s, size_t width)
{
	const char	*p;
	size_t		 chars = 0;

	for (p = s; *p != '\0'; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
	}
	fputs(s, f);
	while (chars++ < width)
		fputc(' ', f);
}

/* How far a registration is, in one word or two. */
static const char *
report_step(const struct db_registration *r)
{
	if (r->certified_at != NULL)
		return ("gecertificeerd");
	if (r->reflection_at != NULL)
		return ("reflectie-ontvangen");
	if (r->distributed_at != NULL)
		return ("verspreid");
	if (r->verdict != NULL)
		return (r->verdict);
	if (r->auditor != NULL)
		return ("bij-auditor");
	if (r->table_no > 0)
		return ("ingedeeld");
	return (r->state);
}

static void
report_registration_json(struct report *rp, const struct db_registration *r,
    const char *documents)
{
	json_open(&rp->j, '{');
	json_kv(&rp->j, "brin", r->brin);
	json_kv(&rp->j, "school", r->school);
	json_kv(&rp->j, "board", r->board);
	json_kv(&rp->j, "state", report_step(r));
	json_kv(&rp->j, "registered_at", r->registered_at);
	json_kv(&rp->j, "documents", documents);
	json_kv_int(&rp->j, "table", r->table_no);
	json_kv(&rp->j, "auditor", r->auditor);
	json_kv(&rp->j, "verdict", r->verdict);
	json_kv_int(&rp->j, "criteria_missing", r->missing);
	json_kv(&rp->j, "checked_at", r->checked_at);
	json_kv(&rp->j, "distributed_at", r->distributed_at);
	json_kv(&rp->j, "reflection_at", r->reflection_at);
	json_kv(&rp->j, "certified_at", r->certified_at);
	json_kv(&rp->j, "valid_until", r->valid_until);
	json_close(&rp->j, '}');
}

static int
report_registration(void *arg, const struct db_registration *r)
{
	struct report	*rp = arg;
	struct bundle	 b;
	char		 documents[128] = "";

	rp->count++;
	if (bundle_read(rp->rt, r->brin, r->audit_date, &b) == 0)
		bundle_missing_text(&b, documents, sizeof documents);
	if (rp->as_json) {
		report_registration_json(rp, r, documents);
		return (0);
	}
	fprintf(rp->f, "    %-4s  ", r->brin);
	report_padded(rp->f, r->school, 33);
	fprintf(rp->f, "%-6s ", r->board);
	report_padded(rp->f, report_step(r), 20);
	fprintf(rp->f, "%s", documents);
	if (r->table_no > 0)
		fprintf(rp->f, ", tafel %d", r->table_no);
	fprintf(rp->f, "\n");
	return (0);
}

static int
report_date(struct report *rp, struct runtime *rt, const char *iso)
{
	struct date	 d;
	char		 text[64];
	int		 rc;

	if (rp->as_json) {
		json_open(&rp->j, '{');
		json_kv(&rp->j, "date", iso);
		json_key(&rp->j, "registrations");
		json_open(&rp->j, '[');
	} else {
		if (date_parse_iso(iso, &d) == 0)
			nldate_format(&d, text, sizeof text);
		else
			snprintf(text, sizeof text, "%s", iso);
		fprintf(rp->f, "%s (%s)\n", text, iso);
	}
	rp->count = 0;
	rc = db_registrations_each(rt->db, iso, NULL, report_registration,
	    rp);
	if (rp->as_json) {
		json_close(&rp->j, ']');
		json_close(&rp->j, '}');
	} else if (rp->count == 0)
		fprintf(rp->f, "    (nog geen aanmeldingen)\n");
	return (rc);
}

/* Per audit date, the registered schools and their state. */
int
report_status(struct runtime *rt, int as_json, FILE *f)
{
	struct report	 rp;
	char		**dates;
	size_t		  n, i;
	int		  rc = 0;

	memset(&rp, 0, sizeof rp);
	rp.f = f;
	rp.rt = rt;
	rp.as_json = as_json;
	json_init(&rp.j, f);
	dates = db_audit_dates(rt->db, &n);
	if (as_json) {
		json_open(&rp.j, '{');
		json_key(&rp.j, "audit_dates");
		json_open(&rp.j, '[');
	} else if (n == 0)
		fprintf(f, "Geen auditdata: importeer auditdata.csv met "
		    "hercertctl import.\n");
	for (i = 0; i < n && rc == 0; i++)
		rc = report_date(&rp, rt, dates[i]);
	if (as_json) {
		json_close(&rp.j, ']');
		json_close(&rp.j, '}');
	}
	db_strings_free(dates, n);
	return (rc);
}

static int
report_message(void *arg, const struct db_message *m)
{
	struct report	*rp = arg;

	if (!rp->as_json) {
		fprintf(rp->f, "%ld  %s  %-11s %-8s %-9s %s\n     %s%s%s\n",
		    m->id, m->processed_at, m->class, m->role, m->outcome,
		    m->sender != NULL ? m->sender : "-", m->subject != NULL ?
		    m->subject : "", m->reason != NULL ? "\n     reden: " : "",
		    m->reason != NULL ? m->reason : "");
		return (0);
	}
	json_open(&rp->j, '{');
	json_kv_int(&rp->j, "id", m->id);
	json_kv(&rp->j, "key", m->key);
	json_kv(&rp->j, "message_id", m->message_id);
	json_kv(&rp->j, "from", m->sender);
	json_kv(&rp->j, "subject", m->subject);
	json_kv(&rp->j, "class", m->class);
	json_kv(&rp->j, "rule", m->rule);
	json_kv(&rp->j, "role", m->role);
	json_kv(&rp->j, "board", m->board);
	json_kv(&rp->j, "audit_date", m->audit_date);
	json_kv(&rp->j, "outcome", m->outcome);
	json_kv(&rp->j, "reason", m->reason);
	json_kv(&rp->j, "folder", m->folder);
	json_kv_int(&rp->j, "moved", m->moved);
	json_kv(&rp->j, "processed_at", m->processed_at);
	json_key(&rp->j, "reply_to");
	if (m->reply_to > 0)
		json_int(&rp->j, m->reply_to);
	else
		json_string(&rp->j, NULL);
	json_close(&rp->j, '}');
	return (0);
}

/* The processed messages and what was decided for each. */
int
report_messages(struct runtime *rt, int as_json, FILE *f)
{
	struct report	 rp;
	int		 rc;

	memset(&rp, 0, sizeof rp);
	rp.f = f;
	rp.as_json = as_json;
	json_init(&rp.j, f);
	if (as_json)
		json_open(&rp.j, '[');
	rc = db_messages_each(rt->db, report_message, &rp);
	if (as_json)
		json_close(&rp.j, ']');
	return (rc);
}

static int
report_outbox_row(void *arg, const struct db_outbox *o)
{
	struct report	*rp = arg;

	if (!rp->as_json) {
		fprintf(rp->f, "%ld  %-22s %-6s %s  %s%s%s\n", o->id, o->kind,
		    o->state, o->rcpt, o->sent_at != NULL ? o->sent_at :
		    o->created_at, o->last_error != NULL ? "\n     fout: " : "",
		    o->last_error != NULL ? o->last_error : "");
		return (0);
	}
	json_open(&rp->j, '{');
	json_kv_int(&rp->j, "id", o->id);
	json_kv(&rp->j, "kind", o->kind);
	json_kv(&rp->j, "state", o->state);
	json_kv(&rp->j, "to", o->rcpt);
	json_kv(&rp->j, "message_id", o->message_id);
	json_kv_int(&rp->j, "message", o->message);
	json_kv_int(&rp->j, "attempts", o->attempts);
	json_kv(&rp->j, "last_error", o->last_error);
	json_kv(&rp->j, "created_at", o->created_at);
	json_kv(&rp->j, "sent_at", o->sent_at);
	json_kv(&rp->j, "failed_at", o->failed_at);
	json_close(&rp->j, '}');
	return (0);
}

/* The outbox: every mail queued, with its state. */
int
report_outbox(struct runtime *rt, int as_json, FILE *f)
{
	struct report	 rp;
	int		 rc;

	memset(&rp, 0, sizeof rp);
	rp.f = f;
	rp.as_json = as_json;
	json_init(&rp.j, f);
	if (as_json)
		json_open(&rp.j, '[');
	rc = db_outbox_each(rt->db, report_outbox_row, &rp);
	if (as_json)
		json_close(&rp.j, ']');
	return (rc);
}

/* A UTC ISO moment in local time: "05-10-2022 09:12". */
static void
report_when(const char *iso, char *out, size_t size)
{
	clock_format_local(iso, "%d-%m-%Y %H:%M", out, size);
}

/* One moment of a school's timeline. */
struct report_moment {
	char	*at;		/* UTC ISO */
	char	*what;
	size_t	 seq;		/* order of collection, for equal moments */
};

struct report_timeline {
	struct report_moment	*m;
	size_t			 n;
};

static void
report_moment_add(struct report_timeline *t, const char *at, char *what)
{
	t->m = xreallocarray(t->m, t->n + 1, sizeof *t->m);
	t->m[t->n].at = xstrdup(at != NULL ? at : "");
	t->m[t->n].seq = t->n;
	t->m[t->n++].what = what;
}

static int
report_event(void *arg, const char *date, const char *what, const char *at)
{
	(void)date;
	report_moment_add(arg, at, xstrdup(what));
	return (0);
}

static int
report_file(void *arg, const struct db_kept *k)
{
	report_moment_add(arg, k->created_at, xasprintf("ontvangen: %s (%s)",
	    k->name, k->kind != NULL ? k->kind : "soort onbekend"));
	return (0);
}

static int
report_school_registration(void *arg, const struct db_registration *r)
{
	struct report	*rp = arg;

	report_moment_add(rp->timeline, r->registered_at, xasprintf(
	    "aangemeld voor de audit van %s", r->audit_date));
	if (!rp->as_json) {
		fprintf(rp->f, "  %s  ", r->audit_date);
		rp->count++;
	}
	return (report_registration(rp, r));
}

static int
report_moment_cmp(const void *a, const void *b)
{
	const struct report_moment	*x = a, *y = b;
	int				 c = strcmp(x->at, y->at);

	if (c != 0)
		return (c);
	return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static void
report_timeline_print(struct report *rp, struct report_timeline *t)
{
	char	 when[32];
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		if (rp->as_json) {
			json_open(&rp->j, '{');
			json_kv(&rp->j, "at", t->m[i].at);
			json_kv(&rp->j, "what", t->m[i].what);
			json_close(&rp->j, '}');
		} else {
			report_when(t->m[i].at, when, sizeof when);
			fprintf(rp->f, "  %s  %s\n", when, t->m[i].what);
		}
		free(t->m[i].at);
		free(t->m[i].what);
	}
	free(t->m);
}

static void
report_school_head(struct report *rp, const struct school *s)
{
	if (rp->as_json) {
		json_kv(&rp->j, "brin", s->brin);
		json_kv(&rp->j, "name", s->name);
		json_kv(&rp->j, "place", s->place);
		json_kv(&rp->j, "board", s->board);
		json_kv(&rp->j, "certificate_until", s->certificaat_tot);
		json_key(&rp->j, "registrations");
		json_open(&rp->j, '[');
		return;
	}
	fprintf(rp->f, "%s (%s)%s%s, bestuur %s\n", s->name, s->brin,
	    s->place != NULL ? ", " : "", s->place != NULL ? s->place : "",
	    s->board);
	fprintf(rp->f, "Certificaat geldig tot: %s\n\nAanmeldingen\n",
	    s->certificaat_tot != NULL ? s->certificaat_tot : "onbekend");
}

/* One school by BRIN or (part of) its name; NULL with a message. */
static struct school *
report_find_school(struct runtime *rt, const char *query)
{
	struct school	**all, *found = NULL, *keep;
	size_t		  n, i, hits = 0;

	if ((found = db_school_get(rt->db, query)) != NULL)
		return (found);
	all = db_schools_of(rt->db, NULL, &n);
	for (i = 0; i < n; i++) {
		if (strcasestr(all[i]->name, query) == NULL)
			continue;
		if (hits++ == 0)
			found = all[i];
		else
			fprintf(stderr, "%s %s (%s)\n", hits == 2 ?
			    "hercertctl: meer dan een school past:\n " :
			    " ", all[i]->name, all[i]->brin);
	}
	if (hits > 1)
		fprintf(stderr, "  %s (%s)\n", found->name, found->brin);
	keep = hits == 1 ? found : NULL;
	for (i = 0; i < n; i++)
		if (all[i] != keep)
			school_free(all[i]);
	free(all);
	if (hits == 0)
		fprintf(stderr, "hercertctl: geen school gevonden voor "
		    "\"%s\"\n", query);
	return (keep);
}

/* One school: its registrations and everything that happened, in order. */
int
report_school(struct runtime *rt, const char *query, int as_json, FILE *f)
{
	struct report		 rp;
	struct report_timeline	 t;
	struct school		*s;
	int			 rc;

	if ((s = report_find_school(rt, query)) == NULL)
		return (-1);
	memset(&rp, 0, sizeof rp);
	memset(&t, 0, sizeof t);
	rp.f = f;
	rp.rt = rt;
	rp.as_json = as_json;
	rp.timeline = &t;
	json_init(&rp.j, f);
	if (as_json)
		json_open(&rp.j, '{');
	report_school_head(&rp, s);
	rc = db_registrations_each(rt->db, NULL, s->brin,
	    report_school_registration, &rp);
	if (as_json) {
		json_close(&rp.j, ']');
		json_key(&rp.j, "timeline");
		json_open(&rp.j, '[');
	} else
		fprintf(f, "%s\nTijdlijn\n", rp.count == 0 ?
		    "  (geen aanmeldingen)\n" : "");
	/* Files before events: what came in, then what it caused. */
	if (rc == 0)
		rc = db_files_of(rt->db, s->brin, report_file, &t);
	if (rc == 0)
		rc = db_events_each(rt->db, s->brin, report_event, &t);
	qsort(t.m, t.n, sizeof *t.m, report_moment_cmp);
	report_timeline_print(&rp, &t);
	if (as_json) {
		json_close(&rp.j, ']');
		json_close(&rp.j, '}');
		fputc('\n', f);
	}
	school_free(s);
	return (rc);
}
