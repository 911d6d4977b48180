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
static char	*oauth2_last;	/* how the last token request went */

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
		free(oauth2_last);
		oauth2_last = xstrdup(*cause);
		free(key);
		return (NULL);
	}
	free(oauth2_last);
	oauth2_last = xstrdup("ok");
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

/* How the last token request went: "ok", the error, or NULL (none yet). */
const char *
oauth2_status(void)
{
	return (oauth2_last);
}

/* Build the XOAUTH2 initial response, unencoded: its sender base64s it. */
char *
oauth2_xoauth2(const char *user, const char *token)
{
	return (xasprintf("user=%s\001auth=Bearer %s\001\001", user, token));
}
