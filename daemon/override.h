/* SPDX-License-Identifier: ISC */
/* The coordinator's decisions by hand: a verdict, a table, an auditor. */
#ifndef OVERRIDE_H
#define OVERRIDE_H

struct runtime;

int	override_verdict(struct runtime *, const char *, const char *,
	    char **);
int	override_assign(struct runtime *, const char *, int, const char *,
	    char **);

#endif
