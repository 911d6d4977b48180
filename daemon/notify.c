/* SPDX-License-Identifier: ISC */
/*
 * Telling systemd what the daemon is doing (sd_notify(3)): READY=1 once
 * configuration and database are checked, STATUS= in words, WATCHDOG=1
 * from the main loop only after real progress, STOPPING=1 on the way out.
 * Without NOTIFY_SOCKET every call does nothing.
 */

#include <stdarg.h>
#include <stdlib.h>

#include <systemd/sd-daemon.h>

#include "notify.h"
#include "xmalloc.h"

/* Startup is complete. */
void
notify_ready(void)
{
	(void)sd_notify(0, "READY=1");
}

/* Say in words what the daemon is doing. */
void
notify_status(const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	(void)sd_notifyf(0, "STATUS=%s", text);
	free(text);
}

/* The main loop made progress: reset the watchdog. */
void
notify_watchdog(void)
{
	(void)sd_notify(0, "WATCHDOG=1");
}

/* The daemon is shutting down. */
void
notify_stopping(void)
{
	(void)sd_notify(0, "STOPPING=1");
}
