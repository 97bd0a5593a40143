/* The report model: checks, findings and summary -> report.json bytes. */
#ifndef PC_REPORT_H
#define PC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "agent/lib/sha256.h"
#include "agent/lib/vocab.h"

/* New reports are /2; the parser reads /1 and /2 (reporter/README.md). */
#define PC_REPORT_SCHEMA        "portcullis-report/2"
#define PC_REPORT_SCHEMA_PREFIX "portcullis-report/"
#define PC_REPORT_SCHEMA_MAX    2

/* The report's scope: an office's own scan, or PDS's split of the
 * Parliament tenant's scan (a folder of that name in the office's). */
#define PC_SCOPE_OFFICE "office"
#define PC_SCOPE_TENANT "parliament-tenant"

/* True if scope (NULL: "office") is the tenant scope. */
#define PC_SCOPE_IS_TENANT(scope)                                              \
	((scope) != NULL && strcmp((scope), PC_SCOPE_TENANT) == 0)
/* An office's decision to live with a finding for now (an entry of
 * report.accepted_file, agent/accepted.h), as the report records it. */
struct pc_report_accepted {
	char *reason, *owner;
	char accepted_on[11], until[11]; /* YYYY-MM-DD; applies through until */
};

/* What became of one entry of the accepted file in this scan. */
enum pc_acceptance_state {
	PC_ACCEPTANCE_APPLIED, /* "accepted": a finding of this scan has it */
	PC_ACCEPTANCE_EXPIRED, /* "expired": its finding counts again */
	PC_ACCEPTANCE_STALE,   /* "stale": no finding of this scan has the id */
};

/* One entry of the accepted file: root acceptances[] of report.json. */
struct pc_report_acceptance {
	char *id; /* the finding id it names */
	struct pc_report_accepted a;
	enum pc_acceptance_state state;
};

struct pc_report_finding {
	char *id; /* identity: pc_finding_id() of check, rule, key, locator */
	/* Identity of the problem inside its file's content, whatever the
	 * file's path (content findings only; NULL otherwise): history
	 * recognises a moved file by it. */
	char *content_id;
	char *moved_from; /* id of the same problem last month, if it moved */
	char *check, *rule, *subject, *title, *evidence, *remediation;
	/* The subject before its personal data was masked, when masking
	 * changed it: shown only in the office's checklist (so staff can
	 * find the file), never written to report.json, HTML or SARIF.
	 * NULL = subject. */
	char *where;
	char *confirm; /* how to check it is fixed */
	char *escalate_to, *owner;
	enum pc_severity severity;
	char due[32];        /* ISO 8601 UTC */
	char first_seen[32]; /* ISO 8601 UTC */
	bool persisting;     /* seen in the previous report */
	bool overdue;        /* past due and carried from before */
	/* The office accepted this risk until a date: listed, but not
	 * counted towards fail_on or the exit code. NULL: not accepted. */
	struct pc_report_accepted *accepted;
};

struct pc_report_check {
	char *id, *title;
	enum pc_status status;
	char *reason; /* why error/skipped/not_applicable; NULL otherwise */
	double duration_seconds;
	char **counts; /* "microsoft365: 42 accounts examined" */
	size_t ncounts;
	bool mandatory;
	bool sandboxed;
	struct pc_sandbox_applied sandbox;
	size_t nfindings;
};

/* A finding from the previous report that is no longer present. */
struct pc_report_resolved {
	char *id, *check, *rule, *subject, *title;
	enum pc_severity severity;
	char first_seen[32];
};

struct pc_report {
	char *office_id, *office_name, *digital_lead;
	/* The office's staff names (config staff[].name), in config order:
	 * `portcullis checklist --staff` accepts only these. Optional in
	 * report.json (office.staff); NULL/0 in reports before it. */
	char **staff;
	size_t nstaff;
	char *agent_version, *host;
	char *policy_id, *policy_sha256;
	long policy_version;
	int schema_version; /* as read (1 or 2); written: always 2 */
	/* The policy's manifest (/2): policy_sha256 is the hash over it. */
	struct pc_file_hash *policy_files;
	size_t npolicy_files;
	/* Whose systems the scan covered: "office" (an office's own scan)
	 * or "parliament-tenant" (PDS's split of the Parliament tenant's checks).
	 * NULL = "office" (reports of schema /1). */
	char *scope;
	char started_at[32], finished_at[32];
	char *previous_report_sha256; /* NULL when first report */
	bool no_sandbox;              /* operator passed --no-sandbox */
	enum pc_severity fail_on;
	struct pc_report_check *checks;
	size_t nchecks;
	struct pc_report_finding *findings;
	size_t nfindings;
	struct pc_report_resolved *resolved;
	size_t nresolved;
	/* Every entry of the office's accepted file and its state (/2;
	 * none when the config names no accepted file). */
	struct pc_report_acceptance *acceptances;
	size_t nacceptances;
};

/* Summary derived from checks and findings (never stored separately). */
struct pc_report_summary {
	size_t by_status[PC_STATUS_NOT_APPLICABLE + 1];
	size_t by_severity[PC_SEV_CRITICAL + 1];
	double score;      /* pass / (pass + fail); 0 when neither */
	bool complete;     /* no check errored, no mandatory check skipped,
			  sandbox not turned off */
	bool at_threshold; /* a finding at or above fail_on that the office
			      has not accepted */
	size_t accepted;   /* findings the office accepted */
	size_t mandatory_skipped;
	size_t sandbox_weakened; /* checks run in seccomp debug mode */
};

/* Allocates an empty report; caller frees with pc_report_free(). */
struct pc_report *pc_report_new(void);
void pc_report_free(struct pc_report *r);

/* Appends a check result / finding (deep-copies strings). */
int pc_report_add_check(struct pc_report *r, const struct pc_report_check *c);
int pc_report_add_finding(
    struct pc_report *r, const struct pc_report_finding *f);

/* Appends an acceptance (deep copy). */
int pc_report_add_acceptance(
    struct pc_report *r, const struct pc_report_acceptance *a);

/* The word for an acceptance state ("accepted", "expired", "stale") and
 * back (-1 when unknown). */
const char *pc_acceptance_state_name(enum pc_acceptance_state st);
int pc_acceptance_state_parse(const char *s);

/* A deep copy of a (NULL-safe); aborts on out of memory (trusted parent). */
struct pc_report_accepted *pc_report_accepted_dup(
    const struct pc_report_accepted *a);

/* Appends a staff name (deep copy). */
int pc_report_add_staff(struct pc_report *r, const char *name);

/* The first schema's fingerprint: hex SHA-256 of check NUL rule NUL
 * subject, first 16 bytes (pc_finding_id without a locator). */
void pc_report_fingerprint(
    char out[33], const char *check, const char *rule, const char *subject);

/* Computes the summary. */
void pc_report_summarize(
    const struct pc_report *r, struct pc_report_summary *s_out);

/* Serialises to deterministic JSON bytes; caller frees *json_out. */
int pc_report_to_json(
    const struct pc_report *r, char **json_out, size_t *len_out);

/* Formats unix time t as "YYYY-MM-DDThh:mm:ssZ". */
void pc_time_iso(char out[32], long long t);

#endif
