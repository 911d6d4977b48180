/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the OAuth 2.0 token client: the JSON reply parser, the
 * form encoding, the XOAUTH2 string, and oauth2_access_token() against a
 * tiny HTTP server forked on 127.0.0.1 that answers canned replies and
 * keeps each request body as a file (cache, refresh, rotation, errors).
 */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "oauth2.h"
#include "oauth2-internal.h"
#include "testutil.h"
#include "xmalloc.h"

#define SERVER_MAX	8
#define REQUEST_MAX	(128 * 1024)

/* --- the reply parser ----------------------------------------------------- */

static void
parse_ok(const char *json, struct oauth2_reply *r)
{
	char	*cause = NULL;

	if (oauth2_reply_parse(r, json, strlen(json), &cause) != 0)
		fail_msg("parse failed: %s: %s", cause, json);
}

static char *
parse_fails(const char *json, size_t len)
{
	struct oauth2_reply	 r;
	char			*cause = NULL;

	if (oauth2_reply_parse(&r, json, len, &cause) == 0)
		fail_msg("parsed, should not: %.*s", (int)len, json);
	assert_non_null(cause);
	assert_null(r.access_token);
	return (cause);
}

static void
test_parse_microsoft_token_reply(void **state)
{
	struct oauth2_reply	 r;

	(void)state;
	parse_ok("{\"token_type\":\"Bearer\",\"scope\":\"https://outlook."
	    "office365.com/IMAP.AccessAsUser.All\",\"expires_in\":3599,"
	    "\"ext_expires_in\":3599,\"access_token\":\"eyJ0eXAi.x-y_z\","
	    "\"refresh_token\":\"0.AR8A\"}", &r);
	assert_string_equal(r.access_token, "eyJ0eXAi.x-y_z");
	assert_string_equal(r.refresh_token, "0.AR8A");
	assert_int_equal(r.expires_in, 3599);
	assert_null(r.error);
	oauth2_reply_clear(&r);
}

static void
test_parse_expires_in_as_string(void **state)
{
	struct oauth2_reply	 r;

	(void)state;
	parse_ok(" \r\n{ \"access_token\" : \"t\" , \"expires_in\" : \"3600\" }"
	    "\n", &r);
	assert_int_equal(r.expires_in, 3600);
	oauth2_reply_clear(&r);
}

static void
test_parse_escapes_and_unicode(void **state)
{
	struct oauth2_reply	 r;

	(void)state;
	parse_ok("{\"error\":\"x\",\"error_description\":\"a\\\"b\\\\c\\/d"
	    "\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83d\\ude00\"}", &r);
	assert_string_equal(r.error_description,
	    "a\"b\\c/d\b\f\n\r\tA\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	oauth2_reply_clear(&r);
}

static void
test_parse_error_reply_with_arrays_and_objects(void **state)
{
	struct oauth2_reply	 r;

	(void)state;
	parse_ok("{\"error\":\"invalid_grant\",\"error_description\":"
	    "\"AADSTS70008: The refresh token has expired.\",\"error_codes\":"
	    "[70008, -1.5e+3, 0.25],\"timestamp\":\"2024-01-01 00:00:00Z\","
	    "\"nested\":{\"a\":[true,false,null,{}],\"b\":[]},\"ok\":false}",
	    &r);
	assert_string_equal(r.error, "invalid_grant");
	assert_string_equal(r.error_description,
	    "AADSTS70008: The refresh token has expired.");
	assert_null(r.access_token);
	assert_int_equal(r.expires_in, -1);
	oauth2_reply_clear(&r);
}

static void
test_parse_missing_fields(void **state)
{
	struct oauth2_reply	 r;

	(void)state;
	parse_ok("{}", &r);
	assert_null(r.access_token);
	assert_null(r.refresh_token);
	assert_null(r.error);
	assert_int_equal(r.expires_in, -1);
	oauth2_reply_clear(&r);
	/* A non-string access_token is not taken. */
	parse_ok("{\"access_token\":42,\"refresh_token\":null}", &r);
	assert_null(r.access_token);
	assert_null(r.refresh_token);
	oauth2_reply_clear(&r);
}

static void
test_parse_repeated_name_last_wins(void **state)
{
	struct oauth2_reply	 r;

	(void)state;
	parse_ok("{\"access_token\":\"one\",\"access_token\":\"two\"}", &r);
	assert_string_equal(r.access_token, "two");
	oauth2_reply_clear(&r);
}

static void
test_parse_expires_in_capped(void **state)
{
	struct oauth2_reply	 r;

	(void)state;
	parse_ok("{\"expires_in\":123456789012345678901234567890}", &r);
	assert_int_equal(r.expires_in, 1000000000);
	oauth2_reply_clear(&r);
}

static void
test_parse_rejects_invalid_json(void **state)
{
	static const char *const bad[] = {
		"", " ", "[]", "\"s\"", "{", "{\"a\"", "{\"a\":}", "{\"a\" 1}",
		"{\"a\":1,}", "{,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":1e}",
		"{\"a\":-}", "{\"a\":tru}", "{\"a\":nul}", "{} x", "{}{}",
		"{\"a\":\"unterminated}", "{\"a\":\"tab\there\"}",
		"{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12zz\"}",
		"{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud83d\"}",
		"{\"a\":\"\\ude00\"}", "{\"a\":\"\\ud83d\\u0041\"}",
		"{\"a\":[1 2]}", "{\"a\":{\"b\"}}", "{\"a\":[1,]}",
		"{\"expires_in\":-5}", "{\"expires_in\":1.5}",
		"{\"expires_in\":\"12x\"}", "{\"expires_in\":\"\"}",
		"{'a':1}", "{a:1}",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		free(parse_fails(bad[i], strlen(bad[i])));
	/* An embedded NUL byte ends nothing: it is invalid. */
	free(parse_fails("{\"a\":1}\0", 8));
}

static void
test_parse_rejects_deep_nesting(void **state)
{
	struct oauth2_reply	 r;
	char			 json[128];
	int			 n;

	(void)state;
	/* 16 levels below the object are fine, 17 are not. */
	n = snprintf(json, sizeof json, "{\"a\":%.16s%.16s}",
	    "[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]");
	assert_true(n > 0 && (size_t)n < sizeof json);
	parse_ok(json, &r);
	oauth2_reply_clear(&r);
	n = snprintf(json, sizeof json, "{\"a\":%.17s%.17s}",
	    "[[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]]");
	assert_true(n > 0 && (size_t)n < sizeof json);
	free(parse_fails(json, strlen(json)));
}

static void
test_parse_rejects_oversized_string(void **state)
{
	struct buf	 b;
	char		*cause;
	int		 i;

	(void)state;
	buf_init(&b, 0);
	buf_adds(&b, "{\"access_token\":\"");
	for (i = 0; i < 20000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"}");
	cause = parse_fails(b.data, b.len);
	assert_non_null(strstr(cause, "longer than 16384"));
	free(cause);
	buf_clear(&b);
}

/* --- the form and the SASL string ---------------------------------------- */

static void
test_form_encoding(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(oauth2_form_add(&b, "grant_type", "refresh_token"), 0);
	assert_int_equal(oauth2_form_add(&b, "scope", "https://outlook."
	    "office365.com/IMAP.AccessAsUser.All offline_access"), 0);
	assert_int_equal(oauth2_form_add(&b, "client_secret",
	    "a+b&c=d%e~f\xc3\xa9*-._"), 0);
	assert_int_equal(oauth2_form_add(&b, "empty", ""), 0);
	assert_string_equal(b.data, "grant_type=refresh_token"
	    "&scope=https%3A%2F%2Foutlook.office365.com%2FIMAP.AccessAsUser.All"
	    "+offline_access"
	    "&client_secret=a%2Bb%26c%3Dd%25e%7Ef%C3%A9*-._"
	    "&empty=");
	buf_clear(&b);
	/* The buffer's maximum is honoured. */
	buf_init(&b, 8);
	assert_int_equal(oauth2_form_add(&b, "key", "value-too-long"), -1);
	buf_clear(&b);
}

static void
test_xoauth2_string(void **state)
{
	char	*s;

	(void)state;
	s = oauth2_xoauth2("partnerschap@hsmarnix.nl", "tok.en");
	assert_string_equal(s, "user=partnerschap@hsmarnix.nl\001"
	    "auth=Bearer tok.en\001\001");
	free(s);
}

/* --- oauth2_access_token() against a forked server ------------------------ */

struct server {
	pid_t		 pid;
	char		*url;
	const char	*replies[SERVER_MAX];	/* "STATUS BODY" */
	int		 nreplies;
};

struct fixture {
	char		*dir;
	char		*reqdir;
	struct config	 cf;
	struct server	 srv;
};

/* Read one HTTP request; keep its body as reqdir/N. */
static int
server_read(int fd, const char *reqdir, int n)
{
	char	*req = xmalloc(REQUEST_MAX + 1), *end, *cl, *path;
	size_t	 len = 0, want = 0;
	ssize_t	 r;

	for (;;) {
		r = read(fd, req + len, REQUEST_MAX - len);
		if (r <= 0)
			break;
		len += (size_t)r;
		req[len] = '\0';
		end = strstr(req, "\r\n\r\n");
		if (end == NULL)
			continue;
		cl = strcasestr(req, "\r\nContent-Length:");
		want = (size_t)(end + 4 - req) +
		    (cl != NULL ? strtoul(cl + 17, NULL, 10) : 0);
		if (len >= want)
			break;
	}
	if (want == 0 || len < want) {
		free(req);
		return (-1);
	}
	path = xasprintf("%s/%d", reqdir, n);
	testutil_write_str(path, strstr(req, "\r\n\r\n") + 4);
	free(path);
	free(req);
	return (0);
}

static void
server_reply(int fd, const char *reply)
{
	char	*head;
	long	 status = strtol(reply, NULL, 10);
	const char *body = strchr(reply, ' ') + 1;

	head = xasprintf("HTTP/1.1 %ld X\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n", status,
	    strlen(body));
	if (write(fd, head, strlen(head)) < 0 ||
	    write(fd, body, strlen(body)) < 0)
		_exit(2);
	free(head);
}

static void
server_loop(int lfd, struct fixture *fx)
{
	int	 i, fd;

	for (i = 0; i < fx->srv.nreplies; i++) {
		fd = accept(lfd, NULL, NULL);
		if (fd == -1)
			_exit(3);
		if (server_read(fd, fx->reqdir, i + 1) == 0)
			server_reply(fd, fx->srv.replies[i]);
		close(fd);
	}
	_exit(0);
}

/* Serve the replies, one per connection, in order. */
static void
server_start(struct fixture *fx)
{
	struct sockaddr_in	 sin;
	socklen_t		 slen = sizeof sin;
	int			 lfd;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd != -1);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(listen(lfd, 8), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sin, &slen), 0);
	fx->srv.url = xasprintf("http://127.0.0.1:%d/token",
	    ntohs(sin.sin_port));
	fx->cf.oauth2_token_url = fx->srv.url;
	fx->srv.pid = fork();
	assert_true(fx->srv.pid != -1);
	if (fx->srv.pid == 0)
		server_loop(lfd, fx);
	close(lfd);
}

static void
server_stop(struct fixture *fx)
{
	int	 status;

	if (fx->srv.pid <= 0)
		return;
	kill(fx->srv.pid, SIGTERM);
	waitpid(fx->srv.pid, &status, 0);
	fx->srv.pid = 0;
}

/* How many requests the server has seen. */
static int
server_requests(struct fixture *fx)
{
	struct stat	 st;
	char		*path;
	int		 n = 0;

	for (;;) {
		path = xasprintf("%s/%d", fx->reqdir, n + 1);
		if (stat(path, &st) != 0) {
			free(path);
			return (n);
		}
		free(path);
		n++;
	}
}

static char *
server_request(struct fixture *fx, int n)
{
	char	*path, *body;
	FILE	*f;
	char	 line[4096];

	path = xasprintf("%s/%d", fx->reqdir, n);
	f = fopen(path, "r");
	free(path);
	assert_non_null(f);
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	body = xstrdup(line);
	return (body);
}

static char *
fx_path(struct fixture *fx, const char *name)
{
	return (xasprintf("%s/%s", fx->dir, name));
}

static int
setup(void **state)
{
	struct fixture	*fx;
	char		*p;

	fx = xcalloc(1, sizeof *fx);
	fx->dir = testutil_tmpdir("test-oauth2");
	if (fx->dir == NULL) {
		free(fx);
		return (-1);
	}
	fx->reqdir = fx_path(fx, "requests");
	mkdir(fx->reqdir, 0700);
	fx->cf.oauth2_client_id = xstrdup("client one");
	fx->cf.oauth2_client_secret_file = fx_path(fx, "secret");
	fx->cf.oauth2_refresh_token_file = fx_path(fx, "refresh");
	fx->cf.oauth2_scope = xstrdup("https://x/IMAP.AccessAsUser.All "
	    "offline_access");
	fx->cf.state_dir = fx_path(fx, "state");
	fx->cf.tls_verify = 1;
	mkdir(fx->cf.state_dir, 0700);
	testutil_write_str(fx->cf.oauth2_client_secret_file, "s3cr&t\n");
	testutil_write_str(fx->cf.oauth2_refresh_token_file, "RT0\n");
	p = fx_path(fx, "state/oauth2-refresh-token");
	unlink(p);
	free(p);
	oauth2_cache_clear();
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	server_stop(fx);
	oauth2_cache_clear();
	testutil_rmtree(fx->dir);
	free(fx->srv.url);
	free(fx->cf.oauth2_client_id);
	free(fx->cf.oauth2_client_secret_file);
	free(fx->cf.oauth2_refresh_token_file);
	free(fx->cf.oauth2_scope);
	free(fx->cf.state_dir);
	free(fx->reqdir);
	free(fx->dir);
	free(fx);
	return (0);
}

static char *
token_ok(struct fixture *fx, int force)
{
	char	*cause = NULL, *t;

	t = oauth2_access_token(&fx->cf, force, &cause);
	if (t == NULL)
		fail_msg("oauth2_access_token: %s", cause);
	return (t);
}

static char *
token_fails(struct fixture *fx)
{
	char	*cause = NULL;

	assert_null(oauth2_access_token(&fx->cf, 0, &cause));
	assert_non_null(cause);
	return (cause);
}

static void
assert_token(struct fixture *fx, int force, const char *want)
{
	char	*t = token_ok(fx, force);

	assert_string_equal(t, want);
	free(t);
}

static void
test_cache_second_call_makes_no_request(void **state)
{
	struct fixture	*fx = *state;
	char		*body;

	fx->srv.replies[0] = "200 {\"access_token\":\"AT1\",\"expires_in\":3600}";
	fx->srv.replies[1] = "200 {\"access_token\":\"AT2\",\"expires_in\":3600}";
	fx->srv.nreplies = 2;
	server_start(fx);
	assert_token(fx, 0, "AT1");
	assert_token(fx, 0, "AT1");
	assert_int_equal(server_requests(fx), 1);
	body = server_request(fx, 1);
	assert_string_equal(body, "grant_type=refresh_token&refresh_token=RT0"
	    "&client_id=client+one&client_secret=s3cr%26t"
	    "&scope=https%3A%2F%2Fx%2FIMAP.AccessAsUser.All+offline_access");
	free(body);
	/* A server refused the token: force bypasses the cache. */
	assert_token(fx, 1, "AT2");
	assert_int_equal(server_requests(fx), 2);
}

static void
test_cache_expired_token_is_fetched_again(void **state)
{
	struct fixture	*fx = *state;

	/* 60 s is the safety margin: such a token is stale at once. */
	fx->srv.replies[0] = "200 {\"access_token\":\"AT1\",\"expires_in\":60}";
	fx->srv.replies[1] = "200 {\"access_token\":\"AT2\",\"expires_in\":61}";
	fx->srv.replies[2] = "200 {\"access_token\":\"AT3\",\"expires_in\":99}";
	fx->srv.nreplies = 3;
	server_start(fx);
	assert_token(fx, 0, "AT1");
	assert_token(fx, 0, "AT2");
	assert_int_equal(server_requests(fx), 2);
	assert_token(fx, 0, "AT2");
	sleep(2);	/* AT2 was good for one second */
	assert_token(fx, 0, "AT3");
	assert_int_equal(server_requests(fx), 3);
}

static void
test_cache_keyed_by_client(void **state)
{
	struct fixture	*fx = *state;

	fx->srv.replies[0] = "200 {\"access_token\":\"AT1\",\"expires_in\":3600}";
	fx->srv.replies[1] = "200 {\"access_token\":\"AT2\",\"expires_in\":3600}";
	fx->srv.nreplies = 2;
	server_start(fx);
	assert_token(fx, 0, "AT1");
	free(fx->cf.oauth2_client_id);
	fx->cf.oauth2_client_id = xstrdup("client two");
	assert_token(fx, 0, "AT2");
}

static void
test_rotated_refresh_token_stored_and_used(void **state)
{
	struct fixture	*fx = *state;
	struct stat	 st;
	struct timeval	 later[2];
	char		*stored, *body, *why = NULL, *rt;

	fx->srv.replies[0] = "200 {\"access_token\":\"AT1\",\"expires_in\":3600,"
	    "\"refresh_token\":\"RT1\"}";
	fx->srv.replies[1] = "200 {\"access_token\":\"AT2\",\"expires_in\":3600}";
	fx->srv.replies[2] = "200 {\"access_token\":\"AT3\",\"expires_in\":3600}";
	fx->srv.nreplies = 3;
	server_start(fx);
	assert_token(fx, 0, "AT1");
	stored = fx_path(fx, "state/oauth2-refresh-token");
	assert_int_equal(stat(stored, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	rt = config_read_secret(stored, &why);
	assert_string_equal(rt, "RT1");
	free(rt);
	assert_token(fx, 1, "AT2");
	body = server_request(fx, 2);
	assert_non_null(strstr(body, "&refresh_token=RT1&"));
	free(body);
	/* The operator put a new token in the configured file: it wins. */
	testutil_write_str(fx->cf.oauth2_refresh_token_file, "RT9\n");
	gettimeofday(&later[0], NULL);
	later[0].tv_sec += 10;
	later[1] = later[0];
	assert_int_equal(utimes(fx->cf.oauth2_refresh_token_file, later), 0);
	assert_token(fx, 1, "AT3");
	body = server_request(fx, 3);
	assert_non_null(strstr(body, "&refresh_token=RT9&"));
	free(body);
	free(stored);
}

static void
test_client_credentials_without_refresh_token(void **state)
{
	struct fixture	*fx = *state;
	char		*body;

	free(fx->cf.oauth2_refresh_token_file);
	fx->cf.oauth2_refresh_token_file = NULL;
	free(fx->cf.oauth2_client_secret_file);
	fx->cf.oauth2_client_secret_file = NULL;
	free(fx->cf.oauth2_scope);
	fx->cf.oauth2_scope = NULL;
	fx->srv.replies[0] = "200 {\"access_token\":\"AT1\",\"expires_in\":3600,"
	    "\"refresh_token\":\"ignored\"}";
	fx->srv.nreplies = 1;
	server_start(fx);
	assert_token(fx, 0, "AT1");
	body = server_request(fx, 1);
	assert_string_equal(body, "grant_type=client_credentials"
	    "&client_id=client+one");
	free(body);
	body = fx_path(fx, "state/oauth2-refresh-token");
	assert_int_equal(access(body, F_OK), -1);
	free(body);
}

static void
test_server_error_is_reported_without_secrets(void **state)
{
	struct fixture	*fx = *state;
	char		*cause;

	fx->srv.replies[0] = "400 {\"error\":\"invalid_grant\","
	    "\"error_description\":\"AADSTS70008: expired\\r\\nx\","
	    "\"error_codes\":[70008]}";
	fx->srv.nreplies = 1;
	server_start(fx);
	cause = token_fails(fx);
	assert_non_null(strstr(cause, fx->srv.url));
	assert_non_null(strstr(cause, "refresh_token grant: invalid_grant: "
	    "AADSTS70008: expired??x (HTTP 400)"));
	assert_null(strstr(cause, "RT0"));
	assert_null(strstr(cause, "s3cr"));
	free(cause);
}

static void
test_bad_replies_are_reported(void **state)
{
	struct fixture	*fx = *state;
	char		*cause;

	fx->srv.replies[0] = "200 {\"expires_in\":3600}";
	fx->srv.replies[1] = "502 <html>bad gateway</html>";
	fx->srv.replies[2] = "500 {}";
	fx->srv.replies[3] = "200 {\"access_token\":\"a b\"}";
	fx->srv.nreplies = 4;
	server_start(fx);
	cause = token_fails(fx);
	assert_non_null(strstr(cause, "no access_token"));
	free(cause);
	cause = token_fails(fx);
	assert_non_null(strstr(cause, "HTTP 502, unreadable reply: invalid "
	    "JSON at byte 0"));
	free(cause);
	cause = token_fails(fx);
	assert_non_null(strstr(cause, "HTTP 500 without an error"));
	free(cause);
	cause = token_fails(fx);
	assert_non_null(strstr(cause, "not printable"));
	free(cause);
}

static void
test_reply_over_64k_refused(void **state)
{
	struct fixture	*fx = *state;
	struct buf	 b;
	char		*cause;
	int		 i;

	buf_init(&b, 0);
	buf_adds(&b, "200 {\"access_token\":\"AT\",\"pad\":\"");
	for (i = 0; i < 70000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"}");
	fx->srv.replies[0] = b.data;
	fx->srv.nreplies = 1;
	server_start(fx);
	cause = token_fails(fx);
	assert_non_null(strstr(cause, "reply larger than 65536 bytes"));
	free(cause);
	buf_clear(&b);
}

static void
test_token_url_must_be_https_or_local(void **state)
{
	static const char *const bad[] = {
		"http://example.org/token", "http://127.0.0.1.example.org/t",
		"http://localhost@example.org/t", "ftp://127.0.0.1/t",
		"file:///etc/passwd", "127.0.0.1/token",
	};
	struct fixture	*fx = *state;
	char		*cause;
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fx->cf.oauth2_token_url = (char *)(uintptr_t)bad[i];
		cause = token_fails(fx);
		assert_non_null(strstr(cause, "not https://"));
		free(cause);
	}
	fx->cf.oauth2_token_url = NULL;
}

static void
test_missing_secret_file_reported(void **state)
{
	struct fixture	*fx = *state;
	char		*cause;

	fx->cf.oauth2_token_url = (char *)(uintptr_t)"http://localhost:1/t";
	unlink(fx->cf.oauth2_client_secret_file);
	cause = token_fails(fx);
	assert_non_null(strstr(cause, "client secret: "));
	free(cause);
	fx->cf.oauth2_token_url = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_microsoft_token_reply),
		cmocka_unit_test(test_parse_expires_in_as_string),
		cmocka_unit_test(test_parse_escapes_and_unicode),
		cmocka_unit_test(test_parse_error_reply_with_arrays_and_objects),
		cmocka_unit_test(test_parse_missing_fields),
		cmocka_unit_test(test_parse_repeated_name_last_wins),
		cmocka_unit_test(test_parse_expires_in_capped),
		cmocka_unit_test(test_parse_rejects_invalid_json),
		cmocka_unit_test(test_parse_rejects_deep_nesting),
		cmocka_unit_test(test_parse_rejects_oversized_string),
		cmocka_unit_test(test_form_encoding),
		cmocka_unit_test(test_xoauth2_string),
		cmocka_unit_test_setup_teardown(
		    test_cache_second_call_makes_no_request, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cache_expired_token_is_fetched_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_keyed_by_client,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_rotated_refresh_token_stored_and_used, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_client_credentials_without_refresh_token, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_server_error_is_reported_without_secrets, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_replies_are_reported,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_over_64k_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_token_url_must_be_https_or_local, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_missing_secret_file_reported, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
