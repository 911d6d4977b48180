/* SPDX-License-Identifier: ISC */
/* Whether a mail may be answered automatically (RFC 3834, RFC 3464). */
#ifndef LOOPGUARD_H
#define LOOPGUARD_H

struct mail;
struct runtime;
struct sender;

int	 loopguard_is_report(const struct mail *);
char	*loopguard_check(struct runtime *, const struct mail *,
	    const struct sender *);
char	*loopguard_rate(struct runtime *, const char *);

#endif
