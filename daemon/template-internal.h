/* SPDX-License-Identifier: ISC */
/* Shared by template.c and tvars.c only: the values a template renders. */
#ifndef TEMPLATE_INTERNAL_H
#define TEMPLATE_INTERNAL_H

#include <stddef.h>

#define TVARS_MAXNAMES		256
#define TVARS_MAXITEMS		1024

struct tvar {
	char		 *name;
	char		 *value;	/* NULL: a list */
	struct tvars	**items;
	size_t		  nitems;
	struct tvars	 *spill;	/* handed out once the list is full */
};

struct tvars {
	struct tvar	*vars;
	size_t		 nvars;
};

size_t	tvars_index(const struct tvars *, const char *);
int	tvars_name_valid(const char *, size_t);

#endif
