/* SPDX-License-Identifier: ISC */
/* What both binaries open before they work: config, state, rules, templates. */
#ifndef RUNTIME_H
#define RUNTIME_H

#include <signal.h>
#include <stddef.h>

struct config;
struct db;
struct ruleset;
struct template;

struct runtime {
	struct config	 *cf;
	struct db	 *db;
	struct ruleset	 *rules;
	struct template	**templates;
	size_t		  ntemplates;
	char		 *domain;	/* of the partnership address */
	volatile sig_atomic_t *stop;	/* set: finish the message, stop */
};

enum runtime_need {
	RUNTIME_DB = 1,
	RUNTIME_RULES = 2,
	RUNTIME_TEMPLATES = 4,
	RUNTIME_ALL = 7,
};

int			 runtime_open(struct runtime *, const char *, int,
			    char **);
void			 runtime_close(struct runtime *);
int			 runtime_reload(struct runtime *, char **);
int			 runtime_load_rules(struct runtime *, char **);
int			 runtime_load_templates(struct runtime *, char **);
const struct template	*runtime_template(const struct runtime *,
			    const char *);

#endif
