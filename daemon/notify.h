/* SPDX-License-Identifier: ISC */
/* Telling systemd what the daemon is doing (sd_notify). */
#ifndef NOTIFY_H
#define NOTIFY_H

void	notify_ready(void);
void	notify_status(const char *, ...) __attribute__((format(printf, 1, 2)));
void	notify_watchdog(void);
void	notify_stopping(void);

#endif
