/* Each sandbox guarantee, shown in a forked child: each test fails if its
 * layer (seccomp, Landlock fs, Landlock net, rlimits) were removed. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/sandbox.h"
#include "sandbox_child.h"

static char dir[64], inside[128], outside[128];
static int listener = -1, listener2 = -1;
static uint16_t port_given, port_other;

static void
setup(void)
{
	int fd;

	snprintf(dir, sizeof(dir), "/tmp/pc-sbx-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(inside, sizeof(inside), "%s/inside.txt", dir);
	snprintf(outside, sizeof(outside), "%s.secret", dir);
	fd = open(inside, O_WRONLY | O_CREAT, 0644);
	close(fd);
	fd = open(outside, O_WRONLY | O_CREAT, 0600);
	close(fd);
	listener = listen_any(&port_given);
	listener2 = listen_any(&port_other);
}

static void
teardown(void)
{
	unlink(inside);
	unlink(outside);
	rmdir(dir);
	close(listener);
	close(listener2);
}

TestSuite(sandbox, .init = setup, .fini = teardown, .timeout = 30);

/* Forks a child that applies the sandbox then runs attempt(); returns the
 * wait status. attempt returns 0 when the action succeeded, else errno. */
static int
in_sandbox(bool network, int (*attempt)(void), int *err_out)
{
	const char *paths[] = { dir };
	uint16_t ports[] = { port_given };
	struct pc_sandbox_spec spec = { .ro_paths = paths, .nro_paths = 1,
		.tcp_ports = ports, .ntcp_ports = 1, .network = network,
		.cpu_seconds = 10, .open_files = 64 };

	return sbx_child(&spec, attempt, err_out);
}

static int
do_exec(void)
{
	char *argv[] = { "/bin/true", NULL };

	execv(argv[0], argv);
	return errno;
}

static int
do_fork(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	return p < 0 ? errno : 0;
}

static int
open_ro(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int
do_read_shadow(void)
{
	return open_ro("/etc/shadow");
}

static int
do_read_outside(void)
{
	return open_ro(outside);
}

static int
do_read_inside(void)
{
	return open_ro(inside);
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
do_create_tmp(void)
{
	int fd = open("/tmp/pc-sbx-created", O_WRONLY | O_CREAT, 0600);

	if (fd < 0)
		return errno;
	close(fd);
	unlink("/tmp/pc-sbx-created");
	return 0;
}

/* Connects to 127.0.0.1:port. */
static int
connect_to(uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0), r = 0;

	if (fd < 0)
		return errno;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		r = errno;
	close(fd);
	return r;
}

static int
do_connect_given(void)
{
	return connect_to(port_given);
}

static int
do_connect_other(void)
{
	return connect_to(port_other);
}

static int
do_core_limit(void)
{
	struct rlimit rl;

	getrlimit(RLIMIT_FSIZE, &rl);
	return rl.rlim_cur == 0 ? EFBIG : 0;
}

Test(sandbox, execve_kills_the_child_with_sigsys)
{
	int ws = in_sandbox(false, do_exec, NULL);

	cr_assert(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGSYS,
	    "seccomp must kill execve (status %#x)", ws);
}

Test(sandbox, fork_kills_the_child_with_sigsys)
{
	int ws = in_sandbox(false, do_fork, NULL);

	cr_assert(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGSYS);
}

Test(sandbox, etc_shadow_is_unreadable)
{
	int e, ws = in_sandbox(false, do_read_shadow, &e);

	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_DENIED);
	cr_assert_eq(e, EACCES, "Landlock denies it (got %s)", strerror(e));
}

Test(sandbox, secret_outside_its_paths_is_unreadable)
{
	int e, ws = in_sandbox(false, do_read_outside, &e);

	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_DENIED);
	cr_assert_eq(e, EACCES);
}

Test(sandbox, its_own_paths_stay_readable)
{
	int ws = in_sandbox(false, do_read_inside, NULL);

	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_ALLOWED);
}

Test(sandbox, files_cannot_be_written_even_inside_its_paths)
{
	int e, ws = in_sandbox(false, do_write_inside, &e);

	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_DENIED);
	cr_assert_eq(e, EACCES);
	ws = in_sandbox(false, do_create_tmp, &e);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_DENIED);
	cr_assert_eq(e, EACCES);
}

/* Its connections come from the parent's broker (test_runner_sandbox.c,
 * test_broker.c): even its declared port is out of its own reach. */
Test(sandbox, network_check_connects_nowhere_itself)
{
	int e, ws;

	ws = in_sandbox(true, do_connect_given, &e);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_DENIED);
	cr_assert_eq(e, EACCES, "socket() refused: %s", strerror(e));
	ws = in_sandbox(true, do_connect_other, &e);
	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_DENIED);
	cr_assert_eq(e, EACCES);
}

Test(sandbox, content_check_has_no_network)
{
	int e, ws = in_sandbox(false, do_connect_given, &e);

	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_DENIED);
	cr_assert_eq(e, EACCES);
}

Test(sandbox, rlimits_forbid_file_growth)
{
	int ws = in_sandbox(false, do_core_limit, NULL);

	cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_DENIED);
}

Test(sandbox, applied_layers_are_reported)
{
	struct pc_sandbox_spec spec = { .cpu_seconds = 5 };
	struct pc_sandbox_applied a;
	int pfd[2], ws;
	pid_t pid;

	cr_assert_eq(pipe(pfd), 0);
	if ((pid = fork()) == 0) {
		close(pfd[0]);
		if (pc_sandbox_apply(&spec, &a) != 0)
			_exit(1);
		(void)!write(pfd[1], &a, sizeof(a));
		_exit(0);
	}
	close(pfd[1]);
	cr_assert_eq(read(pfd[0], &a, sizeof(a)), (ssize_t)sizeof(a));
	waitpid(pid, &ws, 0);
	cr_assert(a.rlimits && a.no_new_privs && a.landlock_fs && a.seccomp);
	cr_assert(a.broker, "no socket of its own: the broker layer");
	cr_assert(!a.seccomp_debug, "the debug mode is off by default");
	cr_assert_eq(a.landlock_abi, pc_sandbox_landlock_abi());
	cr_assert_gt(a.landlock_rules, 0);
}
