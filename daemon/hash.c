/* SPDX-License-Identifier: ISC */
/* SHA-256 digests through GnuTLS, written as lower-case hex. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/crypto.h>

#include "hash.h"
#include "log.h"
#include "xmalloc.h"

static void
hash_hex(const unsigned char *digest, size_t len, char *out)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* Write the SHA-256 of a buffer as 64 hex digits and a NUL. */
void
hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN + 1])
{
	unsigned char	 digest[32];

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, digest) != 0)
		fatalx("gnutls_hash_fast: SHA-256 failed");
	hash_hex(digest, sizeof digest, out);
}

/* The SHA-256 of a file, read in pieces (never whole in memory). */
int
hash_sha256_file(const char *path, char out[HASH_HEX_LEN + 1], char **cause)
{
	gnutls_hash_hd_t	 h;
	unsigned char		 digest[32], block[65536];
	ssize_t			 n;
	int			 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (-1);
	}
	if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) != 0)
		fatalx("gnutls_hash_init: SHA-256 failed");
	while ((n = read(fd, block, sizeof block)) > 0)
		gnutls_hash(h, block, (size_t)n);
	gnutls_hash_deinit(h, digest);
	if (n == -1)
		*cause = xasprintf("%s: %s", path, strerror(errno));
	close(fd);
	if (n == -1)
		return (-1);
	hash_hex(digest, sizeof digest, out);
	return (0);
}
