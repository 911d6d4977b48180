/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for unpacking attachments: ordinary zip, tar.gz and 7z, and
 * the hostile ones of RELIABILITY.md (d) 29-33 (path traversal, links,
 * bombs, nesting, encryption, entry floods, hostile names). Fixtures are
 * generated in a temporary directory by /usr/bin/python3 and zip(1).
 */

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
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

#include "archive.h"
#include "testutil.h"
#include "xmalloc.h"

#define MiB	(1024 * 1024)

struct seen {				/* a copy of one reported entry */
	char	*name;
	char	*path;
	char	*refused;
	char	*note;
	size_t	 size;
	int	 depth;
	int	 nested;
	int	 stopped;
};

struct fixture {
	char		*dir;		/* fixtures are generated here */
	char		*out;		/* dir/out: where archives unpack */
	struct seen	*seen;
	size_t		 nseen;
	size_t		 stop_after;	/* callback fails after this many */
	char		*cause;
};

static int
setup(void **state)
{
	struct fixture	*fx;

	fx = xcalloc(1, sizeof *fx);
	fx->dir = testutil_tmpdir("test-archive");
	if (fx->dir == NULL) {
		free(fx);
		return (-1);
	}
	fx->out = xasprintf("%s/out", fx->dir);
	*state = fx;
	return (mkdir(fx->out, 0700));
}

static int
teardown(void **state)
{
	struct fixture	*fx = *state;
	size_t		 i;

	for (i = 0; i < fx->nseen; i++) {
		free(fx->seen[i].name);
		free(fx->seen[i].path);
		free(fx->seen[i].refused);
		free(fx->seen[i].note);
	}
	free(fx->seen);
	free(fx->cause);
	testutil_rmtree(fx->dir);
	free(fx->out);
	free(fx->dir);
	free(fx);
	return (0);
}

static char *
dup_or_null(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

static int
record(void *arg, const struct archive_file *f)
{
	struct fixture	*fx = arg;
	struct seen	*s;

	if (fx->stop_after != 0 && fx->nseen == fx->stop_after)
		return (-1);
	fx->seen = xreallocarray(fx->seen, fx->nseen + 1, sizeof *fx->seen);
	s = &fx->seen[fx->nseen++];
	s->name = xstrdup(f->name);
	s->path = dup_or_null(f->path);
	s->refused = dup_or_null(f->refused);
	s->note = dup_or_null(f->note);
	s->size = f->size;
	s->depth = f->depth;
	s->nested = (int)f->nested;
	s->stopped = f->stopped;
	return (0);
}

/* Run argv (a command with arguments) in dir; the test fails unless 0. */
static void
run_in(const char *dir, const char *const argv[])
{
	pid_t	 pid;
	int	 status;

	pid = fork();
	assert_int_not_equal(pid, -1);
	if (pid == 0) {
		if (chdir(dir) == 0)
			execv(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* Generate fixtures by running the python script in the fixture dir. */
static void
python(struct fixture *fx, const char *script)
{
	const char *const argv[] = { "/usr/bin/python3", "gen.py", NULL };
	char	*path;

	path = xasprintf("%s/gen.py", fx->dir);
	testutil_write_str(path, script);
	free(path);
	run_in(fx->dir, argv);
}

/* Unpack dir/name into out with the limits (NULL: defaults). */
static int
unpack(struct fixture *fx, const char *name, const struct archive_limits *lim)
{
	char	*path;
	int	 rc;

	path = xasprintf("%s/%s", fx->dir, name);
	free(fx->cause);
	fx->cause = NULL;
	rc = archive_unpack(path, fx->out, lim, record, fx, &fx->cause);
	free(path);
	return (rc);
}

static const struct seen *
find(struct fixture *fx, const char *name)
{
	size_t	 i;

	for (i = 0; i < fx->nseen; i++) {
		if (strcmp(fx->seen[i].name, name) == 0)
			return (&fx->seen[i]);
	}
	fail_msg("entry \"%s\" not reported", name);
	return (NULL);
}

/* The entry was written at out/file (relative) with this content. */
static void
assert_written(struct fixture *fx, const char *name, const char *file,
    const char *content)
{
	const struct seen	*s = find(fx, name);
	char			*want, buf[256];
	ssize_t			 n;
	int			 fd;

	assert_null(s->refused);
	assert_non_null(s->path);
	want = xasprintf("%s/%s", fx->out, file);
	assert_string_equal(s->path, want);
	free(want);
	fd = open(s->path, O_RDONLY | O_NOFOLLOW);
	assert_int_not_equal(fd, -1);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, content);
	assert_int_equal(s->size, strlen(content));
}

static void
assert_refused(struct fixture *fx, const char *name, const char *why)
{
	const struct seen	*s = find(fx, name);

	assert_null(s->path);
	assert_non_null(s->refused);
	if (strstr(s->refused, why) == NULL)
		fail_msg("\"%s\" refused for \"%s\", not \"%s\"", name,
		    s->refused, why);
}

/* Number of directory entries in dir (recursively), and the largest file. */
static size_t
count_tree(const char *dir, off_t *largest, int *links)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	struct stat	 sb;
	char		*path;
	size_t		 n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		assert_int_equal(lstat(path, &sb), 0);
		n++;
		if (S_ISLNK(sb.st_mode))
			(*links)++;
		else if (S_ISDIR(sb.st_mode))
			n += count_tree(path, largest, links);
		else if (sb.st_size > *largest)
			*largest = sb.st_size;
		free(path);
	}
	closedir(d);
	return (n);
}

static size_t
out_entries(struct fixture *fx)
{
	off_t	 largest = 0;
	int	 links = 0;
	size_t	 n;

	n = count_tree(fx->out, &largest, &links);
	assert_int_equal(links, 0);
	return (n);
}

static double
cpu_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Under valgrind everything runs ~50 times slower; bounds widen. */
static double
cpu_scale(void)
{
	const char	*preload = getenv("LD_PRELOAD");

	return (preload != NULL && strstr(preload, "vgpreload") != NULL ?
	    60.0 : 1.0);
}

static void
test_zip_folders_per_school_unpacked_flat(void **state)
{
	struct fixture	*fx = *state;

	python(fx,
	    "import zipfile\n"
	    "with zipfile.ZipFile('scholen.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
	    "    z.writestr(zipfile.ZipInfo(\"OBS 't Palet/\"), '')\n"
	    "    z.writestr(\"OBS 't Palet/certificaat.pdf\", '%PDF palet')\n"
	    "    z.writestr('CBS Eben-Ha\\u00ebzer/certificaat.pdf', '%PDF eben')\n"
	    "    z.writestr('CBS Eben-Ha\\u00ebzer/sub/lijst.csv', 'a;b\\n')\n");
	assert_int_equal(unpack(fx, "scholen.zip", NULL), 0);
	assert_int_equal(fx->nseen, 3);		/* the directory is not */
	assert_written(fx, "OBS 't Palet/certificaat.pdf", "certificaat.pdf",
	    "%PDF palet");
	assert_written(fx, "CBS Eben-Ha\xc3\xabzer/certificaat.pdf",
	    "certificaat (2).pdf", "%PDF eben");
	assert_written(fx, "CBS Eben-Ha\xc3\xabzer/sub/lijst.csv", "lijst.csv",
	    "a;b\n");
	assert_int_equal(find(fx, "CBS Eben-Ha\xc3\xabzer/sub/lijst.csv")->depth,
	    0);
	assert_int_equal(out_entries(fx), 3);
}

static void
test_targz_unpacked(void **state)
{
	struct fixture	*fx = *state;

	python(fx,
	    "import tarfile, io\n"
	    "with tarfile.open('scholen.tar.gz', 'w:gz') as t:\n"
	    "    for name, data in (('De Regenboog/lijst.txt', b'regenboog'),\n"
	    "                       ('Het Kompas/lijst.txt', b'kompas')):\n"
	    "        ti = tarfile.TarInfo(name); ti.size = len(data)\n"
	    "        t.addfile(ti, io.BytesIO(data))\n"
	    "    ti = tarfile.TarInfo('leeg'); ti.type = tarfile.DIRTYPE\n"
	    "    t.addfile(ti)\n");
	assert_int_equal(unpack(fx, "scholen.tar.gz", NULL), 0);
	assert_int_equal(fx->nseen, 2);
	assert_written(fx, "De Regenboog/lijst.txt", "lijst.txt", "regenboog");
	assert_written(fx, "Het Kompas/lijst.txt", "lijst (2).txt", "kompas");
}

/*
 * No 7z writer in python or Debian's base: a minimal 7z (one folder with
 * the Copy coder, names in UTF-16) built byte by byte.
 */
static const char seven_zip_script[] =
    "import struct, zlib\n"
    "def num(n):\n"
    "    for i in range(8):\n"
    "        if n < (1 << (7 * (i + 1))):\n"
    "            first = ((0xff << (8 - i)) & 0xff) | (n >> (8 * i))\n"
    "            low = n & ((1 << (8 * i)) - 1)\n"
    "            return bytes([first]) + low.to_bytes(i, 'little')\n"
    "    return b'\\xff' + n.to_bytes(8, 'little')\n"
    "files = [(\"OBS 't Palet/certificaat.pdf\", b'%PDF palet'),\n"
    "         ('CBS Eben-Ha\\u00ebzer/lijst.txt', b'eben')]\n"
    "packed = b''.join(d for _, d in files)\n"
    "h = b'\\x01\\x04'\n"
    "h += b'\\x06' + num(0) + num(1) + b'\\x09' + num(len(packed)) + b'\\x00'\n"
    "h += b'\\x07\\x0b' + num(1) + b'\\x00' + num(1) + b'\\x01\\x00'\n"
    "h += b'\\x0c' + num(len(packed)) + b'\\x00'\n"
    "h += b'\\x08\\x0d' + num(len(files)) + b'\\x09'\n"
    "h += b''.join(num(len(d)) for _, d in files[:-1]) + b'\\x00\\x00'\n"
    "names = b''.join(n.encode('utf-16-le') + b'\\x00\\x00'\n"
    "                 for n, _ in files)\n"
    "h += b'\\x05' + num(len(files))\n"
    "h += b'\\x11' + num(len(names) + 1) + b'\\x00' + names\n"
    "h += b'\\x00\\x00'\n"
    "start = struct.pack('<QQI', len(packed), len(h), zlib.crc32(h))\n"
    "sig = b'7z\\xbc\\xaf\\x27\\x1c\\x00\\x04'\n"
    "sig += struct.pack('<I', zlib.crc32(start))\n"
    "open('scholen.7z', 'wb').write(sig + start + packed + h)\n";

static void
test_7z_unpacked(void **state)
{
	struct fixture	*fx = *state;

	python(fx, seven_zip_script);
	assert_int_equal(unpack(fx, "scholen.7z", NULL), 0);
	assert_int_equal(fx->nseen, 2);
	assert_written(fx, "OBS 't Palet/certificaat.pdf", "certificaat.pdf",
	    "%PDF palet");
	assert_written(fx, "CBS Eben-Ha\xc3\xabzer/lijst.txt", "lijst.txt",
	    "eben");
}

static void
test_zip_slip_refused(void **state)
{
	struct fixture	*fx = *state;
	char		*outside;

	python(fx,
	    "import zipfile\n"
	    "with zipfile.ZipFile('slip.zip', 'w') as z:\n"
	    "    z.writestr('../x', 'x')\n"
	    "    z.writestr('/abs', 'abs')\n"
	    "    z.writestr('..\\\\y', 'y')\n"
	    "    z.writestr('a/../../z', 'z')\n"
	    "    z.writestr('C:\\\\w', 'w')\n"
	    "    z.writestr('ok.txt', 'ok')\n");
	assert_int_equal(unpack(fx, "slip.zip", NULL), 0);
	assert_int_equal(fx->nseen, 6);
	assert_refused(fx, "../x", "../ in path");
	assert_refused(fx, "/abs", "absolute path");
	/* libarchive turns the zip's backslashes into slashes */
	assert_refused(fx, "../y", "../ in path");
	assert_refused(fx, "a/../../z", "../ in path");
	assert_refused(fx, "C:/w", "absolute path");
	assert_written(fx, "ok.txt", "ok.txt", "ok");
	assert_int_equal(out_entries(fx), 1);
	outside = xasprintf("%s/x", fx->dir);
	assert_int_equal(access(outside, F_OK), -1);
	free(outside);
}

static void
test_tar_slip_and_links_refused(void **state)
{
	struct fixture	*fx = *state;

	python(fx,
	    "import tarfile, io\n"
	    "with tarfile.open('links.tar', 'w', format=tarfile.GNU_FORMAT) as t:\n"
	    "    ti = tarfile.TarInfo('a/b.txt'); ti.size = 3\n"
	    "    t.addfile(ti, io.BytesIO(b'abc'))\n"
	    "    ti = tarfile.TarInfo('../up'); ti.size = 1\n"
	    "    t.addfile(ti, io.BytesIO(b'u'))\n"
	    "    ti = tarfile.TarInfo('/etc/cron.d/x'); ti.size = 1\n"
	    "    t.addfile(ti, io.BytesIO(b'c'))\n"
	    "    for name, kind, target in (('hard', tarfile.LNKTYPE, 'a/b.txt'),\n"
	    "            ('hardout', tarfile.LNKTYPE, '/etc/passwd'),\n"
	    "            ('sym', tarfile.SYMTYPE, '/etc/passwd'),\n"
	    "            ('dev', tarfile.CHRTYPE, ''),\n"
	    "            ('fifo', tarfile.FIFOTYPE, '')):\n"
	    "        ti = tarfile.TarInfo(name)\n"
	    "        ti.type = kind; ti.linkname = target\n"
	    "        t.addfile(ti)\n"
	    "    ti = tarfile.TarInfo('sym'); ti.size = 5\n"
	    "    t.addfile(ti, io.BytesIO(b'later'))\n");
	assert_int_equal(unpack(fx, "links.tar", NULL), 0);
	assert_int_equal(fx->nseen, 9);
	assert_written(fx, "a/b.txt", "b.txt", "abc");
	assert_refused(fx, "../up", "../ in path");
	assert_refused(fx, "/etc/cron.d/x", "absolute path");
	assert_refused(fx, "hard", "hardlink");
	assert_refused(fx, "hardout", "hardlink");
	assert_refused(fx, "sym", "symlink");
	assert_refused(fx, "dev", "device");
	assert_refused(fx, "fifo", "fifo");
	/* a file after a link of the same name is a new, plain file */
	assert_string_equal(fx->seen[8].name, "sym");
	assert_null(fx->seen[8].refused);
	assert_int_equal(out_entries(fx), 2);
}

static void
test_zip_symlink_entry_refused(void **state)
{
	struct fixture	*fx = *state;

	python(fx,
	    "import zipfile\n"
	    "with zipfile.ZipFile('link.zip', 'w') as z:\n"
	    "    zi = zipfile.ZipInfo('link'); zi.create_system = 3\n"
	    "    zi.external_attr = 0o120777 << 16\n"
	    "    z.writestr(zi, '../../../../etc/passwd')\n"
	    "    z.writestr('link/passwd', 'through the link')\n");
	assert_int_equal(unpack(fx, "link.zip", NULL), 0);
	assert_refused(fx, "link", "symlink");
	assert_written(fx, "link/passwd", "passwd", "through the link");
	assert_int_equal(out_entries(fx), 1);
}

/* A zip of 1 GiB of zeros in one entry: about 1 MiB (deflate's 1032:1). */
static const char bomb_script[] =
    "import zipfile\n"
    "with zipfile.ZipFile('bomb.zip', 'w', zipfile.ZIP_DEFLATED,\n"
    "        compresslevel=9) as z:\n"
    "    with z.open('zeros.bin', 'w', force_zip64=True) as f:\n"
    "        chunk = bytes(1 << 20)\n"
    "        for i in range(1024):\n"
    "            f.write(chunk)\n"
    "    z.writestr('after.txt', 'after')\n";

static void
test_zip_bomb_stopped_by_ratio_quickly(void **state)
{
	struct fixture		*fx = *state;
	struct archive_limits	 lim;
	struct stat		 sb;
	const struct seen	*s;
	off_t			 largest = 0;
	double			 t0, secs;
	int			 links = 0;
	char			*bomb;

	python(fx, bomb_script);
	bomb = xasprintf("%s/bomb.zip", fx->dir);
	assert_int_equal(stat(bomb, &sb), 0);
	free(bomb);
	assert_true(sb.st_size < 2 * MiB);
	archive_limits_init(&lim);
	t0 = cpu_now();
	assert_int_equal(unpack(fx, "bomb.zip", &lim), 0);
	secs = cpu_now() - t0;
	print_message("# bomb: %lld-byte zip, stopped after %.3f s CPU\n",
	    (long long)sb.st_size, secs);
	assert_true(secs < 2.0 * cpu_scale());
	assert_int_equal(fx->nseen, 1);		/* after.txt never read */
	s = find(fx, "zeros.bin");
	assert_refused(fx, "zeros.bin", "ratio over 100:1");
	assert_true(s->stopped);
	/* read up to the ratio's budget, about 100 x 1 MiB; none left */
	assert_true(s->size > 90 * MiB && s->size < 110 * MiB);
	assert_int_equal(count_tree(fx->out, &largest, &links), 0);
}

/* Data of a refused entry still counts: skipping in a tar.gz inflates. */
static void
test_refused_entry_data_counted_in_targz(void **state)
{
	struct fixture		*fx = *state;
	double			 t0, secs;

	python(fx,
	    "import tarfile, io\n"
	    "class Zeros:\n"
	    "    def read(self, n=-1): return bytes(n)\n"
	    "with tarfile.open('slipbomb.tar.gz', 'w:gz') as t:\n"
	    "    ti = tarfile.TarInfo('../zeros'); ti.size = 512 << 20\n"
	    "    t.addfile(ti, Zeros())\n"
	    "    ti = tarfile.TarInfo('after.txt'); ti.size = 5\n"
	    "    t.addfile(ti, io.BytesIO(b'after'))\n");
	t0 = cpu_now();
	assert_int_equal(unpack(fx, "slipbomb.tar.gz", NULL), 0);
	secs = cpu_now() - t0;
	print_message("# refused tar.gz entry: stopped after %.3f s CPU\n",
	    secs);
	assert_true(secs < 2.0 * cpu_scale());
	assert_int_equal(fx->nseen, 1);
	assert_refused(fx, "../zeros", "../ in path; ratio over 100:1");
	assert_true(fx->seen[0].stopped);
	assert_int_equal(out_entries(fx), 0);
}

static void
test_zip_bomb_stopped_by_total_without_ratio(void **state)
{
	struct fixture		*fx = *state;
	struct archive_limits	 lim;

	python(fx, bomb_script);
	archive_limits_init(&lim);
	lim.max_ratio = 0;
	lim.max_total_bytes = 50 * MiB;
	assert_int_equal(unpack(fx, "bomb.zip", &lim), 0);
	assert_int_equal(fx->nseen, 1);
	assert_refused(fx, "zeros.bin", "over 50 MiB, unpacking stopped");
	assert_true(fx->seen[0].stopped);
	assert_int_equal(out_entries(fx), 0);
}

static void
test_entry_over_cap_refused_next_written(void **state)
{
	struct fixture		*fx = *state;
	struct archive_limits	 lim;

	python(fx,
	    "import zipfile\n"
	    "with zipfile.ZipFile('big.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
	    "    z.writestr('big.bin', bytes(2 << 20))\n"
	    "    z.writestr('exact.bin', bytes(1 << 20))\n"
	    "    z.writestr('small.txt', 'small')\n");
	archive_limits_init(&lim);
	lim.max_entry_bytes = MiB;
	assert_int_equal(unpack(fx, "big.zip", &lim), 0);
	assert_int_equal(fx->nseen, 3);
	assert_refused(fx, "big.bin", "entry over 1 MiB");
	assert_false(find(fx, "big.bin")->stopped);
	assert_null(find(fx, "exact.bin")->refused);
	assert_int_equal(find(fx, "exact.bin")->size, MiB);
	assert_written(fx, "small.txt", "small.txt", "small");
	assert_int_equal(out_entries(fx), 2);
}

static void
test_nested_zip_second_level_kept(void **state)
{
	struct fixture		*fx = *state;
	const struct seen	*s;
	char			*want;

	python(fx,
	    "import zipfile, io\n"
	    "def zipped(entries):\n"
	    "    b = io.BytesIO()\n"
	    "    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:\n"
	    "        for n, d in entries: z.writestr(n, d)\n"
	    "    return b.getvalue()\n"
	    "inner = zipped([('deep.txt', 'deep')])\n"
	    "mid = zipped([('mid.txt', 'mid'), ('inner.zip', inner)])\n"
	    "open('outer.zip', 'wb').write(zipped([('top.txt', 'top'),\n"
	    "    ('map/mid.zip', mid)]))\n");
	assert_int_equal(unpack(fx, "outer.zip", NULL), 0);
	assert_int_equal(fx->nseen, 4);		/* deep.txt never */
	assert_written(fx, "top.txt", "top.txt", "top");
	s = find(fx, "map/mid.zip");
	assert_int_equal(s->depth, 0);
	assert_int_equal(s->nested, ARCHIVE_NESTED_UNPACKED);
	assert_written(fx, "mid.txt", "mid.zip.d/mid.txt", "mid");
	assert_int_equal(find(fx, "mid.txt")->depth, 1);
	s = find(fx, "inner.zip");
	assert_int_equal(s->depth, 1);
	assert_int_equal(s->nested, ARCHIVE_NESTED_KEPT);
	assert_non_null(s->note);
	want = xasprintf("%s/mid.zip.d/inner.zip", fx->out);
	assert_string_equal(s->path, want);
	free(want);
	assert_int_equal(out_entries(fx), 5);	/* 2 zips, 2 texts, 1 dir */
}

static void
test_nesting_zero_keeps_inner_archive(void **state)
{
	struct fixture		*fx = *state;
	struct archive_limits	 lim;

	python(fx,
	    "import zipfile, tarfile, io\n"
	    "b = io.BytesIO()\n"
	    "with tarfile.open(fileobj=b, mode='w:gz') as t:\n"
	    "    ti = tarfile.TarInfo('in.txt'); ti.size = 2\n"
	    "    t.addfile(ti, io.BytesIO(b'in'))\n"
	    "with zipfile.ZipFile('outer.zip', 'w') as z:\n"
	    "    z.writestr('in.tgz', b.getvalue())\n");
	archive_limits_init(&lim);
	lim.max_depth = 0;
	assert_int_equal(unpack(fx, "outer.zip", &lim), 0);
	assert_int_equal(fx->nseen, 1);
	assert_int_equal(fx->seen[0].nested, ARCHIVE_NESTED_KEPT);
}

static void
test_damaged_nested_archive_noted(void **state)
{
	struct fixture		*fx = *state;
	const struct seen	*s;

	python(fx,
	    "import zipfile, tarfile, io, os\n"
	    "b = io.BytesIO()\n"
	    "with tarfile.open(fileobj=b, mode='w:gz') as t:\n"
	    "    ti = tarfile.TarInfo('in.txt'); ti.size = 300000\n"
	    "    t.addfile(ti, io.BytesIO(os.urandom(300000)))\n"
	    "with zipfile.ZipFile('outer.zip', 'w') as z:\n"
	    "    z.writestr('cut.tgz', b.getvalue()[:150000])\n");
	assert_int_equal(unpack(fx, "outer.zip", NULL), 0);
	s = find(fx, "cut.tgz");
	assert_int_equal(s->nested, ARCHIVE_NESTED_DAMAGED);
	assert_non_null(strstr(s->note, "damaged archive"));
	assert_non_null(s->path);
	assert_refused(fx, "in.txt", "damaged");
}

static void
test_encrypted_zip_refused(void **state)
{
	struct fixture	*fx = *state;
	const char *const argv[] = { "/usr/bin/zip", "-q", "-P", "geheim",
	    "enc.zip", "lijst.txt", NULL };
	char		*path;

	path = xasprintf("%s/lijst.txt", fx->dir);
	testutil_write_str(path, "namen en adressen\n");
	free(path);
	run_in(fx->dir, argv);
	assert_int_equal(unpack(fx, "enc.zip", NULL), 0);
	assert_int_equal(fx->nseen, 1);
	assert_refused(fx, "lijst.txt", "encrypted");
	assert_int_equal(out_entries(fx), 0);
	/* the original stays where it was */
	path = xasprintf("%s/enc.zip", fx->dir);
	assert_int_equal(access(path, R_OK), 0);
	free(path);
}

static void
test_unsupported_method_refused_others_written(void **state)
{
	struct fixture	*fx = *state;

	python(fx,
	    "import zipfile, struct\n"
	    "with zipfile.ZipFile('odd.zip', 'w') as z:\n"
	    "    z.writestr('odd.bin', 'odd data')\n"
	    "    z.writestr('ok.txt', 'ok')\n"
	    "b = bytearray(open('odd.zip', 'rb').read())\n"
	    "struct.pack_into('<H', b, 8, 99)      # local header method\n"
	    "cd = b.find(b'PK\\x01\\x02')\n"
	    "struct.pack_into('<H', b, cd + 10, 99) # central directory\n"
	    "open('odd.zip', 'wb').write(b)\n");
	assert_int_equal(unpack(fx, "odd.zip", NULL), 0);
	assert_refused(fx, "odd.bin", "unsupported");
	assert_written(fx, "ok.txt", "ok.txt", "ok");
}

static void
test_10001_entries_capped(void **state)
{
	struct fixture		*fx = *state;
	const struct seen	*last;
	char			*path;

	python(fx,
	    "import zipfile, warnings\n"
	    "warnings.simplefilter('ignore')  # duplicate names on purpose\n"
	    "with zipfile.ZipFile('many.zip', 'w') as z:\n"
	    "    for i in range(10001):\n"
	    "        z.writestr('school/certificaat.pdf', str(i))\n");
	assert_int_equal(unpack(fx, "many.zip", NULL), 0);
	assert_int_equal(fx->nseen, 10001);
	last = &fx->seen[10000];
	assert_null(last->path);
	assert_string_equal(last->refused,
	    "more than 10000 entries, unpacking stopped");
	assert_true(last->stopped);
	assert_null(fx->seen[9999].refused);
	assert_false(fx->seen[9999].stopped);
	path = xasprintf("%s/certificaat (10000).pdf", fx->out);
	assert_string_equal(fx->seen[9999].path, path);
	free(path);
	assert_int_equal(out_entries(fx), 10000);
}

static void
test_hostile_names_made_safe(void **state)
{
	struct fixture	*fx = *state;
	const char	*base;
	size_t		 i, j;

	python(fx,
	    "import zipfile\n"
	    "with zipfile.ZipFile('names.zip', 'w') as z:\n"
	    "    for n in ('a\\r\\nBcc: x.txt', 'factuur\\u202efdp.exe', 'CON',\n"
	    "              'con.txt', 'dir/.bashrc', 'a' * 4092 + '.pdf',\n"
	    "              'x<y>:\"|?*.txt', '\\u0085\\u2066.', 'nul\\x01.txt'):\n"
	    "        z.writestr(n, 'x')\n");
	assert_int_equal(unpack(fx, "names.zip", NULL), 0);
	assert_int_equal(fx->nseen, 9);
	assert_written(fx, "a Bcc: x.txt", "a Bcc_ x.txt", "x");
	assert_written(fx, "factuurfdp.exe", "factuurfdp.exe", "x");
	assert_written(fx, "CON", "_CON", "x");
	assert_written(fx, "con.txt", "_con.txt", "x");
	assert_written(fx, "dir/.bashrc", "bashrc", "x");
	assert_written(fx, "x<y>:\"|?*.txt", "x_y______.txt", "x");
	assert_written(fx, ".", "bestand", "x");
	assert_written(fx, "nul.txt", "_nul.txt", "x");
	for (i = 0; i < fx->nseen; i++) {
		base = strrchr(fx->seen[i].path, '/') + 1;
		assert_true(strlen(base) <= 255);
		for (j = 0; base[j] != '\0'; j++)
			assert_true((unsigned char)base[j] >= 0x20);
		assert_int_not_equal(base[0], '.');
		if (strlen(fx->seen[i].name) > 4000) {
			assert_int_equal(strlen(base), 200);
			assert_string_equal(base + 196, ".pdf");
		}
	}
}

static void
test_zip_names_without_utf8_flag_read_as_cp850(void **state)
{
	struct fixture	*fx = *state;

	python(fx,
	    "import zipfile\n"
	    "with zipfile.ZipFile('oem.zip', 'w') as z:\n"
	    "    z.writestr('CBS Eben-HaXzer/cafY.txt', 'x')  # no UTF-8 flag\n"
	    "b = open('oem.zip', 'rb').read()\n"
	    "b = b.replace(b'CBS Eben-HaXzer/cafY.txt',\n"
	    "              b'CBS Eben-Ha\\x89zer/caf\\x82.txt')\n"
	    "open('oem.zip', 'wb').write(b)\n");
	assert_int_equal(unpack(fx, "oem.zip", NULL), 0);
	assert_int_equal(fx->nseen, 1);
	assert_string_equal(fx->seen[0].name,
	    "CBS Eben-Ha\xc3\xabzer/caf\xc3\xa9.txt");
	assert_written(fx, fx->seen[0].name, "caf\xc3\xa9.txt", "x");
}

static void
test_not_an_archive_fails_with_cause(void **state)
{
	struct fixture	*fx = *state;
	char		*path;

	path = xasprintf("%s/brief.txt", fx->dir);
	testutil_write_str(path, "Beste juf, hierbij de lijst.\n");
	free(path);
	assert_int_equal(unpack(fx, "brief.txt", NULL), -1);
	assert_non_null(fx->cause);
	assert_int_equal(fx->nseen, 0);
	assert_int_equal(unpack(fx, "missing.zip", NULL), -1);
	assert_non_null(strstr(fx->cause, "missing.zip"));
}

static void
test_truncated_targz_fails_after_first_entries(void **state)
{
	struct fixture	*fx = *state;

	python(fx,
	    "import tarfile, io, os\n"
	    "with tarfile.open('cut.tar.gz', 'w:gz') as t:\n"
	    "    ti = tarfile.TarInfo('first.txt'); ti.size = 5\n"
	    "    t.addfile(ti, io.BytesIO(b'first'))\n"
	    "    data = os.urandom(200000)\n"
	    "    ti = tarfile.TarInfo('second.bin'); ti.size = len(data)\n"
	    "    t.addfile(ti, io.BytesIO(data))\n"
	    "b = open('cut.tar.gz', 'rb').read()\n"
	    "open('cut.tar.gz', 'wb').write(b[:len(b) // 2])\n");
	assert_int_equal(unpack(fx, "cut.tar.gz", NULL), -1);
	assert_non_null(fx->cause);
	assert_written(fx, "first.txt", "first.txt", "first");
	assert_refused(fx, "second.bin", "damaged");
	assert_int_equal(out_entries(fx), 1);
}

static void
test_callback_can_stop(void **state)
{
	struct fixture	*fx = *state;

	python(fx,
	    "import zipfile\n"
	    "with zipfile.ZipFile('three.zip', 'w') as z:\n"
	    "    for n in ('a', 'b', 'c'): z.writestr(n, n)\n");
	fx->stop_after = 1;
	assert_int_equal(unpack(fx, "three.zip", NULL), -1);
	assert_string_equal(fx->cause, "stopped by the caller");
	assert_int_equal(fx->nseen, 1);
}

static void
test_is_archive_by_magic_not_office(void **state)
{
	struct fixture		*fx = *state;
	static const struct {
		const char	*name;
		int		 want;
	} cases[] = {
		{ "a.zip", 1 }, { "a.tar", 1 }, { "a.tar.gz", 1 },
		{ "scholen.7z", 1 }, { "a.docx", 0 }, { "a.odt", 0 },
		{ "a.txt.gz", 0 }, { "a.txt", 0 }, { "missing", 0 },
		{ "pdf-named.pdf", 1 }, { "empty", 0 },
	};
	char			*path;
	size_t			 i;

	python(fx, seven_zip_script);
	python(fx,
	    "import zipfile, tarfile, gzip, io\n"
	    "with zipfile.ZipFile('a.zip', 'w') as z: z.writestr('x', 'x')\n"
	    "open('pdf-named.pdf', 'wb').write(open('a.zip', 'rb').read())\n"
	    "for name, mode in (('a.tar', 'w'), ('a.tar.gz', 'w:gz')):\n"
	    "    with tarfile.open(name, mode) as t:\n"
	    "        ti = tarfile.TarInfo('x'); ti.size = 1\n"
	    "        t.addfile(ti, io.BytesIO(b'x'))\n"
	    "with zipfile.ZipFile('a.docx', 'w') as z:\n"
	    "    z.writestr('_rels/.rels', '<x/>')\n"
	    "    z.writestr('[Content_Types].xml', '<Types/>')\n"
	    "    z.writestr('word/document.xml', '<w:document>Hallo</w:document>')\n"
	    "with zipfile.ZipFile('a.odt', 'w') as z:\n"
	    "    z.writestr('mimetype', 'application/vnd.oasis.opendocument.text')\n"
	    "    z.writestr('content.xml', '<office:document-content/>')\n"
	    "open('a.txt.gz', 'wb').write(gzip.compress(b'just text\\n' * 100))\n"
	    "open('a.txt', 'w').write('just text')\n"
	    "open('empty', 'w').close()\n");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		path = xasprintf("%s/%s", fx->dir, cases[i].name);
		if (archive_is_archive(path) != cases[i].want)
			fail_msg("%s: want %d", cases[i].name, cases[i].want);
		free(path);
	}
}

static void
test_read_member_of_docx(void **state)
{
	struct fixture	*fx = *state;
	char		*path, *data = NULL, *cause = NULL;
	size_t		 len = 0;

	python(fx,
	    "import zipfile\n"
	    "with zipfile.ZipFile('a.docx', 'w', zipfile.ZIP_DEFLATED) as z:\n"
	    "    z.writestr('[Content_Types].xml', '<Types/>')\n"
	    "    z.writestr('word/document.xml', '<w:t>OBS \\u2019t Palet</w:t>')\n"
	    "    z.writestr('word/media/big.bin', bytes(1 << 20))\n");
	path = xasprintf("%s/a.docx", fx->dir);
	assert_int_equal(archive_read_member(path, "word/document.xml", 4096,
	    &data, &len, &cause), 0);
	assert_string_equal(data, "<w:t>OBS \xe2\x80\x99t Palet</w:t>");
	assert_int_equal(len, strlen(data));
	free(data);
	assert_int_equal(archive_read_member(path, "word/missing.xml", 4096,
	    &data, &len, &cause), -1);
	assert_non_null(strstr(cause, "not found"));
	free(cause);
	assert_int_equal(archive_read_member(path, "word/media/big.bin", 65536,
	    &data, &len, &cause), -1);
	assert_non_null(strstr(cause, "over 65536 bytes"));
	free(cause);
	free(path);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_zip_folders_per_school_unpacked_flat),
		T(test_targz_unpacked),
		T(test_7z_unpacked),
		T(test_zip_slip_refused),
		T(test_tar_slip_and_links_refused),
		T(test_zip_symlink_entry_refused),
		T(test_zip_bomb_stopped_by_ratio_quickly),
		T(test_zip_bomb_stopped_by_total_without_ratio),
		T(test_refused_entry_data_counted_in_targz),
		T(test_entry_over_cap_refused_next_written),
		T(test_nested_zip_second_level_kept),
		T(test_nesting_zero_keeps_inner_archive),
		T(test_damaged_nested_archive_noted),
		T(test_encrypted_zip_refused),
		T(test_unsupported_method_refused_others_written),
		T(test_10001_entries_capped),
		T(test_hostile_names_made_safe),
		T(test_zip_names_without_utf8_flag_read_as_cp850),
		T(test_not_an_archive_fails_with_cause),
		T(test_truncated_targz_fails_after_first_entries),
		T(test_callback_can_stop),
		T(test_is_archive_by_magic_not_office),
		T(test_read_member_of_docx),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
