/* SPDX-License-Identifier: ISC */
/*
 * Documents, reflection forms and checklists: every file of the mail is
 * filed (filing.c) in the same transaction that records the mail, and a
 * BOC gets a receipt listing what was kept and what could not be
 * assigned, with how to rename it. A checklist from an auditor and a
 * reflection form move the procedure on (checklist.c, reflection.c).
 */

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classify.h"
#include "config.h"
#include "db.h"
#include "filing.h"
#include "mail.h"
#include "outbox.h"
#include "pipeline.h"
#include "procedure.h"
#include "safename.h"
#include "runtime.h"
#include "source.h"
#include "template.h"
#include "xmalloc.h"

#define DOCUMENTS_LIST_MAX	100	/* files named in one receipt */

/* Add a file to a list of the receipt, or count it past the maximum. */
static struct tvars *
documents_item(struct tvars *v, const char *list, size_t *count)
{
	if ((*count)++ >= DOCUMENTS_LIST_MAX)
		return (NULL);
	return (tvars_add(v, list));
}

/* Why a file was not kept, in words for the BOC; NULL: not worth saying. */
static const char *
documents_refusal(const char *why)
{
	static const struct {
		const char	*starts;
		const char	*says;
	} reasons[] = {
		{ "systeembestand", NULL },
		{ "archief uitgepakt", NULL },
		{ "../", "onveilige naam in het archief" },
		{ "absolute path", "onveilige naam in het archief" },
		{ "symlink", "geen gewoon bestand (een link)" },
		{ "hardlink", "geen gewoon bestand (een link)" },
		{ "encrypted", "versleuteld met een wachtwoord" },
		{ "ratio", "pakt veel te groot uit" },
		{ "over ", "te groot" },
		{ "entry over", "te groot" },
		{ "more than", "te veel bestanden in het archief" },
	};
	size_t	 i;

	for (i = 0; i < sizeof reasons / sizeof *reasons; i++) {
		if (strncmp(why, reasons[i].starts,
		    strlen(reasons[i].starts)) == 0)
			return (reasons[i].says);
	}
	return ("kon niet worden gelezen");
}

static void
documents_refused(struct tvars *v, const struct filed *fd, size_t *count)
{
	struct tvars	*item;
	const char	*says = documents_refusal(fd->refused);
	char		*shown;

	if (says == NULL || (item = documents_item(v, "geweigerd", count)) ==
	    NULL)
		return;
	shown = safename_display(fd->name);
	tvars_set(item, "naam", shown);
	tvars_set(item, "reden", says);
	free(shown);
}

static void
documents_file(struct runtime *rt, struct tvars *v, const struct filed *fd,
    size_t *counts, struct buf *schools)
{
	struct tvars	*item;
	struct school	*s;
	char		*shown;

	/* Names shown to a person: no control or bidi characters. */
	shown = safename_display(fd->name);
	if (fd->brin == NULL || fd->kind == NULL) {
		if ((item = documents_item(v, "onbekend", &counts[1])) != NULL) {
			tvars_set(item, "naam", shown);
			tvars_set(item, "reden", fd->brin == NULL ?
			    "geen school herkend" : "soort niet herkend");
		}
		free(shown);
		return;
	}
	s = db_school_get(rt->db, fd->brin);
	if ((item = documents_item(v, "bestanden", &counts[0])) != NULL) {
		tvars_set(item, "naam", shown);
		tvars_set(item, "soort", fd->kind);
		tvars_setf(item, "school", "%s (%s)", s != NULL ? s->name :
		    fd->brin, fd->brin);
	}
	if (s != NULL && strstr(schools->data, s->name) == NULL)
		buf_printf(schools, "%s%s", schools->len ? ", " : "", s->name);
	school_free(s);
	free(shown);
}

static struct tvars *
documents_vars(struct runtime *rt, struct handling *h, const struct filing *f,
    const struct board *b)
{
	struct tvars	*v = tvars_create();
	struct buf	 schools;
	size_t		 i, counts[3] = { 0, 0, 0 };

	tvars_set(v, "boc_naam", b->boc_name);
	tvars_set(v, "onderwerp", h->mail->subject);
	tvars_set(v, "partnerschap", rt->cf->partnership_name);
	tvars_set(v, "adres", rt->cf->smtp_from);
	buf_init(&schools, 1024);
	for (i = 0; i < f->n; i++) {
		if (f->files[i].duplicate)
			continue;
		if (f->files[i].refused != NULL)
			documents_refused(v, &f->files[i], &counts[2]);
		else
			documents_file(rt, v, &f->files[i], counts, &schools);
	}
	if (counts[0] > DOCUMENTS_LIST_MAX)
		tvars_setf(v, "meer_bestanden", "%zu",
		    counts[0] - DOCUMENTS_LIST_MAX);
	if (counts[1] > DOCUMENTS_LIST_MAX)
		tvars_setf(v, "meer_onbekend", "%zu",
		    counts[1] - DOCUMENTS_LIST_MAX);
	tvars_set(v, "scholen_kort", schools.data);
	buf_clear(&schools);
	return (v);
}

static char *
documents_summary(const struct filing *f)
{
	size_t	 i, kept = 0, unassigned = 0, refused = 0;

	for (i = 0; i < f->n; i++) {
		if (f->files[i].refused != NULL)
			refused++;
		else if (f->files[i].brin == NULL || f->files[i].kind == NULL)
			unassigned++;
		else
			kept++;
	}
	return (xasprintf("%zu bestand(en) bewaard, %zu zonder school of "
	    "soort, %zu niet bewaard%s", kept, unassigned, refused,
	    f->overflow > 0 ? "; meer bestanden dan de limiet, de rest niet "
	    "bekeken" : ""));
}

static int
documents_reply(struct runtime *rt, struct handling *h, const struct filing *f,
    char **cause)
{
	struct board		*b;
	struct tvars		*v;
	int			 rc;

	if (h->from.role != DB_ROLE_BOC || h->from.board == NULL ||
	    (b = db_board_get(rt->db, h->from.board)) == NULL)
		return (0);
	v = documents_vars(rt, h, f, b);
	if (strcmp(h->cls->class, "reflectie") == 0) {
		rc = reflection_received(rt, f, v);
		if (rc == 0)
			rc = pipeline_reply(rt, h, "reflectie-ontvangen", v,
			    b->boc_name, cause);
	} else
		rc = pipeline_reply(rt, h, "documenten-ontvangen", v,
		    b->boc_name, cause);
	tvars_free(v);
	board_free(b);
	return (rc);
}

/* File the documents of a mail; -1 (with cause) when state cannot be saved. */
int
documents_handle(struct runtime *rt, struct handling *h, char **cause)
{
	struct filing	 f;
	int		 rc;

	h->folder = pipeline_folder(h->cls->class);
	if (h->from.role == DB_ROLE_UNKNOWN)
		return (pipeline_refuse_sender(rt, h, "onbekend",
		    "bestanden niet bewaard, niet beantwoord"));
	if (filing_scan(rt, h->sm->path, h->mail, h->from.role == DB_ROLE_BOC ?
	    h->from.board : NULL, &f, cause) != 0) {
		filing_clear(&f);
		return (-1);
	}
	h->outcome = "filed";
	h->reason = documents_summary(&f);
	rc = pipeline_record(rt, h);
	if (rc != 0)
		*cause = xasprintf("record: %s", db_error(rt->db));
	if (rc == 0)
		rc = filing_store(rt, &f, h->sm->path, h->row, cause);
	if (rc == 0 && strcmp(h->cls->class, "checklist") == 0 &&
	    h->from.role != DB_ROLE_BOC)
		rc = checklist_received(rt, h, &f, cause);
	else if (rc == 0 && strcmp(h->cls->class, "reflectie") == 0 &&
	    h->from.role != DB_ROLE_BOC)
		rc = reflection_received(rt, &f, NULL);
	else if (rc == 0)
		rc = documents_reply(rt, h, &f, cause);
	filing_clear(&f);
	return (rc);
}
