/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for safe file names: path components, control and bidi
 * characters, Windows' forbidden characters and device names, length
 * bounds on character boundaries, numbering of duplicates, and slugs.
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "safename.h"
#include "testutil.h"
#include "xmalloc.h"

struct fixture {
	char	*dir;
	int	 dirfd;
};

static int
setup(void **state)
{
	struct fixture	*fx;

	fx = xcalloc(1, sizeof *fx);
	fx->dir = testutil_tmpdir("test-safename");
	if (fx->dir == NULL) {
		free(fx);
		return (-1);
	}
	fx->dirfd = open(fx->dir, O_RDONLY | O_DIRECTORY);
	*state = fx;
	return (fx->dirfd == -1 ? -1 : 0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	close(fx->dirfd);
	testutil_rmtree(fx->dir);
	free(fx->dir);
	free(fx);
	return (0);
}

/* Check safename_make(in, max) == want. */
static void
check_make(const char *in, size_t max, const char *want)
{
	char	*got = safename_make(in, max);

	assert_string_equal(got, want);
	free(got);
}

static void
touch(struct fixture *fx, const char *name)
{
	int	 fd;

	fd = openat(fx->dirfd, name, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_int_not_equal(fd, -1);
	close(fd);
}

/* Whether s is valid UTF-8 (no check for overlong forms needed here). */
static int
valid_utf8(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 more;

	while (*p != '\0') {
		more = *p < 0x80 ? 0 : *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 :
		    *p >= 0xc2 ? 1 : -1;
		if (more < 0)
			return (0);
		for (p++; more > 0; more--, p++) {
			if ((*p & 0xc0) != 0x80)
				return (0);
		}
	}
	return (1);
}

static void
test_last_component_of_either_separator(void **state)
{
	(void)state;
	check_make("school/sub/lijst.pdf", 255, "lijst.pdf");
	check_make("C:\\Users\\juf\\lijst.pdf", 255, "lijst.pdf");
	check_make("../../etc/passwd", 255, "passwd");
	check_make("..\\..\\x", 255, "x");
	check_make("/abs/y.txt", 255, "y.txt");
}

static void
test_control_characters_dropped(void **state)
{
	(void)state;
	check_make("a\r\nb.txt", 255, "a b.txt");
	check_make("a\x01\x1f\x7f" "b.txt", 255, "ab.txt");
	check_make("a\xc2\x85" "b\xc2\x9f.txt", 255, "ab.txt");	/* C1 */
	check_make("tab\there.txt", 255, "tab here.txt");
}

static void
test_bidi_controls_dropped(void **state)
{
	(void)state;
	/* "invoice<RTLO>fdp.exe" shows as "invoiceexe.pdf" */
	check_make("invoice\xe2\x80\xae" "fdp.exe", 255, "invoicefdp.exe");
	check_make("\xe2\x80\xaa" "a\xe2\x80\xab" "b\xe2\x80\xac" "c\xe2\x80\xad"
	    "d\xe2\x81\xa6" "e\xe2\x81\xa7" "f\xe2\x81\xa8" "g\xe2\x81\xa9.txt",
	    255, "abcdefg.txt");
	check_make("\xe2\x80\x8f" "x\xef\xbb\xbf.txt", 255, "x.txt");
}

static void
test_windows_forbidden_characters_replaced(void **state)
{
	(void)state;
	check_make("a<b>c:d\"e|f?g*h.txt", 255, "a_b_c_d_e_f_g_h.txt");
}

static void
test_spaces_and_dots_trimmed_no_leading_dot(void **state)
{
	(void)state;
	check_make(".bashrc", 255, "bashrc");
	check_make("  ..  lijst.pdf . . ", 255, "lijst.pdf");
	check_make("...", 255, "bestand");
	check_make("a.b.c", 255, "a.b.c");
}

static void
test_windows_device_names_prefixed(void **state)
{
	(void)state;
	check_make("CON", 255, "_CON");
	check_make("con.txt", 255, "_con.txt");
	check_make("Aux.tar.gz", 255, "_Aux.tar.gz");
	check_make("nul", 255, "_nul");
	check_make("PRN .pdf", 255, "_PRN .pdf");
	check_make("COM1", 255, "_COM1");
	check_make("lpt9.doc", 255, "_lpt9.doc");
	check_make("COM\xc2\xb9", 255, "_COM\xc2\xb9");
	check_make("CONOUT$", 255, "_CONOUT$");
	check_make("CONSOLE.txt", 255, "CONSOLE.txt");
	check_make("COM10", 255, "COM10");
	check_make("LPT", 255, "LPT");
	check_make("icon.png", 255, "icon.png");
}

static void
test_invalid_utf8_replaced(void **state)
{
	char	*got;

	(void)state;
	got = safename_make("caf\xe9.txt", 255);
	assert_string_equal(got, "caf\xef\xbf\xbd.txt");
	assert_true(valid_utf8(got));
	free(got);
	got = safename_make("\xc0\xaf\xed\xa0\x80.txt", 255);	/* overlong, surrogate */
	assert_true(valid_utf8(got));
	assert_null(strchr(got, '/'));
	free(got);
}

static void
test_empty_becomes_bestand(void **state)
{
	(void)state;
	check_make("", 255, "bestand");
	check_make("dir/", 255, "bestand");
	check_make("\xe2\x80\xae \r\n", 255, "bestand");
}

static void
test_length_bounded_keeping_extension(void **state)
{
	char	 in[4200], *got;

	(void)state;
	memset(in, 'a', 4090);
	memcpy(in + 4090, ".pdf", 5);
	got = safename_make(in, 100);
	assert_int_equal(strlen(got), 100);
	assert_string_equal(got + 96, ".pdf");
	free(got);
	got = safename_make(in, 100000);
	assert_int_equal(strlen(got), 255);
	free(got);
	got = safename_make(in, 1);			/* raised to 32 */
	assert_int_equal(strlen(got), 32);
	free(got);
}

static void
test_length_bound_never_splits_a_character(void **state)
{
	char	 in[1024], *got;
	size_t	 i;

	(void)state;
	for (i = 0; i < 300; i++)
		memcpy(in + 2 * i, "\xc3\xab", 2);	/* ë */
	memcpy(in + 600, ".txt", 5);
	got = safename_make(in, 101);
	assert_true(strlen(got) <= 101);
	assert_true(valid_utf8(got));
	assert_string_equal(got + strlen(got) - 4, ".txt");
	free(got);
	for (i = 0; i < 100; i++)
		memcpy(in + 3 * i, "\xe2\x82\xac", 3);	/* euro, no extension */
	in[300] = '\0';
	got = safename_make(in, 100);
	assert_int_equal(strlen(got), 99);
	assert_true(valid_utf8(got));
	free(got);
}

static void
test_long_extension_not_kept_as_extension(void **state)
{
	char	 in[600], *got;

	(void)state;
	memset(in, 'b', 500);
	in[0] = 'a';
	in[1] = '.';
	in[500] = '\0';
	got = safename_make(in, 64);
	assert_int_equal(strlen(got), 64);
	assert_int_equal(got[0], 'a');
	free(got);
}

static void
test_display_keeps_path_drops_controls(void **state)
{
	char	*got;

	(void)state;
	got = safename_display("CBS Eben-Ha\xc3\xabzer/r\xe2\x80\xae"
	    "gnp.exe\r\n");
	assert_string_equal(got, "CBS Eben-Ha\xc3\xabzer/rgnp.exe ");
	free(got);
}

static void
test_unique_free_name_unchanged(void **state)
{
	struct fixture	*fx = *state;
	char		*got;

	got = safename_unique(fx->dirfd, "lijst.pdf");
	assert_string_equal(got, "lijst.pdf");
	free(got);
}

static void
test_unique_numbers_before_extension(void **state)
{
	struct fixture	*fx = *state;
	char		*got;

	touch(fx, "lijst.pdf");
	got = safename_unique(fx->dirfd, "lijst.pdf");
	assert_string_equal(got, "lijst (2).pdf");
	touch(fx, got);
	free(got);
	got = safename_unique(fx->dirfd, "lijst.pdf");
	assert_string_equal(got, "lijst (3).pdf");
	free(got);
	touch(fx, "README");
	got = safename_unique(fx->dirfd, "README");
	assert_string_equal(got, "README (2)");
	free(got);
}

static void
test_unique_counts_dangling_symlink_as_taken(void **state)
{
	struct fixture	*fx = *state;
	char		*got;

	assert_int_equal(symlinkat("/nonexistent", fx->dirfd, "x.txt"), 0);
	got = safename_unique(fx->dirfd, "x.txt");
	assert_string_equal(got, "x (2).txt");
	free(got);
}

static void
test_unique_10000_duplicates_fast_then_random(void **state)
{
	struct fixture	*fx = *state;
	struct timespec	 t0, t1;
	char		*got;
	double		 secs;
	int		 i;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	for (i = 0; i < 10000; i++) {
		got = safename_unique(fx->dirfd, "certificaat.pdf");
		touch(fx, got);
		free(got);
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	print_message("# 10,000 duplicates named in %.2f s CPU\n", secs);
	assert_true(faccessat(fx->dirfd, "certificaat (10000).pdf", F_OK,
	    AT_SYMLINK_NOFOLLOW) == 0);
	got = safename_unique(fx->dirfd, "certificaat.pdf");
	assert_true(strncmp(got, "certificaat (", 13) == 0);
	assert_int_equal(strlen(got), strlen("certificaat (12345678).pdf"));
	assert_string_equal(got + strlen(got) - 5, ").pdf");
	free(got);
}

static void
test_unique_long_name_stays_within_name_max(void **state)
{
	struct fixture	*fx = *state;
	char		 name[256], *got;

	memset(name, 'n', 251);
	memcpy(name + 251, ".pdf", 5);
	touch(fx, name);
	got = safename_unique(fx->dirfd, name);
	assert_int_equal(strlen(got), 255);
	assert_string_equal(got + 251 - 4, " (2).pdf");
	touch(fx, got);
	free(got);
}

static void
test_slug_school_names(void **state)
{
	static const char *const cases[][2] = {
		{ "OBS 't Palet", "obs-t-palet" },
		{ "CBS Eben-Ha\xc3\xabzer", "cbs-eben-haezer" },
		{ "  De  Fl\xc3\xb6" "ddermuis!! ", "de-floddermuis" },
		{ "\xc3\x89\xc3\xa9n & Twee_School", "een-twee-school" },
		{ "---", "onbekend" },
		{ "", "onbekend" },
		{ "../../etc", "etc" },
	};
	char	*got;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = safename_slug(cases[i][0]);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
}

static void
test_slug_bounded_to_60_bytes(void **state)
{
	char	*got;

	(void)state;
	got = safename_slug("Christelijke Basisschool voor Nederlands Onderwijs "
	    "en Opvoeding Het Kompas");
	assert_true(strlen(got) <= SAFENAME_SLUG_MAX);
	assert_int_not_equal(got[strlen(got) - 1], '-');
	assert_true(strncmp(got, "christelijke-basisschool-voor-", 30) == 0);
	free(got);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_last_component_of_either_separator),
		T(test_control_characters_dropped),
		T(test_bidi_controls_dropped),
		T(test_windows_forbidden_characters_replaced),
		T(test_spaces_and_dots_trimmed_no_leading_dot),
		T(test_windows_device_names_prefixed),
		T(test_invalid_utf8_replaced),
		T(test_empty_becomes_bestand),
		T(test_length_bounded_keeping_extension),
		T(test_length_bound_never_splits_a_character),
		T(test_long_extension_not_kept_as_extension),
		T(test_display_keeps_path_drops_controls),
		T(test_unique_free_name_unchanged),
		T(test_unique_numbers_before_extension),
		T(test_unique_counts_dangling_symlink_as_taken),
		T(test_unique_10000_duplicates_fast_then_random),
		T(test_unique_long_name_stays_within_name_max),
		T(test_slug_school_names),
		T(test_slug_bounded_to_60_bytes),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
