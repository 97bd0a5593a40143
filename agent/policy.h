/* The scan policy (policies/baseline.yaml): checks, rules, severities, dues. */
#ifndef PC_POLICY_H
#define PC_POLICY_H

#include <stdbool.h>
#include <stddef.h>

enum pc_severity {
	PC_SEV_INFO = 0,
	PC_SEV_LOW,
	PC_SEV_MEDIUM,
	PC_SEV_HIGH,
	PC_SEV_CRITICAL,
};

/* One rule a check may report: its severity and escalation route. */
struct pc_rule {
	char *id; /* e.g. "security_update" (unique within its check) */
	char *title;
	enum pc_severity severity;
	char *escalate_to; /* route id in policies/escalation.yaml */
	char *overdue_escalate_to; /* route once past due; NULL = same */
	char *remediation; /* default plain-English fix */
	char *confirm;	   /* how to check it is fixed */
	long due_days;	   /* days to fix; 0 = from the severity */
	long threshold;	   /* pattern rules: how many (0 = unset) */
	long window_days;  /* pattern rules: within how many days */
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
	char sha256[65]; /* hex of the file's exact bytes */
	long due_days[PC_SEV_CRITICAL + 1];
	char *eol_file;	       /* end-of-life data, relative to the policy */
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

/* Frees a policy; NULL-safe. */
void pc_policy_free(struct pc_policy *policy);

/* The policy entry for check id, or NULL. Borrowed from policy. */
const struct pc_policy_check *pc_policy_find_check(
    const struct pc_policy *policy, const char *id);

/* The rule id within a check's policy, or NULL. */
const struct pc_rule *pc_policy_find_rule(const struct pc_policy_check *pc,
    const char *rule);

/* Days a finding of rule has to be fixed: the rule's own due_days, else
 * the policy's for its severity. */
long pc_policy_due_days(const struct pc_policy *policy,
    const struct pc_rule *rule);

/* Severity name ("high") and parse; parse returns -1 when unknown. */
const char *pc_severity_name(enum pc_severity sev);
int pc_severity_parse(const char *name);

/* Resolves a file named in the policy relative to the policy's folder.
 * Caller frees the returned string. */
char *pc_policy_path_of(const struct pc_policy *policy, const char *name);

#endif
