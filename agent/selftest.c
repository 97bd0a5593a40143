/* Proves, on the running kernel, that the check sandbox holds. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "sandbox.h"
#include "selftest.h"

/* Shared state for one selftest run. */
struct lab {
	char dir[64];	     /* the only folder children may read */
	char inside[128];    /* a file in it */
	char key[128];	     /* a 0600 file outside it: the signing key's stand-in */
	uint16_t port_ok;    /* a listening port the child is given */
	uint16_t port_other; /* a listening port it is not */
	char sock[128];	     /* a listening UNIX socket outside its paths */
};

/* What a child tries; returns 0 if the action succeeded, else errno. */
typedef int (*attempt_fn)(const struct lab *lab);

static int
try_exec(const struct lab *lab)
{
	char *argv[] = { "/bin/true", NULL };

	execv("/bin/true", argv);
	return errno;
}

/* Opens path for reading; 0 on success. */
static int
try_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int
try_shadow(const struct lab *lab)
{
	return try_open("/etc/shadow");
}

static int
try_key(const struct lab *lab)
{
	return try_open(lab->key);
}

static int
try_passwd(const struct lab *lab)
{
	return try_open("/etc/passwd");
}

/* Opens /etc/ssl/private, where the host keeps its TLS private keys. */
static int
try_tls_keys(const struct lab *lab)
{
	int fd = open("/etc/ssl/private", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int
try_inside(const struct lab *lab)
{
	return try_open(lab->inside);
}

/* Creates a file in dir; 0 on success. */
static int
try_create(const char *dir)
{
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s/pc-selftest-new", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno;
	close(fd);
	unlink(path);
	return 0;
}

static int
try_write_inside(const struct lab *lab)
{
	return try_create(lab->dir);
}

/* Opens its readable file with O_TRUNC, which would empty it. */
static int
try_truncate(const struct lab *lab)
{
	int fd = open(lab->inside, O_RDONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int
try_write_tmp(const struct lab *lab)
{
	return try_create("/tmp");
}

/* Connects to 127.0.0.1:port; 0 on success. */
static int
try_connect(uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, r = 0;

	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		r = errno;
	close(fd);
	return r;
}

static int
try_port_other(const struct lab *lab)
{
	return try_connect(lab->port_other);
}

static int
try_port_ok(const struct lab *lab)
{
	return try_connect(lab->port_ok);
}

/* Opens a raw IPv4 socket, which would get round the TCP port rules. */
static int
try_raw_socket(const struct lab *lab)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Connects to a local service's UNIX socket outside the child's paths. */
static int
try_unix_socket(const struct lab *lab)
{
	struct sockaddr_un su = { .sun_family = AF_UNIX };
	int fd, r = 0;

	snprintf(su.sun_path, sizeof(su.sun_path), "%s", lab->sock);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return errno;
	if (connect(fd, (struct sockaddr *)&su, sizeof(su)) != 0)
		r = errno;
	close(fd);
	return r;
}

/* Probes the parent with signal 0: harmless even if it were allowed. */
static int
try_signal(const struct lab *lab)
{
	return kill(getppid(), 0) != 0 ? errno : 0;
}

static int
try_fork(const struct lab *lab)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	waitpid(pid, NULL, 0);
	return 0;
}

struct guarantee {
	const char *what;
	attempt_fn attempt;
	bool network;	   /* run as a network check */
	bool must_succeed; /* a positive control */
};

static const struct guarantee guarantees[] = {
	{ "cannot execute programs (execve)", try_exec, false, false },
	{ "cannot fork new processes", try_fork, false, false },
	{ "cannot read /etc/shadow", try_shadow, false, false },
	{ "cannot read a key file outside its paths", try_key, false, false },
	{ "cannot read a world-readable file outside its paths (/etc/passwd)",
	    try_passwd, false, false },
	{ "a network check cannot read the host's TLS keys (/etc/ssl/private)",
	    try_tls_keys, true, false },
	{ "can read a file inside its paths (control)", try_inside, false,
	    true },
	{ "cannot create or write files inside its paths", try_write_inside,
	    false, false },
	{ "cannot create or write files in /tmp", try_write_tmp, false,
	    false },
	{ "cannot empty a file it may read (O_TRUNC)", try_truncate, false,
	    false },
	{ "cannot connect to a TCP port it was not given", try_port_other,
	    true, false },
	{ "can connect to the port it was given (control)", try_port_ok, true,
	    true },
	{ "a content check cannot connect anywhere", try_port_ok, false,
	    false },
	{ "a network check cannot open raw sockets", try_raw_socket, true,
	    false },
	{ "a network check cannot connect to a local UNIX socket",
	    try_unix_socket, true, false },
	{ "cannot signal other processes (kill)", try_signal, false, false },
};

/* Runs one attempt in a sandboxed child; prints the line; true if held. */
static bool
run_one(FILE *out, const struct lab *lab, const struct guarantee *g)
{
	const char *paths[64] = { lab->dir };
	uint16_t ports[] = { lab->port_ok };
	struct pc_sandbox_spec spec = { .ro_paths = paths, .nro_paths = 1,
		.tcp_ports = ports, .ntcp_ports = 1, .network = g->network,
		.cpu_seconds = 10, .open_files = 64 };
	struct pc_sandbox_applied applied;
	int pfd[2], ws, result = -1;
	char msg[256] = "";
	ssize_t n;
	pid_t pid;
	size_t i;
	bool held;

	/* A network child also gets the trust store, as the runner gives. */
	for (i = 0; g->network && pc_sandbox_network_paths[i] != NULL &&
	     spec.nro_paths < sizeof(paths) / sizeof(paths[0]); i++)
		paths[spec.nro_paths++] = pc_sandbox_network_paths[i];
	if (pipe(pfd) != 0)
		return false;
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(pfd[0]);
		if (pc_sandbox_apply(&spec, &applied) != 0) {
			dprintf(pfd[1], "S%s", pc_error_get());
			_exit(0);
		}
		dprintf(pfd[1], "R%d", g->attempt(lab));
		_exit(0);
	}
	close(pfd[1]);
	n = pid > 0 ? read(pfd[0], msg, sizeof(msg) - 1) : -1;
	close(pfd[0]);
	msg[n > 0 ? n : 0] = '\0';
	if (pid > 0)
		waitpid(pid, &ws, 0);
	if (pid < 0) {
		fprintf(out, "FAILED: %s: cannot fork\n", g->what);
		return false;
	}
	if (msg[0] == 'S') {
		fprintf(out, "FAILED: %s: %s\n", g->what, msg + 1);
		return false;
	}
	if (msg[0] == 'R')
		result = (int)strtol(msg + 1, NULL, 10);
	if (WIFSIGNALED(ws) && WTERMSIG(ws) == SIGSYS && !g->must_succeed) {
		fprintf(out, "ok: %s (child stopped by seccomp; parent "
			     "unharmed)\n", g->what);
		return true;
	}
	held = g->must_succeed ? result == 0 : result > 0;
	if (held && g->must_succeed)
		fprintf(out, "ok: %s\n", g->what);
	else if (held)
		fprintf(out, "ok: %s (%s; parent unharmed)\n", g->what,
		    strerror(result));
	else if (result == 0)
		fprintf(out, "FAILED: %s: the child was allowed to\n", g->what);
	else if (result > 0)
		fprintf(out, "FAILED: %s: %s\n", g->what, strerror(result));
	else
		fprintf(out, "FAILED: %s: the child ended unexpectedly\n",
		    g->what);
	return held;
}

/* Opens a listening socket on 127.0.0.1 with an ephemeral port. */
static int
listen_loopback(uint16_t *port_out)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		close(fd);
		return -1;
	}
	*port_out = ntohs(sa.sin_port);
	return fd;
}

/* Listens on a UNIX socket at path, standing in for a local service. */
static int
listen_unix(const char *path)
{
	struct sockaddr_un su = { .sun_family = AF_UNIX };
	int fd;

	snprintf(su.sun_path, sizeof(su.sun_path), "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&su, sizeof(su)) != 0 ||
	    listen(fd, 4) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Runs every guarantee and prints one line each. */
int
pc_selftest_run(FILE *out, bool *all_held_out)
{
	struct lab lab = { 0 };
	struct utsname un;
	int lfd_ok = -1, lfd_other = -1, lfd_unix = -1, fd, r = 0;
	bool all = true;
	size_t i;

	*all_held_out = false;
	snprintf(lab.dir, sizeof(lab.dir), "/tmp/pc-selftest-XXXXXX");
	if (mkdtemp(lab.dir) == NULL)
		return pc_error_set(PC_EIO, "cannot create a temporary folder: "
		    "%s", strerror(errno));
	snprintf(lab.inside, sizeof(lab.inside), "%s/allowed.txt", lab.dir);
	snprintf(lab.key, sizeof(lab.key), "%s.key", lab.dir);
	snprintf(lab.sock, sizeof(lab.sock), "%s.sock", lab.dir);
	if ((fd = open(lab.inside, O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0)
		close(fd);
	if ((fd = open(lab.key, O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0) {
		(void)!write(fd, "not a real key\n", 15);
		close(fd);
	}
	if ((lfd_ok = listen_loopback(&lab.port_ok)) < 0 ||
	    (lfd_other = listen_loopback(&lab.port_other)) < 0) {
		r = pc_error_set(PC_EIO, "cannot listen on 127.0.0.1: %s",
		    strerror(errno));
		goto out;
	}
	if ((lfd_unix = listen_unix(lab.sock)) < 0) {
		r = pc_error_set(PC_EIO, "cannot listen on the UNIX socket %s: "
		    "%s", lab.sock, strerror(errno));
		goto out;
	}
	uname(&un);
	fprintf(out, "kernel %s, Landlock ABI %d, running as uid %d\n",
	    un.release, pc_sandbox_landlock_abi(), (int)geteuid());
	for (i = 0; i < sizeof(guarantees) / sizeof(guarantees[0]); i++)
		all &= run_one(out, &lab, &guarantees[i]);
	fprintf(out, "%s\n", all ? "the sandbox holds on this kernel" :
				   "the sandbox does NOT fully hold on this "
				   "kernel; see the FAILED lines");
	*all_held_out = all;
out:
	if (lfd_ok >= 0)
		close(lfd_ok);
	if (lfd_other >= 0)
		close(lfd_other);
	if (lfd_unix >= 0)
		close(lfd_unix);
	unlink(lab.sock);
	unlink(lab.inside);
	unlink(lab.key);
	rmdir(lab.dir);
	return r;
}
