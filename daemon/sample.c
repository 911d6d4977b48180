/* SPDX-License-Identifier: ISC */
/*
 * A template filled with example values, for the coordinator who edits
 * one: "hercertctl template KIND" prints it, "--send ADDRESS" queues it
 * (with an example attachment where the kind carries files) and sends
 * it through the configured SMTP server or Maildir outbox, exactly the
 * way the daemon's own mail goes.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "fsutil.h"
#include "message.h"
#include "outbox.h"
#include "runtime.h"
#include "sample.h"
#include "template.h"
#include "xmalloc.h"

#define SAMPLE_MAX_NAMES	256
#define SAMPLE_FILE_NAME	"Pré-advies OBS De Regenboog – versie 2.pdf"

/* Example values for the names the templates use most. */
static const struct {
	const char	*name;
	const char	*value;
} sample_values[] = {
	{ "datum", "donderdag 26 januari 2023" },
	{ "documenten_uiterlijk", "donderdag 5 januari 2023" },
	{ "boc_naam", "Anne de Vries" },
	{ "bestuur_naam", "Stichting Bergrivier" },
	{ "bestuur", "BRG" },
	{ "school", "OBS De Regenboog" },
	{ "naam", "OBS De Regenboog" },
	{ "school_plaats", "Houten" },
	{ "plaats", "Houten" },
	{ "brin", "21HK" },
	{ "soort", "preadvies" },
	{ "auditor_naam", "Karin Willems" },
	{ "coordinator_naam", "Erik van Dam" },
	{ "geldig_tot", "26 januari 2029" },
	{ "vandaag", "maandag 9 januari 2023" },
};

struct sample_names {
	char	*scalar[SAMPLE_MAX_NAMES];
	size_t	 nscalar;
	char	*list[SAMPLE_MAX_NAMES];
	size_t	 nlist;
};

static int
sample_has(char *const *v, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i], s) == 0)
			return (1);
	}
	return (0);
}

/* The names a template file uses: {{name}}, {{#if x}}, {{#each list}}. */
static void
sample_scan(const char *text, struct sample_names *nm)
{
	const char	*p = text, *end, *name;
	char		*tag;
	int		 list;

	while ((p = strstr(p, "{{")) != NULL &&
	    (end = strstr(p, "}}")) != NULL) {
		tag = xstrndup(p + 2, (size_t)(end - p - 2));
		p = end + 2;
		list = strncmp(tag, "#each ", 6) == 0;
		name = tag[0] == '#' && strchr(tag, ' ') != NULL ?
		    strchr(tag, ' ') + 1 : tag;
		if (tag[0] == '!' || tag[0] == '/' || strcmp(tag, "else") == 0)
			;
		else if (list && !sample_has(nm->list, nm->nlist, name) &&
		    nm->nlist < SAMPLE_MAX_NAMES)
			nm->list[nm->nlist++] = xstrdup(name);
		else if (!list && !sample_has(nm->scalar, nm->nscalar, name) &&
		    nm->nscalar < SAMPLE_MAX_NAMES)
			nm->scalar[nm->nscalar++] = xstrdup(name);
		free(tag);
	}
}

static const char *
sample_value(const char *name, const char *value)
{
	size_t	 i;

	if (value != NULL)
		return (value);
	for (i = 0; i < sizeof sample_values / sizeof *sample_values; i++) {
		if (strcmp(sample_values[i].name, name) == 0)
			return (sample_values[i].value);
	}
	return (NULL);
}

static void
sample_fill(struct tvars *v, const struct sample_names *nm, int depth,
    const char *same)
{
	struct tvars	*item;
	const char	*value;
	size_t		 i;

	for (i = 0; i < nm->nscalar; i++) {
		if (sample_has(nm->list, nm->nlist, nm->scalar[i]))
			continue;
		if ((value = sample_value(nm->scalar[i], same)) != NULL)
			tvars_set(v, nm->scalar[i], value);
		else
			tvars_setf(v, nm->scalar[i], "(voorbeeld: %s)",
			    nm->scalar[i]);
	}
	for (i = 0; depth == 0 && i < nm->nlist; i++) {
		/* "niet_bijgevoegd" is the outbox's to fill. */
		if (strcmp(nm->list[i], "niet_bijgevoegd") == 0)
			continue;
		item = tvars_add(v, nm->list[i]);
		sample_fill(item, nm, 1, same);
		item = tvars_add(v, nm->list[i]);
		sample_fill(item, nm, 1, same);
	}
}

static void
sample_names_clear(struct sample_names *nm)
{
	size_t	 i;

	for (i = 0; i < nm->nscalar; i++)
		free(nm->scalar[i]);
	for (i = 0; i < nm->nlist; i++)
		free(nm->list[i]);
}

/*
 * Values for every name the template texts use (lists of two items):
 * the example values, or the same value everywhere when same is set.
 */
struct tvars *
sample_vars_of(const char *const *texts, size_t n, const char *same)
{
	struct sample_names	 nm;
	struct tvars		*v;
	size_t			 i;

	memset(&nm, 0, sizeof nm);
	for (i = 0; i < n; i++) {
		if (texts[i] != NULL)
			sample_scan(texts[i], &nm);
	}
	v = tvars_create();
	sample_fill(v, &nm, 0, same);
	sample_names_clear(&nm);
	return (v);
}

/* Example values for a kind: every name its text and HTML use. */
static struct tvars *
sample_vars(struct runtime *rt, const char *kind, char **cause)
{
	struct tvars		*v;
	char			*path, *text[2];
	size_t			 len, i;
	const char		*suffix[] = { "", ".html" };

	for (i = 0; i < 2; i++) {
		path = xasprintf("%s/%s%s", rt->cf->templates_dir, kind,
		    suffix[i]);
		text[i] = fsutil_read(path, 256 * 1024, &len, cause);
		free(path);
		if (text[i] == NULL && i == 0)
			return (NULL);
		if (text[i] == NULL) {	/* no HTML alternative */
			free(*cause);
			*cause = NULL;
		}
	}
	v = sample_vars_of((const char *const *)text, 2, NULL);
	tvars_set(v, "partnerschap", rt->cf->partnership_name);
	tvars_set(v, "adres", rt->cf->smtp_from);
	free(text[0]);
	free(text[1]);
	return (v);
}

/* Print a kind (and its HTML, if any) filled with example values. */
int
sample_print(struct runtime *rt, const char *kind, FILE *f)
{
	const struct template	*t;
	struct tvars		*v;
	char			*html, *out, *cause = NULL;

	if ((v = sample_vars(rt, kind, &cause)) == NULL ||
	    (t = runtime_template(rt, kind)) == NULL ||
	    (out = template_render(t, v, &cause)) == NULL) {
		fprintf(stderr, "hercertctl: %s: %s\n", kind, cause != NULL ?
		    cause : "not loaded");
		free(cause);
		tvars_free(v);
		return (-1);
	}
	fputs(out, f);
	free(out);
	html = xasprintf("%s.html", kind);
	if ((t = runtime_template(rt, html)) != NULL &&
	    (out = template_render(t, v, &cause)) != NULL) {
		fprintf(f, "\n----- %s -----\n%s", html, out);
		free(out);
	}
	free(html);
	tvars_free(v);
	return (0);
}

/* Queue a kind filled with example values to an address, with a file. */
int
sample_send(struct runtime *rt, const char *kind, const char *to,
    char **cause)
{
	struct outbox_mail	 om;
	struct outfile		 file;
	struct tvars		*v;
	struct timespec		 ts;
	char			*path, *tmp, *seed;
	int			 rc;

	if (!message_address_valid(to)) {
		*cause = xasprintf("\"%s\" is not an e-mail address", to);
		return (-1);
	}
	if ((v = sample_vars(rt, kind, cause)) == NULL)
		return (-1);
	tmp = xasprintf("%s/tmp", rt->cf->state_dir);
	rc = fsutil_mkdirs(tmp, cause);
	free(tmp);
	path = xasprintf("%s/tmp/voorbeeld.pdf", rt->cf->state_dir);
	tmp = xasprintf("%s.tmp", path);
	if (rc == 0)
		rc = fsutil_write_durable(tmp, path, "%PDF-1.4\n% voorbeeld\n",
		    21, cause);
	free(tmp);
	if (rc != 0) {
		free(path);
		tvars_free(v);
		return (-1);
	}
	file.name = SAMPLE_FILE_NAME;
	file.path = path;
	file.type = "application/pdf";
	/* Every example is a new mail: a Message-ID of its own. */
	clock_gettime(CLOCK_REALTIME, &ts);
	seed = xasprintf("sample %s %s %lld.%09ld %ld", kind, to,
	    (long long)ts.tv_sec, ts.tv_nsec, (long)getpid());
	memset(&om, 0, sizeof om);
	om.kind = kind;
	om.vars = v;
	om.to_addr = to;
	om.seed = seed;
	om.files = &file;
	om.nfiles = 1;
	if ((rc = db_begin(rt->db)) == 0)
		rc = outbox_queue(rt, &om, cause);
	if (rc == 0)
		rc = db_commit(rt->db);
	else
		db_rollback(rt->db);
	free(seed);
	free(path);
	tvars_free(v);
	return (rc);
}
