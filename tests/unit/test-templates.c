/* SPDX-License-Identifier: ISC */
/*
 * Every template in templates/ loads and renders: each value it names is
 * given (lists with two items), the result starts with its Subject line,
 * no template syntax is left, and in the HTML alternatives a value with
 * markup in it arrives escaped. A value that looks like template syntax
 * or a printf format arrives as inert text.
 */

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sample.h"
#include "template.h"
#include "testutil.h"
#include "xmalloc.h"

#define TEMPLATES_DIR	"templates"
#define BAIT		"<b>&amp;{{adres}}%s%n</b>"
static void
render_one(const char *file)
{
	struct template	*t;
	struct tvars	*v;
	char		*path, *text, *out, *cause = NULL;
	size_t		 len;
	int		 html, plain;

	path = xasprintf("%s/%s", TEMPLATES_DIR, file);
	html = strstr(file, ".html") != NULL;
	if ((t = template_load(path, &cause)) == NULL)
		fail_msg("%s: %s", file, cause);
	text = testutil_read(path, &len);
	v = sample_vars_of((const char *const *)&text, 1, BAIT);
	/* A template that uses a value outside any list. */
	plain = strstr(text, "{{") != NULL;
	if ((out = template_render(t, v, &cause)) == NULL)
		fail_msg("%s: render: %s", file, cause);
	if (strncmp(out, "Subject: ", 9) != 0 || strstr(out, "\n\n") == NULL)
		fail_msg("%s: no \"Subject:\" line and empty line", file);
	if (html && strstr(out, "<b>&amp;{{") != NULL)
		fail_msg("%s: a value arrived unescaped in HTML", file);
	if (html && plain &&
	    strstr(out, "&lt;b&gt;&amp;amp;{{adres}}%s%n") == NULL)
		fail_msg("%s: no escaped value in the HTML", file);
	if (!html && plain && strstr(out, BAIT) == NULL)
		fail_msg("%s: a value did not arrive verbatim", file);
	/* Template syntax left over: only what came in as a value. */
	if (strstr(out, "{{#") != NULL || strstr(out, "{{/") != NULL)
		fail_msg("%s: template syntax in the output", file);
	free(out);
	tvars_free(v);
	free(text);
	template_free(t);
	free(path);
}

static void
test_every_template_renders(void **state)
{
	static const char *const kinds[] = {
		"aanmelding-bevestigd", "aanmelding-afgewezen",
		"documenten-ontvangen", "documenten-herinnering",
		"documenten-te-laat", "bundel-auditor", "checklist-verwerkt",
		"niet-uitgenodigd", "deelnemers-documenten",
		"reflectie-herinnering", "reflectie-ontvangen",
		"reflectie-te-laat", "certificaat", "hercertificering-nodig",
		"vraag-doorgestuurd", "escalatie", "digest",
		"digest.html", "bundel-auditor.html",
		"deelnemers-documenten.html", NULL
	};
	DIR		*d;
	struct dirent	*e;
	size_t		 i, n = 0;

	(void)state;
	/* Every kind of DESIGN §4 has its template. */
	for (i = 0; kinds[i] != NULL; i++)
		render_one(kinds[i]);
	/* And every file there renders, also ones added later. */
	if ((d = opendir(TEMPLATES_DIR)) == NULL)
		fail_msg("opendir %s", TEMPLATES_DIR);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README") == 0 ||
		    strcmp(e->d_name, "bijlagen") == 0 ||
		    (strchr(e->d_name, '.') != NULL &&
		    strstr(e->d_name, ".html") == NULL))
			continue;
		render_one(e->d_name);
		n++;
	}
	closedir(d);
	assert_true(n >= i);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_template_renders),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
