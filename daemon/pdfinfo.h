/* SPDX-License-Identifier: ISC */
/*
 * Page count and text of a PDF from poppler-utils' pdfinfo and pdftotext,
 * run as a child with a timeout and resource limits, so that poppler never
 * runs in the daemon's address space.
 */
#ifndef PDFINFO_H
#define PDFINFO_H

#include <stddef.h>

#define PDFINFO_BINDIR		"/usr/bin"
#define PDFINFO_TIMEOUT		20			/* seconds */
#define PDFINFO_MAX_AS		(512UL * 1024 * 1024)	/* RLIMIT_AS */
#define PDFINFO_MAX_PAGES	20			/* pdftotext -l */

void	 pdfinfo_set_bindir(const char *);
void	 pdfinfo_set_timeout(int);
int	 pdfinfo_pages(const char *, int *, char **);
char	*pdfinfo_text(const char *, size_t, char **);

#endif
