/* SPDX-License-Identifier: ISC */
/*
 * The outbox. A mail is rendered and stored inside the caller's
 * transaction, so it exists exactly when the state change that caused it
 * does. Its Message-ID derives from the message it answers and its kind,
 * so a mail queued again after a crash is recognisably the same. The
 * sender loop takes due rows, hands them to the sink and records the
 * result: sent, retried later with backoff, or failed for good.
 */

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "hash.h"
#include "log.h"
#include "mail.h"
#include "message.h"
#include "outbox.h"
#include "runtime.h"
#include "sink.h"
#include "template.h"
#include "xmalloc.h"

#define OUTBOX_GIVE_UP		(5 * 86400)	/* seconds of retrying */

struct outbox_flush {
	struct runtime		*rt;
	const struct sink_ops	*ops;
	void			*sink;
	size_t			 sent;
	size_t			 failed;
};

/* Split rendered text into its Subject line and the body after it. */
static int
outbox_split(const char *text, char **subject, const char **body)
{
	const char	*p = text, *eol;

	*subject = NULL;
	while (*p != '\0' && *p != '\n') {
		eol = strchr(p, '\n');
		if (eol == NULL)
			return (-1);
		if (strncmp(p, "Subject:", 8) == 0) {
			p += 8;
			while (*p == ' ')
				p++;
			free(*subject);
			*subject = xstrndup(p, (size_t)(eol - p));
		}
		p = eol + 1;
	}
	if (*subject == NULL || *p != '\n')
		return (-1);
	*body = p + 1;
	return (0);
}

static char *
outbox_references(const struct mail *m)
{
	if (m->message_id == NULL)
		return (NULL);
	if (m->references == NULL)
		return (xstrdup(m->message_id));
	return (xasprintf("%s %s", m->references, m->message_id));
}

/* The Message-ID of a mail: from what it answers and its kind. */
static char *
outbox_message_id(struct runtime *rt, const struct outbox_mail *om)
{
	char	*seed, hex[HASH_HEX_LEN + 1];

	seed = xasprintf("%s\n%s", om->seed, om->kind);
	hash_sha256_hex(seed, strlen(seed), hex);
	free(seed);
	return (xasprintf("<hercert.%s.%.20s@%s>", om->kind, hex, rt->domain));
}

static int
outbox_store(struct runtime *rt, const struct outbox_mail *om,
    const struct outmsg *o, char **cause)
{
	struct db_outbox	 row;
	char			*data;
	size_t			 len;
	int			 rc = -1;

	if ((data = message_build(o, &len, cause)) == NULL)
		return (-1);
	memset(&row, 0, sizeof row);
	row.kind = om->kind;
	row.message = om->message;
	row.message_id = o->message_id;
	row.sender = rt->cf->smtp_from;
	row.rcpt = om->to_addr;
	row.data = data;
	row.len = len;
	if (db_outbox_put(rt->db, &row) == -1)
		*cause = xasprintf("outbox: %s", db_error(rt->db));
	else
		rc = 0;
	free(data);
	return (rc);
}

/* A size the Dutch way: "1,4 MB". */
static void
outbox_size(struct tvars *item, off_t size)
{
	long	 tenths = size < 0 ? 0 : (long)(size * 10 / (1024 * 1024));

	tvars_setf(item, "grootte", "%ld,%ld MB", tenths / 10, tenths % 10);
}

/*
 * The files that fit within [limits] max_attachments_size, in order, into
 * *fit; the others are listed for the template as niet_bijgevoegd.
 */
static size_t
outbox_attachments(struct runtime *rt, const struct outbox_mail *om,
    struct outfile *fit)
{
	struct stat	 st;
	struct tvars	*item;
	size_t		 i, n = 0, total = 0;
	off_t		 size;

	for (i = 0; i < om->nfiles; i++) {
		size = stat(om->files[i].path, &st) == 0 ? st.st_size : -1;
		if (size >= 0 && total + (size_t)size <=
		    rt->cf->max_attachments_size) {
			total += (size_t)size;
			fit[n++] = om->files[i];
			continue;
		}
		item = tvars_add(om->vars, "niet_bijgevoegd");
		tvars_set(item, "naam", om->files[i].name);
		outbox_size(item, size);
	}
	return (n);
}

/* The text of a template, split: subject and body; NULL on failure. */
static char *
outbox_render(const struct template *t, const struct tvars *vars,
    char **subject, const char **body, char **cause)
{
	char	*text;

	if ((text = template_render(t, vars, cause)) == NULL)
		return (NULL);
	if (outbox_split(text, subject, body) != 0) {
		*cause = xasprintf("template %s: no \"Subject:\" line followed "
		    "by an empty line", template_name(t));
		free(text);
		return (NULL);
	}
	return (text);
}

/* Render, build and store one mail; the caller holds the transaction. */
int
outbox_queue(struct runtime *rt, const struct outbox_mail *om, char **cause)
{
	const struct template	*t, *th;
	struct outmsg		 o;
	struct outfile		*fit;
	char			*text, *html = NULL, *subject = NULL;
	char			*hsubject = NULL, *refs = NULL, *msgid, *kind;
	const char		*body, *hbody = NULL;
	int			 rc = -1;

	if ((t = runtime_template(rt, om->kind)) == NULL) {
		*cause = xasprintf("no template %s in %s", om->kind,
		    rt->cf->templates_dir);
		return (-1);
	}
	kind = xasprintf("%s.html", om->kind);
	th = runtime_template(rt, kind);
	free(kind);
	fit = xcalloc(om->nfiles + 1, sizeof *fit);
	memset(&o, 0, sizeof o);
	o.nfiles = outbox_attachments(rt, om, fit);
	o.files = fit;
	if ((text = outbox_render(t, om->vars, &subject, &body,
	    cause)) == NULL)
		goto out;
	if (th != NULL && (html = outbox_render(th, om->vars, &hsubject,
	    &hbody, cause)) == NULL)
		goto out;
	msgid = outbox_message_id(rt, om);
	o.from_name = rt->cf->partnership_name;
	o.from_addr = rt->cf->smtp_from;
	o.to_name = om->to_name;
	o.to_addr = om->to_addr;
	o.answer_name = om->answer_name;
	o.answer_addr = om->answer_addr;
	o.subject = subject;
	o.message_id = msgid;
	o.kind = om->kind;
	o.body = body;
	o.html = hbody;
	o.date = clock_now();
	o.auto_submitted = "auto-generated";
	if (om->reply_to != NULL) {
		o.in_reply_to = om->reply_to->message_id;
		o.references = refs = outbox_references(om->reply_to);
		o.auto_submitted = "auto-replied";
	}
	rc = outbox_store(rt, om, &o, cause);
	free(msgid);
out:
	free(refs);
	free(subject);
	free(hsubject);
	free(text);
	free(html);
	free(fit);
	return (rc);
}

/* The wait before the next attempt: doubling, capped, with jitter. */
static long
outbox_backoff(const struct config *cf, int attempts)
{
	long	 delay = cf->outbox_retry_min > 0 ? cf->outbox_retry_min : 1;

	while (attempts-- > 0 && delay < cf->outbox_retry_max)
		delay *= 2;
	if (delay > cf->outbox_retry_max)
		delay = cf->outbox_retry_max > 0 ? cf->outbox_retry_max : 1;
	return (delay + random() % (delay / 4 + 1));
}

/* How many attempts fill about five days at this backoff. */
static int
outbox_max_attempts(const struct config *cf)
{
	long	 total = 0, delay = cf->outbox_retry_min > 0 ?
	    cf->outbox_retry_min : 1;
	int	 n = 0;

	while (total < OUTBOX_GIVE_UP && n < 100000) {
		total += delay;
		if (delay < cf->outbox_retry_max)
			delay *= 2;
		n++;
	}
	return (n);
}

static int
outbox_send_one(void *arg, const struct db_outbox *o)
{
	struct outbox_flush	*f = arg;
	enum sink_result	 r;
	char			*cause = NULL;
	int			 permanent;

	r = f->ops->send(f->sink, o->sender, o->rcpt, o->data, o->len,
	    &cause);
	if (r == SINK_SENT) {
		log_info("outbox: %ld: %s to %s sent", o->id, o->kind,
		    o->rcpt);
		f->sent++;
		db_health_set(f->rt->db, f->ops->name, "ok");
		return (db_outbox_sent(f->rt->db, o->id));
	}
	if (r == SINK_TEMPORARY)
		db_health_set(f->rt->db, f->ops->name, cause);
	permanent = r == SINK_PERMANENT ||
	    o->attempts + 1 >= outbox_max_attempts(f->rt->cf);
	log_warnx("outbox: %ld: %s to %s: %s%s", o->id, o->kind, o->rcpt,
	    cause, permanent ? " (given up)" : " (will retry)");
	f->failed++;
	db_outbox_failed(f->rt->db, o->id, cause,
	    (long)time(NULL) + outbox_backoff(f->rt->cf, o->attempts),
	    permanent);
	free(cause);
	return (0);
}

/* Send every due mail of the outbox; counts into sent and failed. */
int
outbox_flush(struct runtime *rt, size_t *sent, size_t *failed)
{
	struct outbox_flush	 f;
	char			*cause = NULL;
	int			 rc;

	memset(&f, 0, sizeof f);
	f.rt = rt;
	f.ops = sink_find(rt->cf);
	if ((f.sink = f.ops->open(rt->cf, &cause)) == NULL) {
		log_warnx("outbox: %s: %s", f.ops->name, cause);
		db_health_set(rt->db, f.ops->name, cause);
		free(cause);
		return (-1);
	}
	/*
	 * Retries run on the real clock: HERCERT_NOW moves the procedure's
	 * dates, not the SMTP server's recovery.
	 */
	rc = db_outbox_due(rt->db, (long)time(NULL), outbox_send_one, &f);
	f.ops->close(f.sink);
	*sent = f.sent;
	*failed = f.failed;
	return (rc);
}
