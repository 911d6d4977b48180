/* SPDX-License-Identifier: ISC */
/*
 * Moving a processed message to the folder of its class (IMAP4rev1 RFC
 * 3501, MOVE RFC 6851, UIDPLUS RFC 4315): the folder is created on first
 * use with the server's hierarchy separator, then UID MOVE, or UID COPY +
 * \Deleted + UID EXPUNGE where MOVE is missing.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "source-imap.h"
#include "xmalloc.h"

/* Ask the server for its hierarchy separator once (LIST "" ""). */
static int
imap_delimiter(struct imap_src *s, char **cause)
{
	struct mailimap_mailbox_list	*mb;
	clist				*res = NULL;
	int				 r;

	if (s->delim_known)
		return (0);
	r = mailimap_list(s->imap, "", "", &res);
	if (r == MAILIMAP_NO_ERROR && res != NULL && clist_count(res) > 0) {
		mb = clist_content(clist_begin(res));
		s->delim = mb->mb_delimiter;
		s->delim_known = 1;
	}
	if (res != NULL)
		mailimap_list_result_free(res);
	if (r != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "LIST \"\" \"\"", r);
		return (-1);
	}
	if (!s->delim_known) {
		s->delim = '/';
		s->delim_known = 1;
	}
	return (0);
}

/*
 * Turn "Hercert/Aanmelding" into the server's mailbox name. Only printable
 * ASCII without LIST wildcards; "&" is escaped as modified UTF-7 wants.
 */
static char *
imap_folder_name(struct imap_src *s, const char *folder, char **cause)
{
	struct buf	 b;
	const char	*p;

	if (*folder == '\0' || *folder == '/' ||
	    folder[strlen(folder) - 1] == '/' || strstr(folder, "//") != NULL)
		goto bad;
	buf_init(&b, 1024);
	for (p = folder; *p != '\0'; p++) {
		if (*p < 0x20 || *p > 0x7e || *p == '%' || *p == '*' ||
		    *p == '"' || *p == '\\' || (*p == s->delim && *p != '/')) {
			buf_clear(&b);
			goto bad;
		}
		if (*p == '/')
			buf_addc(&b, s->delim != '\0' ? s->delim : '/');
		else if (*p == '&')
			buf_adds(&b, "&-");
		else
			buf_addc(&b, *p);
	}
	return (buf_release(&b));
bad:
	*cause = xasprintf("imap: %s: folder \"%s\": not a usable name "
	    "(printable ASCII, \"/\" between parts, no %% * \" \\)",
	    s->where, folder);
	return (NULL);
}

/* Does the mailbox exist (LIST "" name)? 1 yes, 0 no, -1 error. */
static int
imap_exists(struct imap_src *s, const char *mbox, char **cause)
{
	clist	*res = NULL;
	char	*step;
	int	 r, n;

	r = mailimap_list(s->imap, "", mbox, &res);
	n = res != NULL ? clist_count(res) : 0;
	if (res != NULL)
		mailimap_list_result_free(res);
	if (r != MAILIMAP_NO_ERROR) {
		step = xasprintf("LIST \"\" %s", mbox);
		*cause = imap_cause(s, step, r);
		free(step);
		return (-1);
	}
	return (n > 0);
}

/* CREATE mbox and its parents unless known; "already exists" is fine. */
static int
imap_create(struct imap_src *s, const char *mbox, char **cause)
{
	char	*part, *p, *step, *why = NULL;
	int	 i, r;

	for (i = 0; i < s->nknown; i++)
		if (strcmp(s->known[i], mbox) == 0)
			return (0);
	part = xstrdup(mbox);
	p = part;
	do {
		p = s->delim != '\0' ? strchr(p + 1, s->delim) : NULL;
		if (p != NULL)
			*p = '\0';
		r = mailimap_create(s->imap, part);
		if (r != MAILIMAP_NO_ERROR && r != MAILIMAP_ERROR_CREATE) {
			step = xasprintf("CREATE %s", part);
			*cause = imap_cause(s, step, r);
			free(step);
			free(part);
			free(why);
			return (-1);
		}
		if (r == MAILIMAP_ERROR_CREATE && p == NULL &&
		    !imap_has_code(s, "ALREADYEXISTS")) {
			step = xasprintf("CREATE %s", part);
			why = imap_cause(s, step, r);
			free(step);
		}
		if (p != NULL)
			*p = s->delim;
	} while (p != NULL);
	free(part);
	/* A NO without [ALREADYEXISTS] may still mean it exists: look. */
	if (why != NULL && (r = imap_exists(s, mbox, cause)) != 1) {
		if (r == 0)
			*cause = why;
		else
			free(why);
		return (-1);
	}
	free(why);
	if (s->nknown < IMAP_FOLDERS_MAX)
		s->known[s->nknown++] = xstrdup(mbox);
	return (0);
}

/* Without MOVE: UID COPY, flag \Deleted, then (UID) EXPUNGE. */
static int
imap_copy_delete(struct imap_src *s, struct mailimap_set *set,
    const char *mbox, char **cause)
{
	struct mailimap_flag_list	*fl;
	struct mailimap_store_att_flags	*sf;
	int				 r;

	if ((r = mailimap_uid_copy(s->imap, set, mbox)) != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "UID COPY", r);
		return (-1);
	}
	fl = mailimap_flag_list_new_empty();
	if (fl == NULL || mailimap_flag_list_add(fl,
	    mailimap_flag_new_deleted()) != MAILIMAP_NO_ERROR ||
	    (sf = mailimap_store_att_flags_new_add_flags_silent(fl)) == NULL)
		fatalx("imap: cannot build STORE");
	r = mailimap_uid_store(s->imap, set, sf);
	mailimap_store_att_flags_free(sf);
	if (r != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "UID STORE +FLAGS (\\Deleted)", r);
		return (-1);
	}
	/* Plain EXPUNGE also removes others' \Deleted mail: UIDPLUS first. */
	if (mailimap_has_extension(s->imap, "UIDPLUS"))
		r = mailimap_uid_expunge(s->imap, set);
	else
		r = mailimap_expunge(s->imap);
	if (r != MAILIMAP_NO_ERROR) {
		*cause = imap_cause(s, "EXPUNGE", r);
		return (-1);
	}
	return (0);
}

/* Move one message to folder, creating the folder when needed. */
/* Move a message (by key) to a folder, creating the folder if needed. */
int
imap_move(void *arg, const char *key, const char *folder, char **cause)
{
	struct imap_src		*s = arg;
	struct mailimap_set	*set;
	char			*mbox, *step;
	uint32_t		 uid;
	int			 r, rc = 0;

	if (imap_usable(s, cause) != 0 || imap_key_uid(s, key, &uid, cause) ||
	    imap_delimiter(s, cause) != 0)
		return (-1);
	if ((mbox = imap_folder_name(s, folder, cause)) == NULL)
		return (-1);
	if (imap_create(s, mbox, cause) != 0) {
		free(mbox);
		return (-1);
	}
	if ((set = mailimap_set_new_single(uid)) == NULL)
		fatalx("mailimap_set_new_single");
	if (mailimap_has_extension(s->imap, "MOVE")) {
		r = mailimap_uid_move(s->imap, set, mbox);
		if (r != MAILIMAP_NO_ERROR) {
			step = xasprintf("UID MOVE %u %s", uid, mbox);
			*cause = imap_cause(s, step, r);
			free(step);
			rc = -1;
		}
	} else
		rc = imap_copy_delete(s, set, mbox, cause);
	mailimap_set_free(set);
	free(mbox);
	return (rc);
}

