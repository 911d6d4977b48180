/* SPDX-License-Identifier: ISC */
/*
 * Questions: what a BOC or an auditor writes that no procedure step
 * takes is forwarded to the coordinator (vraag-doorgestuurd), with the
 * original attached and Reply-To set to the sender, so answering is one
 * click. The coordinator's own mail is not sent back to them.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auditdate.h"
#include "classify.h"
#include "config.h"
#include "db.h"
#include "mail.h"
#include "message.h"
#include "nldate.h"
#include "outbox.h"
#include "pipeline.h"
#include "runtime.h"
#include "source.h"
#include "template.h"
#include "utf8.h"
#include "xmalloc.h"

#define QUESTION_MAX_TEXT	(16 * 1024)	/* of the question, forwarded */

static void
question_role(struct runtime *rt, const struct handling *h, struct tvars *v)
{
	struct board	*b;

	if (h->from.role == DB_ROLE_BOC && h->from.board != NULL &&
	    (b = db_board_get(rt->db, h->from.board)) != NULL) {
		tvars_setf(v, "vraag_rol", "BOC van %s", b->name);
		board_free(b);
	} else if (h->from.role == DB_ROLE_AUDITOR)
		tvars_set(v, "vraag_rol", "auditor");
}

static struct tvars *
question_vars(struct runtime *rt, const struct handling *h)
{
	const struct mail	*m = h->mail;
	struct tvars		*v = tvars_create(), *item;
	struct date		 date;
	char			*text, when[64];
	size_t			 i, len;

	tvars_set(v, "coordinator_naam", rt->cf->coordinator_name);
	tvars_set(v, "partnerschap", rt->cf->partnership_name);
	tvars_set(v, "adres", rt->cf->smtp_from);
	if (m->from_name != NULL && *m->from_name != '\0')
		tvars_setf(v, "vraag_van", "%s <%s>", m->from_name,
		    m->from_addr);
	else
		tvars_set(v, "vraag_van", m->from_addr);
	question_role(rt, h, v);
	tvars_set(v, "vraag_onderwerp", m->subject);
	len = utf8_truncate(m->body, QUESTION_MAX_TEXT);
	text = xstrndup(m->body, len);
	tvars_setf(v, "vraag_tekst", "%s%s", text, m->body[len] != '\0' ?
	    "\n[...]" : "");
	free(text);
	if (auditdate_pick(rt->db, h->cls->dates, h->cls->ndates, m->date,
	    &date) == AUDITDATE_ONE) {
		nldate_format(&date, when, sizeof when);
		tvars_set(v, "datum", when);
	}
	for (i = 0; i < m->nattachments; i++) {
		item = tvars_add(v, "bestanden");
		tvars_set(item, "naam", m->attachments[i]);
	}
	return (v);
}

/* Forward a question to the coordinator; -1 (cause) on failure. */
int
question_handle(struct runtime *rt, struct handling *h, char **cause)
{
	struct outbox_mail	 om;
	struct outfile		 original;
	struct tvars		*v;
	int			 rc;

	h->folder = pipeline_folder("vraag");
	if (rt->cf->coordinator == NULL || h->from.role ==
	    DB_ROLE_COORDINATOR) {
		h->outcome = "review";
		h->reason = xstrdup(rt->cf->coordinator == NULL ? "vraag; "
		    "geen coördinator ingesteld om hem aan door te sturen" :
		    "mail van de coördinator zelf; niet doorgestuurd");
		return (pipeline_record(rt, h));
	}
	h->outcome = "forwarded";
	h->reason = xasprintf("doorgestuurd aan %s", rt->cf->coordinator);
	if (pipeline_record(rt, h) != 0)
		return (-1);
	v = question_vars(rt, h);
	original.name = "oorspronkelijke-mail.eml";
	original.path = h->sm->path;
	original.type = "application/octet-stream";
	memset(&om, 0, sizeof om);
	om.kind = "vraag-doorgestuurd";
	om.vars = v;
	om.to_addr = rt->cf->coordinator;
	om.to_name = rt->cf->coordinator_name;
	om.answer_addr = h->mail->from_addr;
	om.answer_name = h->mail->from_name;
	om.seed = h->sm->key;
	om.message = h->row;
	om.files = &original;
	om.nfiles = 1;
	rc = outbox_queue(rt, &om, cause);
	tvars_free(v);
	return (rc);
}
