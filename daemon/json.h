/* SPDX-License-Identifier: ISC */
/* Writing JSON for the operator's tools. */
#ifndef JSON_H
#define JSON_H

#include <stdio.h>

struct json {
	FILE	*f;
	int	 depth;
	int	 first[32];	/* no comma before the next value */
	int	 key;		/* a key was just written */
};

void	json_init(struct json *, FILE *);
void	json_open(struct json *, char);
void	json_close(struct json *, char);
void	json_key(struct json *, const char *);
void	json_string(struct json *, const char *);
void	json_int(struct json *, long long);
void	json_kv(struct json *, const char *, const char *);
void	json_kv_int(struct json *, const char *, long long);

#endif
