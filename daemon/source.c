/* SPDX-License-Identifier: ISC */
/* The source registry and what all sources share. */

#include <stdlib.h>

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
	free(m->key);
	free(m->mailbox);
	free(m->data);
	m->key = m->mailbox = m->data = NULL;
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
