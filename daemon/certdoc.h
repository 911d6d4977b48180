/* SPDX-License-Identifier: ISC */
/* The re-certification certificate mailed to a school, as a one-page PDF. */
#ifndef CERTDOC_H
#define CERTDOC_H

#include <stddef.h>

#define CERTDOC_MAXVAL	200		/* bytes of UTF-8 used per value */

/* Values in UTF-8; NULL leaves an optional line or clause out. */
struct certdoc {
	const char	*partnership;	/* "Partners in Opleiding en ..." */
	const char	*school;	/* required */
	const char	*place;		/* may be NULL */
	const char	*brin;		/* required */
	const char	*board;		/* may be NULL */
	const char	*audit_date;	/* required: "donderdag 26 januari ..." */
	const char	*valid_until;	/* required */
	const char	*issued;	/* may be NULL */
};

char	*certdoc_pdf(const struct certdoc *, size_t *, char **);

#endif
