/* Policy loading: rules, severities, due days, and precise errors. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/policy.h"

#define DATA "tests/data/policy/"

Test(policy, valid_policy_loads)
{
	struct pc_policy *p = NULL;
	const struct pc_policy_check *pc;
	const struct pc_rule *rule;

	cr_assert_eq(
	    pc_policy_load(&p, DATA "valid.yaml"), 0, "%s", pc_error_get());
	cr_assert_str_eq(p->id, "test");
	cr_assert_eq(p->version, 3);
	cr_assert_eq(p->due_days[PC_SEV_CRITICAL], 1);
	cr_assert_eq(p->due_days[PC_SEV_LOW], 90);
	cr_assert_eq(strlen(p->sha256), 64);
	pc = pc_policy_find_check(p, "mfa");
	cr_assert_not_null(pc);
	cr_assert(pc->mandatory && pc->enabled);
	rule = pc_policy_find_rule(pc, "minor");
	cr_assert_not_null(rule);
	cr_assert_eq(rule->severity, PC_SEV_LOW);
	cr_assert_str_eq(rule->escalate_to, "office_fixes");
	cr_assert_null(pc_policy_find_rule(pc, "nonexistent"));
	pc_policy_free(p);
}

Test(policy, shipped_baseline_is_valid)
{
	struct pc_policy *p = NULL;

	cr_assert_eq(pc_policy_load(&p, "policies/baseline.yaml"), 0, "%s",
	    pc_error_get());
	cr_assert_eq(p->due_days[PC_SEV_HIGH], 7);
	cr_assert_eq(p->due_days[PC_SEV_MEDIUM], 30);
	pc_policy_free(p);
}

Test(policy, missing_check_id_is_an_error)
{
	struct pc_policy *p = NULL;

	cr_assert_neq(pc_policy_load(&p, DATA "missing_check.yaml"), 0);
	cr_assert(strstr(pc_error_get(), "checks.threats: missing"), "%s",
	    pc_error_get());
}

Test(policy, unknown_check_id_is_an_error)
{
	struct pc_policy *p = NULL;

	cr_assert_neq(pc_policy_load(&p, DATA "unknown_check.yaml"), 0);
	cr_assert(strstr(pc_error_get(), "checks.spam: unknown check id"), "%s",
	    pc_error_get());
}

Test(policy, unknown_route_is_an_error)
{
	struct pc_policy *p = NULL;

	cr_assert_neq(pc_policy_load(&p, DATA "bad_route.yaml"), 0);
	cr_assert(
	    strstr(pc_error_get(),
		"checks.patch.rules.problem.escalate_to: expected one of"),
	    "%s", pc_error_get());
}

Test(policy, device_rules_and_fix_per_os)
{
	static const struct {
		const char *id;
		enum pc_severity sev;
	} want[] = {
		{ "device_os_unsupported", PC_SEV_HIGH },
		{ "device_os_unsupported_soon", PC_SEV_MEDIUM },
		{ "device_os_outdated", PC_SEV_MEDIUM },
		{ "device_not_seen", PC_SEV_MEDIUM },
		{ "device_jailbroken", PC_SEV_HIGH },
		{ "device_not_encrypted", PC_SEV_HIGH },
		{ "device_noncompliant", PC_SEV_MEDIUM },
	};
	struct pc_policy *p = NULL;
	const struct pc_policy_check *pc;
	const struct pc_rule *rule;
	size_t i;

	cr_assert_eq(pc_policy_load(&p, "policies/baseline.yaml"), 0, "%s",
	    pc_error_get());
	cr_expect_str_eq(p->device_eol_file, "eol-devices.yaml");
	pc = pc_policy_find_check(p, "patch");
	cr_assert_not_null(pc);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		rule = pc_policy_find_rule(pc, want[i].id);
		cr_assert_not_null(rule, "%s", want[i].id);
		cr_expect_eq(rule->severity, want[i].sev, "%s", want[i].id);
		cr_expect_str_eq(rule->escalate_to, "office_fixes");
	}
	rule = pc_policy_find_rule(pc, "device_os_outdated");
	cr_expect_str_eq(pc_rule_remediation_for(rule, "windows"),
	    "Settings "
	    "→ Windows Update → Check for updates, install everything "
	    "offered, then restart.");
	/* An OS without its own text gets the general remediation. */
	rule = pc_policy_find_rule(pc, "device_noncompliant");
	cr_expect_eq(
	    pc_rule_remediation_for(rule, "windows"), rule->remediation);
	cr_expect_eq(pc_rule_remediation_for(rule, NULL), rule->remediation);
	pc_policy_free(p);
}

Test(policy, unknown_remediation_os_is_an_error)
{
	struct pc_policy *p = NULL;

	cr_assert_eq(
	    pc_policy_load(&p, DATA "bad_remediation_os.yaml"), PC_ECONFIG);
	cr_expect(strstr(pc_error_get(),
		      "rules.old_os.remediation_by_os."
		      "beos: unknown operating system") != NULL,
	    "%s", pc_error_get());
}

Test(policy, a_rule_may_set_its_own_due_days)
{
	struct pc_policy *p = NULL;
	const struct pc_policy_check *pc;

	cr_assert_eq(pc_policy_load(&p, "policies/baseline.yaml"), 0, "%s",
	    pc_error_get());
	cr_assert_not_null(pc = pc_policy_find_check(p, "threats"));
	/* threat is high (7 days by severity) but cannot wait a week */
	cr_assert_eq(
	    pc_policy_due_days(p, pc_policy_find_rule(pc, "threat")), 1);
	cr_assert_eq(
	    pc_policy_due_days(p, pc_policy_find_rule(pc, "doxxing")), 1);
	cr_assert_eq(pc_policy_due_days(
			 p, pc_policy_find_rule(pc, "harassment_pattern")),
	    1);
	/* abuse has none: medium's 30 days */
	cr_assert_eq(
	    pc_policy_due_days(p, pc_policy_find_rule(pc, "abuse")), 30);
	cr_assert_eq(
	    pc_policy_find_rule(pc, "harassment_pattern")->threshold, 3);
	cr_assert_eq(
	    pc_policy_find_rule(pc, "harassment_pattern")->window_days, 30);
	cr_assert_eq(pc->nlexicons, 5); /* four of rules, the word model */
	pc_policy_free(p);
}
