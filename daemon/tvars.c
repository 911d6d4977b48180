/* SPDX-License-Identifier: ISC */
/*
 * The values a template is rendered with: a map of names to strings or to
 * lists of nested maps, bounded in names and items.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "template.h"
#include "template-internal.h"
#include "xmalloc.h"

/* Whether a name is [a-z0-9_.]+ (any case). */
int
tvars_name_valid(const char *s, size_t n)
{
	size_t	i;
	char	c;

	if (n == 0)
		return (0);
	for (i = 0; i < n; i++) {
		c = s[i];
		if ((c < 'a' || c > 'z') && (c < 'A' || c > 'Z') &&
		    (c < '0' || c > '9') && c != '_' && c != '.')
			return (0);
	}
	return (1);
}

/* The index of a name in a set of values; nvars when absent. */
size_t
tvars_index(const struct tvars *v, const char *name)
{
	size_t	i;

	if (v == NULL)
		return (0);
	for (i = 0; i < v->nvars; i++)
		if (strcasecmp(v->vars[i].name, name) == 0)
			break;
	return (i);
}

/* Create an empty set of template values. */
struct tvars *
tvars_create(void)
{
	return (xcalloc(1, sizeof(struct tvars)));
}

static void
tvar_clear(struct tvar *var)
{
	size_t	i;

	free(var->value);
	var->value = NULL;
	for (i = 0; i < var->nitems; i++)
		tvars_free(var->items[i]);
	free(var->items);
	var->items = NULL;
	var->nitems = 0;
	tvars_free(var->spill);
	var->spill = NULL;
}

/* Free a set of values and every list item in it. */
void
tvars_free(struct tvars *v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < v->nvars; i++) {
		tvar_clear(&v->vars[i]);
		free(v->vars[i].name);
	}
	free(v->vars);
	free(v);
}

/* Names come from the program, not from mail: a bad one is a bug. */
static struct tvar *
tvars_get(struct tvars *v, const char *name)
{
	struct tvar	*var;
	size_t		 i;

	if (!tvars_name_valid(name, strlen(name)))
		fatalx("tvars: invalid name \"%s\"", name);
	i = tvars_index(v, name);
	if (i < v->nvars)
		return (&v->vars[i]);
	if (v->nvars == TVARS_MAXNAMES)
		fatalx("tvars: more than %d names", TVARS_MAXNAMES);
	v->vars = xreallocarray(v->vars, v->nvars + 1, sizeof *v->vars);
	var = &v->vars[v->nvars++];
	memset(var, 0, sizeof *var);
	var->name = xstrdup(name);
	return (var);
}

/* Set a value (copied), replacing any value or list of that name. */
void
tvars_set(struct tvars *v, const char *name, const char *value)
{
	struct tvar	*var;
	char		*copy;

	copy = xstrdup(value != NULL ? value : "");
	var = tvars_get(v, name);
	tvar_clear(var);
	var->value = copy;
}

/* Set a formatted value. */
void
tvars_setf(struct tvars *v, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	*value;

	va_start(ap, fmt);
	value = xvasprintf(fmt, ap);
	va_end(ap);
	tvars_set(v, name, value);
	free(value);
}

/* Append an empty item (owned by v) to a list and return it. */
struct tvars *
tvars_add(struct tvars *v, const char *listname)
{
	struct tvar	*var;
	struct tvars	*item;

	var = tvars_get(v, listname);
	if (var->value != NULL)
		tvar_clear(var);
	/*
	 * Past the maximum, items go to one scratch item and rendering the
	 * list fails: a mail naming thousands of schools cannot exhaust
	 * memory, and the caller needs no error path here.
	 */
	if (var->nitems == TVARS_MAXITEMS) {
		if (var->spill == NULL)
			var->spill = tvars_create();
		return (var->spill);
	}
	var->items = xreallocarray(var->items, var->nitems + 1,
	    sizeof *var->items);
	item = tvars_create();
	var->items[var->nitems++] = item;
	return (item);
}
