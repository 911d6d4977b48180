/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for reading the auditor's checklist: DOCX text with a line
 * per table cell, pdftotext -layout rows with wrapped descriptions, typed
 * mail bodies, negations, legends, prose numbers, broken and huge input.
 * The descriptions are those of the procedure's "Criteria voor
 * hercertificering".
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checklist-read.h"
#include "xmalloc.h"

#define C1	"Aanbevelingen uit de basisaudit zijn aantoonbaar " \
		"gerealiseerd."
#define C2	"Criteria vanuit de kritische reflectie en het rapport van " \
		"de NQA (2014)."
#define C2A	"De scholen werken, onderzoeken en leren onder andere met " \
		"hulp van leerwerkgemeenschappen en/of praktijkgericht " \
		"onderzoek. Studenten participeren in deze vormen van " \
		"onderzoek. Kenmerk is dat er systematisch tot " \
		"kennisontwikkeling wordt gekomen en er ruimte is voor " \
		"experiment."
#define C2B	"De scholen dragen binnen het partnerschap bij aan leren in " \
		"de 21e eeuw. Denk aan de pedagogische en maatschappelijke " \
		"opdracht, persoonlijk leiderschap, burgerschapsvorming, " \
		"kritisch denken, wetenschap en technologie e.d."
#define C2C	"De scholen werken inhoudelijk samen met de " \
		"instituutsopleider."
#define C2D	"Er is sprake van structurele voortgaande " \
		"professionalisering ten aanzien van het samen opleiden en " \
		"samen kennis ontwikkelen. De schoolopleiders en mentoren " \
		"zijn up to date geschoold."
#define C3	"Hoe biedt de school een rijke leeromgeving aan studenten " \
		"op het gebied van de vier thema\xe2\x80\x99s: Samenwerken " \
		"met ouders, Sociale Veiligheid, Uitgaan van verschillen en " \
		"Opbrengstgericht werken."
#define C4	"De school beschrijft waarom zij een goede leerplaats is " \
		"voor studenten en wat kenmerkend en specifiek is voor deze " \
		"partnerschool. Scholen geven aan waarin ze zichzelf of " \
		"samen met de opleiding verder willen ontwikkelen. Dit wordt " \
		"gedeeld door het team en studenten."

/* The head of the form as the DOCX text gives it: a line per cell. */
#define DOCX_HEAD \
	"Format checklist audit hercertificering\n" \
	"School\nOBS De Regenboog\nAuditor\nJ. de Vries\n" \
	"Criterium\nOmschrijving\nTerug te vinden in de documenten " \
	"(ja/nee)\nOpmerking\n"

/*
 * Read text from a copy without a terminating NUL, so that reading past
 * len shows under valgrind.
 */
static int
read_text(const char *text, struct checklist *cl)
{
	size_t	 len = strlen(text);
	char	*copy = xmalloc(len > 0 ? len : 1);
	int	 rc;

	memcpy(copy, text, len);
	rc = checklist_read(copy, len, cl);
	free(copy);
	return (rc);
}

/* Criterion i (0 is "1", 6 is "4") was read as found, with remark. */
static void
assert_item(const struct checklist *cl, int i, int found, const char *remark)
{
	const struct checklist_item	*it = &cl->items[i];

	if (it->found != found)
		fail_msg("criterion %s: found %d, want %d", it->label,
		    it->found, found);
	if (remark == NULL && it->remark != NULL)
		fail_msg("criterion %s: remark \"%s\", want none", it->label,
		    it->remark);
	if (remark != NULL && (it->remark == NULL ||
	    strcmp(it->remark, remark) != 0))
		fail_msg("criterion %s: remark \"%s\", want \"%s\"", it->label,
		    it->remark != NULL ? it->remark : "(none)", remark);
}

/* Whether s is valid UTF-8 (no overlong or surrogate checks needed). */
static int
valid_utf8(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 n;

	while (*p != '\0') {
		n = *p < 0x80 ? 0 : *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 :
		    *p >= 0xc2 ? 1 : -1;
		if (n < 0)
			return (0);
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return (0);
	}
	return (1);
}

static void
test_docx_table_cell_per_line_all_found(void **state)
{
	struct checklist	 cl;
	const char		*text = DOCX_HEAD
	    "1\n" C1 "\nja\n\n"
	    "2\n" C2 "\n\n\n"
	    "2a\n" C2A "\nja\nMooi voorbeeld van een leerwerkgemeenschap.\n"
	    "2b\n" C2B "\nJa\n\n"
	    "2c\n" C2C "\nja\n\n"
	    "2d\n" C2D "\nja\n\n"
	    "3\n" C3 "\nja\n\n"
	    "4\n" C4 "\nja\n\n"
	    "Handtekening auditor\n";
	int			 i;

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.read, 7);
	assert_int_equal(cl.missing, 0);
	for (i = 0; i < CHECKLIST_CRITERIA; i++)
		assert_int_equal(cl.items[i].found, 1);
	assert_string_equal(cl.items[0].label, "1");
	assert_string_equal(cl.items[4].label, "2d");
	assert_string_equal(cl.items[6].label, "4");
	assert_item(&cl, 0, 1, NULL);
	assert_item(&cl, 1, 1, "Mooi voorbeeld van een leerwerkgemeenschap.");
	assert_item(&cl, 6, 1, NULL);
	checklist_clear(&cl);
}

static void
test_docx_three_not_found_with_remarks(void **state)
{
	struct checklist	 cl;
	const char		*text = DOCX_HEAD
	    "1\n" C1 "\nja\nAlle drie ontwikkelpunten staan erin.\n"
	    "2\n" C2 "\n\n\n"
	    "2a\n" C2A "\nnee\nGeen leerwerkgemeenschap of onderzoek "
	    "genoemd.\n"
	    "2b\n" C2B "\nja\n\n"
	    "2c\n" C2C "\nja\n\n"
	    "2d\n" C2D "\nNiet gevonden\nNascholing alleen voor de "
	    "directie.\n"
	    "3\n" C3 "\nNee\n"
	    "Sociale Veiligheid en ouders ontbreken.\n"
	    "4\n" C4 "\nja\n\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.read, 7);
	assert_int_equal(cl.missing, 3);
	assert_item(&cl, 0, 1, "Alle drie ontwikkelpunten staan erin.");
	assert_item(&cl, 1, 0,
	    "Geen leerwerkgemeenschap of onderzoek genoemd.");
	assert_item(&cl, 2, 1, NULL);
	assert_item(&cl, 3, 1, NULL);
	assert_item(&cl, 4, 0, "Nascholing alleen voor de directie.");
	assert_item(&cl, 5, 0, "Sociale Veiligheid en ouders ontbreken.");
	assert_item(&cl, 6, 1, NULL);
	checklist_clear(&cl);
}

static void
test_pdf_layout_rows_with_wrapped_text(void **state)
{
	struct checklist	 cl;
	/* pdftotext -layout of the form filled in as a PDF. */
	const char		*text =
	    "Format checklist audit hercertificering\n"
	    "\n"
	    "School: OBS De Regenboog                                     "
		"         Auditor: J. de Vries\n"
	    "\n"
	    "Criterium   Omschrijving                                     "
		"                   Gevonden     Opmerking\n"
	    "                                                             "
		"                   (ja/nee)\n"
	    "\n"
	    "1           Aanbevelingen uit de basisaudit zijn aantoonbaar "
		"                   ja           Alle drie\n"
	    "            gerealiseerd.                                    "
		"                                ontwikkelpunten uit de\n"
	    "                                                             "
		"                                basisaudit staan erin.\n"
	    "\n"
	    "2           Criteria vanuit de kritische reflectie en het "
		"rapport\n"
	    "            van de NQA (2014).\n"
	    "\n"
	    "2a          De scholen werken, onderzoeken en leren onder "
		"andere                nee          Geen\n"
	    "            met hulp van leerwerkgemeenschappen en/of        "
		"                                leerwerkgemeenschap of\n"
	    "            praktijkgericht onderzoek. Studenten "
		"participeren in                             "
		"onderzoek genoemd.\n"
	    "            deze vormen van onderzoek. Kenmerk is dat er\n"
	    "            systematisch tot kennisontwikkeling wordt "
		"gekomen en er\n"
	    "            ruimte is voor experiment.\n"
	    "\n"
	    "2b          De scholen dragen binnen het partnerschap bij "
		"aan leren             ja\n"
	    "            in de 21e eeuw. Denk aan de pedagogische en\n"
	    "            maatschappelijke opdracht, persoonlijk "
		"leiderschap,\n"
	    "            burgerschapsvorming, kritisch denken, wetenschap "
		"en\n"
	    "            technologie e.d.\n"
	    "\n"
	    "2c          De scholen werken inhoudelijk samen met de       "
		"                   ja           Zie blz. 3.\n"
	    "            instituutsopleider.\n"
	    "\n"
	    "2d          Er is sprake van structurele voortgaande         "
		"                   ja\n"
	    "            professionalisering ten aanzien van het samen "
		"opleiden\n"
	    "            en samen kennis ontwikkelen. De schoolopleiders en\n"
	    "            mentoren zijn up to date geschoold.\n"
	    "\n"
	    "3           Hoe biedt de school een rijke leeromgeving aan   "
		"                   nee          Sociale Veiligheid en\n"
	    "            studenten op het gebied van de vier thema's:     "
		"                                ouders ontbreken.\n"
	    "            Samenwerken met ouders, Sociale Veiligheid, "
		"Uitgaan van\n"
	    "            verschillen en Opbrengstgericht werken.\n"
	    "\n"
	    "4           De school beschrijft waarom zij een goede "
		"leerplaats is             ja\n"
	    "            voor studenten en wat kenmerkend en specifiek is "
		"voor\n"
	    "            deze partnerschool. Scholen geven aan waarin ze\n"
	    "            zichzelf of samen met de opleiding verder willen\n"
	    "            ontwikkelen. Dit wordt gedeeld door het team en\n"
	    "            studenten.\n"
	    "\n"
	    "\n"
	    "Datum: 14 maart 2024\n"
	    "\f"
	    ;

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.read, 7);
	assert_int_equal(cl.missing, 2);
	assert_item(&cl, 0, 1,
	    "Alle drie ontwikkelpunten uit de basisaudit staan erin.");
	assert_item(&cl, 1, 0,
	    "Geen leerwerkgemeenschap of onderzoek genoemd.");
	assert_item(&cl, 2, 1, NULL);
	assert_item(&cl, 3, 1, "Zie blz. 3.");
	assert_item(&cl, 4, 1, NULL);
	assert_item(&cl, 5, 0, "Sociale Veiligheid en ouders ontbreken.");
	assert_item(&cl, 6, 1, NULL);
	checklist_clear(&cl);
}

static void
test_typed_mail_body_variants(void **state)
{
	struct checklist	 cl;
	const char		*text =
	    "Beste Marieke,\n\n"
	    "Hierbij mijn bevindingen voor OBS De Regenboog:\n\n"
	    "1: ja\n"
	    "2a - nee, geen leerwerkgemeenschap genoemd en ook geen\n"
	    "praktijkgericht onderzoek.\n"
	    "Criterium 2b: gevonden\n"
	    "2c. Ja (zie blz. 4)\n"
	    "2d) voldoende\n"
	    "3 \xe2\x9c\x93\n"
	    "4 \xe2\x9c\x97 ontbreekt\n\n"
	    "Met vriendelijke groet,\nJan de Vries\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.missing, 2);
	assert_item(&cl, 0, 1, NULL);
	assert_item(&cl, 1, 0, "geen leerwerkgemeenschap genoemd en ook geen "
	    "praktijkgericht onderzoek.");
	assert_item(&cl, 2, 1, NULL);
	assert_item(&cl, 3, 1, "(zie blz. 4)");
	assert_item(&cl, 4, 1, NULL);
	assert_item(&cl, 5, 1, NULL);
	assert_item(&cl, 6, 0, "ontbreekt");
	checklist_clear(&cl);
}

static void
test_markdown_table_and_dash_answers(void **state)
{
	struct checklist	 cl;
	const char		*text =
	    "| Criterium | Omschrijving | Gevonden | Opmerking |\n"
	    "|---|---|---|---|\n"
	    "| 1 | " C1 " | ja | |\n"
	    "| 2a | " C2A " | nee | geen LWG |\n"
	    "| 2b | " C2B " | - | |\n"
	    "| 2c | " C2C " | + | |\n"
	    "| 2d | " C2D " | ja | |\n"
	    "3 \xe2\x80\x93 nee, thema\xe2\x80\x99s ontbreken\n"
	    "4: -\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.missing, 4);
	assert_item(&cl, 1, 0, "geen LWG");
	assert_item(&cl, 2, 0, NULL);
	assert_item(&cl, 3, 1, NULL);
	assert_item(&cl, 5, 0, "thema\xe2\x80\x99s ontbreken");
	assert_item(&cl, 6, 0, NULL);
	checklist_clear(&cl);
}

static void
test_label_spellings(void **state)
{
	struct checklist	 cl;
	const char		*text =
	    "- 1 = yes\n"
	    "2 a: J\n"
	    "2B. aanwezig\n"
	    "Crit. 2c) voldaan\n"
	    "* criterium 2d | + |\n"
	    "3) \xe2\x9c\x94\n"
	    "4:\tYES\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.missing, 0);
	checklist_clear(&cl);
}

static void
test_negations_are_never_found(void **state)
{
	struct checklist	 cl;
	const char		*text =
	    "1: niet gevonden\n"
	    "2a: Niet aanwezig, alleen een plan\n"
	    "2b: onvoldoende\n"
	    "2c: NIET VOLDAAN\n"
	    "2d: niet  terug te vinden\n"
	    "3: n\n"
	    "4: ontbreekt\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.read, 7);
	assert_int_equal(cl.missing, 7);
	assert_item(&cl, 1, 0, "alleen een plan");
	checklist_clear(&cl);
}

static void
test_case_and_accents_do_not_matter(void **state)
{
	struct checklist	 cl;
	const char		*text =
	    "1: J\xc3\x80\n"
	    "2a: N\xc3\xa9\xc3\xa9\n"
	    "2b: GEVONDEN\n"
	    "2c: Aanw\xc3\xa9zig\n"
	    "2d: Voldoende\n"
	    "3: Nee.\n"
	    "4: Ja!\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.missing, 2);
	assert_item(&cl, 1, 0, NULL);
	assert_item(&cl, 5, 0, NULL);
	assert_item(&cl, 6, 1, NULL);
	checklist_clear(&cl);
}

static void
test_legend_then_table_answer_wins(void **state)
{
	struct checklist	 cl;
	const char		*text =
	    "Toelichting: per criterium ja (gevonden) of nee (niet "
	    "gevonden).\n"
	    "1. " C1 "\n"
	    "2a. " C2A "\n"
	    "2b. " C2B "\n"
	    "2c. " C2C "\n"
	    "2d. " C2D "\n"
	    "3. " C3 "\n"
	    "4. " C4 "\n\n"
	    "Criterium\nGevonden?\nOpmerking\n"
	    "1\nja\n\n2a\nja\n\n2b\nnee\nNiets over de 21e eeuw.\n"
	    "2c\nja\n\n2d\nja\n\n3\nja\n\n4\nnee\n\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), 0);
	assert_int_equal(cl.missing, 2);
	assert_item(&cl, 2, 0, "Niets over de 21e eeuw.");
	assert_item(&cl, 6, 0, NULL);
	checklist_clear(&cl);
}

static void
test_only_five_criteria_returns_minus_one(void **state)
{
	struct checklist	 cl;
	const char		*text = DOCX_HEAD
	    "1\n" C1 "\nja\n\n"
	    "2a\n" C2A "\nja\n\n"
	    "2b\n" C2B "\n\n\n"
	    "2c\n" C2C "\nnee\n\n"
	    "2d\n" C2D "\nja\n\n"
	    "3\n" C3 "\nja\n\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), -1);
	assert_int_equal(cl.read, 5);
	assert_int_equal(cl.missing, 1);
	assert_item(&cl, 2, -1, NULL);
	assert_item(&cl, 6, -1, NULL);
	checklist_clear(&cl);
}

static void
test_numbers_in_prose_are_not_labels(void **state)
{
	struct checklist	 cl;
	const char		*text =
	    "Het document beslaat vier tot maximaal acht A4, dus\n"
	    "4 tot 8 A4 is gehaald; ja, netjes.\n"
	    "21e eeuw: ja\n"
	    "2: ja\n"
	    "2 scholen: ja\n"
	    "1.5 uur gelezen: ja\n"
	    "4-3-2024: nee\n"
	    "3e versie: nee\n"
	    "Hoofdstuk 3 gaat over 2a: ja\n"
	    "1: ja\n"
	    "2a: ja\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), -1);
	assert_int_equal(cl.read, 2);
	assert_item(&cl, 0, 1, NULL);
	assert_item(&cl, 1, 1, NULL);
	assert_item(&cl, 5, -1, NULL);
	assert_item(&cl, 6, -1, NULL);
	checklist_clear(&cl);
}

static void
test_description_words_are_not_answers(void **state)
{
	struct checklist	 cl;
	const char		*text =
	    "2a " C2A "\n"
	    "3 " C3 "\n"
	    "2b: n.v.t.\n"
	    "2c: ja/nee\n"
	    "2d: nee-stem\n"
	    "4: x\n";

	(void)state;
	assert_int_equal(read_text(text, &cl), -1);
	assert_int_equal(cl.read, 0);
	checklist_clear(&cl);
}

static void
test_long_remark_capped_on_char_boundary(void **state)
{
	struct checklist	 cl;
	char			 text[1024];
	size_t			 n;
	int			 i;

	(void)state;
	n = (size_t)snprintf(text, sizeof text, "2a: nee, x");
	for (i = 0; i < 200; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "\xc3\xa9");
	assert_int_equal(read_text(text, &cl), -1);
	assert_int_equal(cl.items[1].found, 0);
	assert_non_null(cl.items[1].remark);
	assert_int_equal(strlen(cl.items[1].remark), 299);
	assert_true(valid_utf8(cl.items[1].remark));
	checklist_clear(&cl);
}

static void
test_invalid_utf8_and_empty_input_are_safe(void **state)
{
	struct checklist	 cl;
	char			*buf;
	uint32_t		 x = 2463534242u;
	size_t			 i, len = 256 * 1024;

	(void)state;
	assert_int_equal(checklist_read("", 0, &cl), -1);
	assert_int_equal(cl.read, 0);
	checklist_clear(&cl);
	assert_int_equal(checklist_read(NULL, 0, &cl), -1);
	checklist_clear(&cl);

	assert_int_equal(read_text("2a: nee \xff\xfe kapot \xe2\x9c\n"
	    "3: ja \xc3", &cl), -1);
	assert_int_equal(cl.items[1].found, 0);
	assert_true(valid_utf8(cl.items[1].remark));
	assert_int_equal(cl.items[5].found, 1);
	checklist_clear(&cl);

	/* Random bytes, rich in the characters the reader looks at. */
	buf = xmalloc(len);
	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = "\n \t:|-.2a1j\xe2\x9c\x93\xc3\xa9"[x % 17];
		if (x % 7 == 0)
			buf[i] = (char)(x >> 8);
	}
	checklist_read(buf, len, &cl);
	for (i = 0; i < CHECKLIST_CRITERIA; i++)
		if (cl.items[i].remark != NULL) {
			assert_true(strlen(cl.items[i].remark) <= 300);
			assert_true(valid_utf8(cl.items[i].remark));
		}
	checklist_clear(&cl);
	free(buf);
}

static void
test_input_beyond_one_megabyte_is_ignored(void **state)
{
	struct checklist	 cl;
	const char		 tail[] = "1: ja\n2a: ja\n";
	size_t			 len = 1024 * 1024;
	char			*buf;

	(void)state;
	buf = xmalloc(len + sizeof tail);
	memset(buf, ' ', len);
	memcpy(buf + len - 6, tail, sizeof tail);
	assert_int_equal(checklist_read(buf, len + sizeof tail - 1, &cl), -1);
	assert_int_equal(cl.read, 1);
	assert_item(&cl, 0, 1, NULL);
	checklist_clear(&cl);
	free(buf);
}

static void
test_clear_frees_remarks_and_resets(void **state)
{
	struct checklist	 cl;

	(void)state;
	assert_int_equal(read_text("1: nee, te kort\n", &cl), -1);
	assert_int_equal(cl.read, 1);
	checklist_clear(&cl);
	assert_int_equal(cl.read, 0);
	assert_int_equal(cl.missing, 0);
	assert_int_equal(cl.items[0].found, -1);
	assert_null(cl.items[0].remark);
	assert_string_equal(cl.items[0].label, "1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docx_table_cell_per_line_all_found),
		cmocka_unit_test(test_docx_three_not_found_with_remarks),
		cmocka_unit_test(test_pdf_layout_rows_with_wrapped_text),
		cmocka_unit_test(test_typed_mail_body_variants),
		cmocka_unit_test(test_markdown_table_and_dash_answers),
		cmocka_unit_test(test_label_spellings),
		cmocka_unit_test(test_negations_are_never_found),
		cmocka_unit_test(test_case_and_accents_do_not_matter),
		cmocka_unit_test(test_legend_then_table_answer_wins),
		cmocka_unit_test(test_only_five_criteria_returns_minus_one),
		cmocka_unit_test(test_numbers_in_prose_are_not_labels),
		cmocka_unit_test(test_description_words_are_not_answers),
		cmocka_unit_test(test_long_remark_capped_on_char_boundary),
		cmocka_unit_test(test_invalid_utf8_and_empty_input_are_safe),
		cmocka_unit_test(test_input_beyond_one_megabyte_is_ignored),
		cmocka_unit_test(test_clear_frees_remarks_and_resets),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
