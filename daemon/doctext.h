/* SPDX-License-Identifier: ISC */
/*
 * Plain text from the XML inside office documents: DOCX word/document.xml
 * and ODT content.xml, one line per paragraph (expat).
 */
#ifndef DOCTEXT_H
#define DOCTEXT_H

#include <stddef.h>

#define DOCTEXT_MAX_DEPTH	256

char	*doctext_from_docx_xml(const char *, size_t, size_t, char **);
char	*doctext_from_odt_xml(const char *, size_t, size_t, char **);

#endif
