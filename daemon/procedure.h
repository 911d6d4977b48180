/* SPDX-License-Identifier: ISC */
/*
 * The procedure after registration, driven by the clock (reminders,
 * deadlines, tables, distribution, reflection, certificate, the six-year
 * cycle) and by the auditor's checklist and the BOC's reflection forms.
 */
#ifndef PROCEDURE_H
#define PROCEDURE_H

#include <stddef.h>

#include "clock.h"

#define PROCEDURE_HOUR	7	/* a day's moment of the procedure, local */

struct handling;
struct filing;
struct outbox_mail;
struct runtime;
struct tvars;

/* A registration, copied out of the database. */
struct preg {
	char	*brin;
	char	*school;
	char	*board;
	char	*date;		/* ISO */
	int	 table_no;
	char	*auditor;
	char	*verdict;
	int	 missing;
	char	*distributed_at;
	char	*reflection_at;
	char	*certified_at;
};

/* The mails of one event, each with its own values and recipient. */
struct procedure_batch {
	struct runtime		*rt;
	struct outbox_mail	*om;
	struct tvars		**vars;
	char			**who;		/* name, address; per mail */
	size_t			 n;
};

/* Something that happens once, with its mails and its change of state. */
struct procedure_event {
	const char		*key;
	const char		*brin;
	const char		*date;
	const char		*what;		/* on the school's timeline */
	struct procedure_batch	*batch;		/* or NULL: no mail */
	int			(*apply)(struct runtime *, void *);
	void			*arg;
};

/* Files to attach, and what the list bestanden says of each. */
struct procedure_item {
	char		*name;
	const char	*kind;		/* static words */
	char		*school;
	char		*link;
};

struct procedure_files {
	struct runtime		*rt;
	struct outfile		*files;
	size_t			 n;
	struct procedure_item	*items;
	size_t			 nitems;
	const char		*school;	/* set: each item names it */
};

/* procedure.c */
int		 procedure_files_add(struct procedure_files *, const char *,
		    const char *, const char *);
void		 procedure_files_own(struct procedure_files *, const char *,
		    char *, const char *, const char *);
void		 procedure_files_fill(const struct procedure_files *,
		    struct tvars *);
void		 procedure_files_clear(struct procedure_files *);
int		 procedure_run(struct runtime *, char **);
int		 procedure_reached(const struct date *, long);
void		 procedure_event_init(struct procedure_event *, const char *,
		    const char *, const char *, const char *,
		    struct procedure_batch *);
int		 procedure_once(struct runtime *, const struct procedure_event *,
		    char **);
int		 procedure_done(struct runtime *, const char *);
struct preg	*procedure_regs(struct runtime *, const char *, size_t *);
void		 procedure_regs_free(struct preg *, size_t);
void		 procedure_common(struct runtime *, struct tvars *);
void		 procedure_date(struct tvars *, const char *,
		    const struct date *, long);
void		 procedure_days_late(struct tvars *, long);
void		 procedure_school_vars(struct runtime *, struct tvars *,
		    const char *);
void		 procedure_next_dates(struct runtime *, struct tvars *,
		    const struct date *, const struct date *);
struct tvars	*procedure_batch_add(struct procedure_batch *, const char *,
		    const char *, const char *);
struct tvars	*procedure_batch_escalation(struct procedure_batch *);
void		 procedure_batch_attach(struct procedure_batch *,
		    const struct procedure_files *);
int		 procedure_batch_queue(struct procedure_batch *, const char *,
		    char **);
void		 procedure_batch_clear(struct procedure_batch *);
int		 procedure_field(const char *, size_t, char *, size_t);

/* deadlines.c: the bundle before the audit */
int		 deadlines_date(struct runtime *, const char *, char **);

/* assign.c: tables and auditors after D-21, the bundle to the auditor */
int		 assign_date(struct runtime *, const char *, char **);

/* distribute.c: the table's documents to its participants */
int		 distribute_date(struct runtime *, const char *, char **);

/* reflection.c */
int		 reflection_date(struct runtime *, const char *, char **);
int		 reflection_received(struct runtime *, const struct filing *,
		    struct tvars *);

/* checklist.c */
int		 checklist_received(struct runtime *, struct handling *,
		    const struct filing *, char **);

/* certificate.c */
int		 certificate_date(struct runtime *, const char *, char **);
int		 certificate_renewals(struct runtime *, char **);

#endif
