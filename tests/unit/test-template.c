/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the mail templates: rendering, standalone tag lines, every
 * load and render error message, and the real templates in templates/.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "template.h"
#include "testutil.h"
#include "xmalloc.h"

static char	*tmpdir;
static char	*tmppath;		/* the one template file, in tmpdir */

static struct template *
load_text(const char *text, char **cause)
{
	testutil_write_str(tmppath, text);
	return (template_load(tmppath, cause));
}

/* Render text with v; the test fails if loading or rendering fails. */
static char *
render_text(const char *text, const struct tvars *v)
{
	struct template	*t;
	char		*cause = NULL, *out;

	t = load_text(text, &cause);
	if (t == NULL)
		fail_msg("load: %s", cause);
	out = template_render(t, v, &cause);
	if (out == NULL)
		fail_msg("render: %s", cause);
	template_free(t);
	return (out);
}

static void
assert_renders(const char *text, const struct tvars *v, const char *want)
{
	char	*out;

	out = render_text(text, v);
	assert_string_equal(out, want);
	free(out);
}

/* Loading text must fail with "<path>" followed by want. */
static void
assert_load_error(const char *text, const char *want)
{
	struct template	*t;
	char		*cause = NULL, *full;

	t = load_text(text, &cause);
	assert_null(t);
	assert_non_null(cause);
	full = xasprintf("%s%s", tmppath, want);
	assert_string_equal(cause, full);
	free(full);
	free(cause);
}

static void
assert_render_error(const char *text, const struct tvars *v,
    const char *want)
{
	struct template	*t;
	char		*cause = NULL;

	t = load_text(text, &cause);
	assert_non_null(t);
	assert_null(template_render(t, v, &cause));
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
	template_free(t);
}

static struct tvars *
schools(int n)
{
	static const char	*names[] = { "Regenboog", "Kompas", "Klimop",
				    "Zonnewijzer" };
	struct tvars		*v, *item;
	int			 i;

	v = tvars_create();
	for (i = 0; i < n; i++) {
		item = tvars_add(v, "scholen");
		tvars_set(item, "naam", names[i]);
	}
	return (v);
}

static int
setup(void **state)
{
	(void)state;
	if ((tmpdir = testutil_tmpdir("test-template")) == NULL)
		return (-1);
	tmppath = xasprintf("%s/t", tmpdir);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	testutil_rmtree(tmpdir);
	free(tmppath);
	free(tmpdir);
	return (0);
}

static void
test_value_is_inserted(void **state)
{
	struct tvars	*v = tvars_create();

	(void)state;
	tvars_set(v, "boc_naam", "Anna");
	tvars_setf(v, "n", "%d scholen", 4);
	assert_renders("Beste {{boc_naam}}, {{ n }}.\n", v,
	    "Beste Anna, 4 scholen.\n");
	tvars_free(v);
}

static void
test_missing_value_renders_empty(void **state)
{
	(void)state;
	assert_renders("[{{nergens}}]", NULL, "[]");
}

static void
test_names_are_case_insensitive(void **state)
{
	struct tvars	*v = tvars_create();

	(void)state;
	tvars_set(v, "Datum", "dinsdag 28 maart 2023");
	assert_renders("{{DATUM}}/{{datum}}", v,
	    "dinsdag 28 maart 2023/dinsdag 28 maart 2023");
	tvars_free(v);
}

static void
test_set_replaces_value_and_list(void **state)
{
	struct tvars	*v = schools(2);

	(void)state;
	tvars_set(v, "x", "een");
	tvars_set(v, "x", "twee");
	tvars_set(v, "scholen", "geen lijst meer");
	assert_renders("{{x}} {{scholen}}", v, "twee geen lijst meer");
	tvars_free(v);
}

static void
test_each_with_first_and_last(void **state)
{
	const char	*text = "{{#each scholen}}{{#unless @first}}"
			    "{{#if @last}} en {{else}}, {{/if}}{{/unless}}"
			    "{{naam}}{{/each}}.";
	struct tvars	*v;

	(void)state;
	v = schools(1);
	assert_renders(text, v, "Regenboog.");
	tvars_free(v);
	v = schools(2);
	assert_renders(text, v, "Regenboog en Kompas.");
	tvars_free(v);
	v = schools(4);
	assert_renders(text, v, "Regenboog, Kompas, Klimop en Zonnewijzer.");
	tvars_free(v);
}

static void
test_each_index_counts_from_one(void **state)
{
	struct tvars	*v = schools(3);

	(void)state;
	assert_renders("{{#each scholen}}{{@index}}.{{naam}} {{/each}}", v,
	    "1.Regenboog 2.Kompas 3.Klimop ");
	tvars_free(v);
}

static void
test_each_resolves_in_item_then_outward(void **state)
{
	struct tvars	*v = schools(2);

	(void)state;
	tvars_set(v, "naam", "buiten");
	tvars_set(v, "plaats", "Utrecht");
	assert_renders("{{#each scholen}}{{naam}}:{{plaats}} {{/each}}{{naam}}",
	    v, "Regenboog:Utrecht Kompas:Utrecht buiten");
	tvars_free(v);
}

static void
test_nested_each_has_own_index(void **state)
{
	struct tvars	*v = tvars_create(), *b, *s;
	int		 i, j;

	(void)state;
	for (i = 0; i < 2; i++) {
		b = tvars_add(v, "besturen");
		tvars_setf(b, "naam", "B%d", i + 1);
		for (j = 0; j < 2; j++) {
			s = tvars_add(b, "scholen");
			tvars_setf(s, "naam", "S%d", j + 1);
		}
	}
	assert_renders("{{#each besturen}}{{naam}}({{#each scholen}}"
	    "{{@index}}{{naam}}{{/each}}){{@index}} {{/each}}", v,
	    "B1(1S12S2)1 B2(1S12S2)2 ");
	tvars_free(v);
}

static void
test_unknown_list_is_zero_items(void **state)
{
	(void)state;
	assert_renders("[{{#each scholen}}x{{/each}}]", NULL, "[]");
	assert_renders("[{{#each scholen}}x{{else}}geen{{/each}}]", NULL,
	    "[geen]");
}

static void
test_if_is_true_for_nonempty_value_or_list(void **state)
{
	const char	*text = "{{#if a}}ja{{else}}nee{{/if}}";
	struct tvars	*v = tvars_create();

	(void)state;
	assert_renders(text, v, "nee");
	tvars_set(v, "a", "");
	assert_renders(text, v, "nee");
	tvars_set(v, "a", "0");
	assert_renders(text, v, "ja");
	tvars_add(v, "a");
	assert_renders(text, v, "ja");
	tvars_free(v);
}

static void
test_if_on_empty_list_is_false(void **state)
{
	struct tvars	*v = schools(0);

	(void)state;
	assert_renders("{{#if scholen}}ja{{else}}nee{{/if}}", v, "nee");
	tvars_free(v);
}

static void
test_unless_inverts_if(void **state)
{
	struct tvars	*v = tvars_create();

	(void)state;
	assert_renders("{{#unless reden}}geen reden{{/unless}}", v,
	    "geen reden");
	tvars_set(v, "reden", "Te laat.");
	assert_renders("{{#unless reden}}geen{{else}}{{reden}}{{/unless}}", v,
	    "Te laat.");
	tvars_free(v);
}

static void
test_comment_is_dropped(void **state)
{
	(void)state;
	assert_renders("a{{! een {opmerking} }}b\n", NULL, "ab\n");
	assert_renders("a\n{{! over\n twee regels }}\nb\n", NULL, "a\nb\n");
}

static void
test_standalone_tags_leave_no_blank_lines(void **state)
{
	struct tvars	*v = schools(2);

	(void)state;
	tvars_set(v, "reden", "Te laat.");
	assert_renders("Scholen:\n"
	    "  {{#each scholen}}  \n"
	    "- {{naam}}\n"
	    "\t{{/each}}\n"
	    "{{#if reden}}\n"
	    "{{reden}}\n"
	    "{{else}}\n"
	    "Geen reden.\n"
	    "{{/if}}\n"
	    "{{! einde }}\n"
	    "Groet\n"
	    "{{#if x}}\n"
	    "{{/if}}", v,
	    "Scholen:\n- Regenboog\n- Kompas\nTe laat.\nGroet\n");
	tvars_free(v);
}

static void
test_inline_block_tags_keep_their_line(void **state)
{
	struct tvars	*v = tvars_create();

	(void)state;
	tvars_set(v, "a", "1");
	assert_renders("x {{#if a}}\ny\n{{/if}} z\n", v, "x \ny\n z\n");
	assert_renders("{{#if a}}{{a}}{{/if}}\n", v, "1\n");
	tvars_free(v);
}

static void
test_value_with_braces_is_not_reevaluated(void **state)
{
	struct tvars	*v = tvars_create();

	(void)state;
	tvars_set(v, "x", "{{x}} {{#each y}} %s%n\r\nBcc: a@b");
	tvars_set(v, "y", "{{/if}}");
	assert_renders("<{{x}}|{{y}}>", v,
	    "<{{x}} {{#each y}} %s%n\r\nBcc: a@b|{{/if}}>");
	tvars_free(v);
}

static void
test_crlf_and_bom_are_normalised(void **state)
{
	struct tvars	*v = tvars_create();

	(void)state;
	tvars_set(v, "a", "1");
	assert_renders("\xef\xbb\xbfSubject: x\r\n\r\n{{#if a}}\r\nja\r\n"
	    "{{/if}}\r\n", v, "Subject: x\n\nja\n");
	tvars_free(v);
}

static void
test_template_name_is_base_name(void **state)
{
	struct template	*t;
	char		*cause = NULL;

	(void)state;
	t = load_text("x", &cause);
	assert_non_null(t);
	assert_string_equal(template_name(t), "t");
	template_free(t);
}

static void
test_sixteen_nested_blocks_load(void **state)
{
	char	text[512];
	int	i, n = 0;

	(void)state;
	for (i = 0; i < 16; i++)
		n += snprintf(text + n, sizeof text - n, "{{#if a}}");
	for (i = 0; i < 16; i++)
		n += snprintf(text + n, sizeof text - n, "{{/if}}");
	assert_renders(text, NULL, "");
}

static void
test_nesting_deeper_than_16_is_refused(void **state)
{
	char	text[512];
	int	i, n = 0;

	(void)state;
	for (i = 0; i < 17; i++)
		n += snprintf(text + n, sizeof text - n, "{{#if a}}\n");
	assert_load_error(text, ":17: blocks nested deeper than 16");
}

static void
test_unclosed_tag_reports_its_line(void **state)
{
	(void)state;
	assert_load_error("a\nBeste {{boc_naam,\n}}\n",
	    ":2: unclosed tag: \"{{\" has no \"}}\" on the same line");
	assert_load_error("{{", ":1: unclosed tag: \"{{\" has no \"}}\" "
	    "on the same line");
}

static void
test_unclosed_comment_reports_opening_line(void **state)
{
	(void)state;
	assert_load_error("a\n\n{{! nooit\ngesloten\n",
	    ":3: unclosed comment: \"{{!\" has no \"}}\"");
}

static void
test_empty_name_is_refused(void **state)
{
	(void)state;
	assert_load_error("a {{ }}", ":1: empty name in \"{{}}\"");
	assert_load_error("\n{{#each}}{{/each}}", ":2: {{#each}} needs a name");
	assert_load_error("{{#if   }}{{/if}}", ":1: {{#if}} needs a name");
}

static void
test_bad_name_characters_are_refused(void **state)
{
	(void)state;
	assert_load_error("{{boc-naam}}",
	    ":1: name \"boc-naam\" may only use a-z, 0-9, _ and .");
	assert_load_error("{{#if boc naam}}{{/if}}",
	    ":1: name \"boc naam\" may only use a-z, 0-9, _ and .");
	assert_load_error("{{{x}}}",
	    ":1: name \"{x\" may only use a-z, 0-9, _ and .");
}

static void
test_unknown_helper_is_refused(void **state)
{
	(void)state;
	assert_load_error("{{#each a}}{{@count}}{{/each}}",
	    ":1: unknown helper \"@count\" (known: @index, @first, @last)");
}

static void
test_helper_outside_each_is_refused(void **state)
{
	(void)state;
	assert_load_error("{{#if @first}}x{{/if}}",
	    ":1: \"@first\" only works inside {{#each}}");
	assert_load_error("{{#each a}}{{else}}{{@index}}{{/each}}",
	    ":1: \"@index\" only works inside {{#each}}");
}

static void
test_unknown_block_is_refused(void **state)
{
	(void)state;
	assert_load_error("\n\n{{#foreach scholen}}{{/foreach}}",
	    ":3: unknown block \"{{#foreach scholen}}\" "
	    "(use {{#each}}, {{#if}} or {{#unless}})");
}

static void
test_unknown_closing_tag_is_refused(void **state)
{
	(void)state;
	assert_load_error("{{#each a}}\n{{/each a}}\n",
	    ":2: unknown closing tag \"{{/each a}}\" "
	    "(use {{/each}}, {{/if}} or {{/unless}})");
}

static void
test_close_without_open_is_refused(void **state)
{
	(void)state;
	assert_load_error("a\n{{/if}}\n", ":2: {{/if}} without an open {{#if}}");
}

static void
test_mismatched_close_names_opening_line(void **state)
{
	(void)state;
	assert_load_error("x\n{{#each scholen}}\n{{#if naam}}\n{{naam}}\n"
	    "{{/each}}\n{{/if}}\n",
	    ":5: {{/each}} does not match {{#if naam}} opened on line 3");
}

static void
test_else_outside_block_is_refused(void **state)
{
	(void)state;
	assert_load_error("a {{else}} b",
	    ":1: {{else}} outside {{#if}}, {{#unless}} or {{#each}}");
}

static void
test_second_else_is_refused(void **state)
{
	(void)state;
	assert_load_error("{{#if a}}\n1\n{{else}}\n2\n{{else}}\n3\n{{/if}}\n",
	    ":5: second {{else}} in {{#if a}} opened on line 1");
}

static void
test_else_with_condition_is_refused(void **state)
{
	(void)state;
	assert_load_error("{{#if a}}{{else if b}}{{/if}}",
	    ":1: {{else}} takes nothing after it "
	    "(for \"else if\", nest an {{#if}} inside)");
}

static void
test_unclosed_if_reports_opening_line(void **state)
{
	(void)state;
	assert_load_error("a\n{{#if reden}}\n{{reden}}\n\nGroet\n",
	    ":2: unclosed {{#if reden}}: no {{/if}} before the end of the file");
	assert_load_error("{{#each s}}{{#unless x}}{{/unless}}",
	    ":1: unclosed {{#each s}}: no {{/each}} before the end of the "
	    "file");
}

static void
test_missing_file_names_path(void **state)
{
	char	*cause = NULL;

	(void)state;
	assert_null(template_load("/nonexistent/aanmelding", &cause));
	assert_string_equal(cause,
	    "/nonexistent/aanmelding: No such file or directory");
	free(cause);
}

static void
test_file_over_256_kib_is_refused(void **state)
{
	struct template	*t;
	char		*data, *cause = NULL;
	size_t		 max = 256 * 1024;

	(void)state;
	data = xmalloc(max + 1);
	memset(data, 'a', max + 1);
	testutil_write(tmppath, data, max);
	t = template_load(tmppath, &cause);
	assert_non_null(t);
	template_free(t);
	testutil_write(tmppath, data, max + 1);
	assert_null(template_load(tmppath, &cause));
	free(data);
	data = xasprintf("%s: larger than 256 KiB", tmppath);
	assert_string_equal(cause, data);
	free(data);
	free(cause);
}

static void
test_nul_byte_is_refused(void **state)
{
	char	*cause = NULL, *want;

	(void)state;
	testutil_write(tmppath, "a\nb\0c", 5);
	assert_null(template_load(tmppath, &cause));
	want = xasprintf("%s:2: NUL byte (not a text file?)", tmppath);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
}

static void
test_output_over_1_mib_fails(void **state)
{
	struct tvars	*v = tvars_create();
	char		*big;

	(void)state;
	big = xmalloc(600 * 1024 + 1);
	memset(big, 'x', 600 * 1024);
	big[600 * 1024] = '\0';
	tvars_set(v, "big", big);
	free(big);
	assert_render_error("{{big}}{{big}}", v,
	    "t: output larger than 1024 KiB");
	tvars_free(v);
}

static void
test_list_over_1024_items_fails_to_render(void **state)
{
	struct tvars	*v = tvars_create(), *item;
	int		 i;

	(void)state;
	for (i = 0; i < 1100; i++) {
		item = tvars_add(v, "scholen");
		tvars_setf(item, "naam", "school %d", i);
	}
	assert_render_error("{{#each scholen}}{{naam}}{{/each}}", v,
	    "t: list \"scholen\" has more than 1024 items");
	tvars_free(v);
}

static void
test_runaway_nested_loops_are_stopped(void **state)
{
	struct tvars	*v = tvars_create();
	int		 i;

	(void)state;
	for (i = 0; i < 1024; i++)
		tvars_add(v, "l");
	assert_render_error("{{#each l}}{{#each l}}{{#each l}}"
	    "{{/each}}{{/each}}{{/each}}", v, "t: more than 4194304 steps "
	    "(nested {{#each}} over long lists?)");
	tvars_free(v);
}

static struct tvars *
sample_values(int nschools)
{
	static const char	*s[][3] = {
		{ "OBS De Regenboog", "Utrecht", "12AB" },
		{ "CBS Het Kompas", "Amersfoort", "34CD" },
	};
	struct tvars		*v = tvars_create(), *item;
	int			 i;

	tvars_set(v, "boc_naam", "Anna de Vries");
	tvars_set(v, "bestuur_naam", "Stichting Primair Utrecht");
	tvars_set(v, "datum", "donderdag 26 januari 2023");
	tvars_set(v, "documenten_uiterlijk", "donderdag 5 januari 2023");
	tvars_set(v, "partnerschap", "Partners in Opleiding en Ontwikkeling");
	tvars_set(v, "adres", "partnerschap@hsmarnix.nl");
	tvars_set(v, "onderwerp", "Aanmelding hercertificering januari");
	for (i = 0; i < nschools; i++) {
		item = tvars_add(v, "scholen");
		tvars_set(item, "naam", s[i][0]);
		tvars_set(item, "plaats", s[i][1]);
		tvars_set(item, "brin", s[i][2]);
	}
	return (v);
}

/* Header, one empty line, body; no syntax left, no runs of blank lines. */
static char *
render_real(const char *path, const struct tvars *v, const char *subject)
{
	struct template	*t;
	char		*cause = NULL, *out;

	t = template_load(path, &cause);
	if (t == NULL)
		fail_msg("%s", cause);
	out = template_render(t, v, &cause);
	if (out == NULL)
		fail_msg("%s", cause);
	template_free(t);
	assert_memory_equal(out, subject, strlen(subject));
	assert_non_null(strstr(out, "\n\nBeste Anna de Vries,\n"));
	assert_null(strstr(out, "{{"));
	assert_null(strstr(out, "\n\n\n"));
	assert_null(strstr(out, " \n"));
	assert_non_null(strstr(out, "partnerschap@hsmarnix.nl\n"));
	return (out);
}

static void
test_real_templates_render(void **state)
{
	struct tvars	*v;
	char		*out;

	(void)state;
	v = sample_values(2);
	out = render_real("templates/aanmelding-bevestigd", v,
	    "Subject: Bevestiging aanmelding hercertificering donderdag "
	    "26 januari 2023\n\n");
	assert_non_null(strstr(out, "\n- OBS De Regenboog, Utrecht (BRIN 12AB)\n"
	    "- CBS Het Kompas, Amersfoort (BRIN 34CD)\n\n"));
	assert_non_null(strstr(out, "uiterlijk donderdag 5 januari 2023"));
	assert_non_null(strstr(out, "schoolopleider(s)"));
	free(out);
	tvars_set(v, "reden", "Per datum kunnen twee of vier scholen worden "
	    "aangemeld; wij ontvingen er drie.");
	out = render_real("templates/aanmelding-afgewezen", v,
	    "Subject: Aanmelding hercertificering donderdag 26 januari 2023 "
	    "niet geaccepteerd\n\n");
	assert_non_null(strstr(out, "\n\nPer datum kunnen twee"));
	assert_non_null(strstr(out, "- CBS Het Kompas, Amersfoort"));
	assert_non_null(strstr(out, "https://www.marnixpartnerschap.nl/"
	    "over-ons/bewaken-en-ontwikkelen-van-kwaliteit/\n"));
	free(out);
	tvars_free(v);
}

static void
test_rejection_without_date_or_schools_reads_well(void **state)
{
	struct tvars	*v = sample_values(0);
	char		*out;

	(void)state;
	tvars_set(v, "datum", "");
	tvars_set(v, "reden", "Wij konden in je mail geen auditdatum vinden.");
	out = render_real("templates/aanmelding-afgewezen", v,
	    "Subject: Aanmelding hercertificering niet geaccepteerd\n\n");
	assert_null(strstr(out, "Het gaat om"));
	assert_non_null(strstr(out, "voor de hercertificering. Helaas\n"));
	free(out);
	tvars_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_is_inserted),
		cmocka_unit_test(test_missing_value_renders_empty),
		cmocka_unit_test(test_names_are_case_insensitive),
		cmocka_unit_test(test_set_replaces_value_and_list),
		cmocka_unit_test(test_each_with_first_and_last),
		cmocka_unit_test(test_each_index_counts_from_one),
		cmocka_unit_test(test_each_resolves_in_item_then_outward),
		cmocka_unit_test(test_nested_each_has_own_index),
		cmocka_unit_test(test_unknown_list_is_zero_items),
		cmocka_unit_test(test_if_is_true_for_nonempty_value_or_list),
		cmocka_unit_test(test_if_on_empty_list_is_false),
		cmocka_unit_test(test_unless_inverts_if),
		cmocka_unit_test(test_comment_is_dropped),
		cmocka_unit_test(test_standalone_tags_leave_no_blank_lines),
		cmocka_unit_test(test_inline_block_tags_keep_their_line),
		cmocka_unit_test(test_value_with_braces_is_not_reevaluated),
		cmocka_unit_test(test_crlf_and_bom_are_normalised),
		cmocka_unit_test(test_template_name_is_base_name),
		cmocka_unit_test(test_sixteen_nested_blocks_load),
		cmocka_unit_test(test_nesting_deeper_than_16_is_refused),
		cmocka_unit_test(test_unclosed_tag_reports_its_line),
		cmocka_unit_test(test_unclosed_comment_reports_opening_line),
		cmocka_unit_test(test_empty_name_is_refused),
		cmocka_unit_test(test_bad_name_characters_are_refused),
		cmocka_unit_test(test_unknown_helper_is_refused),
		cmocka_unit_test(test_helper_outside_each_is_refused),
		cmocka_unit_test(test_unknown_block_is_refused),
		cmocka_unit_test(test_unknown_closing_tag_is_refused),
		cmocka_unit_test(test_close_without_open_is_refused),
		cmocka_unit_test(test_mismatched_close_names_opening_line),
		cmocka_unit_test(test_else_outside_block_is_refused),
		cmocka_unit_test(test_second_else_is_refused),
		cmocka_unit_test(test_else_with_condition_is_refused),
		cmocka_unit_test(test_unclosed_if_reports_opening_line),
		cmocka_unit_test(test_missing_file_names_path),
		cmocka_unit_test(test_file_over_256_kib_is_refused),
		cmocka_unit_test(test_nul_byte_is_refused),
		cmocka_unit_test(test_output_over_1_mib_fails),
		cmocka_unit_test(test_list_over_1024_items_fails_to_render),
		cmocka_unit_test(test_runaway_nested_loops_are_stopped),
		cmocka_unit_test(test_real_templates_render),
		cmocka_unit_test(test_rejection_without_date_or_schools_reads_well),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
