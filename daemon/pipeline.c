/* SPDX-License-Identifier: ISC */
/*
 * One message at a time, exactly once: the message's outcome, the state
 * it changes and the mail it causes are committed in one transaction
 * keyed by the source key (mailbox, UIDVALIDITY, UID); only then is it
 * moved to the folder of its class. A crash before the commit repeats
 * the message; a crash after it only repeats the move, which is retried
 * from the database at the next run.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bounce.h"
#include "classify.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "loopguard.h"
#include "mail.h"
#include "outbox.h"
#include "pipeline.h"
#include "rules.h"
#include "runtime.h"
#include "source.h"
#include "xmalloc.h"

#define PIPELINE_MAX_FAILURES	3	/* errors before a mail is set aside */
#define PIPELINE_MAX_STARTS	10	/* starts that never ended, likewise */

static const struct {
	const char	*class;
	const char	*folder;
} pipeline_folders[] = {
	{ "aanmelding", "Hercert/Aanmelding" },
	{ "documenten", "Hercert/Documenten" },
	{ "reflectie", "Hercert/Reflectie" },
	{ "checklist", "Hercert/Checklist" },
	{ "vraag", "Hercert/Vraag" },
	{ "automatisch", "Hercert/Automatisch" },
};

/* The folder of a class; Hercert/Onbekend for anything else. */
const char *
pipeline_folder(const char *class)
{
	size_t	 i;

	for (i = 0; i < sizeof pipeline_folders / sizeof *pipeline_folders;
	    i++) {
		if (strcmp(pipeline_folders[i].class, class) == 0)
			return (pipeline_folders[i].folder);
	}
	return ("Hercert/Onbekend");
}

/* Record the message with what was decided; sets h->row. */
int
pipeline_record(struct runtime *rt, struct handling *h)
{
	struct db_message	 m;
	char			*reason = NULL;
	int			 answers;

	memset(&m, 0, sizeof m);
	m.key = h->sm->key;
	m.mailbox = h->sm->mailbox;
	m.uidvalidity = h->sm->uidvalidity;
	m.uid = h->sm->uid;
	m.hash = h->hash;
	if (h->mail != NULL) {
		m.message_id = h->mail->message_id;
		m.sender = h->mail->from_addr;
		m.subject = h->mail->subject;
	}
	m.class = h->cls != NULL ? h->cls->class : "onbekend";
	m.rule = h->cls != NULL && h->cls->rule != NULL ?
	    h->cls->rule->name : NULL;
	m.role = sender_role_name(h->from.role);
	m.board = h->from.board;
	m.audit_date = h->audit_date;
	m.outcome = h->outcome;
	m.reason = h->reason;
	/* An outcome that is normally answered says why it was not. */
	answers = strcmp(h->outcome, "accepted") == 0 ||
	    strcmp(h->outcome, "rejected") == 0 ||
	    strcmp(h->outcome, "filed") == 0;
	if (answers && h->noreply != NULL) {
		reason = xasprintf("%s%sniet beantwoord: %s", h->reason != NULL ?
		    h->reason : "", h->reason != NULL ? "; " : "", h->noreply);
		m.reason = reason;
	}
	m.folder = h->folder;
	m.reply_to = h->reply_to;
	h->row = db_message_put(rt->db, &m);
	free(reason);
	return (h->row > 0 ? 0 : -1);
}

/*
 * Record a mail from a sender who may not have it acted on: kept in
 * Hercert/Onbekend with who it was and why the address was not believed.
 */
int
pipeline_refuse_sender(struct runtime *rt, struct handling *h,
    const char *what, const char *consequence)
{
	const char	*addr = h->mail != NULL && h->mail->from_addr != NULL ?
			    h->mail->from_addr : "(geen adres)";

	h->outcome = "ignored";
	h->folder = pipeline_folder("onbekend");
	if (h->from.distrust != NULL)
		h->reason = xasprintf("afzender %s niet vertrouwd (%s); %s",
		    addr, h->from.distrust, consequence);
	else
		h->reason = xasprintf("afzender %s is %s; %s", addr, what,
		    consequence);
	return (pipeline_record(rt, h));
}

/* Queue a reply of a kind to the sender of the mail being handled. */
int
pipeline_reply(struct runtime *rt, struct handling *h, const char *kind,
    struct tvars *vars, const char *to_name, char **cause)
{
	struct outbox_mail	 om;

	if (h->noreply != NULL) {
		log_info("%s: no %s: %s", h->sm->key, kind, h->noreply);
		return (0);
	}
	memset(&om, 0, sizeof om);
	om.kind = kind;
	om.vars = vars;
	om.to_name = to_name;
	om.to_addr = h->mail->from_addr;
	om.reply_to = h->mail;
	om.seed = h->sm->key;
	om.message = h->row;
	return (outbox_queue(rt, &om, cause));
}

/* Decide what to do with a message whose class has no step of its own. */
static int
pipeline_other(struct runtime *rt, struct handling *h)
{
	const struct classification	*c = h->cls;

	h->folder = pipeline_folder(c->class);
	if (c->review) {
		h->outcome = "review";
		h->folder = pipeline_folder("onbekend");
		h->reason = xstrdup(c->reason);
	} else if (strcmp(c->class, "automatisch") == 0) {
		h->outcome = "ignored";
		h->reason = xstrdup("automatisch bericht; niet beantwoord");
	} else if (strcmp(c->class, "onbekend") == 0) {
		h->outcome = "review";
		h->reason = xstrdup("geen regel past; wacht op een mens");
	} else {
		h->outcome = "review";
		h->reason = xasprintf("%s wordt nog niet automatisch verwerkt",
		    c->class);
	}
	return (pipeline_record(rt, h));
}

/* A report that one of our mails could not be delivered. */
static int
pipeline_bounce(struct runtime *rt, struct handling *h)
{
	struct bounce	 b;
	char		*kind, *why;
	long		 id;

	if (bounce_scan_file(h->sm->path, &b) != 0 ||
	    (id = db_outbox_find(rt->db, b.message_id, &kind)) <= 0) {
		bounce_clear(&b);
		return (1);
	}
	why = bounce_describe(&b);
	h->outcome = "bounce";
	h->folder = pipeline_folder("automatisch");
	h->reply_to = id;
	h->reason = xasprintf("ons bericht %ld (%s) %s", id, kind, why);
	free(kind);
	bounce_clear(&b);
	if (db_outbox_bounced(rt->db, id, why) != 0) {
		free(why);
		return (-1);
	}
	free(why);
	return (pipeline_record(rt, h));
}

static int
pipeline_decide(struct runtime *rt, struct handling *h, char **cause)
{
	char	*folder;
	long	 dup;
	int	 rc;

	dup = h->mail != NULL ? db_message_duplicate(rt->db,
	    h->mail->message_id, h->hash, &folder) : 0;
	if (dup > 0) {
		h->outcome = "duplicate";
		h->reason = xasprintf("zelfde bericht als nummer %ld", dup);
		h->folder = pipeline_folder("onbekend");
		if (folder != NULL)
			h->folder = strcmp(folder, "Hercert/Aanmelding") == 0 ?
			    pipeline_folder("aanmelding") :
			    pipeline_folder("onbekend");
		free(folder);
		return (pipeline_record(rt, h));
	}
	if (h->from.own) {
		h->outcome = "ignored";
		h->folder = pipeline_folder("automatisch");
		h->reason = xstrdup("eigen bericht van het partnerschapsadres; "
		    "niet beantwoord");
		return (pipeline_record(rt, h));
	}
	if (h->mail == NULL || h->cls->review)
		return (pipeline_other(rt, h));
	if (loopguard_is_report(h->mail) && (rc = pipeline_bounce(rt, h)) <= 0)
		return (rc);
	if (strcmp(h->cls->class, "aanmelding") == 0)
		return (registration_handle(rt, h, cause));
	if (strcmp(h->cls->class, "vraag") == 0 &&
	    h->from.role != DB_ROLE_UNKNOWN)
		return (question_handle(rt, h, cause));
	if (strcmp(h->cls->class, "documenten") == 0 ||
	    strcmp(h->cls->class, "reflectie") == 0 ||
	    strcmp(h->cls->class, "checklist") == 0)
		return (documents_handle(rt, h, cause));
	return (pipeline_other(rt, h));
}

/* The limits a mail is parsed with. */
const struct mail_limits *
pipeline_mail_limits(const struct config *cf)
{
	static struct mail_limits	 lim;

	lim.max_header_bytes = 100 * 1024;
	lim.max_subject = cf->max_subject_length;
	lim.max_body = cf->max_body_length;
	return (&lim);
}

/* The row of our mail that this one answers (In-Reply-To, References). */
static long
pipeline_link(struct runtime *rt, const struct mail *m)
{
	const char	*fields[2], *p, *q;
	char		*id, *kind;
	long		 row = 0;
	size_t		 i;

	fields[0] = mail_header(m, "In-Reply-To");
	fields[1] = m->references;
	for (i = 0; i < 2 && row == 0; i++) {
		for (p = fields[i]; p != NULL && row == 0 &&
		    (p = strstr(p, "<hercert.")) != NULL; p = q) {
			if ((q = strchr(p, '>')) == NULL)
				break;
			id = xstrndup(p, (size_t)(q - p + 1));
			row = db_outbox_find(rt->db, id, &kind);
			free(id);
			free(kind);
		}
	}
	return (row > 0 ? row : 0);
}

/* The first bytes of a message (the parse window), NUL-terminated. */
static char *
pipeline_window(const struct source_msg *sm, size_t window, size_t *len,
    char **cause)
{
	char	*data;
	ssize_t	 n;
	int	 fd;

	*len = sm->len < window ? sm->len : window;
	if ((fd = open(sm->path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", sm->path, strerror(errno));
		return (NULL);
	}
	data = xmalloc(*len + 1);
	n = read(fd, data, *len);
	close(fd);
	if (n < 0) {
		*cause = xasprintf("%s: %s", sm->path, strerror(errno));
		free(data);
		return (NULL);
	}
	*len = (size_t)n;
	data[*len] = '\0';
	return (data);
}

/*
 * Parse, identify the sender and classify; a message that cannot be
 * parsed waits for a human.
 */
static struct mail *
pipeline_classify(struct runtime *rt, const struct source_msg *sm,
    struct sender *from, struct classification *cls)
{
	struct mail	*mail = NULL;
	char		*data, *cause = NULL;
	size_t		 len;

	memset(cls, 0, sizeof *cls);
	cls->class = "onbekend";
	if ((data = pipeline_window(sm, rt->cf->parse_window, &len, &cause)) !=
	    NULL) {
		mail = mail_parse(data, len, pipeline_mail_limits(rt->cf), &cause);
		free(data);
	}
	sender_identify(rt, mail, from);
	if (mail != NULL)
		classify(rt->rules, mail, sender_role_name(from->role), cls);
	else {
		cls->review = 1;
		cls->reason = xasprintf("onleesbaar bericht: %s", cause);
		free(cause);
	}
	return (mail);
}

/* Handle one fetched message inside one transaction; error on failure. */
static int
pipeline_handle(struct runtime *rt, const struct source_msg *sm,
    struct handling *h, char **error)
{
	struct classification	 cls;
	struct mail		*mail;
	char			*cause = NULL;
	int			 rc;

	memset(h, 0, sizeof *h);
	h->sm = sm;
	if (hash_sha256_file(sm->path, h->hash, error) != 0)
		return (-1);
	mail = pipeline_classify(rt, sm, &h->from, &cls);
	h->mail = mail;
	h->cls = &cls;
	if (mail != NULL) {
		h->reply_to = pipeline_link(rt, mail);
		h->noreply = loopguard_check(rt, mail, &h->from);
		if (h->noreply == NULL)
			h->noreply = loopguard_rate(rt, mail->from_addr);
	}
	rc = db_begin(rt->db);
	if (rc == 0)
		rc = pipeline_decide(rt, h, &cause);
	if (rc == 0)
		rc = db_attempt_clear(rt->db, sm->key);
	if (rc == 0)
		rc = db_commit(rt->db);
	if (rc != 0) {
		*error = cause != NULL ? cause : xstrdup(db_error(rt->db));
		cause = NULL;
		db_rollback(rt->db);
	} else
		log_info("%s: %s from %s: %s%s%s -> %s", sm->key, cls.class,
		    sender_role_name(h->from.role), h->outcome,
		    h->reason != NULL ? ": " : "",
		    h->reason != NULL ? h->reason : "", h->folder);
	free(cause);
	classification_clear(&cls);
	mail_free(mail);
	h->mail = NULL;
	h->cls = NULL;
	return (rc);
}

/* Record a message that will not be processed, with the reason. */
static int
pipeline_set_aside(struct runtime *rt, const struct source_msg *sm,
    const char *reason)
{
	struct handling	 h;
	int		 rc;

	memset(&h, 0, sizeof h);
	h.sm = sm;
	if (sm->path == NULL || hash_sha256_file(sm->path, h.hash,
	    &h.reason) != 0) {
		free(h.reason);
		h.reason = NULL;
		snprintf(h.hash, sizeof h.hash, "-");
	}
	h.outcome = "set-aside";
	h.folder = pipeline_folder("onbekend");
	h.reason = xstrdup(reason);
	log_warnx("%s: set aside: %s", sm->key, reason);
	rc = db_begin(rt->db);
	if (rc == 0)
		rc = pipeline_record(rt, &h);
	if (rc == 0)
		rc = db_attempt_clear(rt->db, sm->key);
	if (rc == 0)
		rc = db_commit(rt->db);
	if (rc != 0)
		db_rollback(rt->db);
	free(h.reason);
	return (rc);
}

static void
pipeline_move(struct runtime *rt, const struct source_ops *ops, void *src,
    const char *key, const char *folder)
{
	char	*cause = NULL;

	if (ops->move(src, key, folder, &cause) != 0) {
		log_warnx("%s: move to %s: %s (retried next run)", key,
		    folder, cause);
		free(cause);
		return;
	}
	if (db_message_moved(rt->db, key) != 0)
		log_warnx("%s: %s", key, db_error(rt->db));
}

/* Moves that a crash left undone. */
static void
pipeline_pending_moves(struct runtime *rt, const struct source_ops *ops,
    void *src)
{
	char	**keys, **folders;
	size_t	  n, i;

	if (db_messages_unmoved(rt->db, ops->mailbox(src),
	    ops->uidvalidity(src), &keys, &folders, &n) != 0)
		return;
	for (i = 0; i < n; i++)
		pipeline_move(rt, ops, src, keys[i], folders[i]);
	db_strings_free(keys, n);
	db_strings_free(folders, n);
}

/*
 * Try a fetched message, counting the attempt first: after
 * PIPELINE_MAX_FAILURES errors, or PIPELINE_MAX_STARTS starts that never
 * ended (the daemon died on it), it is set aside instead.
 */
static int
pipeline_attempt(struct runtime *rt, const struct source_msg *sm,
    struct handling *h)
{
	struct db_attempt	 a;
	char			*error = NULL, *why;
	int			 rc;

	if (db_attempt_start(rt->db, sm->key, &a) != 0)
		return (-1);
	if (a.failures >= PIPELINE_MAX_FAILURES ||
	    a.starts > PIPELINE_MAX_STARTS) {
		why = xasprintf("na %d mislukte pogingen (%d keer begonnen): "
		    "%s", a.failures, a.starts - 1, a.last_error != NULL ?
		    a.last_error : "het programma stopte tijdens de "
		    "verwerking");
		rc = pipeline_set_aside(rt, sm, why);
		h->folder = pipeline_folder("onbekend");
		free(why);
		free(a.last_error);
		return (rc);
	}
	free(a.last_error);
	if ((rc = pipeline_handle(rt, sm, h, &error)) != 0) {
		log_warnx("%s: not processed (attempt %d): %s", sm->key,
		    a.failures + 1, error);
		db_attempt_failed(rt->db, sm->key, error);
		free(error);
	}
	return (rc);
}

static void
pipeline_one(struct runtime *rt, const struct source_ops *ops, void *src,
    const char *key, struct pipeline_stats *st)
{
	struct source_msg	 sm;
	struct handling		 h;
	char			*cause = NULL, *why, *tmp;
	int			 rc;

	memset(&h, 0, sizeof h);
	tmp = xasprintf("%s/tmp", rt->cf->state_dir);
	rc = ops->fetch(src, key, tmp, &sm, &cause);
	free(tmp);
	if (rc == SOURCE_FETCH_GONE)
		return;
	if (rc == SOURCE_FETCH_TOO_BIG) {
		why = xasprintf("te groot: %s", cause);
		if (sm.key == NULL)
			sm.key = xstrdup(key);
		if (sm.mailbox == NULL)
			sm.mailbox = xstrdup(ops->mailbox(src));
		if (pipeline_set_aside(rt, &sm, why) == 0)
			pipeline_move(rt, ops, src, key, "Hercert/Onbekend");
		free(why);
	} else if (rc != SOURCE_FETCH_OK) {
		/* The connection, not the message: not counted. */
		log_warnx("%s: fetch: %s", key, cause);
		st->failed++;
	} else if (pipeline_attempt(rt, &sm, &h) == 0) {
		st->processed++;
		pipeline_move(rt, ops, src, key, h.folder);
	} else
		st->failed++;
	free(cause);
	sender_clear(&h.from);
	free(h.noreply);
	free(h.reason);
	free(h.audit_date);
	source_msg_clear(&sm);
}

/* Whether SIGTERM asked to stop after the current message. */
static int
pipeline_stopped(const struct runtime *rt)
{
	return (rt->stop != NULL && *rt->stop);
}

/* Process everything waiting in a source. */
int
pipeline_run(struct runtime *rt, const struct source_ops *ops, void *src,
    struct pipeline_stats *st)
{
	char		**keys = NULL, *cause = NULL;
	uint32_t	  last;
	int		  n, i;

	memset(st, 0, sizeof *st);
	pipeline_pending_moves(rt, ops, src);
	do {
		if (db_message_last_uid(rt->db, ops->mailbox(src),
		    ops->uidvalidity(src), &last) != 0)
			return (-1);
		if ((n = ops->list(src, last, &keys, &cause)) == -1) {
			log_warnx("%s: list: %s", ops->mailbox(src), cause);
			free(cause);
			return (-1);
		}
		/*
		 * A failure stops the batch: later UIDs would raise the last
		 * processed UID past the failed one and it would be skipped.
		 */
		for (i = 0; i < n && st->failed == 0 && !pipeline_stopped(rt);
		    i++) {
			if (db_message_known(rt->db, keys[i]) == 0)
				pipeline_one(rt, ops, src, keys[i], st);
		}
		source_list_free(keys, n);
	} while (n > 0 && ops->uidvalidity(src) != 0 && st->failed == 0 &&
	    !pipeline_stopped(rt));
	return (0);
}
