/* SPDX-License-Identifier: ISC */
/* The source registry and what all sources share. */

#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "source.h"

/* The source the configuration asks for. */
const struct source_ops *
source_find(const struct config *cf)
{
	return (cf->maildir_path != NULL ? &source_maildir_ops :
	    &source_imap_ops);
}

/* Free what a fetched message holds. */
void
source_msg_clear(struct source_msg *m)
{
	if (m->temporary && m->path != NULL)
		unlink(m->path);
	free(m->key);
	free(m->mailbox);
	free(m->path);
	m->key = m->mailbox = m->path = NULL;
	m->temporary = 0;
	m->len = 0;
}

/* Free a list of keys. */
void
source_list_free(char **keys, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}
