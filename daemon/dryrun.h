/* SPDX-License-Identifier: ISC */
/* hercertctl classify: what the daemon would make of a mail, nothing written. */
#ifndef DRYRUN_H
#define DRYRUN_H

#include <stdio.h>

struct runtime;

int	dryrun_classify(struct runtime *, const char *, int, FILE *);

#endif
