/* SPDX-License-Identifier: ISC */
/*
 * The operator's views of the state: per audit date the registered
 * schools and their state, the processed messages with what was decided
 * and why, and the outbox. Text for people, JSON for scripts and tests.
 */

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "json.h"
#include "nldate.h"
#include "report.h"
#include "runtime.h"

struct report {
	struct json	 j;
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

static int
report_registration(void *arg, const struct db_registration *r)
{
	struct report	*rp = arg;

	rp->count++;
	if (!rp->as_json) {
		fprintf(rp->f, "    %-4s  ", r->brin);
		report_padded(rp->f, r->school, 33);
		fprintf(rp->f, "%-6s %s\n", r->board, r->state);
		return (0);
	}
	json_open(&rp->j, '{');
	json_kv(&rp->j, "brin", r->brin);
	json_kv(&rp->j, "school", r->school);
	json_kv(&rp->j, "board", r->board);
	json_kv(&rp->j, "state", r->state);
	json_kv(&rp->j, "registered_at", r->registered_at);
	json_close(&rp->j, '}');
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
	rc = db_registrations_each(rt->db, iso, report_registration, rp);
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
