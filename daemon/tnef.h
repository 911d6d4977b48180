/* SPDX-License-Identifier: ISC */
/*
 * Unpacking the files attached inside an Outlook winmail.dat (TNEF,
 * MS-OXTNEF) with libytnef, after a bounds-checked pre-scan of our own.
 */
#ifndef TNEF_H
#define TNEF_H

#include <stddef.h>

#define TNEF_MAX_ATTACHMENTS	1000
#define TNEF_MAX_FILE		(200UL * 1024 * 1024)

/*
 * Called once per attached file with its long name (valid UTF-8, no
 * control characters, never empty, but untrusted: it may contain "/" or
 * "..") and its bytes; returns 0 to go on, -1 to stop the unpacking.
 */
int	tnef_unpack(const char *, size_t,
	    int (*)(void *, const char *, const char *, size_t), void *,
	    char **);

#endif
