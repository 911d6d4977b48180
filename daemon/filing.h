/* SPDX-License-Identifier: ISC */
/*
 * Filing the documents of a mail: every file found (attachment, file in a
 * zip, in a winmail.dat, in a forwarded mail, or a link to a video) gets
 * a school and a kind, or is reported as unassignable; then it is stored
 * once in the archive (DESIGN §4).
 */
#ifndef FILING_H
#define FILING_H

#include <stddef.h>

struct mail;
struct runtime;

struct filed {
	char	*original;	/* the name as written, or the path in a zip */
	char	*name;		/* decoded and readable */
	char	*type;		/* content type, or "link" */
	size_t	 size;
	char	*source;	/* attachment, forwarded, winmail.dat, zip:..., link */
	char	*url;		/* for a link */
	char	*container;	/* the archive it came from, or NULL */
	char	*context;	/* a link's line of text */
	char	*tmp;		/* the extracted file, until stored */
	char	 sha256[65];
	char	*brin;		/* NULL: unassignable */
	char	*school_why;
	char	*kind;		/* NULL: kind not recognised */
	char	*kind_why;
	char	*refused;	/* why it was not kept, or NULL */
	char	*path;		/* in the archive, once stored */
	int	 duplicate;	/* the same file was stored before */
	int	 pages;		/* of a PDF, else 0 */
	char	*text;		/* of a DOCX, ODT or PDF (bounded), or NULL */
};

struct filing {
	struct filed	*files;
	size_t		 n;
	size_t		 overflow;	/* files past the limit, not looked at */
	char		*workdir;
};

int	filing_scan(struct runtime *, const char *, const struct mail *,
	    const char *, struct filing *, char **);
int	filing_store(struct runtime *, struct filing *, const char *, long,
	    char **);
void	filing_clear(struct filing *);
void	filing_text(struct filed *);

#endif
