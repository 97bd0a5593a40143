/* Loads a policy file (which checks run, rules, severities, due days). */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/sha256.h"
#include "agent/lib/fileio.h"
#include "policy.h"
#include "agent/lib/schema.h"

static const char *const route_ids[] = { "police_now", "parliament_security",
	"data_protection", "office_fixes", "pds", NULL };

#define F(k, t, s, m)                                                          \
	{                                                                      \
		.key = k, .type = t, .off = offsetof(s, m),                    \
		.present_off = PC_NO_OFFSET                                    \
	}
#define FR(k, t, s, m)                                                         \
	{                                                                      \
		.key = k, .type = t, .off = offsetof(s, m), .required = true,  \
		.present_off = PC_NO_OFFSET                                    \
	}

static const struct pc_field rule_fields[] = {
	FR("title", PC_F_STRING, struct pc_rule, title),
	{ .key = "severity",
	    .type = PC_F_ENUM,
	    .off = offsetof(struct pc_rule, severity),
	    .required = true,
	    .choices = pc_severity_names,
	    .present_off = PC_NO_OFFSET },
	{ .key = "escalate_to",
	    .type = PC_F_STRING,
	    .off = offsetof(struct pc_rule, escalate_to),
	    .required = true,
	    .choices = route_ids,
	    .present_off = PC_NO_OFFSET },
	{ .key = "overdue_escalate_to",
	    .type = PC_F_STRING,
	    .off = offsetof(struct pc_rule, overdue_escalate_to),
	    .choices = route_ids,
	    .present_off = PC_NO_OFFSET },
	FR("remediation", PC_F_STRING, struct pc_rule, remediation),
	F("confirm", PC_F_STRING, struct pc_rule, confirm),
	F("due_days", PC_F_INT, struct pc_rule, due_days),
	{ .key = "remediation_by_os",
	    .type = PC_F_PAIRS,
	    .off = offsetof(struct pc_rule, remediation_by_os),
	    .count_off = offsetof(struct pc_rule, nremediation_by_os),
	    .present_off = PC_NO_OFFSET },
	F("threshold", PC_F_INT, struct pc_rule, threshold),
	F("window_days", PC_F_INT, struct pc_rule, window_days),
};
static const struct pc_schema rule_schema = { rule_fields,
	sizeof(rule_fields) / sizeof(rule_fields[0]), sizeof(struct pc_rule),
	offsetof(struct pc_rule, line) };

static const struct pc_field check_fields[] = {
	FR("enabled", PC_F_BOOL, struct pc_policy_check, enabled),
	FR("mandatory", PC_F_BOOL, struct pc_policy_check, mandatory),
	FR("timeout_seconds", PC_F_INT, struct pc_policy_check,
	    timeout_seconds),
	F("max_findings", PC_F_INT, struct pc_policy_check, max_findings),
	{ .key = "rules",
	    .type = PC_F_KEYED,
	    .off = offsetof(struct pc_policy_check, rules),
	    .count_off = offsetof(struct pc_policy_check, nrules),
	    .sub = &rule_schema,
	    .required = true,
	    .present_off = PC_NO_OFFSET },
	{ .key = "lexicons",
	    .type = PC_F_STRLIST,
	    .off = offsetof(struct pc_policy_check, lexicons),
	    .count_off = offsetof(struct pc_policy_check, nlexicons),
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema check_schema = { check_fields,
	sizeof(check_fields) / sizeof(check_fields[0]),
	sizeof(struct pc_policy_check),
	offsetof(struct pc_policy_check, line) };

#define DUE(k, sev)                                                            \
	{                                                                      \
		.key = k, .type = PC_F_INT,                                    \
		.off = offsetof(struct pc_policy, due_days) +                  \
		    (sev) * sizeof(long),                                      \
		.required = true, .present_off = PC_NO_OFFSET                  \
	}
static const struct pc_field due_fields[] = {
	DUE("info", PC_SEV_INFO),
	DUE("low", PC_SEV_LOW),
	DUE("medium", PC_SEV_MEDIUM),
	DUE("high", PC_SEV_HIGH),
	DUE("critical", PC_SEV_CRITICAL),
};
static const struct pc_schema due_schema = { due_fields,
	sizeof(due_fields) / sizeof(due_fields[0]), sizeof(struct pc_policy),
	PC_NO_OFFSET };

static const struct pc_field policy_fields[] = {
	FR("id", PC_F_STRING, struct pc_policy, id),
	FR("version", PC_F_INT, struct pc_policy, version),
	{ .key = "due_days",
	    .type = PC_F_MAP,
	    .off = 0,
	    .sub = &due_schema,
	    .required = true,
	    .present_off = PC_NO_OFFSET },
	FR("eol_file", PC_F_STRING, struct pc_policy, eol_file),
	F("device_eol_file", PC_F_STRING, struct pc_policy, device_eol_file),
	FR("escalation_file", PC_F_STRING, struct pc_policy, escalation_file),
	{ .key = "checks",
	    .type = PC_F_KEYED,
	    .off = offsetof(struct pc_policy, checks),
	    .count_off = offsetof(struct pc_policy, nchecks),
	    .sub = &check_schema,
	    .required = true,
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema policy_schema = { policy_fields,
	sizeof(policy_fields) / sizeof(policy_fields[0]),
	sizeof(struct pc_policy), PC_NO_OFFSET };

/* The five check ids DESIGN.md names; a policy must say what each does. */
static const char *const known_checks[] = { "mfa", "patch", "email", "exposure",
	"threats", NULL };

/* Checks a check's rules: a rule's own due_days is 1 to 365. */
static int
validate_rules(const struct pc_policy *p, const struct pc_policy_check *pc)
{
	size_t i;

	for (i = 0; i < pc->nrules; i++)
		if (pc->rules[i].due_days < 0 || pc->rules[i].due_days > 365)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: checks.%s.rules.%s.due_days: must be 1 to 365 days (or left out for the severity's default)",
			    p->path, pc->rules[i].line, pc->id,
			    pc->rules[i].id);
	return 0;
}

/* The operating systems remediation_by_os may name. */
static const char *const rule_oses[] = { "windows", "macos", "ios", "ipados",
	"android", "chromeos", NULL };

/* Checks every remediation_by_os key is a known operating system. */
static int
validate_rule_oses(const struct pc_policy *p, const struct pc_policy_check *c)
{
	const struct pc_rule *r;
	size_t i, k;
	int o, found;

	for (i = 0; i < c->nrules; i++) {
		r = &c->rules[i];
		for (k = 0; k < r->nremediation_by_os; k++) {
			for (o = 0, found = 0; rule_oses[o]; o++)
				found |= strcmp(rule_oses[o],
					     r->remediation_by_os[k].os) == 0;
			if (!found)
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: checks.%s.rules.%s.remediation_by_os.%s: unknown operating system; expected windows, macos, ios, ipados, android or chromeos",
				    p->path, r->line, c->id, r->id,
				    r->remediation_by_os[k].os);
		}
	}
	return 0;
}

/* The rule's fix for an operating system, else its general one. */
const char *
pc_rule_remediation_for(const struct pc_rule *rule, const char *os)
{
	size_t i;

	for (i = 0; os != NULL && i < rule->nremediation_by_os; i++)
		if (strcmp(rule->remediation_by_os[i].os, os) == 0)
			return rule->remediation_by_os[i].text;
	return rule->remediation;
}

/* Checks every check id is known and every known check is listed. */
static int
validate(const struct pc_policy *p)
{
	size_t i;
	int k, found, rc;

	for (i = 0; i < p->nchecks; i++) {
		for (k = 0, found = 0; known_checks[k]; k++)
			found |= strcmp(known_checks[k], p->checks[i].id) == 0;
		if (!found)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: checks.%s: unknown check id; expected one of mfa, patch, email, exposure, threats",
			    p->path, p->checks[i].line, p->checks[i].id);
		if ((rc = validate_rule_oses(p, &p->checks[i])) != 0)
			return rc;
	}
	for (i = 0; i < p->nchecks; i++)
		if ((rc = validate_rules(p, &p->checks[i])) != 0)
			return rc;
	for (k = 0; known_checks[k]; k++)
		if (pc_policy_find_check(p, known_checks[k]) == NULL)
			return pc_error_set(PC_ECONFIG,
			    "%s: checks.%s: missing; every check id must be listed (set enabled: false to turn one off)",
			    p->path, known_checks[k]);
	return 0;
}

/* Loads and validates a policy file. */
int
pc_policy_load(struct pc_policy **policy_out, const char *path)
{
	struct pc_yaml_node *root = NULL;
	struct pc_policy *p;
	struct pc_buf b;
	int r;

	*policy_out = NULL;
	pc_buf_init(&b, 1);
	if ((p = calloc(1, sizeof(*p))) == NULL ||
	    (p->path = strdup(path)) == NULL) {
		free(p);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if ((r = pc_file_read(&b, path, PC_YAML_MAX_BYTES)) != 0) {
		r = pc_error_set(PC_ECONFIG, "policy: %s", pc_error_get());
		goto out;
	}
	/* The bytes parsed are the bytes hashed (the manifest's first
	 * entry); pc_policy_manifest() then sets sha256 to the manifest's. */
	pc_sha256_hex(p->sha256, b.data ? b.data : "", b.len);
	if ((r = pc_yaml_parse(&root, path, b.data ? b.data : "", b.len)) ||
	    (r = pc_schema_bind(&policy_schema, p, root, path, "")) ||
	    (r = validate(p)) || (r = pc_policy_manifest(p)))
		goto out;
	*policy_out = p;
	p = NULL;
out:
	pc_buf_free(&b);
	pc_yaml_free(root);
	pc_policy_free(p);
	return r;
}

/* Frees a policy. */
void
pc_policy_free(struct pc_policy *policy)
{
	size_t i;

	if (policy == NULL)
		return;
	pc_schema_free(&policy_schema, policy);
	for (i = 0; i < policy->nfiles; i++)
		free(policy->files[i].path);
	free(policy->files);
	free(policy->path);
	free(policy);
}

/* The policy entry for a check id. */
const struct pc_policy_check *
pc_policy_find_check(const struct pc_policy *policy, const char *id)
{
	size_t i;

	for (i = 0; i < policy->nchecks; i++)
		if (strcmp(policy->checks[i].id, id) == 0)
			return &policy->checks[i];
	return NULL;
}

/* A rule within a check's policy. */
const struct pc_rule *
pc_policy_find_rule(const struct pc_policy_check *pc, const char *rule)
{
	size_t i;

	for (i = 0; pc && i < pc->nrules; i++)
		if (strcmp(pc->rules[i].id, rule) == 0)
			return &pc->rules[i];
	return NULL;
}

/* Days to fix a finding of rule. */
long
pc_policy_due_days(const struct pc_policy *policy, const struct pc_rule *rule)
{
	if (rule->due_days > 0)
		return rule->due_days;
	return policy->due_days[rule->severity];
}

/* Resolves a file named in the policy relative to the policy's folder. */
char *
pc_policy_path_of(const struct pc_policy *policy, const char *name)
{
	char dir[PATH_MAX], out[PATH_MAX];

	if (name == NULL)
		return NULL;
	if (name[0] == '/')
		return strdup(name);
	snprintf(dir, sizeof(dir), "%s", policy->path);
	if (snprintf(out, sizeof(out), "%s/%s", dirname(dir), name) >=
	    (int)sizeof(out))
		return NULL;
	return strdup(out);
}

/* The installed baseline policy, else the source tree's. */
const char *
pc_policy_default_path(void)
{
	if (access(PC_POLICY_INSTALLED, R_OK) == 0)
		return PC_POLICY_INSTALLED;
	return PC_SOURCE_DIR "/policies/baseline.yaml";
}
