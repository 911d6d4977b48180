/* SPDX-License-Identifier: ISC */
/* The injectable clock (HERCERT_NOW) and calendar dates. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stddef.h>
#include <time.h>

struct date {
	int	year;
	int	month;		/* 1..12 */
	int	day;		/* 1..31 */
};

time_t	 clock_now(void);
int	 clock_parse_iso(const char *, time_t *);
void	 clock_format_local(const char *, const char *, char *, size_t);
time_t	 clock_local_day(const struct date *, long, int);
int	 date_valid(const struct date *);
long	 date_to_days(const struct date *);
void	 date_from_days(long, struct date *);
int	 date_weekday(const struct date *);
void	 date_today(time_t, struct date *);
int	 date_parse_iso(const char *, struct date *);
void	 date_iso(const struct date *, char *, size_t);
int	 date_cmp(const struct date *, const struct date *);

#endif
