/* Locks a check child down: rlimits, no_new_privs, Landlock, seccomp. */
#ifndef PC_SANDBOX_H
#define PC_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent/lib/vocab.h"

struct pc_sandbox_spec {
	const char *const *ro_paths; /* read-only, recursively */
	size_t nro_paths;
	const uint16_t *tcp_ports; /* allowed TCP connect ports */
	size_t ntcp_ports;
	bool network; /* may use sockets the broker passes (never its own) */
	long cpu_seconds;        /* RLIMIT_CPU */
	long long address_space; /* RLIMIT_AS bytes; 0 = leave */
	long open_files;         /* RLIMIT_NOFILE */
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

/* What was applied, for the report: struct pc_sandbox_applied (vocab.h). */

/*
 * Applies the sandbox to the calling process, in order: rlimits,
 * PR_SET_NO_NEW_PRIVS, Landlock, seccomp (default kill). Fails closed with
 * PC_ESANDBOX and a detail message when any required layer cannot be
 * installed. Call in the child after fork, before touching any input.
 */
int pc_sandbox_apply(
    const struct pc_sandbox_spec *spec, struct pc_sandbox_applied *applied_out);

/*
 * Confines the calling process to reading paths[0..n) (files or folders,
 * recursively) and writing only to descriptors it already holds (stdout,
 * stderr): no file opened for writing, no network, no new process. For
 * `portcullis inspect`, which parses untrusted files in its own process.
 * RLIMIT_FSIZE is left alone so that stdout may be a file. On a kernel
 * without Landlock the other layers still apply and applied_out->
 * landlock_fs is false (reads are not confined); the caller says so.
 */
int pc_sandbox_apply_reader(
    const char *const *paths, size_t n, struct pc_sandbox_applied *applied_out);

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
