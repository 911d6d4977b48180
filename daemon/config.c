/* SPDX-License-Identifier: ISC */
/*
 * The configuration file (INI, parsed by inih). Keys are described by one
 * table; every error names file, line and key. Relative paths are taken
 * relative to the directory of the configuration file.
 */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "xmalloc.h"

#ifndef HERCERT_SHAREDIR
#define HERCERT_SHAREDIR "/usr/local/share/hercert"
#endif

enum config_type {
	CONFIG_STRING,
	CONFIG_PATH,
	CONFIG_BOOL,
	CONFIG_INT,
	CONFIG_SIZE,
	CONFIG_AUTOBOOL,	/* yes, no or auto (-1) */
	CONFIG_LIST,		/* "28,23": whole numbers, largest first */
	CONFIG_POLICY,		/* late_policy: accept (0) or refuse (1) */
};

struct config_key {
	const char		*section;
	const char		*name;
	enum config_type	 type;
	size_t			 offset;
	const char		*dflt;
};

#define KEY(s, n, t, f, d) { s, n, t, offsetof(struct config, f), d }
static const struct config_key config_keys[] = {
	KEY("imap", "url", CONFIG_STRING, imap_url, NULL),
	KEY("imap", "user", CONFIG_STRING, imap_user, NULL),
	KEY("imap", "password_file", CONFIG_PATH, imap_password_file, NULL),
	KEY("imap", "mailbox", CONFIG_STRING, imap_mailbox, "INBOX"),
	KEY("imap", "idle", CONFIG_BOOL, imap_idle, "yes"),
	KEY("imap", "poll_interval", CONFIG_INT, imap_poll_interval, "60"),
	KEY("imap", "auth", CONFIG_STRING, imap_auth, "password"),
	KEY("imap", "starttls", CONFIG_AUTOBOOL, imap_starttls, "auto"),
	KEY("maildir", "path", CONFIG_PATH, maildir_path, NULL),
	KEY("smtp", "url", CONFIG_STRING, smtp_url, NULL),
	KEY("smtp", "starttls", CONFIG_BOOL, smtp_starttls, "yes"),
	KEY("smtp", "user", CONFIG_STRING, smtp_user, NULL),
	KEY("smtp", "password_file", CONFIG_PATH, smtp_password_file, NULL),
	KEY("smtp", "from", CONFIG_STRING, smtp_from,
	    "partnerschap@hsmarnix.nl"),
	KEY("smtp", "auth", CONFIG_STRING, smtp_auth, "password"),
	KEY("oauth2", "token_url", CONFIG_STRING, oauth2_token_url, NULL),
	KEY("oauth2", "client_id", CONFIG_STRING, oauth2_client_id, NULL),
	KEY("oauth2", "client_secret_file", CONFIG_PATH,
	    oauth2_client_secret_file, NULL),
	KEY("oauth2", "refresh_token_file", CONFIG_PATH,
	    oauth2_refresh_token_file, NULL),
	KEY("oauth2", "scope", CONFIG_STRING, oauth2_scope, NULL),
	KEY("tls", "verify", CONFIG_BOOL, tls_verify, "yes"),
	KEY("tls", "ca_file", CONFIG_PATH, tls_ca_file, NULL),
	KEY("outbox", "maildir", CONFIG_PATH, outbox_maildir, NULL),
	KEY("paths", "state_dir", CONFIG_PATH, state_dir, "/var/lib/hercert"),
	KEY("paths", "rules_dir", CONFIG_PATH, rules_dir,
	    HERCERT_SHAREDIR "/rules"),
	KEY("paths", "templates_dir", CONFIG_PATH, templates_dir,
	    HERCERT_SHAREDIR "/templates"),
	KEY("partnership", "name", CONFIG_STRING, partnership_name,
	    "Partners in Opleiding en Ontwikkeling"),
	KEY("partnership", "coordinator", CONFIG_STRING, coordinator, NULL),
	KEY("partnership", "coordinator_name", CONFIG_STRING, coordinator_name,
	    "coördinator"),
	KEY("partnership", "digest_time", CONFIG_STRING, digest_time, "07:00"),
	KEY("partnership", "timezone", CONFIG_STRING, timezone,
	    "Europe/Amsterdam"),
	KEY("partnership", "trusted_authserv_id", CONFIG_STRING,
	    trusted_authserv_id, NULL),
	KEY("deadlines", "registration_closes_days_before", CONFIG_INT,
	    registration_closes_days_before, "21"),
	KEY("deadlines", "documents_days_before", CONFIG_INT,
	    documents_days_before, "21"),
	KEY("deadlines", "distribution_days_before", CONFIG_INT,
	    distribution_days_before, "7"),
	KEY("deadlines", "reflection_days_after", CONFIG_INT,
	    reflection_days_after, "7"),
	KEY("deadlines", "certificate_years", CONFIG_INT, certificate_years,
	    "6"),
	KEY("deadlines", "documents_reminder_days_before", CONFIG_LIST,
	    documents_reminder_days_before, "28,23"),
	KEY("deadlines", "recertify_reminder_months", CONFIG_LIST,
	    recertify_reminder_months, "12,6"),
	KEY("deadlines", "late_policy", CONFIG_POLICY, late_refused, "accept"),
	KEY("limits", "max_message_size", CONFIG_SIZE, max_message_size,
	    "150M"),
	KEY("limits", "match_limit", CONFIG_INT, match_limit, "1000000"),
	KEY("limits", "max_subject_length", CONFIG_SIZE, max_subject_length,
	    "4K"),
	KEY("limits", "max_body_length", CONFIG_SIZE, max_body_length,
	    "256K"),
	KEY("limits", "parse_window", CONFIG_SIZE, parse_window, "8M"),
	KEY("limits", "max_attachments_size", CONFIG_SIZE,
	    max_attachments_size, "15M"),
	KEY("limits", "replies_per_sender_per_day", CONFIG_INT,
	    replies_per_sender_per_day, "10"),
	KEY("limits", "replies_per_hour", CONFIG_INT, replies_per_hour,
	    "100"),
	KEY("limits", "max_received", CONFIG_INT, max_received, "50"),
	KEY("limits", "outbox_retry_min", CONFIG_INT, outbox_retry_min, "60"),
	KEY("limits", "outbox_retry_max", CONFIG_INT, outbox_retry_max,
	    "3600"),
};
#undef KEY

struct config_parse {
	struct config	*cf;
	const char	*dir;		/* of the config file, for paths */
	FILE		*f;
	int		 line;
	int		 seen[sizeof config_keys / sizeof config_keys[0]];
	char		*error;		/* the first error */
};

static char *
config_resolve(const char *dir, const char *value)
{
	if (value[0] == '/' || dir == NULL)
		return (xstrdup(value));
	return (xasprintf("%s/%s", dir, value));
}

static char *
config_dirname(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return (xstrdup("."));
	if (slash == path)
		return (xstrdup("/"));
	return (xstrndup(path, (size_t)(slash - path)));
}

static int
config_parse_size(const char *s, size_t *out)
{
	char			*end;
	unsigned long long	 n;
	unsigned long long	 mult = 1;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (end == s || errno != 0 || *s == '-')
		return (-1);
	if (strcasecmp(end, "K") == 0 || strcasecmp(end, "KB") == 0)
		mult = 1024;
	else if (strcasecmp(end, "M") == 0 || strcasecmp(end, "MB") == 0)
		mult = 1024 * 1024;
	else if (strcasecmp(end, "G") == 0 || strcasecmp(end, "GB") == 0)
		mult = 1024 * 1024 * 1024;
	else if (*end != '\0')
		return (-1);
	if (n > (unsigned long long)SIZE_MAX / mult)
		return (-1);
	*out = (size_t)(n * mult);
	return (0);
}

static int
config_parse_int(const char *s, long *out)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || n < 0 || n > INT_MAX)
		return (-1);
	*out = n;
	return (0);
}

static int
config_parse_bool(const char *s, int *out)
{
	if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 ||
	    strcmp(s, "1") == 0 || strcasecmp(s, "on") == 0)
		*out = 1;
	else if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 ||
	    strcmp(s, "0") == 0 || strcasecmp(s, "off") == 0)
		*out = 0;
	else
		return (-1);
	return (0);
}

/* "28,23" or "28, 23": distinct whole numbers, sorted largest first. */
static int
config_parse_list(const char *s, struct config_list *out)
{
	char	*copy, *p, *next, *end;
	long	 n;
	size_t	 i, j;
	int	 tmp;

	memset(out, 0, sizeof *out);
	copy = xstrdup(s);
	for (p = copy; p != NULL; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		while (*p == ' ')
			p++;
		end = p + strlen(p);
		while (end > p && end[-1] == ' ')
			*--end = '\0';
		if (out->n == CONFIG_LIST_MAX || config_parse_int(p, &n) != 0 ||
		    n == 0) {
			free(copy);
			return (-1);
		}
		out->v[out->n++] = (int)n;
	}
	free(copy);
	for (i = 0; i < out->n; i++) {
		for (j = i + 1; j < out->n; j++) {
			if (out->v[j] == out->v[i])
				return (-1);
			if (out->v[j] > out->v[i]) {
				tmp = out->v[i];
				out->v[i] = out->v[j];
				out->v[j] = tmp;
			}
		}
	}
	return (0);
}

/* Store one value; NULL on success, else what is wrong with it. */
static const char *
config_set(struct config *cf, const struct config_key *k, const char *dir,
    const char *value)
{
	void	*field = (char *)cf + k->offset;
	long	 n;

	switch (k->type) {
	case CONFIG_STRING:
	case CONFIG_PATH:
		free(*(char **)field);
		*(char **)field = NULL;
		if (*value == '\0' && k->dflt != NULL)
			return ("empty value (leave the line out for the "
			    "default)");
		if (*value == '\0')
			return (NULL);
		*(char **)field = k->type == CONFIG_PATH ?
		    config_resolve(dir, value) : xstrdup(value);
		return (NULL);
	case CONFIG_BOOL:
		if (config_parse_bool(value, field) != 0)
			return ("expected yes or no");
		return (NULL);
	case CONFIG_AUTOBOOL:
		if (strcasecmp(value, "auto") == 0)
			*(int *)field = -1;
		else if (config_parse_bool(value, field) != 0)
			return ("expected yes, no or auto");
		return (NULL);
	case CONFIG_INT:
		if (config_parse_int(value, &n) != 0)
			return ("expected a whole number >= 0");
		if (k->offset == offsetof(struct config, match_limit))
			*(long *)field = n;
		else
			*(int *)field = (int)n;
		return (NULL);
	case CONFIG_SIZE:
		if (config_parse_size(value, field) != 0)
			return ("expected a size like 150M, 64K or 1048576");
		return (NULL);
	case CONFIG_LIST:
		if (config_parse_list(value, field) != 0)
			return ("expected up to 4 different whole numbers > 0, "
			    "separated by commas, like 28,23");
		return (NULL);
	case CONFIG_POLICY:
		if (strcasecmp(value, "accept") == 0)
			*(int *)field = 0;
		else if (strcasecmp(value, "refuse") == 0)
			*(int *)field = 1;
		else
			return ("expected accept or refuse");
		return (NULL);
	}
	return ("unknown key type");
}

static int
config_handler(void *arg, const char *section, const char *name,
    const char *value)
{
	struct config_parse	*p = arg;
	const char		*why;
	size_t			 i;

	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
		if (strcasecmp(config_keys[i].section, section) != 0 ||
		    strcasecmp(config_keys[i].name, name) != 0)
			continue;
		if (p->seen[i]) {
			why = "given twice";
			goto bad;
		}
		p->seen[i] = 1;
		why = config_set(p->cf, &config_keys[i], p->dir, value);
		if (why != NULL)
			goto bad;
		return (1);
	}
	why = "unknown key";
bad:
	if (p->error == NULL)
		p->error = xasprintf("%s:%d: [%s] %s: %s", p->cf->path,
		    p->line, section, name, why);
	return (0);
}

static char *
config_reader(char *line, int size, void *arg)
{
	struct config_parse	*p = arg;
	char			*r;

	r = fgets(line, size, p->f);
	if (r == NULL)
		return (NULL);
	p->line++;
	/* inih would split a long line and misread the rest. */
	if (strchr(line, '\n') == NULL && !feof(p->f)) {
		if (p->error == NULL)
			p->error = xasprintf("%s:%d: line longer than %d "
			    "bytes", p->cf->path, p->line, size - 2);
		return (NULL);
	}
	return (r);
}

static void
config_defaults(struct config *cf)
{
	size_t	 i;

	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
		if (config_keys[i].dflt != NULL)
			config_set(cf, &config_keys[i], NULL,
			    config_keys[i].dflt);
	}
}

static int
config_digest_time_valid(const char *s)
{
	return (strcmp(s, "off") == 0 || (strlen(s) == 5 &&
	    isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    s[2] == ':' && isdigit((unsigned char)s[3]) &&
	    isdigit((unsigned char)s[4]) && (s[0] - '0') * 10 + s[1] - '0' <
	    24 && s[3] < '6'));
}

/* Check what no single key can: the combinations. */
static const char *
config_validate(const struct config *cf)
{
	if (cf->imap_url == NULL && cf->maildir_path == NULL)
		return ("no source: set [imap] url or [maildir] path");
	if (cf->imap_url != NULL && cf->maildir_path != NULL)
		return ("[imap] url and [maildir] path both set: choose one");
	if (strcmp(cf->imap_auth, "password") != 0 &&
	    strcmp(cf->imap_auth, "xoauth2") != 0)
		return ("[imap] auth must be password or xoauth2");
	if (strcmp(cf->smtp_auth, "password") != 0 &&
	    strcmp(cf->smtp_auth, "xoauth2") != 0)
		return ("[smtp] auth must be password or xoauth2");
	if ((strcmp(cf->imap_auth, "xoauth2") == 0 ||
	    strcmp(cf->smtp_auth, "xoauth2") == 0) &&
	    (cf->oauth2_token_url == NULL || cf->oauth2_client_id == NULL))
		return ("xoauth2 needs [oauth2] token_url and client_id");
	if (cf->imap_url != NULL && (cf->imap_user == NULL ||
	    (cf->imap_password_file == NULL &&
	    strcmp(cf->imap_auth, "password") == 0)))
		return ("[imap] needs user and password_file");
	if (cf->smtp_url == NULL && cf->outbox_maildir == NULL)
		return ("no way to send: set [smtp] url or [outbox] maildir");
	if (cf->smtp_url != NULL && strncmp(cf->smtp_url, "smtp://", 7) != 0 &&
	    strncmp(cf->smtp_url, "smtps://", 8) != 0)
		return ("[smtp] url must start with smtp:// or smtps://");
	if (cf->imap_url != NULL && strncmp(cf->imap_url, "imap://", 7) != 0 &&
	    strncmp(cf->imap_url, "imaps://", 8) != 0)
		return ("[imap] url must start with imap:// or imaps://");
	if (strchr(cf->smtp_from, '@') == NULL)
		return ("[smtp] from must be an e-mail address");
	if (!config_digest_time_valid(cf->digest_time))
		return ("[partnership] digest_time must be HH:MM or off");
	return (NULL);
}

/* Load and check a configuration file. */
struct config *
config_load(const char *path, char **cause)
{
	struct config_parse	 p;
	struct config		*cf;
	const char		*why;
	char			*dir;
	int			 rc;

	memset(&p, 0, sizeof p);
	if ((p.f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (NULL);
	}
	cf = xcalloc(1, sizeof *cf);
	cf->path = xstrdup(path);
	config_defaults(cf);
	p.cf = cf;
	dir = config_dirname(cf->path);
	p.dir = dir;
	rc = ini_parse_stream(config_reader, &p, config_handler, &p);
	fclose(p.f);
	free(dir);
	if (rc != 0 && p.error == NULL)
		p.error = xasprintf("%s:%d: syntax error (expected "
		    "[section] or key = value)", path, rc);
	if (p.error == NULL && (why = config_validate(cf)) != NULL)
		p.error = xasprintf("%s: %s", path, why);
	if (p.error != NULL) {
		*cause = p.error;
		config_free(cf);
		return (NULL);
	}
	return (cf);
}

/* Free a configuration. */
void
config_free(struct config *cf)
{
	size_t	 i;

	if (cf == NULL)
		return;
	for (i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++) {
		if (config_keys[i].type == CONFIG_STRING ||
		    config_keys[i].type == CONFIG_PATH)
			free(*(char **)((char *)cf + config_keys[i].offset));
	}
	free(cf->path);
	free(cf);
}

/* Read a secret (password, token) from a file; trailing newlines dropped. */
char *
config_read_secret(const char *path, char **cause)
{
	FILE	*f;
	char	 line[4096];
	size_t	 len;

	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return (NULL);
	}
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (len == 0) {
		*cause = xasprintf("%s: empty", path);
		return (NULL);
	}
	return (xstrdup(line));
}

static void
config_describe_list(struct buf *b, const struct config_list *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		buf_printf(b, "%s%d", i > 0 ? "," : "", l->v[i]);
}

/* Describe the effective configuration in a few lines, no secrets. */
char *
config_describe(const struct config *cf)
{
	struct buf	 b;

	buf_init(&b, 0);
	buf_printf(&b, "config: %s\n", cf->path);
	if (cf->imap_url != NULL)
		buf_printf(&b, "source: %s as %s, mailbox %s\n", cf->imap_url,
		    cf->imap_user, cf->imap_mailbox);
	else
		buf_printf(&b, "source: maildir %s\n", cf->maildir_path);
	if (cf->outbox_maildir != NULL)
		buf_printf(&b, "outbox: maildir %s\n", cf->outbox_maildir);
	else
		buf_printf(&b, "outbox: %s%s\n", cf->smtp_url,
		    strncmp(cf->smtp_url, "smtp://", 7) == 0 &&
		    !cf->smtp_starttls ? " (no TLS)" : "");
	buf_printf(&b, "state: %s\nrules: %s\ntemplates: %s\n", cf->state_dir,
	    cf->rules_dir, cf->templates_dir);
	buf_printf(&b, "deadlines: reminders ");
	config_describe_list(&b, &cf->documents_reminder_days_before);
	buf_printf(&b, " and documents %d days before, distribution %d "
	    "before, reflection %d after; late bundles %s; certificate %d "
	    "years, renewal notices ", cf->documents_days_before,
	    cf->distribution_days_before, cf->reflection_days_after,
	    cf->late_refused ? "refused" : "accepted", cf->certificate_years);
	config_describe_list(&b, &cf->recertify_reminder_months);
	buf_printf(&b, " months before\n");
	return (buf_release(&b));
}
