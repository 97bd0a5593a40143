/* The reader sandbox that `portcullis inspect` puts itself in
 * (pc_sandbox_apply_reader), shown in forked children: only the given
 * paths can be read, nothing can be opened for writing, there is no
 * network and no new process, but an inherited stdout that is a regular
 * file still takes output and threads still start. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/sandbox.h"

static char dir[64], inside[128], sibling[128], outside[128], outfile[128];
static int out_fd = -1;

static void
make_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/pc-rdr-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(inside, sizeof(inside), "%s/inside.txt", dir);
	snprintf(sibling, sizeof(sibling), "%s/sibling.txt", dir);
	snprintf(outside, sizeof(outside), "%s.outside", dir);
	snprintf(outfile, sizeof(outfile), "%s.out", dir);
	make_file(inside, "inside\n");
	make_file(sibling, "sibling\n");
	make_file(outside, "outside\n");
	/* stands for `inspect PATH > out.jsonl`: opened before the sandbox */
	out_fd = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(out_fd, 0);
}

static void
teardown(void)
{
	close(out_fd);
	unlink(inside);
	unlink(sibling);
	unlink(outside);
	unlink(outfile);
	rmdir(dir);
}

TestSuite(reader, .init = setup, .fini = teardown, .timeout = 60);

enum { EXIT_DONE = 10, EXIT_NO_SANDBOX = 12 };

/*
 * Forks a child that confines itself to path with pc_sandbox_apply_reader,
 * then runs attempt(); returns the wait status and attempt's result (0 when
 * the action succeeded, else an errno) in *err_out.
 */
static int
as_reader(const char *path, int (*attempt)(void), int *err_out)
{
	const char *paths[] = { path };
	struct pc_sandbox_applied a;
	int pfd[2], ws, e = -1;
	pid_t pid;

	cr_assert_eq(pipe(pfd), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(pfd[0]);
		if (pc_sandbox_apply_reader(paths, 1, &a) != 0 ||
		    !a.landlock_fs || !a.seccomp)
			_exit(EXIT_NO_SANDBOX);
		e = attempt();
		(void)!write(pfd[1], &e, sizeof(e));
		_exit(EXIT_DONE);
	}
	close(pfd[1]);
	(void)!read(pfd[0], &e, sizeof(e));
	close(pfd[0]);
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	*err_out = e;
	return ws;
}

/* Asserts the child ran attempt to the end under the full sandbox. */
static void
expect_done(int ws)
{
	cr_assert(WIFEXITED(ws), "child died (status %#x)", ws);
	cr_assert_neq(WEXITSTATUS(ws), EXIT_NO_SANDBOX,
	    "the reader sandbox was not applied (kernel without Landlock?)");
	cr_assert_eq(WEXITSTATUS(ws), EXIT_DONE);
}

static int
open_ro(const char *path)
{
	int fd = open(path, O_RDONLY);
	char c;

	if (fd < 0)
		return errno;
	if (read(fd, &c, 1) != 1) {
		close(fd);
		return EIO;
	}
	close(fd);
	return 0;
}

static int
do_read_inside(void)
{
	return open_ro(inside);
}

static int
do_read_sibling(void)
{
	return open_ro(sibling);
}

static int
do_read_outside(void)
{
	return open_ro(outside);
}

static int
do_read_passwd(void)
{
	return open_ro("/etc/passwd");
}

static int
do_list_dir(void)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int
do_write_inside(void)
{
	int fd = open(inside, O_WRONLY | O_APPEND);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int
do_create_in_dir(void)
{
	char p[160];
	int fd;

	snprintf(p, sizeof(p), "%s/new.txt", dir);
	if ((fd = open(p, O_RDONLY | O_CREAT, 0600)) < 0)
		return errno;
	close(fd);
	return 0;
}

static int
do_create_tmp(void)
{
	int fd = open("/tmp/pc-rdr-created", O_WRONLY | O_CREAT, 0600);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Writes 1 MiB to the inherited output file, as inspect's stdout does. */
static int
do_write_inherited(void)
{
	static char block[64 << 10];
	int i;

	memset(block, 'x', sizeof(block));
	for (i = 0; i < 16; i++)
		if (write(out_fd, block, sizeof(block)) != (ssize_t)sizeof(block))
			return errno ? errno : EIO;
	return 0;
}

static int
do_socket(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void *
thread_body(void *arg)
{
	return (void *)((char *)arg + 1);
}

/* The matcher scans on a second thread: clone with CLONE_THREAD. */
static int
do_thread(void)
{
	char c;
	void *res = NULL;
	pthread_t t;
	int r;

	if ((r = pthread_create(&t, NULL, thread_body, &c)) != 0)
		return r;
	if ((r = pthread_join(t, &res)) != 0)
		return r;
	return res == &c + 1 ? 0 : EINVAL;
}

static int
do_fork(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	return p < 0 ? errno : 0;
}

Test(reader, folder_inside_is_readable)
{
	int e;

	expect_done(as_reader(dir, do_read_inside, &e));
	cr_assert_eq(e, 0, "reading inside the folder: %s", strerror(e));
	expect_done(as_reader(dir, do_read_sibling, &e));
	cr_assert_eq(e, 0);
	expect_done(as_reader(dir, do_list_dir, &e));
	cr_assert_eq(e, 0);
}

Test(reader, read_outside_is_refused)
{
	int e;

	expect_done(as_reader(dir, do_read_outside, &e));
	cr_assert_eq(e, EACCES, "read outside the paths: %s", strerror(e));
	/* world-readable, so only Landlock can refuse it */
	expect_done(as_reader(dir, do_read_passwd, &e));
	cr_assert_eq(e, EACCES, "/etc/passwd: %s", strerror(e));
}

Test(reader, a_file_path_allows_that_file_only)
{
	int e;

	expect_done(as_reader(inside, do_read_inside, &e));
	cr_assert_eq(e, 0, "the given file: %s", strerror(e));
	expect_done(as_reader(inside, do_read_sibling, &e));
	cr_assert_eq(e, EACCES, "a file next to it: %s", strerror(e));
	expect_done(as_reader(inside, do_list_dir, &e));
	cr_assert_eq(e, EACCES, "its folder: %s", strerror(e));
}

Test(reader, no_file_can_be_opened_for_writing)
{
	char buf[16] = { 0 };
	int e, fd;

	expect_done(as_reader(dir, do_write_inside, &e));
	/* EPERM: seccomp refuses it before Landlock would (EACCES), so the
	 * rule holds on a kernel without Landlock too */
	cr_assert_eq(e, EPERM, "open for writing: %s", strerror(e));
	expect_done(as_reader(dir, do_create_in_dir, &e));
	cr_assert_eq(e, EPERM, "O_CREAT: %s", strerror(e));
	expect_done(as_reader(dir, do_create_tmp, &e));
	cr_assert_eq(e, EPERM, "create in /tmp: %s", strerror(e));
	cr_assert_eq(access("/tmp/pc-rdr-created", F_OK), -1);
	fd = open(inside, O_RDONLY);
	cr_assert_eq(read(fd, buf, sizeof(buf) - 1), 7);
	close(fd);
	cr_assert_str_eq(buf, "inside\n");
}

Test(reader, inherited_output_file_takes_output)
{
	struct stat st;
	int e;

	expect_done(as_reader(dir, do_write_inherited, &e));
	cr_assert_eq(e, 0, "write to the inherited file: %s", strerror(e));
	cr_assert_eq(fstat(out_fd, &st), 0);
	cr_assert_eq(st.st_size, 16 << 16);
}

Test(reader, no_network)
{
	int e;

	expect_done(as_reader(dir, do_socket, &e));
	cr_assert_eq(e, EACCES);
}

Test(reader, threads_start)
{
	int e;

	expect_done(as_reader(dir, do_thread, &e));
	cr_assert_eq(e, 0, "pthread_create: %s", strerror(e));
}

Test(reader, fork_is_killed)
{
	int e, ws = as_reader(dir, do_fork, &e);

	cr_assert(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGSYS,
	    "fork was not stopped (status %#x)", ws);
}
