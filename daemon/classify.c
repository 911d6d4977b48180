/* SPDX-License-Identifier: ISC */
/*
 * Classification: rules are tried in file order and the first whose
 * conditions all hold decides the class. A pattern that hits its match
 * limit sends the mail to manual review; it never counts as "no match".
 * The winning rule then names the fields to take dates and schools from.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "classify.h"
#include "mail.h"
#include "rules.h"
#include "xmalloc.h"

/* The text of the fields in bits, one per line. */
char *
classify_fields_text(const struct mail *m, unsigned bits)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 0);
	if (bits & RULE_FIELD_BIT(RULE_FIELD_SUBJECT))
		buf_printf(&b, "%s\n", m->subject);
	if (bits & RULE_FIELD_BIT(RULE_FIELD_TO) &&
	    mail_header(m, "To") != NULL)
		buf_printf(&b, "%s\n", mail_header(m, "To"));
	if (bits & RULE_FIELD_BIT(RULE_FIELD_BODY))
		buf_printf(&b, "%s\n", m->body);
	if (bits & RULE_FIELD_BIT(RULE_FIELD_ATTACHMENT)) {
		for (i = 0; i < m->nattachments; i++)
			buf_printf(&b, "%s\n", m->attachments[i]);
	}
	return (buf_release(&b));
}

static enum re_result
classify_match_one(const struct re *re, const char *s)
{
	return (re_exec(re, s, strlen(s), 0, NULL));
}

/* Match a condition against every value its field has. */
static enum re_result
classify_cond(const struct rule_cond *c, const struct mail *m,
    const char *role)
{
	enum re_result	 rc = RE_NOMATCH;
	size_t		 i;

	switch (c->field) {
	case RULE_FIELD_ROLE:
		return (classify_match_one(c->re, role));
	case RULE_FIELD_FROM:
		return (classify_match_one(c->re, m->from_addr != NULL ?
		    m->from_addr : ""));
	case RULE_FIELD_SUBJECT:
		return (classify_match_one(c->re, m->subject));
	case RULE_FIELD_BODY:
		return (classify_match_one(c->re, m->body));
	case RULE_FIELD_TO:
	case RULE_FIELD_HEADER:
		for (i = 0; i < m->nheaders && rc == RE_NOMATCH; i++) {
			if (strcasecmp(m->headers[i].name, c->field ==
			    RULE_FIELD_TO ? "To" : c->header) == 0)
				rc = classify_match_one(c->re,
				    m->headers[i].value);
		}
		return (rc);
	case RULE_FIELD_ATTACHMENT:
		for (i = 0; i < m->nattachments && rc == RE_NOMATCH; i++)
			rc = classify_match_one(c->re, m->attachments[i]);
		return (rc);
	}
	return (RE_ERROR);
}

/* Whether all conditions of a rule hold: RE_MATCH, RE_NOMATCH or a limit. */
static enum re_result
classify_rule(const struct rule *r, const struct mail *m, const char *role,
    int *line)
{
	enum re_result	 rc;
	size_t		 i;

	for (i = 0; i < r->nconds; i++) {
		*line = r->conds[i].line;
		rc = classify_cond(&r->conds[i], m, role);
		if (rc == RE_LIMIT || rc == RE_ERROR)
			return (RE_LIMIT);
		if ((rc == RE_MATCH) == r->conds[i].negate)
			return (RE_NOMATCH);
	}
	return (RE_MATCH);
}

static void
classify_extract(const struct ruleset *rs, const struct mail *m,
    struct classification *c)
{
	char	*text;

	if (c->rule->date_fields != 0) {
		text = classify_fields_text(m, c->rule->date_fields);
		if (nldate_find(rs, text, c->dates, CLASSIFY_MAX_DATES,
		    &c->ndates) == RE_LIMIT) {
			c->review = 1;
			c->reason = xstrdup("date pattern hit its match "
			    "limit");
		}
		free(text);
	}
	if (c->rule->school_fields != 0)
		c->school_text = classify_fields_text(m,
		    c->rule->school_fields);
}

/*
 * Classify a mail from a sender of a role ("boc", "unknown"); 0, with c
 * filled (c->review set for manual review). The rules tried before the
 * one that decided are in c->misses, with the line that did not hold.
 */
int
classify(const struct ruleset *rs, const struct mail *m, const char *role,
    struct classification *c)
{
	enum re_result	 rc;
	size_t		 i;
	int		 line = 0;

	memset(c, 0, sizeof *c);
	c->class = "onbekend";
	for (i = 0; i < rs->nrules; i++) {
		rc = classify_rule(&rs->rules[i], m, role, &line);
		if (rc == RE_LIMIT) {
			c->review = 1;
			c->reason = xasprintf("rule %s (%s:%d) hit its match "
			    "limit", rs->rules[i].name, rs->rules[i].file,
			    line);
			return (0);
		}
		if (rc == RE_MATCH) {
			c->rule = &rs->rules[i];
			c->class = c->rule->class;
			classify_extract(rs, m, c);
			return (0);
		}
		c->misses = xreallocarray(c->misses, c->nmisses + 1,
		    sizeof *c->misses);
		c->misses[c->nmisses].rule = &rs->rules[i];
		c->misses[c->nmisses++].line = line;
	}
	return (0);
}

/* Free what a classification holds. */
void
classification_clear(struct classification *c)
{
	free(c->reason);
	free(c->school_text);
	free(c->misses);
	c->reason = c->school_text = NULL;
	c->misses = NULL;
	c->nmisses = 0;
}
