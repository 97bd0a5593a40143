/* Sandbox guarantees beyond test_sandbox_layers.c, each in a forked child:
 * no child opens a socket of its own (no TCP, UDP, raw, packet or UNIX), nor
 * connects, binds or sends to an address, nor makes anonymous memory
 * executable; prctl is limited; the debug mode names a refused call; a
 * network check does not get the host's TLS private keys, no capabilities but read-search;
 * Landlock (not file modes) keeps world-readable files out; a write to an
 * inherited log file fails instead of killing the check; name resolution
 * still works, and so does libcurl's HTTPS set-up (threaded resolver,
 * OpenSSL, trust store). Each test fails if the rule it names is removed. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <iconv.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include "agent/lib/err.h"
#include "agent/sandbox.h"
#include "sandbox_child.h"

static char dir[64], sockdir[64], sockpath[128], logpath[128];
static int unix_listener = -1;

/* A folder the children may read, and a UNIX socket outside it. */
static void
setup(void)
{
	struct sockaddr_un su = {.sun_family = AF_UNIX};

	snprintf(dir, sizeof(dir), "/tmp/pc-sbx2-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(sockdir, sizeof(sockdir), "/tmp/pc-sbx2-sock-XXXXXX");
	cr_assert_not_null(mkdtemp(sockdir));
	snprintf(sockpath, sizeof(sockpath), "%s/control.sock", sockdir);
	snprintf(logpath, sizeof(logpath), "%s/agent.log", sockdir);
	snprintf(su.sun_path, sizeof(su.sun_path), "%s", sockpath);
	unix_listener = socket(AF_UNIX, SOCK_STREAM, 0);
	cr_assert_geq(unix_listener, 0);
	cr_assert_eq(bind(unix_listener, (struct sockaddr *)&su, sizeof(su)),
	             0);
	cr_assert_eq(listen(unix_listener, 4), 0);
}

static void
teardown(void)
{
	close(unix_listener);
	unlink(sockpath);
	unlink(logpath);
	rmdir(sockdir);
	rmdir(dir);
}

TestSuite(sandbox, .init = setup, .fini = teardown, .timeout = 30);

/* Forks a child that applies the sandbox (the network paths too when
 * network) then runs attempt(); returns the wait status and, through
 * err_out, what attempt returned (0 = allowed, else errno). */
static int
in_sandbox(bool network, int (*attempt)(void), int *err_out)
{
	const char *paths[64];
	uint16_t ports[] = {443};
	struct pc_sandbox_spec spec = {.ro_paths = paths,
	                               .tcp_ports = ports,
	                               .ntcp_ports = 1,
	                               .network = network,
	                               .cpu_seconds = 10,
	                               .open_files = 64};
	size_t i;
	int ws;

	paths[spec.nro_paths++] = dir;
	for (i = 0; network && pc_sandbox_network_paths[i] != NULL; i++)
		paths[spec.nro_paths++] = pc_sandbox_network_paths[i];
	ws = sbx_child(&spec, attempt, err_out);
	cr_assert(!(WIFEXITED(ws) && WEXITSTATUS(ws) == EXIT_NO_SANDBOX),
	          "the sandbox could not be applied");
	return ws;
}

/* Exits the child normally with e; for the asserts below. */
static bool
ended_with(int ws, int want_exit)
{
	return WIFEXITED(ws) && WEXITSTATUS(ws) == want_exit;
}

static bool
killed_by_seccomp(int ws)
{
	return WIFSIGNALED(ws) && WTERMSIG(ws) == SIGSYS;
}

/* Creates a socket and closes it; 0 on success. */
static int
make_socket(int family, int type, int protocol)
{
	int fd = socket(family, type, protocol);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int
do_raw_tcp(void)
{
	return make_socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
}

static int
do_raw_icmp6(void)
{
	return make_socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
}

static int
do_icmp_datagram(void)
{
	return make_socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
}

static int
do_packet(void)
{
	return make_socket(AF_PACKET, SOCK_RAW, 0);
}

/* What libcurl and glibc's resolver open, with their flags. */
static int
do_tcp_udp(void)
{
	int e;

	if ((e = make_socket(AF_INET,
	                     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	                     IPPROTO_TCP)) != 0 ||
	    (e = make_socket(AF_INET6, SOCK_STREAM, 0)) != 0 ||
	    (e = make_socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	                     0)) != 0 ||
	    (e = make_socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP)) != 0)
		return e;
	return 0;
}

/* Connects to the UNIX socket outside the child's paths. */
static int
do_unix_connect(void)
{
	struct sockaddr_un su = {.sun_family = AF_UNIX};
	int fd, r = 0;

	snprintf(su.sun_path, sizeof(su.sun_path), "%s", sockpath);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		return errno;
	if (connect(fd, (struct sockaddr *)&su, sizeof(su)) != 0)
		r = errno;
	close(fd);
	return r;
}

/* A connected pair: libcurl's wake-up channel. */
static int
do_socketpair(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return errno;
	close(sv[0]);
	close(sv[1]);
	return 0;
}

/* A UNIX socket of its own (it could reach a local service). */
static int
do_unix_socket(void)
{
	return make_socket(AF_UNIX, SOCK_STREAM, 0);
}

/* A connected datagram pair. */
static int
do_dgram_pair(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) != 0)
		return errno;
	close(sv[0]);
	close(sv[1]);
	return 0;
}

/* Runs fn on one end of a fresh stream pair; fn's errno or 0. */
static int
on_pair(int (*fn)(int fd))
{
	int sv[2], r;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return errno;
	r = fn(sv[0]);
	close(sv[0]);
	close(sv[1]);
	return r;
}

static struct sockaddr_in loopback_443 = { .sin_family = AF_INET,
	.sin_port = 0xbb01 /* 443, big-endian */,
	.sin_addr = { 0x0100007f } };

static int
connect_fd(int fd)
{
	return connect(fd, (struct sockaddr *)&loopback_443,
	    sizeof(loopback_443)) == 0 ? 0 : errno;
}

static int
bind_fd(int fd)
{
	return bind(fd, (struct sockaddr *)&loopback_443,
	    sizeof(loopback_443)) == 0 ? 0 : errno;
}

static int
sendto_fd(int fd)
{
	return sendto(fd, "x", 1, 0, (struct sockaddr *)&loopback_443,
	    sizeof(loopback_443)) >= 0 ? 0 : errno;
}

static int
sendmsg_fd(int fd)
{
	struct iovec iov = { "x", 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	return sendmsg(fd, &mh, 0) >= 0 ? 0 : errno;
}

static int
send_fd(int fd)
{
	return send(fd, "x", 1, 0) == 1 ? 0 : errno;
}

static int do_connect_on_pair(void) { return on_pair(connect_fd); }
static int do_bind_on_pair(void) { return on_pair(bind_fd); }
static int do_sendto_address(void) { return on_pair(sendto_fd); }
static int do_sendmsg(void) { return on_pair(sendmsg_fd); }
static int do_send_no_address(void) { return on_pair(send_fd); }

/* Anonymous memory made executable, as injected code would need. */
static int
do_mmap_anon_exec(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, 4096);
	return 0;
}

static int
do_mprotect_exec(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int r;

	if (p == MAP_FAILED)
		return errno;
	r = mprotect(p, 4096, PROT_READ | PROT_EXEC) == 0 ? 0 : errno;
	munmap(p, 4096);
	return r;
}

/* Maps a system library executable, as the dynamic loader does. */
static int
do_mmap_file_exec(void)
{
	int fd = open("/lib/x86_64-linux-gnu/libc.so.6", O_RDONLY | O_CLOEXEC);
	void *p;

	if (fd < 0)
		return errno;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return errno;
	munmap(p, 4096);
	return 0;
}

/* Converts windows-1252 text: glibc dlopens its gconv module (CP1252.so). */
static int
do_dlopen_gconv(void)
{
	char in[] = "caf\xe9 \x93quoted\x94", out[64], *ip = in, *op = out;
	size_t il = sizeof(in) - 1, ol = sizeof(out);
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");

	if (cd == (iconv_t)-1)
		return errno;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		iconv_close(cd);
		return errno;
	}
	iconv_close(cd);
	return memcmp(out, "caf\xc3\xa9", 5) == 0 ? 0 : EILSEQ;
}

static int
do_prctl_name(void)
{
	return prctl(PR_SET_NAME, "pc-test") == 0 ? 0 : errno;
}

static int
do_prctl_dumpable(void)
{
	return prctl(PR_SET_DUMPABLE, 1) == 0 ? 0 : errno;
}

/* Opens path (a folder when dir) read-only; 0 on success. */
static int
open_ro(const char *path, bool directory)
{
	int fd =
	    open(path, O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int
do_tls_private(void)
{
	return open_ro("/etc/ssl/private", true);
}

static int
do_tls_private_via_usr_lib(void)
{
	return open_ro("/usr/lib/ssl/private", true);
}

static int
do_trust_store(void)
{
	int e;

	if ((e = open_ro("/etc/ssl/certs", true)) != 0 ||
	    (e = open_ro("/etc/ssl/certs/ca-certificates.crt", false)) != 0)
		return e;
	return open_ro("/usr/lib/ssl/openssl.cnf", false);
}

static int
do_passwd(void)
{
	return open_ro("/etc/passwd", false);
}

/* Resolves localhost through NSS (/etc/nsswitch.conf, /etc/hosts). */
static int
do_resolve_localhost(void)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
	int r = getaddrinfo("localhost", "443", &hints, &res);

	if (r != 0)
		return r == EAI_SYSTEM ? errno : EHOSTUNREACH;
	freeaddrinfo(res);
	return 0;
}

/* 0 when the effective set holds nothing but CAP_DAC_READ_SEARCH. */
static int
do_capabilities(void)
{
	struct __user_cap_header_struct hdr = {.version =
	                                           _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0)
		return errno;
	if ((data[0].effective & ~(1U << CAP_DAC_READ_SEARCH)) != 0 ||
	    (data[0].permitted & ~(1U << CAP_DAC_READ_SEARCH)) != 0 ||
	    data[1].effective != 0 || data[1].permitted != 0 ||
	    data[0].inheritable != 0 || data[1].inheritable != 0)
		return EPERM;
	return 0;
}

static int log_fd = -1;

/* Writes to an inherited regular file, as stderr does under a log. */
static int
do_write_inherited_log(void)
{
	if (write(log_fd, "noise\n", 6) < 0)
		return errno;
	return 0;
}

Test(sandbox, no_child_opens_a_socket_of_its_own)
{
	int (*attempts[])(void) = { do_tcp_udp, do_raw_tcp, do_raw_icmp6,
		do_icmp_datagram, do_packet, do_unix_socket };
	size_t i;
	int e, ws, net;

	for (net = 0; net < 2; net++)
		for (i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
			ws = in_sandbox(net, attempts[i], &e);
			cr_assert(ended_with(ws, EXIT_DENIED), "%s child, "
			    "attempt %zu: status %#x", net ? "network" :
			    "content", i, ws);
			cr_assert_eq(e, EACCES, "attempt %zu: %s", i,
			    strerror(e));
		}
}

Test(sandbox, a_child_keeps_a_connected_unix_stream_pair_only)
{
	int e, ws = in_sandbox(true, do_socketpair, &e);

	cr_assert(ended_with(ws, EXIT_ALLOWED), "socketpair: status %#x", ws);
	ws = in_sandbox(false, do_socketpair, &e);
	cr_assert(ended_with(ws, EXIT_ALLOWED), "socketpair: status %#x", ws);
	/* A datagram pair could sendmsg() to any named socket on the host. */
	ws = in_sandbox(true, do_dgram_pair, &e);
	cr_assert(killed_by_seccomp(ws), "status %#x", ws);
}

Test(sandbox, a_network_child_cannot_connect_bind_or_send_to_an_address)
{
	int (*attempts[])(void) = { do_bind_on_pair, do_sendto_address,
		do_sendmsg };
	size_t i;
	int e, ws;

	for (i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
		ws = in_sandbox(true, attempts[i], &e);
		cr_assert(ended_with(ws, EXIT_DENIED), "attempt %zu: %#x", i,
		    ws);
		cr_assert_eq(e, EACCES, "attempt %zu: %s", i, strerror(e));
	}
	/* connect() never reaches the kernel: seccomp answers EINPROGRESS,
	 * which libcurl 7.88 needs on the broker's connected sockets. */
	ws = in_sandbox(true, do_connect_on_pair, &e);
	cr_assert(ended_with(ws, EXIT_DENIED));
	cr_assert_eq(e, EINPROGRESS, "connect: %s", strerror(e));
	ws = in_sandbox(true, do_send_no_address, &e);
	cr_assert(ended_with(ws, EXIT_ALLOWED), "send() on its own pair: %s",
	    strerror(e));
}

Test(sandbox, no_child_gets_executable_anonymous_memory)
{
	int (*attempts[])(void) = { do_mmap_anon_exec, do_mprotect_exec };
	size_t i;
	int e, ws, net;

	for (net = 0; net < 2; net++)
		for (i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
			ws = in_sandbox(net, attempts[i], &e);
			cr_assert(ended_with(ws, EXIT_DENIED), "attempt %zu: "
			    "%#x", i, ws);
			cr_assert_eq(e, EACCES, "attempt %zu: %s", i,
			    strerror(e));
		}
	/* The dynamic loader's mappings of library files stay allowed. */
	ws = in_sandbox(false, do_mmap_file_exec, &e);
	cr_assert(ended_with(ws, EXIT_ALLOWED), "file-backed: %s",
	    strerror(e));
	ws = in_sandbox(false, do_dlopen_gconv, &e);
	cr_assert(ended_with(ws, EXIT_ALLOWED), "iconv windows-1252: %s",
	    strerror(e));
}

Test(sandbox, prctl_is_limited_to_the_options_a_child_uses)
{
	int e, ws = in_sandbox(true, do_prctl_name, &e);

	cr_assert(ended_with(ws, EXIT_ALLOWED), "PR_SET_NAME: %s",
	    strerror(e));
	ws = in_sandbox(true, do_prctl_dumpable, &e);
	cr_assert(ended_with(ws, EXIT_DENIED));
	cr_assert_eq(e, EPERM, "PR_SET_DUMPABLE: %s", strerror(e));
}

Test(sandbox, debug_mode_names_the_refused_system_call)
{
	const char *paths[1] = { dir };
	struct pc_sandbox_spec spec = { .ro_paths = paths, .nro_paths = 1,
		.cpu_seconds = 10, .open_files = 64 };
	struct pc_sandbox_applied a;
	char out[512] = "";
	int pfd[2], ws;
	size_t used;
	ssize_t n;
	pid_t pid;

	cr_assert_eq(pipe(pfd), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		char *argv[] = { "/bin/true", NULL };

		close(pfd[0]);
		dup2(pfd[1], 2);
		setenv("PORTCULLIS_SANDBOX_DEBUG", "1", 1);
		if (pc_sandbox_apply(&spec, &a) != 0 || !a.seccomp_debug)
			_exit(EXIT_NO_SANDBOX);
		execv(argv[0], argv);
		_exit(EXIT_ALLOWED);
	}
	close(pfd[1]);
	for (used = 0; used < sizeof(out) - 1 && (n = read(pfd[0], out + used,
	    sizeof(out) - 1 - used)) > 0; used += (size_t)n)
		;
	out[used] = '\0';
	close(pfd[0]);
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	cr_assert(killed_by_seccomp(ws), "dies as without debug: %#x", ws);
	cr_assert(strstr(out, "refused system call execve ("), "stderr: %s",
	    out);
	cr_assert(!pc_sandbox_debug(), "off unless asked for");
}

Test(sandbox, network_check_cannot_reach_a_local_unix_socket)
{
	int e, ws;

	cr_assert_eq(do_unix_connect(), 0, "the parent itself can connect");
	ws = in_sandbox(true, do_unix_connect, &e);
	cr_assert(ended_with(ws, EXIT_DENIED), "status %#x", ws);
	cr_assert_eq(e, EACCES, "got %s", strerror(e));
}

Test(sandbox, content_check_cannot_reach_a_local_unix_socket)
{
	int e, ws = in_sandbox(false, do_unix_connect, &e);

	cr_assert(ended_with(ws, EXIT_DENIED));
	cr_assert_eq(e, EACCES);
}

Test(sandbox, network_check_reads_the_trust_store_not_tls_private_keys)
{
	struct stat st;
	int e, ws;

	ws = in_sandbox(true, do_trust_store, &e);
	cr_assert(ended_with(ws, EXIT_ALLOWED), "trust store: %s", strerror(e));
	if (stat("/etc/ssl/private", &st) != 0)
		cr_skip_test("this machine has no /etc/ssl/private");
	ws = in_sandbox(true, do_tls_private, &e);
	cr_assert(ended_with(ws, EXIT_DENIED));
	cr_assert_eq(e, EACCES, "got %s", strerror(e));
	if (stat("/usr/lib/ssl/private", &st) == 0) {
		ws = in_sandbox(true, do_tls_private_via_usr_lib, &e);
		cr_assert(ended_with(ws, EXIT_DENIED));
		cr_assert_eq(e, EACCES);
	}
}

Test(sandbox, world_readable_file_outside_its_paths_is_unreadable)
{
	int e, ws;

	cr_assert_eq(do_passwd(), 0, "the parent can read /etc/passwd");
	ws = in_sandbox(false, do_passwd, &e);
	cr_assert(ended_with(ws, EXIT_DENIED));
	cr_assert_eq(e, EACCES, "Landlock, not the file's mode");
	ws = in_sandbox(true, do_passwd, &e);
	cr_assert(ended_with(ws, EXIT_DENIED));
	cr_assert_eq(e, EACCES);
}

Test(sandbox, network_check_still_resolves_names)
{
	int e, ws = in_sandbox(true, do_resolve_localhost, &e);

	cr_assert(ended_with(ws, EXIT_ALLOWED), "getaddrinfo: %s (%#x)",
	          strerror(e), ws);
}

Test(sandbox, child_keeps_no_capability_but_read_search)
{
	int e, ws = in_sandbox(true, do_capabilities, &e);

	cr_assert(ended_with(ws, EXIT_ALLOWED),
	          "capabilities left in the child (running as uid %d)",
	          (int)geteuid());
	ws = in_sandbox(false, do_capabilities, &e);
	cr_assert(ended_with(ws, EXIT_ALLOWED));
}

Test(sandbox, write_to_an_inherited_log_file_fails_without_killing)
{
	int e, ws;

	log_fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	cr_assert_geq(log_fd, 0);
	cr_assert_eq(write(log_fd, "parent\n", 7), 7);
	ws = in_sandbox(false, do_write_inherited_log, &e);
	close(log_fd);
	cr_assert(ended_with(ws, EXIT_DENIED), "status %#x (signal %d)", ws,
	          WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
	cr_assert_eq(e, EFBIG, "RLIMIT_FSIZE refuses it: %s", strerror(e));
}

static uint16_t curl_port;
static int curl_fd = -1; /* connected by the parent, as the broker does */

/* CURLOPT_OPENSOCKETFUNCTION: the socket the parent connected. */
static curl_socket_t
open_given(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	(void)arg;
	(void)purpose;
	(void)a;
	return curl_fd;
}

/* CURLOPT_SOCKOPTFUNCTION: it arrives connected. */
static int
already_connected(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	(void)arg;
	(void)fd;
	(void)purpose;
	return CURL_SOCKOPT_ALREADY_CONNECTED;
}

/* What the HTTP client does in a check child for https://HOST:PORT/: the
 * host pinned (libcurl resolves nothing), the socket from the parent, then
 * OpenSSL and the trust store, and TLS. Returns the CURLcode. */
static int
do_curl_https(void)
{
	struct curl_slist *pin = NULL;
	char url[320], entry[64];
	CURL *e;
	int r;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (e = curl_easy_init()) == NULL)
		return -2;
	snprintf(url, sizeof(url), "https://pinned.example:%u/",
	    (unsigned)curl_port);
	snprintf(entry, sizeof(entry), "pinned.example:%u:192.0.2.1",
	    (unsigned)curl_port);
	pin = curl_slist_append(NULL, entry);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_RESOLVE, pin);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_given);
	curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, already_connected);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 5000L);
	r = (int)curl_easy_perform(e);
	curl_easy_cleanup(e);
	curl_slist_free_all(pin);
	return r;
}

Test(sandbox, libcurl_https_works_over_a_socket_the_parent_connected)
{
	uint16_t port;
	int lfd = listen_any(&port), cfd, pfd[2], ws, e = -1;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	const char *paths[64];
	struct pc_sandbox_spec spec = { .ro_paths = paths, .network = true,
		.cpu_seconds = 10, .open_files = 64 };
	struct pc_sandbox_applied a;
	struct pollfd p;
	size_t i;
	pid_t pid;

	curl_port = port;
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	curl_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_eq(connect(curl_fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	for (i = 0; pc_sandbox_network_paths[i] != NULL; i++)
		paths[spec.nro_paths++] = pc_sandbox_network_paths[i];
	cr_assert_eq(pipe(pfd), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(pfd[0]);
		if (pc_sandbox_apply(&spec, &a) != 0)
			_exit(EXIT_NO_SANDBOX);
		e = do_curl_https();
		(void)!write(pfd[1], &e, sizeof(e));
		_exit(0);
	}
	close(pfd[1]);
	close(curl_fd);
	/* Accept the connection, then hang up: TLS cannot finish. */
	p = (struct pollfd){.fd = lfd, .events = POLLIN};
	if (poll(&p, 1, 8000) == 1 && (cfd = accept(lfd, NULL, NULL)) >= 0)
		close(cfd);
	(void)!read(pfd[0], &e, sizeof(e));
	close(pfd[0]);
	close(lfd);
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	cr_assert(ended_with(ws, 0), "status %#x (signal %d)", ws,
	          WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
	cr_assert(e != CURLE_COULDNT_RESOLVE_HOST &&
	              e != CURLE_COULDNT_CONNECT && e != CURLE_FAILED_INIT &&
	              e >= 0,
	          "libcurl got as far as TLS (got %d: %s)", e,
	          e >= 0 ? curl_easy_strerror((CURLcode)e) : "init failed");
}

static char trunc_path[128];

/* Opens a readable file with O_TRUNC, which would empty it. */
static int
do_open_truncate(void)
{
	int fd = open(trunc_path, O_RDONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

Test(sandbox, readable_file_cannot_be_emptied_with_o_trunc)
{
	struct stat st;
	int e, ws, fd;

	snprintf(trunc_path, sizeof(trunc_path), "%s/mail.mbox", dir);
	fd = open(trunc_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "From x\n", 7), 7);
	close(fd);
	ws = in_sandbox(false, do_open_truncate, &e);
	cr_assert_eq(stat(trunc_path, &st), 0);
	unlink(trunc_path);
	cr_assert(ended_with(ws, EXIT_DENIED), "status %#x", ws);
	cr_assert_eq(e, EPERM,
	             "seccomp refuses O_TRUNC on every Landlock "
	             "ABI (got %s)",
	             strerror(e));
	cr_assert_eq(st.st_size, 7, "the file was emptied");
}
