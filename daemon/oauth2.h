/* SPDX-License-Identifier: ISC */
/*
 * OAuth 2.0 access tokens (RFC 6749) for XOAUTH2 login to IMAP and SMTP,
 * as Microsoft 365 requires: fetched over HTTPS, cached until shortly
 * before they expire, refreshed on demand.
 */
#ifndef OAUTH2_H
#define OAUTH2_H

struct config;

char	*oauth2_access_token(const struct config *, int, char **);
char	*oauth2_xoauth2(const char *, const char *);
const char *oauth2_status(void);

#endif
