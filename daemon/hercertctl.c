/* SPDX-License-Identifier: ISC */
/* hercertctl: the operator's tool. Parses the command and calls in. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "digest.h"
#include "dryrun.h"
#include "import.h"
#include "log.h"
#include "outbox.h"
#include "override.h"
#include "report.h"
#include "runtime.h"
#include "sample.h"
#include "xmalloc.h"

struct command {
	const char	*name;
	int		 need;
	int		 min_args;
	int		 max_args;
	int		 (*run)(struct runtime *, int, char **, int);
	const char	*usage;
};

static int
cmd_check_config(struct runtime *rt, int argc, char **argv, int as_json)
{
	char	*text = config_describe(rt->cf);

	(void)argc;
	(void)argv;
	(void)as_json;
	printf("%s", text);
	printf("rules and templates: ok\n");
	free(text);
	return (0);
}

static void
cmd_import_report(void *arg, const char *path, const char *kind, size_t rows,
    const char *error)
{
	(void)arg;
	if (error != NULL)
		fprintf(stderr, "hercertctl: %s\n", error);
	else
		printf("%s: %zu %s ingelezen\n", path, rows, kind);
}

static int
cmd_import(struct runtime *rt, int argc, char **argv, int as_json)
{
	(void)as_json;
	return (import_files(rt->db, argv, (size_t)argc, cmd_import_report,
	    NULL) == 0 ? 0 : -1);
}

static int
cmd_status(struct runtime *rt, int argc, char **argv, int as_json)
{
	(void)argc;
	(void)argv;
	return (report_status(rt, as_json, stdout));
}

static int
cmd_messages(struct runtime *rt, int argc, char **argv, int as_json)
{
	(void)argc;
	(void)argv;
	return (report_messages(rt, as_json, stdout));
}

/* "outbox": the list; "outbox retry ID": send a failed mail again. */
static int
cmd_outbox(struct runtime *rt, int argc, char **argv, int as_json)
{
	char	*end;
	long	 id;
	int	 rc;

	if (argc == 0)
		return (report_outbox(rt, as_json, stdout));
	id = argc == 2 ? strtol(argv[1], &end, 10) : 0;
	if (strcmp(argv[0], "retry") != 0 || argc != 2 || *end != '\0' ||
	    id <= 0) {
		fprintf(stderr, "usage: hercertctl outbox retry ID\n");
		return (-1);
	}
	if ((rc = db_outbox_retry(rt->db, id)) == 1) {
		printf("bericht %ld staat weer in de wachtrij\n", id);
		return (0);
	}
	fprintf(stderr, "hercertctl: %s\n", rc == 0 ? "no such outbox entry "
	    "(or it is queued already)" : db_error(rt->db));
	return (-1);
}

static int
cmd_digest(struct runtime *rt, int argc, char **argv, int as_json)
{
	(void)as_json;
	if (argc == 1 && strcmp(argv[0], "--html") != 0) {
		fprintf(stderr, "usage: hercertctl digest [--html]\n");
		return (-1);
	}
	return (digest_print(rt, argc == 1, stdout));
}

static int
cmd_classify(struct runtime *rt, int argc, char **argv, int as_json)
{
	(void)argc;
	return (dryrun_classify(rt, argv[0], as_json, stdout));
}

/* "template KIND": a sample; "template KIND --send ADDRESS": mail it. */
static int
cmd_template(struct runtime *rt, int argc, char **argv, int as_json)
{
	size_t	 sent = 0, failed = 0;
	char	*cause = NULL;

	(void)as_json;
	if (argc == 1)
		return (sample_print(rt, argv[0], stdout));
	if (argc != 3 || strcmp(argv[1], "--send") != 0) {
		fprintf(stderr, "usage: hercertctl template KIND "
		    "[--send ADDRESS]\n");
		return (-1);
	}
	if (sample_send(rt, argv[0], argv[2], &cause) != 0) {
		fprintf(stderr, "hercertctl: %s\n", cause);
		free(cause);
		return (-1);
	}
	if (outbox_flush(rt, &sent, &failed) != 0 || sent == 0) {
		fprintf(stderr, "hercertctl: queued; not sent yet (see "
		    "hercertctl outbox)\n");
		return (-1);
	}
	printf("voorbeeld van %s verstuurd aan %s\n", argv[0], argv[2]);
	return (0);
}

static int
cmd_school(struct runtime *rt, int argc, char **argv, int as_json)
{
	(void)argc;
	return (report_school(rt, argv[0], as_json, stdout));
}

/* "verdict BRIN uitgenodigd|niet-uitgenodigd". */
static int
cmd_verdict(struct runtime *rt, int argc, char **argv, int as_json)
{
	char	*cause = NULL;

	(void)argc;
	(void)as_json;
	if (override_verdict(rt, argv[0], argv[1], &cause) != 0) {
		fprintf(stderr, "hercertctl: %s\n", cause);
		free(cause);
		return (-1);
	}
	printf("oordeel voor %s vastgelegd: %s\n", argv[0], argv[1]);
	return (0);
}

/* "withdraw BRIN": the school's latest registration. */
static int
cmd_withdraw(struct runtime *rt, int argc, char **argv, int as_json)
{
	char	*cause = NULL;

	(void)argc;
	(void)as_json;
	if (override_withdraw(rt, argv[0], &cause) != 0) {
		fprintf(stderr, "hercertctl: %s\n", cause);
		free(cause);
		return (-1);
	}
	printf("aanmelding van %s ingetrokken\n", argv[0]);
	return (0);
}

/* "assign BRIN [--table N] [--auditor ADDRESS]". */
static int
cmd_assign(struct runtime *rt, int argc, char **argv, int as_json)
{
	const char	*auditor = NULL;
	char		*cause = NULL, *end;
	long		 table = 0;
	int		 i;

	(void)as_json;
	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--table") == 0) {
			table = strtol(argv[i + 1], &end, 10);
			if (*end != '\0' || table <= 0 || table > 1000)
				break;
		} else if (strcmp(argv[i], "--auditor") == 0)
			auditor = argv[i + 1];
		else
			break;
	}
	if (i != argc) {
		fprintf(stderr, "usage: hercertctl assign BRIN [--table N] "
		    "[--auditor ADDRESS]\n");
		return (-1);
	}
	if (override_assign(rt, argv[0], (int)table, auditor, &cause) != 0) {
		fprintf(stderr, "hercertctl: %s\n", cause);
		free(cause);
		return (-1);
	}
	printf("%s ingedeeld\n", argv[0]);
	return (0);
}

static const struct command commands[] = {
	{ "check-config", RUNTIME_ALL, 0, 0, cmd_check_config,
	    "check-config" },
	{ "import", RUNTIME_DB, 1, 64, cmd_import, "import FILE.csv ..." },
	{ "status", RUNTIME_DB, 0, 0, cmd_status, "status [--json]" },
	{ "school", RUNTIME_DB, 1, 1, cmd_school,
	    "school NAME|BRIN [--json]" },
	{ "verdict", RUNTIME_DB, 2, 2, cmd_verdict,
	    "verdict BRIN uitgenodigd|niet-uitgenodigd" },
	{ "assign", RUNTIME_DB, 1, 5, cmd_assign,
	    "assign BRIN [--table N] [--auditor ADDRESS]" },
	{ "withdraw", RUNTIME_DB, 1, 1, cmd_withdraw, "withdraw BRIN" },
	{ "messages", RUNTIME_DB, 0, 0, cmd_messages, "messages [--json]" },
	{ "outbox", RUNTIME_DB, 0, 2, cmd_outbox,
	    "outbox [--json] | outbox retry ID" },
	{ "digest", RUNTIME_DB | RUNTIME_TEMPLATES, 0, 1, cmd_digest,
	    "digest [--html]" },
	{ "template", RUNTIME_DB | RUNTIME_TEMPLATES, 1, 3, cmd_template,
	    "template KIND [--send ADDRESS]" },
	{ "classify", RUNTIME_DB | RUNTIME_RULES, 1, 1, cmd_classify,
	    "classify FILE.eml [--json]" },
};

static __attribute__((noreturn)) void
usage(void)
{
	size_t	 i;

	fprintf(stderr, "usage: hercertctl [-v] [-c config] command\n"
	    "commands:\n");
	for (i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(stderr, "  %s\n", commands[i].usage);
	exit(2);
}

int
main(int argc, char **argv)
{
	const struct command	*cmd = NULL;
	struct runtime		 rt;
	const char		*path = getenv("HERCERT_CONFIG");
	char			*cause = NULL, **args;
	int			 ch, i, nargs = 0, as_json = 0, verbose = 0, rc;
	size_t			 j;

	while ((ch = getopt(argc, argv, "+c:vh")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	for (j = 0; j < sizeof commands / sizeof *commands; j++) {
		if (strcmp(argv[optind], commands[j].name) == 0)
			cmd = &commands[j];
	}
	if (cmd == NULL) {
		fprintf(stderr, "hercertctl: unknown command \"%s\"\n",
		    argv[optind]);
		usage();
	}
	args = xcalloc((size_t)argc, sizeof *args);
	for (i = optind + 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			as_json = 1;
		else
			args[nargs++] = argv[i];
	}
	if (nargs < cmd->min_args || nargs > cmd->max_args) {
		fprintf(stderr, "usage: hercertctl %s\n", cmd->usage);
		return (2);
	}
	log_init("hercertctl", verbose);
	if (runtime_open(&rt, path != NULL ? path : CONFIG_DEFAULT_PATH,
	    cmd->need, &cause) != 0) {
		fprintf(stderr, "hercertctl: %s\n", cause);
		free(cause);
		free(args);
		return (1);
	}
	rc = cmd->run(&rt, nargs, args, as_json) == 0 ? 0 : 1;
	runtime_close(&rt);
	free(args);
	return (rc);
}
