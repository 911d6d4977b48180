/* SPDX-License-Identifier: ISC */
/*
 * Names chosen by strangers (attachment and archive entry names, school
 * names) made into names that are safe to create in a directory on any
 * system the files may later be copied to, and still readable.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "names.h"
#include "safename.h"
#include "utf8.h"
#include "xmalloc.h"

#define SAFENAME_MIN		32	/* smallest max_bytes honoured */
#define SAFENAME_MAX		255	/* NAME_MAX */
#define SAFENAME_EXT_MAX	16	/* a longer "extension" is not kept */

/*
 * Invisible characters that reorder or hide text (bidi controls such as
 * RTLO U+202E, zero-width characters, BOM) and C1 controls, as UTF-8.
 */
static int
safename_invisible(const unsigned char *p)
{
	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return (2);				/* C1 */
	if (p[0] == 0xd8 && p[1] == 0x9c)
		return (2);				/* U+061C ALM */
	if (p[0] == 0xe2 && p[1] == 0x80 &&
	    ((p[2] >= 0x8b && p[2] <= 0x8f) || (p[2] >= 0xaa && p[2] <= 0xae)))
		return (3);		/* U+200B..200F, U+202A..202E */
	if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
		return (3);				/* U+2066..2069 */
	if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return (3);				/* U+FEFF */
	return (0);
}

/* Make text valid UTF-8 on one line without control or bidi characters. */
char *
safename_display(const char *utf8)
{
	char			*clean = utf8_sanitize(utf8, strlen(utf8), 0);
	const unsigned char	*p = (const unsigned char *)clean;
	struct buf		 b;
	int			 skip;

	buf_init(&b, 0);
	while (*p != '\0') {
		skip = safename_invisible(p);
		if (skip > 0)
			p += skip;
		else
			buf_addc(&b, (char)*p++);
	}
	free(clean);
	return (buf_release(&b));
}

/* Remove spaces and dots at both ends, in place. */
static void
safename_trim(char *s)
{
	size_t	 start, len;

	start = strspn(s, " .");
	len = strlen(s + start);
	memmove(s, s + start, len + 1);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '.'))
		s[--len] = '\0';
}

/* Whether Windows reserves the name as a device, with any extension. */
static int
safename_reserved(const char *s)
{
	static const char *const devices[] = {
		"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", NULL
	};
	static const char *const digits[] = {
		"0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
		"\xc2\xb9", "\xc2\xb2", "\xc2\xb3", NULL	/* superscripts */
	};
	size_t	 len = strcspn(s, "."), i;

	while (len > 0 && s[len - 1] == ' ')
		len--;
	for (i = 0; devices[i] != NULL; i++) {
		if (len == strlen(devices[i]) &&
		    strncasecmp(s, devices[i], len) == 0)
			return (1);
	}
	if (len < 4 || (strncasecmp(s, "COM", 3) != 0 &&
	    strncasecmp(s, "LPT", 3) != 0))
		return (0);
	for (i = 0; digits[i] != NULL; i++) {
		if (len == 3 + strlen(digits[i]) &&
		    strncmp(s + 3, digits[i], len - 3) == 0)
			return (1);
	}
	return (0);
}

/* Cut s to max bytes, keeping a short extension, on a character boundary. */
static void
safename_bound(char *s, size_t max)
{
	char	*dot = strrchr(s, '.');
	size_t	 extlen = 0, keep;

	if (strlen(s) <= max)
		return;
	if (dot != NULL && dot != s && strlen(dot) <= SAFENAME_EXT_MAX)
		extlen = strlen(dot);
	keep = utf8_truncate(s, max - extlen);
	if (extlen > 0)
		memmove(s + keep, dot, extlen + 1);
	else {
		s[keep] = '\0';
		safename_trim(s);
	}
}

/*
 * Make a file name safe to create and still readable from a name that
 * may be a path, of at most max_bytes bytes (kept within 32..255).
 */
char *
safename_make(const char *utf8_name, size_t max_bytes)
{
	const char	*base = utf8_name, *p;
	char		*name, *q;

	for (p = utf8_name; *p != '\0'; p++) {
		if (*p == '/' || *p == '\\')
			base = p + 1;
	}
	name = safename_display(base);
	for (q = name; *q != '\0'; q++) {
		if (strchr("<>:\"|?*", *q) != NULL)
			*q = '_';
	}
	safename_trim(name);
	if (safename_reserved(name)) {
		q = xasprintf("_%s", name);
		free(name);
		name = q;
	}
	if (max_bytes < SAFENAME_MIN)
		max_bytes = SAFENAME_MIN;
	if (max_bytes > SAFENAME_MAX)
		max_bytes = SAFENAME_MAX;
	safename_bound(name, max_bytes);
	if (*name == '\0') {
		free(name);
		name = xstrdup(SAFENAME_EMPTY);
	}
	return (name);
}

/* Whether name is in use in the directory (or cannot be checked). */
static int
safename_taken(int dirfd, const char *name)
{
	struct stat	 sb;

	return (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 ||
	    errno != ENOENT);
}

/* "base<suffix>ext", the base cut so the whole fits in SAFENAME_MAX. */
static char *
safename_join(const char *name, size_t baselen, const char *suffix)
{
	const char	*ext = name + baselen;
	char		*base, *joined;
	size_t		 room;

	room = SAFENAME_MAX - strlen(suffix) - strlen(ext);
	base = xstrndup(name, baselen);
	base[utf8_truncate(base, room)] = '\0';
	joined = xasprintf("%s%s%s", base, suffix, ext);
	free(base);
	return (joined);
}

/* "base (n).ext", or NULL when that name is taken. */
static char *
safename_try(int dirfd, const char *name, size_t baselen, unsigned n)
{
	char	 suffix[32], *try;

	if (n == 0)
		snprintf(suffix, sizeof suffix, " (%08x)", arc4random());
	else
		snprintf(suffix, sizeof suffix, " (%u)", n);
	try = safename_join(name, baselen, suffix);
	if (!safename_taken(dirfd, try))
		return (try);
	free(try);
	return (NULL);
}

/*
 * The name, or "name (2).ext", "name (3).ext" ... when it exists in the
 * directory; past SAFENAME_UNIQUE_MAX a random number. The free number is
 * found by doubling then bisecting, so 10,000 copies of one name cost
 * O(log n) lookups each (the smallest free number when numbers are used
 * from 2 upwards without gaps, some free number otherwise).
 */
char *
safename_unique(int dirfd, const char *name)
{
	const char	*dot = strrchr(name, '.');
	char		*found, *try;
	size_t		 baselen;
	unsigned	 lo = 1, hi = 2, mid, i;

	if (!safename_taken(dirfd, name))
		return (xstrdup(name));
	if (dot == NULL || dot == name || strlen(dot) > SAFENAME_EXT_MAX)
		dot = name + strlen(name);
	baselen = (size_t)(dot - name);
	found = safename_try(dirfd, name, baselen, hi);
	while (found == NULL && hi < SAFENAME_UNIQUE_MAX) {
		lo = hi;
		hi = hi * 2 > SAFENAME_UNIQUE_MAX ? SAFENAME_UNIQUE_MAX : hi * 2;
		found = safename_try(dirfd, name, baselen, hi);
	}
	if (found == NULL) {
		for (i = 0; i < 16 && found == NULL; i++)
			found = safename_try(dirfd, name, baselen, 0);
		if (found == NULL)	/* O_EXCL at creation will say so */
			found = safename_join(name, baselen, " (0)");
		return (found);
	}
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		try = safename_try(dirfd, name, baselen, mid);
		if (try == NULL)
			lo = mid;
		else {
			free(found);
			found = try;
			hi = mid;
		}
	}
	return (found);
}

/*
 * Make a directory name from a school name: lower-case ASCII with accents
 * folded, runs of other characters as one '-', at most 60 bytes.
 */
char *
safename_slug(const char *utf8)
{
	char	*folded = names_fold(utf8), *slug, *p;
	size_t	 len = 0;

	slug = xmalloc(strlen(folded) + 1);
	for (p = folded; *p != '\0'; p++) {
		if (*p != ' ')
			slug[len++] = *p;
		else if (len > 0 && slug[len - 1] != '-')
			slug[len++] = '-';
	}
	free(folded);
	if (len > SAFENAME_SLUG_MAX)
		len = SAFENAME_SLUG_MAX;
	while (len > 0 && slug[len - 1] == '-')
		len--;
	slug[len] = '\0';
	if (len == 0) {
		free(slug);
		slug = xstrdup(SAFENAME_SLUG_EMPTY);
	}
	return (slug);
}
