/* SPDX-License-Identifier: ISC */
/* SHA-256 digests through GnuTLS, written as lower-case hex. */

#include <stdio.h>

#include <gnutls/crypto.h>

#include "hash.h"
#include "log.h"

/* Write the SHA-256 of a buffer as 64 hex digits and a NUL. */
void
hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
	unsigned char	 digest[32];
	size_t		 i;

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, digest) != 0)
		fatalx("gnutls_hash_fast: SHA-256 failed");
	for (i = 0; i < sizeof digest; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}
