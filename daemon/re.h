/* SPDX-License-Identifier: ISC */
/*
 * Regular expressions (PCRE2) with limits: a match limit, a heap limit and
 * JIT only where the system allows it. A limit hit is its own result.
 */
#ifndef RE_H
#define RE_H

#include <stddef.h>

#define RE_MAX_GROUPS 16

enum re_result {
	RE_ERROR = -2,
	RE_LIMIT = -1,		/* match or heap limit hit: needs review */
	RE_NOMATCH = 0,
	RE_MATCH = 1,
};

struct re;

struct re_match {
	size_t	 ov[2 * RE_MAX_GROUPS];
	int	 n;		/* groups set, including group 0 */
};

void		 re_set_limits(long, size_t);
struct re	*re_compile(const char *, const char *, char **);
void		 re_free(struct re *);
enum re_result	 re_exec(const struct re *, const char *, size_t, size_t,
		    struct re_match *);
int		 re_group(const struct re *, const struct re_match *,
		    const char *, size_t *, size_t *);
const char	*re_pattern(const struct re *);

#endif
