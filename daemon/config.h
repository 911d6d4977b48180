/* SPDX-License-Identifier: ISC */
/* The configuration file (INI, DESIGN §4). */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#define CONFIG_DEFAULT_PATH "/etc/hercert/hercert.conf"
#define CONFIG_LIST_MAX	4	/* values in a list such as "28,23" */

/* A short list of whole numbers, largest first ("28,23"). */
struct config_list {
	int	 v[CONFIG_LIST_MAX];
	size_t	 n;
};

struct config {
	char	*path;

	/* [imap] */
	char	*imap_url;		/* imap://host:port or imaps:// */
	char	*imap_user;
	char	*imap_password_file;
	char	*imap_mailbox;		/* default INBOX */
	int	 imap_idle;
	int	 imap_poll_interval;	/* seconds */
	char	*imap_auth;		/* password or xoauth2 */
	int	 imap_starttls;		/* imap://: 1 require, 0 plain, -1 auto */

	/* [maildir]: local source instead of IMAP */
	char	*maildir_path;

	/* [smtp] */
	char	*smtp_url;		/* smtp://host:port or smtps:// */
	int	 smtp_starttls;		/* smtp://: 1 require, 0 plain */
	char	*smtp_user;
	char	*smtp_password_file;
	char	*smtp_from;		/* the partnership address */
	char	*smtp_auth;		/* password or xoauth2 */

	/* [oauth2]: XOAUTH2 for IMAP and SMTP (Microsoft 365) */
	char	*oauth2_token_url;	/* https://.../oauth2/v2.0/token */
	char	*oauth2_client_id;
	char	*oauth2_client_secret_file;
	char	*oauth2_refresh_token_file;	/* none: client credentials */
	char	*oauth2_scope;

	/* [tls], for both protocols */
	int	 tls_verify;
	char	*tls_ca_file;

	/* [outbox]: write outgoing mail to a Maildir instead of SMTP */
	char	*outbox_maildir;

	/* [paths] */
	char	*state_dir;
	char	*rules_dir;
	char	*templates_dir;

	/* [partnership] */
	char	*partnership_name;
	char	*coordinator;		/* address of the coordinator */
	char	*coordinator_name;	/* "Beste ...," */
	char	*digest_time;		/* HH:MM */
	char	*timezone;
	char	*trusted_authserv_id;	/* RFC 8601: our border MTA's id */

	/* [deadlines], in days */
	int	 registration_closes_days_before;
	int	 documents_days_before;
	int	 distribution_days_before;
	int	 reflection_days_after;
	int	 certificate_years;
	struct config_list documents_reminder_days_before;	/* 28,23 */
	struct config_list recertify_reminder_months;		/* 12,6 */
	int	 late_refused;		/* late_policy = refuse */

	/* [limits] */
	size_t	 max_message_size;
	long	 match_limit;
	size_t	 max_subject_length;
	size_t	 max_body_length;
	size_t	 parse_window;		/* bytes of a message parsed */
	size_t	 max_attachments_size;	/* beyond it: listed, not attached */
	int	 replies_per_sender_per_day;	/* automatic replies */
	int	 replies_per_hour;	/* automatic mail, all senders */
	int	 max_received;		/* Received: lines: a hop loop beyond */
	int	 outbox_retry_min;	/* seconds before the first retry */
	int	 outbox_retry_max;	/* the longest wait between retries */
};

struct config	*config_load(const char *, char **);
void		 config_free(struct config *);
char		*config_read_secret(const char *, char **);
char		*config_describe(const struct config *);

#endif
