/* SPDX-License-Identifier: ISC */
/*
 * Mail templates: each file is parsed once into a tree of text, value and
 * block nodes, so syntax errors surface at load time with a line number and
 * rendering never interprets values. Block tags alone on a line vanish
 * together with that line, as in Mustache.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "fsutil.h"
#include "log.h"
#include "template.h"
#include "template-internal.h"
#include "xmalloc.h"

#define TEMPLATE_MAXFILE	(256 * 1024)
#define TEMPLATE_MAXOUT		(1024 * 1024)
#define TEMPLATE_MAXDEPTH	16
#define TEMPLATE_MAXSTEPS	(4 * 1024 * 1024)
#define TEMPLATE_MAXQUOTE	60

enum tnode_type {
	TNODE_TEXT,
	TNODE_VAR,
	TNODE_EACH,
	TNODE_IF,
	TNODE_UNLESS,
};

struct tnode {
	enum tnode_type	 type;
	char		*text;		/* literal text, or the name */
	size_t		 len;
	int		 line;
	int		 has_else;
	struct tnode	*body;
	struct tnode	*alt;		/* after {{else}} */
	struct tnode	*next;
};

struct template {
	char		*name;
	struct tnode	*root;
	int		 html;		/* KIND.html: values are escaped */
};

struct pframe {
	struct tnode	 *block;	/* NULL at the top level */
	struct tnode	**tail;
};

struct parser {
	const char	*path;
	const char	*src;
	size_t		 len;
	size_t		 pos;
	int		 line;		/* line of src[pos] */
	int		 tagline;	/* line of the tag being parsed */
	struct pframe	 stack[TEMPLATE_MAXDEPTH + 1];
	int		 depth;
	struct tnode	*root;
	char		*cause;
};

struct rframe {
	const struct tvars	*vars;
	size_t			 index;
	size_t			 count;
};

struct render {
	const struct template	*t;
	struct buf		 out;
	struct rframe		 stack[TEMPLATE_MAXDEPTH + 1];
	int			 depth;
	size_t			 steps;
	char			*cause;
};

struct tval {
	const char		*str;
	const struct tvar	*list;
	char			 num[24];
};

/* Indexed by node type; NULL for the types that are no block. */
static const char *const template_blocks[] = {
	[TNODE_EACH] = "each",
	[TNODE_IF] = "if",
	[TNODE_UNLESS] = "unless",
};

static const char *const template_helpers[] = { "@index", "@first", "@last" };

#define NITEMS(a)	(sizeof (a) / sizeof (a)[0])

static int	parse_error(struct parser *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	render_error(struct render *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	render_list(struct render *, const struct tnode *);

static int
is_blank(char c)
{
	return (c == ' ' || c == '\t');
}

static int
quote_len(size_t n)
{
	return (n > TEMPLATE_MAXQUOTE ? TEMPLATE_MAXQUOTE : (int)n);
}

/* Find the n bytes at s in a word list, ignoring case; -1 if absent. */
static int
word_find(const char *const *words, size_t nwords, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < nwords; i++) {
		if (words[i] != NULL && strlen(words[i]) == n &&
		    strncasecmp(words[i], s, n) == 0)
			return ((int)i);
	}
	return (-1);
}

static const char *
block_word(enum tnode_type type)
{
	return (template_blocks[type]);
}

static int
block_type(const char *s, size_t n, enum tnode_type *type)
{
	int	i;

	i = word_find(template_blocks, NITEMS(template_blocks), s, n);
	if (i < 0)
		return (-1);
	*type = (enum tnode_type)i;
	return (0);
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (is_blank(**s) || **s == '\n')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && (is_blank((*s)[*n - 1]) || (*s)[*n - 1] == '\n'))
		(*n)--;
}

static int
count_lines(const char *s, size_t from, size_t to)
{
	int	n = 0;

	for (; from < to; from++)
		if (s[from] == '\n')
			n++;
	return (n);
}

static void
tnode_free(struct tnode *n)
{
	struct tnode	*next;

	for (; n != NULL; n = next) {
		next = n->next;
		tnode_free(n->body);
		tnode_free(n->alt);
		free(n->text);
		free(n);
	}
}

static int
parse_error(struct parser *p, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	p->cause = xasprintf("%s:%d: %s", p->path, line, msg);
	free(msg);
	return (-1);
}

static struct tnode *
parse_append(struct parser *p, enum tnode_type type, const char *s, size_t n)
{
	struct pframe	*f = &p->stack[p->depth];
	struct tnode	*node;

	node = xcalloc(1, sizeof *node);
	node->type = type;
	node->text = xstrndup(s, n);
	node->len = n;
	node->line = p->tagline;
	*f->tail = node;
	f->tail = &node->next;
	return (node);
}

/* Is a {{#each}} open whose body (not its {{else}}) we are in? */
static int
parse_in_each(const struct parser *p)
{
	int	i;

	for (i = 1; i <= p->depth; i++) {
		if (p->stack[i].block->type == TNODE_EACH &&
		    !p->stack[i].block->has_else)
			return (1);
	}
	return (0);
}

static int
parse_name(struct parser *p, const char *s, size_t n)
{
	if (n == 0)
		return (parse_error(p, p->tagline, "empty name in \"{{}}\""));
	if (s[0] == '@' &&
	    word_find(template_helpers, NITEMS(template_helpers), s, n) < 0) {
		return (parse_error(p, p->tagline, "unknown helper \"%.*s\" "
		    "(known: @index, @first, @last)", quote_len(n), s));
	}
	if (s[0] == '@' && !parse_in_each(p)) {
		return (parse_error(p, p->tagline, "\"%.*s\" only works inside "
		    "{{#each}}", (int)n, s));
	}
	if (s[0] != '@' && !tvars_name_valid(s, n)) {
		return (parse_error(p, p->tagline, "name \"%.*s\" may only use "
		    "a-z, 0-9, _ and .", quote_len(n), s));
	}
	return (0);
}

static int
parse_open(struct parser *p, const char *s, size_t n)
{
	struct tnode	*node;
	enum tnode_type	 type;
	size_t		 w, nl;
	const char	*name;

	for (w = 0; w < n && !is_blank(s[w]); w++)
		/* nothing */;
	if (block_type(s, w, &type) != 0) {
		return (parse_error(p, p->tagline, "unknown block \"{{#%.*s}}\" "
		    "(use {{#each}}, {{#if}} or {{#unless}})", quote_len(n), s));
	}
	name = s + w;
	nl = n - w;
	trim(&name, &nl);
	if (nl == 0) {
		return (parse_error(p, p->tagline, "{{#%s}} needs a name",
		    block_word(type)));
	}
	if (parse_name(p, name, nl) != 0)
		return (-1);
	if (p->depth == TEMPLATE_MAXDEPTH) {
		return (parse_error(p, p->tagline, "blocks nested deeper than %d",
		    TEMPLATE_MAXDEPTH));
	}
	node = parse_append(p, type, name, nl);
	p->depth++;
	p->stack[p->depth].block = node;
	p->stack[p->depth].tail = &node->body;
	return (0);
}

static int
parse_close(struct parser *p, const char *s, size_t n)
{
	struct tnode	*b;
	enum tnode_type	 type;

	if (block_type(s, n, &type) != 0) {
		return (parse_error(p, p->tagline, "unknown closing tag "
		    "\"{{/%.*s}}\" (use {{/each}}, {{/if}} or {{/unless}})",
		    quote_len(n), s));
	}
	if (p->depth == 0) {
		return (parse_error(p, p->tagline, "{{/%s}} without an open "
		    "{{#%s}}", block_word(type), block_word(type)));
	}
	b = p->stack[p->depth].block;
	if (b->type != type) {
		return (parse_error(p, p->tagline, "{{/%s}} does not match "
		    "{{#%s %s}} opened on line %d", block_word(type),
		    block_word(b->type), b->text, b->line));
	}
	p->depth--;
	return (0);
}

static int
parse_else(struct parser *p)
{
	struct tnode	*b;

	if (p->depth == 0) {
		return (parse_error(p, p->tagline, "{{else}} outside "
		    "{{#if}}, {{#unless}} or {{#each}}"));
	}
	b = p->stack[p->depth].block;
	if (b->has_else) {
		return (parse_error(p, p->tagline, "second {{else}} in "
		    "{{#%s %s}} opened on line %d", block_word(b->type), b->text,
		    b->line));
	}
	b->has_else = 1;
	p->stack[p->depth].tail = &b->alt;
	return (0);
}

/* Dispatch on the trimmed text between "{{" and "}}". */
static int
parse_tag_body(struct parser *p, const char *s, size_t n)
{
	if (n > 0 && s[0] == '!')
		return (0);
	if (n > 0 && s[0] == '#')
		return (parse_open(p, s + 1, n - 1));
	if (n > 0 && s[0] == '/')
		return (parse_close(p, s + 1, n - 1));
	if (n == 4 && strncasecmp(s, "else", 4) == 0)
		return (parse_else(p));
	if (n > 4 && strncasecmp(s, "else", 4) == 0 && is_blank(s[4])) {
		return (parse_error(p, p->tagline, "{{else}} takes nothing "
		    "after it (for \"else if\", nest an {{#if}} inside)"));
	}
	if (parse_name(p, s, n) != 0)
		return (-1);
	parse_append(p, TNODE_VAR, s, n);
	return (0);
}

/*
 * Find the "}}" closing the tag at t. Comments may span lines; other tags
 * must close on their own line so that a forgotten "}}" is reported where
 * it was forgotten.
 */
static int
parse_tag_end(struct parser *p, size_t t, size_t *end)
{
	const char	*s = p->src + t + 2, *e, *eol;
	size_t		 left = p->len - t - 2;
	int		 comment = left > 0 && s[0] == '!';

	eol = comment ? NULL : memchr(s, '\n', left);
	if (eol != NULL)
		left = (size_t)(eol - s);
	e = memmem(s, left, "}}", 2);
	if (e == NULL && comment) {
		return (parse_error(p, p->tagline, "unclosed comment: \"{{!\" "
		    "has no \"}}\""));
	}
	if (e == NULL) {
		return (parse_error(p, p->tagline, "unclosed tag: \"{{\" has no "
		    "\"}}\" on the same line"));
	}
	*end = (size_t)(e - p->src);
	return (0);
}

/*
 * A block tag, {{else}} or comment with only blanks around it on its line
 * takes the whole line with it. On success left is where the line starts
 * and right is past its newline.
 */
static int
parse_standalone(const struct parser *p, size_t t, size_t end, size_t *left,
    size_t *right)
{
	size_t	i = t, j = end;

	while (i > p->pos && is_blank(p->src[i - 1]))
		i--;
	if (i != 0 && p->src[i - 1] != '\n')
		return (0);
	while (j < p->len && is_blank(p->src[j]))
		j++;
	if (j < p->len && p->src[j] != '\n')
		return (0);
	*left = i;
	*right = j < p->len ? j + 1 : j;
	return (1);
}

static void
parse_text(struct parser *p, size_t to)
{
	if (to > p->pos)
		parse_append(p, TNODE_TEXT, p->src + p->pos, to - p->pos);
}

static int
parse_tag(struct parser *p, size_t t)
{
	const char	*s;
	size_t		 n, end = 0, left = t, right;
	int		 block;

	p->tagline = p->line + count_lines(p->src, p->pos, t);
	if (parse_tag_end(p, t, &end) != 0)
		return (-1);
	s = p->src + t + 2;
	n = end - t - 2;
	trim(&s, &n);
	right = end + 2;
	block = n > 0 && strchr("!#/", s[0]) != NULL;
	block = block || (n == 4 && strncasecmp(s, "else", 4) == 0);
	if (!block || !parse_standalone(p, t, end + 2, &left, &right))
		left = t;
	parse_text(p, left);
	p->line += count_lines(p->src, p->pos, right);
	p->pos = right;
	return (parse_tag_body(p, s, n));
}

static int
parse(struct parser *p)
{
	const char	*open;
	struct tnode	*b;

	for (;;) {
		open = memmem(p->src + p->pos, p->len - p->pos, "{{", 2);
		if (open == NULL)
			break;
		if (parse_tag(p, (size_t)(open - p->src)) != 0)
			return (-1);
	}
	parse_text(p, p->len);
	if (p->depth > 0) {
		b = p->stack[p->depth].block;
		return (parse_error(p, b->line, "unclosed {{#%s %s}}: no {{/%s}} "
		    "before the end of the file", block_word(b->type), b->text,
		    block_word(b->type)));
	}
	return (0);
}

/*
 * Templates are edited by hand, possibly on Windows: drop a UTF-8 byte
 * order mark and turn CRLF into LF. NUL bytes mean it is not a text file.
 */
static int
normalise(const char *path, char *data, size_t *len, char **cause)
{
	size_t	i = 0, o = 0;
	int	line = 1;

	if (*len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < *len; i++) {
		if (data[i] == '\0') {
			*cause = xasprintf("%s:%d: NUL byte (not a text file?)",
			    path, line);
			return (-1);
		}
		if (data[i] == '\n')
			line++;
		if (data[i] == '\r' && i + 1 < *len && data[i + 1] == '\n')
			continue;
		data[o++] = data[i];
	}
	*len = o;
	data[o] = '\0';
	return (0);
}

/* Read and parse a template file. */
struct template *
template_load(const char *path, char **cause)
{
	struct parser	 p;
	struct template	*t;
	const char	*base;
	char		*data;
	size_t		 len;

	if ((data = fsutil_read(path, TEMPLATE_MAXFILE, &len, cause)) == NULL)
		return (NULL);
	if (normalise(path, data, &len, cause) != 0) {
		free(data);
		return (NULL);
	}
	memset(&p, 0, sizeof p);
	p.path = path;
	p.src = data;
	p.len = len;
	p.line = 1;
	p.stack[0].tail = &p.root;
	if (parse(&p) != 0) {
		tnode_free(p.root);
		free(data);
		*cause = p.cause;
		return (NULL);
	}
	free(data);
	base = strrchr(path, '/');
	t = xcalloc(1, sizeof *t);
	t->name = xstrdup(base != NULL ? base + 1 : path);
	t->root = p.root;
	t->html = strlen(t->name) > 5 &&
	    strcmp(t->name + strlen(t->name) - 5, ".html") == 0;
	return (t);
}

/* Free a template. */
void
template_free(struct template *t)
{
	if (t == NULL)
		return;
	tnode_free(t->root);
	free(t->name);
	free(t);
}

/* Return the template's kind: the base name of its file. */
const char *
template_name(const struct template *t)
{
	return (t->name);
}

static int
render_error(struct render *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	r->cause = xasprintf("%s: %s", r->t->name, msg);
	free(msg);
	return (-1);
}

static void
render_helper(const struct render *r, const char *name, struct tval *tv)
{
	const struct rframe	*f = &r->stack[r->depth];

	if (r->depth == 0)
		return;
	if (strcasecmp(name, "@index") == 0) {
		snprintf(tv->num, sizeof tv->num, "%zu", f->index + 1);
		tv->str = tv->num;
	} else if (strcasecmp(name, "@first") == 0)
		tv->str = f->index == 0 ? "1" : "";
	else if (strcasecmp(name, "@last") == 0)
		tv->str = f->index + 1 == f->count ? "1" : "";
}

/* Look a name up in the current item first, then outward. */
static void
render_resolve(const struct render *r, const char *name, struct tval *tv)
{
	const struct tvars	*v;
	size_t			 i;
	int			 d;

	tv->str = "";
	tv->list = NULL;
	if (name[0] == '@') {
		render_helper(r, name, tv);
		return;
	}
	for (d = r->depth; d >= 0; d--) {
		v = r->stack[d].vars;
		i = tvars_index(v, name);
		if (v == NULL || i == v->nvars)
			continue;
		if (v->vars[i].value != NULL)
			tv->str = v->vars[i].value;
		else
			tv->list = &v->vars[i];
		return;
	}
}

static int
render_truth(const struct render *r, const struct tnode *n)
{
	struct tval	tv;

	render_resolve(r, n->text, &tv);
	if (tv.list != NULL)
		return (tv.list->nitems > 0);
	return (tv.str[0] != '\0');
}

static int
render_add(struct render *r, const char *s, size_t n)
{
	if (buf_add(&r->out, s, n) != 0) {
		return (render_error(r, "output larger than %d KiB",
		    TEMPLATE_MAXOUT / 1024));
	}
	return (0);
}

/* A value in an HTML template: markup characters as entities. */
static int
render_add_escaped(struct render *r, const char *s)
{
	const char	*p, *entity;
	int		 rc = 0;

	for (p = s; *p != '\0' && rc == 0; p++) {
		switch (*p) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '\'':
			entity = "&#39;";
			break;
		default:
			entity = NULL;
			break;
		}
		rc = entity != NULL ? render_add(r, entity, strlen(entity)) :
		    render_add(r, p, 1);
	}
	return (rc);
}

static int
render_each(struct render *r, const struct tnode *n)
{
	struct tval	 tv;
	struct rframe	*f;
	size_t		 i;

	render_resolve(r, n->text, &tv);
	if (tv.list == NULL || tv.list->nitems == 0)
		return (render_list(r, n->alt));
	if (tv.list->spill != NULL) {
		return (render_error(r, "list \"%s\" has more than %d items",
		    n->text, TVARS_MAXITEMS));
	}
	f = &r->stack[++r->depth];
	f->count = tv.list->nitems;
	for (i = 0; i < f->count; i++) {
		f->vars = tv.list->items[i];
		f->index = i;
		if (render_list(r, n->body) != 0)
			break;
	}
	r->depth--;
	return (i == tv.list->nitems ? 0 : -1);
}

/* Bound the work, not only the output: empty nested loops write nothing. */
static int
render_step(struct render *r)
{
	if (++r->steps > TEMPLATE_MAXSTEPS) {
		return (render_error(r, "more than %d steps (nested "
		    "{{#each}} over long lists?)", TEMPLATE_MAXSTEPS));
	}
	return (0);
}

static int
render_node(struct render *r, const struct tnode *n)
{
	struct tval	tv;

	if (render_step(r) != 0)
		return (-1);
	switch (n->type) {
	case TNODE_TEXT:
		return (render_add(r, n->text, n->len));
	case TNODE_VAR:
		render_resolve(r, n->text, &tv);
		if (r->t->html)
			return (render_add_escaped(r, tv.str));
		return (render_add(r, tv.str, strlen(tv.str)));
	case TNODE_IF:
		return (render_list(r, render_truth(r, n) ? n->body : n->alt));
	case TNODE_UNLESS:
		return (render_list(r, render_truth(r, n) ? n->alt : n->body));
	case TNODE_EACH:
		return (render_each(r, n));
	}
	fatalx("%s: bad node type %d", __func__, n->type);
}

static int
render_list(struct render *r, const struct tnode *n)
{
	if (render_step(r) != 0)
		return (-1);
	for (; n != NULL; n = n->next)
		if (render_node(r, n) != 0)
			return (-1);
	return (0);
}

/* Render a template with the given values; NULL and cause on failure. */
char *
template_render(const struct template *t, const struct tvars *v,
    char **cause)
{
	struct render	r;

	memset(&r, 0, sizeof r);
	r.t = t;
	r.stack[0].vars = v;
	buf_init(&r.out, TEMPLATE_MAXOUT);
	if (render_list(&r, t->root) != 0) {
		buf_clear(&r.out);
		*cause = r.cause;
		return (NULL);
	}
	return (buf_release(&r.out));
}
