/* SPDX-License-Identifier: ISC */
/*
 * The Maildir source (demo and offline use): the messages in new/ and
 * cur/ of a Maildir, oldest name first; a processed message is renamed
 * into the Maildir++ folder of its class (.Hercert.Aanmelding/cur/).
 */

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "fsutil.h"
#include "source.h"
#include "xmalloc.h"

#define MAILDIR_MAX_LIST 10000

struct source_maildir {
	char	*path;
	char	*mailbox;
	size_t	 max_size;
};

static void *
maildir_open(const struct config *cf, enum source_error *err, char **cause)
{
	struct source_maildir	*s;
	struct stat		 st;
	char			*new;

	new = xasprintf("%s/new", cf->maildir_path);
	if (stat(new, &st) != 0 || !S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s: not a Maildir (no new/ directory)",
		    cf->maildir_path);
		*err = SOURCE_ERR_CONFIG;
		free(new);
		return (NULL);
	}
	free(new);
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(cf->maildir_path);
	s->mailbox = xasprintf("maildir:%s", cf->maildir_path);
	s->max_size = cf->max_message_size;
	return (s);
}

static const char *
maildir_mailbox(void *arg)
{
	return (((struct source_maildir *)arg)->mailbox);
}

static uint32_t
maildir_uidvalidity(void *arg)
{
	(void)arg;
	return (0);
}

static int
maildir_filter(const struct dirent *d)
{
	return (d->d_name[0] != '.');
}

static int
maildir_list_dir(struct source_maildir *s, const char *sub, char ***keys,
    int *n)
{
	struct dirent	**names;
	char		 *dir;
	int		  count, i;

	dir = xasprintf("%s/%s", s->path, sub);
	count = scandir(dir, &names, maildir_filter, alphasort);
	free(dir);
	if (count == -1)
		return (errno == ENOENT ? 0 : -1);
	for (i = 0; i < count; i++) {
		if (*n < MAILDIR_MAX_LIST) {
			*keys = xreallocarray(*keys, (size_t)*n + 1,
			    sizeof **keys);
			(*keys)[(*n)++] = xasprintf("%s/%s/%s", s->mailbox,
			    sub, names[i]->d_name);
		}
		free(names[i]);
	}
	free(names);
	return (0);
}

static int
maildir_list(void *arg, uint32_t last_uid, char ***keys, char **cause)
{
	struct source_maildir	*s = arg;
	int			 n = 0;

	(void)last_uid;
	*keys = NULL;
	if (maildir_list_dir(s, "new", keys, &n) != 0 ||
	    maildir_list_dir(s, "cur", keys, &n) != 0) {
		*cause = xasprintf("%s: %s", s->path, strerror(errno));
		source_list_free(*keys, n);
		return (-1);
	}
	return (n);
}

/* The file of a key: "maildir:PATH/new/NAME" is PATH/new/NAME. */
static const char *
maildir_file(struct source_maildir *s, const char *key)
{
	size_t	 len = strlen(s->mailbox);

	if (strncmp(key, s->mailbox, len) != 0 || key[len] != '/')
		return (NULL);
	return (key + strlen("maildir:"));
}

static int
maildir_fetch(void *arg, const char *key, const char *dir,
    struct source_msg *m, char **cause)
{
	struct source_maildir	*s = arg;
	const char		*path = maildir_file(s, key);
	struct stat		 st;

	(void)dir;	/* the file is already on disk */
	memset(m, 0, sizeof *m);
	if (path == NULL || stat(path, &st) != 0)
		return (SOURCE_FETCH_GONE);
	if ((size_t)st.st_size > s->max_size) {
		*cause = xasprintf("%lld bytes, over max_message_size %zu",
		    (long long)st.st_size, s->max_size);
		return (SOURCE_FETCH_TOO_BIG);
	}
	m->path = xstrdup(path);
	m->len = (size_t)st.st_size;
	m->key = xstrdup(key);
	m->mailbox = xstrdup(s->mailbox);
	return (SOURCE_FETCH_OK);
}

static int
maildir_move(void *arg, const char *key, const char *folder, char **cause)
{
	struct source_maildir	*s = arg;
	const char		*path = maildir_file(s, key), *base;
	char			*dir, *dst, *p;
	int			 rc;

	if (path == NULL || access(path, F_OK) != 0)
		return (0);	/* already moved */
	dir = xasprintf("%s/.%s", s->path, folder);
	for (p = dir + strlen(s->path) + 2; *p != '\0'; p++) {
		if (*p == '/')
			*p = '.';
	}
	if (fsutil_maildir_create(dir, cause) != 0) {
		free(dir);
		return (-1);
	}
	base = strrchr(path, '/') + 1;
	dst = xasprintf("%s/cur/%s%s", dir, base,
	    strchr(base, ':') == NULL ? ":2," : "");
	rc = fsutil_rename_durable(path, dst, cause);
	free(dst);
	free(dir);
	return (rc);
}

/* A Maildir has no push: pause, then look again. */
static int
maildir_wait(void *arg, int timeout_ms, char **cause)
{
	(void)arg;
	(void)cause;
	if (poll(NULL, 0, timeout_ms) == -1)
		return (0);
	return (1);
}

static void
maildir_close(void *arg)
{
	struct source_maildir	*s = arg;

	free(s->path);
	free(s->mailbox);
	free(s);
}

const struct source_ops source_maildir_ops = {
	.name = "maildir",
	.open = maildir_open,
	.mailbox = maildir_mailbox,
	.uidvalidity = maildir_uidvalidity,
	.list = maildir_list,
	.fetch = maildir_fetch,
	.move = maildir_move,
	.wait = maildir_wait,
	.close = maildir_close,
};
