/* SPDX-License-Identifier: ISC */
/*
 * bench-classify: parse and classify a set of .eml files held in memory,
 * round after round, as the daemon does per message (mail_parse with the
 * default limits, then classify), and print mails per second and a count
 * per class. bench/run-bench runs it for `make bench`.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"
#include "log.h"
#include "mail.h"
#include "re.h"
#include "rules.h"
#include "xmalloc.h"

/* The defaults of [limits] in config.c, as pipeline.c applies them. */
#define BENCH_MAX_HEADER	(100 * 1024)
#define BENCH_MAX_SUBJECT	(4 * 1024)
#define BENCH_MAX_BODY		(256 * 1024)
#define BENCH_WINDOW		(8 * 1024 * 1024)
#define BENCH_MATCH_LIMIT	1000000
#define BENCH_MAX_CLASSES	16
#define BENCH_MAX_ROUNDS	1000000

struct bench_file {
	const char	*path;
	char		*data;
	size_t		 len;
	const char	*class;		/* of the last round */
};

struct bench_count {
	const char	*class;
	unsigned long	 n;
};

struct bench {
	struct ruleset		*rules;
	const char		*role;		/* of every sender */
	struct bench_file	*files;
	size_t			 nfiles;
	struct bench_count	 counts[BENCH_MAX_CLASSES];
	size_t			 ncounts;
	unsigned long		 review;
	unsigned long		 unparsed;
	unsigned long		 dates;
};

static __attribute__((noreturn)) void
usage(void)
{
	fprintf(stderr, "usage: bench-classify [-v] [-n rounds] "
	    "[-R role] [-r rules-dir] file.eml ...\n");
	exit(2);
}

/* The first BENCH_WINDOW bytes of a file, as pipeline_window() reads. */
static int
bench_read(struct bench_file *bf)
{
	FILE	*f;

	if ((f = fopen(bf->path, "rb")) == NULL)
		return (-1);
	bf->data = xmalloc(BENCH_WINDOW + 1);
	bf->len = fread(bf->data, 1, BENCH_WINDOW, f);
	if (ferror(f)) {
		fclose(f);
		return (-1);
	}
	fclose(f);
	bf->data = xreallocarray(bf->data, 1, bf->len + 1);
	bf->data[bf->len] = '\0';
	return (0);
}

static void
bench_count(struct bench *b, const char *class)
{
	size_t	 i;

	for (i = 0; i < b->ncounts; i++) {
		if (strcmp(b->counts[i].class, class) == 0) {
			b->counts[i].n++;
			return;
		}
	}
	if (b->ncounts == BENCH_MAX_CLASSES)
		fatalx("more than %d classes", BENCH_MAX_CLASSES);
	b->counts[b->ncounts].class = class;
	b->counts[b->ncounts++].n = 1;
}

/* Parse and classify one mail, freeing all of it: the unit measured. */
static void
bench_one(struct bench *b, struct bench_file *bf)
{
	static const struct mail_limits	 lim = {
		.max_header_bytes = BENCH_MAX_HEADER,
		.max_subject = BENCH_MAX_SUBJECT,
		.max_body = BENCH_MAX_BODY,
	};
	struct classification	 cls;
	struct mail		*m;
	char			*cause = NULL;

	if ((m = mail_parse(bf->data, bf->len, &lim, &cause)) == NULL) {
		free(cause);
		b->unparsed++;
		bf->class = "(unparsed)";
		return;
	}
	classify(b->rules, m, b->role, &cls);
	bench_count(b, cls.class);
	bf->class = cls.class;
	b->review += cls.review != 0;
	b->dates += cls.ndates;
	classification_clear(&cls);
	mail_free(m);
}

/* The timed part; its own function so callgrind can be pointed at it. */
static void
bench_rounds(struct bench *b, long rounds)
{
	long	 r;
	size_t	 i;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < b->nfiles; i++)
			bench_one(b, &b->files[i]);
	}
}

static double
bench_now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		fatal("clock_gettime");
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

static void
bench_print(const struct bench *b, long rounds, double secs, int verbose)
{
	unsigned long	 mails = (unsigned long)rounds * b->nfiles;
	size_t		 i;

	printf("jit %s\n", getenv("HERCERT_NO_JIT") != NULL ? "off" : "on");
	printf("mails %zu\n", b->nfiles);
	printf("rounds %ld\n", rounds);
	printf("seconds %.6f\n", secs);
	printf("mails/s %.0f\n", secs > 0 ? (double)mails / secs : 0.0);
	/* Totals over all rounds: the checksum of the work done. */
	printf("classes");
	for (i = 0; i < b->ncounts; i++)
		printf(" %s=%lu", b->counts[i].class, b->counts[i].n);
	printf(" review=%lu unparsed=%lu dates=%lu\n", b->review, b->unparsed,
	    b->dates);
	for (i = 0; verbose && rounds > 0 && i < b->nfiles; i++)
		printf("file %s %s\n", b->files[i].class, b->files[i].path);
}

static long
bench_rounds_arg(const char *s)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 0 ||
	    n > BENCH_MAX_ROUNDS) {
		fprintf(stderr, "bench-classify: -n %s: not a number of rounds "
		    "(0 to %d)\n", s, BENCH_MAX_ROUNDS);
		exit(2);
	}
	return (n);
}

static void
bench_load(struct bench *b, const char *rules_dir, char **paths,
    size_t npaths)
{
	char	*cause = NULL;
	size_t	 i;

	re_set_limits(BENCH_MATCH_LIMIT, 0);
	if ((b->rules = ruleset_load(rules_dir, &cause)) == NULL)
		fatalx("%s: %s", rules_dir, cause);
	b->nfiles = npaths;
	b->files = xcalloc(npaths, sizeof *b->files);
	for (i = 0; i < npaths; i++) {
		b->files[i].path = paths[i];
		if (bench_read(&b->files[i]) != 0)
			fatal("%s", paths[i]);
	}
}

int
main(int argc, char **argv)
{
	struct bench	 b;
	const char	*rules_dir = "rules";
	long		 rounds = 20;
	double		 start, secs;
	size_t		 i;
	int		 ch, verbose = 0;

	log_init("bench-classify", 0);
	memset(&b, 0, sizeof b);
	/* No database: the sender's role is given, a BOC's by default. */
	b.role = "boc";
	while ((ch = getopt(argc, argv, "n:R:r:v")) != -1) {
		switch (ch) {
		case 'n':
			rounds = bench_rounds_arg(optarg);
			break;
		case 'R':
			b.role = optarg;
			break;
		case 'r':
			rules_dir = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	bench_load(&b, rules_dir, argv + optind, (size_t)(argc - optind));
	start = bench_now();
	bench_rounds(&b, rounds);
	secs = bench_now() - start;
	bench_print(&b, rounds, secs, verbose);
	for (i = 0; i < b.nfiles; i++)
		free(b.files[i].data);
	free(b.files);
	ruleset_free(b.rules);
	return (0);
}
