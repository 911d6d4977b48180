/* SPDX-License-Identifier: ISC */
/* SHA-256 digests (GnuTLS) as lower-case hex. */
#ifndef HASH_H
#define HASH_H

#include <stddef.h>

#define HASH_HEX_LEN 64

void	hash_sha256_hex(const void *, size_t, char [HASH_HEX_LEN + 1]);
int	hash_sha256_file(const char *, char [HASH_HEX_LEN + 1], char **);

#endif
