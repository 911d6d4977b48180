/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the winmail.dat unpacker: names and bytes of the files in
 * a TNEF written by tests/data/documents/make-tnef.py, and clean failures
 * on truncated, corrupted, oversized and random input.
 */

#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "tnef.h"
#include "xmalloc.h"

#define GENERATOR	"tests/data/documents/make-tnef.py"
#define MAXFILES	8

struct fixture {
	char	*dir;
	char	*tnef;		/* the generated winmail.dat */
	size_t	 tneflen;
	char	*want[2];	/* the bytes of the two attached files */
	size_t	 wantlen[2];
};

struct got {
	size_t	 n;
	char	*name[MAXFILES];
	char	*data[MAXFILES];
	size_t	 len[MAXFILES];
	int	 stop_after;	/* return -1 after this many; 0: never */
};

/* Run the generator (no shell) into the fixture directory. */
static void
generate(struct fixture *fx)
{
	char	*out, *path;
	pid_t	 pid;
	int	 status, i;

	out = xasprintf("%s/winmail.dat", fx->dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execl("/usr/bin/python3", "python3", GENERATOR, out, fx->dir,
		    (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	fx->tnef = testutil_read(out, &fx->tneflen);
	free(out);
	for (i = 0; i < 2; i++) {
		path = xasprintf("%s/%d.bin", fx->dir, i + 1);
		fx->want[i] = testutil_read(path, &fx->wantlen[i]);
		free(path);
	}
}

static int
setup(void **state)
{
	struct fixture	*fx;

	fx = xcalloc(1, sizeof *fx);
	if ((fx->dir = testutil_tmpdir("test-tnef")) == NULL) {
		free(fx);
		return (-1);
	}
	generate(fx);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	testutil_rmtree(fx->dir);
	free(fx->dir);
	free(fx->tnef);
	free(fx->want[0]);
	free(fx->want[1]);
	free(fx);
	return (0);
}

static int
collect(void *arg, const char *name, const char *data, size_t len)
{
	struct got	*g = arg;

	assert_true(g->n < MAXFILES);
	g->name[g->n] = xstrdup(name);
	g->data[g->n] = xmalloc(len + 1);
	memcpy(g->data[g->n], data, len);
	g->len[g->n] = len;
	g->n++;
	if (g->stop_after != 0 && g->n >= (size_t)g->stop_after)
		return (-1);
	return (0);
}

static void
got_clear(struct got *g)
{
	size_t	 i;

	for (i = 0; i < g->n; i++) {
		free(g->name[i]);
		free(g->data[i]);
	}
	memset(g, 0, sizeof *g);
}

/* Unpack, which must fail with a cause containing want (if not NULL). */
static void
unpack_fails(const char *data, size_t len, const char *want)
{
	struct got	 g = { 0 };
	char		*cause = NULL;

	assert_int_equal(tnef_unpack(data, len, collect, &g, &cause), -1);
	assert_non_null(cause);
	if (want != NULL && strstr(cause, want) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", cause, want);
	free(cause);
	got_clear(&g);
}

static uint32_t
get32(const char *p)
{
	const unsigned char	*u = (const unsigned char *)p;

	return ((uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
	    (uint32_t)u[3] << 24);
}

/* Recompute the checksum of the attribute at off. */
static void
fix_checksum(char *p, size_t off)
{
	uint32_t	 n = get32(p + off + 5), i;
	unsigned int	 sum = 0;

	for (i = 0; i < n; i++)
		sum += (unsigned char)p[off + 9 + i];
	p[off + 9 + n] = (char)(sum & 0xff);
	p[off + 10 + n] = (char)((sum >> 8) & 0xff);
}

/* Append one attribute with a correct checksum to b at *len. */
static void
put_attr(char *b, size_t *len, int level, uint32_t attr, const char *data,
    uint32_t n)
{
	size_t	 off = *len;

	b[off] = (char)level;
	memcpy(b + off + 1, &attr, 4);		/* the tests run little-endian */
	memcpy(b + off + 5, &n, 4);
	memcpy(b + off + 9, data, n);
	fix_checksum(b, off);
	*len += 9 + n + 2;
}

static size_t
put_header(char *b)
{
	memcpy(b, "\x78\x9f\x3e\x22\x01\x00", 6);
	return (6);
}

static void
test_tnef_two_files_with_long_names_and_exact_bytes(void **state)
{
	struct fixture	*fx = *state;
	struct got	 g = { 0 };
	char		*cause = NULL;

	assert_int_equal(tnef_unpack(fx->tnef, fx->tneflen, collect, &g,
	    &cause), 0);
	assert_null(cause);
	assert_int_equal(g.n, 2);
	/* Windows-1252 0xe9 became UTF-8 U+00E9; not the 8.3 PRE-AD~1.PDF. */
	assert_string_equal(g.name[0], "Pr\xc3\xa9-advies OBS De Regenboog.pdf");
	assert_string_equal(g.name[1], "Schooldocument.docx");
	assert_int_equal(g.len[0], fx->wantlen[0]);
	assert_memory_equal(g.data[0], fx->want[0], fx->wantlen[0]);
	assert_int_equal(g.len[1], fx->wantlen[1]);
	assert_memory_equal(g.data[1], fx->want[1], fx->wantlen[1]);
	got_clear(&g);
}

/* Whether len ends the stream exactly after an attribute. */
static int
at_boundary(const char *p, size_t total, size_t len)
{
	size_t	 off;

	for (off = 6; off <= total; off += 9 + get32(p + off + 5) + 2) {
		if (off == len)
			return (1);
		if (off == total)
			break;
	}
	return (0);
}

static void
test_tnef_truncation_inside_an_attribute_fails(void **state)
{
	struct fixture	*fx = *state;
	struct got	 g = { 0 };
	char		*cause, *copy;
	size_t		 len;
	int		 rc;

	for (len = 0; len < fx->tneflen; len++) {
		/* An exact copy, so ASan/valgrind see any read past len. */
		copy = xmalloc(len + 1);
		memcpy(copy, fx->tnef, len);
		cause = NULL;
		rc = tnef_unpack(copy, len, collect, &g, &cause);
		if (at_boundary(fx->tnef, fx->tneflen, len))
			assert_int_equal(rc, 0);	/* a shorter TNEF */
		else {
			assert_int_equal(rc, -1);
			assert_non_null(cause);
			assert_int_equal(g.n, 0);
		}
		free(cause);
		free(copy);
		got_clear(&g);
	}
	unpack_fails(fx->tnef, fx->tneflen - 1, "truncated");
	unpack_fails(fx->tnef, 3, "not a TNEF stream");
}

static void
test_tnef_bad_checksum_is_refused(void **state)
{
	struct fixture	*fx = *state;
	char		*copy;

	copy = xmalloc(fx->tneflen);
	memcpy(copy, fx->tnef, fx->tneflen);
	copy[6 + 9] ^= 0x01;	/* first byte of the first attribute's data */
	unpack_fails(copy, fx->tneflen, "checksum");
	free(copy);
}

/*
 * Change every byte of every attribute's data to a few hostile values and
 * fix the checksum, so that libytnef's own property parser sees it.
 */
/*
 * Mutated properties never crash, and nothing reaches stdout (libytnef
 * prints about corrupt blocks; hercertctl's JSON goes to stdout).
 */
static void
test_tnef_mutated_properties_never_crash(void **state)
{
	struct fixture	*fx = *state;
	static const unsigned char vals[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
	struct got	 g = { 0 };
	char		*copy, *cause;
	size_t		 off, i, v;
	uint32_t	 n;
	FILE		*out;
	int		 saved;

	fflush(stdout);
	out = tmpfile();
	assert_non_null(out);
	saved = dup(STDOUT_FILENO);
	dup2(fileno(out), STDOUT_FILENO);
	copy = xmalloc(fx->tneflen);
	for (off = 6; off < fx->tneflen; off += 9 + n + 2) {
		n = get32(fx->tnef + off + 5);
		for (i = 0; i < n; i++) {
			for (v = 0; v < sizeof vals; v++) {
				memcpy(copy, fx->tnef, fx->tneflen);
				copy[off + 9 + i] = (char)vals[v];
				fix_checksum(copy, off);
				cause = NULL;
				if (tnef_unpack(copy, fx->tneflen, collect, &g,
				    &cause) == -1)
					assert_non_null(cause);
				free(cause);
				got_clear(&g);
			}
		}
	}
	free(copy);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	assert_int_equal(fseek(out, 0, SEEK_END), 0);
	assert_int_equal(ftell(out), 0);
	fclose(out);
}

static void
test_tnef_random_input_fails_cleanly(void **state)
{
	char	 buf[512];
	size_t	 i, round;
	struct got g = { 0 };
	char	*cause;

	(void)state;
	srand(4211);
	for (round = 0; round < 2000; round++) {
		for (i = 0; i < sizeof buf; i++)
			buf[i] = (char)(rand() & 0xff);
		if (round % 2 == 0)
			put_header(buf);	/* get past the signature */
		cause = NULL;
		if (tnef_unpack(buf, (size_t)rand() % sizeof buf, collect, &g,
		    &cause) == -1)
			assert_non_null(cause);
		free(cause);
		got_clear(&g);
	}
}

static void
test_tnef_more_than_1000_attachments_refused(void **state)
{
	char		*b;
	size_t		 len, i;
	const char	 rend[14] = { 1, 0 };

	(void)state;
	b = xmalloc(6 + 1001 * (9 + sizeof rend + 2));
	len = put_header(b);
	for (i = 0; i < 1001; i++)
		put_attr(b, &len, 2, 0x00069002, rend, sizeof rend);
	unpack_fails(b, len, "more than 1000 attachments");
	free(b);
}

static void
test_tnef_attribute_over_200_mib_refused(void **state)
{
	char		 b[64];
	size_t		 len;
	uint32_t	 n = 200U * 1024 * 1024 + 1, attr = 0x0006800f;

	(void)state;
	len = put_header(b);
	b[len] = 2;
	memcpy(b + len + 1, &attr, 4);
	memcpy(b + len + 5, &n, 4);
	memset(b + len + 9, 'x', 16);
	unpack_fails(b, len + 25, "out of range");
}

static void
test_tnef_attachment_attribute_before_renddata_refused(void **state)
{
	char	 b[64];
	size_t	 len;

	(void)state;
	len = put_header(b);
	put_attr(b, &len, 2, 0x0006800f, "data", 4);
	unpack_fails(b, len, "before any attachment");
}

static void
test_tnef_callback_can_stop_the_unpacking(void **state)
{
	struct fixture	*fx = *state;
	struct got	 g = { 0 };
	char		*cause = NULL;

	g.stop_after = 1;
	assert_int_equal(tnef_unpack(fx->tnef, fx->tneflen, collect, &g,
	    &cause), -1);
	assert_int_equal(g.n, 1);
	assert_non_null(strstr(cause, "refused by the caller"));
	free(cause);
	got_clear(&g);
}

static void
test_tnef_title_used_without_mapi_name(void **state)
{
	char		 b[256];
	size_t		 len;
	const char	 rend[14] = { 1, 0 };
	static const char title[] = "Verslag \x96 team.txt";
	struct got	 g = { 0 };
	char		*cause = NULL;

	(void)state;
	len = put_header(b);
	put_attr(b, &len, 2, 0x00069002, rend, sizeof rend);
	put_attr(b, &len, 2, 0x00018010, title, sizeof title);
	put_attr(b, &len, 2, 0x0006800f, "hallo", 5);
	assert_int_equal(tnef_unpack(b, len, collect, &g, &cause), 0);
	assert_int_equal(g.n, 1);
	/* No attOemCodepage: Windows-1252, where 0x96 is an en dash. */
	assert_string_equal(g.name[0], "Verslag \xe2\x80\x93 team.txt");
	assert_int_equal(g.len[0], 5);
	assert_memory_equal(g.data[0], "hallo", 5);
	got_clear(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_tnef_two_files_with_long_names_and_exact_bytes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_tnef_truncation_inside_an_attribute_fails,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_tnef_bad_checksum_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_tnef_mutated_properties_never_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_tnef_callback_can_stop_the_unpacking, setup, teardown),
		cmocka_unit_test(test_tnef_random_input_fails_cleanly),
		cmocka_unit_test(test_tnef_more_than_1000_attachments_refused),
		cmocka_unit_test(test_tnef_attribute_over_200_mib_refused),
		cmocka_unit_test(
		    test_tnef_attachment_attribute_before_renddata_refused),
		cmocka_unit_test(test_tnef_title_used_without_mapi_name),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
