/* SPDX-License-Identifier: ISC */
/*
 * The auditor's checklist: each checklist file a mail brings is read
 * (checklist-read.c) for the seven criteria. More than two not found:
 * the school is not invited (BOC, copy to the coordinator); otherwise it
 * is. The auditor gets what was read back; a checklist that cannot be
 * read goes to the coordinator, who records the verdict by hand.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist-read.h"
#include "config.h"
#include "db.h"
#include "filing.h"
#include "mail.h"
#include "outbox.h"
#include "pipeline.h"
#include "procedure.h"
#include "runtime.h"
#include "source.h"
#include "template.h"
#include "xmalloc.h"

#define CHECKLIST_MAX_MISSING	2	/* more: not invited */

struct checklist_mail {
	struct runtime		*rt;
	struct handling		*h;
	const struct filed	*fd;
	struct checklist	 cl;
	struct date		 date;
	char			 iso[16];
	const char		*verdict;
	struct procedure_batch	 b;
};

/* The criteria as the templates list them. */
static void
checklist_criteria(const struct checklist *cl, struct tvars *v)
{
	struct tvars	*item;
	size_t		 i;

	if (cl->read < CHECKLIST_CRITERIA)
		return;
	for (i = 0; i < CHECKLIST_CRITERIA; i++) {
		item = tvars_add(v, "criteria");
		tvars_set(item, "criterium", cl->items[i].label);
		tvars_set(item, "gevonden", cl->items[i].found ? "ja" : "nee");
		tvars_set(item, "opmerking", cl->items[i].remark);
	}
	tvars_setf(v, "niet_gevonden", "%d", cl->missing);
}

static void
checklist_vars(struct checklist_mail *cm, struct tvars *v)
{
	struct school	*s;
	struct date	 until;
	char		*name;

	procedure_school_vars(cm->rt, v, cm->fd->brin);
	procedure_date(v, "datum", &cm->date, 0);
	procedure_date(v, "verspreiden_uiterlijk", &cm->date,
	    -cm->rt->cf->distribution_days_before);
	tvars_set(v, "onderwerp", cm->h->mail->subject);
	name = db_auditor_name(cm->rt->db, cm->h->mail->from_addr);
	tvars_set(v, "auditor_naam", name != NULL ? name :
	    cm->h->mail->from_name);
	free(name);
	checklist_criteria(&cm->cl, v);
	if (strcmp(cm->verdict, "uitgenodigd") == 0)
		tvars_set(v, "uitgenodigd", "ja");
	s = db_school_get(cm->rt->db, cm->fd->brin);
	if (s != NULL && s->certificaat_tot != NULL &&
	    date_parse_iso(s->certificaat_tot, &until) == 0)
		procedure_date(v, "geldig_tot", &until, 0);
	school_free(s);
	procedure_next_dates(cm->rt, v, &cm->date, NULL);
}

static struct tvars *
checklist_add(struct checklist_mail *cm, const char *kind, const char *name,
    const char *addr, int reply)
{
	struct tvars	*v;

	v = procedure_batch_add(&cm->b, kind, name, addr);
	checklist_vars(cm, v);
	cm->b.om[cm->b.n - 1].message = cm->h->row;
	if (reply)
		cm->b.om[cm->b.n - 1].reply_to = cm->h->mail;
	return (v);
}

/* Queue the auditor's receipt, and the BOC's or coordinator's mail. */
static int
checklist_mails(struct checklist_mail *cm, char **cause)
{
	struct board	*b = NULL;
	struct school	*s;
	struct tvars	*e;
	char		*seed;
	int		 rc;

	if (cm->h->noreply == NULL)
		(void)checklist_add(cm, "checklist-verwerkt",
		    cm->h->mail->from_name, cm->h->mail->from_addr, 1);
	if ((s = db_school_get(cm->rt->db, cm->fd->brin)) != NULL)
		b = db_board_get(cm->rt->db, s->board);
	if (strcmp(cm->verdict, "niet-uitgenodigd") == 0 && b != NULL) {
		(void)checklist_add(cm, "niet-uitgenodigd", b->boc_name,
		    b->boc_email, 0);
		(void)checklist_add(cm, "niet-uitgenodigd",
		    cm->rt->cf->coordinator_name, cm->rt->cf->coordinator, 0);
	} else if (strcmp(cm->verdict, "onleesbaar") == 0) {
		e = checklist_add(cm, "escalatie", cm->rt->cf->coordinator_name,
		    cm->rt->cf->coordinator, 0);
		tvars_set(e, "wat", "Checklist niet leesbaar");
		tvars_set(e, "reden", "de criteria konden niet uit de "
		    "checklist worden gelezen");
		tvars_set(e, "advies", "Lees de checklist en leg het oordeel "
		    "vast met hercertctl verdict.");
	}
	seed = xasprintf("%s %s", cm->h->sm->key, cm->fd->brin);
	rc = procedure_batch_queue(&cm->b, seed, cause);
	free(seed);
	board_free(b);
	school_free(s);
	return (rc);
}

/* Read one school's checklist, record the verdict and queue the mails. */
static int
checklist_school(struct checklist_mail *cm, char **cause)
{
	char	*what;
	int	 all;

	all = cm->fd->text != NULL && checklist_read(cm->fd->text,
	    strlen(cm->fd->text), &cm->cl) == 0;
	if (!all && cm->cl.read == 0 && cm->h->mail->body != NULL) {
		checklist_clear(&cm->cl);
		all = checklist_read(cm->h->mail->body,
		    strlen(cm->h->mail->body), &cm->cl) == 0;
	}
	cm->verdict = cm->cl.missing > CHECKLIST_MAX_MISSING ?
	    "niet-uitgenodigd" : all ? "uitgenodigd" : "onleesbaar";
	if (db_registration_verdict(cm->rt->db, cm->fd->brin, cm->iso,
	    cm->verdict, all || cm->cl.missing > CHECKLIST_MAX_MISSING ?
	    cm->cl.missing : -1) != 0)
		return (-1);
	what = all ? xasprintf("checklist ontvangen: %d van %d criteria "
	    "gevonden, %s", CHECKLIST_CRITERIA - cm->cl.missing,
	    CHECKLIST_CRITERIA, cm->verdict) : xasprintf("checklist "
	    "ontvangen: %s", cm->verdict);
	if (db_event_claim(cm->rt->db, NULL, cm->fd->brin, cm->iso, what) < 0) {
		free(what);
		return (-1);
	}
	free(what);
	return (checklist_mails(cm, cause));
}

/*
 * The checklists a mail from an auditor (or the coordinator) brought,
 * inside the mail's transaction; 0 or -1.
 */
int
checklist_received(struct runtime *rt, struct handling *h,
    const struct filing *f, char **cause)
{
	struct checklist_mail	 cm;
	char			*date = NULL;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < f->n && rc == 0; i++) {
		memset(&cm, 0, sizeof cm);
		cm.rt = cm.b.rt = rt;
		cm.h = h;
		cm.fd = &f->files[i];
		free(date);
		date = NULL;
		if (cm.fd->refused != NULL || cm.fd->brin == NULL ||
		    cm.fd->kind == NULL || strcmp(cm.fd->kind, "checklist") != 0 ||
		    db_registration_date(rt->db, cm.fd->brin, &date) != 1 ||
		    date_parse_iso(date, &cm.date) != 0)
			continue;
		snprintf(cm.iso, sizeof cm.iso, "%s", date);
		rc = checklist_school(&cm, cause);
		if (rc != 0 && *cause == NULL)
			*cause = xasprintf("checklist: %s", db_error(rt->db));
		procedure_batch_clear(&cm.b);
		checklist_clear(&cm.cl);
	}
	free(date);
	return (rc);
}
