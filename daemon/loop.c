/* SPDX-License-Identifier: ISC */
/*
 * The daemon's main loop: connect, process what waits, send the outbox,
 * then wait for new mail (IMAP IDLE or polling) in slices short enough for
 * the systemd watchdog. A lost connection is reopened with capped
 * exponential backoff and full jitter; refused credentials wait at least
 * 15 minutes, so a school's account is never locked out by us. All
 * waiting is relative (poll, CLOCK_MONOTONIC), so wall-clock jumps do not
 * matter. SIGTERM finishes the current message; SIGHUP reloads.
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "digest.h"
#include "log.h"
#include "loop.h"
#include "notify.h"
#include "oauth2.h"
#include "outbox.h"
#include "pipeline.h"
#include "procedure.h"
#include "runtime.h"
#include "source.h"

#define LOOP_SLICE_MS		50000	/* <= WatchdogSec / 2 */
#define LOOP_BACKOFF_MAX	300	/* seconds between reconnects */
#define LOOP_AUTH_WAIT		900	/* seconds after refused credentials */

static volatile sig_atomic_t	 loop_stop;
static volatile sig_atomic_t	 loop_reload;

struct loop {
	struct runtime		*rt;
	const struct source_ops	*ops;
	void			*src;
	long			 backoff;	/* seconds */
	long long		 next_poll;	/* ms, monotonic */
};

static void
loop_signal(int sig)
{
	if (sig == SIGHUP)
		loop_reload = 1;
	else
		loop_stop = 1;
}

static long long
loop_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Sleep up to ms, in watchdog slices; a signal ends it early. */
static void
loop_sleep(long long ms)
{
	long long	 end = loop_now_ms() + ms, left;

	while (!loop_stop && !loop_reload && (left = end - loop_now_ms()) > 0) {
		if (poll(NULL, 0, (int)(left < LOOP_SLICE_MS ? left :
		    LOOP_SLICE_MS)) == 0)
			notify_watchdog();
	}
}

/* Token requests happen inside IMAP and SMTP logins: record how they went. */
static void
loop_oauth2_health(struct runtime *rt)
{
	if (oauth2_status() != NULL)
		db_health_set(rt->db, "oauth2", oauth2_status());
}

/* What is due after the mail: the procedure, the digest, the outbox. */
static int
loop_due(struct runtime *rt)
{
	size_t	 sent = 0, failed = 0;
	char	*cause = NULL;
	int	 rc = 0;

	loop_oauth2_health(rt);
	if (procedure_run(rt, &cause) != 0) {
		log_warnx("procedure: %s", cause != NULL ? cause : "failed");
		free(cause);
		cause = NULL;
		rc = -1;
	}
	if (digest_run(rt, &cause) == -1) {
		log_warnx("digest: %s", cause);
		free(cause);
		rc = -1;
	}
	if (outbox_flush(rt, &sent, &failed) != 0)
		rc = -1;
	if (sent > 0 || failed > 0)
		log_info("outbox: %zu sent, %zu failed", sent, failed);
	loop_oauth2_health(rt);
	return (rc);
}

/* Process what waits in the source (if connected), then what is due. */
static void
loop_pass(struct loop *l)
{
	struct pipeline_stats	 st;

	if (l->src != NULL) {
		notify_status("verwerkt nieuwe mail");
		if (pipeline_run(l->rt, l->ops, l->src, &st) != 0) {
			db_health_set(l->rt->db, l->ops->name,
			    "de mailbox kon niet gelezen worden");
			l->ops->close(l->src);
			l->src = NULL;
		} else {
			db_health_set(l->rt->db, l->ops->name, "ok");
			if (st.processed > 0 || st.failed > 0)
				log_info("%zu processed, %zu failed",
				    st.processed, st.failed);
		}
	}
	loop_due(l->rt);
}

static long
loop_delay(struct loop *l, enum source_error err)
{
	long	 delay;

	if (err == SOURCE_ERR_AUTH)
		return (LOOP_AUTH_WAIT);
	if (err == SOURCE_ERR_CONFIG)
		return (LOOP_BACKOFF_MAX);
	delay = 1 + random() % l->backoff;	/* full jitter */
	l->backoff = l->backoff * 2 > LOOP_BACKOFF_MAX ? LOOP_BACKOFF_MAX :
	    l->backoff * 2;
	return (delay);
}

/* Open the source; on failure send what is due and wait before retrying. */
static int
loop_connect(struct loop *l)
{
	enum source_error	 err = SOURCE_ERR_TEMPORARY;
	char			*cause = NULL;
	long			 delay;

	notify_status("verbinden met %s", l->ops->name);
	if ((l->src = l->ops->open(l->rt->cf, &err, &cause)) != NULL) {
		if (l->backoff > 1)
			log_info("%s: connected again", l->ops->name);
		l->backoff = 1;
		return (0);
	}
	if (loop_stop) {	/* the signal cut the connect short */
		free(cause);
		return (-1);
	}
	delay = loop_delay(l, err);
	log_warnx("%s: %s%s; next attempt in %ld s", l->ops->name, cause,
	    err == SOURCE_ERR_AUTH ? " (credentials refused)" : "", delay);
	db_health_set(l->rt->db, l->ops->name, cause);
	notify_status("geen verbinding: %s; opnieuw over %ld s", cause, delay);
	free(cause);
	loop_pass(l);
	loop_sleep(delay * 1000);
	return (-1);
}

static void
loop_do_reload(struct loop *l)
{
	char	*cause = NULL;

	loop_reload = 0;
	if (runtime_reload(l->rt, &cause) != 0) {
		log_warnx("reload: %s (keeping what was loaded)", cause);
		free(cause);
		return;
	}
	log_info("reload: configuration, rules and templates loaded");
	if (l->src != NULL)
		l->ops->close(l->src);
	l->src = NULL;
	l->ops = source_find(l->rt->cf);
	l->backoff = 1;
}

/* Wait for mail; after the wait it is time for a pass. */
static void
loop_wait(struct loop *l)
{
	long long	 left;
	char		*cause = NULL;
	int		 r;

	left = l->next_poll - loop_now_ms();
	if (left > LOOP_SLICE_MS)
		left = LOOP_SLICE_MS;
	if (left < 0)
		left = 0;
	notify_status("wacht op mail");
	r = l->ops->wait(l->src, (int)left, &cause);
	if (r == -1) {
		log_warnx("%s: %s; reconnecting", l->ops->name, cause);
		free(cause);
		l->ops->close(l->src);
		l->src = NULL;
		return;
	}
	notify_watchdog();
	if (r == 0 && loop_now_ms() < l->next_poll)
		return;
	l->next_poll = loop_now_ms() + l->rt->cf->imap_poll_interval * 1000LL;
	loop_pass(l);
}

static void
loop_signals(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_signal;	/* no SA_RESTART: waits end early */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Run until SIGTERM. */
int
loop_run(struct runtime *rt)
{
	struct loop	 l;

	memset(&l, 0, sizeof l);
	l.rt = rt;
	l.ops = source_find(rt->cf);
	l.backoff = 1;
	rt->stop = &loop_stop;
	loop_signals();
	notify_ready();
	log_info("started: %s", rt->cf->imap_url != NULL ? rt->cf->imap_url :
	    rt->cf->maildir_path);
	while (!loop_stop) {
		if (loop_reload)
			loop_do_reload(&l);
		if (l.src == NULL) {
			if (loop_connect(&l) != 0)
				continue;
			loop_pass(&l);
			l.next_poll = loop_now_ms() +
			    rt->cf->imap_poll_interval * 1000LL;
		} else
			loop_wait(&l);
	}
	notify_stopping();
	if (l.src != NULL)
		l.ops->close(l.src);
	log_info("stopped");
	return (0);
}

/* One pass (--once): 0 when nothing failed. */
int
loop_once(struct runtime *rt)
{
	const struct source_ops	*ops = source_find(rt->cf);
	struct pipeline_stats	 st;
	enum source_error	 err;
	void			*src;
	char			*cause = NULL;
	int			 rc = 0;

	if ((src = ops->open(rt->cf, &err, &cause)) == NULL) {
		log_warnx("%s: %s", ops->name, cause);
		db_health_set(rt->db, ops->name, cause);
		free(cause);
		rc = -1;
	} else {
		if (pipeline_run(rt, ops, src, &st) != 0 || st.failed > 0)
			rc = -1;
		db_health_set(rt->db, ops->name, rc == 0 ? "ok" :
		    "niet alle mail kon verwerkt worden");
		ops->close(src);
		log_info("%zu processed, %zu failed", st.processed, st.failed);
	}
	if (loop_due(rt) != 0)
		rc = -1;
	return (rc);
}
