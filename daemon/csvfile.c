/* SPDX-License-Identifier: ISC */
/*
 * The master data CSV reader, the only file that touches libcsv: decodes
 * the file to UTF-8 (BOM, Windows-1252), detects ';' or ',' from the header
 * and keeps each record's starting line number for error messages.
 */

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <csv.h>

#include "buf.h"
#include "csvfile.h"
#include "log.h"
#include "xmalloc.h"

#define CSVFILE_MAX_SIZE	(16 * 1024 * 1024)
#define CSVFILE_MAX_FIELD	(64 * 1024)
#define CSVFILE_CHUNK		(16 * 1024)	/* most fed to libcsv at once */

/* State shared with the libcsv callbacks while one file is parsed. */
struct csvfile_parse {
	struct csvfile		*f;
	size_t			 rowsalloc;
	struct csvfile_row	 row;		/* the record being built */
	size_t			 fieldsalloc;
	int			 have_header;
	size_t			 line;		/* line being fed to libcsv */
	size_t			 start;		/* line the open record began */
	int			 open;		/* a record is under way */
	int			 ended;		/* last callback ended a record */
	char			*error;		/* first error; rest ignored */
};

/* Read the whole file, refusing anything over the cap. */
static char *
csvfile_load(const char *path, size_t *lenp, char **cause)
{
	struct buf	 b;
	char		 chunk[65536];
	ssize_t		 n;
	int		 fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (NULL);
	}
	buf_init(&b, CSVFILE_MAX_SIZE);
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (buf_add(&b, chunk, n) == -1)
			break;
	}
	if (n == -1)
		*cause = xasprintf("%s: %s", path, strerror(errno));
	else if (b.overflow)
		*cause = xasprintf("%s: file larger than %d MiB", path,
		    CSVFILE_MAX_SIZE / 1024 / 1024);
	close(fd);
	if (n == -1 || b.overflow) {
		buf_clear(&b);
		return (NULL);
	}
	*lenp = b.len;
	return (buf_release(&b));
}

/* Return the line number (1-based) of byte offset off. */
static size_t
csvfile_line_at(const char *s, size_t off)
{
	size_t	 i, line = 1;

	for (i = 0; i < off; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
			line++;
	}
	return (line);
}

/* Return the offset of the first byte that is not valid UTF-8, or len. */
static size_t
csvfile_utf8_invalid(const unsigned char *s, size_t len)
{
	size_t		 i = 0, n, k;
	uint32_t	 cp, min;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			n = 1;
			cp = s[i] & 0x1f;
			min = 0x80;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			n = 2;
			cp = s[i] & 0x0f;
			min = 0x800;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			n = 3;
			cp = s[i] & 0x07;
			min = 0x10000;
		} else
			return (i);
		if (n >= len - i)
			return (i);
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return (i);
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return (i);
		i += n + 1;
	}
	return (len);
}

/* Convert Windows-1252 to UTF-8; fails on the five bytes it leaves out. */
static char *
csvfile_from_cp1252(const char *path, const char *in, size_t len,
    size_t *outlen, char **cause)
{
	iconv_t	 cd;
	char	*out, *ip, *op;
	size_t	 il, ol, size;

	cd = iconv_open("UTF-8", "WINDOWS-1252");
	if (cd == (iconv_t)-1)
		fatal("iconv_open WINDOWS-1252");
	size = len * 3 + 1;	/* no CP1252 character needs more */
	out = xmalloc(size);
	ip = (char *)(uintptr_t)in;	/* iconv's prototype lacks const */
	il = len;
	op = out;
	ol = size;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		*cause = xasprintf("%s:%zu: byte 0x%02x is neither UTF-8 nor "
		    "Windows-1252", path, csvfile_line_at(in, ip - in),
		    (unsigned char)*ip);
		iconv_close(cd);
		free(out);
		return (NULL);
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = op - out;
	return (out);
}

/* Turn the raw file into NUL-free UTF-8 without a byte order mark. */
static char *
csvfile_decode(const char *path, const char *raw, size_t len, size_t *outlen,
    char **cause)
{
	const unsigned char	*u = (const unsigned char *)raw;
	char			*out;
	size_t			 bad, off = 0;

	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff))) {
		*cause = xasprintf("%s: UTF-16 is not supported, save the "
		    "file as CSV (UTF-8)", path);
		return (NULL);
	}
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		off = 3;
	bad = csvfile_utf8_invalid(u + off, len - off);
	if (bad != len - off && off != 0) {
		*cause = xasprintf("%s:%zu: invalid UTF-8 after a UTF-8 byte "
		    "order mark", path, csvfile_line_at(raw, off + bad));
		return (NULL);
	}
	if (bad != len - off)
		out = csvfile_from_cp1252(path, raw, len, outlen, cause);
	else {
		out = xstrndup(raw + off, len - off);
		*outlen = len - off;
	}
	if (out != NULL && strlen(out) != *outlen) {
		*cause = xasprintf("%s:%zu: NUL byte in file", path,
		    csvfile_line_at(out, strlen(out)));
		free(out);
		return (NULL);
	}
	return (out);
}

/*
 * Pick ';' when the header line (the first line that is not blank) has
 * more of them than ',' outside quotes.
 */
static unsigned char
csvfile_delimiter(const char *s, size_t len)
{
	size_t	 i, semi = 0, comma = 0;
	int	 quoted = 0, seen = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (s[i] == '\n' || s[i] == '\r') {
			if (seen)
				break;
			continue;
		} else if (s[i] == ';')
			semi++;
		else if (s[i] == ',')
			comma++;
		if (!isspace((unsigned char)s[i]))
			seen = 1;
	}
	return (semi > comma ? ';' : ',');
}

/* Copy a field without surrounding whitespace (ASCII and no-break space). */
static char *
csvfile_trim(const char *s, size_t len)
{
	for (;;) {
		if (len > 0 && isspace((unsigned char)s[0])) {
			s++;
			len--;
		} else if (len > 1 && (unsigned char)s[0] == 0xc2 &&
		    (unsigned char)s[1] == 0xa0) {
			s += 2;
			len -= 2;
		} else
			break;
	}
	for (;;) {
		if (len > 0 && isspace((unsigned char)s[len - 1]))
			len--;
		else if (len > 1 && (unsigned char)s[len - 2] == 0xc2 &&
		    (unsigned char)s[len - 1] == 0xa0)
			len -= 2;
		else
			break;
	}
	return (xstrndup(s, len));
}

static void
csvfile_row_clear(struct csvfile_row *row)
{
	size_t	 i;

	for (i = 0; i < row->nfields; i++)
		free(row->fields[i]);
	free(row->fields);
	memset(row, 0, sizeof *row);
}

/* libcsv callback: one field of the current record is complete. */
static void
csvfile_field(void *s, size_t len, void *arg)
{
	struct csvfile_parse	*ps = arg;
	struct csvfile_row	*row = &ps->row;

	ps->ended = 0;
	if (ps->error != NULL)
		return;
	if (row->nfields == 0)
		row->line = ps->start;
	if (row->nfields == ps->fieldsalloc) {
		ps->fieldsalloc = ps->fieldsalloc == 0 ? 16 :
		    ps->fieldsalloc * 2;
		row->fields = xreallocarray(row->fields, ps->fieldsalloc,
		    sizeof *row->fields);
	}
	row->fields[row->nfields++] = csvfile_trim(s != NULL ? s : "", len);
}

/* Take the first record as the header: lower-cased, no duplicate names. */
static void
csvfile_header(struct csvfile_parse *ps)
{
	struct csvfile	*f = ps->f;
	char		*p;
	size_t		 i, j;

	f->header = ps->row.fields;
	f->ncols = ps->row.nfields;
	for (i = 0; i < f->ncols; i++) {
		for (p = f->header[i]; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		for (j = 0; j < i && f->header[i][0] != '\0'; j++) {
			if (strcmp(f->header[i], f->header[j]) == 0 &&
			    ps->error == NULL)
				ps->error = xasprintf("%s:%zu: column \"%s\" "
				    "appears twice", f->path, ps->row.line,
				    f->header[i]);
		}
	}
	memset(&ps->row, 0, sizeof ps->row);
	ps->have_header = 1;
}

/* Return 1 if every field of the row is empty (";;;" lines from Excel). */
static int
csvfile_row_blank(const struct csvfile_row *row)
{
	size_t	 i;

	for (i = 0; i < row->nfields; i++) {
		if (row->fields[i][0] != '\0')
			return (0);
	}
	return (1);
}

/* libcsv callback: the current record is complete. */
static void
csvfile_record(int c, void *arg)
{
	struct csvfile_parse	*ps = arg;
	struct csvfile		*f = ps->f;

	(void)c;
	ps->ended = 1;
	ps->open = 0;
	if (ps->error != NULL || csvfile_row_blank(&ps->row)) {
		csvfile_row_clear(&ps->row);
		ps->fieldsalloc = 0;
		return;
	}
	if (!ps->have_header)
		csvfile_header(ps);
	else if (ps->row.nfields > f->ncols) {
		ps->error = xasprintf("%s:%zu: %zu fields, header has %zu",
		    f->path, ps->row.line, ps->row.nfields, f->ncols);
		csvfile_row_clear(&ps->row);
	} else {
		if (f->nrows == ps->rowsalloc) {
			ps->rowsalloc = ps->rowsalloc == 0 ? 64 :
			    ps->rowsalloc * 2;
			f->rows = xreallocarray(f->rows, ps->rowsalloc,
			    sizeof *f->rows);
		}
		f->rows[f->nrows++] = ps->row;
		memset(&ps->row, 0, sizeof ps->row);
	}
	ps->fieldsalloc = 0;
}

/*
 * Return the length of the line at s, terminator included, but no more
 * than one chunk so a field's growth can be checked between chunks.
 */
static size_t
csvfile_line_len(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && i < CSVFILE_CHUNK; i++) {
		if (s[i] == '\n')
			return (i + 1);
		if (s[i] == '\r')	/* keep CR LF together */
			return (i + 1 < len && s[i + 1] == '\n' ? i + 2 : i + 1);
	}
	return (i);
}

/*
 * Feed one physical line (or a chunk of a long one) to libcsv. libcsv
 * reports no positions, so the line a record starts on is the line fed
 * while no record was open; a record stays open across lines until libcsv
 * ends it.
 */
static int
csvfile_feed(struct csv_parser *p, struct csvfile_parse *ps, const char *s,
    size_t n)
{
	size_t	 i;

	if (!ps->open)
		ps->start = ps->line;
	ps->ended = 0;
	if (csv_parse(p, s, n, csvfile_field, csvfile_record, ps) != n)
		return (-1);
	if (!ps->ended) {
		for (i = 0; i < n && !ps->open; i++) {
			if (!isspace((unsigned char)s[i]))
				ps->open = 1;
		}
	}
	if (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		ps->line++;
	return (0);
}

/* Return the error libcsv reported. */
static char *
csvfile_csv_error(struct csvfile *f, struct csv_parser *p)
{
	return (xasprintf("%s: csv: %s", f->path, csv_strerror(csv_error(p))));
}

/* Run libcsv over the decoded text; return the first error or NULL. */
static char *
csvfile_run(struct csv_parser *p, struct csvfile_parse *ps, const char *s,
    size_t len)
{
	char	*error;
	size_t	 off, n;

	for (off = 0; off < len && ps->error == NULL; off += n) {
		n = csvfile_line_len(s + off, len - off);
		if (csvfile_feed(p, ps, s + off, n) == -1)
			return (csvfile_csv_error(ps->f, p));
		/* libcsv grows its field buffer without a limit. */
		if (csv_get_buffer_size(p) > CSVFILE_MAX_FIELD)
			return (xasprintf("%s:%zu: field longer than %d KiB",
			    ps->f->path, ps->start, CSVFILE_MAX_FIELD / 1024));
	}
	/*
	 * A last line without a terminator gets one, so a record still open
	 * after it can only be a quoted field that never closed (csv_fini
	 * reports that only in strict mode).
	 */
	if (ps->error == NULL && csvfile_feed(p, ps, "\n", 1) == -1)
		return (csvfile_csv_error(ps->f, p));
	if (ps->error == NULL && ps->open)
		return (xasprintf("%s:%zu: quoted field not closed before the "
		    "end of the file", ps->f->path, ps->start));
	if (ps->error == NULL &&
	    csv_fini(p, csvfile_field, csvfile_record, ps) != 0)
		return (csvfile_csv_error(ps->f, p));
	if (ps->error == NULL && !ps->have_header)
		return (xasprintf("%s: empty file, header row expected",
		    ps->f->path));
	error = ps->error;
	ps->error = NULL;
	return (error);
}

/* Parse the decoded text into f; on failure fill cause. */
static int
csvfile_parse(struct csvfile *f, const char *s, size_t len, char **cause)
{
	struct csv_parser	 p;
	struct csvfile_parse	 ps;
	char			*error;

	memset(&ps, 0, sizeof ps);
	ps.f = f;
	ps.line = 1;
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		fatalx("csv_init failed");
	csv_set_delim(&p, csvfile_delimiter(s, len));
	csv_set_blk_size(&p, 1024);	/* libcsv grows linearly, not by doubling */
	error = csvfile_run(&p, &ps, s, len);
	csv_free(&p);
	csvfile_row_clear(&ps.row);
	if (error != NULL) {
		*cause = error;
		return (-1);
	}
	return (0);
}

/* Read a whole CSV file with its header; NULL and cause on failure. */
struct csvfile *
csvfile_read(const char *path, char **cause)
{
	struct csvfile	*f;
	char		*raw, *text;
	size_t		 rawlen, len;

	raw = csvfile_load(path, &rawlen, cause);
	if (raw == NULL)
		return (NULL);
	text = csvfile_decode(path, raw, rawlen, &len, cause);
	free(raw);
	if (text == NULL)
		return (NULL);
	f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	if (csvfile_parse(f, text, len, cause) == -1) {
		csvfile_free(f);
		f = NULL;
	}
	free(text);
	return (f);
}

/* Free a file read by csvfile_read. */
void
csvfile_free(struct csvfile *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nrows; i++)
		csvfile_row_clear(&f->rows[i]);
	free(f->rows);
	for (i = 0; i < f->ncols; i++)
		free(f->header[i]);
	free(f->header);
	free(f->path);
	free(f);
}

/* Return the index of the named column (case-insensitive), or -1. */
int
csvfile_column(const struct csvfile *f, const char *name)
{
	size_t	 i;

	if (*name == '\0')
		return (-1);
	for (i = 0; i < f->ncols && i < INT32_MAX; i++) {
		if (strcasecmp(f->header[i], name) == 0)
			return ((int)i);
	}
	return (-1);
}

/* Return a row's field in column col, or "" if the row has none there. */
const char *
csvfile_get(const struct csvfile *f, const struct csvfile_row *row, int col)
{
	(void)f;
	if (col < 0 || (size_t)col >= row->nfields)
		return ("");
	return (row->fields[col]);
}
