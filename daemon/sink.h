/* SPDX-License-Identifier: ISC */
/* Where outgoing mail goes: an SMTP server, or a local Maildir. */
#ifndef SINK_H
#define SINK_H

#include <stddef.h>

struct config;

enum sink_result {
	SINK_SENT,
	SINK_TEMPORARY,		/* try again later */
	SINK_PERMANENT,		/* refused for good */
};

struct sink_ops {
	const char		*name;
	void			*(*open)(const struct config *, char **);
	enum sink_result	 (*send)(void *, const char *, const char *,
				    const char *, size_t, char **);
	void			 (*close)(void *);
};

extern const struct sink_ops sink_smtp_ops;
extern const struct sink_ops sink_maildir_ops;

const struct sink_ops	*sink_find(const struct config *);

#endif
