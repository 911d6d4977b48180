/* SPDX-License-Identifier: ISC */
/*
 * Reading a CSV file of master data into memory (libcsv): ';' or ','
 * separated, UTF-8 with or without BOM, or Windows-1252, header row
 * required. (Named csvfile so it does not shadow libcsv's <csv.h>.)
 */
#ifndef CSVFILE_H
#define CSVFILE_H

#include <stddef.h>

struct csvfile_row {
	char	**fields;	/* UTF-8, trimmed; nfields of them */
	size_t	  nfields;
	size_t	  line;		/* line number in the file, for errors */
};

struct csvfile {
	char			 *path;
	char			**header;	/* lower-cased, trimmed */
	size_t			  ncols;
	struct csvfile_row	 *rows;		/* data rows, header excluded */
	size_t			  nrows;
};

struct csvfile	*csvfile_read(const char *, char **);
void		 csvfile_free(struct csvfile *);
int		 csvfile_column(const struct csvfile *, const char *);
const char	*csvfile_get(const struct csvfile *, const struct csvfile_row *,
		    int);

#endif
