/* SPDX-License-Identifier: ISC */
/*
 * Mail templates: plain text with {{name}}, {{#each list}}..{{/each}},
 * {{#if name}}..{{else}}..{{/if}} and {{! comments }}. Values are
 * inserted verbatim (HTML-escaped in a KIND.html template) and never
 * re-evaluated as template syntax.
 */
#ifndef TEMPLATE_H
#define TEMPLATE_H

struct template;
struct tvars;

struct tvars	*tvars_create(void);
void		 tvars_free(struct tvars *);
void		 tvars_set(struct tvars *, const char *, const char *);
void		 tvars_setf(struct tvars *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
struct tvars	*tvars_add(struct tvars *, const char *);

struct template	*template_load(const char *, char **);
void		 template_free(struct template *);
const char	*template_name(const struct template *);
char		*template_render(const struct template *, const struct tvars *,
		    char **);

#endif
