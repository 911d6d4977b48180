/* SPDX-License-Identifier: ISC */
/* Verifying a server's certificate chain and host name (GnuTLS). */
#ifndef TLS_H
#define TLS_H

#include <stddef.h>

struct tls_der {
	const unsigned char	*data;
	size_t			 len;
};

int	tls_host_is_ip(const char *);
int	tls_host_is_loopback(const char *);
int	tls_verify_chain(const struct tls_der *, size_t, const char *,
	    const char *, char **);

#endif
