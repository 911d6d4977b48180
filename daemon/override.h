/* SPDX-License-Identifier: ISC */
/* The coordinator's decisions by hand: verdict, table, auditor, withdrawal. */
#ifndef OVERRIDE_H
#define OVERRIDE_H

struct runtime;

int	override_verdict(struct runtime *, const char *, const char *,
	    char **);
int	override_withdraw(struct runtime *, const char *, char **);
int	override_assign(struct runtime *, const char *, int, const char *,
	    char **);

#endif
