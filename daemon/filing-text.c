/* SPDX-License-Identifier: ISC */
/*
 * What a filed document says: the text of a DOCX or ODT (its XML read
 * from the zip), and the page count and text of a PDF (poppler-utils in a
 * child process), so the procedure can check the pre-advies header and
 * the sections of a reflection form. Failures only leave the text out.
 */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "archive.h"
#include "doctext.h"
#include "filing.h"
#include "log.h"
#include "pdfinfo.h"
#include "xmalloc.h"

#define FILING_TEXT_MAX		(64 * 1024)	/* kept per document */
#define FILING_XML_MAX		(32 * 1024 * 1024)

static int
filing_has_ext(const char *name, const char *ext)
{
	size_t	 n = strlen(name), e = strlen(ext);

	return (n > e && strcasecmp(name + n - e, ext) == 0);
}

static char *
filing_office_text(const char *path, const char *member,
    char *(*parse)(const char *, size_t, size_t, char **), char **cause)
{
	char	*xml, *text;
	size_t	 len;

	if (archive_read_member(path, member, FILING_XML_MAX, &xml, &len,
	    cause) != 0)
		return (NULL);
	text = parse(xml, len, FILING_TEXT_MAX, cause);
	free(xml);
	return (text);
}

/* Read the text (and pages) of a file that is a document we know. */
void
filing_text(struct filed *fd)
{
	char	*cause = NULL;

	if (fd->tmp == NULL || fd->refused != NULL)
		return;
	if (filing_has_ext(fd->name, ".docx"))
		fd->text = filing_office_text(fd->tmp, "word/document.xml",
		    doctext_from_docx_xml, &cause);
	else if (filing_has_ext(fd->name, ".odt"))
		fd->text = filing_office_text(fd->tmp, "content.xml",
		    doctext_from_odt_xml, &cause);
	else if (filing_has_ext(fd->name, ".pdf")) {
		if (pdfinfo_pages(fd->tmp, &fd->pages, &cause) == 0)
			fd->text = pdfinfo_text(fd->tmp, FILING_TEXT_MAX,
			    &cause);
	} else
		return;
	if (fd->text == NULL) {
		log_info("filing: %s: no text: %s", fd->name, cause != NULL ?
		    cause : "empty");
		free(cause);
	}
}
