/* SPDX-License-Identifier: ISC */
/* Logging to stderr; journald priorities when run under systemd. */
#ifndef LOG_H
#define LOG_H

#define LOG_PRINTF(a, b) __attribute__((format(printf, a, b)))

void	log_init(const char *, int);
void	log_debug(const char *, ...) LOG_PRINTF(1, 2);
void	log_info(const char *, ...) LOG_PRINTF(1, 2);
void	log_warnx(const char *, ...) LOG_PRINTF(1, 2);
void	log_warn(const char *, ...) LOG_PRINTF(1, 2);
__attribute__((noreturn)) void fatal(const char *, ...) LOG_PRINTF(1, 2);
__attribute__((noreturn)) void fatalx(const char *, ...) LOG_PRINTF(1, 2);

#endif
