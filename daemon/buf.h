/* SPDX-License-Identifier: ISC */
/* Growable byte buffer with a hard maximum. */
#ifndef BUF_H
#define BUF_H

#include <stddef.h>

struct buf {
	char	*data;		/* always NUL-terminated */
	size_t	 len;
	size_t	 size;
	size_t	 max;		/* 0: no limit beyond SIZE_MAX / 2 */
	int	 overflow;	/* set when an append hit max */
};

void	 buf_init(struct buf *, size_t);
void	 buf_clear(struct buf *);
int	 buf_add(struct buf *, const void *, size_t);
int	 buf_adds(struct buf *, const char *);
int	 buf_addc(struct buf *, char);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*buf_release(struct buf *);

#endif
