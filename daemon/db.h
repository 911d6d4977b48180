/* SPDX-License-Identifier: ISC */
/*
 * The state store (SQLite): master data, audit dates, registrations,
 * processed messages and the outbox. No other module sees SQL.
 */
#ifndef DB_H
#define DB_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct board {
	char	*code;
	char	*name;
	char	*boc_name;
	char	*boc_email;	/* first address; more in board_addresses */
};

struct school {
	char	*brin;
	char	*name;
	char	*place;
	char	*board;
	char	*schoolopleider_name;
	char	*schoolopleider_email;
	char	*directeur_name;
	char	*directeur_email;
	char	*instituutsopleider_name;
	char	*instituutsopleider_email;
	char	*basisaudit;
	char	*certificaat_tot;
};

struct auditor {
	char	*name;
	char	*email;
	char	*board;		/* NULL: academie staff */
};

enum db_role {
	DB_ROLE_UNKNOWN,
	DB_ROLE_BOC,
	DB_ROLE_AUDITOR,
	DB_ROLE_COORDINATOR,
};

/* A message as recorded once it is processed. */
struct db_message {
	long		 id;
	const char	*key;
	const char	*mailbox;
	uint32_t	 uidvalidity;
	uint32_t	 uid;
	const char	*message_id;
	const char	*hash;
	const char	*sender;
	const char	*subject;
	const char	*class;
	const char	*rule;
	const char	*role;
	const char	*board;
	const char	*audit_date;
	const char	*outcome;	/* accepted, rejected, ignored, ... */
	const char	*reason;
	const char	*folder;
	int		 moved;
	const char	*processed_at;
	long		 reply_to;	/* outbox row it answers, or 0 */
};

struct db_outbox {
	long		 id;
	const char	*kind;
	long		 message;	/* the message it answers, or 0 */
	const char	*message_id;
	const char	*sender;	/* envelope from */
	const char	*rcpt;
	const char	*data;		/* the whole RFC 5322 message */
	size_t		 len;
	int		 attempts;
	const char	*state;		/* queued, sent, failed, bounced */
	const char	*last_error;
	const char	*created_at;
	const char	*sent_at;
	const char	*failed_at;	/* failed for good or bounced */
};

struct db_registration {
	const char	*brin;
	const char	*school;
	const char	*board;
	const char	*audit_date;
	const char	*state;
	const char	*registered_at;
	int		 table_no;	/* 0: not grouped yet */
	const char	*auditor;	/* checks the bundle, leads the table */
	const char	*verdict;	/* uitgenodigd, niet-uitgenodigd, ... */
	int		 missing;	/* criteria not found; -1 unknown */
	const char	*checked_at;
	const char	*distributed_at;
	const char	*reflection_at;
	const char	*certified_at;
	const char	*valid_until;
};

/* A moment of the procedure a registration reached. */
enum db_stamp {
	DB_STAMP_DISTRIBUTED,
	DB_STAMP_REFLECTION,
	DB_STAMP_CERTIFIED,
};

/* A file kept for a school, as the procedure attaches it. */
struct db_kept {
	const char	*name;
	const char	*path;		/* relative to the state directory */
	const char	*type;
	const char	*kind;
	size_t		 size;
	const char	*text;
	const char	*created_at;
};

/* db.c */
struct db	*db_open(const char *, char **);
void		 db_close(struct db *);
int		 db_begin(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
const char	*db_error(struct db *);
char		*db_time_ago(long);

/* db-master.c */
int		 db_board_put(struct db *, const struct board *,
		    const char *const *, size_t);
int		 db_school_put(struct db *, const struct school *);
int		 db_auditor_put(struct db *, const struct auditor *);
int		 db_audit_date_put(struct db *, const char *);
int		 db_board_exists(struct db *, const char *);
enum db_role	 db_role_of(struct db *, const char *, char **);
struct board	*db_board_get(struct db *, const char *);
void		 board_free(struct board *);
struct school	**db_schools_of(struct db *, const char *, size_t *);
struct school	*db_school_get(struct db *, const char *);
void		 school_free(struct school *);
void		 school_list_free(struct school **, size_t);
int		 db_is_audit_date(struct db *, const char *);
char		**db_audit_dates(struct db *, size_t *);
void		 db_strings_free(char **, size_t);

/* db-message.c */
int		 db_message_last_uid(struct db *, const char *, uint32_t,
		    uint32_t *);
int		 db_message_known(struct db *, const char *);
long		 db_message_duplicate(struct db *, const char *, const char *,
		    char **);
long		 db_message_put(struct db *, const struct db_message *);
int		 db_message_moved(struct db *, const char *);
int		 db_messages_unmoved(struct db *, const char *, uint32_t,
		    char ***, char ***, size_t *);
int		 db_messages_each(struct db *,
		    int (*)(void *, const struct db_message *), void *);
int		 db_registration_date(struct db *, const char *, char **);
int		 db_registration_put(struct db *, const char *, const char *,
		    long);
int		 db_registrations_each(struct db *, const char *,
		    const char *, int (*)(void *,
		    const struct db_registration *), void *);

struct db_attempt {
	int	 starts;	/* processing began (crashes included) */
	int	 failures;	/* processing failed with an error */
	char	*last_error;
};

int		 db_attempt_start(struct db *, const char *,
		    struct db_attempt *);
int		 db_attempt_failed(struct db *, const char *, const char *);
int		 db_attempt_clear(struct db *, const char *);

/* db-files.c */
struct db_file {
	const char	*sha256;
	const char	*name;
	const char	*original;
	const char	*type;
	size_t		 size;
	const char	*source;
	const char	*brin;
	const char	*kind;
	const char	*path;
	const char	*refused;
	int		 pages;
	const char	*text;
};

int		 db_file_find(struct db *, const char *, const char *,
		    const char *, char **);
int		 db_file_put(struct db *, long, const struct db_file *);

/* db-procedure.c */
int		 db_event_claim(struct db *, const char *, const char *,
		    const char *, const char *);
int		 db_event_exists(struct db *, const char *);
int		 db_events_each(struct db *, const char *,
		    int (*)(void *, const char *, const char *, const char *),
		    void *);
int		 db_registration_table(struct db *, const char *, const char *,
		    int, const char *);
int		 db_registration_delete(struct db *, const char *,
		    const char *);
int		 db_registration_verdict(struct db *, const char *,
		    const char *, const char *, int);
int		 db_registration_stamp(struct db *, const char *, const char *,
		    enum db_stamp, const char *);
int		 db_school_certified(struct db *, const char *, const char *);
int		 db_kept_each(struct db *, const char *, const char *,
		    const char *, int (*)(void *, const struct db_kept *),
		    void *);
int		 db_certificates_each(struct db *,
		    int (*)(void *, const char *, const char *), void *);
int		 db_auditors_each(struct db *,
		    int (*)(void *, const struct auditor *, int), void *);
char		*db_auditor_name(struct db *, const char *);
int		 db_files_of(struct db *, const char *,
		    int (*)(void *, const struct db_kept *), void *);


/* db-digest.c */
int		 db_digest_claim(struct db *, const char *, long);
int		 db_digest_before(struct db *, const char *, char **);
int		 db_school_kinds(struct db *, const char *,
		    int (*)(void *, const char *, const char *), void *);
int		 db_files_unplaced(struct db *, const char *,
		    int (*)(void *, const char *, long), void *);
int		 db_health_set(struct db *, const char *, const char *);
int		 db_health_get(struct db *, const char *, char **, char **);

/* db-outbox.c */
long		 db_outbox_put(struct db *, const struct db_outbox *);
int		 db_outbox_due(struct db *, long,
		    int (*)(void *, const struct db_outbox *), void *);
int		 db_outbox_sent(struct db *, long);
int		 db_outbox_failed(struct db *, long, const char *, long, int);
long		 db_outbox_count_recent(struct db *, const char *, long);
long		 db_outbox_find(struct db *, const char *, char **);
int		 db_outbox_bounced(struct db *, long, const char *);
int		 db_outbox_retry(struct db *, long);
int		 db_outbox_each(struct db *,
		    int (*)(void *, const struct db_outbox *), void *);

#endif
