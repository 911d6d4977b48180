/* SPDX-License-Identifier: ISC */
/*
 * What the coordinator decides where the daemon could not: the verdict of
 * a checklist it could not read (or a decision after talking to the
 * auditor), a school's table or auditor, and withdrawing a registration
 * (the school chooses another date; its files stay in the archive). Each change is recorded on
 * the school's timeline; the procedure carries on from there (the table
 * is distributed once every school at it has a verdict).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "override.h"
#include "runtime.h"
#include "xmalloc.h"

struct override_reg {
	char	 date[16];
	int	 table_no;
	int	 certified;
	char	*auditor;
	char	*board;
};

static int
override_latest(void *arg, const struct db_registration *r)
{
	struct override_reg	*o = arg;

	snprintf(o->date, sizeof o->date, "%s", r->audit_date);
	o->table_no = r->table_no;
	o->certified = r->certified_at != NULL;
	free(o->auditor);
	o->auditor = r->auditor != NULL ? xstrdup(r->auditor) : NULL;
	free(o->board);
	o->board = xstrdup(r->board);
	return (0);
}

static int
override_find(struct runtime *rt, const char *brin, struct override_reg *o,
    char **cause)
{
	memset(o, 0, sizeof *o);
	if (db_registrations_each(rt->db, NULL, brin, override_latest, o) != 0) {
		*cause = xstrdup(db_error(rt->db));
		return (-1);
	}
	if (o->date[0] == '\0') {
		*cause = xasprintf("%s is voor geen auditdatum aangemeld", brin);
		return (-1);
	}
	return (0);
}

static void
override_clear(struct override_reg *o)
{
	free(o->auditor);
	free(o->board);
}

static int
override_begin(struct runtime *rt, char **cause)
{
	if (db_begin(rt->db) == 0)
		return (0);
	*cause = xstrdup(db_error(rt->db));
	return (-1);
}

static int
override_commit(struct runtime *rt, int rc, char **cause)
{
	if (rc == 0 && db_commit(rt->db) == 0)
		return (0);
	if (*cause == NULL)
		*cause = xstrdup(db_error(rt->db));
	db_rollback(rt->db);
	return (-1);
}

/* Record a school's verdict (uitgenodigd or niet-uitgenodigd); 0 or -1. */
int
override_verdict(struct runtime *rt, const char *brin, const char *verdict,
    char **cause)
{
	struct override_reg	 o;
	char			*what;
	int			 rc;

	if (strcmp(verdict, "uitgenodigd") != 0 &&
	    strcmp(verdict, "niet-uitgenodigd") != 0) {
		*cause = xstrdup("verdict: uitgenodigd of niet-uitgenodigd");
		return (-1);
	}
	if (override_find(rt, brin, &o, cause) != 0 || override_begin(rt,
	    cause) != 0) {
		override_clear(&o);
		return (-1);
	}
	what = xasprintf("oordeel vastgelegd door de coördinator: %s",
	    verdict);
	rc = db_registration_verdict(rt->db, brin, o.date, verdict, -1);
	if (rc == 0 && db_event_claim(rt->db, NULL, brin, o.date, what) < 0)
		rc = -1;
	free(what);
	override_clear(&o);
	return (override_commit(rt, rc, cause));
}

/* The auditor of a table that has one, for a school moved there. */
static int
override_table_auditor(void *arg, const struct db_registration *r)
{
	struct override_reg	*o = arg;

	if (o->auditor == NULL && r->table_no == o->table_no &&
	    r->auditor != NULL)
		o->auditor = xstrdup(r->auditor);
	return (0);
}

static int
override_check_auditor(struct runtime *rt, const struct override_reg *o,
    const char *auditor, char **cause)
{
	enum db_role	 role;
	char		*board = NULL;

	role = db_role_of(rt->db, auditor, &board);
	if (role != DB_ROLE_AUDITOR) {
		*cause = xasprintf("%s is geen auditor (auditoren.csv)", auditor);
		free(board);
		return (-1);
	}
	if (board != NULL && strcmp(board, o->board) == 0) {
		*cause = xasprintf("%s heeft banden met bestuur %s", auditor,
		    board);
		free(board);
		return (-1);
	}
	free(board);
	return (0);
}

/* Put a school at a table (0: keep) with an auditor (NULL: keep). */
int
override_assign(struct runtime *rt, const char *brin, int table,
    const char *auditor, char **cause)
{
	struct override_reg	 o;
	char			*what;
	int			 rc = -1;

	if (override_find(rt, brin, &o, cause) != 0)
		goto out;
	if (table > 0 && table != o.table_no) {
		o.table_no = table;
		free(o.auditor);
		o.auditor = NULL;
		(void)db_registrations_each(rt->db, o.date, NULL,
		    override_table_auditor, &o);
	}
	if (auditor != NULL) {
		free(o.auditor);
		o.auditor = xstrdup(auditor);
	}
	if (o.table_no == 0 || o.auditor == NULL) {
		*cause = xstrdup("geef een tafel (--table N) en een auditor "
		    "(--auditor ADRES)");
		goto out;
	}
	if (override_check_auditor(rt, &o, o.auditor, cause) != 0 ||
	    override_begin(rt, cause) != 0)
		goto out;
	what = xasprintf("ingedeeld door de coördinator: tafel %d, auditor "
	    "%s", o.table_no, o.auditor);
	rc = db_registration_table(rt->db, brin, o.date, o.table_no,
	    o.auditor);
	if (rc == 0 && db_event_claim(rt->db, NULL, brin, o.date, what) < 0)
		rc = -1;
	free(what);
	rc = override_commit(rt, rc, cause);
out:
	override_clear(&o);
	return (rc);
}

/*
 * Withdraw a school's latest registration, unless it was certified; the
 * table it sat at goes on without it. 0 or -1.
 */
int
override_withdraw(struct runtime *rt, const char *brin, char **cause)
{
	struct override_reg	 o;
	char			*what;
	int			 rc;

	if (override_find(rt, brin, &o, cause) != 0) {
		override_clear(&o);
		return (-1);
	}
	if (o.certified) {
		*cause = xasprintf("%s is voor %s al gecertificeerd", brin,
		    o.date);
		override_clear(&o);
		return (-1);
	}
	if (override_begin(rt, cause) != 0) {
		override_clear(&o);
		return (-1);
	}
	what = xasprintf("aanmelding voor %s ingetrokken door de "
	    "coördinator", o.date);
	rc = db_registration_delete(rt->db, brin, o.date) == 1 ? 0 : -1;
	if (rc == 0 && db_event_claim(rt->db, NULL, brin, o.date, what) < 0)
		rc = -1;
	free(what);
	override_clear(&o);
	return (override_commit(rt, rc, cause));
}
