/* SPDX-License-Identifier: ISC */
/*
 * hercertd: the daemon. Reads the mailbox, acts on each mail, sends the
 * outbox; with --once it does that one time and exits.
 */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "outbox.h"
#include "pipeline.h"
#include "runtime.h"
#include "source.h"

static volatile sig_atomic_t	 hercertd_stop;
static volatile sig_atomic_t	 hercertd_reload;

static void
hercertd_signal(int sig)
{
	if (sig == SIGHUP)
		hercertd_reload = 1;
	else
		hercertd_stop = 1;
}

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: hercertd [-fv] [-c config] [--once]\n");
	exit(2);
}

/* One pass: the mailbox, then the outbox. 0 when nothing failed. */
static int
hercertd_pass(struct runtime *rt)
{
	const struct source_ops	*ops = source_find(rt->cf);
	struct pipeline_stats	 st;
	void			*src;
	char			*cause = NULL;
	size_t			 sent = 0, failed = 0;
	int			 rc = 0;

	if ((src = ops->open(rt->cf, &cause)) == NULL) {
		log_warnx("%s: %s", ops->name, cause);
		free(cause);
		rc = -1;
	} else {
		if (pipeline_run(rt, ops, src, &st) != 0 || st.failed > 0)
			rc = -1;
		ops->close(src);
		log_info("%zu processed, %zu failed", st.processed, st.failed);
	}
	if (outbox_flush(rt, &sent, &failed) != 0)
		rc = -1;
	if (sent > 0 || failed > 0)
		log_info("outbox: %zu sent, %zu failed", sent, failed);
	return (rc);
}

static void
hercertd_reload_all(struct runtime *rt)
{
	char	*cause = NULL;

	hercertd_reload = 0;
	if (runtime_load_rules(rt, &cause) != 0 ||
	    runtime_load_templates(rt, &cause) != 0) {
		log_warnx("reload: %s (keeping what was loaded)", cause);
		free(cause);
		return;
	}
	log_info("reload: rules and templates loaded");
}

static void
hercertd_loop(struct runtime *rt)
{
	struct sigaction	 sa;
	int			 left;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = hercertd_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	while (!hercertd_stop) {
		(void)hercertd_pass(rt);
		for (left = rt->cf->imap_poll_interval; left > 0 &&
		    !hercertd_stop && !hercertd_reload; left--)
			sleep(1);
		if (hercertd_reload)
			hercertd_reload_all(rt);
	}
	log_info("stopping");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct runtime	 rt;
	const char	*path = getenv("HERCERT_CONFIG");
	char		*cause = NULL;
	int		 ch, once = 0, foreground = 0, verbose = 1, rc;

	while ((ch = getopt_long(argc, argv, "c:fvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'f':
			foreground = 1;
			break;
		case 'o':
			once = 1;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_init("hercertd", verbose);
	if (runtime_open(&rt, path != NULL ? path : CONFIG_DEFAULT_PATH,
	    RUNTIME_ALL, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		return (1);
	}
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	if (once)
		rc = hercertd_pass(&rt) == 0 ? 0 : 1;
	else {
		if (!foreground && daemon(0, 1) != 0)
			fatal("daemon");
		hercertd_loop(&rt);
		rc = 0;
	}
	runtime_close(&rt);
	return (rc);
}
