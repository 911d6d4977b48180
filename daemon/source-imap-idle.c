/* SPDX-License-Identifier: ISC */
/*
 * Waiting for new mail on an IMAP connection: IDLE (RFC 2177) where the
 * server has it, else a NOOP heartbeat and a pause. Whatever the server
 * says while idling is only a reason to look: after every wake-up or
 * timeout the caller runs UID SEARCH above the last processed UID, since
 * libetpan 1.9.4 drops untagged responses around the IDLE continuation.
 */

#include <errno.h>
#include <poll.h>
#include <stdlib.h>

#include "log.h"
#include "source-imap.h"
#include "xmalloc.h"

/* Whether data is waiting: in libetpan's buffer, or on the socket. */
static int
imap_idle_poll(struct imap_src *s, int timeout_ms)
{
	struct pollfd	 pfd;
	int		 n;

	if (s->imap->imap_stream->read_buffer_len > 0)
		return (1);
	pfd.fd = mailimap_idle_get_fd(s->imap);
	pfd.events = POLLIN;
	if (pfd.fd < 0)
		return (-1);
	n = poll(&pfd, 1, timeout_ms);
	if (n == -1)
		return (errno == EINTR ? 0 : -1);
	return (n > 0);
}

static int
imap_idle_wait(struct imap_src *s, int timeout_ms, char **cause)
{
	int	 r, woke;

	if ((r = mailimap_idle(s->imap)) != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "IDLE", r);
		return (-1);
	}
	if ((woke = imap_idle_poll(s, timeout_ms)) == -1) {
		*cause = xasprintf("imap: %s: IDLE: connection lost", s->where);
		s->broken = 1;
		return (-1);
	}
	if ((r = mailimap_idle_done(s->imap)) != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "DONE", r);
		return (-1);
	}
	return (woke);
}

/* Wait for new mail; 1 woken, 0 timeout or signal, -1 connection lost. */
int
imap_wait(void *arg, int timeout_ms, char **cause)
{
	struct imap_src	*s = arg;
	int		 r;

	if (imap_usable(s, cause) != 0)
		return (-1);
	if (s->idle)
		return (imap_idle_wait(s, timeout_ms, cause));
	if ((r = mailimap_noop(s->imap)) != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "NOOP", r);
		return (-1);
	}
	if (poll(NULL, 0, timeout_ms) == -1 && errno != EINTR)
		return (-1);
	return (0);
}
