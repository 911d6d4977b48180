/* SPDX-License-Identifier: ISC */
/* The coordinator's daily digest. */
#ifndef DIGEST_H
#define DIGEST_H

#include <stdio.h>

struct runtime;
struct tvars;

struct tvars	*digest_vars(struct runtime *);
int		 digest_run(struct runtime *, char **);
int		 digest_print(struct runtime *, int, FILE *);

#endif
