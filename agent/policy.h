/* The scan policy (policies/baseline.yaml): checks, rules, severities, dues. */
#ifndef PC_POLICY_H
#define PC_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/sha256.h"
#include "agent/lib/vocab.h"

/* A rule's fix for one OS (remediation_by_os: map). */
struct pc_rule_text {
	char *os; /* windows, macos, ios, ipados, android, chromeos */
	char *text;
};

/* One rule a check may report: its severity and escalation route. */
struct pc_rule {
	char *id; /* e.g. "security_update" (unique within its check) */
	char *title;
	enum pc_severity severity;
	char *escalate_to;         /* route id in policies/escalation.yaml */
	char *overdue_escalate_to; /* route once past due; NULL = same */
	char *remediation;         /* default plain-English fix */
	char *confirm;             /* how to check it is fixed */
	long due_days; /* days to fix; 0 = the policy's for severity */
	struct pc_rule_text *remediation_by_os; /* optional, device rules */
	size_t nremediation_by_os;
	long threshold;   /* pattern rules: how many (0 = unset) */
	long window_days; /* pattern rules: within how many days */
	int line;
};

struct pc_policy_check {
	char *id;
	bool enabled;
	bool mandatory;
	long timeout_seconds;
	long max_findings;
	struct pc_rule *rules;
	size_t nrules;
	char **lexicons; /* word lists the check reads, relative to the
			    policy (threats) */
	size_t nlexicons;
	int line;
};

struct pc_policy {
	char *path;
	char *id;
	long version;
	/* Hex SHA-256 over the manifest (files, see policy_manifest.c): the
	 * hash PDS approves. Covers every file the policy loads. */
	char sha256[65];
	/* every file it loads, path relative to the policy's folder (or
	 * absolute), sorted by path */
	struct pc_file_hash *files;
	size_t nfiles;
	long due_days[PC_SEV_CRITICAL + 1];
	char *eol_file;        /* end-of-life data, relative to the policy */
	char *device_eol_file; /* office devices' end-of-life snapshot
				* (optional), relative to the policy */
	char *escalation_file; /* routes, relative to the policy */
	struct pc_policy_check *checks;
	size_t nchecks;
};

#define PC_POLICY_INSTALLED "/usr/share/portcullis/policies/baseline.yaml"

/* The installed baseline policy if present, else the source tree's (so a
 * binary run from its build folder works). Static string. */
const char *pc_policy_default_path(void);

/* Loads and validates a policy file; caller frees with pc_policy_free(). */
int pc_policy_load(struct pc_policy **policy_out, const char *path);

/*
 * Fills policy->files with every file the policy loads, each with the
 * SHA-256 of its bytes: the baseline itself, escalation_file, eol_file,
 * device_eol_file, every *.yaml in detectors/ and in lexicons/ (when that
 * folder
 * exists) and personal_domains.yaml (when present); then policy->sha256
 * is the SHA-256 of the manifest text, one "<sha256>  <path>\n" line per
 * file in path order (sha256sum's format); the baseline's entry is the
 * hash pc_policy_load() left in policy->sha256 (of the bytes it parsed).
 * pc_policy_load() calls it.
 */
int pc_policy_manifest(struct pc_policy *policy);

/* Frees a policy; NULL-safe. */
void pc_policy_free(struct pc_policy *policy);

/* The policy entry for check id, or NULL. Borrowed from policy. */
const struct pc_policy_check *pc_policy_find_check(
    const struct pc_policy *policy, const char *id);

/* The rule id within a check's policy, or NULL. */
const struct pc_rule *pc_policy_find_rule(
    const struct pc_policy_check *pc, const char *rule);

/* The rule's fix for an OS ("windows", "macos", "ios",
 * "ipados", "android", "chromeos"), else its general remediation.
 * Borrowed from the policy. */
const char *pc_rule_remediation_for(const struct pc_rule *rule, const char *os);

/* Days a finding of rule has to be fixed: the rule's own due_days, else
 * the policy's for its severity. */
long pc_policy_due_days(
    const struct pc_policy *policy, const struct pc_rule *rule);

/* Resolves a file named in the policy relative to the policy's folder.
 * Caller frees the returned string. */
char *pc_policy_path_of(const struct pc_policy *policy, const char *name);

#endif
