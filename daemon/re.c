/* SPDX-License-Identifier: ISC */
/*
 * The PCRE2 wrapper. Patterns are compiled as UTF with Unicode properties;
 * subjects must be valid UTF-8 (the mail layer guarantees it) and are
 * never matched with PCRE2_NO_UTF_CHECK. JIT is tried and, where
 * MemoryDenyWriteExecute forbids it, silently left to the interpreter,
 * which enforces the same match limit.
 */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "log.h"
#include "re.h"
#include "xmalloc.h"

struct re {
	pcre2_code	*code;
	char		*pattern;
};

static pcre2_match_context	*re_mctx;
static long			 re_match_limit = 1000000;
static size_t			 re_heap_limit_kib = 65536;

/* Set the match limit and heap limit (KiB) for all later matches. */
void
re_set_limits(long match_limit, size_t heap_limit_kib)
{
	if (match_limit > 0)
		re_match_limit = match_limit;
	if (heap_limit_kib > 0)
		re_heap_limit_kib = heap_limit_kib;
	if (re_mctx != NULL) {
		pcre2_set_match_limit(re_mctx, (uint32_t)re_match_limit);
		pcre2_set_depth_limit(re_mctx, (uint32_t)re_match_limit);
		pcre2_set_heap_limit(re_mctx, (uint32_t)re_heap_limit_kib);
	}
}

static pcre2_match_context *
re_context(void)
{
	if (re_mctx == NULL) {
		if ((re_mctx = pcre2_match_context_create(NULL)) == NULL)
			fatalx("pcre2_match_context_create: out of memory");
		re_set_limits(re_match_limit, re_heap_limit_kib);
	}
	return (re_mctx);
}

static int
re_flags(const char *flags, uint32_t *opts, char **cause)
{
	*opts = PCRE2_UTF | PCRE2_UCP;
	for (; flags != NULL && *flags != '\0'; flags++) {
		switch (*flags) {
		case 'i':
			*opts |= PCRE2_CASELESS;
			break;
		case 'x':
			*opts |= PCRE2_EXTENDED;
			break;
		case 's':
			*opts |= PCRE2_DOTALL;
			break;
		case 'm':
			*opts |= PCRE2_MULTILINE;
			break;
		default:
			*cause = xasprintf("unknown flag '%c' (use i, x, s "
			    "or m)", *flags);
			return (-1);
		}
	}
	return (0);
}

/* Compile a pattern with flags (i, x, s, m). */
struct re *
re_compile(const char *pattern, const char *flags, char **cause)
{
	struct re	*re;
	pcre2_code	*code;
	uint32_t	 opts, ngroups;
	int		 err;
	PCRE2_SIZE	 off;
	PCRE2_UCHAR	 msg[256];

	if (re_flags(flags, &opts, cause) != 0)
		return (NULL);
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
	    &err, &off, NULL);
	if (code == NULL) {
		pcre2_get_error_message(err, msg, sizeof msg);
		*cause = xasprintf("at offset %zu: %s", (size_t)off,
		    (char *)msg);
		return (NULL);
	}
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ngroups);
	if (ngroups >= RE_MAX_GROUPS) {
		pcre2_code_free(code);
		*cause = xasprintf("%u capture groups (at most %d)", ngroups,
		    RE_MAX_GROUPS - 1);
		return (NULL);
	}
	/*
	 * Fails under W^X; the interpreter is then used, limits intact.
	 * HERCERT_NO_JIT=1 forces the interpreter (valgrind cannot follow
	 * JIT code and reports false uninitialised reads in it).
	 */
	if (getenv("HERCERT_NO_JIT") == NULL)
		(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	re = xcalloc(1, sizeof *re);
	re->code = code;
	re->pattern = xstrdup(pattern);
	return (re);
}

/* Free a compiled pattern. */
void
re_free(struct re *re)
{
	if (re == NULL)
		return;
	pcre2_code_free(re->code);
	free(re->pattern);
	free(re);
}

/* The source text of a pattern. */
const char *
re_pattern(const struct re *re)
{
	return (re->pattern);
}

/* Match a UTF-8 subject from offset; fills m on RE_MATCH. */
enum re_result
re_exec(const struct re *re, const char *subject, size_t len, size_t offset,
    struct re_match *m)
{
	pcre2_match_data	*md;
	PCRE2_SIZE		*ov;
	int			 rc, i;

	md = pcre2_match_data_create_from_pattern(re->code, NULL);
	if (md == NULL)
		fatalx("pcre2_match_data_create: out of memory");
	rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, offset, 0, md,
	    re_context());
	if (rc > 0 && m != NULL) {
		ov = pcre2_get_ovector_pointer(md);
		m->n = rc > RE_MAX_GROUPS ? RE_MAX_GROUPS : rc;
		for (i = 0; i < 2 * m->n; i++)
			m->ov[i] = ov[i];
		for (; i < 2 * RE_MAX_GROUPS; i++)
			m->ov[i] = PCRE2_UNSET;
	}
	pcre2_match_data_free(md);
	if (rc > 0)
		return (RE_MATCH);
	if (rc == PCRE2_ERROR_NOMATCH)
		return (RE_NOMATCH);
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_NOMEMORY ||
	    rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return (RE_LIMIT);
	return (RE_ERROR);
}

/* The span of a named group in a match: 0 when it took part, else -1. */
int
re_group(const struct re *re, const struct re_match *m, const char *name,
    size_t *start, size_t *end)
{
	int	 n;

	n = pcre2_substring_number_from_name(re->code, (PCRE2_SPTR)name);
	if (n <= 0 || n >= m->n || m->ov[2 * n] == PCRE2_UNSET)
		return (-1);
	*start = m->ov[2 * n];
	*end = m->ov[2 * n + 1];
	return (0);
}
