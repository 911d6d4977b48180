/* SPDX-License-Identifier: ISC */
/*
 * The SMTP sink (libcurl): RFC 5321 submission over smtps:// or STARTTLS
 * (RFC 3207) with certificate verification on unless the configuration
 * says otherwise, one connection per message on a fresh easy handle
 * that is never reused (so plain and TLS never share one). The handle,
 * and with it the connection, is closed only when the next message starts
 * or the sink closes: by then the caller has recorded the result, so the
 * QUIT exchange is not part of the window between the server's 250 and
 * that record, where a crash means sending the mail again. Addresses
 * are validated before they reach libcurl, which passes CR/LF in
 * envelope addresses through.
 * With [smtp] auth = xoauth2 it logs in with SASL XOAUTH2 and an OAuth 2.0
 * bearer token (oauth2.c), fetched again once if the server refuses it.
 */

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "log.h"
#include "message.h"
#include "oauth2.h"
#include "sink.h"
#include "xmalloc.h"

struct sink_smtp {
	const struct config	*cf;
	char			*password;
	int			 xoauth2;	/* [smtp] auth = xoauth2 */
	int			 warned;
	CURL			*last;		/* the previous message's */
};

/* Close the previous message's connection (QUIT) and handle. */
static void
sink_smtp_release(struct sink_smtp *s)
{
	if (s->last != NULL)
		curl_easy_cleanup(s->last);
	s->last = NULL;
}

struct sink_smtp_reader {
	const char	*data;
	size_t		 len;
	size_t		 off;
};

static void *
sink_smtp_open(const struct config *cf, char **cause)
{
	struct sink_smtp	*s;
	char			*password = NULL;
	int			 xoauth2;

	xoauth2 = cf->smtp_auth != NULL && strcmp(cf->smtp_auth, "xoauth2") == 0;
	if (xoauth2 && cf->smtp_user == NULL) {
		*cause = xstrdup("[smtp] auth = xoauth2 needs user");
		return (NULL);
	}
	if (cf->smtp_user != NULL && !xoauth2) {
		if (cf->smtp_password_file == NULL) {
			*cause = xstrdup("[smtp] user needs password_file");
			return (NULL);
		}
		password = config_read_secret(cf->smtp_password_file, cause);
		if (password == NULL)
			return (NULL);
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(password);
		*cause = xstrdup("curl_global_init failed");
		return (NULL);
	}
	s = xcalloc(1, sizeof *s);
	s->cf = cf;
	s->password = password;
	s->xoauth2 = xoauth2;
	return (s);
}

static size_t
sink_smtp_read(char *out, size_t size, size_t nmemb, void *arg)
{
	struct sink_smtp_reader	*r = arg;
	size_t			 n = size * nmemb;

	if (n > r->len - r->off)
		n = r->len - r->off;
	memcpy(out, r->data + r->off, n);
	r->off += n;
	return (n);
}

static void
sink_smtp_setup(struct sink_smtp *s, CURL *c, const char *token)
{
	const struct config	*cf = s->cf;

	curl_easy_setopt(c, CURLOPT_URL, cf->smtp_url);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (strncmp(cf->smtp_url, "smtp://", 7) == 0 && cf->smtp_starttls)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (cf->tls_ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, cf->tls_ca_file);
	if (!cf->tls_verify) {
		if (!s->warned++)
			log_warnx("smtp: %s: TLS verification is off "
			    "([tls] verify = no)", cf->smtp_url);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (token != NULL) {
		/* XOAUTH2 only: no fallback to PLAIN with an empty password. */
		curl_easy_setopt(c, CURLOPT_USERNAME, cf->smtp_user);
		curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, token);
		curl_easy_setopt(c, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2");
	} else if (cf->smtp_user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cf->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
	}
}

/* The server's first refusal, and whether it had taken the DATA. */
struct sink_smtp_talk {
	char	 reply[200];	/* the first 4xx or 5xx line */
	int	 data_sent;	/* the server answered 354 */
};

/* Keep the server's last reply line (libcurl's errors leave it out). */
static int
sink_smtp_debug(CURL *c, curl_infotype type, char *data, size_t len,
    void *arg)
{
	struct sink_smtp_talk	*t = arg;
	size_t			 n = 0;

	(void)c;
	if (type != CURLINFO_HEADER_IN || len < 3)
		return (0);
	if (strncmp(data, "354", 3) == 0)
		t->data_sent = 1;
	if ((data[0] != '4' && data[0] != '5') || t->reply[0] != '\0')
		return (0);
	while (n < len && n < sizeof t->reply - 1 && data[n] != '\r' &&
	    data[n] != '\n') {
		/* A server's words, shown to people: printable only. */
		t->reply[n] = data[n] >= 0x20 && data[n] < 0x7f ? data[n] : '?';
		n++;
	}
	t->reply[n] = '\0';
	return (0);
}

/*
 * An error after the server took the DATA leaves it unknown whether the
 * mail was delivered: retried with the same Message-ID, never "failed".
 */
static enum sink_result
sink_smtp_result(CURL *c, CURLcode rc, const struct sink_smtp_talk *t,
    const char *errbuf, char **cause)
{
	const char	*what = *errbuf != '\0' ? errbuf : curl_easy_strerror(rc);
	long		 code = 0;

	if (rc == CURLE_OK)
		return (SINK_SENT);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (t->data_sent && (code < 500 || code >= 600)) {
		*cause = xasprintf("onbekend of afgeleverd: fout na het "
		    "versturen van de inhoud (%s%s%s); opnieuw met dezelfde "
		    "Message-ID", what, t->reply[0] != '\0' ? ", server: " :
		    "", t->reply);
		return (SINK_TEMPORARY);
	}
	*cause = xasprintf("%s%s%s", what, t->reply[0] != '\0' ?
	    "; server: " : "", t->reply);
	return (code >= 500 && code < 600 ? SINK_PERMANENT : SINK_TEMPORARY);
}

/* One SMTP transaction; *denied when the server refused the login. */
static enum sink_result
sink_smtp_try(struct sink_smtp *s, const char *from, const char *rcpt,
    const char *data, size_t len, int force, int *denied, char **cause)
{
	struct sink_smtp_reader	 r = { data, len, 0 };
	struct curl_slist	*rcpts;
	char			*mfrom, *mrcpt, *token = NULL;
	struct sink_smtp_talk	 talk;
	char			 errbuf[CURL_ERROR_SIZE] = "";
	enum sink_result	 result;
	CURL			*c;
	CURLcode		 rc;

	if (s->xoauth2) {
		token = oauth2_access_token(s->cf, force, cause);
		if (token == NULL)
			return (SINK_TEMPORARY);
	}
	sink_smtp_release(s);
	c = curl_easy_init();
	if (c == NULL) {
		free(token);
		*cause = xstrdup("curl_easy_init failed");
		return (SINK_TEMPORARY);
	}
	sink_smtp_setup(s, c, token);
	mfrom = xasprintf("<%s>", from);
	mrcpt = xasprintf("<%s>", rcpt);
	rcpts = curl_slist_append(NULL, mrcpt);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, mfrom);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, sink_smtp_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &r);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	memset(&talk, 0, sizeof talk);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, sink_smtp_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, &talk);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(c);
	result = sink_smtp_result(c, rc, &talk, errbuf, cause);
	*denied = rc == CURLE_LOGIN_DENIED;
	curl_slist_free_all(rcpts);
	if (result == SINK_SENT)
		s->last = c;	/* QUIT after the caller has recorded it */
	else
		curl_easy_cleanup(c);
	free(mfrom);
	free(mrcpt);
	if (token != NULL)
		explicit_bzero(token, strlen(token));
	free(token);
	return (result);
}

static enum sink_result
sink_smtp_send(void *arg, const char *from, const char *rcpt,
    const char *data, size_t len, char **cause)
{
	struct sink_smtp	*s = arg;
	enum sink_result	 result;
	int			 denied = 0;

	if (!message_address_valid(from) || !message_address_valid(rcpt)) {
		*cause = xasprintf("invalid envelope address");
		return (SINK_PERMANENT);
	}
	result = sink_smtp_try(s, from, rcpt, data, len, 0, &denied, cause);
	if (!denied)
		return (result);
	/* A refused password says nothing about the message: retry later. */
	if (!s->xoauth2)
		return (SINK_TEMPORARY);
	/* The cached token was revoked or expired early: fetch a new one. */
	free(*cause);
	*cause = NULL;
	result = sink_smtp_try(s, from, rcpt, data, len, 1, &denied, cause);
	/* A refused token says nothing about the message. */
	return (denied ? SINK_TEMPORARY : result);
}

static void
sink_smtp_close(void *arg)
{
	struct sink_smtp	*s = arg;

	sink_smtp_release(s);
	if (s->password != NULL)
		explicit_bzero(s->password, strlen(s->password));
	free(s->password);
	free(s);
	curl_global_cleanup();
}

const struct sink_ops sink_smtp_ops = {
	.name = "smtp",
	.open = sink_smtp_open,
	.send = sink_smtp_send,
	.close = sink_smtp_close,
};
