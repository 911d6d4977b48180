/* SPDX-License-Identifier: ISC */
/*
 * The rule files of rules/: named rules that decide a mail's class from
 * PCRE2 conditions on its fields, and the date spellings to extract.
 */
#ifndef RULES_H
#define RULES_H

#include <stddef.h>

#include "re.h"

enum rule_field {
	RULE_FIELD_FROM,
	RULE_FIELD_TO,
	RULE_FIELD_SUBJECT,
	RULE_FIELD_BODY,
	RULE_FIELD_HEADER,
	RULE_FIELD_ATTACHMENT,
	RULE_FIELD_ROLE,	/* boc, auditor, coordinator or unknown */
};

#define RULE_FIELD_BIT(f) (1u << (f))

struct rule_cond {
	int		 negate;	/* "not": must not match */
	enum rule_field	 field;
	char		*header;	/* for RULE_FIELD_HEADER */
	struct re	*re;
	int		 line;
};

struct rule {
	char		 *name;
	char		 *class;
	struct rule_cond *conds;
	size_t		  nconds;
	unsigned	  date_fields;		/* RULE_FIELD_BIT set */
	unsigned	  school_fields;
	char		 *file;
	int		  line;
};

struct rule_date {
	char		*name;
	struct re	*re;
};

/* A document kind recognised in a file name: "kind preadvies /RE/". */
struct rule_kind {
	char		*kind;
	struct re	*re;
	char		*file;
	int		 line;
};

struct ruleset {
	struct rule	 *rules;
	size_t		  nrules;
	struct rule_date *dates;
	size_t		  ndates;
	struct rule_kind *kinds;
	size_t		  nkinds;
	size_t		  nfiles;
};

struct ruleset	*ruleset_load(const char *, char **);
void		 ruleset_free(struct ruleset *);
const char	*rule_field_name(enum rule_field);
const struct rule_kind *ruleset_kind(const struct ruleset *, const char *,
		    int *);

#endif
