/* SPDX-License-Identifier: ISC */
/*
 * Authentication-Results (RFC 8601): only the topmost header written by
 * our own border MTA (the configured authserv-id) says whether DMARC
 * passed; headers with other ids, or below it, are the sender's words.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "authres.h"
#include "mail.h"
#include "testutil.h"

static enum authres_dmarc
dmarc(const char *headers, char *result)
{
	struct mail		*m;
	enum authres_dmarc	 d;
	char			*text;
	size_t			 len = strlen(headers);

	text = test_malloc(len + 64);
	snprintf(text, len + 64, "%sFrom: boc@example.nl\r\n\r\nhoi\r\n",
	    headers);
	m = testutil_mail(text);
	d = authres_dmarc(m, "mx.hsmarnix.nl", result, 16);
	mail_free(m);
	test_free(text);
	return (d);
}

static void
test_pass_from_our_mta(void **state)
{
	char	 r[16];

	(void)state;
	assert_int_equal(dmarc("Authentication-Results: mx.hsmarnix.nl;\r\n"
	    " spf=pass smtp.mailfrom=example.nl;\r\n"
	    " dkim=pass header.d=example.nl;\r\n"
	    " dmarc=pass (p=quarantine) header.from=example.nl\r\n", r),
	    AUTHRES_DMARC_PASS);
	assert_string_equal(r, "pass");
}

static void
test_fail_from_our_mta(void **state)
{
	char	 r[16];

	(void)state;
	assert_int_equal(dmarc("Authentication-Results: MX.HSMARNIX.NL 1; "
	    "dmarc=fail (p=reject dis=none) header.from=bestuur.nl\r\n", r),
	    AUTHRES_DMARC_FAIL);
	assert_string_equal(r, "fail");
}

static void
test_only_the_topmost_of_our_headers_counts(void **state)
{
	char	 r[16];

	(void)state;
	/* The forged one below ours (added before our MTA) is ignored. */
	assert_int_equal(dmarc("Authentication-Results: mx.hsmarnix.nl; "
	    "dmarc=fail header.from=bestuur.nl\r\n"
	    "Authentication-Results: mx.hsmarnix.nl; dmarc=pass\r\n", r),
	    AUTHRES_DMARC_FAIL);
}

static void
test_other_ids_and_comments_are_ignored(void **state)
{
	char	 r[16];

	(void)state;
	assert_int_equal(dmarc("Authentication-Results: evil.example; "
	    "dmarc=pass\r\n", r), AUTHRES_ABSENT);
	assert_string_equal(r, "absent");
	/* A comment naming our id does not make the header ours. */
	assert_int_equal(dmarc("Authentication-Results: (mx.hsmarnix.nl) "
	    "evil.example; dmarc=pass\r\n", r), AUTHRES_ABSENT);
	/* Nor does "dmarc=pass" inside a comment count as a result. */
	assert_int_equal(dmarc("Authentication-Results: mx.hsmarnix.nl; "
	    "spf=fail (dmarc=pass); dmarc=fail\r\n", r), AUTHRES_DMARC_FAIL);
}

static void
test_no_dmarc_result_is_other(void **state)
{
	char	 r[16];

	(void)state;
	assert_int_equal(dmarc("Authentication-Results: mx.hsmarnix.nl; "
	    "none\r\n", r), AUTHRES_DMARC_OTHER);
	assert_int_equal(dmarc("Authentication-Results: mx.hsmarnix.nl; "
	    "dmarc = temperror\r\n", r), AUTHRES_DMARC_OTHER);
	assert_string_equal(r, "temperror");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass_from_our_mta),
		cmocka_unit_test(test_fail_from_our_mta),
		cmocka_unit_test(test_only_the_topmost_of_our_headers_counts),
		cmocka_unit_test(test_other_ids_and_comments_are_ignored),
		cmocka_unit_test(test_no_dmarc_result_is_other),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
