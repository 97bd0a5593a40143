/* Locks a check child down: rlimits, no_new_privs, Landlock, seccomp. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/landlock.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <seccomp.h>

#include "agent/lib/err.h"
#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define PC_UNDER_ASAN 1
#else
#define PC_UNDER_ASAN 0
#endif

/*
 * Debian 12's kernel headers stop at Landlock ABI 2, but the agent may run
 * on newer kernels: the constants of later ABIs are spelt out here, as the
 * kernel's UAPI defines them, and only used when the running kernel reports
 * that ABI.
 */
#define LL_FS_EXECUTE             (1ULL << 0)
#define LL_FS_WRITE_FILE          (1ULL << 1)
#define LL_FS_READ_FILE           (1ULL << 2)
#define LL_FS_READ_DIR            (1ULL << 3)
#define LL_FS_ALL_ABI1            ((1ULL << 13) - 1)
#define LL_FS_REFER               (1ULL << 13) /* ABI 2 */
#define LL_FS_TRUNCATE            (1ULL << 14) /* ABI 3 */
#define LL_FS_IOCTL_DEV           (1ULL << 15) /* ABI 5 */
#define LL_NET_BIND_TCP           (1ULL << 0)  /* ABI 4 */
#define LL_NET_CONNECT_TCP        (1ULL << 1)  /* ABI 4 */
#define LL_SCOPE_ABSTRACT_UNIX    (1ULL << 0)  /* ABI 6 */
#define LL_SCOPE_SIGNAL           (1ULL << 1)  /* ABI 6 */
#define LL_RULE_PATH_BENEATH      1
#define LL_RULE_NET_PORT          2
#define LL_CREATE_RULESET_VERSION (1U << 0)

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;             /* ABI 6 */
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct ll_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

/*
 * System files any child may read: shared libraries (loaded lazily, e.g.
 * iconv's gconv modules for mail charsets), time zones. Nothing here is
 * the office's data or a secret.
 */
static const char *const base_paths[] = {
	"/usr/lib",
	"/lib",
	"/lib64",
	"/etc/ld.so.cache",
	"/usr/share/zoneinfo",
	"/etc/localtime",
	NULL,
};

/*
 * What a network check also needs: trust store, OpenSSL's configuration,
 * resolver configuration. Not /etc/ssl as a whole: /etc/ssl/private holds
 * the host's TLS private keys (/usr/lib/ssl/private links there and stays
 * denied, as Landlock checks the resolved path).
 */
const char *const pc_sandbox_network_paths[] = {
	"/etc/ssl/certs",
	"/etc/ssl/openssl.cnf",
	"/usr/share/ca-certificates",
	"/etc/ca-certificates",
	"/etc/resolv.conf",
	"/etc/hosts",
	"/etc/nsswitch.conf",
	"/etc/gai.conf",
	"/etc/host.conf",
	"/etc/services",
	"/etc/protocols",
	NULL,
};

/* The Landlock ABI version of the running kernel, 0 if none. */
int
pc_sandbox_landlock_abi(void)
{
	long abi = syscall(
	    SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);

	return abi < 0 ? 0 : (int)abi;
}

/* Sets one resource limit (soft and hard). */
static int
limit(int resource, rlim_t value)
{
	struct rlimit rl = { value, value };

	return setrlimit(resource, &rl);
}

/* Step 1: resource limits. */
static int
apply_rlimits(const struct pc_sandbox_spec *spec)
{
	if (spec->cpu_seconds > 0 &&
	    limit(RLIMIT_CPU, (rlim_t)spec->cpu_seconds) != 0)
		return -1;
	if (spec->address_space > 0 &&
	    limit(RLIMIT_AS, (rlim_t)spec->address_space) != 0)
		return -1;
	if (spec->open_files > 0 &&
	    limit(RLIMIT_NOFILE, (rlim_t)spec->open_files) != 0)
		return -1;
	/*
	 * No file may grow: a second wall behind Landlock's write denial.
	 * RLIMIT_NPROC is not used: it counts threads (the HTTP resolver
	 * needs one) and root ignores it; seccomp forbids fork instead.
	 */
	if ((!spec->keep_fsize && limit(RLIMIT_FSIZE, 0) != 0) ||
	    limit(RLIMIT_CORE, 0) != 0)
		return -1;
	/*
	 * A write that RLIMIT_FSIZE refuses (e.g. to an inherited stderr that
	 * is a log file) fails with EFBIG instead of killing the check.
	 */
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		return -1;
	return 0;
}

/*
 * Step 1b: an agent run as root keeps no capability in its children but
 * CAP_DAC_READ_SEARCH (reading staff members' mail files; Landlock still
 * limits which). Without this a root child could open raw sockets or use
 * other privileged paths of the syscalls seccomp allows. Exec is forbidden,
 * so the bounding and ambient sets can never matter.
 */
static int
drop_capabilities(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3
	};
	struct __user_cap_data_struct data[2];
	uint32_t keep;

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) != 0)
		return -1;
	keep = data[0].permitted & (1U << CAP_DAC_READ_SEARCH);
	/* Already so (an unprivileged agent): no capset, which the packaged
	 * systemd unit's filter refuses (SystemCallFilter=~@privileged). */
	if (data[0].permitted == keep && data[0].effective == keep &&
	    data[0].inheritable == 0 && data[1].permitted == 0 &&
	    data[1].effective == 0 && data[1].inheritable == 0)
		return 0;
	memset(data, 0, sizeof(data));
	data[0].permitted = keep;
	data[0].effective = keep;
	return (int)syscall(SYS_capset, &hdr, data);
}

/* Adds a read-only rule for path; returns 1 when added, 0 when absent. */
static int
add_path_rule(int ruleset, const char *path, uint64_t handled)
{
	struct ll_path_beneath_attr attr = { 0 };
	struct stat st;
	int fd, r;

	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	attr.allowed_access = S_ISDIR(st.st_mode)
	    ? (LL_FS_READ_FILE | LL_FS_READ_DIR)
	    : LL_FS_READ_FILE;
	attr.allowed_access &= handled;
	attr.parent_fd = fd;
	r = (int)syscall(
	    SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &attr, 0);
	close(fd);
	return r == 0 ? 1 : -1;
}

/* Step 3: Landlock rules for read-only paths and TCP ports. */
static int
apply_landlock(const struct pc_sandbox_spec *spec, struct pc_sandbox_applied *a)
{
	struct ll_ruleset_attr attr = { 0 };
	struct ll_net_port_attr port;
	size_t attr_size, i;
	int abi, ruleset, r;

	abi = pc_sandbox_landlock_abi();
	a->landlock_abi = abi;
	if (abi < 1 && spec->landlock_optional) {
		snprintf(a->detail, sizeof(a->detail),
		    "Landlock is not supported or not enabled by this kernel: reads are not confined to the given paths");
		return 0;
	}
	if (abi < 1)
		return pc_error_set(PC_ESANDBOX,
		    "sandbox unavailable: Landlock is not supported or not enabled by this kernel (add lsm=landlock to the boot options, or Linux 5.13+)");
	attr.handled_access_fs = LL_FS_ALL_ABI1;
	if (abi >= 2)
		attr.handled_access_fs |= LL_FS_REFER;
	if (abi >= 3)
		attr.handled_access_fs |= LL_FS_TRUNCATE;
	if (abi >= 5)
		attr.handled_access_fs |= LL_FS_IOCTL_DEV;
	attr_size = sizeof(attr.handled_access_fs);
	if (abi >= 4) {
		/* No port is allowed unless the check declared it. */
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		attr_size = offsetof(struct ll_ruleset_attr, scoped);
	}
	if (abi >= 6) {
		attr.scoped = LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL;
		attr_size = sizeof(attr);
	}
	ruleset =
	    (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
	if (ruleset < 0)
		return pc_error_set(PC_ESANDBOX,
		    "sandbox unavailable: cannot create a Landlock ruleset: %s",
		    strerror(errno));
	for (i = 0; base_paths[i] != NULL; i++) {
		if ((r = add_path_rule(
			 ruleset, base_paths[i], attr.handled_access_fs)) < 0)
			goto fail;
		a->landlock_rules += (size_t)r;
	}
	for (i = 0; i < spec->nro_paths; i++) {
		if ((r = add_path_rule(ruleset, spec->ro_paths[i],
			 attr.handled_access_fs)) < 0)
			goto fail;
		a->landlock_rules += (size_t)r;
	}
	if (abi >= 4) {
		for (i = 0; spec->network && i < spec->ntcp_ports; i++) {
			port.allowed_access = LL_NET_CONNECT_TCP;
			port.port = spec->tcp_ports[i];
			if (syscall(SYS_landlock_add_rule, ruleset,
				LL_RULE_NET_PORT, &port, 0) != 0) {
				r = -1;
				goto fail;
			}
			a->landlock_rules++;
		}
		a->landlock_net = true;
	} else {
		snprintf(a->detail, sizeof(a->detail),
		    "Landlock ABI %d cannot restrict TCP connections (needs Linux 6.7+); seccomp and file rules still apply",
		    abi);
	}
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		r = -1;
		goto fail;
	}
	close(ruleset);
	a->landlock_fs = true;
	return 0;
fail:
	r = pc_error_set(PC_ESANDBOX,
	    "sandbox unavailable: Landlock rule failed: %s", strerror(errno));
	close(ruleset);
	return r;
}

/* Syscalls every sandboxed process may make, with no argument rules. */
static const int basic_syscalls[] = {
	SCMP_SYS(read),
	SCMP_SYS(readv),
	SCMP_SYS(pread64),
	SCMP_SYS(write),
	SCMP_SYS(writev),
	SCMP_SYS(close),
	SCMP_SYS(fstat),
	SCMP_SYS(newfstatat),
	SCMP_SYS(statx),
	SCMP_SYS(stat),
	SCMP_SYS(lstat),
	SCMP_SYS(lseek),
	SCMP_SYS(getdents64),
	SCMP_SYS(readlink),
	SCMP_SYS(readlinkat),
	SCMP_SYS(getcwd),
	SCMP_SYS(access),
	SCMP_SYS(faccessat),
	SCMP_SYS(faccessat2),
	SCMP_SYS(fcntl),
	SCMP_SYS(dup),
	SCMP_SYS(dup2),
	SCMP_SYS(dup3),
	SCMP_SYS(pipe),
	SCMP_SYS(pipe2),
	SCMP_SYS(fadvise64),
	SCMP_SYS(munmap),
	SCMP_SYS(mremap),
	SCMP_SYS(madvise),
	SCMP_SYS(brk),
	SCMP_SYS(mincore),
	SCMP_SYS(rt_sigaction),
	SCMP_SYS(rt_sigprocmask),
	SCMP_SYS(rt_sigreturn),
	SCMP_SYS(sigaltstack),
	SCMP_SYS(poll),
	SCMP_SYS(ppoll),
	SCMP_SYS(select),
	SCMP_SYS(pselect6),
	SCMP_SYS(epoll_create1),
	SCMP_SYS(epoll_ctl),
	SCMP_SYS(epoll_wait),
	SCMP_SYS(epoll_pwait),
	SCMP_SYS(eventfd2),
	SCMP_SYS(nanosleep),
	SCMP_SYS(clock_nanosleep),
	SCMP_SYS(clock_gettime),
	SCMP_SYS(clock_getres),
	SCMP_SYS(gettimeofday),
	SCMP_SYS(time),
	SCMP_SYS(getpid),
	SCMP_SYS(gettid),
	SCMP_SYS(getppid),
	SCMP_SYS(getuid),
	SCMP_SYS(geteuid),
	SCMP_SYS(getgid),
	SCMP_SYS(getegid),
	SCMP_SYS(getrandom),
	SCMP_SYS(uname),
	SCMP_SYS(sysinfo),
	SCMP_SYS(getrlimit),
	SCMP_SYS(futex),
	SCMP_SYS(set_robust_list),
	SCMP_SYS(get_robust_list),
	SCMP_SYS(rseq),
	SCMP_SYS(set_tid_address),
	SCMP_SYS(exit),
	SCMP_SYS(exit_group),
	SCMP_SYS(sched_yield),
	SCMP_SYS(sched_getaffinity),
	SCMP_SYS(restart_syscall),
	SCMP_SYS(membarrier),
	SCMP_SYS(getpriority),
	SCMP_SYS(arch_prctl),
	SCMP_SYS(sched_getparam),
	SCMP_SYS(sched_getscheduler),
	SCMP_SYS(capget),
};

/* The prctl options a child uses (thread names, dumpable queries). */
static const int prctl_options[] = {
	PR_SET_NAME,
	PR_GET_NAME,
	PR_GET_DUMPABLE,
};

/* Allows the prctl options in prctl_options; refuses the others (EPERM). */
static int
add_prctl_rules(scmp_filter_ctx ctx)
{
	scmp_datum_t opt, top = 0;
	size_t i;
	bool listed;
	int r = 0;

	for (i = 0; i < sizeof(prctl_options) / sizeof(prctl_options[0]); i++)
		if ((scmp_datum_t)prctl_options[i] > top)
			top = (scmp_datum_t)prctl_options[i];
	for (opt = 0; opt <= top; opt++) {
		for (i = 0, listed = false;
		     i < sizeof(prctl_options) / sizeof(prctl_options[0]); i++)
			listed |= (scmp_datum_t)prctl_options[i] == opt;
		r |= seccomp_rule_add(ctx,
		    listed ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(prctl), 1, SCMP_A0(SCMP_CMP_EQ, opt));
	}
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prctl), 1,
	    SCMP_A0(SCMP_CMP_GT, top));
	return r;
}

/* Threads, files, signals, limits, ioctls: the rules with arguments. */
static int
add_process_rules(scmp_filter_ctx ctx, const struct pc_sandbox_spec *spec)
{
	scmp_datum_t deny, bit;
	size_t i;
	int r = 0;

	for (i = 0; i < sizeof(basic_syscalls) / sizeof(basic_syscalls[0]); i++)
		r |=
		    seccomp_rule_add(ctx, SCMP_ACT_ALLOW, basic_syscalls[i], 0);
	/* Threads only: clone must carry CLONE_THREAD; clone3's flags are
	 * behind a pointer, so it answers ENOSYS and glibc falls back. */
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
	    SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/*
	 * open without O_TRUNC: Landlock before ABI 3 (Debian 12's 6.1 kernel
	 * has ABI 2) lets open(O_RDONLY | O_TRUNC) empty a file the child may
	 * only read. EPERM (not Landlock's EACCES) shows which layer refused.
	 * A reader (no_write_open) also gets EPERM for opening to write or
	 * create: its "no write" then holds even without Landlock.
	 */
	deny = O_TRUNC;
	if (spec->no_write_open)
		deny |= O_WRONLY | O_RDWR | O_CREAT;
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, deny, 0));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
	    SCMP_A1(SCMP_CMP_MASKED_EQ, deny, 0));
	for (bit = 1; bit != 0 && bit <= deny; bit <<= 1) {
		if ((deny & bit) == 0)
			continue;
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(openat), 1, SCMP_A2(SCMP_CMP_MASKED_EQ, bit, bit));
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(open), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, bit, bit));
	}
	/* abort() signals itself; other targets are refused. */
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
	    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
	/* getrlimit() is prlimit64 with no new limit; raising one is not. */
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
	    SCMP_A2(SCMP_CMP_EQ, 0));
	/* isatty() and non-blocking sockets. */
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, TCGETS));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, FIONREAD));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
	    SCMP_A1(SCMP_CMP_EQ, FIONBIO));
	/* prctl: only the options a child uses; others fail with EPERM
	 * (the option numbers are small: anything above the highest one is
	 * refused by one rule, the gaps below it one by one). */
	r |= add_prctl_rules(ctx);
	return r;
}

/*
 * No memory that is both created and executable: PROT_EXEC is refused on
 * anonymous mmap and on every mprotect, so injected code cannot be made
 * runnable. File-backed executable mappings stay (the dynamic loader maps
 * glibc's charset modules for GMime); Landlock limits which files.
 */
static int
add_memory_rules(scmp_filter_ctx ctx)
{
	int r = 0;

	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_ANONYMOUS, 0));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(mmap), 2,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC),
	    SCMP_A3(SCMP_CMP_MASKED_EQ, MAP_ANONYMOUS, MAP_ANONYMOUS));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(mprotect),
	    1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	return r;
}

/*
 * No socket of its own, for any child: a network check's connections come
 * connected from the parent's broker over the channel. socket() fails for
 * every family (no UDP, no raw, no UNIX socket to reach a local service);
 * only a connected AF_UNIX stream pair may be made (libcurl's wake-up
 * channel), which reaches nothing outside. A network child may use the
 * sockets it was given, but not connect, bind or send to an address.
 */
static int
add_socket_rules(scmp_filter_ctx ctx, const struct pc_sandbox_spec *spec)
{
	static const int use[] = {
		SCMP_SYS(recvfrom),
		SCMP_SYS(recvmsg),
		SCMP_SYS(shutdown),
		SCMP_SYS(getsockname),
		SCMP_SYS(getpeername),
		SCMP_SYS(setsockopt),
		SCMP_SYS(getsockopt),
	};
	static const int refuse[] = {
		SCMP_SYS(bind),
		SCMP_SYS(listen),
		SCMP_SYS(accept),
		SCMP_SYS(accept4),
		SCMP_SYS(sendmsg),
		SCMP_SYS(sendmmsg),
		SCMP_SYS(recvmmsg),
	};
	size_t i;
	int r = 0;

	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 0);
	r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socketpair), 2,
	    SCMP_A0(SCMP_CMP_EQ, AF_UNIX),
	    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_STREAM));
	for (i = 0; i < sizeof(refuse) / sizeof(refuse[0]); i++)
		r |=
		    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), refuse[i], 0);
	r |= seccomp_rule_add(
	    ctx, SCMP_ACT_ERRNO(EINPROGRESS), SCMP_SYS(connect), 0);
	if (!spec->network)
		return r;
	for (i = 0; i < sizeof(use) / sizeof(use[0]); i++)
		r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, use[i], 0);
	/* send() is sendto() without an address; with one it is refused. */
	r |= seccomp_rule_add(
	    ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendto), 1, SCMP_A4(SCMP_CMP_EQ, 0));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(sendto), 1,
	    SCMP_A4(SCMP_CMP_NE, 0));
	return r;
}

/* Writes s to stderr from a signal handler. */
static void
say(const char *s)
{
	(void)!write(2, s, strlen(s));
}

/*
 * Debug mode's SIGSYS handler: names the refused system call on stderr,
 * then dies of SIGSYS as the default mode would (SA_RESETHAND restored
 * the default action), so the parent's report reads the same.
 */
static void
on_sigsys(int sig, siginfo_t *si, void *uc)
{
	const char *name;
	char nr[16];
	int i = 15, n;

	(void)uc;
	name = seccomp_syscall_resolve_num_arch(si->si_arch, si->si_syscall);
	nr[i] = '\0';
	n = si->si_syscall < 0 ? 0 : si->si_syscall;
	do
		nr[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0 && i > 0);
	say("portcullis: sandbox debug: refused system call ");
	say(name ? name : "?");
	say(" (");
	say(nr + i);
	say(")\n");
	raise(sig);
}

/* Is the sandbox debug mode on (PORTCULLIS_SANDBOX_DEBUG=1)? */
bool
pc_sandbox_debug(void)
{
	const char *v = getenv("PORTCULLIS_SANDBOX_DEBUG");

	return v != NULL && strcmp(v, "1") == 0;
}

/* Step 4: the seccomp allowlist; anything else kills the process (or, in
 * debug mode, traps and is named on stderr first). */
static int
apply_seccomp(const struct pc_sandbox_spec *spec, bool debug)
{
	struct sigaction sa = { 0 };
	scmp_filter_ctx ctx;
	int r = 0;

	if (debug) {
		sa.sa_sigaction = on_sigsys;
		sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
		if (sigaction(SIGSYS, &sa, NULL) != 0)
			return pc_error_set(PC_ESANDBOX,
			    "sandbox unavailable: cannot set the debug mode's SIGSYS handler");
	}
	ctx = seccomp_init(debug ? SCMP_ACT_TRAP : SCMP_ACT_KILL_PROCESS);
	if (ctx == NULL)
		return pc_error_set(PC_ESANDBOX,
		    "sandbox unavailable: seccomp cannot be initialised");
	r |= add_process_rules(ctx, spec);
	r |= add_memory_rules(ctx);
	r |= add_socket_rules(ctx, spec);
	if (r != 0 || seccomp_load(ctx) != 0) {
		seccomp_release(ctx);
		return pc_error_set(PC_ESANDBOX,
		    "sandbox unavailable: the seccomp filter could not be installed");
	}
	seccomp_release(ctx);
	return 0;
}

/*
 * LeakSanitizer's check at exit starts a tracer process with ptrace, which
 * seccomp kills. A process that sandboxed itself and exits normally
 * (inspect) skips that check; the unit tests still check for leaks.
 */
static bool sandboxed_self;

int __lsan_is_turned_off(void);

/* LeakSanitizer hook: no leak check at exit once the sandbox is on. */
int
__lsan_is_turned_off(void)
{
	return sandboxed_self ? 1 : 0;
}

/* Applies every layer, in order, failing closed. */
int
pc_sandbox_apply(
    const struct pc_sandbox_spec *spec, struct pc_sandbox_applied *a)
{
	int r;

	memset(a, 0, sizeof(*a));
	if (apply_rlimits(spec) != 0)
		return pc_error_set(PC_ESANDBOX,
		    "sandbox unavailable: cannot set resource limits: %s",
		    strerror(errno));
	a->rlimits = true;
	if (drop_capabilities() != 0)
		return pc_error_set(PC_ESANDBOX,
		    "sandbox unavailable: cannot drop capabilities: %s",
		    strerror(errno));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return pc_error_set(PC_ESANDBOX,
		    "sandbox unavailable: cannot set no_new_privs: %s",
		    strerror(errno));
	a->no_new_privs = true;
	if ((r = apply_landlock(spec, a)) != 0)
		return r;
	sandboxed_self = true;
	a->seccomp_debug = pc_sandbox_debug();
	if ((r = apply_seccomp(spec, a->seccomp_debug)) != 0)
		return r;
	a->seccomp = true;
	a->broker = true;
	return 0;
}

/* Confines a reader of untrusted files to paths (see sandbox.h). */
int
pc_sandbox_apply_reader(
    const char *const *paths, size_t n, struct pc_sandbox_applied *applied_out)
{
	struct pc_sandbox_spec spec = { 0 };

	spec.ro_paths = paths;
	spec.nro_paths = n;
	spec.network = false;
	/* No CPU limit: a developer may inspect a large tree. */
	spec.address_space = PC_UNDER_ASAN ? 0 : (4LL << 30);
	spec.open_files = 256;
	spec.keep_fsize = true;
	spec.landlock_optional = true;
	spec.no_write_open = true;
	return pc_sandbox_apply(&spec, applied_out);
}
