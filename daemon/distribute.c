/* SPDX-License-Identifier: ISC */
/*
 * Verspreiden: once every school of a table is checked, the documents of
 * the invited schools go to the table's participants (schoolopleiders and
 * directors of those schools, and the auditor), each with the two schools
 * of the other board to read. A table not sent by D-7 is escalated.
 */

#include <stdio.h>
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

struct distribute {
	struct runtime		*rt;
	struct date		 date;
	struct preg		**at;		/* the table's schools */
	size_t			 n;
	int			 table;
	struct school		**school;	/* per at[] */
	struct procedure_batch	 b;
	struct procedure_files	 pf;
	char			*auditor_name;
};

static int
distribute_invited(const struct preg *r)
{
	return (r->verdict != NULL && strcmp(r->verdict, "uitgenodigd") == 0);
}

/* Checked: invited or not; "onleesbaar" waits for the coordinator. */
static int
distribute_checked(const struct preg *r)
{
	return (r->verdict != NULL && (distribute_invited(r) ||
	    strcmp(r->verdict, "niet-uitgenodigd") == 0));
}

/* The values all participants share: the table, who sits there, files. */
static void
distribute_shared(struct distribute *ds, struct tvars *v)
{
	struct tvars	*item;
	char		 name[256];
	size_t		 i, k;

	procedure_date(v, "datum", &ds->date, 0);
	procedure_date(v, "reflectie_uiterlijk", &ds->date,
	    ds->rt->cf->reflection_days_after);
	tvars_set(v, "auditor_naam", ds->auditor_name);
	for (i = 0; i < ds->n; i++) {
		if (!distribute_invited(ds->at[i]) || ds->school[i] == NULL)
			continue;
		item = tvars_add(v, "tafel");
		tvars_set(item, "naam", ds->school[i]->name);
		tvars_set(item, "plaats", ds->school[i]->place);
		tvars_set(item, "bestuur", ds->at[i]->board);
		for (k = 0; procedure_field(ds->school[i]->schoolopleider_name, k,
		    name, sizeof name); k++) {
			item = tvars_add(v, "deelnemers");
			tvars_set(item, "naam", name);
			tvars_set(item, "rol", "schoolopleider");
			tvars_set(item, "school", ds->school[i]->name);
		}
		if (procedure_field(ds->school[i]->directeur_name, 0, name,
		    sizeof name)) {
			item = tvars_add(v, "deelnemers");
			tvars_set(item, "naam", name);
			tvars_set(item, "rol", "directeur");
			tvars_set(item, "school", ds->school[i]->name);
		}
	}
}

/* One participant's mail; school index, or -1 for the auditor. */
static void
distribute_to(struct distribute *ds, int si, const char *name,
    const char *addr)
{
	struct tvars	*v, *item;
	size_t		 i;

	if (addr == NULL)
		return;
	v = procedure_batch_add(&ds->b, "deelnemers-documenten", name, addr);
	procedure_batch_attach(&ds->b, &ds->pf);
	distribute_shared(ds, v);
	procedure_files_fill(&ds->pf, v);
	tvars_set(v, "ontvanger_naam", name);
	for (i = 0; si >= 0 && i < ds->n; i++) {
		if (!distribute_invited(ds->at[i]) || ds->school[i] == NULL ||
		    strcmp(ds->at[i]->board, ds->at[si]->board) == 0)
			continue;
		item = tvars_add(v, "lezen");
		tvars_set(item, "naam", ds->school[i]->name);
		tvars_set(item, "plaats", ds->school[i]->place);
	}
}

static void
distribute_recipients(struct distribute *ds)
{
	char	 name[256], addr[256];
	size_t	 i, k;

	for (i = 0; i < ds->n; i++) {
		if (!distribute_invited(ds->at[i]) || ds->school[i] == NULL)
			continue;
		for (k = 0; procedure_field(ds->school[i]->schoolopleider_email,
		    k, addr, sizeof addr); k++) {
			if (!procedure_field(ds->school[i]->schoolopleider_name,
			    k, name, sizeof name))
				name[0] = '\0';
			distribute_to(ds, (int)i, name, addr);
		}
		if (!procedure_field(ds->school[i]->directeur_name, 0, name,
		    sizeof name))
			name[0] = '\0';
		if (procedure_field(ds->school[i]->directeur_email, 0, addr,
		    sizeof addr))
			distribute_to(ds, (int)i, name, addr);
	}
	distribute_to(ds, -1, ds->auditor_name, ds->at[0]->auditor);
}

static int
distribute_apply(struct runtime *rt, void *arg)
{
	struct distribute	*ds = arg;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < ds->n && rc == 0; i++) {
		if (!distribute_invited(ds->at[i]))
			continue;
		rc = db_registration_stamp(rt->db, ds->at[i]->brin,
		    ds->at[i]->date, DB_STAMP_DISTRIBUTED, NULL);
		if (rc == 0 && db_event_claim(rt->db, NULL, ds->at[i]->brin,
		    ds->at[i]->date, "documenten naar de deelnemers van de "
		    "tafel") < 0)
			rc = -1;
	}
	return (rc);
}

static int
distribute_send(struct distribute *ds, char **cause)
{
	struct procedure_event	 ev;
	char			*key, *what;
	size_t			 i;
	int			 rc = 0;

	ds->pf.rt = ds->rt;
	for (i = 0; i < ds->n && rc == 0; i++) {
		if (!distribute_invited(ds->at[i]) || ds->school[i] == NULL)
			continue;
		ds->pf.school = ds->school[i]->name;
		if (procedure_files_add(&ds->pf, ds->at[i]->brin,
		    ds->at[i]->date, "schooldocument") != 0 ||
		    procedure_files_add(&ds->pf, ds->at[i]->brin,
		    ds->at[i]->date, "teamverslag") != 0)
			rc = -1;
	}
	if (rc != 0)
		return (0);
	ds->auditor_name = db_auditor_name(ds->rt->db, ds->at[0]->auditor);
	distribute_recipients(ds);
	key = xasprintf("verspreid %s tafel %d", ds->at[0]->date, ds->table);
	what = xasprintf("documenten naar de deelnemers van tafel %d",
	    ds->table);
	procedure_event_init(&ev, key, NULL, ds->at[0]->date, what, &ds->b);
	ev.apply = distribute_apply;
	ev.arg = ds;
	rc = procedure_once(ds->rt, &ev, cause) < 0 ? -1 : 0;
	free(what);
	free(key);
	return (rc);
}

/* Not sent by D-7: the coordinator hears which schools wait for what. */
static int
distribute_escalate(struct distribute *ds, char **cause)
{
	struct procedure_event	 ev;
	struct tvars		*e;
	char			 reason[1024], *key;
	size_t			 i;
	int			 len, rc;

	key = xasprintf("niet-verspreid %s tafel %d", ds->at[0]->date,
	    ds->table);
	if (procedure_done(ds->rt, key)) {
		free(key);
		return (0);
	}
	e = procedure_batch_escalation(&ds->b);
	len = snprintf(reason, sizeof reason, "nog niet gecheckt:");
	for (i = 0; i < ds->n && len > 0 && (size_t)len < sizeof reason; i++) {
		if (!distribute_checked(ds->at[i]))
			len += snprintf(reason + len, sizeof reason -
			    (size_t)len, " %s (%s)", ds->at[i]->school,
			    ds->at[i]->verdict != NULL ? "checklist niet "
			    "leesbaar" : ds->at[i]->auditor == NULL ?
			    "geen auditor" : "geen checklist");
	}
	procedure_date(e, "datum", &ds->date, 0);
	tvars_setf(e, "wat", "Tafel %d nog niet verspreid", ds->table);
	tvars_set(e, "reden", reason);
	tvars_set(e, "termijn", "documenten uiterlijk een week voor de audit "
	    "naar de deelnemers");
	tvars_set(e, "advies", "Vraag de auditor om de checklist, of leg het "
	    "oordeel vast met hercertctl verdict.");
	procedure_event_init(&ev, key, NULL, ds->at[0]->date,
	    "tafel niet verspreid op D-7; coördinator ingelicht", &ds->b);
	rc = procedure_once(ds->rt, &ev, cause) < 0 ? -1 : 0;
	free(key);
	return (rc);
}

static int
distribute_table(struct distribute *ds, char **cause)
{
	size_t	 i, checked = 0, invited = 0, sent = 0;
	int	 rc = 0;

	for (i = 0; i < ds->n; i++) {
		checked += distribute_checked(ds->at[i]);
		invited += distribute_invited(ds->at[i]);
		sent += ds->at[i]->distributed_at != NULL;
		ds->school[i] = db_school_get(ds->rt->db, ds->at[i]->brin);
	}
	if (sent == 0 && checked == ds->n && invited > 0)
		rc = distribute_send(ds, cause);
	else if (sent == 0 && checked < ds->n && procedure_reached(&ds->date,
	    -ds->rt->cf->distribution_days_before))
		rc = distribute_escalate(ds, cause);
	for (i = 0; i < ds->n; i++)
		school_free(ds->school[i]);
	procedure_batch_clear(&ds->b);
	procedure_files_clear(&ds->pf);
	free(ds->auditor_name);
	return (rc);
}

/* Each table of an audit date, once it is checked; 0 or -1. */
int
distribute_date(struct runtime *rt, const char *date, char **cause)
{
	struct distribute	 ds;
	struct preg		*regs;
	struct date		 d;
	size_t			 n, i;
	int			 rc = 0, table, last = 0;

	if (date_parse_iso(date, &d) != 0 || !procedure_reached(&d,
	    1 - rt->cf->documents_days_before) || procedure_reached(&d, 1))
		return (0);
	regs = procedure_regs(rt, date, &n);
	for (i = 0; i < n; i++)
		if (regs[i].table_no > last)
			last = regs[i].table_no;
	for (table = 1; rc == 0 && table <= last; table++) {
		memset(&ds, 0, sizeof ds);
		ds.rt = ds.b.rt = rt;
		ds.table = table;
		ds.date = d;
		ds.at = xcalloc(n, sizeof *ds.at);
		ds.school = xcalloc(n, sizeof *ds.school);
		for (i = 0; i < n; i++)
			if (regs[i].table_no == table)
				ds.at[ds.n++] = &regs[i];
		if (ds.n > 0)
			rc = distribute_table(&ds, cause);
		free(ds.at);
		free(ds.school);
	}
	procedure_regs_free(regs, n);
	return (rc);
}
