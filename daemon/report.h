/* SPDX-License-Identifier: ISC */
/* What hercertctl shows: status, messages and outbox, as text or JSON. */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

struct runtime;

int	report_status(struct runtime *, int, FILE *);
int	report_messages(struct runtime *, int, FILE *);
int	report_outbox(struct runtime *, int, FILE *);
int	report_school(struct runtime *, const char *, int, FILE *);

#endif
