/* SPDX-License-Identifier: ISC */
/* Parameters of MIME header fields: Content-Type and Content-Disposition. */
#ifndef MIMEPARAM_H
#define MIMEPARAM_H

char	*mimeparam_type(const char *);
char	*mimeparam_get(const char *, const char *);

#endif
