/* SPDX-License-Identifier: ISC */
/*
 * The SMTP sink (libcurl): RFC 5321 submission over smtps:// or STARTTLS
 * (RFC 3207) with certificate verification on unless the configuration
 * says otherwise, one connection per message (CURLOPT_FORBID_REUSE, so
 * plain and TLS never share one). Addresses are validated before they
 * reach libcurl, which passes CR/LF in envelope addresses through.
 */

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "log.h"
#include "message.h"
#include "sink.h"
#include "xmalloc.h"

struct sink_smtp {
	const struct config	*cf;
	char			*password;
	int			 warned;
};

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

	if (cf->smtp_user != NULL) {
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
sink_smtp_setup(struct sink_smtp *s, CURL *c)
{
	const struct config	*cf = s->cf;

	curl_easy_setopt(c, CURLOPT_URL, cf->smtp_url);
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
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
	if (cf->smtp_user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cf->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
	}
}

static enum sink_result
sink_smtp_result(CURL *c, CURLcode rc, const char *errbuf, char **cause)
{
	long	 code = 0;

	if (rc == CURLE_OK)
		return (SINK_SENT);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	*cause = xasprintf("%s%s%s (server reply %ld)", curl_easy_strerror(rc),
	    *errbuf != '\0' ? ": " : "", errbuf, code);
	return (code >= 500 && code < 600 ? SINK_PERMANENT : SINK_TEMPORARY);
}

static enum sink_result
sink_smtp_send(void *arg, const char *from, const char *rcpt,
    const char *data, size_t len, char **cause)
{
	struct sink_smtp	*s = arg;
	struct sink_smtp_reader	 r = { data, len, 0 };
	struct curl_slist	*rcpts;
	char			*mfrom, *mrcpt, errbuf[CURL_ERROR_SIZE] = "";
	enum sink_result	 result;
	CURL			*c;
	CURLcode		 rc;

	if (!message_address_valid(from) || !message_address_valid(rcpt)) {
		*cause = xasprintf("invalid envelope address");
		return (SINK_PERMANENT);
	}
	if ((c = curl_easy_init()) == NULL) {
		*cause = xstrdup("curl_easy_init failed");
		return (SINK_TEMPORARY);
	}
	sink_smtp_setup(s, c);
	mfrom = xasprintf("<%s>", from);
	mrcpt = xasprintf("<%s>", rcpt);
	rcpts = curl_slist_append(NULL, mrcpt);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, mfrom);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, sink_smtp_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &r);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(c);
	result = sink_smtp_result(c, rc, errbuf, cause);
	curl_slist_free_all(rcpts);
	curl_easy_cleanup(c);
	free(mfrom);
	free(mrcpt);
	return (result);
}

static void
sink_smtp_close(void *arg)
{
	struct sink_smtp	*s = arg;

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
