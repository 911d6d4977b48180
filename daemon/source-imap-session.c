/* SPDX-License-Identifier: ISC */
/*
 * Establishing an IMAP session: TCP, implicit TLS (imaps://) or STARTTLS
 * (RFC 3501 6.2.1, RFC 8314), the peer's chain and host name verified
 * before any credential is sent (libetpan's GnuTLS build verifies
 * nothing), then LOGIN or AUTHENTICATE XOAUTH2.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "config.h"
#include "fsutil.h"
#include "log.h"
#include "oauth2.h"
#include "source.h"
#include "source-imap.h"
#include "tls.h"
#include "xmalloc.h"
#include "oauth2.h"
#include "tls.h"

/* libetpan calls this before the handshake: send SNI. */
static void
imap_tls_setup(struct mailstream_ssl_context *ctx, void *arg)
{
	struct imap_src	*s = arg;

	if (!tls_host_is_ip(s->host))
		mailstream_ssl_set_server_name(ctx, s->host);
}

/* Verify chain and host name of an imaps:// peer before LOGIN. */
static int
imap_tls_verify(struct imap_src *s, const struct config *conf, char **cause)
{
	struct tls_der	 der[IMAP_CHAIN_MAX];
	carray		*chain;
	MMAPString	*cert;
	unsigned int	 i, n = 0;
	char		*why = NULL;
	int		 rc;

	chain = mailstream_get_certificate_chain(s->imap->imap_stream);
	for (i = 0; chain != NULL && i < carray_count(chain) &&
	    n < IMAP_CHAIN_MAX; i++) {
		cert = carray_get(chain, i);
		der[n].data = (const unsigned char *)cert->str;
		der[n++].len = cert->len;
	}
	rc = tls_verify_chain(der, n, s->host, conf->tls_ca_file, &why);
	if (chain != NULL)
		mailstream_certificate_chain_free(chain);
	if (rc != 0) {
		*cause = xasprintf("imap: %s: TLS: %s", s->where, why);
		free(why);
		s->broken = 1;
	}
	return (rc);
}

/*
 * Does imap:// upgrade with STARTTLS? "auto" means yes, except towards this
 * machine (localhost, a tunnel end), where nothing crosses a network.
 */
static int
imap_starttls_wanted(const struct imap_src *s, const struct config *conf)
{
	if (conf->imap_starttls >= 0)
		return (conf->imap_starttls);
	return (!tls_host_is_loopback(s->host));
}

/* Refuse a server that does not offer STARTTLS: no silent plain text. */
static int
imap_starttls_offered(struct imap_src *s, char **cause)
{
	struct mailimap_capability_data	*cap = NULL;
	int				 r;

	if (s->imap->imap_connection_info == NULL ||
	    s->imap->imap_connection_info->imap_capability == NULL) {
		r = mailimap_capability(s->imap, &cap);
		if (cap != NULL)
			mailimap_capability_data_free(cap);
		if (r != MAILIMAP_NO_ERROR) {
			*cause = imap_cause(s, "CAPABILITY", r);
			return (-1);
		}
	}
	if (mailimap_has_extension(s->imap, "STARTTLS"))
		return (0);
	*cause = xasprintf("imap: %s: server does not offer STARTTLS; not "
	    "logging in without TLS (use imaps://, or [imap] starttls = no "
	    "to allow plain text)", s->where);
	return (-1);
}

/*
 * STARTTLS (RFC 2595 3.1, RFC 8314 4.1): the same steps as libetpan's
 * mailimap_socket_starttls_with_callback(), split so that each failure
 * gets its own cause, and so that bytes which arrived with the OK, before
 * the handshake, abort the session (response injection, CVE-2020-15953)
 * whether or not this libetpan has the fix.
 */
static int
imap_starttls(struct imap_src *s, char **cause)
{
	mailstream	*st = s->imap->imap_stream;
	mailstream_low	*low, *tls;
	int		 r, fd;

	if (imap_starttls_offered(s, cause) != 0)
		return (-1);
	r = mailimap_starttls(s->imap);
	if (st->read_buffer_len != 0) {
		*cause = xasprintf("imap: %s: STARTTLS: %zu bytes arrived "
		    "after the server's reply, before the TLS handshake "
		    "(response injection?); connection dropped", s->where,
		    st->read_buffer_len);
		return (-1);
	}
	if (r != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "STARTTLS", r);
		return (-1);
	}
	low = mailstream_get_low(st);
	if ((fd = mailstream_low_get_fd(low)) == -1 ||
	    (tls = mailstream_low_tls_open_with_callback_timeout(fd,
	    IMAP_TIMEOUT, imap_tls_setup, s)) == NULL) {
		*cause = imap_cause(s, "STARTTLS", MAILIMAP_ERROR_SSL);
		return (-1);
	}
	mailstream_low_free(low);	/* the socket stays open, now in tls */
	mailstream_set_low(st, tls);
	return (0);
}


/* Ask for the capabilities again: after TLS or login they may differ. */
static int
imap_capability_refresh(struct imap_src *s, char **cause)
{
	struct mailimap_capability_data	*cap = NULL;
	int				 r;

	r = mailimap_capability(s->imap, &cap);
	if (cap != NULL)
		mailimap_capability_data_free(cap);
	if (r != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "CAPABILITY", r);
		return (-1);
	}
	return (0);
}

/* Forget what the server said in the clear and ask again over TLS. */
static int
imap_starttls_capability(struct imap_src *s, char **cause)
{
	struct mailimap_connection_info	*ci = s->imap->imap_connection_info;

	if (ci != NULL && ci->imap_capability != NULL) {
		mailimap_capability_data_free(ci->imap_capability);
		ci->imap_capability = NULL;
	}
	return (imap_capability_refresh(s, cause));
}

/*
 * TCP (and TLS) connect and read the greeting; PREAUTH is refused. With
 * imap:// upgrade by STARTTLS unless configured off. Over TLS the peer is
 * verified before anything else is sent.
 */
/* Connect (TCP, TLS or STARTTLS), verify the peer, read the greeting. */
int
imap_connect(struct imap_src *s, const struct config *conf, char **cause)
{
	int	 r;

	s->imap = mailimap_new(0, NULL);
	if (s->imap == NULL)
		fatalx("mailimap_new");
	mailimap_set_timeout(s->imap, IMAP_TIMEOUT);
	if (s->tls)
		r = mailimap_ssl_connect_with_callback(s->imap, s->host,
		    s->port, imap_tls_setup, s);
	else
		r = mailimap_socket_connect(s->imap, s->host, s->port);
	if (r == MAILIMAP_NO_ERROR_AUTHENTICATED) {
		s->broken = 1;
		*cause = xasprintf("imap: %s: server sent PREAUTH; refusing "
		    "a session we did not log in to", s->where);
		return (-1);
	}
	if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		*cause = imap_cause(s, "connect", r);
		s->broken = 1;
		return (-1);
	}
	if (!s->tls && !imap_starttls_wanted(s, conf)) {
		if (!tls_host_is_loopback(s->host))
			log_warnx("imap: %s: no TLS ([imap] starttls = no): "
			    "the password crosses the network in clear text",
			    s->where);
		return (0);
	}
	if (!s->tls && imap_starttls(s, cause) != 0) {
		s->broken = 1;
		return (-1);
	}
	if (conf->tls_verify && imap_tls_verify(s, conf, cause) != 0)
		return (-1);
	if (!conf->tls_verify)
		log_warnx("imap: %s: TLS certificate not verified "
		    "(tls_verify is off)", s->where);
	return (s->tls ? 0 : imap_starttls_capability(s, cause));
}

/* LOGIN with the password file's content. */
static int
imap_login_password(struct imap_src *s, const struct config *conf,
    char **cause)
{
	char	*pass, *why = NULL;
	int	 r;

	if (conf->imap_user == NULL || conf->imap_password_file == NULL) {
		*cause = xstrdup("imap: imap_user and imap_password_file "
		    "must be set");
		return (-1);
	}
	pass = config_read_secret(conf->imap_password_file, &why);
	if (pass == NULL) {
		*cause = xasprintf("imap: %s: password: %s", s->where, why);
		free(why);
		return (-1);
	}
	r = mailimap_login(s->imap, s->user, pass);
	explicit_bzero(pass, strlen(pass));
	free(pass);
	if (r != MAILIMAP_NO_ERROR) {
		/* NO without [UNAVAILABLE]: the password itself was refused. */
		s->auth_failed = r == MAILIMAP_ERROR_LOGIN &&
		    !imap_has_code(s, "UNAVAILABLE");
		*cause = imap_cause(s, "LOGIN", r);
		return (-1);
	}
	return (0);
}

/*
 * AUTHENTICATE XOAUTH2 (libetpan sends it with SASL-IR) with the cached
 * access token; if the server refuses it (revoked, or dead before its
 * expires_in) fetch a new token once and try again on the same connection.
 */
static int
imap_login_xoauth2(struct imap_src *s, const struct config *conf,
    char **cause)
{
	char	*token, *why = NULL;
	int	 force, r = MAILIMAP_ERROR_LOGIN;

	if (conf->imap_user == NULL) {
		*cause = xstrdup("imap: [imap] auth = xoauth2 needs user");
		return (-1);
	}
	for (force = 0; force < 2; force++) {
		token = oauth2_access_token(conf, force, &why);
		if (token == NULL) {
			*cause = xasprintf("imap: %s: %s", s->where, why);
			free(why);
			return (-1);
		}
		r = mailimap_oauth2_authenticate(s->imap, s->user, token);
		explicit_bzero(token, strlen(token));
		free(token);
		if (r == MAILIMAP_NO_ERROR)
			return (0);
		if (r != MAILIMAP_ERROR_LOGIN ||
		    imap_has_code(s, "UNAVAILABLE"))
			break;
		if (force == 0)
			log_info("imap: %s: XOAUTH2 token refused; fetching "
			    "a new one", s->where);
	}
	s->auth_failed = r == MAILIMAP_ERROR_LOGIN &&
	    !imap_has_code(s, "UNAVAILABLE");
	*cause = imap_cause(s, "AUTHENTICATE XOAUTH2", r);
	return (-1);
}

/* Log in ([imap] auth: LOGIN or XOAUTH2), then refresh capabilities. */
int
imap_login(struct imap_src *s, const struct config *conf, char **cause)
{
	int	 r;

	if (conf->imap_auth != NULL && strcmp(conf->imap_auth, "xoauth2") == 0)
		r = imap_login_xoauth2(s, conf, cause);
	else
		r = imap_login_password(s, conf, cause);
	if (r != 0)
		return (-1);
	/* The pre-login list may lack MOVE and UIDPLUS (RFC 3501 7.2.1). */
	return (imap_capability_refresh(s, cause));
}

