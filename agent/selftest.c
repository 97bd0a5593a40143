/* Proves, on the running kernel, that the check sandbox holds. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/lib/err.h"
#include "broker.h"
#include "sandbox.h"
#include "selftest.h"

/* Shared state for one selftest run. */
struct lab {
	char dir[64];     /* the only folder children may read */
	char inside[128]; /* a file in it */
	char key[128]; /* a 0600 file outside it: the signing key's stand-in */
	uint16_t port_ok;    /* a listening port the child is given */
	uint16_t port_other; /* a listening port it is not */
	char sock[128];      /* a listening UNIX socket outside its paths */
};

/* What a child tries; returns 0 if the action succeeded, else errno. */
typedef int (*attempt_fn)(const struct lab *lab);

/* The child's channel to the parent (its broker), set after fork. */
static int child_chan = -1;

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

/* Opens a socket of its own: TCP, UDP, then UNIX; 0 if any opened. */
static int
try_any_socket(const struct lab *lab)
{
	static const int kinds[][2] = { { AF_INET, SOCK_STREAM },
		{ AF_INET6, SOCK_STREAM }, { AF_INET, SOCK_DGRAM },
		{ AF_UNIX, SOCK_STREAM } };
	size_t i;
	int fd, err = 0;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if ((fd = socket(kinds[i][0], kinds[i][1] | SOCK_CLOEXEC, 0)) >=
		    0) {
			close(fd);
			return 0;
		}
		err = errno;
	}
	return err;
}

/* Sends a UDP datagram to 127.0.0.1:port_ok, by a socket of its own or
 * from the socket it holds (its channel); 0 if one was sent. */
static int
try_udp(const struct lab *lab)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd, err;

	sa.sin_port = htons(lab->port_ok);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) >= 0) {
		err = sendto(fd, "x", 1, 0, (struct sockaddr *)&sa,
			  sizeof(sa)) == 1
		    ? 0
		    : errno;
		close(fd);
		return err;
	}
	return sendto(child_chan, "x", 1, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) == 1
	    ? 0
	    : errno;
}

/* Asks the parent's broker for host:port; 0 if it got a socket. */
static int
ask_broker(const char *host, uint16_t port)
{
	int fd;

	if (pc_broker_request(&fd, child_chan, host, port) != 0)
		return pc_error_code() == PC_ENET ? ECONNREFUSED : EACCES;
	close(fd);
	return 0;
}

static int
try_broker_ok(const struct lab *lab)
{
	return ask_broker("127.0.0.1", lab->port_ok);
}

/* The allowed port on a host the allowlist does not name (loopback too,
 * so only the allowlist stops it). */
static int
try_broker_other_host(const struct lab *lab)
{
	return ask_broker("127.0.0.2", lab->port_ok);
}

static int
try_broker_other_port(const struct lab *lab)
{
	return ask_broker("127.0.0.1", lab->port_other);
}

/* Makes anonymous memory executable (mmap, then mprotect); 0 if either
 * worked. */
static int
try_exec_memory(const struct lab *lab)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err;

	if (p != MAP_FAILED) {
		munmap(p, 4096);
		return 0;
	}
	err = errno;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return err;
	if (mprotect(p, 4096, PROT_READ | PROT_EXEC) == 0)
		err = 0;
	munmap(p, 4096);
	return err;
}

struct guarantee {
	const char *what;
	attempt_fn attempt;
	bool network;      /* run as a network check */
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
	{ "cannot create or write files in /tmp", try_write_tmp, false, false },
	{ "cannot empty a file it may read (O_TRUNC)", try_truncate, false,
	    false },
	{ "a network check cannot open a socket of its own (TCP, UDP, UNIX)",
	    try_any_socket, true, false },
	{ "a network check cannot send UDP", try_udp, true, false },
	{ "cannot connect to a TCP port it was not given", try_port_other, true,
	    false },
	{ "the broker refuses a TCP port the check was not given",
	    try_broker_other_port, true, false },
	{ "the broker refuses an unlisted host, even on an allowed port",
	    try_broker_other_host, true, false },
	{ "can connect to its listed host and port through the broker (control)",
	    try_broker_ok, true, true },
	{ "a content check cannot connect anywhere", try_port_ok, false,
	    false },
	{ "a network check cannot open raw sockets", try_raw_socket, true,
	    false },
	{ "a network check cannot connect to a local UNIX socket",
	    try_unix_socket, true, false },
	{ "cannot make anonymous memory executable (mmap, mprotect)",
	    try_exec_memory, true, false },
	{ "cannot signal other processes (kill)", try_signal, false, false },
};

/* What one guarantee came to. */
struct outcome {
	bool held;
	char detail[256]; /* "Permission denied; parent unharmed", or why not */
};

/* Serves the child's broker requests on chan until it sends its result
 * line ("R<errno>" or "S<why>"), which is copied to msg. */
static void
serve_child(int chan, const struct lab *lab, char *msg, size_t cap)
{
	struct pc_endpoint allow = { "127.0.0.1", lab->port_ok };
	bool refused = true;
	char line[1024];
	const cJSON *host, *port;
	cJSON *o;
	size_t used = 0;
	ssize_t n;
	int fd;

	msg[0] = '\0';
	while ((n = read(chan, line + used, sizeof(line) - 1 - used)) > 0) {
		used += (size_t)n;
		line[used] = '\0';
		if (line[used - 1] != '\n' && used < sizeof(line) - 1)
			continue;
		used = 0;
		if (line[0] != '{') {
			snprintf(msg, cap, "%s", line);
			return;
		}
		o = cJSON_Parse(line);
		host = cJSON_GetObjectItemCaseSensitive(o, "host");
		port = cJSON_GetObjectItemCaseSensitive(o, "port");
		fd = -1;
		if (cJSON_IsString(host) && cJSON_IsNumber(port) &&
		    port->valuedouble >= 1 && port->valuedouble <= 65535)
			(void)pc_broker_connect(&fd, &refused, &allow, 1,
			    host->valuestring, (long)port->valuedouble, 5000);
		else
			pc_error_set(PC_EPARSE, "malformed request");
		cJSON_Delete(o);
		(void)pc_broker_answer(
		    chan, fd, fd < 0 ? pc_error_get() : NULL, refused);
		if (fd >= 0)
			close(fd);
	}
}

/* The child: sandbox, one attempt, its result on the channel. */
static void
attempt_child(int chan, const struct lab *lab, const struct guarantee *g,
    const struct pc_sandbox_spec *spec, pid_t parent)
{
	struct pc_sandbox_applied applied;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(125);
	child_chan = chan;
	if (pc_sandbox_apply(spec, &applied) != 0) {
		dprintf(chan, "S%s\n", pc_error_get());
		_exit(0);
	}
	dprintf(chan, "R%d\n", g->attempt(lab));
	_exit(0);
}

/* Judges one attempt from the child's result line and exit status. */
static void
judge(struct outcome *o, const struct guarantee *g, const char *msg, int ws)
{
	int result = -1;

	if (msg[0] == 'S') {
		snprintf(o->detail, sizeof(o->detail), "%.200s", msg + 1);
		o->detail[strcspn(o->detail, "\n")] = '\0';
		return;
	}
	if (msg[0] == 'R')
		result = (int)strtol(msg + 1, NULL, 10);
	if (WIFSIGNALED(ws) && WTERMSIG(ws) == SIGSYS && !g->must_succeed) {
		o->held = true;
		snprintf(o->detail, sizeof(o->detail),
		    "child stopped by seccomp; parent unharmed");
		return;
	}
	o->held = g->must_succeed ? result == 0 : result > 0;
	if (o->held && !g->must_succeed)
		snprintf(o->detail, sizeof(o->detail), "%s; parent unharmed",
		    strerror(result));
	else if (!o->held)
		snprintf(o->detail, sizeof(o->detail), "%s",
		    result == 0      ? "the child was allowed to"
			: result > 0 ? strerror(result)
				     : "the child ended unexpectedly");
}

/* Runs one attempt in a sandboxed child and judges it. */
static void
run_one(struct outcome *o, const struct lab *lab, const struct guarantee *g)
{
	const char *paths[64] = { lab->dir };
	uint16_t ports[] = { lab->port_ok };
	struct pc_sandbox_spec spec = { .ro_paths = paths,
		.nro_paths = 1,
		.tcp_ports = ports,
		.ntcp_ports = 1,
		.network = g->network,
		.cpu_seconds = 10,
		.open_files = 64 };
	pid_t pid, parent = getpid();
	char msg[300];
	int sv[2], ws = 0;
	size_t i;

	memset(o, 0, sizeof(*o));
	/* A network child also gets the trust store, as the runner gives. */
	for (i = 0; g->network && pc_sandbox_network_paths[i] != NULL &&
	     spec.nro_paths < sizeof(paths) / sizeof(paths[0]);
	     i++)
		paths[spec.nro_paths++] = pc_sandbox_network_paths[i];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(o->detail, sizeof(o->detail), "cannot make a channel");
		return;
	}
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(sv[0]);
		attempt_child(sv[1], lab, g, &spec, parent);
	}
	close(sv[1]);
	if (pid > 0)
		serve_child(sv[0], lab, msg, sizeof(msg));
	close(sv[0]);
	if (pid < 0) {
		snprintf(o->detail, sizeof(o->detail), "cannot fork");
		return;
	}
	waitpid(pid, &ws, 0);
	judge(o, g, msg, ws);
}

/* Prints one guarantee's line. */
static void
print_line(FILE *out, const struct guarantee *g, const struct outcome *o)
{
	if (o->held && g->must_succeed)
		fprintf(out, "ok: %s\n", g->what);
	else
		fprintf(out, "%s: %s%s%s%s\n", o->held ? "ok" : "FAILED",
		    g->what, o->held ? " (" : ": ", o->detail,
		    o->held ? ")" : "");
}

/* Prints every outcome as one JSON object. */
static void
print_json(FILE *out, const struct outcome *o, size_t n, bool all)
{
	struct utsname un;
	cJSON *root = cJSON_CreateObject(), *list, *e;
	char *text;
	size_t i;

	uname(&un);
	cJSON_AddStringToObject(root, "kernel", un.release);
	cJSON_AddNumberToObject(
	    root, "landlock_abi", pc_sandbox_landlock_abi());
	cJSON_AddNumberToObject(root, "uid", (double)geteuid());
	list = cJSON_AddArrayToObject(root, "guarantees");
	for (i = 0; i < n; i++) {
		e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "what", guarantees[i].what);
		cJSON_AddBoolToObject(e, "control", guarantees[i].must_succeed);
		cJSON_AddBoolToObject(e, "held", o[i].held);
		cJSON_AddStringToObject(e, "detail", o[i].detail);
		cJSON_AddItemToArray(list, e);
	}
	cJSON_AddBoolToObject(root, "held", all);
	if ((text = cJSON_Print(root)) != NULL)
		fprintf(out, "%s\n", text);
	free(text);
	cJSON_Delete(root);
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

/* Runs every guarantee and prints one line each (or one JSON object). */
int
pc_selftest_run(FILE *out, bool json, bool *all_held_out)
{
	struct outcome outcomes[sizeof(guarantees) / sizeof(guarantees[0])];
	struct lab lab = { 0 };
	struct utsname un;
	int lfd_ok = -1, lfd_other = -1, lfd_unix = -1, fd, r = 0;
	bool all = true;
	size_t i;

	*all_held_out = false;
	snprintf(lab.dir, sizeof(lab.dir), "/tmp/pc-selftest-XXXXXX");
	if (mkdtemp(lab.dir) == NULL)
		return pc_error_set(PC_EIO,
		    "cannot create a temporary folder: %s", strerror(errno));
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
		r = pc_error_set(
		    PC_EIO, "cannot listen on 127.0.0.1: %s", strerror(errno));
		goto out;
	}
	if ((lfd_unix = listen_unix(lab.sock)) < 0) {
		r = pc_error_set(PC_EIO,
		    "cannot listen on the UNIX socket %s: %s", lab.sock,
		    strerror(errno));
		goto out;
	}
	uname(&un);
	if (!json)
		fprintf(out, "kernel %s, Landlock ABI %d, running as uid %d\n",
		    un.release, pc_sandbox_landlock_abi(), (int)geteuid());
	for (i = 0; i < sizeof(guarantees) / sizeof(guarantees[0]); i++) {
		run_one(&outcomes[i], &lab, &guarantees[i]);
		all &= outcomes[i].held;
		if (!json)
			print_line(out, &guarantees[i], &outcomes[i]);
	}
	if (json)
		print_json(out, outcomes, i, all);
	else
		fprintf(out, "%s\n",
		    all ? "the sandbox holds on this kernel"
			: "the sandbox does NOT fully hold on this kernel; see the FAILED lines");
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
