/*
 * The vocabulary every layer shares: severities, check statuses and what a
 * sandbox applied. Helpers, core, checks and reporter include this header
 * instead of reaching up into the policy or sandbox modules for an enum.
 */
#ifndef PC_VOCAB_H
#define PC_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

/* How urgent a finding is; the policy gives each rule one. */
enum pc_severity {
	PC_SEV_INFO = 0,
	PC_SEV_LOW,
	PC_SEV_MEDIUM,
	PC_SEV_HIGH,
	PC_SEV_CRITICAL,
};

/* What a check's run came to; error and skipped never count as pass. */
enum pc_status {
	PC_STATUS_PASS = 0,
	PC_STATUS_FAIL,
	PC_STATUS_ERROR,
	PC_STATUS_SKIPPED,
	PC_STATUS_NOT_APPLICABLE,
};

/* What the sandbox applied to one check child, as the report records it. */
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

/* Severity names in enum order, NULL-terminated (schema ENUM choices). */
extern const char *const pc_severity_names[];

/* Severity name ("high") and parse; parse returns -1 when unknown. */
const char *pc_severity_name(enum pc_severity sev);
int pc_severity_parse(const char *name);

/* Status names used in the JSON ("not_applicable"); parse: -1 if unknown. */
const char *pc_status_name(enum pc_status st);
int pc_status_parse(const char *name);

/* True if s is a usable office id: 1-64 of [a-z0-9-], no leading '-'
 * (it names report folders and keyring lines). */
bool pc_office_id_ok(const char *s);

/* The office id of a tenant report for accounts no office claims. */
#define PC_OFFICE_UNASSIGNED "pds-unassigned"

#endif
