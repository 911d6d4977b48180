/* SPDX-License-Identifier: ISC */
/* Tests for the streaming MIME scanner and MIME parameter decoding. */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mimeparam.h"
#include "mimescan.h"
#include "testutil.h"
#include "xmalloc.h"

#define MAX_FOUND 16

struct found {
	int	 n;
	char	*name[MAX_FOUND];
	char	*type[MAX_FOUND];
	char	*data[MAX_FOUND];
	size_t	 size[MAX_FOUND];
	int	 forwarded[MAX_FOUND];
	char	*problem[MAX_FOUND];
};

struct fixture {
	char		*dir;
	struct found	 f;
};

static const struct mimescan_limits limits = { 100, 10000, 65536,
    1024 * 1024 };

static int
setup(void **state)
{
	struct fixture	*fx = xcalloc(1, sizeof *fx);

	if ((fx->dir = testutil_tmpdir("test-mimescan")) == NULL)
		return (-1);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;
	int		 i;

	for (i = 0; i < fx->f.n; i++) {
		free(fx->f.name[i]);
		free(fx->f.type[i]);
		free(fx->f.data[i]);
		free(fx->f.problem[i]);
	}
	testutil_rmtree(fx->dir);
	free(fx->dir);
	free(fx);
	return (0);
}

static int
collect(void *arg, const struct mimescan_part *p)
{
	struct found	*f = arg;
	FILE		*fp;

	assert_true(f->n < MAX_FOUND);
	f->name[f->n] = p->name != NULL ? xstrdup(p->name) : NULL;
	f->type[f->n] = xstrdup(p->content_type);
	f->size[f->n] = p->size;
	f->forwarded[f->n] = p->forwarded;
	f->problem[f->n] = p->problem != NULL ? xstrdup(p->problem) : NULL;
	f->data[f->n] = xcalloc(1, p->size + 1);
	fp = fopen(p->path, "r");
	assert_non_null(fp);
	assert_int_equal(fread(f->data[f->n], 1, p->size, fp), p->size);
	fclose(fp);
	f->n++;
	return (0);
}

static int
extract(struct fixture *fx, const char *mail)
{
	char	*path, *out, *cause = NULL;
	int	 rc;

	path = xasprintf("%s/mail.eml", fx->dir);
	out = xasprintf("%s/out", fx->dir);
	testutil_write_str(path, mail);
	rc = mimescan_extract(path, out, &limits, collect, &fx->f, &cause);
	if (rc != 0)
		print_message("extract: %s\n", cause);
	free(cause);
	free(path);
	free(out);
	return (rc);
}

static void
test_base64_attachment_is_decoded_to_its_bytes(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(extract(fx,
	    "Subject: x\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: text/plain\r\n\r\nHallo\r\n"
	    "--b1\r\nContent-Type: application/pdf; name=\"Preadvies.pdf\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"
	    "JVBERi0xLjQK\r\nJSVFT0YK\r\n--b1--\r\n"), 0);
	assert_int_equal(fx->f.n, 1);
	assert_string_equal(fx->f.name[0], "Preadvies.pdf");
	assert_string_equal(fx->f.type[0], "application/pdf");
	assert_string_equal(fx->f.data[0], "%PDF-1.4\n%%EOF\n");
	assert_null(fx->f.problem[0]);
}

static void
test_rfc2231_continuations_with_charset_are_joined(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(extract(fx,
	    "Content-Type: multipart/mixed; boundary=zz\n\n--zz\n"
	    "Content-Type: application/octet-stream\n"
	    "Content-Disposition: attachment;\n"
	    " filename*0*=iso-8859-1''Pr%E9-advies%20OBS%20;\n"
	    " filename*1*=De%20Regenboog.pdf\n\nabc\n--zz--\n"), 0);
	assert_int_equal(fx->f.n, 1);
	assert_string_equal(fx->f.name[0], "Pr\xc3\xa9-advies OBS De Regenboog.pdf");
	/* A raw (7bit) body loses the line ending before the boundary. */
	assert_string_equal(fx->f.data[0], "abc");
}

static void
test_encoded_word_split_mid_character_decodes(void **state)
{
	char	*v;

	(void)state;
	/* Outlook splits "é" (C3 A9) across two encoded words. */
	v = mimeparam_get("application/pdf; name=\"=?utf-8?B?UHLD?= "
	    "=?utf-8?B?qS1hZHZpZXMucGRm?=\"", "name");
	assert_non_null(v);
	assert_string_equal(v, "Pr\xc3\xa9-advies.pdf");
	free(v);
}

static void
test_quoted_printable_soft_breaks_and_final_equals(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(extract(fx,
	    "Content-Type: multipart/mixed; boundary=q\n\n--q\n"
	    "Content-Type: text/plain; name=a.txt\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "caf=C3=A9 en =\nthee\nslot =A\n--q--\n"), 0);
	assert_int_equal(fx->f.n, 1);
	assert_string_equal(fx->f.data[0], "caf\xc3\xa9 en thee\r\nslot =A");
}

static void
test_forwarded_message_attachments_are_marked(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(extract(fx,
	    "Content-Type: multipart/mixed; boundary=o\n\n--o\n"
	    "Content-Type: text/plain\n\nZie doorgestuurd\n--o\n"
	    "Content-Type: message/rfc822\n\n"
	    "Subject: Fw\nContent-Type: multipart/mixed; boundary=i\n\n--i\n"
	    "Content-Type: application/pdf; name=x.pdf\n"
	    "Content-Transfer-Encoding: base64\n\nJVBERg==\n--i--\n"
	    "--o--\n"), 0);
	assert_int_equal(fx->f.n, 1);
	assert_string_equal(fx->f.name[0], "x.pdf");
	assert_int_equal(fx->f.forwarded[0], 1);
	assert_string_equal(fx->f.data[0], "%PDF");
}

static void
test_invalid_base64_is_noted_not_fatal(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(extract(fx,
	    "Content-Type: multipart/mixed; boundary=b\n\n--b\n"
	    "Content-Type: application/pdf; name=y.pdf\n"
	    "Content-Transfer-Encoding: base64\n\nJV!!BERg\n--b--\n"), 0);
	assert_int_equal(fx->f.n, 1);
	assert_string_equal(fx->f.problem[0], "invalid base64");
	assert_string_equal(fx->f.data[0], "%PDF");
}

static void
test_nesting_beyond_the_limit_is_refused(void **state)
{
	char	*mail, *cause = NULL;
	size_t	 i, len;
	FILE	*f;

	(void)state;
	f = open_memstream(&mail, &len);
	fputs("Subject: deep\n", f);
	for (i = 0; i < 40000; i++)
		fputs("Content-Type: message/rfc822\n\n", f);
	fputs("Subject: inner\n\nhi\n", f);
	fclose(f);
	assert_int_equal(mimescan_check(mail, len, &limits, &cause), -1);
	assert_non_null(strstr(cause, "nesting deeper"));
	free(cause);
	free(mail);
}

static void
test_too_many_parts_is_refused(void **state)
{
	char	*mail, *cause = NULL;
	size_t	 i, len;
	FILE	*f;

	(void)state;
	f = open_memstream(&mail, &len);
	fputs("Content-Type: multipart/mixed; boundary=x\n\n", f);
	for (i = 0; i < 10001; i++)
		fputs("--x\nContent-Type: text/plain\n\np\n", f);
	fputs("--x--\n", f);
	fclose(f);
	assert_int_equal(mimescan_check(mail, len, &limits, &cause), -1);
	assert_non_null(strstr(cause, "more MIME parts"));
	free(cause);
	free(mail);
}

static void
test_a_limit_exactly_reached_passes(void **state)
{
	char	*mail, *cause = NULL;
	size_t	 i, len;
	FILE	*f;

	(void)state;
	f = open_memstream(&mail, &len);
	for (i = 0; i < 99; i++)
		fprintf(f, "Content-Type: multipart/mixed; boundary=b%zu\n\n"
		    "--b%zu\n", i, i);
	fputs("Content-Type: text/plain\n\nhi\n", f);
	fclose(f);
	assert_int_equal(mimescan_check(mail, len, &limits, &cause), 0);
	free(mail);
}

static void
test_plain_and_quoted_parameters(void **state)
{
	char	*v;

	(void)state;
	v = mimeparam_get("multipart/mixed; boundary=\"--=_a;b\"; x=y",
	    "boundary");
	assert_string_equal(v, "--=_a;b");
	free(v);
	v = mimeparam_get("text/plain; charset=ISO-8859-1", "charset");
	assert_string_equal(v, "ISO-8859-1");
	free(v);
	assert_null(mimeparam_get("text/plain", "name"));
	v = mimeparam_type(" Application/PDF ; name=x");
	assert_string_equal(v, "application/pdf");
	free(v);
}

static void
test_rfc2231_single_extended_value(void **state)
{
	char	*v;

	(void)state;
	v = mimeparam_get("attachment; filename*=UTF-8''Sint-Jozef%20%E2%80%93"
	    "%20teamverslag.docx", "filename");
	assert_string_equal(v, "Sint-Jozef \xe2\x80\x93 teamverslag.docx");
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_base64_attachment_is_decoded_to_its_bytes),
		T(test_rfc2231_continuations_with_charset_are_joined),
		T(test_encoded_word_split_mid_character_decodes),
		T(test_quoted_printable_soft_breaks_and_final_equals),
		T(test_forwarded_message_attachments_are_marked),
		T(test_invalid_base64_is_noted_not_fatal),
		T(test_nesting_beyond_the_limit_is_refused),
		T(test_too_many_parts_is_refused),
		T(test_a_limit_exactly_reached_passes),
		T(test_plain_and_quoted_parameters),
		T(test_rfc2231_single_extended_value),
#undef T
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
