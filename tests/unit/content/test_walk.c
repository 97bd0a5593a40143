/* The source walker: symlinks, special files, unreadable and changing
 * files, caps, globs, and streaming a huge file with flat memory. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "checks/content/walk.h"
#include "collect.h"

/* What the test callbacks saw. */
struct seen {
	char files[32][512];
	size_t nfiles;
	char events[32][700];
	enum pc_walk_event kinds[32];
	size_t nevents;
	int fail_name;	 /* return PC_EIO for files named "bad" */
	int grow_name;	 /* append to files named "grow" while reading */
};

static char tmp[] = "/tmp/pc-walk-XXXXXX";

/* Records a file. */
static int
on_file(void *arg, int fd, const char *path, const struct stat *st)
{
	struct seen *s = arg;
	const char *base = strrchr(path, '/') + 1;
	int w;

	if (s->nfiles < 32)
		snprintf(s->files[s->nfiles++], 512, "%s", path);
	if (s->fail_name && strcmp(base, "bad") == 0)
		return pc_error_set(PC_EIO, "cannot read %s: Input/output "
		    "error", path);
	if (s->grow_name && strcmp(base, "grow") == 0) {
		w = open(path, O_WRONLY | O_APPEND);
		cr_assert(w >= 0);
		cr_assert_eq(write(w, "more\n", 5), 5);
		close(w);
	}
	return 0;
}

/* Records an event. */
static void
on_event(void *arg, enum pc_walk_event ev, const char *path,
    const char *reason)
{
	struct seen *s = arg;

	if (s->nevents < 32) {
		s->kinds[s->nevents] = ev;
		snprintf(s->events[s->nevents++], 700, "%s: %s",
		    strrchr(path, '/') + 1, reason);
	}
}

/* Index of the event for name, or -1. */
static int
event_for(const struct seen *s, const char *name)
{
	size_t i, l = strlen(name);

	for (i = 0; i < s->nevents; i++)
		if (strncmp(s->events[i], name, l) == 0 &&
		    s->events[i][l] == ':')
			return (int)i;
	return -1;
}

/* Was a file with this base name handed over? */
static bool
got_file(const struct seen *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++)
		if (strcmp(strrchr(s->files[i], '/') + 1, name) == 0)
			return true;
	return false;
}

/* Writes a small file under tmp. */
static void
put(const char *rel, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	f = fopen(p, "w");
	cr_assert(f != NULL, "%s", p);
	fputs(text, f);
	fclose(f);
}

static void
setup(void)
{
	char p[512];

	cr_assert(mkdtemp(tmp) != NULL);
	chmod(tmp, 0755);
	snprintf(p, sizeof(p), "%s/sub", tmp);
	mkdir(p, 0755);
	put("a.txt", "hello\n");
	put("sub/b.csv", "x,y\n");
	put("sub/skip.log", "x\n");
}

/* Removes one entry of the test tree. */
static int
rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

static void
teardown(void)
{
	nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Walks tmp with the test callbacks. */
static int
walk(struct seen *s, const struct pc_walk_opts *o, struct pc_walk_stats *st)
{
	struct pc_walk_cb cb = { on_file, on_event, s };

	return pc_walk(tmp, o, &cb, st);
}

TestSuite(walk, .init = setup, .fini = teardown);

Test(walk, recursive_in_order)
{
	struct seen s = { 0 };
	struct pc_walk_stats st;

	cr_assert_eq(walk(&s, NULL, &st), 0);
	cr_assert_eq(s.nfiles, 3);
	cr_assert(strstr(s.files[0], "/a.txt"));
	cr_assert(strstr(s.files[1], "/sub/b.csv"));
	cr_assert_eq(st.files, 3);
}

Test(walk, include_and_exclude_globs)
{
	char *inc[] = { "*.txt", "*.csv" }, *exc[] = { "sub/b.*" };
	struct pc_walk_opts o = { .include = inc, .ninclude = 2,
		.exclude = exc, .nexclude = 1 };
	struct seen s = { 0 };
	struct pc_walk_stats st;

	cr_assert_eq(walk(&s, &o, &st), 0);
	cr_assert_eq(s.nfiles, 1);
	cr_assert(got_file(&s, "a.txt"));
}

Test(walk, symlink_to_etc_shadow_is_never_followed)
{
	struct seen s = { 0 };
	struct pc_walk_stats st;
	char p[512];
	int i;

	snprintf(p, sizeof(p), "%s/shadow", tmp);
	cr_assert_eq(symlink("/etc/shadow", p), 0);
	cr_assert_eq(walk(&s, NULL, &st), 0);
	cr_assert(!got_file(&s, "shadow"));
	i = event_for(&s, "shadow");
	cr_assert(i >= 0);
	cr_assert_eq(s.kinds[i], PC_WALK_SKIPPED);
	cr_assert(strstr(s.events[i], "outside the source folder") != NULL,
	    "%s", s.events[i]);
}

Test(walk, symlink_loop_is_skipped_and_walk_ends)
{
	struct seen s = { 0 };
	struct pc_walk_stats st;
	char p[512], q[512];
	int i;

	snprintf(p, sizeof(p), "%s/loop1", tmp);
	snprintf(q, sizeof(q), "%s/loop2", tmp);
	cr_assert_eq(symlink(q, p), 0);
	cr_assert_eq(symlink(p, q), 0);
	snprintf(p, sizeof(p), "%s/sub/up", tmp);
	cr_assert_eq(symlink("..", p), 0); /* a folder loop */
	cr_assert_eq(walk(&s, NULL, &st), 0);
	cr_assert_eq(s.nfiles, 3);
	i = event_for(&s, "loop1");
	cr_assert(i >= 0 && strstr(s.events[i], "loop") != NULL);
	i = event_for(&s, "up");
	cr_assert(i >= 0 && strstr(s.events[i], "inside the source") != NULL,
	    "%s", i >= 0 ? s.events[i] : "none");
}

Test(walk, fifo_and_socket_are_skipped_without_blocking)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct seen s = { 0 };
	struct pc_walk_stats st;
	char p[512];
	int i, fd;

	snprintf(p, sizeof(p), "%s/pipe", tmp);
	cr_assert_eq(mkfifo(p, 0644), 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/sock", tmp);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(walk(&s, NULL, &st), 0);
	close(fd);
	i = event_for(&s, "pipe");
	cr_assert(i >= 0 && strstr(s.events[i], "FIFO") != NULL);
	i = event_for(&s, "sock");
	cr_assert(i >= 0 && strstr(s.events[i], "socket") != NULL);
	cr_assert_eq(st.skipped, 2);
	cr_assert_eq(s.nfiles, 3);
}

Test(walk, read_error_is_listed_and_walk_goes_on)
{
	struct seen s = { .fail_name = 1 };
	struct pc_walk_stats st;
	int i;

	put("bad", "x");
	put("zlast.txt", "x");
	cr_assert_eq(walk(&s, NULL, &st), 0);
	i = event_for(&s, "bad");
	cr_assert(i >= 0);
	cr_assert_eq(s.kinds[i], PC_WALK_UNREADABLE);
	cr_assert(strstr(s.events[i], "Input/output error") != NULL);
	cr_assert(got_file(&s, "zlast.txt"), "the walk went on");
	cr_assert_eq(st.unreadable, 1);
}

Test(walk, permission_denied_file_is_unreadable_not_fatal)
{
	pid_t pid;
	int status;
	char p[512];

	put("secret.txt", "x");
	snprintf(p, sizeof(p), "%s/secret.txt", tmp);
	chmod(p, 0);
	/* root reads anything: do the walk as nobody in a child */
	pid = fork();
	if (pid == 0) {
		struct seen s = { 0 };
		struct pc_walk_stats st;
		int i;

		if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(10);
		if (walk(&s, NULL, &st) != 0)
			_exit(11);
		i = event_for(&s, "secret.txt");
		if (i < 0 || s.kinds[i] != PC_WALK_UNREADABLE ||
		    strstr(s.events[i], "Permission denied") == NULL)
			_exit(12);
		_exit(got_file(&s, "a.txt") && st.unreadable == 1 ? 0 : 13);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0, "child status %d",
	    WEXITSTATUS(status));
}

Test(walk, file_changing_while_read_is_noted)
{
	struct seen s = { .grow_name = 1 };
	struct pc_walk_stats st;
	int i;

	put("grow", "start\n");
	cr_assert_eq(walk(&s, NULL, &st), 0);
	i = event_for(&s, "grow");
	cr_assert(i >= 0);
	cr_assert_eq(s.kinds[i], PC_WALK_CHANGED);
	cr_assert_eq(st.changed, 1);
}

Test(walk, per_file_size_cap)
{
	struct pc_walk_opts o = { .max_file_bytes = 5 };
	struct seen s = { 0 };
	struct pc_walk_stats st;
	int i;

	cr_assert_eq(walk(&s, &o, &st), 0);
	cr_assert(got_file(&s, "b.csv"), "4 bytes: read");
	cr_assert(!got_file(&s, "a.txt"), "6 bytes: skipped");
	i = event_for(&s, "a.txt");
	cr_assert(i >= 0 && strstr(s.events[i], "per-file limit") != NULL);
}

Test(walk, missing_root_is_an_error)
{
	struct seen s = { 0 };
	struct pc_walk_cb cb = { on_file, on_event, &s };
	struct pc_walk_stats st;

	cr_assert_eq(pc_walk("/nonexistent/pc-walk", NULL, &cb, &st),
	    PC_ENOTFOUND);
}

/* A sink that only counts (for the huge-file test). */
static int
count_begin(void *a, const struct pc_text_loc *l)
{
	return 0;
}
static int
count_data(void *a, const char *p, size_t n)
{
	*(unsigned long long *)a += n;
	return 0;
}
static int
count_end(void *a)
{
	return 0;
}

/* Peak RSS in KiB. */
static long
peak_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

Test(walk, hundred_megabyte_single_line_streams_with_flat_memory)
{
	unsigned long long got = 0;
	struct pc_text_sink sink = { count_begin, count_data, count_end, &got,
		NULL };
	char p[512], *block;
	long before;
	int fd, i;

	snprintf(p, sizeof(p), "%s/huge.txt", tmp);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	block = malloc(1 << 20);
	memset(block, 'a', 1 << 20);
	memcpy(block + 1000, " AB 12 34 56 C ", 15);
	for (i = 0; i < 100; i++)
		cr_assert_eq(write(fd, block, 1 << 20), 1 << 20);
	free(block);
	close(fd);
	before = peak_kib();
	fd = open(p, O_RDONLY);
	cr_assert_eq(pc_extract_fd(fd, p, 100ULL << 20, PC_DOC_AUTO, &sink,
	    NULL), 0);
	close(fd);
	cr_assert_eq(got, 100ULL << 20);
	cr_assert_lt(peak_kib() - before, 16 * 1024,
	    "peak RSS grew by %ld KiB", peak_kib() - before);
}

/* Issue 11, hole 1: a hard link to the agent's signing key inside a source
 * reaches the same bytes under another name (Landlock is path-based); the
 * walker skips both names by (device, inode) and never opens them. */
Test(walk, secret_file_is_skipped_under_any_name)
{
	struct pc_walk_opts o = { 0 };
	struct pc_walk_stats st;
	struct pc_file_id id;
	struct seen s = { 0 };
	struct stat sb;
	char key[512], link_path[512];
	int e;

	put("office.key", "-----BEGIN PRIVATE KEY-----\n");
	snprintf(key, sizeof(key), "%s/office.key", tmp);
	snprintf(link_path, sizeof(link_path), "%s/sub/notes.txt", tmp);
	cr_assert_eq(link(key, link_path), 0);
	cr_assert_eq(stat(key, &sb), 0);
	id.dev = sb.st_dev;
	id.ino = sb.st_ino;
	o.deny = &id;
	o.ndeny = 1;
	cr_assert_eq(walk(&s, &o, &st), 0);
	cr_assert(!got_file(&s, "office.key"));
	cr_assert(!got_file(&s, "notes.txt"), "the hard link was read");
	cr_assert(got_file(&s, "a.txt"));
	e = event_for(&s, "notes.txt");
	cr_assert_geq(e, 0);
	cr_assert(strstr(s.events[e], "own secret files") != NULL, "%s",
	    s.events[e]);
	cr_assert_eq(s.kinds[e], PC_WALK_SKIPPED);
}
