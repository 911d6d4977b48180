/* SPDX-License-Identifier: ISC */
/* Making text valid UTF-8 before it is matched or put in a template. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>

char	*utf8_sanitize(const char *, size_t, int);
size_t	 utf8_truncate(const char *, size_t);

#endif
