/* SPDX-License-Identifier: ISC */
/*
 * A dry run of classification for one .eml file: the class, the rule that
 * decided, the sender's role, the dates and schools found. Nothing is
 * written: no database change, no mail.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auditdate.h"
#include "classify.h"
#include "config.h"
#include "db.h"
#include "dryrun.h"
#include "filing.h"
#include "fsutil.h"
#include "json.h"
#include "loopguard.h"
#include "mail.h"
#include "names.h"
#include "pipeline.h"
#include "rules.h"
#include "runtime.h"
#include "xmalloc.h"

#define DRYRUN_MAX_FILE		(64 * 1024 * 1024)
#define DRYRUN_MAX_SCHOOLS	16

struct dryrun {
	struct mail		*mail;
	struct classification	 cls;
	struct sender		 from;
	char			*noreply;	/* why it would not be answered */
	int			 dated;		/* date holds the audit date */
	struct date		 date;
	const char		*date_problem;
	struct school		**schools;
	size_t			 nschools;
	size_t			 hits[DRYRUN_MAX_SCHOOLS];
	size_t			 nhits;
	char			*ambiguous;
	struct filing		 files;
	int			 filed;		/* files were scanned */
};

static void
dryrun_text_file(const struct filed *fd, FILE *f)
{
	fprintf(f, "bestand:  %s (%zu bytes, %s)\n", fd->name, fd->size,
	    fd->source);
	if (fd->refused != NULL)
		fprintf(f, "          niet bewaard: %s\n", fd->refused);
	fprintf(f, "          school %s: %s\n", fd->brin != NULL ? fd->brin :
	    "onbekend", fd->school_why);
	fprintf(f, "          soort %s: %s\n", fd->kind != NULL ? fd->kind :
	    "onbekend", fd->kind_why);
}

static void
dryrun_text(const struct dryrun *d, FILE *f)
{
	char	 text[64];
	size_t	 i;

	fprintf(f, "van:      %s (%s%s%s)\n", d->mail->from_addr != NULL ?
	    d->mail->from_addr : "-", sender_role_name(d->from.role),
	    d->from.board != NULL ? " " : "", d->from.board != NULL ?
	    d->from.board : "");
	if (d->from.distrust != NULL)
		fprintf(f, "          niet vertrouwd: %s\n", d->from.distrust);
	fprintf(f, "onderwerp: %s\n", d->mail->subject);
	fprintf(f, "klasse:   %s\n", d->cls.class);
	if (d->cls.rule != NULL)
		fprintf(f, "regel:    %s (%s:%d)\n", d->cls.rule->name,
		    d->cls.rule->file, d->cls.rule->line);
	else
		fprintf(f, "regel:    geen regel past\n");
	for (i = 0; i < d->cls.nmisses; i++)
		fprintf(f, "          niet %s: %s:%d geldt niet\n",
		    d->cls.misses[i].rule->name, d->cls.misses[i].rule->file,
		    d->cls.misses[i].line);
	if (d->cls.review)
		fprintf(f, "review:   %s\n", d->cls.reason);
	for (i = 0; i < d->cls.ndates; i++) {
		nldate_describe(&d->cls.dates[i], text, sizeof text);
		fprintf(f, "gevonden: %s\n", text);
	}
	if (d->dated) {
		nldate_format(&d->date, text, sizeof text);
		fprintf(f, "datum:    %s\n", text);
	} else if (d->date_problem != NULL)
		fprintf(f, "datum:    %s\n", d->date_problem);
	for (i = 0; i < d->nhits; i++)
		fprintf(f, "school:   %s %s (%s)\n",
		    d->schools[d->hits[i]]->brin, d->schools[d->hits[i]]->name,
		    d->schools[d->hits[i]]->board);
	if (d->ambiguous != NULL)
		fprintf(f, "let op:   %s\n", d->ambiguous);
	if (d->noreply != NULL)
		fprintf(f, "antwoord: nee, %s\n", d->noreply);
	else if (d->from.role == DB_ROLE_UNKNOWN)
		fprintf(f, "antwoord: nee, onbekende afzender\n");
	else
		fprintf(f, "antwoord: ja, als de procedure dat vraagt\n");
	for (i = 0; d->filed && i < d->files.n; i++)
		dryrun_text_file(&d->files.files[i], f);
}

static void
dryrun_json_file(struct json *j, const struct filed *fd)
{
	json_open(j, '{');
	json_kv(j, "original_name", fd->original);
	json_kv(j, "name", fd->name);
	json_kv_int(j, "size", (long long)fd->size);
	json_kv(j, "type", fd->type);
	json_kv(j, "source", fd->source);
	json_kv(j, "url", fd->url);
	json_kv(j, "sha256", fd->sha256[0] != '\0' ? fd->sha256 : NULL);
	json_kv(j, "school", fd->brin);
	json_kv(j, "school_why", fd->school_why);
	json_kv(j, "kind", fd->kind);
	json_kv(j, "kind_why", fd->kind_why);
	json_kv(j, "refused", fd->refused);
	json_key(j, "duplicate");
	json_int(j, fd->duplicate);
	json_kv_int(j, "pages", fd->pages);
	json_kv(j, "text", fd->text);
	json_close(j, '}');
}

static void
dryrun_json(const struct dryrun *d, FILE *f)
{
	struct json	 j;
	char		 iso[16], line[PATH_MAX + 128];
	size_t		 i;

	json_init(&j, f);
	json_open(&j, '{');
	json_kv(&j, "from", d->mail->from_addr);
	json_kv(&j, "subject", d->mail->subject);
	json_kv(&j, "class", d->cls.class);
	json_kv(&j, "rule", d->cls.rule != NULL ? d->cls.rule->name : NULL);
	json_kv(&j, "role", sender_role_name(d->from.role));
	json_kv(&j, "board", d->from.board);
	json_kv(&j, "distrust", d->from.distrust);
	json_kv(&j, "review", d->cls.review ? d->cls.reason : NULL);
	json_kv(&j, "no_reply", d->noreply);
	json_key(&j, "not_matched");
	json_open(&j, '[');
	for (i = 0; i < d->cls.nmisses; i++) {
		snprintf(line, sizeof line, "%s (%s:%d)",
		    d->cls.misses[i].rule->name, d->cls.misses[i].rule->file,
		    d->cls.misses[i].line);
		json_string(&j, line);
	}
	json_close(&j, ']');
	if (d->dated)
		date_iso(&d->date, iso, sizeof iso);
	json_kv(&j, "date", d->dated ? iso : NULL);
	json_kv(&j, "date_problem", d->date_problem);
	json_key(&j, "dates");
	json_open(&j, '[');
	for (i = 0; i < d->cls.ndates; i++) {
		if (d->cls.dates[i].year != 0) {
			snprintf(iso, sizeof iso, "%04d-%02d-%02d",
			    d->cls.dates[i].year, d->cls.dates[i].month,
			    d->cls.dates[i].day);
			json_string(&j, iso);
		} else {
			snprintf(iso, sizeof iso, "--%02d-%02d",
			    d->cls.dates[i].month, d->cls.dates[i].day);
			json_string(&j, iso);
		}
	}
	json_close(&j, ']');
	json_key(&j, "schools");
	json_open(&j, '[');
	for (i = 0; i < d->nhits; i++)
		json_string(&j, d->schools[d->hits[i]]->brin);
	json_close(&j, ']');
	json_kv(&j, "ambiguous", d->ambiguous);
	json_key(&j, "files");
	json_open(&j, '[');
	for (i = 0; d->filed && i < d->files.n; i++)
		dryrun_json_file(&j, &d->files.files[i]);
	json_close(&j, ']');
	json_close(&j, '}');
}

/* The audit date the mail means, or what is wrong with its dates. */
static void
dryrun_date(struct runtime *rt, struct dryrun *d)
{
	if (d->cls.rule == NULL || d->cls.rule->date_fields == 0)
		return;
	switch (auditdate_pick(rt->db, d->cls.dates, d->cls.ndates,
	    d->mail->date, &d->date)) {
	case AUDITDATE_ONE:
		d->dated = 1;
		break;
	case AUDITDATE_NONE:
		d->date_problem = "geen datum gevonden";
		break;
	case AUDITDATE_NOT_AUDIT:
		d->date_problem = "geen van de datums is een auditdatum";
		break;
	case AUDITDATE_SEVERAL:
		d->date_problem = "meer dan een auditdatum";
		break;
	}
}

/*
 * The schools the mail names: of the sender's own board for a BOC, of
 * any board for an auditor or the coordinator, none for a stranger.
 */
static void
dryrun_schools(struct runtime *rt, struct dryrun *d)
{
	if (d->cls.school_text == NULL || d->from.role == DB_ROLE_UNKNOWN)
		return;
	if (d->from.role == DB_ROLE_BOC && d->from.board == NULL)
		return;
	d->schools = db_schools_of(rt->db, d->from.role == DB_ROLE_BOC ?
	    d->from.board : NULL, &d->nschools);
	names_find_schools(d->schools, d->nschools, d->cls.school_text,
	    NAMES_IN_TEXT, d->hits, DRYRUN_MAX_SCHOOLS, &d->nhits, &d->ambiguous);
}

/* Classify one .eml file and print the result. */
int
dryrun_classify(struct runtime *rt, const char *path, int as_json, FILE *f)
{
	struct dryrun	 d;
	char		*data, *cause = NULL;
	size_t		 len;

	memset(&d, 0, sizeof d);
	if ((data = fsutil_read(path, DRYRUN_MAX_FILE, &len, &cause)) ==
	    NULL) {
		fprintf(stderr, "hercertctl: %s\n", cause);
		free(cause);
		return (-1);
	}
	d.mail = mail_parse(data, len, pipeline_mail_limits(rt->cf), &cause);
	free(data);
	if (d.mail == NULL) {
		fprintf(stderr, "hercertctl: %s: %s\n", path, cause);
		free(cause);
		return (-1);
	}
	sender_identify(rt, d.mail, &d.from);
	classify(rt->rules, d.mail, sender_role_name(d.from.role), &d.cls);
	if ((d.noreply = loopguard_check(rt, d.mail, &d.from)) == NULL)
		d.noreply = loopguard_rate(rt, d.mail->from_addr);
	dryrun_date(rt, &d);
	dryrun_schools(rt, &d);
	if (filing_scan(rt, path, d.mail, d.from.role == DB_ROLE_BOC ?
	    d.from.board : NULL, &d.files, &cause) == 0)
		d.filed = 1;
	else {
		fprintf(stderr, "hercertctl: %s: files: %s\n", path, cause);
		free(cause);
	}
	if (as_json)
		dryrun_json(&d, f);
	else
		dryrun_text(&d, f);
	filing_clear(&d.files);
	school_list_free(d.schools, d.nschools);
	classification_clear(&d.cls);
	mail_free(d.mail);
	sender_clear(&d.from);
	free(d.noreply);
	free(d.ambiguous);
	return (0);
}
