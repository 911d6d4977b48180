/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the certificate PDF: its structure (header, cross-reference
 * offsets, stream length) checked by hand, its text and layout read back
 * with poppler-utils' pdftotext and pdfinfo (skipped when not installed).
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
#include "certdoc.h"
#include "testutil.h"
#include "xmalloc.h"

/* The inner frame, in pdftotext -bbox coordinates (y from the top). */
#define FRAME_MIN	34.0
#define FRAME_MAX_X	561.28
#define FRAME_MAX_Y	807.89
#define PAGE_CENTRE	297.64

struct fixture {
	char	*dir;
	char	*path;		/* where a PDF is written for the tools */
};

static const struct certdoc example = {
	.partnership = "Partners in Opleiding en Ontwikkeling",
	.school = "OBS De Regenboog",
	.place = "Almere",
	.brin = "12AB",
	.board = "Stichting Prisma",
	.audit_date = "donderdag 26 januari 2023",
	.valid_until = "vrijdag 26 januari 2029",
	.issued = "maandag 6 februari 2023",
};

static int
setup(void **state)
{
	struct fixture	*fx;

	fx = xcalloc(1, sizeof *fx);
	fx->dir = testutil_tmpdir("test-certdoc");
	if (fx->dir == NULL) {
		free(fx);
		return (-1);
	}
	fx->path = xasprintf("%s/certificaat.pdf", fx->dir);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	testutil_rmtree(fx->dir);
	free(fx->dir);
	free(fx->path);
	free(fx);
	return (0);
}

/* The certificate for d; the test fails if there is none. */
static char *
make(const struct certdoc *d, size_t *len)
{
	char	*pdf, *cause = NULL;

	pdf = certdoc_pdf(d, len, &cause);
	if (pdf == NULL)
		fail_msg("certdoc_pdf: %s", cause);
	assert_null(cause);
	assert_int_equal(strlen(pdf), *len);
	return (pdf);
}

/* Skip the test, before it allocates, when poppler-utils is missing. */
static void
need_poppler(void)
{
	if (system("command -v pdftotext >/dev/null 2>&1 && "
	    "command -v pdfinfo >/dev/null 2>&1") != 0) {
		print_message("pdftotext or pdfinfo not installed: test "
		    "skipped\n");
		skip();
	}
}

/* Write the PDF, run "tool [options] file [-]" and return what it prints. */
static char *
run(struct fixture *fx, const char *pdf, size_t len, const char *tool,
    const char *options, const char *tail)
{
	struct buf	 b;
	FILE		*f;
	char		*cmd, chunk[4096];
	size_t		 n;

	testutil_write(fx->path, pdf, len);
	cmd = xasprintf("%s %s '%s' %s 2>&1", tool, options, fx->path, tail);
	f = popen(cmd, "r");
	assert_non_null(f);
	buf_init(&b, 0);
	for (;;) {
		n = fread(chunk, 1, sizeof chunk, f);
		if (n == 0)
			break;
		buf_add(&b, chunk, n);
	}
	if (pclose(f) != 0)
		fail_msg("%s failed: %s", cmd, b.data);
	free(cmd);
	return (buf_release(&b));
}

/* The text pdftotext finds, each run of white space made one space. */
static char *
text_of(struct fixture *fx, const char *pdf, size_t len)
{
	char	*t, *in, *out;

	t = run(fx, pdf, len, "pdftotext", "-enc UTF-8", "-");
	for (in = out = t; *in != '\0'; in++) {
		if (strchr(" \t\r\n\f", *in) == NULL)
			*out++ = *in;
		else if (out > t && out[-1] != ' ')
			*out++ = ' ';
	}
	*out = '\0';
	return (t);
}

static void
assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" not found in \"%s\"", needle, hay);
}

static void
assert_one_page(struct fixture *fx, const char *pdf, size_t len)
{
	char	*info;

	info = run(fx, pdf, len, "pdfinfo", "", "");
	assert_contains(info, "Pages:           1\n");
	assert_contains(info, "PDF version:     1.4\n");
	assert_null(strstr(info, "Error"));
	free(info);
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	for (hay = strstr(hay, needle); hay != NULL;
	    hay = strstr(hay + 1, needle))
		n++;
	return (n);
}

/*
 * Check that every word pdftotext -bbox finds lies inside the frame;
 * returns how many lines (distinct tops) hold the word called want.
 */
static int
words_inside_frame(struct fixture *fx, const char *pdf, size_t len,
    const char *want, int *nwant)
{
	double	 x0, y0, x1, y1, tops[64];
	char	*html, *p, *end;
	int	 ntops = 0, i, used;

	html = run(fx, pdf, len, "pdftotext", "-bbox", "-");
	*nwant = 0;
	for (p = strstr(html, "<word "); p != NULL; p = strstr(p, "<word ")) {
		if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" "
		    "yMax=\"%lf\">%n", &x0, &y0, &x1, &y1, &used) != 4)
			fail_msg("cannot read %.80s", p);
		p += used;
		end = strstr(p, "</word>");
		assert_non_null(end);
		if (x0 < FRAME_MIN || y0 < FRAME_MIN || x1 > FRAME_MAX_X ||
		    y1 > FRAME_MAX_Y)
			fail_msg("word %.*s at %.1f,%.1f-%.1f,%.1f is outside "
			    "the frame", (int)(end - p), p, x0, y0, x1, y1);
		if (want != NULL && (size_t)(end - p) == strlen(want) &&
		    strncmp(p, want, end - p) == 0) {
			(*nwant)++;
			for (i = 0; i < ntops && tops[i] != y0; i++)
				;
			if (i == ntops && ntops < 64)
				tops[ntops++] = y0;
		}
	}
	free(html);
	return (ntops);
}

static void
test_pdf_starts_with_header_and_ends_with_eof(void **state)
{
	char	*pdf;
	size_t	 len;

	(void)state;
	pdf = make(&example, &len);
	assert_memory_equal(pdf, "%PDF-1.4\n", 9);
	assert_true(len > 6);
	assert_memory_equal(pdf + len - 6, "%%EOF\n", 6);
	free(pdf);
}

/* Read the xref table at startxref: each entry must point at its object. */
static void
test_xref_offsets_point_at_their_objects(void **state)
{
	char	*pdf, *p, *last = NULL, want[32];
	size_t	 len, xref, off;
	int	 i, n, used;

	(void)state;
	pdf = make(&example, &len);
	for (p = strstr(pdf, "startxref\n"); p != NULL;
	    p = strstr(p + 1, "startxref\n"))
		last = p;
	assert_non_null(last);
	assert_int_equal(sscanf(last, "startxref\n%zu\n", &xref), 1);
	assert_true(xref < len);
	assert_int_equal(sscanf(pdf + xref, "xref\n0 %d\n%n", &n, &used), 1);
	p = pdf + xref + used;
	assert_memory_equal(p, "0000000000 65535 f \n", 20);
	for (i = 1; i < n; i++) {
		p += 20;
		assert_memory_equal(p + 10, " 00000 n \n", 10);
		off = strtoul(p, NULL, 10);
		assert_true(off < xref);
		snprintf(want, sizeof want, "\n%d 0 obj\n", i);
		assert_memory_equal(pdf + off - 1, want, strlen(want));
	}
	assert_int_equal(count(pdf, " 0 obj\n"), n - 1);
	snprintf(want, sizeof want, "trailer\n<< /Size %d ", n);
	assert_memory_equal(p + 20, want, strlen(want));
	free(pdf);
}

static void
test_stream_length_matches_its_data(void **state)
{
	char	*pdf, *p;
	size_t	 len, slen;

	(void)state;
	pdf = make(&example, &len);
	p = strstr(pdf, "<< /Length ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "<< /Length %zu >>\n", &slen), 1);
	p = strstr(p, ">>\nstream\n");
	assert_non_null(p);
	p += strlen(">>\nstream\n");
	assert_memory_equal(p + slen, "\nendstream\n", 11);
	free(pdf);
}

static void
test_fonts_are_standard_helvetica_in_winansi(void **state)
{
	char	*pdf;
	size_t	 len;

	(void)state;
	pdf = make(&example, &len);
	assert_contains(pdf, "/BaseFont /Helvetica\n");
	assert_contains(pdf, "/BaseFont /Helvetica-Bold\n");
	assert_int_equal(count(pdf, "/Encoding /WinAnsiEncoding"), 2);
	free(pdf);
}

static void
test_text_reads_back_school_dates_and_partnership(void **state)
{
	char	*pdf, *t;
	size_t	 len;

	need_poppler();
	pdf = make(&example, &len);
	t = text_of(*state, pdf, len);
	assert_contains(t, "Certificaat hercertificering Partnerschool "
	    "OBS De Regenboog Almere BRIN 12AB Stichting Prisma");
	assert_contains(t, "heeft op donderdag 26 januari 2023 met goed gevolg "
	    "de vervolgaudit hercertificering doorlopen binnen het "
	    "partnerschap Partners in Opleiding en Ontwikkeling.");
	assert_contains(t, "Dit certificaat is geldig tot en met vrijdag 26 "
	    "januari 2029.");
	assert_contains(t, "Uitgegeven op maandag 6 februari 2023");
	free(t);
	assert_one_page(*state, pdf, len);
	free(pdf);
}

static void
test_accents_dashes_and_quotes_read_back(void **state)
{
	struct certdoc	 d = example;
	char		*pdf, *t;
	size_t		 len;

	need_poppler();
	d.school = "Basisschool 't Gilde – Zuid (Ééncentrum)";
	d.board = "Stichting “Ons Belang” ‘Ûtert’ — Œuvre € 5…";
	pdf = make(&d, &len);
	assert_contains(pdf, "\\311\\351ncentrum");
	t = text_of(*state, pdf, len);
	assert_contains(t, "Basisschool 't Gilde – Zuid (Ééncentrum)");
	assert_contains(t, "Stichting “Ons Belang” ‘Ûtert’ — Œuvre € 5…");
	free(t);
	free(pdf);
}

/* "e" followed by U+0301, as macOS sends it, is written as one "é". */
static void
test_decomposed_accents_are_composed(void **state)
{
	struct certdoc	 d = example;
	char		*pdf;
	size_t		 len;

	(void)state;
	d.school = "E\xcc\x81" "e\xcc\x81" "ncentrum "
	    "Curac\xcc\xa7" "ao x\xcc\x81";
	pdf = make(&d, &len);
	assert_contains(pdf, "(\\311\\351ncentrum Cura\\347ao x?) Tj");
	free(pdf);
}

static void
test_parentheses_and_backslashes_are_escaped(void **state)
{
	struct certdoc	 d = example;
	char		*pdf, *t;
	size_t		 len;

	need_poppler();
	d.school = "School :-) \\o/ (Oost";
	pdf = make(&d, &len);
	assert_contains(pdf, "(School :-\\) \\\\o/ \\(Oost) Tj");
	t = text_of(*state, pdf, len);
	assert_contains(t, "Partnerschool School :-) \\o/ (Oost Almere");
	free(t);
	assert_one_page(*state, pdf, len);
	free(pdf);
}

/* Centred by the AFM widths: poppler, with its own metrics, agrees. */
static void
test_every_line_is_centred(void **state)
{
	struct certdoc	 d = example;
	double		 x0, x1;
	char		*pdf, *html, *p;
	size_t		 len;
	int		 n = 0;

	need_poppler();
	d.school = "Basisschool 't Gilde – Zuid (Ééncentrum) “Wij@Work” "
	    "Œuvre & Co. {[|]} ÆØÅ æøå ß ÿ Ÿ …";
	pdf = make(&d, &len);
	html = run(*state, pdf, len, "pdftotext", "-bbox-layout", "-");
	for (p = strstr(html, "<line "); p != NULL;
	    p = strstr(p + 1, "<line ")) {
		if (sscanf(p, "<line xMin=\"%lf\" yMin=\"%*f\" xMax=\"%lf\"",
		    &x0, &x1) != 2)
			fail_msg("cannot read %.80s", p);
		if ((x0 + x1) / 2 < PAGE_CENTRE - 0.5 ||
		    (x0 + x1) / 2 > PAGE_CENTRE + 0.5)
			fail_msg("line %d from %.2f to %.2f is off centre", n,
			    x0, x1);
		n++;
	}
	assert_true(n >= 10);
	free(html);
	free(pdf);
}

static void
test_long_name_wraps_and_stays_on_page(void **state)
{
	struct certdoc	 d = example;
	char		*pdf, name[256];
	size_t		 len, off = 0;
	int		 i, lines, words;

	need_poppler();
	for (i = 0; i < 18; i++)		/* 198 bytes */
		off += (size_t)snprintf(name + off, sizeof name - off,
		    "Zonnebloem ");
	d.school = name;
	pdf = make(&d, &len);
	lines = words_inside_frame(*state, pdf, len, "Zonnebloem", &words);
	assert_int_equal(words, 18);
	assert_true(lines >= 3);
	assert_one_page(*state, pdf, len);
	free(pdf);
}

/* Every value at its maximum in the widest letter still fits the page. */
static void
test_every_value_at_maximum_stays_on_page(void **state)
{
	struct certdoc	 d;
	char		 w[CERTDOC_MAXVAL + 51], *pdf;
	size_t		 len, i;
	int		 words;

	need_poppler();
	for (i = 0; i < sizeof w - 1; i++)
		w[i] = i % 10 == 9 ? ' ' : 'W';
	w[sizeof w - 1] = '\0';
	d = (struct certdoc){ w, w, w, w, w, w, w, w };
	pdf = make(&d, &len);
	words_inside_frame(*state, pdf, len, NULL, &words);
	assert_one_page(*state, pdf, len);
	free(pdf);
}

/* A word wider than the page is cut; the value is cut at 200 bytes. */
static void
test_word_without_spaces_is_cut_into_lines(void **state)
{
	struct certdoc	 d = example;
	char		 name[251], *pdf, *t;
	size_t		 len;
	int		 words;

	need_poppler();
	memset(name, 'M', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	d.school = name;
	pdf = make(&d, &len);
	t = text_of(*state, pdf, len);
	assert_int_equal(count(t, "M"), CERTDOC_MAXVAL);
	free(t);
	words_inside_frame(*state, pdf, len, NULL, &words);
	assert_one_page(*state, pdf, len);
	free(pdf);
}

/* A value is cut at CERTDOC_MAXVAL bytes, never inside a character. */
static void
test_value_is_cut_on_a_character_boundary(void **state)
{
	struct certdoc	 d = example;
	char		 name[302], *pdf;
	size_t		 len, i;

	(void)state;
	name[0] = 'x';			/* then "é" at 1-2, ..., 199-200 */
	for (i = 1; i < 301; i += 2)
		memcpy(name + i, "\xc3\xa9", 2);
	name[301] = '\0';
	d.school = name;
	pdf = make(&d, &len);
	assert_int_equal(count(pdf, "\\351"), CERTDOC_MAXVAL / 2 - 1);
	assert_int_equal(count(pdf, "(x\\351"), 1);
	assert_null(strstr(pdf, "?) Tj"));
	free(pdf);

	d.school = name + 1;		/* 150 of them: 100 kept */
	pdf = make(&d, &len);
	assert_int_equal(count(pdf, "\\351"), CERTDOC_MAXVAL / 2);
	free(pdf);
}

static void
test_emoji_becomes_question_mark(void **state)
{
	struct certdoc	 d = example;
	char		*pdf, *t;
	size_t		 len;

	need_poppler();
	d.school = "School \xf0\x9f\x98\x80 Zon "
	    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd";	/* thumb, skin tone */
	pdf = make(&d, &len);
	assert_contains(pdf, "(School ? Zon ?) Tj");
	t = text_of(*state, pdf, len);
	assert_contains(t, "School ? Zon ?");
	free(t);
	assert_one_page(*state, pdf, len);
	free(pdf);
}

static void
test_controls_dropped_and_white_space_collapsed(void **state)
{
	struct certdoc	 d = example;
	char		*pdf;
	size_t		 len;

	(void)state;
	d.school = "  OBS De\x07 Regen\xc2\x85" "boog\r\n\tAl\xc2\xad"
	    "mere\xe2\x80\x8b  ";		/* NEL, soft hyphen, ZWSP */
	d.place = "Caf\xe9";			/* Latin-1, not UTF-8 */
	pdf = make(&d, &len);
	assert_contains(pdf, "(OBS De Regenboog Almere) Tj");
	assert_contains(pdf, "(Caf?) Tj");
	assert_null(memchr(pdf, '\x07', len));
	free(pdf);
}

static void
assert_refused(const struct certdoc *d, const char *want)
{
	char	*pdf, *cause = NULL;
	size_t	 len = 99;

	pdf = certdoc_pdf(d, &len, &cause);
	assert_null(pdf);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
}

static void
test_missing_required_value_is_refused(void **state)
{
	struct certdoc	 d;

	(void)state;
	d = example;
	d.school = NULL;
	assert_refused(&d, "school missing");
	d = example;
	d.brin = NULL;
	assert_refused(&d, "brin missing");
	d = example;
	d.audit_date = NULL;
	assert_refused(&d, "audit_date missing");
	d = example;
	d.valid_until = NULL;
	assert_refused(&d, "valid_until missing");
	d = example;
	d.school = " \t\x01 ";
	assert_refused(&d, "school empty");
}

static void
test_optional_values_are_left_out(void **state)
{
	struct certdoc	 d = example;
	char		*pdf, *t;
	size_t		 len;

	need_poppler();
	d.partnership = NULL;
	d.place = NULL;
	d.board = "";
	d.issued = NULL;
	pdf = make(&d, &len);
	t = text_of(*state, pdf, len);
	assert_contains(t, "OBS De Regenboog BRIN 12AB heeft op donderdag 26 "
	    "januari 2023 met goed gevolg de vervolgaudit hercertificering "
	    "doorlopen. Dit certificaat");
	assert_null(strstr(t, "Almere"));
	assert_null(strstr(t, "Partners in"));
	assert_null(strstr(t, "partnerschap"));
	assert_null(strstr(t, "Uitgegeven"));
	free(t);
	assert_one_page(*state, pdf, len);
	free(pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_pdf_starts_with_header_and_ends_with_eof),
		T(test_xref_offsets_point_at_their_objects),
		T(test_stream_length_matches_its_data),
		T(test_fonts_are_standard_helvetica_in_winansi),
		T(test_text_reads_back_school_dates_and_partnership),
		T(test_accents_dashes_and_quotes_read_back),
		T(test_decomposed_accents_are_composed),
		T(test_parentheses_and_backslashes_are_escaped),
		T(test_every_line_is_centred),
		T(test_long_name_wraps_and_stays_on_page),
		T(test_every_value_at_maximum_stays_on_page),
		T(test_word_without_spaces_is_cut_into_lines),
		T(test_value_is_cut_on_a_character_boundary),
		T(test_emoji_becomes_question_mark),
		T(test_controls_dropped_and_white_space_collapsed),
		T(test_missing_required_value_is_refused),
		T(test_optional_values_are_left_out),
#undef T
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
