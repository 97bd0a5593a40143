/* Provider response parsing for the mfa check, from recorded responses
 * in tests/data/mfa/ (one file per scenario). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/lib/json.h"
#include "checks/mfa/mfa.h"

/* What the sink saw: "account=state[admin]" lines. */
static char seen[8192];

/* Test sink: appends one line per account. */
static int
sink(void *arg, const struct mfa_account *a)
{
	static const char *names[] = { "strong", "none", "weak", "unknown" };
	size_t l = strlen(seen);

	snprintf(seen + l, sizeof(seen) - l, "%s=%s%s\n", a->account,
	    names[a->state], a->admin ? "[admin]" : "");
	return 0;
}

/* Loads tests/data/mfa/<name> as JSON. */
static cJSON *
load(const char *name)
{
	char path[512];
	struct pc_buf b;
	cJSON *j = NULL;

	snprintf(path, sizeof(path), "tests/data/mfa/%s", name);
	cr_assert_eq(pc_file_read(&b, path, 1 << 22), 0, "%s", pc_error_get());
	cr_assert_eq(pc_json_parse(&j, b.data, b.len, 1 << 22, "test"), 0);
	pc_buf_free(&b);
	return j;
}

/* A provider in sink mode. */
static struct mfa_provider
provider(const char *id)
{
	struct mfa_provider p = { .id = id, .label = id, .sink = sink };

	seen[0] = '\0';
	return p;
}

Test(mfa_parse, graph_regdetails_classifies_each_user)
{
	struct mfa_provider p = provider("microsoft365");
	cJSON *j = load("graph_regdetails_demo.json");

	cr_assert_eq(pc_mfa_graph_regdetails_page(&p, j), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(seen,
	    "sam.example@parliament.uk=strong[admin]\n"
	    "chris.member@parliament.uk=none\n"
	    "alex.caseworker@parliament.uk=weak\n"
	    "priya.researcher@parliament.uk=strong\n"
	    "jordan.manager@parliament.uk=none[admin]\n"
	    "former.intern@parliament.uk=strong\n");
	cr_assert_eq(p.excluded, 1); /* the guest */
	cr_assert_eq(p.none, 2);
	cr_assert_eq(p.weak, 1);
	cJSON_Delete(j);
}

Test(mfa_parse, graph_value_not_an_array_is_an_error)
{
	struct mfa_provider p = provider("microsoft365");
	cJSON *j = load("graph_notarray.json");

	cr_assert_eq(pc_mfa_graph_regdetails_page(&p, j), PC_EPARSE);
	cr_assert_str_eq(pc_error_get(),
	    "graph: expected value to be an array, got a string");
	cr_assert_eq(p.examined, 0);
	cJSON_Delete(j);
}

Test(mfa_parse, graph_per_user_methods)
{
	enum mfa_state st;
	char m[256];
	cJSON *j;

	j = load("graph_methods_sms_only.json");
	cr_assert_eq(pc_mfa_graph_methods(&st, m, sizeof(m), j), 0);
	cr_assert_eq(st, MFA_WEAK);
	cr_assert_str_eq(m, "phone");
	cJSON_Delete(j);
	j = load("graph_methods_email_only.json");
	cr_assert_eq(pc_mfa_graph_methods(&st, m, sizeof(m), j), 0);
	cr_assert_eq(st, MFA_NONE, "email alone is not a second factor");
	cJSON_Delete(j);
	j = load("graph_methods_authenticator_fido2.json");
	cr_assert_eq(pc_mfa_graph_methods(&st, m, sizeof(m), j), 0);
	cr_assert_eq(st, MFA_STRONG);
	cr_assert(strstr(m, "fido2") && strstr(m, "microsoftAuthenticator"));
	cJSON_Delete(j);
}

Test(mfa_parse, graph_report_only_ca_policy_does_not_enforce)
{
	cJSON *j = load("graph_ca_report_only.json");

	cr_assert_eq(pc_mfa_graph_ca_enforced(j), 0);
	cJSON_Delete(j);
	j = load("graph_ca_all_users_enabled.json");
	cr_assert_eq(pc_mfa_graph_ca_enforced(j), 1);
	cJSON_Delete(j);
}

Test(mfa_parse, google_users_skip_suspended_archived)
{
	struct mfa_provider p = provider("google");
	cJSON *j = load("google_users_demo.json");
	size_t not_enforced = 0;

	cr_assert_eq(pc_mfa_google_users_page(&p, j, &not_enforced), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(seen,
	    "sam.example@parliament.uk=strong[admin]\n"
	    "chris.member@parliament.uk=none\n"
	    "alex.caseworker@parliament.uk=strong\n"
	    "priya.researcher@parliament.uk=strong\n"
	    "jordan.manager@parliament.uk=none[admin]\n"
	    "former.intern@parliament.uk=strong\n");
	cr_assert_eq(p.excluded, 2);
	cr_assert_eq(not_enforced, 0);
	cJSON_Delete(j);
	j = load("google_notarray.json");
	cr_assert_neq(pc_mfa_google_users_page(&p, j, &not_enforced), 0);
	cr_assert_str_eq(pc_error_get(),
	    "google: expected users to be an array, got a string");
	cJSON_Delete(j);
}

Test(mfa_parse, slack_admin_token_tri_state)
{
	struct mfa_provider p = provider("slack");
	cJSON *j = load("slack_users_admin_token.json");

	cr_assert_eq(pc_mfa_slack_members_page(&p, j), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(seen,
	    "sam.example@parliament.uk=strong[admin]\n"
	    "chris.member@parliament.uk=none\n"
	    "alex.caseworker@parliament.uk=weak\n"
	    "priya.researcher@parliament.uk=strong\n"
	    "jordan.manager@parliament.uk=none[admin]\n"
	    "former.intern@parliament.uk=strong\n");
	cr_assert_eq(p.excluded, 3); /* Slackbot, deleted, bot */
	cJSON_Delete(j);
}

Test(mfa_parse, slack_bot_token_means_unknown_never_pass)
{
	struct mfa_provider p = provider("slack");
	cJSON *j = load("slack_users_bot_token.json");

	cr_assert_eq(pc_mfa_slack_members_page(&p, j), 0);
	cr_assert_eq(p.unknown, 6);
	cr_assert_eq(p.none + p.weak, 0);
	cr_assert(strstr(seen, "=strong") == NULL);
	cJSON_Delete(j);
}

Test(mfa_parse, okta_factors)
{
	static const struct {
		const char *file;
		enum mfa_state want;
	} cases[] = {
		{ "okta_factors_sam_example.json", MFA_STRONG },
		{ "okta_factors_chris_member.json", MFA_NONE },
		{ "okta_factors_alex_caseworker.json", MFA_WEAK },
		{ "okta_factors_priya_researcher.json", MFA_STRONG },
		{ "okta_factors_jordan_manager.json", MFA_NONE },
	};
	enum mfa_state st;
	char m[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cJSON *j = load(cases[i].file);

		cr_assert_eq(pc_mfa_okta_factors(&st, m, sizeof(m), j), 0);
		cr_assert_eq(st, cases[i].want, "%s", cases[i].file);
		cJSON_Delete(j);
	}
}

/* Classifies a one-factor list [{factorType: type, status: status}]. */
static enum mfa_state
okta_one(const char *type, const char *status, char *m, size_t n)
{
	char text[256];
	enum mfa_state st = MFA_UNKNOWN;
	cJSON *j;

	snprintf(text, sizeof(text), "[{\"factorType\":\"%s\","
	    "\"status\":\"%s\"}]", type, status);
	j = cJSON_Parse(text);
	cr_assert_not_null(j);
	cr_assert_eq(pc_mfa_okta_factors(&st, m, n, j), 0, "%s",
	    pc_error_get());
	cJSON_Delete(j);
	return st;
}

/* Every factor type Okta's Factors API documents, alone and ACTIVE. */
Test(mfa_parse, okta_each_factor_type)
{
	static const struct {
		const char *type;
		enum mfa_state want;
	} cases[] = {
		{ "push", MFA_STRONG },
		{ "token:software:totp", MFA_STRONG },
		{ "token:hotp", MFA_STRONG },
		{ "token:hardware", MFA_STRONG },
		{ "token", MFA_STRONG },
		{ "u2f", MFA_STRONG },
		{ "webauthn", MFA_STRONG },
		{ "web", MFA_STRONG },
		{ "signed_nonce", MFA_STRONG },
		{ "sms", MFA_WEAK },
		{ "call", MFA_WEAK },
		{ "email", MFA_WEAK },
		{ "question", MFA_NONE },
	};
	char m[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(okta_one(cases[i].type, "ACTIVE", m, sizeof(m)),
		    cases[i].want, "%s", cases[i].type);
		cr_assert_str_eq(m, cases[i].type);
		/* A factor not yet activated is no factor at all. */
		cr_assert_eq(okta_one(cases[i].type, "PENDING_ACTIVATION", m,
		    sizeof(m)), MFA_NONE, "%s pending", cases[i].type);
	}
}

/* An e-mail-only Okta user is weak (medium), not "no 2FA" (high); a
 * question beside it changes nothing; a strong factor wins. */
Test(mfa_parse, okta_email_is_weak_question_is_nothing)
{
	static const struct {
		const char *json;
		enum mfa_state want;
	} cases[] = {
		{ "[{\"factorType\":\"email\",\"status\":\"ACTIVE\"},"
		  "{\"factorType\":\"question\",\"status\":\"ACTIVE\"}]",
		    MFA_WEAK },
		{ "[{\"factorType\":\"question\",\"status\":\"ACTIVE\"}]",
		    MFA_NONE },
		{ "[{\"factorType\":\"email\",\"status\":\"ACTIVE\"},"
		  "{\"factorType\":\"push\",\"status\":\"ACTIVE\"}]",
		    MFA_STRONG },
		{ "[]", MFA_NONE },
	};
	enum mfa_state st;
	char m[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cJSON *j = cJSON_Parse(cases[i].json);

		cr_assert_eq(pc_mfa_okta_factors(&st, m, sizeof(m), j), 0);
		cr_assert_eq(st, cases[i].want, "%s", cases[i].json);
		cJSON_Delete(j);
	}
}

/* The weak finding's title names e-mail when the factor is e-mail. */
Test(mfa_parse, okta_email_only_is_a_weak_finding)
{
	struct mfa_provider p = provider("okta");
	struct mfa_account a = { .account = "e@x", .state = MFA_WEAK,
		.methods = "email" };

	cr_assert_eq(pc_mfa_account(&p, &a), 0);
	cr_assert_eq(p.weak, 1);
	cr_assert_eq(p.none, 0);
	cr_assert_str_eq(seen, "e@x=weak\n");
}
