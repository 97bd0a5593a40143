/* Sandbox guarantees beyond test_sandbox_layers.c, each in a forked child:
 * a network check gets TCP/UDP only (no raw, packet or UNIX sockets of its
 * own), not the host's TLS private keys, no capabilities but read-search;
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

Test(sandbox, network_check_cannot_open_raw_sockets)
{
	cr_assert(killed_by_seccomp(in_sandbox(true, do_raw_tcp, NULL)),
	          "a raw IPv4 socket would bypass the TCP port rules");
	cr_assert(killed_by_seccomp(in_sandbox(true, do_raw_icmp6, NULL)));
	cr_assert(killed_by_seccomp(in_sandbox(true, do_icmp_datagram, NULL)),
	          "only TCP and UDP datagrams");
}

Test(sandbox, network_check_cannot_open_packet_sockets)
{
	int e, ws = in_sandbox(true, do_packet, &e);

	cr_assert(ended_with(ws, EXIT_DENIED));
	cr_assert_eq(e, EAFNOSUPPORT, "got %s", strerror(e));
}

Test(sandbox, network_check_keeps_tcp_udp_and_socketpair)
{
	int e, ws = in_sandbox(true, do_tcp_udp, &e);

	cr_assert(ended_with(ws, EXIT_ALLOWED), "TCP/UDP: %s (status %#x)",
	          strerror(e), ws);
	ws = in_sandbox(true, do_socketpair, &e);
	cr_assert(ended_with(ws, EXIT_ALLOWED), "socketpair: status %#x", ws);
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
static char curl_host[256];

/* What libcurl does for https://HOST:PORT/: resolve in a thread (the
 * resolver's; libcurl answers "localhost" itself, so the machine's own name
 * from /etc/hosts is used), load OpenSSL and the trust store, connect, start
 * TLS. Returns the CURLcode. */
static int
do_curl_https(void)
{
	char url[320];
	CURL *e;
	int r;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (e = curl_easy_init()) == NULL)
		return -2;
	snprintf(url, sizeof(url), "https://%s:%u/", curl_host,
	         (unsigned)curl_port);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 5000L);
	r = (int)curl_easy_perform(e);
	curl_easy_cleanup(e);
	return r;
}

Test(sandbox, libcurl_https_setup_works_in_a_network_child)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	const char *paths[64];
	uint16_t ports[1];
	struct pc_sandbox_spec spec = {.ro_paths = paths,
	                               .tcp_ports = ports,
	                               .ntcp_ports = 1,
	                               .network = true,
	                               .cpu_seconds = 10,
	                               .open_files = 64};
	struct pc_sandbox_applied a;
	struct addrinfo hints = {.ai_family = AF_INET}, *res = NULL;
	struct pollfd p;
	int lfd, cfd, pfd[2], ws, e = -1;
	size_t i;
	pid_t pid;

	/* The machine's name, if /etc/hosts maps it to loopback. */
	cr_assert_eq(gethostname(curl_host, sizeof(curl_host) - 1), 0);
	if (getaddrinfo(curl_host, NULL, &hints, &res) != 0)
		cr_skip_test("%s does not resolve here", curl_host);
	sa.sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
	if (ntohl(sa.sin_addr.s_addr) >> 24 != 127)
		cr_skip_test("%s is not a loopback name here", curl_host);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	cr_assert_eq(listen(lfd, 4), 0);
	getsockname(lfd, (struct sockaddr *)&sa, &len);
	curl_port = ports[0] = ntohs(sa.sin_port);
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
	/* Accept the connection, then hang up: TLS cannot start. */
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
