/*
 * The findings stage, between the runner and the report model: a finding
 * a check child sent is validated, enriched from the policy (severity,
 * route, remediation, due date), given its identity and de-duplicated
 * before it joins the report. The runner only supervises processes.
 */
#ifndef PC_FINDINGS_H
#define PC_FINDINGS_H

#include <cjson/cJSON.h>

#include "agent/policy.h"
#include "agent/report.h"

struct pc_findings;

/* A stage adding to report under policy, for a scan started at now. */
int pc_findings_new(struct pc_findings **out, struct pc_report *report,
    const struct pc_policy *policy, long long now);
void pc_findings_free(struct pc_findings *fs);

/*
 * Takes one "finding" message of check check_id (policy entry pc) as the
 * child sent it. 0 when added or dropped as a duplicate of one already in
 * the report (*added says which, may be NULL); PC_EINVALID with a reason
 * in the error slot when the message is malformed or names a rule the
 * policy does not define (the runner marks the check error).
 */
int pc_findings_take(struct pc_findings *fs, const char *check_id,
    const struct pc_policy_check *pc, const cJSON *msg, bool *added);

/*
 * Finding identity, defined once (DESIGN.md, issue 10): the first 16
 * bytes, in hex, of SHA-256 over check NUL rule NUL key, then NUL locator
 * when there is one. The key is what the problem is about — the keyed
 * hash of the matched value for content, else the account, package,
 * device or domain — and the locator says where, relative to its source
 * root (so the same problem keeps its id from month to month and a
 * source mounted elsewhere changes nothing). Without a locator the id is
 * the same as the first schema's fingerprint of check, rule and subject.
 * Both are taken before anything is masked.
 */
void pc_finding_id(char out[33], const char *check, const char *rule,
    const char *key, const char *locator);

/* Due date of a finding of rule (severity sev) first seen at from: the
 * rule's own due_days if set, else the policy's for the severity. */
long long pc_findings_due(const struct pc_policy *p, const char *check,
    const char *rule, enum pc_severity sev, long long from);

#endif
