/* SPDX-License-Identifier: ISC */
/*
 * Never a loop or a source of backscatter (RFC 3834 §2, RFC 3464, RFC
 * 2369). These checks are made in code, whatever rules/ says, before any
 * automatic reply: a machine-written mail, a mailing list, a bounce, our
 * own mail coming back or a hop loop is never answered; and automatic
 * replies are capped per recipient per day and in total per hour.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "db.h"
#include "loopguard.h"
#include "mail.h"
#include "runtime.h"
#include "sender.h"
#include "xmalloc.h"

static const char *const loopguard_robots[] = {
	"mailer-daemon", "postmaster", "noreply", "no-reply", "no_reply",
	"donotreply", "do-not-reply", "bounce", "bounces", NULL
};

static int
loopguard_word(const char *value, const char *const *words)
{
	size_t	 i, len;

	value += strspn(value, " \t");
	for (i = 0; words[i] != NULL; i++) {
		len = strlen(words[i]);
		if (strncasecmp(value, words[i], len) == 0 &&
		    !isalnum((unsigned char)value[len]))
			return (1);
	}
	return (0);
}

/* Whether the address's local part is a robot's ("mailer-daemon@"). */
static int
loopguard_robot(const char *addr)
{
	const char	*at = strchr(addr, '@');
	size_t		 i, len = at != NULL ? (size_t)(at - addr) :
			    strlen(addr);

	for (i = 0; loopguard_robots[i] != NULL; i++) {
		if (len == strlen(loopguard_robots[i]) &&
		    strncasecmp(addr, loopguard_robots[i], len) == 0)
			return (1);
	}
	return (0);
}

/* Whether the mail is a delivery report: a bounce of something sent. */
int
loopguard_is_report(const struct mail *m)
{
	const char	*v;

	if ((v = mail_header(m, "Content-Type")) != NULL &&
	    strncasecmp(v + strspn(v, " \t"), "multipart/report", 16) == 0)
		return (1);
	if ((v = mail_header(m, "Return-Path")) != NULL &&
	    strcmp(v + strspn(v, " \t"), "<>") == 0)
		return (1);
	return (m->from_addr == NULL || loopguard_robot(m->from_addr));
}

/* Whether an Auto-Submitted value is "no" (a comment may follow). */
static int
loopguard_is_no(const char *v)
{
	v += strspn(v, " \t");
	if (strncasecmp(v, "no", 2) != 0)
		return (0);
	v += 2;
	v += strspn(v, " \t");
	return (*v == '\0' || *v == '(' || *v == ';');
}

/* The reason a header gives not to answer, or NULL. */
static const char *
loopguard_header(const struct mail_header *h)
{
	static const char *const precedence[] = { "bulk", "list", "junk",
	    NULL };
	static const char *const suppress[] = { "all", "oof", "autoreply",
	    NULL };
	const char	*v = h->value;

	if (strcasecmp(h->name, "Auto-Submitted") == 0 &&
	    !loopguard_is_no(v))
		return ("automatisch bericht: Auto-Submitted");
	if (strcasecmp(h->name, "Precedence") == 0 &&
	    loopguard_word(v, precedence))
		return ("automatisch bericht: Precedence");
	if (strncasecmp(h->name, "List-", 5) == 0)
		return ("automatisch bericht: een List-header "
		    "(mailinglijst)");
	if (strcasecmp(h->name, "X-Auto-Response-Suppress") == 0) {
		for (; *v != '\0'; v += strcspn(v, ",; \t")) {
			v += strspn(v, ",; \t");
			if (loopguard_word(v, suppress))
				return ("automatisch bericht: "
				    "X-Auto-Response-Suppress");
		}
	}
	if (strcasecmp(h->name, "X-Hercert-Kind") == 0)
		return ("ons eigen bericht (X-Hercert-Kind)");
	return (NULL);
}

/*
 * Why the mail must not be answered automatically, or NULL. Checked once
 * per mail, before it is acted on.
 */
char *
loopguard_check(struct runtime *rt, const struct mail *m,
    const struct sender *s)
{
	const char	*why;
	size_t		 i, received = 0;

	if (m->from_addr == NULL)
		return (xstrdup("geen afzenderadres"));
	if (s->own)
		return (xstrdup("ons eigen adres"));
	if (loopguard_is_report(m))
		return (xstrdup("afleverbericht of robotadres (RFC 3464)"));
	if (m->message_id != NULL &&
	    strncmp(m->message_id, "<hercert.", 9) == 0)
		return (xstrdup("ons eigen bericht (Message-ID)"));
	for (i = 0; i < m->nheaders; i++) {
		if ((why = loopguard_header(&m->headers[i])) != NULL)
			return (xstrdup(why));
		if (strcasecmp(m->headers[i].name, "Received") == 0)
			received++;
	}
	if (received > (size_t)rt->cf->max_received)
		return (xasprintf("%zu Received-regels: een lus", received));
	return (NULL);
}

/* Why no more automatic mail may go to rcpt now, or NULL. */
char *
loopguard_rate(struct runtime *rt, const char *rcpt)
{
	long	 n;

	n = db_outbox_count_recent(rt->db, rcpt, 24 * 60 * 60);
	if (n >= rt->cf->replies_per_sender_per_day)
		return (xasprintf("al %ld automatische berichten aan %s in 24 "
		    "uur (grens %d)", n, rcpt,
		    rt->cf->replies_per_sender_per_day));
	n = db_outbox_count_recent(rt->db, NULL, 60 * 60);
	if (n >= rt->cf->replies_per_hour)
		return (xasprintf("al %ld automatische berichten in het "
		    "afgelopen uur (grens %d)", n, rt->cf->replies_per_hour));
	return (NULL);
}
