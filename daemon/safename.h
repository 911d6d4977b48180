/* SPDX-License-Identifier: ISC */
/* File and directory names made safe from names chosen by strangers. */
#ifndef SAFENAME_H
#define SAFENAME_H

#include <stddef.h>

#define SAFENAME_EMPTY		"bestand"	/* for a name with nothing left */
#define SAFENAME_SLUG_EMPTY	"onbekend"
#define SAFENAME_SLUG_MAX	60
#define SAFENAME_UNIQUE_MAX	10000		/* "name (10000).ext", then random */

char	*safename_make(const char *, size_t);
char	*safename_unique(int, const char *);
char	*safename_slug(const char *);
char	*safename_display(const char *);

#endif
