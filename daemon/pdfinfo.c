/* SPDX-License-Identifier: ISC */
/*
 * Running pdfinfo and pdftotext (poppler-utils) on a PDF: fork and execve,
 * no shell, stdin /dev/null, a minimal environment, RLIMIT_AS/CPU set in
 * the child, output read through pipes up to a cap, and the child's
 * process group killed at the deadline. A hostile PDF costs one child.
 */

#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "log.h"
#include "pdfinfo.h"
#include "utf8.h"
#include "xmalloc.h"

#define PDFINFO_MAX_ERR		1024	/* stderr kept for the cause */
#define PDFINFO_MAX_INFO	(64 * 1024)
#define PDFINFO_DEFAULT_MAX	(4UL * 1024 * 1024)
#define PDFINFO_XSTR(x)		#x
#define PDFINFO_STR(x)		PDFINFO_XSTR(x)

enum pdfinfo_end {
	PDFINFO_END_EXIT,	/* exited or died on its own */
	PDFINFO_END_TIMEOUT,	/* killed at the deadline */
	PDFINFO_END_CAP,	/* killed once the output was full */
	PDFINFO_END_LOST	/* reaped by someone else (SIGCHLD ignored) */
};

struct pdfinfo_child {
	pid_t		 pid;
	int		 out;		/* its stdout */
	int		 err;		/* its stderr */
	struct buf	 obuf;
	struct buf	 ebuf;
	int		 status;	/* from waitpid */
	enum pdfinfo_end end;
};

static char	*pdfinfo_bindir;
static int	 pdfinfo_timeout = PDFINFO_TIMEOUT;

/* Run the tools from dir instead of PDFINFO_BINDIR (NULL: the default). */
void
pdfinfo_set_bindir(const char *dir)
{
	free(pdfinfo_bindir);
	pdfinfo_bindir = dir != NULL ? xstrdup(dir) : NULL;
}

/* Kill the tools after seconds of wall clock (and of CPU). */
void
pdfinfo_set_timeout(int seconds)
{
	pdfinfo_timeout = seconds > 0 ? seconds : PDFINFO_TIMEOUT;
}

static long long
pdfinfo_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* After fork: only async-signal-safe calls until execve. */
static void __attribute__((noreturn))
pdfinfo_exec(char *const argv[], int out, int err, int status)
{
	static char	 env_path[] = "PATH=/usr/bin:/bin";
	static char	 env_lang[] = "LANG=C.UTF-8";
	static char *const envp[] = { env_path, env_lang, NULL };
	struct rlimit	 rl;
	struct sigaction sa;
	sigset_t	 none;
	int		 null, e;

	setpgid(0, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if ((null = open("/dev/null", O_RDONLY)) == -1 ||
	    dup2(null, STDIN_FILENO) == -1 || dup2(out, STDOUT_FILENO) == -1 ||
	    dup2(err, STDERR_FILENO) == -1)
		goto fail;
	/* The daemon's sockets and database are not the tool's business. */
	close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
	rl.rlim_cur = rl.rlim_max = PDFINFO_MAX_AS;
	if (setrlimit(RLIMIT_AS, &rl) == -1)
		goto fail;
	rl.rlim_cur = (rlim_t)pdfinfo_timeout;
	rl.rlim_max = (rlim_t)pdfinfo_timeout + 1;
	if (setrlimit(RLIMIT_CPU, &rl) == -1)
		goto fail;
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
	setrlimit(RLIMIT_FSIZE, &rl);
	execve(argv[0], argv, envp);
fail:
	e = errno;
	if (write(status, &e, sizeof e) == -1)
		_exit(126);
	_exit(127);
}

/* Close the descriptors that are open (not -1). */
static void
pdfinfo_close3(int a, int b, int c)
{
	if (a != -1)
		close(a);
	if (b != -1)
		close(b);
	if (c != -1)
		close(c);
}

/* Start argv[0]; -1 with a cause if it could not be executed. */
static int
pdfinfo_spawn(char *const argv[], struct pdfinfo_child *c, char **cause)
{
	int	 o[2], e[2], s[2], err;
	ssize_t	 n;

	o[0] = o[1] = e[0] = e[1] = s[0] = s[1] = -1;
	if (pipe2(o, O_CLOEXEC) == -1 || pipe2(e, O_CLOEXEC) == -1 ||
	    pipe2(s, O_CLOEXEC) == -1) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		pdfinfo_close3(o[0], e[0], s[0]);
		pdfinfo_close3(o[1], e[1], s[1]);
		return (-1);
	}
	if ((c->pid = fork()) == -1) {
		*cause = xasprintf("fork: %s", strerror(errno));
		pdfinfo_close3(o[0], e[0], s[0]);
		pdfinfo_close3(o[1], e[1], s[1]);
		return (-1);
	}
	if (c->pid == 0)
		pdfinfo_exec(argv, o[1], e[1], s[1]);
	pdfinfo_close3(o[1], e[1], s[1]);
	c->out = o[0];
	c->err = e[0];
	/* EOF here means execve succeeded (the pipe is close-on-exec). */
	do
		n = read(s[0], &err, sizeof err);
	while (n == -1 && errno == EINTR);
	close(s[0]);
	if (n == sizeof err) {
		*cause = xasprintf("cannot run %s: %s", argv[0],
		    strerror(err));
		pdfinfo_close3(c->out, c->err, -1);
		waitpid(c->pid, NULL, 0);
		return (-1);
	}
	return (0);
}

/* Read what is there on fd into b; at b's maximum keep a prefix. */
static int
pdfinfo_drain(int *fd, struct buf *b)
{
	char	 tmp[8192];
	ssize_t	 n;
	size_t	 room;

	n = read(*fd, tmp, sizeof tmp);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return (0);
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		return (0);
	}
	room = b->max - b->len;
	if ((size_t)n > room) {
		buf_add(b, tmp, room);
		return (-1);
	}
	buf_add(b, tmp, (size_t)n);
	return (0);
}

/* Read both pipes until EOF, the deadline or the output cap. */
static void
pdfinfo_read(struct pdfinfo_child *c, long long deadline)
{
	struct pollfd	 pfd[2];
	long long	 left;
	int		 full = 0;

	while ((c->out != -1 || c->err != -1) && !full) {
		if ((left = deadline - pdfinfo_now_ms()) <= 0) {
			c->end = PDFINFO_END_TIMEOUT;
			return;
		}
		pfd[0].fd = c->out;
		pfd[1].fd = c->err;
		pfd[0].events = pfd[1].events = POLLIN;
		if (poll(pfd, 2, (int)(left > 1000 ? 1000 : left)) == -1) {
			if (errno != EINTR)
				fatal("poll");
			continue;
		}
		if (pfd[0].revents != 0 && pdfinfo_drain(&c->out, &c->obuf))
			full = 1;
		if (pfd[1].revents != 0)
			pdfinfo_drain(&c->err, &c->ebuf);
	}
	if (full)
		c->end = PDFINFO_END_CAP;
}

/* Reap the child, killing its process group if it is still there. */
static void
pdfinfo_reap(struct pdfinfo_child *c, long long deadline)
{
	pid_t	 r;

	if (c->out != -1)
		close(c->out);
	if (c->err != -1)
		close(c->err);
	c->out = c->err = -1;
	while (c->end == PDFINFO_END_EXIT) {
		if ((r = waitpid(c->pid, &c->status, WNOHANG)) == c->pid)
			return;
		if (r == -1 && errno == ECHILD) {
			c->end = PDFINFO_END_LOST;
			return;
		}
		if (r == -1 && errno != EINTR)
			fatal("waitpid");
		if (pdfinfo_now_ms() >= deadline)
			c->end = PDFINFO_END_TIMEOUT;
		else
			usleep(10000);
	}
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, &c->status, 0) == -1 && errno == EINTR)
		;
}

/* The last line the child wrote to stderr (its verdict), for a cause. */
static char *
pdfinfo_errline(const struct pdfinfo_child *c)
{
	const char	*s = c->ebuf.data, *start;
	size_t		 end = c->ebuf.len;

	while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == '\r'))
		end--;
	start = s + end;
	while (start > s && start[-1] != '\n')
		start--;
	if (s + end - start > 200)
		end = (size_t)(start - s) + 200;
	return (utf8_sanitize(start, (size_t)(s + end - start), 0));
}

/* Why the child failed, or NULL if it exited 0 (or was cut at the cap). */
static char *
pdfinfo_failure(const struct pdfinfo_child *c, const char *tool)
{
	char	*line, *cause;

	if (c->end == PDFINFO_END_CAP)
		return (NULL);
	if (c->end == PDFINFO_END_LOST)
		return (xasprintf("%s: exit status lost (SIGCHLD ignored?)",
		    tool));
	if (c->end == PDFINFO_END_TIMEOUT)
		return (xasprintf("%s: timed out after %d s, killed", tool,
		    pdfinfo_timeout));
	if (WIFEXITED(c->status) && WEXITSTATUS(c->status) == 0)
		return (NULL);
	line = pdfinfo_errline(c);
	if (WIFSIGNALED(c->status))
		cause = xasprintf("%s: killed by signal %d%s%s", tool,
		    WTERMSIG(c->status), *line != '\0' ? ": " : "", line);
	else
		cause = xasprintf("%s: exit status %d%s%s", tool,
		    WEXITSTATUS(c->status), *line != '\0' ? ": " : "", line);
	free(line);
	return (cause);
}

/*
 * Run "tool args... path [tail]"; its stdout (at most max bytes, length in
 * *len) or NULL.
 */
static char *
pdfinfo_run(const char *tool, const char *const args[], const char *path,
    const char *tail, size_t max, size_t *len, char **cause)
{
	struct pdfinfo_child	 c;
	char			*argv[8], *prog, *file;
	size_t			 i, n = 0;
	long long		 deadline;

	prog = xasprintf("%s/%s", pdfinfo_bindir != NULL ? pdfinfo_bindir :
	    PDFINFO_BINDIR, tool);
	/* A name starting with '-' would be read as an option. */
	file = xasprintf("%s%s", path[0] == '-' ? "./" : "", path);
	argv[n++] = prog;
	for (i = 0; args[i] != NULL && n < 6; i++)
		argv[n++] = (char *)(uintptr_t)args[i];
	argv[n++] = file;
	if (tail != NULL)
		argv[n++] = (char *)(uintptr_t)tail;
	argv[n] = NULL;

	memset(&c, 0, sizeof c);
	buf_init(&c.obuf, max);
	buf_init(&c.ebuf, PDFINFO_MAX_ERR);
	deadline = pdfinfo_now_ms() + (long long)pdfinfo_timeout * 1000;
	if (pdfinfo_spawn(argv, &c, cause) == 0) {
		pdfinfo_read(&c, deadline);
		pdfinfo_reap(&c, deadline);
		*cause = pdfinfo_failure(&c, tool);
	}
	free(prog);
	free(file);
	buf_clear(&c.ebuf);
	if (*cause != NULL) {
		buf_clear(&c.obuf);
		return (NULL);
	}
	*len = c.obuf.len;
	return (buf_release(&c.obuf));
}

/* The number of pages of the PDF at path, from pdfinfo. */
int
pdfinfo_pages(const char *path, int *pages, char **cause)
{
	static const char *const args[] = { NULL };
	char		*out, *line, *last = NULL, *end;
	size_t		 len;
	long		 n;

	*cause = NULL;
	if ((out = pdfinfo_run("pdfinfo", args, path, NULL, PDFINFO_MAX_INFO,
	    &len, cause)) == NULL)
		return (-1);
	/* The last one: a title could contain a line "Pages: 999". */
	for (line = out; line != NULL; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, "Pages:", 6) == 0)
			last = line + 6;
	}
	if (last == NULL) {
		*cause = xstrdup("pdfinfo: no page count in its output");
		free(out);
		return (-1);
	}
	errno = 0;
	n = strtol(last, &end, 10);
	if (errno != 0 || end == last || (*end != '\n' && *end != '\0') ||
	    n < 0 || n > INT_MAX) {
		*cause = xstrdup("pdfinfo: bad page count in its output");
		free(out);
		return (-1);
	}
	*pages = (int)n;
	free(out);
	return (0);
}

/* The text of the first pages of the PDF at path, valid UTF-8. */
char *
pdfinfo_text(const char *path, size_t max_out, char **cause)
{
	static const char *const args[] = { "-enc", "UTF-8", "-l",
	    PDFINFO_STR(PDFINFO_MAX_PAGES), NULL };
	char		*out, *text;
	size_t		 len, i;

	*cause = NULL;
	if (max_out == 0)
		max_out = PDFINFO_DEFAULT_MAX;
	if ((out = pdfinfo_run("pdftotext", args, path, "-", max_out, &len,
	    cause)) == NULL)
		return (NULL);
	/* pdftotext ends each page with a form feed. */
	for (i = 0; i < len; i++) {
		if (out[i] == '\f')
			out[i] = '\n';
	}
	text = utf8_sanitize(out, len, 1);
	free(out);
	/* U+FFFD for a bad byte takes three: cut again at the maximum. */
	text[utf8_truncate(text, max_out)] = '\0';
	return (text);
}
