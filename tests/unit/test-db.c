/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the state database, through its API only: the schema and
 * file format on open, master data upserts and sender roles, processed
 * messages, registrations, the outbox and transactions. SQLite stays
 * private to db.c, so what PRAGMAs promise is checked on the file itself
 * (the header records the WAL format and user_version). Each test works in
 * a fresh temporary directory.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db.h"
#include "testutil.h"
#include "xmalloc.h"

/* The schema version db.c migrates to (the number of migrations). */
#define DB_SCHEMA_LATEST	8
#define DB_SCHEMA_LATEST_TEXT	"8"

struct fixture {
	char		*dir;
	char		*path;		/* state.db in dir */
	struct db	*db;		/* open on path */
};

static struct db *
open_ok(const char *path)
{
	struct db	*db;
	char		*cause = NULL;

	db = db_open(path, &cause);
	if (db == NULL)
		fail_msg("db_open: %s", cause);
	return (db);
}

static int
setup(void **state)
{
	struct fixture	*fx;

	fx = xcalloc(1, sizeof *fx);
	if ((fx->dir = testutil_tmpdir("test-db")) == NULL) {
		free(fx);
		return (-1);
	}
	fx->path = xasprintf("%s/state.db", fx->dir);
	*state = fx;
	return (0);
}

/* As setup, with the database open. */
static int
setup_open(void **state)
{
	struct fixture	*fx;

	if (setup(state) != 0)
		return (-1);
	fx = *state;
	fx->db = open_ok(fx->path);
	return (0);
}

/* Close the database and remove everything in the directory. */
static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	db_close(fx->db);
	testutil_rmtree(fx->dir);
	free(fx->path);
	free(fx->dir);
	free(fx);
	return (0);
}

static void
read_header(const char *path, unsigned char *hdr, size_t len)
{
	FILE	*f;

	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(hdr, 1, len, f), len);
	fclose(f);
}

static void
put_board(struct db *db, const char *code, const char *name,
    const char *const *addrs, size_t naddrs)
{
	struct board	 b;

	b.code = (char *)(uintptr_t)code;
	b.name = (char *)(uintptr_t)name;
	b.boc_name = (char *)(uintptr_t)"Anne de Vries";
	b.boc_email = (char *)(uintptr_t)addrs[0];
	assert_int_equal(db_board_put(db, &b, addrs, naddrs), 0);
}

static void
put_school(struct db *db, const char *brin, const char *name,
    const char *board)
{
	struct school	 s;

	memset(&s, 0, sizeof s);
	s.brin = (char *)(uintptr_t)brin;
	s.name = (char *)(uintptr_t)name;
	s.board = (char *)(uintptr_t)board;
	s.place = (char *)(uintptr_t)"Utrecht";
	s.basisaudit = (char *)(uintptr_t)"2017-01-26";
	assert_int_equal(db_school_put(db, &s), 0);
}

static void
put_auditor(struct db *db, const char *email, const char *name,
    const char *board)
{
	struct auditor	 a;

	a.email = (char *)(uintptr_t)email;
	a.name = (char *)(uintptr_t)name;
	a.board = (char *)(uintptr_t)board;
	assert_int_equal(db_auditor_put(db, &a), 0);
}

/* Record a message; its row id. */
static long
put_message(struct db *db, const char *mailbox, uint32_t uidvalidity,
    uint32_t uid, const char *message_id, const char *hash,
    const char *folder)
{
	struct db_message	 m;
	char			 key[128];
	long			 id;

	snprintf(key, sizeof key, "%s/%u/%u", mailbox, uidvalidity, uid);
	memset(&m, 0, sizeof m);
	m.key = key;
	m.mailbox = mailbox;
	m.uidvalidity = uidvalidity;
	m.uid = uid;
	m.message_id = message_id;
	m.hash = hash;
	m.sender = "boc@bestuur-brg.nl";
	m.subject = "Aanmelding";
	m.class = "aanmelding";
	m.rule = "aanmelding";
	m.role = "boc";
	m.outcome = "accepted";
	m.folder = folder;
	id = db_message_put(db, &m);
	assert_true(id > 0);
	return (id);
}

static const char *const brg_addrs[] = {
	"boc@bestuur-brg.nl", "Secretariaat@Bestuur-BRG.nl"
};

static void
test_open_creates_the_latest_schema_in_wal_format(void **state)
{
	struct fixture	*fx = *state;
	unsigned char	 hdr[100];

	fx->db = open_ok(fx->path);
	db_close(fx->db);
	fx->db = NULL;
	read_header(fx->path, hdr, sizeof hdr);
	assert_memory_equal(hdr, "SQLite format 3", 16);
	/* File format write/read versions 2 mean WAL. */
	assert_int_equal(hdr[18], 2);
	assert_int_equal(hdr[19], 2);
	/* PRAGMA user_version lives at offset 60, big-endian. */
	assert_int_equal(hdr[60], 0);
	assert_int_equal(hdr[61], 0);
	assert_int_equal(hdr[62], 0);
	assert_int_equal(hdr[63], DB_SCHEMA_LATEST);
}

static void
test_reopen_keeps_data_and_schema(void **state)
{
	struct fixture	*fx = *state;
	struct board	*b;
	unsigned char	 hdr[100];

	fx->db = open_ok(fx->path);
	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	db_close(fx->db);
	fx->db = open_ok(fx->path);
	b = db_board_get(fx->db, "BRG");
	assert_non_null(b);
	assert_string_equal(b->name, "Stichting Bergrivier");
	board_free(b);
	db_close(fx->db);
	fx->db = NULL;
	read_header(fx->path, hdr, sizeof hdr);
	assert_int_equal(hdr[63], DB_SCHEMA_LATEST);
}

static void
test_newer_schema_is_refused(void **state)
{
	struct fixture	*fx = *state;
	FILE		*f;
	char		*cause = NULL;
	unsigned char	 v = 9;

	fx->db = open_ok(fx->path);
	db_close(fx->db);
	fx->db = NULL;
	/* Closed cleanly, so the header is the whole truth: bump it. */
	f = fopen(fx->path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 63, SEEK_SET), 0);
	assert_int_equal(fwrite(&v, 1, 1, f), 1);
	assert_int_equal(fclose(f), 0);
	assert_null(db_open(fx->path, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, fx->path));
	assert_non_null(strstr(cause, "schema version 9 is newer than this "
	    "program (" DB_SCHEMA_LATEST_TEXT ")"));
	free(cause);
}

static void
test_garbage_file_is_refused_with_cause(void **state)
{
	struct fixture	*fx = *state;
	char		 junk[8192], *cause = NULL;
	size_t		 i;

	for (i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7 + 13);
	testutil_write(fx->path, junk, sizeof junk);
	assert_null(db_open(fx->path, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, fx->path));
	assert_non_null(strstr(cause, "not a database"));
	free(cause);
}

static void
test_damaged_page_fails_closed(void **state)
{
	struct fixture	*fx = *state;
	FILE		*f;
	char		 junk[4096], *cause = NULL;
	struct db	*db;
	long		 size;

	fx->db = open_ok(fx->path);
	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	put_school(fx->db, "12AB", "OBS De Regenboog", "BRG");
	db_close(fx->db);
	fx->db = NULL;
	/* Keep the valid header, overwrite every page after the first. */
	memset(junk, 0x5a, sizeof junk);
	f = fopen(fx->path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 4096);
	assert_int_equal(fseek(f, 4096, SEEK_SET), 0);
	while (ftell(f) < size)
		assert_int_equal(fwrite(junk, 1, sizeof junk, f),
		    sizeof junk);
	assert_int_equal(fclose(f), 0);
	db = db_open(fx->path, &cause);
	assert_null(db);
	assert_non_null(cause);
	assert_non_null(strstr(cause, fx->path));
	free(cause);
}

static void
test_board_upsert_is_idempotent_and_updates(void **state)
{
	struct fixture	*fx = *state;
	struct board	*b;
	const char	*one[] = { "nieuw@bestuur-brg.nl" };
	char		*board;

	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	assert_int_equal(db_board_exists(fx->db, "BRG"), 1);
	assert_int_equal(db_board_exists(fx->db, "XXX"), 0);
	put_board(fx->db, "BRG", "Stichting Bergrivier en Co", one, 1);
	b = db_board_get(fx->db, "BRG");
	assert_non_null(b);
	assert_string_equal(b->code, "BRG");
	assert_string_equal(b->name, "Stichting Bergrivier en Co");
	assert_string_equal(b->boc_email, "nieuw@bestuur-brg.nl");
	board_free(b);
	/* The addresses are replaced, not added to. */
	assert_int_equal(db_role_of(fx->db, "boc@bestuur-brg.nl", &board),
	    DB_ROLE_UNKNOWN);
	assert_null(board);
	assert_int_equal(db_role_of(fx->db, "nieuw@bestuur-brg.nl", &board),
	    DB_ROLE_BOC);
	assert_string_equal(board, "BRG");
	free(board);
	assert_null(db_board_get(fx->db, "XXX"));
}

static void
test_school_upsert_is_idempotent_and_updates(void **state)
{
	struct fixture	*fx = *state;
	struct school	**list, *s;
	size_t		  n;

	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	put_school(fx->db, "12AB", "OBS De Regenboog", "BRG");
	put_school(fx->db, "12AB", "OBS De Regenboog", "BRG");
	put_school(fx->db, "34CD", "CBS De Wegwijzer", "BRG");
	put_school(fx->db, "12AB", "OBS De Nieuwe Regenboog", "BRG");
	list = db_schools_of(fx->db, "BRG", &n);
	assert_int_equal(n, 2);
	/* Ordered by name. */
	assert_string_equal(list[0]->name, "CBS De Wegwijzer");
	assert_string_equal(list[1]->name, "OBS De Nieuwe Regenboog");
	assert_string_equal(list[1]->basisaudit, "2017-01-26");
	assert_null(list[1]->directeur_email);
	school_list_free(list, n);
	list = db_schools_of(fx->db, NULL, &n);
	assert_int_equal(n, 2);
	school_list_free(list, n);
	list = db_schools_of(fx->db, "XXX", &n);
	assert_int_equal(n, 0);
	school_list_free(list, n);
	/* BRIN lookups ignore case. */
	s = db_school_get(fx->db, "12ab");
	assert_non_null(s);
	assert_string_equal(s->brin, "12AB");
	school_free(s);
	assert_null(db_school_get(fx->db, "99ZZ"));
}

static void
test_school_of_unknown_board_is_refused(void **state)
{
	struct fixture	*fx = *state;
	struct school	 s;

	memset(&s, 0, sizeof s);
	s.brin = (char *)(uintptr_t)"12AB";
	s.name = (char *)(uintptr_t)"OBS De Regenboog";
	s.board = (char *)(uintptr_t)"NOPE";
	assert_int_equal(db_school_put(fx->db, &s), -1);
	assert_non_null(strstr(db_error(fx->db), "FOREIGN KEY"));
}

static void
test_role_of_boc_matches_any_address_ignoring_case(void **state)
{
	struct fixture	*fx = *state;
	char		*board;

	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	assert_int_equal(db_role_of(fx->db, "boc@bestuur-brg.nl", &board),
	    DB_ROLE_BOC);
	assert_string_equal(board, "BRG");
	free(board);
	assert_int_equal(db_role_of(fx->db, "BOC@Bestuur-Brg.NL", &board),
	    DB_ROLE_BOC);
	assert_string_equal(board, "BRG");
	free(board);
	assert_int_equal(db_role_of(fx->db, "secretariaat@bestuur-brg.nl",
	    &board), DB_ROLE_BOC);
	assert_string_equal(board, "BRG");
	free(board);
}

static void
test_role_of_auditor_with_and_without_board(void **state)
{
	struct fixture	*fx = *state;
	char		*board;

	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	put_auditor(fx->db, "p.mulder@example.org", "Petra Mulder", "BRG");
	put_auditor(fx->db, "j.bakker@hsmarnix.nl", "Jan Bakker", NULL);
	put_auditor(fx->db, "j.bakker@hsmarnix.nl", "Jan Bakker", NULL);
	assert_int_equal(db_role_of(fx->db, "P.Mulder@example.org", &board),
	    DB_ROLE_AUDITOR);
	assert_string_equal(board, "BRG");
	free(board);
	assert_int_equal(db_role_of(fx->db, "j.bakker@hsmarnix.nl", &board),
	    DB_ROLE_AUDITOR);
	assert_null(board);
}

static void
test_role_of_unknown_sender_is_unknown(void **state)
{
	struct fixture	*fx = *state;
	char		*board = (char *)(uintptr_t)"stale";

	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	assert_int_equal(db_role_of(fx->db, "someone@example.org", &board),
	    DB_ROLE_UNKNOWN);
	assert_null(board);
	/* Not a prefix or pattern match. */
	assert_int_equal(db_role_of(fx->db, "boc@bestuur-brg.n", &board),
	    DB_ROLE_UNKNOWN);
	assert_int_equal(db_role_of(fx->db, "%", &board), DB_ROLE_UNKNOWN);
}

static void
test_audit_dates_are_a_set_in_order(void **state)
{
	struct fixture	*fx = *state;
	char		**dates;
	size_t		  n;

	assert_int_equal(db_audit_date_put(fx->db, "2023-03-28"), 0);
	assert_int_equal(db_audit_date_put(fx->db, "2023-01-26"), 0);
	assert_int_equal(db_audit_date_put(fx->db, "2023-01-26"), 0);
	dates = db_audit_dates(fx->db, &n);
	assert_int_equal(n, 2);
	assert_string_equal(dates[0], "2023-01-26");
	assert_string_equal(dates[1], "2023-03-28");
	db_strings_free(dates, n);
	assert_int_equal(db_is_audit_date(fx->db, "2023-01-26"), 1);
	assert_int_equal(db_is_audit_date(fx->db, "2023-01-27"), 0);
}

static void
test_message_known_and_last_uid_per_mailbox_and_uidvalidity(void **state)
{
	struct fixture	*fx = *state;
	uint32_t	 uid = 77;

	assert_int_equal(db_message_last_uid(fx->db, "INBOX", 100, &uid), 0);
	assert_int_equal(uid, 0);
	put_message(fx->db, "INBOX", 100, 5, "<a@x>", "h1", "Hercert/A");
	put_message(fx->db, "INBOX", 100, 9, "<b@x>", "h2", "Hercert/A");
	put_message(fx->db, "INBOX", 200, 3, "<c@x>", "h3", "Hercert/A");
	put_message(fx->db, "Other", 100, 50, "<d@x>", "h4", "Hercert/A");
	assert_int_equal(db_message_last_uid(fx->db, "INBOX", 100, &uid), 0);
	assert_int_equal(uid, 9);
	assert_int_equal(db_message_last_uid(fx->db, "INBOX", 200, &uid), 0);
	assert_int_equal(uid, 3);
	assert_int_equal(db_message_last_uid(fx->db, "INBOX", 300, &uid), 0);
	assert_int_equal(uid, 0);
	assert_int_equal(db_message_last_uid(fx->db, "Other", 100, &uid), 0);
	assert_int_equal(uid, 50);
	assert_int_equal(db_message_known(fx->db, "INBOX/100/9"), 1);
	assert_int_equal(db_message_known(fx->db, "INBOX/200/9"), 0);
	assert_int_equal(db_message_known(fx->db, "Other/100/50"), 1);
}

static void
test_message_uids_above_2_31_survive(void **state)
{
	struct fixture	*fx = *state;
	uint32_t	 uid;

	put_message(fx->db, "INBOX", 4000000000u, 4294967295u, "<a@x>", "h",
	    "F");
	assert_int_equal(db_message_last_uid(fx->db, "INBOX", 4000000000u,
	    &uid), 0);
	assert_int_equal(uid, 4294967295u);
}

static void
test_message_key_is_recorded_once(void **state)
{
	struct fixture		*fx = *state;
	struct db_message	 m;

	put_message(fx->db, "INBOX", 100, 5, "<a@x>", "h1", "F");
	memset(&m, 0, sizeof m);
	m.key = "INBOX/100/5";
	m.mailbox = "INBOX";
	m.uidvalidity = 100;
	m.uid = 5;
	m.hash = "h1";
	m.class = "onbekend";
	m.role = "unknown";
	m.outcome = "ignored";
	m.folder = "F";
	assert_int_equal(db_message_put(fx->db, &m), -1);
	assert_non_null(strstr(db_error(fx->db), "UNIQUE"));
}

static void
test_duplicate_needs_same_message_id_and_hash(void **state)
{
	struct fixture	*fx = *state;
	char		*folder;
	long		 first;

	first = put_message(fx->db, "INBOX", 100, 5, "<a@x>", "h1",
	    "Hercert/Aanmelding");
	put_message(fx->db, "INBOX", 100, 6, "<a@x>", "h1", "Hercert/Later");
	assert_int_equal(db_message_duplicate(fx->db, "<a@x>", "h1", &folder),
	    first);
	assert_string_equal(folder, "Hercert/Aanmelding");
	free(folder);
	assert_int_equal(db_message_duplicate(fx->db, "<a@x>", "h2", &folder),
	    0);
	assert_null(folder);
	assert_int_equal(db_message_duplicate(fx->db, "<b@x>", "h1", &folder),
	    0);
	assert_null(folder);
	assert_int_equal(db_message_duplicate(fx->db, NULL, "h1", &folder), 0);
	assert_null(folder);
}

static void
test_unmoved_lists_until_moved(void **state)
{
	struct fixture	*fx = *state;
	char		**keys, **folders;
	size_t		  n;

	put_message(fx->db, "INBOX", 100, 5, "<a@x>", "h1", "Hercert/A");
	put_message(fx->db, "INBOX", 100, 6, "<b@x>", "h2", "Hercert/B");
	put_message(fx->db, "INBOX", 200, 7, "<c@x>", "h3", "Hercert/C");
	assert_int_equal(db_messages_unmoved(fx->db, "INBOX", 100, &keys,
	    &folders, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(keys[0], "INBOX/100/5");
	assert_string_equal(folders[0], "Hercert/A");
	assert_string_equal(keys[1], "INBOX/100/6");
	assert_string_equal(folders[1], "Hercert/B");
	db_strings_free(keys, n);
	db_strings_free(folders, n);
	assert_int_equal(db_message_moved(fx->db, "INBOX/100/5"), 0);
	assert_int_equal(db_messages_unmoved(fx->db, "INBOX", 100, &keys,
	    &folders, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(keys[0], "INBOX/100/6");
	db_strings_free(keys, n);
	db_strings_free(folders, n);
	assert_int_equal(db_message_moved(fx->db, "INBOX/100/6"), 0);
	assert_int_equal(db_messages_unmoved(fx->db, "INBOX", 100, &keys,
	    &folders, &n), 0);
	assert_int_equal(n, 0);
	assert_null(keys);
	assert_null(folders);
}

static int
count_message(void *arg, const struct db_message *m)
{
	int	*count = arg;

	(*count)++;
	assert_string_equal(m->class, "aanmelding");
	assert_string_equal(m->sender, "boc@bestuur-brg.nl");
	assert_non_null(m->processed_at);
	assert_null(m->board);
	return (0);
}

static void
test_messages_each_sees_every_message(void **state)
{
	struct fixture	*fx = *state;
	int		 count = 0;

	put_message(fx->db, "INBOX", 100, 5, "<a@x>", "h1", "F");
	put_message(fx->db, "INBOX", 100, 6, "<b@x>", "h2", "F");
	assert_int_equal(db_messages_each(fx->db, count_message, &count), 0);
	assert_int_equal(count, 2);
}

struct regs {
	int	 n;
	char	 seen[4][64];
};

static int
collect_registration(void *arg, const struct db_registration *r)
{
	struct regs	*rs = arg;

	assert_true(rs->n < 4);
	snprintf(rs->seen[rs->n++], sizeof rs->seen[0], "%s %s %s %s %s",
	    r->brin, r->school, r->board, r->audit_date, r->state);
	assert_non_null(r->registered_at);
	return (0);
}

static void
test_registrations_are_per_school_and_date(void **state)
{
	struct fixture	*fx = *state;
	struct regs	 rs;
	char		*date;
	long		 msg;

	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	put_school(fx->db, "12AB", "OBS De Regenboog", "BRG");
	put_school(fx->db, "34CD", "CBS De Wegwijzer", "BRG");
	assert_int_equal(db_audit_date_put(fx->db, "2023-01-26"), 0);
	assert_int_equal(db_audit_date_put(fx->db, "2023-03-28"), 0);
	msg = put_message(fx->db, "INBOX", 1, 1, "<a@x>", "h", "F");
	assert_int_equal(db_registration_date(fx->db, "12AB", &date), 0);
	assert_null(date);
	assert_int_equal(db_registration_put(fx->db, "12AB", "2023-01-26",
	    msg), 0);
	/* Again is no change and no error. */
	assert_int_equal(db_registration_put(fx->db, "12AB", "2023-01-26",
	    msg), 0);
	assert_int_equal(db_registration_put(fx->db, "34CD", "2023-01-26",
	    msg), 0);
	assert_int_equal(db_registration_date(fx->db, "12AB", &date), 1);
	assert_string_equal(date, "2023-01-26");
	free(date);
	memset(&rs, 0, sizeof rs);
	assert_int_equal(db_registrations_each(fx->db, "2023-01-26", NULL,
	    collect_registration, &rs), 0);
	assert_int_equal(rs.n, 2);
	assert_string_equal(rs.seen[0],
	    "34CD CBS De Wegwijzer BRG 2023-01-26 aangemeld");
	assert_string_equal(rs.seen[1],
	    "12AB OBS De Regenboog BRG 2023-01-26 aangemeld");
	memset(&rs, 0, sizeof rs);
	assert_int_equal(db_registrations_each(fx->db, "2023-03-28", NULL,
	    collect_registration, &rs), 0);
	assert_int_equal(rs.n, 0);
	/* The latest date wins. */
	assert_int_equal(db_registration_put(fx->db, "12AB", "2023-03-28",
	    msg), 0);
	assert_int_equal(db_registration_date(fx->db, "12AB", &date), 1);
	assert_string_equal(date, "2023-03-28");
	free(date);
	/* Per school, oldest date first: the latest comes last. */
	memset(&rs, 0, sizeof rs);
	assert_int_equal(db_registrations_each(fx->db, NULL, "12AB",
	    collect_registration, &rs), 0);
	assert_int_equal(rs.n, 2);
	assert_string_equal(rs.seen[1],
	    "12AB OBS De Regenboog BRG 2023-03-28 aangemeld");
}

static int
collect_procedure(void *arg, const struct db_registration *r)
{
	struct regs	*rs = arg;

	snprintf(rs->seen[rs->n++], sizeof rs->seen[0], "%d %s %s %d %s %s",
	    r->table_no, r->auditor != NULL ? r->auditor : "-",
	    r->verdict != NULL ? r->verdict : "-", r->missing,
	    r->distributed_at != NULL ? "verspreid" : "-",
	    r->valid_until != NULL ? r->valid_until : "-");
	return (0);
}

static void
test_procedure_moments_and_events_once(void **state)
{
	struct fixture	*fx = *state;
	struct regs	 rs;
	long		 msg;

	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	put_school(fx->db, "12AB", "OBS De Regenboog", "BRG");
	assert_int_equal(db_audit_date_put(fx->db, "2023-01-26"), 0);
	msg = put_message(fx->db, "INBOX", 1, 1, "<a@x>", "h", "F");
	assert_int_equal(db_registration_put(fx->db, "12AB", "2023-01-26",
	    msg), 0);
	memset(&rs, 0, sizeof rs);
	assert_int_equal(db_registrations_each(fx->db, NULL, "12AB",
	    collect_procedure, &rs), 0);
	assert_string_equal(rs.seen[0], "0 - - -1 - -");
	assert_int_equal(db_registration_table(fx->db, "12AB", "2023-01-26", 2,
	    "a@x.nl"), 0);
	assert_int_equal(db_registration_verdict(fx->db, "12AB", "2023-01-26",
	    "uitgenodigd", 1), 0);
	assert_int_equal(db_registration_stamp(fx->db, "12AB", "2023-01-26",
	    DB_STAMP_DISTRIBUTED, NULL), 0);
	assert_int_equal(db_registration_stamp(fx->db, "12AB", "2023-01-26",
	    DB_STAMP_CERTIFIED, "2029-01-26"), 0);
	memset(&rs, 0, sizeof rs);
	assert_int_equal(db_registrations_each(fx->db, "2023-01-26", NULL,
	    collect_procedure, &rs), 0);
	assert_string_equal(rs.seen[0],
	    "2 a@x.nl uitgenodigd 1 verspreid 2029-01-26");
	/* An event claimed once; a NULL key only records. */
	assert_int_equal(db_event_claim(fx->db, "k", "12AB", "2023-01-26",
	    "herinnering"), 1);
	assert_int_equal(db_event_claim(fx->db, "k", "12AB", "2023-01-26",
	    "herinnering"), 0);
	assert_int_equal(db_event_claim(fx->db, NULL, "12AB", "2023-01-26",
	    "x"), 1);
	assert_int_equal(db_event_claim(fx->db, NULL, "12AB", "2023-01-26",
	    "x"), 1);
}

static void
test_registration_for_unknown_date_or_school_is_refused(void **state)
{
	struct fixture	*fx = *state;

	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	put_school(fx->db, "12AB", "OBS De Regenboog", "BRG");
	assert_int_equal(db_audit_date_put(fx->db, "2023-01-26"), 0);
	assert_int_equal(db_registration_put(fx->db, "12AB", "2023-01-27", 0),
	    -1);
	assert_int_equal(db_registration_put(fx->db, "99ZZ", "2023-01-26", 0),
	    -1);
}

struct outbox_seen {
	int	 n;
	long	 ids[8];
	int	 attempts[8];
	char	 state[8][16];
	char	 error[8][32];
	size_t	 len[8];
};

static int
collect_outbox(void *arg, const struct db_outbox *o)
{
	struct outbox_seen	*s = arg;

	assert_true(s->n < 8);
	s->ids[s->n] = o->id;
	s->attempts[s->n] = o->attempts;
	s->len[s->n] = o->len;
	snprintf(s->state[s->n], sizeof s->state[0], "%s", o->state);
	snprintf(s->error[s->n], sizeof s->error[0], "%s",
	    o->last_error != NULL ? o->last_error : "-");
	s->n++;
	return (0);
}

static long
put_outbox(struct db *db, const char *message_id)
{
	struct db_outbox	 o;
	static const char	 data[] = "Subject: x\r\n\r\nbody\0with nul\r\n";
	long			 id;

	memset(&o, 0, sizeof o);
	o.kind = "bevestiging";
	o.message_id = message_id;
	o.sender = "partnerschap@hsmarnix.nl";
	o.rcpt = "boc@bestuur-brg.nl";
	o.data = data;
	o.len = sizeof data - 1;
	id = db_outbox_put(db, &o);
	assert_true(id > 0);
	return (id);
}

static struct outbox_seen
due_at(struct db *db, long now)
{
	struct outbox_seen	 s;

	memset(&s, 0, sizeof s);
	assert_int_equal(db_outbox_due(db, now, collect_outbox, &s), 0);
	return (s);
}

static void
test_outbox_row_keeps_binary_data(void **state)
{
	struct fixture		*fx = *state;
	struct outbox_seen	 s;

	put_outbox(fx->db, "<1@hercert>");
	s = due_at(fx->db, 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.len[0], 29);
	assert_string_equal(s.state[0], "queued");
	assert_int_equal(s.attempts[0], 0);
}

static void
test_outbox_sent_is_no_longer_due(void **state)
{
	struct fixture		*fx = *state;
	struct outbox_seen	 s;
	long			 a, b;

	a = put_outbox(fx->db, "<1@hercert>");
	b = put_outbox(fx->db, "<2@hercert>");
	s = due_at(fx->db, 1000);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.ids[0], a);
	assert_int_equal(s.ids[1], b);
	assert_int_equal(db_outbox_sent(fx->db, a), 0);
	s = due_at(fx->db, 1000);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], b);
	memset(&s, 0, sizeof s);
	assert_int_equal(db_outbox_each(fx->db, collect_outbox, &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.state[0], "sent");
	assert_int_equal(s.attempts[0], 1);
}

static void
test_outbox_retry_is_due_only_at_next_attempt(void **state)
{
	struct fixture		*fx = *state;
	struct outbox_seen	 s;
	long			 a;

	a = put_outbox(fx->db, "<1@hercert>");
	assert_int_equal(db_outbox_failed(fx->db, a, "451 try later", 1600, 0),
	    0);
	s = due_at(fx->db, 1000);
	assert_int_equal(s.n, 0);
	s = due_at(fx->db, 1599);
	assert_int_equal(s.n, 0);
	s = due_at(fx->db, 1600);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.ids[0], a);
	assert_int_equal(s.attempts[0], 1);
	assert_string_equal(s.state[0], "queued");
	assert_string_equal(s.error[0], "451 try later");
}

static void
test_outbox_permanent_failure_is_never_due(void **state)
{
	struct fixture		*fx = *state;
	struct outbox_seen	 s;
	long			 a;

	a = put_outbox(fx->db, "<1@hercert>");
	assert_int_equal(db_outbox_failed(fx->db, a, "550 no such user", 0,
	    1), 0);
	s = due_at(fx->db, 1L << 40);
	assert_int_equal(s.n, 0);
	memset(&s, 0, sizeof s);
	assert_int_equal(db_outbox_each(fx->db, collect_outbox, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.state[0], "failed");
	assert_string_equal(s.error[0], "550 no such user");
	assert_int_equal(s.attempts[0], 1);
}

static void
test_outbox_message_id_is_unique(void **state)
{
	struct fixture		*fx = *state;
	struct db_outbox	 o;

	put_outbox(fx->db, "<1@hercert>");
	memset(&o, 0, sizeof o);
	o.kind = "bevestiging";
	o.message_id = "<1@hercert>";
	o.sender = "a@b.nl";
	o.rcpt = "c@d.nl";
	o.data = "x";
	o.len = 1;
	assert_int_equal(db_outbox_put(fx->db, &o), -1);
}

static void
test_rolled_back_transaction_leaves_nothing(void **state)
{
	struct fixture		*fx = *state;
	struct outbox_seen	 s;
	char			*board;
	uint32_t		 uid;

	assert_int_equal(db_begin(fx->db), 0);
	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	put_school(fx->db, "12AB", "OBS De Regenboog", "BRG");
	put_message(fx->db, "INBOX", 100, 5, "<a@x>", "h1", "F");
	put_outbox(fx->db, "<1@hercert>");
	db_rollback(fx->db);
	assert_int_equal(db_board_exists(fx->db, "BRG"), 0);
	assert_null(db_school_get(fx->db, "12AB"));
	assert_int_equal(db_role_of(fx->db, "boc@bestuur-brg.nl", &board),
	    DB_ROLE_UNKNOWN);
	assert_int_equal(db_message_known(fx->db, "INBOX/100/5"), 0);
	assert_int_equal(db_message_last_uid(fx->db, "INBOX", 100, &uid), 0);
	assert_int_equal(uid, 0);
	s = due_at(fx->db, 1L << 40);
	assert_int_equal(s.n, 0);
	/* A rollback without a transaction is harmless. */
	db_rollback(fx->db);
}

static void
test_committed_transaction_survives_reopen(void **state)
{
	struct fixture	*fx = *state;

	assert_int_equal(db_begin(fx->db), 0);
	put_board(fx->db, "BRG", "Stichting Bergrivier", brg_addrs, 2);
	assert_int_equal(db_commit(fx->db), 0);
	db_close(fx->db);
	fx->db = open_ok(fx->path);
	assert_int_equal(db_board_exists(fx->db, "BRG"), 1);
}

static void
test_commit_without_begin_fails_with_error(void **state)
{
	struct fixture	*fx = *state;

	assert_string_equal(db_error(fx->db), "no error");
	assert_int_equal(db_commit(fx->db), -1);
	assert_string_not_equal(db_error(fx->db), "no error");
}

static void
test_attempts_count_starts_and_failures_until_cleared(void **state)
{
	struct fixture		*fx = *state;
	struct db_attempt	 a;

	assert_int_equal(db_attempt_start(fx->db, "INBOX/1/7", &a), 0);
	assert_int_equal(a.starts, 1);
	assert_int_equal(a.failures, 0);
	assert_null(a.last_error);
	assert_int_equal(db_attempt_failed(fx->db, "INBOX/1/7", "parse: x"), 0);
	assert_int_equal(db_attempt_start(fx->db, "INBOX/1/7", &a), 0);
	assert_int_equal(a.starts, 2);
	assert_int_equal(a.failures, 1);
	assert_string_equal(a.last_error, "parse: x");
	free(a.last_error);
	/* Another message has its own count. */
	assert_int_equal(db_attempt_start(fx->db, "INBOX/1/8", &a), 0);
	assert_int_equal(a.starts, 1);
	assert_int_equal(db_attempt_clear(fx->db, "INBOX/1/7"), 0);
	assert_int_equal(db_attempt_start(fx->db, "INBOX/1/7", &a), 0);
	assert_int_equal(a.starts, 1);
	assert_int_equal(a.failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define O(f) cmocka_unit_test_setup_teardown(f, setup_open, teardown)
		T(test_open_creates_the_latest_schema_in_wal_format),
		O(test_attempts_count_starts_and_failures_until_cleared),
		T(test_reopen_keeps_data_and_schema),
		T(test_newer_schema_is_refused),
		T(test_garbage_file_is_refused_with_cause),
		T(test_damaged_page_fails_closed),
		O(test_board_upsert_is_idempotent_and_updates),
		O(test_school_upsert_is_idempotent_and_updates),
		O(test_school_of_unknown_board_is_refused),
		O(test_role_of_boc_matches_any_address_ignoring_case),
		O(test_role_of_auditor_with_and_without_board),
		O(test_role_of_unknown_sender_is_unknown),
		O(test_audit_dates_are_a_set_in_order),
		O(test_message_known_and_last_uid_per_mailbox_and_uidvalidity),
		O(test_message_uids_above_2_31_survive),
		O(test_message_key_is_recorded_once),
		O(test_duplicate_needs_same_message_id_and_hash),
		O(test_unmoved_lists_until_moved),
		O(test_messages_each_sees_every_message),
		O(test_registrations_are_per_school_and_date),
		O(test_registration_for_unknown_date_or_school_is_refused),
		O(test_procedure_moments_and_events_once),
		O(test_outbox_row_keeps_binary_data),
		O(test_outbox_sent_is_no_longer_due),
		O(test_outbox_retry_is_due_only_at_next_attempt),
		O(test_outbox_permanent_failure_is_never_due),
		O(test_outbox_message_id_is_unique),
		O(test_rolled_back_transaction_leaves_nothing),
		O(test_committed_transaction_survives_reopen),
		O(test_commit_without_begin_fails_with_error),
#undef T
#undef O
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
