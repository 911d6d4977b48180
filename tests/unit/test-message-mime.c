/* SPDX-License-Identifier: ISC */
/*
 * The MIME structure of outgoing mail: the HTML alternative, attachments
 * whose names (from mail and master data) can never break a header and
 * come back intact through RFC 2231, base64 within 76 columns.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "message.h"
#include "mimeparam.h"
#include "testutil.h"
#include "xmalloc.h"

struct fixture {
	char	*dir;
	char	*pdf;
};

static int
setup(void **state)
{
	struct fixture	*fx = xcalloc(1, sizeof *fx);
	unsigned char	 data[1000];
	size_t		 i;

	fx->dir = testutil_tmpdir("test-message-mime");
	fx->pdf = xasprintf("%s/a.pdf", fx->dir);
	for (i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7);
	testutil_write(fx->pdf, data, sizeof data);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	testutil_rmtree(fx->dir);
	free(fx->dir);
	free(fx->pdf);
	free(fx);
	return (0);
}

static char *
build(const struct outfile *files, size_t nfiles, const char *html,
    size_t *len)
{
	struct outmsg	 o;
	char		*cause = NULL, *msg;

	memset(&o, 0, sizeof o);
	o.from_name = "Partnerschap";
	o.from_addr = "partnerschap@hsmarnix.nl";
	o.to_addr = "boc@bestuur-brg.nl";
	o.subject = "Bundel";
	o.message_id = "<hercert.bundel.1@hsmarnix.nl>";
	o.auto_submitted = "auto-generated";
	o.kind = "bundel-auditor";
	o.body = "Beste Jan,\n\nHierbij de bundel.\n";
	o.html = html;
	o.files = files;
	o.nfiles = nfiles;
	o.date = 1674723600;
	if ((msg = message_build(&o, len, &cause)) == NULL)
		fail_msg("message_build: %s", cause);
	return (msg);
}

/* The header block of the nth attachment (the parts after the text). */
static char *
part_headers(const char *msg, int nth)
{
	const char	*p = msg, *end;
	int		 i;

	/* Preamble, then the text part, then the attachments. */
	for (i = 0; i < nth + 2; i++) {
		if ((p = strstr(p, "\r\n--=_hercert_mix_")) == NULL)
			return (NULL);
		p += 2;
	}
	p = strstr(p, "\r\n") + 2;
	end = strstr(p, "\r\n\r\n");
	return (xstrndup(p, (size_t)(end - p)));
}

/* The headers unfolded into one line, the way a reader sees them. */
static char *
unfold(const char *h)
{
	char	*out = xstrdup(h), *w = out;

	for (; *h != '\0'; h++) {
		if (h[0] == '\r' && h[1] == '\n' && (h[2] == ' ' ||
		    h[2] == '\t')) {
			h += 1;
			continue;
		}
		*w++ = *h;
	}
	*w = '\0';
	return (out);
}

static void
assert_lines_within(const char *msg, size_t len, size_t max)
{
	const char	*p = msg, *nl;

	while (p < msg + len && (nl = strstr(p, "\r\n")) != NULL) {
		if ((size_t)(nl - p) > max)
			fail_msg("line of %zu: %.*s", (size_t)(nl - p),
			    (int)(nl - p), p);
		p = nl + 2;
	}
}

static void
test_html_alternative_follows_the_text(void **state)
{
	char	*msg, *text, *html;
	size_t	 len;

	(void)state;
	msg = build(NULL, 0, "<p>Beste Jan, &lt;b&gt;</p>\n", &len);
	assert_non_null(strstr(msg, "Content-Type: multipart/alternative;"));
	text = strstr(msg, "Content-Type: text/plain; charset=utf-8");
	html = strstr(msg, "Content-Type: text/html; charset=utf-8");
	assert_non_null(text);
	assert_non_null(html);
	assert_true(text < html);	/* the best part last (RFC 2046) */
	assert_null(strstr(msg, "multipart/mixed"));
	assert_lines_within(msg, len, 78);
	free(msg);
}

static void
test_attachment_name_round_trips_through_rfc2231(void **state)
{
	struct fixture	*fx = *state;
	const char	*name = "Pre-advies CBS Eben-Ha\xc3\xabzer "
			    "(Kamerik) \xe2\x80\x93 versie 2 met een heel "
			    "lange naam die over meer regels gaat.pdf";
	struct outfile	 f = { name, fx->pdf, "application/pdf" };
	char		*msg, *h, *u, *got;
	size_t		 len;

	msg = build(&f, 1, NULL, &len);
	assert_non_null(strstr(msg, "Content-Type: multipart/mixed;"));
	h = part_headers(msg, 0);
	assert_non_null(h);
	assert_non_null(strstr(h, "filename*0*=UTF-8''"));
	assert_non_null(strstr(h, "filename*1*="));
	u = unfold(h);
	got = mimeparam_get(strstr(u, "Content-Disposition:") + 20,
	    "filename");
	assert_non_null(got);
	assert_string_equal(got, name);
	assert_lines_within(msg, len, 78);
	free(got);
	free(u);
	free(h);
	free(msg);
}

static void
test_hostile_name_cannot_break_a_header(void **state)
{
	struct fixture	*fx = *state;
	struct outfile	 f = { "x\"\r\nBcc: x@example.org\r\n\r\n.\r\n%s.pdf",
	    fx->pdf, NULL };
	char		*msg, *h;
	size_t		 len, i, n;

	msg = build(&f, 1, NULL, &len);
	h = part_headers(msg, 0);
	assert_non_null(h);
	/* No header line of the part starts with anything but ours. */
	assert_null(strstr(msg, "\r\nBcc:"));
	assert_null(strstr(msg, "\r\n.\r\n"));
	/* Two quotes only: around the ASCII name, which is cleaned. */
	for (i = 0, n = 0; h[i] != '\0'; i++)
		n += h[i] == '"';
	assert_int_equal(n, 2);
	assert_non_null(strstr(h, "name=\"x_Bcc_x_example.org_._s.pdf\""));
	free(h);
	free(msg);
}

static void
test_attachment_is_base64_within_76_columns(void **state)
{
	struct fixture	*fx = *state;
	struct outfile	 f[2] = {
		{ "a.pdf", fx->pdf, "application/pdf" },
		{ "b.pdf", fx->pdf, NULL },
	};
	char		*msg, *h;
	size_t		 len;

	msg = build(f, 2, "<p>hoi</p>", &len);
	h = part_headers(msg, 1);
	assert_non_null(strstr(h, "application/octet-stream"));
	assert_non_null(strstr(h, "Content-Transfer-Encoding: base64"));
	assert_lines_within(msg, len, 76);
	/* The alternative sits inside the mixed part, first. */
	assert_true(strstr(msg, "multipart/alternative") <
	    strstr(msg, "Content-Disposition: attachment"));
	free(h);
	free(msg);
}

static void
test_missing_file_is_an_error_not_an_empty_part(void **state)
{
	struct outfile	 f = { "weg.pdf", "/nonexistent/weg.pdf", NULL };
	struct outmsg	 o;
	char		*cause = NULL;
	size_t		 len;

	(void)state;
	memset(&o, 0, sizeof o);
	o.from_addr = "partnerschap@hsmarnix.nl";
	o.to_addr = "boc@bestuur-brg.nl";
	o.subject = "x";
	o.message_id = "<hercert.x@hsmarnix.nl>";
	o.auto_submitted = "auto-generated";
	o.kind = "x";
	o.body = "x";
	o.files = &f;
	o.nfiles = 1;
	assert_null(message_build(&o, &len, &cause));
	assert_non_null(strstr(cause, "/nonexistent/weg.pdf"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_alternative_follows_the_text),
		cmocka_unit_test_setup_teardown(
		    test_attachment_name_round_trips_through_rfc2231, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_hostile_name_cannot_break_a_header, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_attachment_is_base64_within_76_columns, setup,
		    teardown),
		cmocka_unit_test(test_missing_file_is_an_error_not_an_empty_part),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
