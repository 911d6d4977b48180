/* SPDX-License-Identifier: ISC */
/*
 * hercertd: the daemon. Reads the mailbox, acts on each mail, sends the
 * outbox; with --once it does that one time and exits.
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "loop.h"
#include "runtime.h"

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: hercertd [-fv] [-c config] [--once]\n");
	exit(2);
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
	if (!once && !foreground && daemon(0, 1) != 0) {
		log_warn("daemon");
		runtime_close(&rt);
		return (1);
	}
	rc = once ? loop_once(&rt) : loop_run(&rt);
	runtime_close(&rt);
	return (rc == 0 ? 0 : 1);
}
