/* Locks a check child down: rlimits, no_new_privs, Landlock, seccomp. */
#ifndef PC_SANDBOX_H
#define PC_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pc_sandbox_spec {
	const char *const *ro_paths; /* read-only, recursively */
	size_t nro_paths;
	const uint16_t *tcp_ports; /* allowed TCP connect ports */
	size_t ntcp_ports;
	bool network; /* may use sockets the broker passes (never its own) */
	long cpu_seconds;	/* RLIMIT_CPU */
	long long address_space; /* RLIMIT_AS bytes; 0 = leave */
	long open_files;	/* RLIMIT_NOFILE */
	/*
	 * Leave RLIMIT_FSIZE as inherited: the process writes its results to
	 * an inherited stdout that may be a regular file. It still cannot
	 * open any file for writing.
	 */
	bool keep_fsize;
	/* Without Landlock, apply the other layers instead of failing. */
	bool landlock_optional;
	/* seccomp refuses open/openat for writing or creating (EPERM). */
	bool no_write_open;
};

/* What was applied, for the report. */
struct pc_sandbox_applied {
	bool rlimits;
	bool no_new_privs;
	int landlock_abi; /* 0 = none */
	bool landlock_fs;
	bool landlock_net;
	size_t landlock_rules;
	bool seccomp;
	/* No socket of its own: connections only from the parent's broker
	 * (seccomp refuses socket, connect, bind, UDP). */
	bool broker;
	size_t broker_connections; /* filled in by the parent */
	/* Debug mode: a refused system call is named on stderr (SIGSYS
	 * handler) instead of killing silently. Weaker: recorded. */
	bool seccomp_debug;
	char detail[256]; /* one line for the report, e.g. why net is off */
};

/*
 * Applies the sandbox to the calling process, in order: rlimits,
 * PR_SET_NO_NEW_PRIVS, Landlock, seccomp (default kill). Fails closed with
 * PC_ESANDBOX and a detail message when any required layer cannot be
 * installed. Call in the child after fork, before touching any input.
 */
int pc_sandbox_apply(const struct pc_sandbox_spec *spec,
    struct pc_sandbox_applied *applied_out);

/*
 * Confines the calling process to reading paths[0..n) (files or folders,
 * recursively) and writing only to descriptors it already holds (stdout,
 * stderr): no file opened for writing, no network, no new process. For
 * `portcullis inspect`, which parses untrusted files in its own process.
 * RLIMIT_FSIZE is left alone so that stdout may be a file. On a kernel
 * without Landlock the other layers still apply and applied_out->
 * landlock_fs is false (reads are not confined); the caller says so.
 */
int pc_sandbox_apply_reader(const char *const *paths, size_t n,
    struct pc_sandbox_applied *applied_out);

/*
 * Read-only paths every network check also needs (trust store, resolver
 * configuration, NSS modules); NULL-terminated. The runner adds them.
 */
extern const char *const pc_sandbox_network_paths[];

/*
 * The sandbox debug mode, off by default: PORTCULLIS_SANDBOX_DEBUG=1 in
 * the environment. A forbidden system call then traps (SIGSYS) and its
 * name is printed on stderr before the process dies, instead of being
 * killed silently. Recorded in the report (seccomp_debug).
 */
bool pc_sandbox_debug(void);

/* The Landlock ABI version the kernel supports, 0 if none. */
int pc_sandbox_landlock_abi(void);

#endif
