/* SPDX-License-Identifier: ISC */
/* Shared by message.c and message-mime.c only. */
#ifndef MESSAGE_INTERNAL_H
#define MESSAGE_INTERNAL_H

#include <stddef.h>

struct buf;
struct outmsg;

int	 message_is_ascii(const char *);
void	 message_base64(struct buf *, const unsigned char *, size_t);
void	 message_body(struct buf *, const char *);
int	 message_mime(struct buf *, const struct outmsg *, char **);

#endif
