/*
 * The findings stage: identity is defined once (check, rule, item key,
 * locator), distinct items stay distinct, the same item is kept once, and
 * the due date follows the rule's own days before the severity's.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/findings.h"
#include "agent/lib/err.h"
#include "agent/policy.h"
#include "agent/report.h"

static struct pc_policy *policy;
static struct pc_report *report;
static struct pc_findings *stage;
#define NOW 1764925200LL /* 2025-12-05T09:00:00Z */

static void
setup(void)
{
	cr_assert_eq(pc_policy_load(&policy, "policies/baseline.yaml"), 0,
	    "%s", pc_error_get());
	report = pc_report_new();
	cr_assert_eq(pc_findings_new(&stage, report, policy, NOW), 0);
}

static void
teardown(void)
{
	pc_findings_free(stage);
	pc_report_free(report);
	pc_policy_free(policy);
}

TestSuite(findings, .init = setup, .fini = teardown);

/* Sends one finding message as a child would; returns the stage's code. */
static int
take(const char *check, const char *json, bool *added)
{
	cJSON *o = cJSON_Parse(json);
	int r;

	cr_assert_not_null(o, "test JSON: %s", json);
	r = pc_findings_take(stage, check, pc_policy_find_check(policy, check),
	    o, added);
	cJSON_Delete(o);
	return r;
}

Test(findings, id_without_a_locator_is_the_first_schemas_fingerprint)
{
	char a[33], b[33];

	pc_finding_id(a, "mfa", "member_no_2fa", "google:alex", NULL);
	pc_report_fingerprint(b, "mfa", "member_no_2fa", "google:alex");
	cr_assert_str_eq(a, b, "mfa and patch ids do not change");
	pc_finding_id(a, "mfa", "member_no_2fa", "google:alex", "");
	cr_assert_str_eq(a, b);
}

Test(findings, each_part_of_the_identity_counts)
{
	char base[33], x[33];

	pc_finding_id(base, "exposure", "uk_nino", "k1", "a.txt:3");
	pc_finding_id(x, "exposure", "uk_nino", "k2", "a.txt:3");
	cr_assert_str_neq(base, x, "another value");
	pc_finding_id(x, "exposure", "uk_nino", "k1", "b.txt:3");
	cr_assert_str_neq(base, x, "another place");
	pc_finding_id(x, "exposure", "payment_card", "k1", "a.txt:3");
	cr_assert_str_neq(base, x, "another rule");
	/* the parts are separated: shifting a byte between them differs */
	pc_finding_id(x, "exposure", "uk_nino", "k1a", ".txt:3");
	cr_assert_str_neq(base, x);
}

Test(findings, two_values_on_one_line_stay_two_findings)
{
	bool added;

	cr_assert_eq(take("exposure", "{\"rule\":\"payment_card\",\"subject\":"
	    "\"cards.txt:4\",\"key\":\"hmac-1\",\"locator\":\"cards.txt:4\"}",
	    &added), 0, "%s", pc_error_get());
	cr_assert(added);
	cr_assert_eq(take("exposure", "{\"rule\":\"payment_card\",\"subject\":"
	    "\"cards.txt:4\",\"key\":\"hmac-2\",\"locator\":\"cards.txt:4\"}",
	    &added), 0);
	cr_assert(added, "a second card on the same line is another finding");
	cr_assert_eq(report->nfindings, 2);
	cr_assert_str_neq(report->findings[0].id, report->findings[1].id);
}

Test(findings, the_same_item_twice_is_kept_once)
{
	bool added;
	const char *msg = "{\"rule\":\"member_no_2fa\",\"subject\":"
	    "\"google:alex\"}";

	cr_assert_eq(take("mfa", msg, &added), 0);
	cr_assert(added);
	cr_assert_eq(take("mfa", msg, &added), 0);
	cr_assert_not(added);
	cr_assert_eq(report->nfindings, 1);
}

Test(findings, enriched_from_the_policy)
{
	const struct pc_policy_check *pc = pc_policy_find_check(policy, "mfa");
	const struct pc_rule *rule = pc_policy_find_rule(pc, "member_no_2fa");
	char due[32];

	cr_assert_eq(take("mfa", "{\"rule\":\"member_no_2fa\",\"subject\":"
	    "\"google:alex\",\"severity\":\"info\"}", NULL), 0);
	cr_assert_eq(report->findings[0].severity, rule->severity,
	    "the child cannot choose its severity");
	cr_assert_str_eq(report->findings[0].escalate_to, rule->escalate_to);
	pc_time_iso(due, NOW + policy->due_days[rule->severity] * 86400LL);
	cr_assert_str_eq(report->findings[0].due, due);
}

Test(findings, a_rules_own_due_days_wins)
{
	struct pc_policy_check *pc = (struct pc_policy_check *)
	    pc_policy_find_check(policy, "mfa");
	struct pc_rule *rule = (struct pc_rule *)pc_policy_find_rule(pc,
	    "member_no_2fa");
	char due[32];

	rule->due_days = 3;
	cr_assert_eq(take("mfa", "{\"rule\":\"member_no_2fa\",\"subject\":"
	    "\"google:alex\"}", NULL), 0);
	pc_time_iso(due, NOW + 3 * 86400LL);
	cr_assert_str_eq(report->findings[0].due, due);
	cr_assert_eq(pc_findings_due(policy, "mfa", "member_no_2fa",
	    rule->severity, NOW), NOW + 3 * 86400LL);
}

Test(findings, content_findings_carry_a_content_id)
{
	cr_assert_eq(take("exposure", "{\"rule\":\"uk_nino\",\"subject\":"
	    "\"a.txt:3\",\"key\":\"k\",\"locator\":\"a.txt:3\","
	    "\"content_key\":\"filehash:3\"}", NULL), 0, "%s", pc_error_get());
	cr_assert_not_null(report->findings[0].content_id);
	cr_assert_eq(strlen(report->findings[0].content_id), 32);
}

Test(findings, malformed_and_unknown_rules_are_refused)
{
	cr_assert_eq(take("mfa", "{\"subject\":\"x\"}", NULL), PC_EINVALID);
	cr_assert_eq(take("mfa", "{\"rule\":\"member_no_2fa\",\"subject\":7}",
	    NULL), PC_EINVALID);
	cr_assert_eq(take("mfa", "{\"rule\":\"no_such_rule\",\"subject\":"
	    "\"x\"}", NULL), PC_EINVALID);
	cr_assert(strstr(pc_error_get(), "no_such_rule") != NULL);
	cr_assert_eq(report->nfindings, 0);
}
