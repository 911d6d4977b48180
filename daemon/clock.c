/* SPDX-License-Identifier: ISC */
/*
 * The one clock both binaries read: HERCERT_NOW (ISO 8601 with an offset,
 * e.g. 2023-01-02T10:00:00+01:00) overrides the system time so a test can
 * travel through a whole procedure. Calendar dates are proleptic
 * Gregorian day numbers (days since 1970-01-01).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"

/* The current time, or HERCERT_NOW when set. */
time_t
clock_now(void)
{
	const char	*env;
	time_t		 t;

	env = getenv("HERCERT_NOW");
	if (env == NULL || *env == '\0')
		return (time(NULL));
	if (clock_parse_iso(env, &t) != 0)
		fatalx("HERCERT_NOW: \"%s\" is not ISO 8601 "
		    "(YYYY-MM-DDTHH:MM:SS+HH:MM)", env);
	return (t);
}

static int
clock_parse_offset(const char *s, long *offset)
{
	int	 hh, mm, n = 0;

	if (*s == '\0' || strcmp(s, "Z") == 0) {
		*offset = 0;
		return (0);
	}
	if ((*s != '+' && *s != '-') ||
	    sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &n) != 2 || s[1 + n] != '\0')
		return (-1);
	if (hh > 23 || mm > 59)
		return (-1);
	*offset = (hh * 3600L + mm * 60L) * (*s == '-' ? -1 : 1);
	return (0);
}

/* Parse YYYY-MM-DD[THH:MM[:SS]][Z|+HH:MM]; no offset means UTC. */
int
clock_parse_iso(const char *s, time_t *t)
{
	struct date	 d;
	int		 hh = 0, mm = 0, ss = 0, n = 0;
	long		 offset;

	if (sscanf(s, "%4d-%2d-%2d%n", &d.year, &d.month, &d.day, &n) != 3 ||
	    !date_valid(&d))
		return (-1);
	s += n;
	if (*s == 'T' || *s == ' ') {
		n = 0;
		if (sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &n) != 2)
			return (-1);
		s += 1 + n;
		if (*s == ':') {
			n = 0;
			if (sscanf(s + 1, "%2d%n", &ss, &n) != 1)
				return (-1);
			s += 1 + n;
		}
		if (hh > 23 || mm > 59 || ss > 60)
			return (-1);
	}
	if (clock_parse_offset(s, &offset) != 0)
		return (-1);
	*t = (time_t)date_to_days(&d) * 86400 + hh * 3600 + mm * 60 + ss -
	    offset;
	return (0);
}

static int
date_is_leap(int y)
{
	return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

/* Whether the date exists in the calendar (years 1900..9999). */
int
date_valid(const struct date *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	 max;

	if (d->year < 1900 || d->year > 9999 || d->month < 1 || d->month > 12)
		return (0);
	max = mdays[d->month - 1] + (d->month == 2 && date_is_leap(d->year));
	return (d->day >= 1 && d->day <= max);
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil). */
long
date_to_days(const struct date *d)
{
	long	 y = d->year - (d->month <= 2);
	long	 era = (y >= 0 ? y : y - 399) / 400;
	long	 yoe = y - era * 400;
	long	 mp = (d->month + 9) % 12;
	long	 doy = (153 * mp + 2) / 5 + d->day - 1;
	long	 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (era * 146097 + doe - 719468);
}

/* The date of a day number. */
void
date_from_days(long z, struct date *d)
{
	long	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d->year = (int)(yoe + era * 400 + (d->month <= 2));
}

/* Day of the week, 0 = Sunday .. 6 = Saturday. */
int
date_weekday(const struct date *d)
{
	long	 z = date_to_days(d);

	return ((int)(((z % 7) + 11) % 7));
}

/* The local calendar date (TZ) of a moment. */
void
date_today(time_t t, struct date *d)
{
	struct tm	 tm;

	localtime_r(&t, &tm);
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
	d->day = tm.tm_mday;
}

/* Parse YYYY-MM-DD exactly. */
int
date_parse_iso(const char *s, struct date *d)
{
	int	 n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &d->year, &d->month, &d->day, &n) != 3
	    || n != 10 || s[n] != '\0')
		return (-1);
	return (date_valid(d) ? 0 : -1);
}

/* Write YYYY-MM-DD. */
void
date_iso(const struct date *d, char *out, size_t len)
{
	snprintf(out, len, "%04d-%02d-%02d", d->year, d->month, d->day);
}

/* Compare two dates like strcmp. */
int
date_cmp(const struct date *a, const struct date *b)
{
	long	 x = date_to_days(a), y = date_to_days(b);

	return (x < y ? -1 : x > y);
}

/*
 * An ISO 8601 moment written in local time with a strftime format; one
 * that does not parse is copied as it is ("-" for NULL).
 */
void
clock_format_local(const char *iso, const char *fmt, char *out, size_t size)
{
	struct tm	 tm;
	time_t		 t;

	if (iso == NULL || clock_parse_iso(iso, &t) != 0) {
		snprintf(out, size, "%s", iso != NULL ? iso : "-");
		return;
	}
	localtime_r(&t, &tm);
	strftime(out, size, fmt, &tm);
}

/* The moment a local day, days after d, reaches an hour. */
time_t
clock_local_day(const struct date *d, long days, int hour)
{
	struct date	 day;
	struct tm	 tm;

	date_from_days(date_to_days(d) + days, &day);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = day.year - 1900;
	tm.tm_mon = day.month - 1;
	tm.tm_mday = day.day;
	tm.tm_hour = hour;
	tm.tm_isdst = -1;
	return (mktime(&tm));
}
