/* SPDX-License-Identifier: ISC */
/*
 * Opening what both binaries need, in the order that lets the daemon fail
 * early and clearly: the configuration, the time zone, the state
 * directory and database, the rules, the templates.
 */

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "fsutil.h"
#include "log.h"
#include "re.h"
#include "rules.h"
#include "runtime.h"
#include "template.h"
#include "xmalloc.h"

/* (Re)load the rules; the old ones stay when the new ones do not load. */
int
runtime_load_rules(struct runtime *rt, char **cause)
{
	struct ruleset	*rs;

	re_set_limits(rt->cf->match_limit, 0);
	if ((rs = ruleset_load(rt->cf->rules_dir, cause)) == NULL)
		return (-1);
	ruleset_free(rt->rules);
	rt->rules = rs;
	return (0);
}

/*
 * KIND (plain text) and KIND.html (its HTML alternative); not README, and
 * not bijlagen/ (the files mails attach).
 */
static int
runtime_template_filter(const struct dirent *d)
{
	const char	*dot = strchr(d->d_name, '.');

	return (d->d_name[0] != '.' && strchr(d->d_name, '~') == NULL &&
	    strcmp(d->d_name, "README") != 0 && d->d_type != DT_DIR &&
	    strcmp(d->d_name, "bijlagen") != 0 &&
	    (dot == NULL || strcmp(dot, ".html") == 0));
}

static void
runtime_free_templates(struct template **list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		template_free(list[i]);
	free(list);
}

/* (Re)load every template; the old ones stay when one does not parse. */
int
runtime_load_templates(struct runtime *rt, char **cause)
{
	struct dirent	**names;
	struct template	**list = NULL;
	char		 *path;
	int		  n, i, rc = 0;
	size_t		  count = 0;

	n = scandir(rt->cf->templates_dir, &names, runtime_template_filter,
	    alphasort);
	if (n == -1) {
		*cause = xasprintf("%s: cannot read the directory",
		    rt->cf->templates_dir);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", rt->cf->templates_dir,
		    names[i]->d_name);
		if (rc == 0) {
			list = xreallocarray(list, count + 1, sizeof *list);
			if ((list[count] = template_load(path, cause)) == NULL)
				rc = -1;
			else
				count++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	if (rc != 0) {
		runtime_free_templates(list, count);
		return (-1);
	}
	runtime_free_templates(rt->templates, rt->ntemplates);
	rt->templates = list;
	rt->ntemplates = count;
	return (0);
}

/* The template of a kind, or NULL. */
const struct template *
runtime_template(const struct runtime *rt, const char *kind)
{
	size_t	 i;

	for (i = 0; i < rt->ntemplates; i++) {
		if (strcmp(template_name(rt->templates[i]), kind) == 0)
			return (rt->templates[i]);
	}
	return (NULL);
}

static int
runtime_open_db(struct runtime *rt, char **cause)
{
	char	*path;

	if (fsutil_mkdirs(rt->cf->state_dir, cause) != 0)
		return (-1);
	path = xasprintf("%s/hercert.db", rt->cf->state_dir);
	rt->db = db_open(path, cause);
	free(path);
	return (rt->db != NULL ? 0 : -1);
}

/* Open the configuration and what need asks for. */
int
runtime_open(struct runtime *rt, const char *path, int need, char **cause)
{
	const char	*at;

	memset(rt, 0, sizeof *rt);
	if ((rt->cf = config_load(path, cause)) == NULL)
		return (-1);
	setenv("TZ", rt->cf->timezone, 1);
	tzset();
	at = strrchr(rt->cf->smtp_from, '@');
	rt->domain = xstrdup(at != NULL ? at + 1 : "localhost");
	if ((need & RUNTIME_DB) && runtime_open_db(rt, cause) != 0)
		goto fail;
	if ((need & RUNTIME_RULES) && runtime_load_rules(rt, cause) != 0)
		goto fail;
	if ((need & RUNTIME_TEMPLATES) &&
	    runtime_load_templates(rt, cause) != 0)
		goto fail;
	return (0);
fail:
	runtime_close(rt);
	return (-1);
}

/*
 * Read the configuration, rules and templates again (SIGHUP); when any of
 * them does not load, everything stays as it was.
 */
int
runtime_reload(struct runtime *rt, char **cause)
{
	struct runtime	 fresh;

	memset(&fresh, 0, sizeof fresh);
	if ((fresh.cf = config_load(rt->cf->path, cause)) == NULL)
		return (-1);
	if (runtime_load_rules(&fresh, cause) != 0 ||
	    runtime_load_templates(&fresh, cause) != 0) {
		ruleset_free(fresh.rules);
		runtime_free_templates(fresh.templates, fresh.ntemplates);
		config_free(fresh.cf);
		return (-1);
	}
	ruleset_free(rt->rules);
	runtime_free_templates(rt->templates, rt->ntemplates);
	config_free(rt->cf);
	rt->cf = fresh.cf;
	rt->rules = fresh.rules;
	rt->templates = fresh.templates;
	rt->ntemplates = fresh.ntemplates;
	setenv("TZ", rt->cf->timezone, 1);
	tzset();
	return (0);
}

/* Close everything runtime_open opened. */
void
runtime_close(struct runtime *rt)
{
	db_close(rt->db);
	ruleset_free(rt->rules);
	runtime_free_templates(rt->templates, rt->ntemplates);
	config_free(rt->cf);
	free(rt->domain);
	memset(rt, 0, sizeof *rt);
}
