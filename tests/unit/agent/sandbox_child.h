/* A forked child that applies a sandbox and tries one thing, and loopback
 * listeners: shared by the sandbox tests. */
#ifndef PC_TEST_AGENT_SANDBOX_CHILD_H
#define PC_TEST_AGENT_SANDBOX_CHILD_H

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/sandbox.h"

/* How the child ends: attempt() refused or allowed, or no sandbox. */
enum { EXIT_DENIED = 10, EXIT_ALLOWED = 11, EXIT_NO_SANDBOX = 12 };

/*
 * Forks a child that applies spec then runs attempt(), which returns 0
 * when the action succeeded, else errno. Returns the child's wait status
 * and, through err_out (may be NULL), what attempt returned (-1 when it
 * did not run).
 */
static inline int
sbx_child(const struct pc_sandbox_spec *spec, int (*attempt)(void),
    int *err_out)
{
	struct pc_sandbox_applied a;
	int pfd[2], ws, e = -1;
	pid_t pid;

	cr_assert_eq(pipe(pfd), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(pfd[0]);
		if (pc_sandbox_apply(spec, &a) != 0)
			_exit(EXIT_NO_SANDBOX);
		e = attempt();
		(void)!write(pfd[1], &e, sizeof(e));
		_exit(e == 0 ? EXIT_ALLOWED : EXIT_DENIED);
	}
	close(pfd[1]);
	(void)!read(pfd[0], &e, sizeof(e));
	close(pfd[0]);
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	if (err_out)
		*err_out = e;
	return ws;
}

/* Listens on 127.0.0.1 and returns the socket; *port is its port. */
static inline int
listen_any(uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	cr_assert_geq(fd, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(fd, 8), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

#endif
