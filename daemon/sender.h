/* SPDX-License-Identifier: ISC */
/* Who sent a mail: the role master data gives the address, if believed. */
#ifndef SENDER_H
#define SENDER_H

#include "db.h"

struct mail;
struct runtime;

struct sender {
	enum db_role	 role;
	char		*board;		/* a BOC's or auditor's board */
	int		 own;		/* from the partnership address */
	char		*distrust;	/* why the address was not believed */
	char		 dmarc[16];	/* the trusted DMARC result, or "" */
};

void	 sender_identify(struct runtime *, const struct mail *,
	    struct sender *);
void	 sender_clear(struct sender *);
const char *sender_role_name(enum db_role);

#endif
