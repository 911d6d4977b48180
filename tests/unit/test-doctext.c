/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the DOCX/ODT text extractor: the hand-written pre-advies
 * fixtures in tests/data/documents/, refused DOCTYPEs and entities, the
 * output and nesting limits just below and above, malformed XML.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "doctext.h"
#include "testutil.h"
#include "xmalloc.h"

#define DATA	"tests/data/documents/"
#define W_OPEN	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/" \
		"wordprocessingml/2006/main\"><w:body>"
#define W_CLOSE	"</w:body></w:document>"
#define T_OPEN	"<office:document-content xmlns:office=\"urn:oasis:names:tc:" \
		"opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:" \
		"tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
#define T_CLOSE	"</office:text></office:body></office:document-content>"

/* Extract from a string, which must succeed and give want. */
static void
docx_ok(const char *xml, size_t max, const char *want)
{
	char	*cause = NULL, *text;

	text = doctext_from_docx_xml(xml, strlen(xml), max, &cause);
	if (text == NULL)
		fail_msg("docx: %s", cause);
	assert_string_equal(text, want);
	free(text);
}

static void
odt_ok(const char *xml, size_t max, const char *want)
{
	char	*cause = NULL, *text;

	text = doctext_from_odt_xml(xml, strlen(xml), max, &cause);
	if (text == NULL)
		fail_msg("odt: %s", cause);
	assert_string_equal(text, want);
	free(text);
}

/* Extract, which must fail with a cause containing want. */
static void
fails(int odt, const char *xml, size_t len, const char *want)
{
	char	*cause = NULL, *text;

	if (odt)
		text = doctext_from_odt_xml(xml, len, 0, &cause);
	else
		text = doctext_from_docx_xml(xml, len, 0, &cause);
	assert_null(text);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", cause, want);
	free(cause);
}

static void
test_docx_preadvies_one_line_per_paragraph(void **state)
{
	char	*xml, *text, *cause = NULL;
	size_t	 len;

	(void)state;
	xml = testutil_read(DATA "preadvies-document.xml", &len);
	text = doctext_from_docx_xml(xml, len, 0, &cause);
	assert_non_null(text);
	/* Tab stops, deleted text and the VML fallback copy are not text. */
	assert_string_equal(text,
	    "Pre-advies hercertificering\n"
	    "Naam school:\tOBS De Regenboog\n"
	    "Plaats:\tAmersfoort \n"
	    "Schoolopleider:\tSanne de Vries "
	    "(s.devries@regenboog.example.nl)\n"
	    "Directeur:\tJoost Bakker\nj.bakker@regenboog.example.nl\n"
	    "\n"
	    "Kader & tekst\n\n"
	    "Criterium\n"
	    "Samen opleiden-en\n");
	free(text);
	free(xml);
}

static void
test_odt_preadvies_white_space_collapsed(void **state)
{
	char	*xml, *text, *cause = NULL;
	size_t	 len;

	(void)state;
	xml = testutil_read(DATA "preadvies-content.xml", &len);
	text = doctext_from_odt_xml(xml, len, 0, &cause);
	assert_non_null(text);
	/* No tracked deletion, comment or image title; text:s kept. */
	assert_string_equal(text,
	    "Pre-advies hercertificering\n"
	    "Naam school:\tOBS De Regenboog\n"
	    "Plaats:\tAmersfoort\n"
	    "Schoolopleider:\tSanne de Vries "
	    "(s.devries@regenboog.example.nl)\n"
	    "Directeur:\tJoost Bakker\nj.bakker@regenboog.example.nl\n"
	    "\n"
	    "Code:   PO\xe2\x80\x91" "24 & r\xc3\xa9sum\xc3\xa9\n");
	free(text);
	free(xml);
}

static void
test_doctype_and_entities_refused(void **state)
{
	static const char laughs[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    "]>\n"
	    "<lolz>&lol3;</lolz>\n";
	static const char external[] =
	    "<!DOCTYPE d SYSTEM \"file:///etc/passwd\"><d/>";

	(void)state;
	fails(0, laughs, sizeof laughs - 1, "DOCTYPE");
	fails(1, laughs, sizeof laughs - 1, "DOCTYPE");
	fails(0, external, sizeof external - 1, "DOCTYPE");
	/* Without a DOCTYPE an entity reference is simply undefined. */
	fails(0, W_OPEN "&lol;" W_CLOSE, strlen(W_OPEN "&lol;" W_CLOSE),
	    "undefined entity");
}

static void
test_output_cut_at_max_without_splitting_utf8(void **state)
{
	const char	*xml = W_OPEN "<w:p><w:r><w:t>\xc3\xa9\xc3\xa9\xc3\xa9"
			    "</w:t></w:r></w:p>" W_CLOSE;

	(void)state;
	docx_ok(xml, 7, "\xc3\xa9\xc3\xa9\xc3\xa9\n");	/* just fits */
	docx_ok(xml, 6, "\xc3\xa9\xc3\xa9\xc3\xa9");	/* newline cut */
	docx_ok(xml, 5, "\xc3\xa9\xc3\xa9");		/* no half é */
	odt_ok(T_OPEN "<text:p>abc def</text:p>" T_CLOSE, 3, "abc");
}

/* depth elements nested inside a w:body: total depth + 2. */
static char *
nested(size_t depth)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, 0);
	buf_adds(&b, W_OPEN);
	for (i = 0; i < depth; i++)
		buf_adds(&b, "<w:p>");
	buf_adds(&b, "<w:r><w:t>x</w:t></w:r>");
	for (i = 0; i < depth; i++)
		buf_adds(&b, "</w:p>");
	buf_adds(&b, W_CLOSE);
	return (buf_release(&b));
}

static void
test_nesting_limit_just_below_and_above(void **state)
{
	char	*xml, *text, *cause = NULL;

	(void)state;
	/* document, body, the w:p's, w:r and w:t. */
	xml = nested(DOCTEXT_MAX_DEPTH - 4);
	text = doctext_from_docx_xml(xml, strlen(xml), 0, &cause);
	assert_non_null(text);
	assert_int_equal(text[0], 'x');
	free(text);
	free(xml);
	xml = nested(DOCTEXT_MAX_DEPTH - 3);
	fails(0, xml, strlen(xml), "nested deeper than 256");
	free(xml);
}

static void
test_malformed_xml_fails_with_line_number(void **state)
{
	const char	*xml = W_OPEN "\n<w:p><w:r><w:t>x</w:r></w:p>" W_CLOSE;

	(void)state;
	fails(0, xml, strlen(xml), "line 2: mismatched tag");
	fails(1, "", 0, "line 1: no element found");
	fails(1, "<a>\0</a>", 8, "line 1");
}

static void
test_docx_strict_namespace_and_other_prefix(void **state)
{
	(void)state;
	docx_ok("<x:document xmlns:x=\"http://purl.oclc.org/ooxml/"
	    "wordprocessingml/main\"><x:body><x:p><x:r><x:t>strikt</x:t>"
	    "</x:r></x:p></x:body></x:document>", 0, "strikt\n");
	/* The same names in another namespace are not Word text. */
	docx_ok("<w:document xmlns:w=\"urn:other\"><w:p><w:r><w:t>nee"
	    "</w:t></w:r></w:p></w:document>", 0, "");
}

static void
test_odt_space_count_capped(void **state)
{
	char	*text, *cause = NULL;
	const char *xml = T_OPEN "<text:p>a<text:s text:c=\"999999999\"/>b"
		    "<text:s text:c=\"-4\"/>c</text:p>" T_CLOSE;
	size_t	 i;

	(void)state;
	text = doctext_from_odt_xml(xml, strlen(xml), 0, &cause);
	assert_non_null(text);
	assert_int_equal(strlen(text), 1 + 1024 + 1 + 1 + 1 + 1);
	assert_int_equal(text[0], 'a');
	for (i = 1; i <= 1024; i++)
		assert_int_equal(text[i], ' ');
	assert_string_equal(text + 1025, "b c\n");
	free(text);
}

static void
test_large_document_parsed_in_chunks(void **state)
{
	struct buf	 b;
	char		*xml, *text, *cause = NULL;
	size_t		 i, len;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, T_OPEN);
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "<text:p>regel %zu</text:p>\n", i);
	buf_adds(&b, T_CLOSE);
	len = b.len;
	xml = buf_release(&b);
	assert_true(len > 2 * 1024 * 1024);
	text = doctext_from_odt_xml(xml, len, 0, &cause);
	assert_non_null(text);
	assert_non_null(strstr(text, "\nregel 99999\n"));
	free(text);
	/* Cut early: parsing stops, the text is a prefix. */
	text = doctext_from_odt_xml(xml, len, 100, &cause);
	assert_non_null(text);
	assert_int_equal(strlen(text), 100);
	assert_memory_equal(text, "regel 0\nregel 1\n", 16);
	free(text);
	free(xml);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docx_preadvies_one_line_per_paragraph),
		cmocka_unit_test(test_odt_preadvies_white_space_collapsed),
		cmocka_unit_test(test_doctype_and_entities_refused),
		cmocka_unit_test(test_output_cut_at_max_without_splitting_utf8),
		cmocka_unit_test(test_nesting_limit_just_below_and_above),
		cmocka_unit_test(test_malformed_xml_fails_with_line_number),
		cmocka_unit_test(test_docx_strict_namespace_and_other_prefix),
		cmocka_unit_test(test_odt_space_count_capped),
		cmocka_unit_test(test_large_document_parsed_in_chunks),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
