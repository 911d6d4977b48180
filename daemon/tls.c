/* SPDX-License-Identifier: ISC */
/*
 * Verifying a TLS server's certificate chain (RFC 5280) and host name
 * (RFC 6125) with GnuTLS against the system trust store or a configured
 * CA file. The IMAP source needs it because libetpan's GnuTLS build
 * verifies nothing; the chain arrives here as DER buffers.
 */

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "buf.h"
#include "log.h"
#include "tls.h"
#include "xmalloc.h"

#define TLS_CHAIN_MAX 16

/* Is host a literal address (no SNI, and matched against IP SANs)? */
int
tls_host_is_ip(const char *host)
{
	unsigned char	 a[16];

	return (inet_pton(AF_INET, host, a) == 1 ||
	    inet_pton(AF_INET6, host, a) == 1);
}

/* Is host this machine (localhost, 127/8, ::1), so traffic stays on it? */
int
tls_host_is_loopback(const char *host)
{
	unsigned char	 a[16];
	static const unsigned char loop6[16] = { [15] = 1 };

	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.") == 0)
		return (1);
	if (inet_pton(AF_INET, host, a) == 1)
		return (a[0] == 127);
	if (inet_pton(AF_INET6, host, a) == 1)
		return (memcmp(a, loop6, sizeof(loop6)) == 0);
	return (0);
}

static int
tls_chain_import(const struct tls_der *der, size_t nder,
    gnutls_x509_crt_t *crts, unsigned int *n)
{
	gnutls_datum_t	 d;
	size_t		 i;

	*n = 0;
	for (i = 0; i < nder && i < TLS_CHAIN_MAX; i++) {
		d.data = (unsigned char *)(uintptr_t)der[i].data;
		d.size = (unsigned int)der[i].len;
		if (gnutls_x509_crt_init(&crts[i]) < 0)
			return (-1);
		*n = (unsigned int)i + 1;
		if (gnutls_x509_crt_import(crts[i], &d,
		    GNUTLS_X509_FMT_DER) < 0)
			return (-1);
	}
	return (*n > 0 ? 0 : -1);
}

/* The trust anchors: ca_file if set, else the system store. */
static int
tls_trust_load(gnutls_x509_trust_list_t tl, const char *ca_file, char **what)
{
	int	 r;

	if (ca_file != NULL && *ca_file != '\0') {
		r = gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL,
		    GNUTLS_X509_FMT_PEM, 0, 0);
		*what = xasprintf("tls ca_file %s", ca_file);
	} else {
		r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
		*what = xstrdup("the system trust store");
	}
	return (r > 0 ? 0 : -1);
}

/* The reasons an operator acts on, in words that name the fix. */
static const struct {
	unsigned int	 flag;
	const char	*text;
} tls_reasons[] = {
	{ GNUTLS_CERT_SIGNER_NOT_FOUND, "issuer unknown (self-signed, or "
	    "signed by a CA that is not trusted)" },
	{ GNUTLS_CERT_SIGNER_NOT_CA, "issuer is not a CA" },
	{ GNUTLS_CERT_UNEXPECTED_OWNER, "host name mismatch" },
	{ GNUTLS_CERT_EXPIRED, "expired" },
	{ GNUTLS_CERT_NOT_ACTIVATED, "not yet valid" },
	{ GNUTLS_CERT_REVOKED, "revoked" },
	{ GNUTLS_CERT_INSECURE_ALGORITHM, "insecure signature algorithm" },
	{ GNUTLS_CERT_SIGNATURE_FAILURE, "bad signature" },
	{ GNUTLS_CERT_PURPOSE_MISMATCH, "not issued for TLS servers" },
};

/* Why verification failed: known reasons, else GnuTLS's text, trimmed. */
static char *
tls_status(unsigned int status)
{
	gnutls_datum_t	 out;
	struct buf	 b;
	char		*s;
	size_t		 len, i;

	buf_init(&b, 0);
	for (i = 0; i < sizeof(tls_reasons) / sizeof(tls_reasons[0]); i++) {
		if ((status & tls_reasons[i].flag) == 0)
			continue;
		buf_printf(&b, "%s%s", b.len > 0 ? ", " : "",
		    tls_reasons[i].text);
	}
	if (b.len > 0)
		return (buf_release(&b));
	buf_clear(&b);
	if (gnutls_certificate_verification_status_print(status,
	    GNUTLS_CRT_X509, &out, 0) != 0)
		return (xstrdup("verification failed"));
	s = xstrdup((char *)out.data);
	gnutls_free(out.data);
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n'))
		s[--len] = '\0';
	return (s);
}

static unsigned int
tls_verify_crts(gnutls_x509_trust_list_t tl, gnutls_x509_crt_t *crts,
    unsigned int n, const char *host)
{
	static char		 kp_server[] = GNUTLS_KP_TLS_WWW_SERVER;
	gnutls_typed_vdata_st	 vd[2];
	unsigned int		 status = 0;

	vd[0].type = GNUTLS_DT_DNS_HOSTNAME;
	vd[0].data = (unsigned char *)(uintptr_t)host;
	vd[0].size = 0;
	vd[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
	vd[1].data = (unsigned char *)kp_server;
	vd[1].size = 0;
	if (gnutls_x509_trust_list_verify_crt2(tl, crts, n, vd, 2, 0, &status,
	    NULL) < 0)
		status = GNUTLS_CERT_INVALID;
	return (status);
}

/* Verify a peer chain (leaf first) for host; 0, or -1 with cause. */
int
tls_verify_chain(const struct tls_der *der, size_t nder, const char *host,
    const char *ca_file, char **cause)
{
	gnutls_x509_trust_list_t	 tl;
	gnutls_x509_crt_t		 crts[TLS_CHAIN_MAX];
	unsigned int			 n = 0, i, status;
	char				*what = NULL, *why;
	int				 rc = -1;

	if (gnutls_x509_trust_list_init(&tl, 0) < 0)
		fatalx("gnutls_x509_trust_list_init");
	if (tls_trust_load(tl, ca_file, &what) != 0)
		*cause = xasprintf("cannot load %s", what);
	else if (tls_chain_import(der, nder, crts, &n) != 0)
		*cause = xstrdup("no usable peer certificate");
	else if ((status = tls_verify_crts(tl, crts, n, host)) != 0) {
		why = tls_status(status);
		*cause = xasprintf("certificate of %s not accepted (trust: "
		    "%s): %s", host, what, why);
		free(why);
	} else
		rc = 0;
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_x509_trust_list_deinit(tl, 1);
	free(what);
	return (rc);
}
