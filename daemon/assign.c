/* SPDX-License-Identifier: ISC */
/*
 * After the end of D-21: the schools of an audit date are grouped into
 * tables of 2 + 2 with an auditor without ties to either board, who also
 * checks the four bundles (tables.c). What cannot be grouped or has no
 * auditor is escalated. Each complete bundle then goes to its auditor
 * with the documents attached.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "config.h"
#include "db.h"
#include "message.h"
#include "outbox.h"
#include "procedure.h"
#include "runtime.h"
#include "tables.h"
#include "template.h"
#include "xmalloc.h"

#define ASSIGN_CHECKLIST_FORMAT	"checklist-audit-hercertificering.docx"

struct assign {
	struct runtime		*rt;
	struct preg		*regs;
	size_t			 n;
	struct tables_school	*schools;	/* per regs[] */
	struct tables_auditor	*auditors;
	size_t			 nauditors;
	struct tables_plan	 plan;
};

static int
assign_auditor(void *arg, const struct auditor *a, int load)
{
	struct assign		*as = arg;
	struct tables_auditor	*t;

	as->auditors = xreallocarray(as->auditors, as->nauditors + 1,
	    sizeof *as->auditors);
	t = &as->auditors[as->nauditors++];
	t->email = xstrdup(a->email);
	t->board = a->board != NULL ? xstrdup(a->board) : NULL;
	t->load = load;
	return (0);
}

static int
assign_refused(const struct preg *r)
{
	return (r->verdict != NULL && strcmp(r->verdict, "te-laat") == 0);
}

/* Write the plan: each school's table and auditor, on its timeline. */
static int
assign_apply(struct runtime *rt, void *arg)
{
	struct assign	*as = arg;
	const char	*auditor;
	char		*what;
	size_t		 i, t;
	int		 rc = 0;

	for (i = 0; i < as->n && rc == 0; i++) {
		if ((t = as->schools[i].table) == TABLES_NONE)
			continue;
		auditor = as->plan.auditor[t] != TABLES_NONE ?
		    as->auditors[as->plan.auditor[t]].email : NULL;
		rc = db_registration_table(rt->db, as->regs[i].brin,
		    as->regs[i].date, (int)t + 1, auditor);
		what = xasprintf("ingedeeld aan tafel %zu, auditor %s", t + 1,
		    auditor != NULL ? auditor : "(nog geen)");
		if (rc == 0 && db_event_claim(rt->db, NULL, as->regs[i].brin,
		    as->regs[i].date, what) < 0)
			rc = -1;
		free(what);
	}
	return (rc);
}

/* An escalatie about a school that has no table, or no auditor. */
static void
assign_problem(struct assign *as, struct procedure_batch *b, size_t i,
    int no_table)
{
	struct tvars	*e = procedure_batch_escalation(b);
	struct date	 d;

	procedure_school_vars(as->rt, e, as->regs[i].brin);
	if (date_parse_iso(as->regs[i].date, &d) == 0)
		procedure_date(e, "datum", &d, 0);
	tvars_set(e, "wat", no_table ? "Geen gesprekstafel" :
	    "Geen auditor voor een gesprekstafel");
	tvars_set(e, "reden", no_table ? "er is geen tweetal scholen van een "
	    "ander bestuur om deze school mee te koppelen" : "er is geen "
	    "auditor zonder banden met de besturen van deze tafel");
	tvars_set(e, "termijn", "tafels en auditors na de documententermijn");
	tvars_set(e, "advies", no_table ? "Koppel de school met hercertctl "
	    "assign aan een tafel, of spreek een andere datum af." :
	    "Wijs met hercertctl assign een auditor toe.");
}

/* Plan the tables of the schools not refused as late. */
static void
assign_plan(struct assign *as)
{
	size_t	 i, ns = 0;

	as->schools = xcalloc(as->n + 1, sizeof *as->schools);
	for (i = 0; i < as->n; i++) {
		as->schools[i].table = TABLES_NONE;
		if (assign_refused(&as->regs[i]))
			continue;
		as->schools[ns].brin = as->regs[i].brin;
		as->schools[ns++].board = as->regs[i].board;
	}
	tables_plan(as->schools, ns, as->auditors, as->nauditors, &as->plan);
	/* Back to one entry per registration (refused ones: no table). */
	for (i = as->n; i-- > 0;) {
		if (assign_refused(&as->regs[i]))
			as->schools[i].table = TABLES_NONE;
		else
			as->schools[i] = as->schools[--ns];
	}
}

static int
assign_tables(struct assign *as, const char *date, char **cause)
{
	struct procedure_event	 ev;
	struct procedure_batch	 b = { .rt = as->rt };
	size_t			 i, t;
	char			*key;
	int			 rc;

	key = xasprintf("tafels %s", date);
	if (procedure_done(as->rt, key)) {
		free(key);
		return (0);
	}
	assign_plan(as);
	for (i = 0; i < as->n; i++) {
		t = as->schools[i].table;
		if (!assign_refused(&as->regs[i]) && (t == TABLES_NONE ||
		    as->plan.auditor[t] == TABLES_NONE))
			assign_problem(as, &b, i, t == TABLES_NONE);
	}
	procedure_event_init(&ev, key, NULL, date,
	    "tafels en auditors ingedeeld", &b);
	ev.apply = assign_apply;
	ev.arg = as;
	rc = procedure_once(as->rt, &ev, cause);
	procedure_batch_clear(&b);
	free(key);
	return (rc < 0 ? -1 : 0);
}

/*
 * The checklist format (templates/bijlagen), named after the school so
 * the filled-in reply is filed with it.
 */
static void
assign_format(struct runtime *rt, struct procedure_files *pf,
    const char *school)
{
	char	*path, *name;

	path = xasprintf("%s/bijlagen/%s", rt->cf->templates_dir,
	    ASSIGN_CHECKLIST_FORMAT);
	if (access(path, R_OK) != 0) {
		free(path);
		return;
	}
	name = xasprintf("Checklist %s.docx", school);
	procedure_files_own(pf, name, path, "application/vnd.openxmlformats-"
	    "officedocument.wordprocessingml.document", "checklist");
	free(name);
}

/* The bundle of one school to its auditor, once. */
static int
assign_bundle(struct runtime *rt, struct preg *r, const struct date *d,
    char **cause)
{
	struct procedure_files	 pf = { .rt = rt };
	struct procedure_batch	 b = { .rt = rt };
	struct procedure_event	 ev;
	struct tvars		*v;
	char			*key, *name, *what;
	size_t			 i;
	int			 rc = 0;

	/* Per auditor: a school given another auditor sends it again. */
	key = xasprintf("bundel-auditor %s %s %s", r->brin, r->date,
	    r->auditor);
	if (procedure_done(rt, key)) {
		free(key);
		return (0);
	}
	for (i = 0; i < BUNDLE_KINDS && rc == 0; i++)
		rc = procedure_files_add(&pf, r->brin, r->date,
		    bundle_kinds[i]);
	name = db_auditor_name(rt->db, r->auditor);
	assign_format(rt, &pf, r->school);
	v = procedure_batch_add(&b, "bundel-auditor", name, r->auditor);
	procedure_batch_attach(&b, &pf);
	procedure_files_fill(&pf, v);
	procedure_school_vars(rt, v, r->brin);
	procedure_date(v, "datum", d, 0);
	procedure_date(v, "check_uiterlijk", d,
	    -rt->cf->distribution_days_before - 3);
	tvars_set(v, "auditor_naam", name != NULL ? name : "auditor");
	what = xasprintf("documenten naar de auditor (%s)", r->auditor);
	procedure_event_init(&ev, key, r->brin, r->date, what, &b);
	if (rc == 0)
		rc = procedure_once(rt, &ev, cause) < 0 ? -1 : 0;
	procedure_batch_clear(&b);
	procedure_files_clear(&pf);
	free(what);
	free(key);
	free(name);
	return (rc);
}

static void
assign_clear(struct assign *as)
{
	size_t	 i;

	for (i = 0; i < as->nauditors; i++) {
		free((char *)(uintptr_t)as->auditors[i].email);
		free((char *)(uintptr_t)as->auditors[i].board);
	}
	free(as->auditors);
	free(as->schools);
	tables_plan_clear(&as->plan);
	procedure_regs_free(as->regs, as->n);
}

/* Tables and auditors after D-21, then each complete bundle; 0 or -1. */
int
assign_date(struct runtime *rt, const char *date, char **cause)
{
	struct assign	 as;
	struct bundle	 b;
	struct date	 d;
	size_t		 i;
	int		 rc = 0;

	if (date_parse_iso(date, &d) != 0 || !procedure_reached(&d,
	    1 - rt->cf->documents_days_before) || procedure_reached(&d, 1))
		return (0);
	memset(&as, 0, sizeof as);
	as.rt = rt;
	if ((as.regs = procedure_regs(rt, date, &as.n)) == NULL)
		return (0);
	if (db_auditors_each(rt->db, assign_auditor, &as) != 0)
		rc = -1;
	if (rc == 0)
		rc = assign_tables(&as, date, cause);
	procedure_regs_free(as.regs, as.n);
	as.regs = procedure_regs(rt, date, &as.n);
	for (i = 0; i < as.n && rc == 0; i++) {
		if (as.regs[i].auditor == NULL || as.regs[i].verdict != NULL ||
		    bundle_read(rt, as.regs[i].brin, date, &b) != 0 ||
		    !b.complete)
			continue;
		rc = assign_bundle(rt, &as.regs[i], &d, cause);
	}
	assign_clear(&as);
	return (rc);
}
