/* SPDX-License-Identifier: ISC */
/* A template filled with example values: printed, or sent as a test. */
#ifndef SAMPLE_H
#define SAMPLE_H

#include <stdio.h>

#include <stddef.h>

struct runtime;
struct tvars;

struct tvars	*sample_vars_of(const char *const *, size_t, const char *);
int	 sample_print(struct runtime *, const char *, FILE *);
int	 sample_send(struct runtime *, const char *, const char *, char **);

#endif
