/* SPDX-License-Identifier: ISC */
/*
 * OAuth 2.0 access tokens for SASL XOAUTH2: the refresh-token and
 * client-credentials grants (RFC 6749 sections 4.4, 6) POSTed as a form
 * (Appendix B) over libcurl, the JSON reply (RFC 8259) read by a small
 * bounded parser, a process-wide cache and a rotated refresh token kept in
 * the state directory.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "oauth2.h"
#include "oauth2-internal.h"
#include "xmalloc.h"

#define OAUTH2_REPLY_MAX	(64 * 1024)	/* bytes of a reply */
#define OAUTH2_VALUE_MAX	(16 * 1024)	/* bytes of one string value */
#define OAUTH2_KEY_MAX		256		/* bytes of one member name */
#define OAUTH2_DEPTH_MAX	16		/* nesting of skipped values */
#define OAUTH2_EXPIRES_MAX	1000000000LL	/* seconds; caps expires_in */
#define OAUTH2_MARGIN		60		/* seconds before expiry */
#define OAUTH2_LIFETIME		300		/* when expires_in is absent */
#define OAUTH2_TEXT_MAX		200		/* server text in an error */
#define OAUTH2_STORED		"oauth2-refresh-token"

/* One token for one endpoint, client and scope. */
static struct {
	char	*key;
	char	*token;
	time_t	 expires;	/* oauth2_now() seconds */
} oauth2_cache;

static int	oauth2_warned;

struct oauth2_json {
	const char	*p;
	const char	*end;
	int		 toolong;	/* a string hit its maximum */
};

static int	oauth2_json_skip(struct oauth2_json *, int);

static void
oauth2_json_ws(struct oauth2_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

/* Consume c after optional white space. */
static int
oauth2_json_expect(struct oauth2_json *j, char c)
{
	oauth2_json_ws(j);
	if (j->p >= j->end || *j->p != c)
		return (-1);
	j->p++;
	return (0);
}

static int
oauth2_json_hex4(struct oauth2_json *j, unsigned int *out)
{
	unsigned int	 v = 0, c;
	int		 i;

	if (j->end - j->p < 4)
		return (-1);
	for (i = 0; i < 4; i++) {
		c = (unsigned char)*j->p++;
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return (-1);
		v = v << 4 | c;
	}
	*out = v;
	return (0);
}

static int
oauth2_utf8(struct buf *out, unsigned int cp)
{
	char	 u[4];
	size_t	 n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		n = 4;
	}
	if (n >= 4)
		u[n - 3] = (char)(0x80 | (cp >> 12 & 0x3f));
	if (n >= 3)
		u[n - 2] = (char)(0x80 | (cp >> 6 & 0x3f));
	if (n >= 2)
		u[n - 1] = (char)(0x80 | (cp & 0x3f));
	return (out == NULL ? 0 : buf_add(out, u, n));
}

/* \uXXXX (a surrogate pair as one code point); NUL and lone halves fail. */
static int
oauth2_json_unicode(struct oauth2_json *j, struct buf *out)
{
	unsigned int	 cp, lo;

	if (oauth2_json_hex4(j, &cp) != 0 || cp == 0 ||
	    (cp >= 0xdc00 && cp <= 0xdfff))
		return (-1);
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
			return (-1);
		j->p += 2;
		if (oauth2_json_hex4(j, &lo) != 0 || lo < 0xdc00 ||
		    lo > 0xdfff)
			return (-1);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	return (oauth2_utf8(out, cp));
}

static int
oauth2_json_escape(struct oauth2_json *j, struct buf *out)
{
	static const char	 from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char		*q;

	if (j->p >= j->end)
		return (-1);
	if (*j->p == 'u') {
		j->p++;
		return (oauth2_json_unicode(j, out));
	}
	q = *j->p != '\0' ? strchr(from, *j->p) : NULL;
	if (q == NULL)
		return (-1);
	j->p++;
	return (out == NULL ? 0 : buf_addc(out, to[q - from]));
}

/* A string (j->p at its quote) decoded into out, or skipped if out is NULL. */
static int
oauth2_json_string(struct oauth2_json *j, struct buf *out)
{
	unsigned char	 c;
	int		 rc;

	if (j->p >= j->end || *j->p != '"')
		return (-1);
	for (j->p++; j->p < j->end; ) {
		c = (unsigned char)*j->p++;
		if (c == '"')
			return (0);
		if (c < 0x20)
			return (-1);
		if (c == '\\')
			rc = oauth2_json_escape(j, out);
		else
			rc = out == NULL ? 0 : buf_addc(out, (char)c);
		if (rc != 0) {
			if (out != NULL && out->overflow)
				j->toolong = 1;
			return (-1);
		}
	}
	return (-1);
}

static const char *
oauth2_json_digits(const char *p, const char *end)
{
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return (p);
}

/* A number; a whole one (capped) goes to *v, otherwise *v is -1. */
static int
oauth2_json_number(struct oauth2_json *j, long long *v)
{
	const char	*p = j->p, *q;
	long long	 n = 0;
	int		 neg = 0, whole = 1;

	if (p < j->end && *p == '-') {
		neg = 1;
		p++;
	}
	q = oauth2_json_digits(p, j->end);
	if (q == p || (*p == '0' && q - p > 1))
		return (-1);
	for (; p < q; p++)
		n = n < OAUTH2_EXPIRES_MAX ? n * 10 + (*p - '0') : n;
	if (p < j->end && *p == '.') {
		q = oauth2_json_digits(++p, j->end);
		if (q == p)
			return (-1);
		p = q;
		whole = 0;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		if (++p < j->end && (*p == '+' || *p == '-'))
			p++;
		q = oauth2_json_digits(p, j->end);
		if (q == p)
			return (-1);
		p = q;
		whole = 0;
	}
	j->p = p;
	*v = !whole || neg ? -1 : (n > OAUTH2_EXPIRES_MAX ?
	    OAUTH2_EXPIRES_MAX : n);
	return (0);
}

static int
oauth2_json_literal(struct oauth2_json *j)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t	 i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if ((size_t)(j->end - j->p) >= n &&
		    memcmp(j->p, words[i], n) == 0) {
			j->p += n;
			return (0);
		}
	}
	return (-1);
}

/* The rest of an object or array (j->p at '{' or '['), skipped. */
static int
oauth2_json_container(struct oauth2_json *j, int depth)
{
	char	 close = *j->p == '{' ? '}' : ']';

	j->p++;
	oauth2_json_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return (0);
	}
	for (;;) {
		if (close == '}') {
			oauth2_json_ws(j);
			if (oauth2_json_string(j, NULL) != 0 ||
			    oauth2_json_expect(j, ':') != 0)
				return (-1);
		}
		if (oauth2_json_skip(j, depth) != 0)
			return (-1);
		oauth2_json_ws(j);
		if (j->p >= j->end)
			return (-1);
		if (*j->p++ == close)
			return (0);
		if (j->p[-1] != ',')
			return (-1);
	}
}

/* Any value, checked and skipped; nesting is bounded. */
static int
oauth2_json_skip(struct oauth2_json *j, int depth)
{
	long long	 v;

	oauth2_json_ws(j);
	if (j->p >= j->end)
		return (-1);
	switch (*j->p) {
	case '"':
		return (oauth2_json_string(j, NULL));
	case '{':
	case '[':
		if (depth >= OAUTH2_DEPTH_MAX)
			return (-1);
		return (oauth2_json_container(j, depth + 1));
	case 't':
	case 'f':
	case 'n':
		return (oauth2_json_literal(j));
	default:
		return (oauth2_json_number(j, &v));
	}
}

/* expires_in: a number, or (Azure AD v1) a string holding one. */
static int
oauth2_reply_expires(struct oauth2_json *j, struct oauth2_reply *r)
{
	struct oauth2_json	 s = { NULL, NULL, 0 };
	struct buf		 b;
	int			 rc;

	if (*j->p != '"')
		return (oauth2_json_number(j, &r->expires_in) != 0 ||
		    r->expires_in < 0 ? -1 : 0);
	buf_init(&b, 32);
	rc = oauth2_json_string(j, &b);
	if (rc == 0) {
		s.p = b.data;
		s.end = b.data + b.len;
		rc = oauth2_json_number(&s, &r->expires_in);
		if (rc == 0 && (s.p != s.end || r->expires_in < 0))
			rc = -1;
	}
	buf_clear(&b);
	return (rc);
}

static void
oauth2_free_secret(char *s)
{
	if (s != NULL)
		explicit_bzero(s, strlen(s));
	free(s);
}

/* One member's value (j->p at it): the fields we use, others skipped. */
static int
oauth2_reply_member(struct oauth2_json *j, struct oauth2_reply *r,
    const char *key)
{
	char		**field = NULL;
	struct buf	  b;

	if (strcmp(key, "access_token") == 0)
		field = &r->access_token;
	else if (strcmp(key, "refresh_token") == 0)
		field = &r->refresh_token;
	else if (strcmp(key, "error") == 0)
		field = &r->error;
	else if (strcmp(key, "error_description") == 0)
		field = &r->error_description;
	else if (strcmp(key, "expires_in") == 0)
		return (oauth2_reply_expires(j, r));
	if (field == NULL || *j->p != '"')
		return (oauth2_json_skip(j, 0));
	buf_init(&b, OAUTH2_VALUE_MAX);
	if (oauth2_json_string(j, &b) != 0) {
		explicit_bzero(b.data, b.len);
		buf_clear(&b);
		return (-1);
	}
	oauth2_free_secret(*field);	/* a repeated name: the last wins */
	*field = buf_release(&b);
	return (0);
}

static int
oauth2_reply_members(struct oauth2_json *j, struct oauth2_reply *r)
{
	struct buf	 key;
	int		 rc = 0;

	if (oauth2_json_expect(j, '{') != 0)
		return (-1);
	oauth2_json_ws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return (0);
	}
	buf_init(&key, OAUTH2_KEY_MAX);
	for (;;) {
		key.len = 0;
		oauth2_json_ws(j);
		if (oauth2_json_string(j, &key) != 0 ||
		    oauth2_json_expect(j, ':') != 0)
			break;
		oauth2_json_ws(j);
		if (j->p >= j->end || strlen(key.data) != key.len ||
		    oauth2_reply_member(j, r, key.data) != 0)
			break;
		oauth2_json_ws(j);
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			rc = 1;
			break;
		}
		if (oauth2_json_expect(j, ',') != 0)
			break;
	}
	buf_clear(&key);
	return (rc == 1 ? 0 : -1);
}

/* Parse a token endpoint's reply: one JSON object, nothing after it. */
int
oauth2_reply_parse(struct oauth2_reply *r, const char *data, size_t len,
    char **cause)
{
	struct oauth2_json	 j = { data, data + len, 0 };

	memset(r, 0, sizeof *r);
	r->expires_in = -1;
	if (oauth2_reply_members(&j, r) == 0) {
		oauth2_json_ws(&j);
		if (j.p == j.end)
			return (0);
	}
	if (j.toolong)
		*cause = xasprintf("a JSON string longer than %d bytes",
		    OAUTH2_VALUE_MAX);
	else
		*cause = xasprintf("invalid JSON at byte %zu",
		    (size_t)(j.p - data));
	oauth2_reply_clear(r);
	return (-1);
}

/* Free the fields of a reply, wiping the tokens. */
void
oauth2_reply_clear(struct oauth2_reply *r)
{
	oauth2_free_secret(r->access_token);
	oauth2_free_secret(r->refresh_token);
	free(r->error);
	free(r->error_description);
	memset(r, 0, sizeof *r);
	r->expires_in = -1;
}

/* Append key=value to a form body (RFC 6749 Appendix B), '&' between. */
int
oauth2_form_add(struct buf *b, const char *key, const char *value)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const char		*s[2] = { key, value };
	unsigned char		 c;
	size_t			 i, k;
	int			 rc = 0;

	if (b->len > 0)
		rc |= buf_addc(b, '&');
	for (k = 0; k < 2; k++) {
		if (k == 1)
			rc |= buf_addc(b, '=');
		for (i = 0; s[k][i] != '\0'; i++) {
			c = (unsigned char)s[k][i];
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
			    c == '_' || c == '*')
				rc |= buf_addc(b, (char)c);
			else if (c == ' ')
				rc |= buf_addc(b, '+');
			else {
				rc |= buf_addc(b, '%');
				rc |= buf_addc(b, hex[c >> 4]);
				rc |= buf_addc(b, hex[c & 15]);
			}
		}
	}
	return (rc != 0 ? -1 : 0);
}

/* Forget the cached token. */
void
oauth2_cache_clear(void)
{
	oauth2_free_secret(oauth2_cache.token);
	free(oauth2_cache.key);
	oauth2_cache.token = oauth2_cache.key = NULL;
	oauth2_cache.expires = 0;
}

/* Tokens expire in real time, suspended or not, whatever HERCERT_NOW says. */
static time_t
oauth2_now(void)
{
	struct timespec	 ts;

	if (clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
		fatal("clock_gettime");
	return (ts.tv_sec);
}

/* https://, or http:// to this machine by name or 127.0.0.1 (tests). */
static int
oauth2_url_allowed(const char *url, int *https)
{
	static const char *const local[] = { "127.0.0.1", "localhost" };
	const char	*host = url + 7;
	size_t		 i, n;

	*https = strncasecmp(url, "https://", 8) == 0;
	if (*https)
		return (1);
	if (strncasecmp(url, "http://", 7) != 0)
		return (0);
	n = strcspn(host, ":/?#@");
	for (i = 0; host[n] != '@' && i < 2; i++) {
		if (strlen(local[i]) == n && strncasecmp(host, local[i], n) == 0)
			return (1);
	}
	return (0);
}

/* Tokens go into SASL strings and files: printable ASCII, no spaces. */
static int
oauth2_token_valid(const char *s)
{
	if (s == NULL || *s == '\0')
		return (0);
	for (; *s != '\0'; s++) {
		if (*s <= 0x20 || *s >= 0x7f)
			return (0);
	}
	return (1);
}

/* Server text for a log line: printable, bounded. */
static char *
oauth2_text(const char *s)
{
	char	*t;
	size_t	 i;

	t = xasprintf("%.*s%s", OAUTH2_TEXT_MAX, s,
	    strlen(s) > OAUTH2_TEXT_MAX ? "..." : "");
	for (i = 0; t[i] != '\0'; i++) {
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			t[i] = '?';
	}
	return (t);
}

static char *
oauth2_stored_path(const struct config *cf)
{
	if (cf->state_dir == NULL)
		return (NULL);
	return (xasprintf("%s/%s", cf->state_dir, OAUTH2_STORED));
}

static int
oauth2_newer_or_same(const struct stat *a, const struct stat *b)
{
	if (a->st_mtim.tv_sec != b->st_mtim.tv_sec)
		return (a->st_mtim.tv_sec > b->st_mtim.tv_sec);
	return (a->st_mtim.tv_nsec >= b->st_mtim.tv_nsec);
}

/* The refresh token: a rotated one we stored, unless the file is newer. */
static char *
oauth2_refresh_read(const struct config *cf, char **cause)
{
	struct stat	 cst, sst;
	const char	*path = cf->oauth2_refresh_token_file;
	char		*stored, *token, *why = NULL;

	stored = oauth2_stored_path(cf);
	if (stored != NULL && stat(stored, &sst) == 0 &&
	    (stat(path, &cst) != 0 || oauth2_newer_or_same(&sst, &cst)))
		path = stored;
	token = config_read_secret(path, &why);
	if (token == NULL) {
		*cause = xasprintf("refresh token: %s", why);
		free(why);
	}
	free(stored);
	return (token);
}

/* Keep a rotated refresh token (0600, durably); a failure only warns. */
static void
oauth2_refresh_store(const struct config *cf, const char *token)
{
	char	*path, *tmp, *data, *cause = NULL;

	path = oauth2_stored_path(cf);
	if (path == NULL || strlen(token) > 4000) {
		log_warnx("oauth2: the server rotated the refresh token; "
		    "it cannot be kept (%s)", path == NULL ? "no state_dir" :
		    "longer than 4000 bytes");
		free(path);
		return;
	}
	tmp = xasprintf("%s/.%s.%ld", cf->state_dir, OAUTH2_STORED,
	    (long)getpid());
	data = xasprintf("%s\n", token);
	(void)unlink(tmp);
	if (fsutil_write_durable(tmp, path, data, strlen(data), &cause) != 0) {
		log_warnx("oauth2: the new refresh token is not stored: %s",
		    cause);
		free(cause);
		(void)unlink(tmp);
	}
	oauth2_free_secret(data);
	free(tmp);
	free(path);
}

/* The request body: the refresh grant if a token file is set. */
static int
oauth2_form(const struct config *cf, struct buf *b, char **refresh,
    char **cause)
{
	char	*secret = NULL, *why = NULL;
	int	 rc = 0;

	if (cf->oauth2_client_secret_file != NULL) {
		secret = config_read_secret(cf->oauth2_client_secret_file, &why);
		if (secret == NULL) {
			*cause = xasprintf("client secret: %s", why);
			free(why);
			return (-1);
		}
	}
	if (cf->oauth2_refresh_token_file != NULL) {
		*refresh = oauth2_refresh_read(cf, cause);
		if (*refresh == NULL) {
			oauth2_free_secret(secret);
			return (-1);
		}
		rc |= oauth2_form_add(b, "grant_type", "refresh_token");
		rc |= oauth2_form_add(b, "refresh_token", *refresh);
	} else
		rc |= oauth2_form_add(b, "grant_type", "client_credentials");
	rc |= oauth2_form_add(b, "client_id", cf->oauth2_client_id);
	if (secret != NULL)
		rc |= oauth2_form_add(b, "client_secret", secret);
	if (cf->oauth2_scope != NULL && *cf->oauth2_scope != '\0')
		rc |= oauth2_form_add(b, "scope", cf->oauth2_scope);
	oauth2_free_secret(secret);
	if (rc != 0)
		*cause = xstrdup("request too large");
	return (rc != 0 ? -1 : 0);
}

static size_t
oauth2_write(char *data, size_t size, size_t nmemb, void *arg)
{
	struct buf	*b = arg;
	size_t		 n = size * nmemb;

	return (buf_add(b, data, n) == 0 ? n : 0);
}

static void
oauth2_curl_setup(const struct config *cf, CURL *c, int https)
{
	curl_easy_setopt(c, CURLOPT_URL, cf->oauth2_token_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, https ? "https" : "http");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "hercert");
	if (cf->tls_ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, cf->tls_ca_file);
	if (!cf->tls_verify && https) {
		if (!oauth2_warned++)
			log_warnx("oauth2: %s: TLS verification is off "
			    "([tls] verify = no)", cf->oauth2_token_url);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}

/* POST the form; any HTTP status is a reply, the caller judges it. */
static int
oauth2_post(const struct config *cf, int https, const char *form,
    struct buf *reply, long *status, char **cause)
{
	struct curl_slist	*hdrs;
	char			 errbuf[CURL_ERROR_SIZE] = "";
	CURL			*c;
	CURLcode		 rc;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		*cause = xstrdup("curl_global_init failed");
		return (-1);
	}
	c = curl_easy_init();
	if (c == NULL)
		fatalx("curl_easy_init");
	oauth2_curl_setup(cf, c, https);
	hdrs = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, oauth2_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, reply);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
	if (rc != CURLE_OK && reply->overflow)
		*cause = xasprintf("reply larger than %d bytes",
		    OAUTH2_REPLY_MAX);
	else if (rc != CURLE_OK)
		*cause = xasprintf("%s%s%s", curl_easy_strerror(rc),
		    *errbuf != '\0' ? ": " : "", errbuf);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	curl_global_cleanup();
	return (rc == CURLE_OK ? 0 : -1);
}

/* Judge a parsed reply; the cause carries the server's error. */
static int
oauth2_reply_check(const struct oauth2_reply *r, long status, char **cause)
{
	char	*e, *d;

	if (r->error != NULL) {
		e = oauth2_text(r->error);
		d = oauth2_text(r->error_description != NULL ?
		    r->error_description : "");
		*cause = xasprintf("%s%s%s (HTTP %ld)", e, *d != '\0' ?
		    ": " : "", d, status);
		free(e);
		free(d);
		return (-1);
	}
	if (status != 200)
		*cause = xasprintf("HTTP %ld without an error", status);
	else if (r->access_token == NULL)
		*cause = xstrdup("no access_token in the reply");
	else if (!oauth2_token_valid(r->access_token))
		*cause = xstrdup("access_token is empty or not printable");
	else if (r->refresh_token != NULL &&
	    !oauth2_token_valid(r->refresh_token))
		*cause = xstrdup("refresh_token is empty or not printable");
	else
		return (0);
	return (-1);
}

/* One request to the token endpoint; a rotated refresh token is kept. */
static int
oauth2_fetch(const struct config *cf, struct oauth2_reply *r, char **cause)
{
	struct buf	 form, reply;
	char		*refresh = NULL, *why = NULL, *s;
	long		 status = 0;
	int		 https, rc = -1;

	memset(r, 0, sizeof *r);
	buf_init(&form, OAUTH2_REPLY_MAX);
	buf_init(&reply, OAUTH2_REPLY_MAX);
	if (!oauth2_url_allowed(cf->oauth2_token_url, &https)) {
		why = xstrdup("not https:// (http:// only to 127.0.0.1 or "
		    "localhost)");
		goto out;
	}
	if (oauth2_form(cf, &form, &refresh, &why) != 0 ||
	    oauth2_post(cf, https, form.data, &reply, &status, &why) != 0)
		goto out;
	if (oauth2_reply_parse(r, reply.data, reply.len, &why) != 0) {
		s = xasprintf("HTTP %ld, unreadable reply: %s", status, why);
		free(why);
		why = s;
		goto out;
	}
	if (oauth2_reply_check(r, status, &why) != 0) {
		oauth2_reply_clear(r);
		goto out;
	}
	if (refresh != NULL && r->refresh_token != NULL &&
	    strcmp(refresh, r->refresh_token) != 0)
		oauth2_refresh_store(cf, r->refresh_token);
	rc = 0;
out:
	if (rc != 0) {
		*cause = xasprintf("oauth2: %s: %s grant: %s",
		    cf->oauth2_token_url, cf->oauth2_refresh_token_file !=
		    NULL ? "refresh_token" : "client_credentials", why);
		free(why);
	}
	explicit_bzero(form.data, form.len);
	buf_clear(&form);
	explicit_bzero(reply.data, reply.len);
	buf_clear(&reply);
	oauth2_free_secret(refresh);
	return (rc);
}

/* Return an access token: cached unless near expiry or force_refresh. */
char *
oauth2_access_token(const struct config *cf, int force_refresh, char **cause)
{
	struct oauth2_reply	 r;
	char			*key, *token;
	long long		 life;

	if (cf->oauth2_token_url == NULL || cf->oauth2_client_id == NULL) {
		*cause = xstrdup("oauth2: [oauth2] token_url and client_id "
		    "must be set");
		return (NULL);
	}
	key = xasprintf("%s\n%s\n%s\n%s", cf->oauth2_token_url,
	    cf->oauth2_client_id, cf->oauth2_scope != NULL ?
	    cf->oauth2_scope : "", cf->oauth2_refresh_token_file != NULL ?
	    cf->oauth2_refresh_token_file : "");
	if (!force_refresh && oauth2_cache.token != NULL &&
	    strcmp(oauth2_cache.key, key) == 0 &&
	    oauth2_now() < oauth2_cache.expires) {
		free(key);
		return (xstrdup(oauth2_cache.token));
	}
	oauth2_cache_clear();
	if (oauth2_fetch(cf, &r, cause) != 0) {
		free(key);
		return (NULL);
	}
	life = r.expires_in >= 0 ? r.expires_in : OAUTH2_LIFETIME;
	log_info("oauth2: %s: new access token, valid for %lld s",
	    cf->oauth2_token_url, life);
	oauth2_cache.key = key;
	oauth2_cache.token = xstrdup(r.access_token);
	oauth2_cache.expires = oauth2_now() + (time_t)life - OAUTH2_MARGIN;
	token = r.access_token;
	r.access_token = NULL;
	oauth2_reply_clear(&r);
	return (token);
}

/* Build the XOAUTH2 initial response, unencoded: its sender base64s it. */
char *
oauth2_xoauth2(const char *user, const char *token)
{
	return (xasprintf("user=%s\001auth=Bearer %s\001\001", user, token));
}
