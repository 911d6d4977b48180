/* SPDX-License-Identifier: ISC */
/*
 * Never a loop (RFC 3834 §2, RFC 3464): which mails may not be answered
 * whatever the rules say, and which of our mails a bounce names.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bounce.h"
#include "config.h"
#include "loopguard.h"
#include "mail.h"
#include "runtime.h"
#include "sender.h"
#include "testutil.h"

#define PLAIN	"From: Anne de Vries <a.devries@bergrivier.nl>\r\n" \
		"To: partnerschap@hsmarnix.nl\r\n" \
		"Subject: Aanmelding 26 januari\r\n" \
		"Message-ID: <abc@bergrivier.nl>\r\n"

/* Why a mail with these extra headers may not be answered, or NULL. */
static char *
why_not(const char *headers, int own)
{
	struct config	 cf;
	struct runtime	 rt;
	struct sender	 s;
	struct mail	*m;
	char		*text, *why;

	memset(&cf, 0, sizeof cf);
	memset(&rt, 0, sizeof rt);
	memset(&s, 0, sizeof s);
	cf.max_received = 50;
	rt.cf = &cf;
	s.own = own;
	if (asprintf(&text, "%s%s\r\nHierbij.\r\n", headers, PLAIN) == -1)
		fail();
	m = testutil_mail(text);
	why = loopguard_check(&rt, m, &s);
	mail_free(m);
	free(text);
	return (why);
}

static void
assert_refused(const char *headers, const char *reason)
{
	char	*why = why_not(headers, 0);

	if (why == NULL)
		fail_msg("answered: %s", headers);
	if (strstr(why, reason) == NULL)
		fail_msg("\"%s\" does not name \"%s\"", why, reason);
	free(why);
}

static void
test_a_person_may_be_answered(void **state)
{
	(void)state;
	assert_null(why_not("", 0));
	assert_null(why_not("Auto-Submitted: no\r\n", 0));
	assert_null(why_not("Auto-Submitted: No (a person wrote this)\r\n",
	    0));
	assert_null(why_not("Precedence: first-class\r\n", 0));
	assert_null(why_not("X-Auto-Response-Suppress: DR, RN\r\n", 0));
}

static void
test_automatic_mail_is_never_answered(void **state)
{
	(void)state;
	assert_refused("Auto-Submitted: auto-replied\r\n", "Auto-Submitted");
	assert_refused("Auto-Submitted: No-thanks\r\n", "Auto-Submitted");
	assert_refused("Precedence: bulk\r\n", "Precedence");
	assert_refused("Precedence: junk\r\n", "Precedence");
	assert_refused("List-Unsubscribe: <mailto:x@lists.example>\r\n",
	    "List-header");
	assert_refused("List-Id: <nieuws.example.nl>\r\n", "List-header");
	assert_refused("X-Auto-Response-Suppress: DR, OOF\r\n",
	    "X-Auto-Response-Suppress");
	assert_refused("X-Auto-Response-Suppress: All\r\n",
	    "X-Auto-Response-Suppress");
}

static void
test_reports_and_robots_are_never_answered(void **state)
{
	char	*why;

	(void)state;
	assert_refused("Return-Path: <>\r\n", "RFC 3464");
	assert_refused("Content-Type: multipart/report; "
	    "report-type=delivery-status; boundary=x\r\n", "RFC 3464");
	why = NULL;
	{
		struct config	 cf = { .max_received = 50 };
		struct runtime	 rt = { .cf = &cf };
		struct sender	 s = { .own = 0 };
		struct mail	*m = testutil_mail("From: MAILER-DAEMON@"
		    "mx.example.org\r\nSubject: Undelivered\r\n\r\nx\r\n");

		why = loopguard_check(&rt, m, &s);
		mail_free(m);
	}
	assert_non_null(why);
	free(why);
}

/* n Received: lines. */
static char *
received(int n)
{
	static const char	 line[] = "Received: from a by b; x\r\n";
	char			*text;
	int			 i;

	text = test_calloc(n, sizeof line - 1 + 1);
	for (i = 0; i < n; i++)
		memcpy(text + i * (sizeof line - 1), line, sizeof line - 1);
	return (text);
}

static void
test_our_own_mail_and_hop_loops_are_never_answered(void **state)
{
	char	*why, *text;

	(void)state;
	why = why_not("", 1);
	assert_non_null(strstr(why, "eigen adres"));
	free(why);
	assert_refused("X-Hercert-Kind: aanmelding-bevestigd\r\n",
	    "X-Hercert-Kind");
	text = received(51);
	assert_refused(text, "Received");
	test_free(text);
	text = received(50);
	assert_null(why_not(text, 0));
	test_free(text);
}

static void
test_own_message_id_coming_back_is_refused(void **state)
{
	struct config	 cf = { .max_received = 50 };
	struct runtime	 rt = { .cf = &cf };
	struct sender	 s = { .own = 0 };
	struct mail	*m;
	char		*why;

	(void)state;
	m = testutil_mail("From: a@b.nl\r\nMessage-ID: <hercert.digest."
	    "1234@hsmarnix.nl>\r\nSubject: x\r\n\r\nx\r\n");
	why = loopguard_check(&rt, m, &s);
	assert_non_null(why);
	assert_non_null(strstr(why, "Message-ID"));
	free(why);
	mail_free(m);
}

static const char dsn[] =
	"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\n"
	"To: partnerschap@hsmarnix.nl\r\n"
	"Subject: Undelivered Mail Returned to Sender\r\n"
	"Message-ID: <20230105.1@mx.example.org>\r\n"
	"Content-Type: multipart/report; report-type=delivery-status;\r\n"
	"\tboundary=\"B\"\r\n"
	"\r\n"
	"--B\r\n"
	"Content-Type: text/plain\r\n\r\n"
	"Your message could not be delivered.\r\n"
	"--B\r\n"
	"Content-Type: message/delivery-status\r\n\r\n"
	"Reporting-MTA: dns; mx.example.org\r\n\r\n"
	"Final-Recipient: rfc822; a.devries@bergrivier.nl\r\n"
	"Action: failed\r\n"
	"Status: 5.1.1\r\n"
	"Diagnostic-Code: smtp; 550 5.1.1 <a.devries@bergrivier.nl>: "
	"Recipient address rejected\r\n"
	"--B\r\n"
	"Content-Type: text/rfc822-headers\r\n\r\n"
	"From: Partners in Opleiding <partnerschap@hsmarnix.nl>\r\n"
	"Message-ID: <hercert.aanmelding-bevestigd.3f2a9c1e@hsmarnix.nl>\r\n"
	"Subject: Bevestiging aanmelding\r\n"
	"--B--\r\n";

static void
test_bounce_names_our_message_and_why(void **state)
{
	struct bounce	 b;
	char		*d;

	(void)state;
	assert_int_equal(bounce_scan(dsn, sizeof dsn - 1, &b), 0);
	assert_string_equal(b.message_id,
	    "<hercert.aanmelding-bevestigd.3f2a9c1e@hsmarnix.nl>");
	assert_string_equal(b.status, "5.1.1");
	assert_string_equal(b.recipient, "rfc822; a.devries@bergrivier.nl");
	d = bounce_describe(&b);
	assert_non_null(strstr(d, "Recipient address rejected"));
	free(d);
	bounce_clear(&b);
}

static void
test_report_without_our_message_names_none(void **state)
{
	static const char other[] = "From: MAILER-DAEMON@x\r\n"
	    "Message-ID: <hercert.fake@hsmarnix.nl>\r\n\r\n"
	    "Message-ID: <someone@else.nl>\r\nStatus: 5.0.0\r\n";
	struct bounce	 b;

	(void)state;
	/* Our id in the report's own header block does not count. */
	assert_int_equal(bounce_scan(other, sizeof other - 1, &b), -1);
	assert_null(b.message_id);
	bounce_clear(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_person_may_be_answered),
		cmocka_unit_test(test_automatic_mail_is_never_answered),
		cmocka_unit_test(test_reports_and_robots_are_never_answered),
		cmocka_unit_test(
		    test_our_own_mail_and_hop_loops_are_never_answered),
		cmocka_unit_test(test_own_message_id_coming_back_is_refused),
		cmocka_unit_test(test_bounce_names_our_message_and_why),
		cmocka_unit_test(test_report_without_our_message_names_none),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
