/* SPDX-License-Identifier: ISC */
/*
 * The Maildir sink: outgoing mail written to a local Maildir instead of
 * SMTP (the demo, dry runs). Each message goes to tmp/, is fsync'ed, and
 * is renamed into new/, as the Maildir specification requires.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "sink.h"
#include "xmalloc.h"

struct sink_maildir {
	char		*path;
	unsigned long	 seq;
};

static void *
sink_maildir_open(const struct config *cf, char **cause)
{
	struct sink_maildir	*s;

	if (fsutil_maildir_create(cf->outbox_maildir, cause) != 0)
		return (NULL);
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(cf->outbox_maildir);
	return (s);
}

static enum sink_result
sink_maildir_send(void *arg, const char *from, const char *rcpt,
    const char *data, size_t len, char **cause)
{
	struct sink_maildir	*s = arg;
	char			*name, *tmp, *dst;
	int			 rc;

	(void)from;
	(void)rcpt;
	name = xasprintf("%lld.P%ldQ%lu.hercert", (long long)time(NULL),
	    (long)getpid(), ++s->seq);
	tmp = xasprintf("%s/tmp/%s", s->path, name);
	dst = xasprintf("%s/new/%s", s->path, name);
	rc = fsutil_write_durable(tmp, dst, data, len, cause);
	free(name);
	free(tmp);
	free(dst);
	return (rc == 0 ? SINK_SENT : SINK_TEMPORARY);
}

static void
sink_maildir_close(void *arg)
{
	struct sink_maildir	*s = arg;

	free(s->path);
	free(s);
}

const struct sink_ops sink_maildir_ops = {
	.name = "maildir",
	.open = sink_maildir_open,
	.send = sink_maildir_send,
	.close = sink_maildir_close,
};

/* The sink the configuration asks for. */
const struct sink_ops *
sink_find(const struct config *cf)
{
	return (cf->outbox_maildir != NULL ? &sink_maildir_ops :
	    &sink_smtp_ops);
}
