/* SPDX-License-Identifier: ISC */
/*
 * Dutch dates. The spellings are patterns in rules/ ("date NAME /RE/")
 * with named groups day, month, year and weekday; this file turns what
 * they capture into dates ("26 januari 2023", "26-01-2023", "do 26 jan")
 * and writes dates the Dutch way ("donderdag 26 januari 2023").
 */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nldate.h"
#include "rules.h"
#include "xmalloc.h"

static const char *const nldate_months[] = {
	"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"
};

/* Abbreviations people write besides the first three letters. */
static const struct {
	const char	*word;
	int		 month;
} nldate_month_extra[] = {
	{ "mrt", 3 }, { "sept", 9 }, { "okt", 10 }, { "oct", 10 },
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "may", 5 },
	{ "june", 6 }, { "july", 7 }, { "october", 10 },
};

static const char *const nldate_weekdays[] = {
	"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
	"zaterdag"
};

static const char *const nldate_weekday_short[] = {
	"zo", "ma", "di", "wo", "do", "vr", "za"
};

/* English, as an English-speaking sender writes them. */
static const char *const nldate_weekdays_en[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

static int
nldate_number(const char *s, size_t len)
{
	int	 n = 0;
	size_t	 i;

	if (len == 0 || len > 4)
		return (-1);
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
		n = n * 10 + (s[i] - '0');
	}
	return (n);
}

/* A month from a number or a Dutch (or English) name: 1..12, or 0. */
int
nldate_month(const char *s, size_t len)
{
	size_t	 i;
	int	 n;

	if ((n = nldate_number(s, len)) != -1)
		return (n >= 1 && n <= 12 ? n : 0);
	while (len > 0 && s[len - 1] == '.')
		len--;
	for (i = 0; i < 12; i++) {
		if (len >= 3 && len <= strlen(nldate_months[i]) &&
		    strncasecmp(s, nldate_months[i], len) == 0)
			return ((int)i + 1);
	}
	for (i = 0; i < sizeof nldate_month_extra /
	    sizeof *nldate_month_extra; i++) {
		if (len == strlen(nldate_month_extra[i].word) &&
		    strncasecmp(s, nldate_month_extra[i].word, len) == 0)
			return (nldate_month_extra[i].month);
	}
	return (0);
}

/* A weekday from a Dutch (or English) name or abbreviation: 0..6, or -1. */
int
nldate_weekday(const char *s, size_t len)
{
	int	 i;

	while (len > 0 && s[len - 1] == '.')
		len--;
	for (i = 0; i < 7; i++) {
		if ((len == 2 && strncasecmp(s, nldate_weekday_short[i], 2) ==
		    0) || (len == strlen(nldate_weekdays[i]) &&
		    strncasecmp(s, nldate_weekdays[i], len) == 0))
			return (i);
		if ((len == 3 || len == strlen(nldate_weekdays_en[i])) &&
		    strncasecmp(s, nldate_weekdays_en[i], len) == 0)
			return (i);
	}
	return (-1);
}

static int
nldate_from_match(const struct re *re, const struct re_match *m,
    const char *text, struct nldate *d)
{
	size_t	 s, e;

	d->year = 0;
	d->weekday = -1;
	if (re_group(re, m, "day", &s, &e) != 0 ||
	    (d->day = nldate_number(text + s, e - s)) < 1 || d->day > 31)
		return (-1);
	if (re_group(re, m, "month", &s, &e) != 0 ||
	    (d->month = nldate_month(text + s, e - s)) == 0)
		return (-1);
	if (re_group(re, m, "year", &s, &e) == 0) {
		d->year = nldate_number(text + s, e - s);
		if (d->year >= 0 && d->year < 100)
			d->year += 2000;
		if (d->year < 1900)
			return (-1);
	}
	if (re_group(re, m, "weekday", &s, &e) == 0)
		d->weekday = nldate_weekday(text + s, e - s);
	return (0);
}

static int
nldate_seen(const struct nldate *out, size_t n, const struct nldate *d)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (out[i].day == d->day && out[i].month == d->month &&
		    out[i].year == d->year)
			return (1);
	}
	return (0);
}

/*
 * Find the dates in text with every date pattern of the rule set, without
 * repeats; *n is the count. RE_LIMIT when a pattern hit its limit.
 */
enum re_result
nldate_find(const struct ruleset *rs, const char *text, struct nldate *out,
    size_t max, size_t *n)
{
	struct re_match	 m;
	struct nldate	 d;
	enum re_result	 rc;
	size_t		 i, off, len = strlen(text);

	*n = 0;
	for (i = 0; i < rs->ndates; i++) {
		off = 0;
		while (off <= len && *n < max) {
			rc = re_exec(rs->dates[i].re, text, len, off, &m);
			if (rc == RE_LIMIT || rc == RE_ERROR)
				return (rc);
			if (rc == RE_NOMATCH)
				break;
			if (nldate_from_match(rs->dates[i].re, &m, text, &d) ==
			    0 && !nldate_seen(out, *n, &d))
				out[(*n)++] = d;
			off = m.ov[1] > m.ov[0] ? m.ov[1] : m.ov[0] + 1;
		}
	}
	return (*n > 0 ? RE_MATCH : RE_NOMATCH);
}

/*
 * The calendar dates a written date can mean: its own year, or, without
 * one, this year and the next. A written weekday must agree.
 */
int
nldate_candidates(const struct nldate *d, const struct date *today,
    struct date *out, size_t max)
{
	struct date	 c;
	int		 years[2], ny, i, n = 0;

	ny = 0;
	if (d->year != 0)
		years[ny++] = d->year;
	else {
		years[ny++] = today->year;
		years[ny++] = today->year + 1;
	}
	for (i = 0; i < ny && (size_t)n < max; i++) {
		c.year = years[i];
		c.month = d->month;
		c.day = d->day;
		if (!date_valid(&c))
			continue;
		if (d->weekday != -1 && date_weekday(&c) != d->weekday)
			continue;
		out[n++] = c;
	}
	return (n);
}

/* Write a date as "donderdag 26 januari 2023". */
void
nldate_format(const struct date *d, char *out, size_t len)
{
	snprintf(out, len, "%s %d %s %d", nldate_weekdays[date_weekday(d)],
	    d->day, nldate_months[d->month - 1], d->year);
}

/* Write a found date as it was meant ("26 januari", "do 26 januari 2023"). */
void
nldate_describe(const struct nldate *d, char *out, size_t len)
{
	char	 year[16] = "";

	if (d->year != 0)
		snprintf(year, sizeof year, " %d", d->year);
	snprintf(out, len, "%s%s%d %s%s", d->weekday != -1 ?
	    nldate_weekdays[d->weekday] : "", d->weekday != -1 ? " " : "",
	    d->day, nldate_months[d->month - 1], year);
}
