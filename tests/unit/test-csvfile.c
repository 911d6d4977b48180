/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the master data CSV reader: encodings, delimiter
 * detection, quoting, line numbers in errors and the accessors. Each test
 * writes its fixture into a fresh temporary directory.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvfile.h"
#include "testutil.h"
#include "xmalloc.h"

struct fixture {
	char	*dir;
	char	*path;		/* the one file a test writes */
};

static int
setup(void **state)
{
	struct fixture	*fx;

	fx = xcalloc(1, sizeof *fx);
	if ((fx->dir = testutil_tmpdir("test-csvfile")) == NULL) {
		free(fx);
		return (-1);
	}
	fx->path = xasprintf("%s/scholen.csv", fx->dir);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	testutil_rmtree(fx->dir);
	free(fx->path);
	free(fx->dir);
	free(fx);
	return (0);
}

/* Write len bytes of data as the test's file. */
static const char *
write_bytes(void **state, const char *data, size_t len)
{
	struct fixture	*fx = *state;

	testutil_write(fx->path, data, len);
	return (fx->path);
}

static const char *
write_str(void **state, const char *data)
{
	return (write_bytes(state, data, strlen(data)));
}

/* Read the file, which must succeed. */
static struct csvfile *
read_ok(const char *path)
{
	struct csvfile	*f;
	char		*cause = NULL;

	f = csvfile_read(path, &cause);
	if (f == NULL)
		fail_msg("unexpected error: %s", cause);
	assert_null(cause);
	return (f);
}

/* Read the file, which must fail with error "<path><suffix>". */
static void
read_fails(void **state, const char *suffix)
{
	struct fixture	*fx = *state;
	char		*cause = NULL, *want;

	assert_null(csvfile_read(fx->path, &cause));
	assert_non_null(cause);
	want = xasprintf("%s%s", fx->path, suffix);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
}

/* Assert the field of row r in the named column. */
static void
assert_field(const struct csvfile *f, size_t r, const char *col,
    const char *want)
{
	assert_true(r < f->nrows);
	assert_string_equal(csvfile_get(f, &f->rows[r],
	    csvfile_column(f, col)), want);
}

static void
test_semicolon_with_bom(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "\xef\xbb\xbf" "brin;naam;plaats\n"
	    "12AB;CBS De Morgenster;Utrecht\n"
	    "34CD;OBS 't Palet, locatie Oost;Zeist\n"));
	assert_int_equal(f->ncols, 3);
	assert_string_equal(f->header[0], "brin");	/* no BOM left */
	assert_int_equal(f->nrows, 2);
	assert_field(f, 0, "brin", "12AB");
	assert_field(f, 1, "naam", "OBS 't Palet, locatie Oost");
	assert_field(f, 1, "plaats", "Zeist");
	csvfile_free(f);
}

static void
test_comma_when_header_has_more_commas(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "naam,email,bestuur\n"
	    "Eva Jansen,e.jansen@hsmarnix.nl,\n"
	    "\"Bakker; P.\",p.bakker@bergrivier.nl,BRG\n"));
	assert_int_equal(f->ncols, 3);
	assert_int_equal(f->nrows, 2);
	assert_field(f, 0, "bestuur", "");
	assert_field(f, 1, "naam", "Bakker; P.");
	assert_field(f, 1, "bestuur", "BRG");
	csvfile_free(f);
}

static void
test_delimiters_inside_quoted_header_not_counted(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "\"a;b;c\",d\n1,2\n"));
	assert_int_equal(f->ncols, 2);
	assert_string_equal(f->header[0], "a;b;c");
	assert_field(f, 0, "d", "2");
	csvfile_free(f);
}

static void
test_single_column_not_split_on_data_commas(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "\n\ndatum\n26-01-2023\n"
	    "\"28-03-2023\"\n"));
	assert_int_equal(f->ncols, 1);
	assert_int_equal(f->nrows, 2);
	assert_field(f, 1, "datum", "28-03-2023");
	assert_int_equal(f->rows[0].line, 4);
	csvfile_free(f);
}

static void
test_windows_1252_converted(void **state)
{
	struct csvfile	*f;

	/* 0x80 euro, 0x93/0x94 smart quotes, 0xe9 e-acute, 0xeb e-diaeresis */
	f = read_ok(write_str(state, "naam;opmerking\n"
	    "Basisschool Ren\xe9\xe9;\x93" "Cadeau\x94 van \x80" "5\n"
	    "No\xebl Smit;\x91't Palet\x92\n"));
	assert_int_equal(f->nrows, 2);
	assert_field(f, 0, "naam", "Basisschool Ren\u00e9\u00e9");
	assert_field(f, 0, "opmerking",
	    "\u201cCadeau\u201d van \u20ac" "5");
	assert_field(f, 1, "naam", "No\u00ebl Smit");
	assert_field(f, 1, "opmerking", "\u2018't Palet\u2019");
	csvfile_free(f);
}

static void
test_valid_utf8_left_alone(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "naam\n"
	    "Basisschool \u00c9\u00e9n \u20ac \U0001F600\n"));
	assert_field(f, 0, "naam", "Basisschool \u00c9\u00e9n \u20ac "
	    "\U0001F600");
	csvfile_free(f);
}

static void
test_byte_undefined_in_windows_1252_refused(void **state)
{
	write_str(state, "naam\nok\nbad \x81 byte\n");
	read_fails(state, ":3: byte 0x81 is neither UTF-8 nor Windows-1252");
}

static void
test_invalid_utf8_after_bom_refused(void **state)
{
	write_str(state, "\xef\xbb\xbfnaam\nRen\xe9\n");
	read_fails(state, ":2: invalid UTF-8 after a UTF-8 byte order mark");
}

static void
test_utf16_refused(void **state)
{
	write_bytes(state, "\xff\xfen\0a\0a\0m\0\n\0", 12);
	read_fails(state, ": UTF-16 is not supported, save the file as CSV "
	    "(UTF-8)");
}

static void
test_nul_byte_refused(void **state)
{
	write_bytes(state, "naam\nab\0c\n", 10);
	read_fails(state, ":2: NUL byte in file");
}

static void
test_quoted_delimiters_quotes_and_newlines(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "naam;opmerking\n"
	    "\"OBS De Regenboog; locatie Noord\";\"zegt \"\"hallo\"\"\n"
	    "tweede regel\"\n"));
	assert_int_equal(f->nrows, 1);
	assert_field(f, 0, "naam", "OBS De Regenboog; locatie Noord");
	assert_field(f, 0, "opmerking", "zegt \"hallo\"\ntweede regel");
	csvfile_free(f);
}

static void
test_quoted_newline_keeps_line_numbers(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "brin;naam;opmerking\n"
	    "12AB;\"CBS De\nMorgenster\";\"een\n\ntwee\"\n"
	    "\n"
	    "34CD;\"OBS De Klimboom\";x\n"
	    "56EF;\"\n\";\n"
	    "78GH;RKBS Sint-Jozef;y"));
	assert_int_equal(f->nrows, 4);
	assert_int_equal(f->rows[0].line, 2);
	assert_int_equal(f->rows[1].line, 7);
	assert_int_equal(f->rows[2].line, 8);
	assert_int_equal(f->rows[3].line, 10);
	assert_field(f, 0, "naam", "CBS De\nMorgenster");
	assert_field(f, 0, "opmerking", "een\n\ntwee");
	assert_field(f, 2, "naam", "");	/* only whitespace: trimmed */
	assert_field(f, 3, "opmerking", "y");
	csvfile_free(f);
}

static void
test_crlf_line_numbers(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "brin;naam\r\n\r\n12AB;\"a\r\nb\"\r\n"
	    "34CD;c\r\n"));
	assert_int_equal(f->nrows, 2);
	assert_int_equal(f->rows[0].line, 3);
	assert_int_equal(f->rows[1].line, 5);
	assert_field(f, 0, "naam", "a\r\nb");
	assert_field(f, 1, "naam", "c");
	csvfile_free(f);
}

static void
test_header_lower_cased_and_trimmed(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, " BRIN ;\"  Naam\";Certificaat_Tot\t\n"
	    "12AB;x;2023-01-01\n"));
	assert_string_equal(f->header[0], "brin");
	assert_string_equal(f->header[1], "naam");
	assert_string_equal(f->header[2], "certificaat_tot");
	assert_int_equal(csvfile_column(f, "NAAM"), 1);
	assert_int_equal(csvfile_column(f, "Certificaat_tot"), 2);
	csvfile_free(f);
}

static void
test_fields_trimmed(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "a;b;c\n"
	    "  x  ;\"  y \t\";\xc2\xa0z\xc2\xa0\n"));
	assert_field(f, 0, "a", "x");
	assert_field(f, 0, "b", "y");
	assert_field(f, 0, "c", "z");	/* no-break spaces from Excel */
	csvfile_free(f);
}

static void
test_empty_lines_skipped(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "\n  \ncode;naam\n\n \t \nBRG;x\n;;\n"
	    "\n\nWLD;y\n\n"));
	assert_int_equal(f->ncols, 2);
	assert_int_equal(f->nrows, 2);
	assert_int_equal(f->rows[0].line, 6);
	assert_int_equal(f->rows[1].line, 10);
	assert_field(f, 1, "code", "WLD");
	csvfile_free(f);
}

static void
test_fewer_fields_read_as_empty(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "naam;email;bestuur\nEva Jansen\n"));
	assert_int_equal(f->rows[0].nfields, 1);
	assert_field(f, 0, "naam", "Eva Jansen");
	assert_field(f, 0, "email", "");
	assert_field(f, 0, "bestuur", "");
	csvfile_free(f);
}

static void
test_too_many_fields_names_line(void **state)
{
	write_str(state, "brin;naam\n12AB;a\n\n34CD;\"b\nc\";extra;x\n");
	read_fails(state, ":4: 4 fields, header has 2");
}

static void
test_unclosed_quote_names_line(void **state)
{
	write_str(state, "brin;naam\n12AB;a\n34CD;\"b\n56EF;c\n");
	read_fails(state, ":3: quoted field not closed before the end of the "
	    "file");
}

static void
test_unclosed_quote_on_last_line_refused(void **state)
{
	write_str(state, "brin;naam\n12AB;\"a");
	read_fails(state, ":2: quoted field not closed before the end of the "
	    "file");
}

static void
test_last_line_without_newline_read(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "brin;naam\n12AB;\"a\""));
	assert_int_equal(f->nrows, 1);
	assert_field(f, 0, "naam", "a");
	csvfile_free(f);
}

static void
test_duplicate_column_refused(void **state)
{
	write_str(state, "\nbrin;naam;Naam\n");
	read_fails(state, ":2: column \"naam\" appears twice");
}

static void
test_empty_file_refused(void **state)
{
	write_str(state, "");
	read_fails(state, ": empty file, header row expected");
}

static void
test_blank_file_with_bom_refused(void **state)
{
	write_str(state, "\xef\xbb\xbf\r\n \r\n;;\r\n");
	read_fails(state, ": empty file, header row expected");
}

static void
test_header_only_has_no_rows(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "datum\n"));
	assert_int_equal(f->ncols, 1);
	assert_int_equal(f->nrows, 0);
	csvfile_free(f);
}

static void
test_file_over_16_mib_refused(void **state)
{
	struct fixture	*fx = *state;
	int		 fd;

	fd = open(fx->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "naam\n", 5), 5);
	assert_int_equal(ftruncate(fd, 16 * 1024 * 1024 + 1), 0);
	close(fd);
	read_fails(state, ": file larger than 16 MiB");
}

static void
test_file_of_exactly_16_mib_read(void **state)
{
	struct csvfile	*f;
	size_t		 i, len = 16 * 1024 * 1024;
	char		*data;

	/* 16384 lines of 1 KiB: a header and 16383 rows of two fields. */
	data = xmalloc(len);
	memset(data, 'x', len);
	for (i = 0; i < len; i += 1024) {
		data[i + 511] = ';';
		data[i + 1023] = '\n';
	}
	data[0] = 'a';
	data[512] = 'b';
	f = read_ok(write_bytes(state, data, len));
	free(data);
	assert_int_equal(f->ncols, 2);
	assert_int_equal(f->nrows, 16383);
	assert_int_equal(f->rows[16382].line, 16384);
	assert_int_equal(strlen(csvfile_get(f, &f->rows[16382], 1)), 511);
	csvfile_free(f);
}

static void
test_field_over_64_kib_refused(void **state)
{
	size_t	 len = 64 * 1024 + 32;
	char	*data;

	data = xmalloc(len);
	memset(data, 'x', len);
	memcpy(data, "a;b\n1;\"", 7);
	data[len - 2] = '"';
	data[len - 1] = '\n';
	write_bytes(state, data, len);
	free(data);
	read_fails(state, ":2: field longer than 64 KiB");
}

static void
test_long_line_keeps_line_numbers(void **state)
{
	struct csvfile	*f;
	size_t		 len = 40 * 1024;
	char		*data;

	/* A 40 KiB field is fed to libcsv in several chunks. */
	data = xmalloc(len);
	memset(data, ' ', len);
	memcpy(data, "a;b\n\n", 5);
	memcpy(data + len - 11, "x;y\nz;\"\n\"\nw", 11);
	f = read_ok(write_bytes(state, data, len));
	free(data);
	assert_int_equal(f->nrows, 3);
	assert_int_equal(f->rows[0].line, 3);
	assert_field(f, 0, "b", "y");
	assert_int_equal(f->rows[1].line, 4);
	assert_int_equal(f->rows[2].line, 6);
	assert_field(f, 2, "a", "w");
	csvfile_free(f);
}

static void
test_crlf_split_by_chunk_counts_one_line(void **state)
{
	struct csvfile	*f;
	size_t		 len = 3 + 16384 + 1 + 3;
	char		*data;

	/* The CR is the last byte libcsv would get in one go. */
	data = xmalloc(len);
	memset(data, ' ', len);
	memcpy(data, "a\r\n", 3);
	memcpy(data + 3 + 16383, "\r\nx\r\n", 5);
	f = read_ok(write_bytes(state, data, len));
	free(data);
	assert_int_equal(f->nrows, 1);
	assert_int_equal(f->rows[0].line, 3);
	assert_field(f, 0, "a", "x");
	csvfile_free(f);
}

static void
test_missing_file_names_path(void **state)
{
	read_fails(state, ": No such file or directory");
}

static void
test_column_lookup(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "code;naam;;boc_email\nBRG;x;;y\n"));
	assert_int_equal(csvfile_column(f, "code"), 0);
	assert_int_equal(csvfile_column(f, "BOC_Email"), 3);
	assert_int_equal(csvfile_column(f, "boc_naam"), -1);
	assert_int_equal(csvfile_column(f, ""), -1);
	csvfile_free(f);
}

static void
test_get_out_of_range_is_empty(void **state)
{
	struct csvfile	*f;

	f = read_ok(write_str(state, "a;b;c\n1;2\n"));
	assert_string_equal(csvfile_get(f, &f->rows[0], -1), "");
	assert_string_equal(csvfile_get(f, &f->rows[0], 1), "2");
	assert_string_equal(csvfile_get(f, &f->rows[0], 2), "");
	assert_string_equal(csvfile_get(f, &f->rows[0], 99), "");
	csvfile_free(f);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_semicolon_with_bom),
		T(test_comma_when_header_has_more_commas),
		T(test_delimiters_inside_quoted_header_not_counted),
		T(test_single_column_not_split_on_data_commas),
		T(test_windows_1252_converted),
		T(test_valid_utf8_left_alone),
		T(test_byte_undefined_in_windows_1252_refused),
		T(test_invalid_utf8_after_bom_refused),
		T(test_utf16_refused),
		T(test_nul_byte_refused),
		T(test_quoted_delimiters_quotes_and_newlines),
		T(test_quoted_newline_keeps_line_numbers),
		T(test_crlf_line_numbers),
		T(test_header_lower_cased_and_trimmed),
		T(test_fields_trimmed),
		T(test_empty_lines_skipped),
		T(test_fewer_fields_read_as_empty),
		T(test_too_many_fields_names_line),
		T(test_unclosed_quote_names_line),
		T(test_unclosed_quote_on_last_line_refused),
		T(test_last_line_without_newline_read),
		T(test_duplicate_column_refused),
		T(test_empty_file_refused),
		T(test_blank_file_with_bom_refused),
		T(test_header_only_has_no_rows),
		T(test_file_over_16_mib_refused),
		T(test_file_of_exactly_16_mib_read),
		T(test_field_over_64_kib_refused),
		T(test_long_line_keeps_line_numbers),
		T(test_crlf_split_by_chunk_counts_one_line),
		T(test_missing_file_names_path),
		T(test_column_lookup),
		T(test_get_out_of_range_is_empty),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
