/* SPDX-License-Identifier: ISC */
/* Recognising school names and BRIN codes in free text. */
#ifndef NAMES_H
#define NAMES_H

#include <stddef.h>

struct school;

enum names_result {
	NAMES_OK,
	NAMES_AMBIGUOUS,
};

/* Where the text comes from: prose wants capitals, file names do not. */
enum names_where {
	NAMES_IN_TEXT,
	NAMES_IN_FILE_NAME,
};

char			*names_fold(const char *);
char			*names_core(const char *);
enum names_result	 names_find_schools(struct school *const *, size_t,
			    const char *, enum names_where, size_t *, size_t,
			    size_t *, char **);

#endif
