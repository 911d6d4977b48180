/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for the PDF helper: page count and text of a two-page PDF
 * written by tests/data/documents/make-pdf.py, and stand-in tools that
 * hang, crash, flood, lie or check the limits they run under.
 */

#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "pdfinfo.h"
#include "testutil.h"
#include "xmalloc.h"

#define GENERATOR	"tests/data/documents/make-pdf.py"

struct fixture {
	char	*dir;
	char	*pdf;		/* the generated two-page PDF */
	char	*bindir;	/* stand-in tools */
};

static int
setup(void **state)
{
	struct fixture	*fx;
	pid_t		 pid;
	int		 status;

	fx = xcalloc(1, sizeof *fx);
	if ((fx->dir = testutil_tmpdir("test-pdfinfo")) == NULL) {
		free(fx);
		return (-1);
	}
	fx->pdf = xasprintf("%s/twee.pdf", fx->dir);
	fx->bindir = xasprintf("%s/bin", fx->dir);
	if (mkdir(fx->bindir, 0700) == -1)
		return (-1);
	if ((pid = fork()) == 0) {
		execl("/usr/bin/python3", "python3", GENERATOR, fx->pdf,
		    (char *)NULL);
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return (-1);
	*state = fx;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;

	pdfinfo_set_bindir(NULL);
	pdfinfo_set_timeout(0);
	testutil_rmtree(fx->dir);
	free(fx->dir);
	free(fx->pdf);
	free(fx->bindir);
	free(fx);
	return (0);
}

/* Install a stand-in tool (a shell script) and use its directory. */
static void
fake_tool(struct fixture *fx, const char *tool, const char *script)
{
	char	*path;

	path = xasprintf("%s/%s", fx->bindir, tool);
	testutil_write_str(path, script);
	assert_int_equal(chmod(path, 0755), 0);
	free(path);
	pdfinfo_set_bindir(fx->bindir);
}

static void
assert_contains(const char *s, const char *want)
{
	if (s == NULL || strstr(s, want) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", s != NULL ? s : "(null)", want);
}

static void
test_pdfinfo_counts_two_pages(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;
	int		 pages = -1;

	assert_int_equal(pdfinfo_pages(fx->pdf, &pages, &cause), 0);
	assert_null(cause);
	assert_int_equal(pages, 2);
}

static void
test_pdftotext_gives_text_of_both_pages(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL, *text;

	text = pdfinfo_text(fx->pdf, 0, &cause);
	assert_non_null(text);
	assert_null(cause);
	assert_contains(text, "Pagina een: OBS De Regenboog\n");
	assert_contains(text, "Pagina twee: Amersfoort\n");
	assert_null(strchr(text, '\f'));
	free(text);
}

static void
test_pdftotext_output_cut_at_max(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL, *text;

	text = pdfinfo_text(fx->pdf, 10, &cause);
	assert_non_null(text);
	assert_string_equal(text, "Pagina een");
	free(text);
}

static void
test_not_a_pdf_fails_with_the_tools_message(void **state)
{
	struct fixture	*fx = *state;
	char		*path, *cause = NULL;
	int		 pages;

	path = xasprintf("%s/brief.pdf", fx->dir);
	testutil_write_str(path, "Beste BOC,\ndit is geen PDF.\n");
	assert_int_equal(pdfinfo_pages(path, &pages, &cause), -1);
	assert_contains(cause, "pdfinfo: exit status 1: ");
	free(cause);
	cause = NULL;
	assert_null(pdfinfo_text(path, 0, &cause));
	assert_contains(cause, "pdftotext: exit status 1: ");
	free(cause);
	cause = NULL;
	assert_int_equal(pdfinfo_pages("/nonexistent/x.pdf", &pages, &cause),
	    -1);
	assert_contains(cause, "exit status 1");
	free(cause);
	free(path);
}

static void
test_missing_binary_gives_clear_cause(void **state)
{
	char	*cause = NULL;
	int	 pages;

	(void)state;
	pdfinfo_set_bindir("/nonexistent/bin");
	assert_int_equal(pdfinfo_pages("x.pdf", &pages, &cause), -1);
	assert_string_equal(cause, "cannot run /nonexistent/bin/pdfinfo: "
	    "No such file or directory");
	free(cause);
}

static void
test_hanging_tool_killed_at_timeout(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;
	time_t		 t0;

	/* The background sleep keeps the pipe open: the group is killed. */
	fake_tool(fx, "pdftotext", "#!/bin/sh\nsleep 30 &\nsleep 30\n");
	pdfinfo_set_timeout(1);
	t0 = time(NULL);
	assert_null(pdfinfo_text(fx->pdf, 0, &cause));
	assert_true(time(NULL) - t0 < 5);
	assert_string_equal(cause, "pdftotext: timed out after 1 s, killed");
	free(cause);
}

static void
test_crashing_tool_reported(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;
	int		 pages;

	fake_tool(fx, "pdfinfo", "#!/bin/sh\necho 'Internal Error' >&2\n"
	    "kill -SEGV $$\n");
	assert_int_equal(pdfinfo_pages(fx->pdf, &pages, &cause), -1);
	assert_string_equal(cause, "pdfinfo: killed by signal 11: "
	    "Internal Error");
	free(cause);
}

static void
test_limits_stdin_and_environment_of_the_child(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL, *text, *sentinel;
	int		 fd;

	sentinel = xasprintf("%s/sentinel", fx->dir);
	testutil_write_str(sentinel, "open in the parent\n");
	fd = open(sentinel, O_RDONLY);
	assert_true(fd > 2);
	fake_tool(fx, "pdftotext", "#!/bin/sh\n"
	    "ulimit -v; ulimit -t; ulimit -c\n"
	    "read x; echo stdin=$?\n"
	    "echo \"home=$HOME args=$*\"\n"
	    "exec ls -l /proc/self/fd/\n");
	text = pdfinfo_text(fx->pdf, 0, &cause);
	assert_non_null(text);
	/* 512 MiB in KiB, 20 s of CPU, no core; stdin is /dev/null. */
	assert_int_equal(strncmp(text, "524288\n20\n0\nstdin=1\nhome= args=-enc "
	    "UTF-8 -l 20 ", 46), 0);
	assert_contains(text, "twee.pdf -\n");
	assert_contains(text, " 0 -> /dev/null\n");
	/* An fd the daemon left open without O_CLOEXEC does not leak. */
	assert_null(strstr(text, "sentinel"));
	free(text);
	close(fd);
	free(sentinel);
}

static void
test_flooding_tool_cut_at_max(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL, *text;

	fake_tool(fx, "pdftotext", "#!/bin/sh\nexec yes Regenboog\n");
	text = pdfinfo_text(fx->pdf, 1000, &cause);
	assert_non_null(text);
	assert_int_equal(strlen(text), 1000);
	assert_int_equal(strncmp(text, "Regenboog\nRegenboog\n", 20), 0);
	free(text);
}

static void
test_page_count_from_the_last_pages_line(void **state)
{
	struct fixture	*fx = *state;
	char		*cause = NULL;
	int		 pages = 0;

	fake_tool(fx, "pdfinfo", "#!/bin/sh\nprintf 'Title:  x\\nPages: "
	    "999\\nPages:           3\\nEncrypted: no\\n'\n");
	assert_int_equal(pdfinfo_pages(fx->pdf, &pages, &cause), 0);
	assert_int_equal(pages, 3);
	fake_tool(fx, "pdfinfo", "#!/bin/sh\necho 'Pages: drie'\n");
	assert_int_equal(pdfinfo_pages(fx->pdf, &pages, &cause), -1);
	assert_string_equal(cause, "pdfinfo: bad page count in its output");
	free(cause);
	cause = NULL;
	fake_tool(fx, "pdfinfo", "#!/bin/sh\necho 'Title: x'\n");
	assert_int_equal(pdfinfo_pages(fx->pdf, &pages, &cause), -1);
	assert_string_equal(cause, "pdfinfo: no page count in its output");
	free(cause);
}

static void
test_name_starting_with_dash_is_not_an_option(void **state)
{
	struct fixture	*fx = *state;
	char		*cwd, *dash, *cause = NULL;
	int		 pages = 0;

	dash = xasprintf("%s/-twee.pdf", fx->dir);
	assert_int_equal(link(fx->pdf, dash), 0);
	cwd = getcwd(NULL, 0);
	assert_non_null(cwd);
	assert_int_equal(chdir(fx->dir), 0);
	assert_int_equal(pdfinfo_pages("-twee.pdf", &pages, &cause), 0);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(pages, 2);
	free(cwd);
	free(dash);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pdfinfo_counts_two_pages),
		T(test_pdftotext_gives_text_of_both_pages),
		T(test_pdftotext_output_cut_at_max),
		T(test_not_a_pdf_fails_with_the_tools_message),
		T(test_missing_binary_gives_clear_cause),
		T(test_hanging_tool_killed_at_timeout),
		T(test_crashing_tool_reported),
		T(test_limits_stdin_and_environment_of_the_child),
		T(test_flooding_tool_cut_at_max),
		T(test_page_count_from_the_last_pages_line),
		T(test_name_starting_with_dash_is_not_an_option),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
