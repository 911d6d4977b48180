/* SPDX-License-Identifier: ISC */
/* Importing master data from the four CSV files of DESIGN §4. */
#ifndef IMPORT_H
#define IMPORT_H

#include <stddef.h>

struct db;

int	import_file(struct db *, const char *, const char **, size_t *,
	    char **);
int	import_files(struct db *, char *const *, size_t,
	    void (*)(void *, const char *, const char *, size_t, const char *),
	    void *);

#endif
