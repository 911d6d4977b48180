/* SPDX-License-Identifier: ISC */
/*
 * Loading the rule files (*.rules in the rules directory, in name order).
 * The format is line based and documented in rules/README:
 *
 *	rule NAME		starts a rule; the first rule that matches wins
 *	  class CLASS		the class it gives
 *	  match FIELD /RE/fl	a condition that must match
 *	  not FIELD /RE/fl	a condition that must not match
 *	  dates FIELD...	where to look for the audit date
 *	  schools FIELD...	where to look for school names and BRINs
 *	date NAME /RE/fl	a date spelling with named groups
 *	kind KIND /RE/fl	a document kind recognised in a file name
 *
 * Every error names file and line; a broken file loads nothing.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "rules.h"
#include "xmalloc.h"

#define RULES_MAX_LINE	4096

static const char *const rule_classes[] = {
	"aanmelding", "documenten", "reflectie", "checklist", "vraag",
	"automatisch", "onbekend", NULL
};

static const char *const rule_field_names[] = {
	[RULE_FIELD_FROM] = "from",
	[RULE_FIELD_TO] = "to",
	[RULE_FIELD_SUBJECT] = "subject",
	[RULE_FIELD_BODY] = "body",
	[RULE_FIELD_HEADER] = "header",
	[RULE_FIELD_ATTACHMENT] = "attachment",
	[RULE_FIELD_ROLE] = "role",
};

struct rules_parse {
	struct ruleset	*rs;
	const char	*file;
	int		 line;
	struct rule	*current;
	char		*error;
};

/* The name of a field, as written in rule files. */
const char *
rule_field_name(enum rule_field f)
{
	return (rule_field_names[f]);
}

static int
rules_error(struct rules_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
rules_error(struct rules_parse *p, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	p->error = xasprintf("%s:%d: %s", p->file, p->line, msg);
	free(msg);
	return (-1);
}

/* Split off the next blank-separated word; NULL at the end of the line. */
static char *
rules_word(char **s)
{
	char	*w;

	while (isspace((unsigned char)**s))
		(*s)++;
	if (**s == '\0')
		return (NULL);
	w = *s;
	while (**s != '\0' && !isspace((unsigned char)**s))
		(*s)++;
	if (**s != '\0')
		*(*s)++ = '\0';
	return (w);
}

/* Parse "/pattern/flags" (the rest of the line) into a compiled pattern. */
static struct re *
rules_regex(struct rules_parse *p, char *s)
{
	struct re	*re;
	char		*end, *flags, *cause;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (*s != '/' || (flags = strrchr(s, '/')) == s) {
		rules_error(p, "expected /pattern/ with optional flags");
		return (NULL);
	}
	*flags++ = '\0';
	if ((re = re_compile(s + 1, flags, &cause)) == NULL) {
		rules_error(p, "pattern /%s/: %s", s + 1, cause);
		free(cause);
	}
	return (re);
}

static int
rules_field(struct rules_parse *p, const char *w, enum rule_field *f,
    char **header)
{
	size_t	 i;

	*header = NULL;
	if (strncasecmp(w, "header:", 7) == 0 && w[7] != '\0') {
		*f = RULE_FIELD_HEADER;
		*header = xstrdup(w + 7);
		return (0);
	}
	for (i = 0; i < sizeof rule_field_names / sizeof *rule_field_names;
	    i++) {
		if (i != RULE_FIELD_HEADER &&
		    strcasecmp(w, rule_field_names[i]) == 0) {
			*f = (enum rule_field)i;
			return (0);
		}
	}
	return (rules_error(p, "unknown field \"%s\" (from, to, subject, "
	    "body, attachment, role or header:NAME)", w));
}

static int
rules_cond(struct rules_parse *p, int negate, char *rest)
{
	struct rule		*r = p->current;
	struct rule_cond	 c;
	char			*w;

	memset(&c, 0, sizeof c);
	if ((w = rules_word(&rest)) == NULL)
		return (rules_error(p, "%s: expected a field",
		    negate ? "not" : "match"));
	if (rules_field(p, w, &c.field, &c.header) != 0)
		return (-1);
	if ((c.re = rules_regex(p, rest)) == NULL) {
		free(c.header);
		return (-1);
	}
	c.negate = negate;
	c.line = p->line;
	r->conds = xreallocarray(r->conds, r->nconds + 1, sizeof *r->conds);
	r->conds[r->nconds++] = c;
	return (0);
}

static int
rules_fields(struct rules_parse *p, const char *what, char *rest,
    unsigned *bits)
{
	enum rule_field	 f;
	char		*w, *header;

	*bits = 0;
	while ((w = rules_word(&rest)) != NULL) {
		if (rules_field(p, w, &f, &header) != 0)
			return (-1);
		free(header);
		if (f == RULE_FIELD_HEADER || f == RULE_FIELD_FROM ||
		    f == RULE_FIELD_ROLE)
			return (rules_error(p, "%s: field \"%s\" cannot hold "
			    "it", what, w));
		*bits |= RULE_FIELD_BIT(f);
	}
	if (*bits == 0)
		return (rules_error(p, "%s: expected one or more fields",
		    what));
	return (0);
}

static int
rules_class(struct rules_parse *p, char *rest)
{
	char	*w;
	size_t	 i;

	if ((w = rules_word(&rest)) == NULL || rules_word(&rest) != NULL)
		return (rules_error(p, "class: expected one class name"));
	for (i = 0; rule_classes[i] != NULL; i++) {
		if (strcmp(w, rule_classes[i]) == 0) {
			free(p->current->class);
			p->current->class = xstrdup(w);
			return (0);
		}
	}
	return (rules_error(p, "unknown class \"%s\" (aanmelding, documenten, "
	    "reflectie, checklist, vraag, automatisch or onbekend)", w));
}

static int
rules_finish_rule(struct rules_parse *p)
{
	struct rule	*r = p->current;
	int		 line = p->line;

	p->current = NULL;
	if (r == NULL)
		return (0);
	p->line = r->line;
	if (r->class == NULL)
		return (rules_error(p, "rule %s: no class", r->name));
	if (r->nconds == 0)
		return (rules_error(p, "rule %s: no match or not condition",
		    r->name));
	p->line = line;
	return (0);
}

static int
rules_new_rule(struct rules_parse *p, char *rest)
{
	struct ruleset	*rs = p->rs;
	struct rule	*r;
	char		*name;
	size_t		 i;

	if (rules_finish_rule(p) != 0)
		return (-1);
	if ((name = rules_word(&rest)) == NULL || rules_word(&rest) != NULL)
		return (rules_error(p, "rule: expected one name"));
	for (i = 0; i < rs->nrules; i++) {
		if (strcmp(rs->rules[i].name, name) == 0)
			return (rules_error(p, "rule %s: already defined at "
			    "%s:%d", name, rs->rules[i].file,
			    rs->rules[i].line));
	}
	rs->rules = xreallocarray(rs->rules, rs->nrules + 1,
	    sizeof *rs->rules);
	r = &rs->rules[rs->nrules++];
	memset(r, 0, sizeof *r);
	r->name = xstrdup(name);
	r->file = xstrdup(p->file);
	r->line = p->line;
	p->current = r;
	return (0);
}

static int
rules_date(struct rules_parse *p, char *rest)
{
	struct ruleset		*rs = p->rs;
	struct rule_date	 d;
	char			*name;

	if (rules_finish_rule(p) != 0)
		return (-1);
	if ((name = rules_word(&rest)) == NULL)
		return (rules_error(p, "date: expected a name and a pattern"));
	if ((d.re = rules_regex(p, rest)) == NULL)
		return (-1);
	d.name = xstrdup(name);
	rs->dates = xreallocarray(rs->dates, rs->ndates + 1,
	    sizeof *rs->dates);
	rs->dates[rs->ndates++] = d;
	return (0);
}

static const char *const rule_kinds[] = {
	"schooldocument", "teamverslag", "preadvies", "reflectie",
	"checklist", NULL
};

static int
rules_kind(struct rules_parse *p, char *rest)
{
	struct ruleset		*rs = p->rs;
	struct rule_kind	 k;
	char			*name;
	size_t			 i;

	if (rules_finish_rule(p) != 0)
		return (-1);
	if ((name = rules_word(&rest)) == NULL)
		return (rules_error(p, "kind: expected a kind and a pattern"));
	for (i = 0; rule_kinds[i] != NULL; i++) {
		if (strcmp(name, rule_kinds[i]) == 0)
			break;
	}
	if (rule_kinds[i] == NULL)
		return (rules_error(p, "unknown kind \"%s\" (schooldocument, "
		    "teamverslag, preadvies, reflectie or checklist)", name));
	if ((k.re = rules_regex(p, rest)) == NULL)
		return (-1);
	k.kind = xstrdup(name);
	k.file = xstrdup(p->file);
	k.line = p->line;
	rs->kinds = xreallocarray(rs->kinds, rs->nkinds + 1,
	    sizeof *rs->kinds);
	rs->kinds[rs->nkinds++] = k;
	return (0);
}

/*
 * The kind of a document from its name (first kind line that matches);
 * NULL when none does. *limit is set when a pattern hit its limit.
 */
const struct rule_kind *
ruleset_kind(const struct ruleset *rs, const char *text, int *limit)
{
	enum re_result	 rc;
	size_t		 i;

	*limit = 0;
	for (i = 0; i < rs->nkinds; i++) {
		rc = re_exec(rs->kinds[i].re, text, strlen(text), 0, NULL);
		if (rc == RE_MATCH)
			return (&rs->kinds[i]);
		if (rc == RE_LIMIT || rc == RE_ERROR)
			*limit = 1;
	}
	return (NULL);
}

static int
rules_line(struct rules_parse *p, char *line)
{
	char	*rest = line, *w;

	if ((w = rules_word(&rest)) == NULL || *w == '#')
		return (0);
	if (strcmp(w, "rule") == 0)
		return (rules_new_rule(p, rest));
	if (strcmp(w, "date") == 0)
		return (rules_date(p, rest));
	if (strcmp(w, "kind") == 0)
		return (rules_kind(p, rest));
	if (p->current == NULL)
		return (rules_error(p, "\"%s\" outside a rule (start one with "
		    "\"rule NAME\")", w));
	if (strcmp(w, "class") == 0)
		return (rules_class(p, rest));
	if (strcmp(w, "match") == 0 || strcmp(w, "not") == 0)
		return (rules_cond(p, strcmp(w, "not") == 0, rest));
	if (strcmp(w, "dates") == 0)
		return (rules_fields(p, w, rest, &p->current->date_fields));
	if (strcmp(w, "schools") == 0)
		return (rules_fields(p, w, rest, &p->current->school_fields));
	return (rules_error(p, "unknown keyword \"%s\" (rule, class, match, "
	    "not, dates, schools, date, kind)", w));
}

static int
rules_load_file(struct rules_parse *p, const char *path)
{
	FILE	*f;
	char	 line[RULES_MAX_LINE];
	int	 rc = 0;

	p->file = path;
	p->line = 0;
	p->current = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		p->error = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
		p->line++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			rc = rules_error(p, "line longer than %d bytes",
			    RULES_MAX_LINE - 2);
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		rc = rules_line(p, line);
	}
	fclose(f);
	if (rc == 0)
		rc = rules_finish_rule(p);
	return (rc);
}

static int
rules_filter(const struct dirent *d)
{
	size_t	 len = strlen(d->d_name);

	return (d->d_name[0] != '.' && len > 6 &&
	    strcmp(d->d_name + len - 6, ".rules") == 0);
}

/* Load every *.rules file of a directory; NULL and cause on any error. */
struct ruleset *
ruleset_load(const char *dir, char **cause)
{
	struct rules_parse	  p;
	struct dirent		**names;
	char			 *path;
	int			  n, i, rc = 0;

	memset(&p, 0, sizeof p);
	if ((n = scandir(dir, &names, rules_filter, alphasort)) == -1) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		return (NULL);
	}
	p.rs = xcalloc(1, sizeof *p.rs);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]->d_name);
		if (rc == 0)
			rc = rules_load_file(&p, path);
		free(path);
		free(names[i]);
	}
	free(names);
	p.rs->nfiles = (size_t)n;
	if (rc == 0 && p.rs->nrules == 0)
		p.error = xasprintf("%s: no rules (*.rules files)", dir);
	if (p.error != NULL) {
		*cause = p.error;
		ruleset_free(p.rs);
		return (NULL);
	}
	return (p.rs);
}

/* Free a rule set. */
void
ruleset_free(struct ruleset *rs)
{
	size_t	 i, j;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nrules; i++) {
		for (j = 0; j < rs->rules[i].nconds; j++) {
			re_free(rs->rules[i].conds[j].re);
			free(rs->rules[i].conds[j].header);
		}
		free(rs->rules[i].conds);
		free(rs->rules[i].name);
		free(rs->rules[i].class);
		free(rs->rules[i].file);
	}
	for (i = 0; i < rs->ndates; i++) {
		re_free(rs->dates[i].re);
		free(rs->dates[i].name);
	}
	for (i = 0; i < rs->nkinds; i++) {
		re_free(rs->kinds[i].re);
		free(rs->kinds[i].kind);
		free(rs->kinds[i].file);
	}
	free(rs->kinds);
	free(rs->rules);
	free(rs->dates);
	free(rs);
}
