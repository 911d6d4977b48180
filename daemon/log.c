/* SPDX-License-Identifier: ISC */
/*
 * Logging to stderr. Under systemd (JOURNAL_STREAM set) each line starts
 * with the sd-daemon priority prefix and carries no timestamp.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

static const char	*log_name = "hercert";
static int		 log_verbose;
static int		 log_journal;

enum log_prio {
	LOG_PRIO_CRIT = 2,
	LOG_PRIO_ERR = 3,
	LOG_PRIO_WARNING = 4,
	LOG_PRIO_INFO = 6,
	LOG_PRIO_DEBUG = 7,
};

/* Set the program name and verbosity (0 quiet, 1 info, 2 debug). */
void
log_init(const char *name, int verbose)
{
	log_name = name;
	log_verbose = verbose;
	log_journal = getenv("JOURNAL_STREAM") != NULL;
}

static void
log_vwrite(enum log_prio prio, const char *fmt, va_list ap, const char *err)
{
	char		 stamp[32];
	time_t		 t;
	struct tm	 tm;

	if (log_journal)
		fprintf(stderr, "<%d>", prio);
	else {
		t = time(NULL);
		localtime_r(&t, &tm);
		strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
		fprintf(stderr, "%s %s: ", stamp, log_name);
	}
	vfprintf(stderr, fmt, ap);
	if (err != NULL)
		fprintf(stderr, ": %s", err);
	fputc('\n', stderr);
}

#define LOG_BODY(prio, err) do {					\
	va_list	ap;							\
	va_start(ap, fmt);						\
	log_vwrite(prio, fmt, ap, err);					\
	va_end(ap);							\
} while (0)

/* Log a debugging message (only with -vv). */
void
log_debug(const char *fmt, ...)
{
	if (log_verbose > 1)
		LOG_BODY(LOG_PRIO_DEBUG, NULL);
}

/* Log what the program is doing (with -v, or always under systemd). */
void
log_info(const char *fmt, ...)
{
	if (log_verbose > 0 || log_journal)
		LOG_BODY(LOG_PRIO_INFO, NULL);
}

/* Log a problem. */
void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_PRIO_WARNING, NULL);
}

/* Log a problem with errno's description appended. */
void
log_warn(const char *fmt, ...)
{
	const char	*err = strerror(errno);

	LOG_BODY(LOG_PRIO_WARNING, err);
}

/* Log with errno and exit: out of memory and broken invariants only. */
void
fatal(const char *fmt, ...)
{
	const char	*err = strerror(errno);

	LOG_BODY(LOG_PRIO_CRIT, err);
	exit(1);
}

/* Log and exit: broken invariants only. */
void
fatalx(const char *fmt, ...)
{
	LOG_BODY(LOG_PRIO_CRIT, NULL);
	exit(1);
}
