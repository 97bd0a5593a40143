/*
 * The mfa check's probe (`portcullis config check`): in the same sandboxed
 * child a scan uses, signs in to each configured provider and sends one
 * small read-only request per permission the check needs, so a missing
 * consent shows before the monthly scan rather than in its report.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "checks/mfa/mfa.h"
#include "checks/providers/github.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "checks/providers/okta.h"
#include "checks/providers/slack.h"
#include "agent/lib/err.h"
#include "agent/lib/json.h"

#define GOOGLE_SCOPE                                                           \
	"https://www.googleapis.com/auth/admin.directory.user.readonly"

/* Records the outcome of one probe step as a count line or a problem. */
int
pc_mfa_probe_step(struct pc_check_ctx *ctx, const char *id, const char *what,
    const char *permission, int r)
{
	if (r == 0)
		return pc_check_count(ctx, id, "ok: %s%s%s%s", what,
		    permission ? " (" : "", permission ? permission : "",
		    permission ? ")" : "");
	/* The detail as a line of its own (config check prints one red
	 * line per step), and a short note for the check's reason. */
	pc_check_count(ctx, id, "failed: cannot %s%s%s%s: %s", what,
	    permission ? " (needs " : "", permission ? permission : "",
	    permission ? ")" : "", pc_error_get());
	pc_check_incomplete(ctx, "%s: cannot %s", id, what);
	return r;
}

/* GETs base+path from Graph; a refusal names the permission. The first
 * item's id is copied to id_out when asked. */
static int
graph_read(struct pc_graph *g, const char *path, const char *what,
    const char *permission, char *id_out, size_t id_len)
{
	struct pc_http_resp resp = { 0 };
	const cJSON *value, *id;
	cJSON *json = NULL;
	char url[1024];
	int r;

	snprintf(url, sizeof(url), "%s%s", pc_graph_base(g), path);
	if ((r = pc_graph_get(g, url, &resp, &json)) != 0)
		goto out;
	if (json == NULL) {
		r = pc_graph_refused(&resp, what, permission);
		goto out;
	}
	value = cJSON_GetObjectItemCaseSensitive(json, "value");
	id = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetArrayItem(value, 0), "id");
	if (id_out && cJSON_IsString(id) &&
	    strspn(id->valuestring, "0123456789abcdefABCDEF-") ==
		strlen(id->valuestring))
		snprintf(id_out, id_len, "%s", id->valuestring);
out:
	cJSON_Delete(json);
	pc_http_resp_free(&resp);
	return r;
}

/* Microsoft 365: sign-in, users, roles, methods, security defaults. */
int
pc_mfa_probe_graph(struct pc_check_ctx *ctx, const struct pc_config *cfg)
{
	struct pc_provider_env env = pc_provider_env_of(ctx);
	struct pc_graph *g = NULL;
	char first[128] = "", path[256];
	int r, bad = 0;

	r = pc_graph_open(&g, &env, pc_m365_cfg(cfg));
	if (pc_mfa_probe_step(ctx, "microsoft365",
		"sign in with the client secret", NULL, r) != 0)
		goto out;
	/* The premium report; a tenant without Entra ID P1 refuses it and
	 * the check reads each user's methods instead (needs below). */
	r = graph_read(g,
	    "/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1",
	    "sign-in method registrations", "AuditLog.Read.All", NULL, 0);
	if (r != 0 && strstr(pc_error_get(), "NonPremium") != NULL)
		pc_check_count(ctx, "microsoft365",
		    "ok: read sign-in method registrations: not offered on this tenant (no Entra ID P1), so each user's methods are read instead");
	else
		bad |= pc_mfa_probe_step(ctx, "microsoft365",
		    "read sign-in method registrations", "AuditLog.Read.All",
		    r);
	bad |= pc_mfa_probe_step(ctx, "microsoft365", "list users",
	    "User.Read.All",
	    graph_read(g, "/v1.0/users?$top=1&$select=id", "users",
		"User.Read.All", first, sizeof(first)));
	bad |= pc_mfa_probe_step(ctx, "microsoft365", "list admin roles",
	    "RoleManagement.Read.Directory",
	    graph_read(g, "/v1.0/directoryRoles", "directory roles",
		"RoleManagement.Read.Directory", NULL, 0));
	if (first[0]) {
		snprintf(path, sizeof(path),
		    "/v1.0/users/%s/authentication/methods", first);
		bad |= pc_mfa_probe_step(ctx, "microsoft365",
		    "read a user's sign-in methods",
		    "UserAuthenticationMethod.Read.All",
		    graph_read(g, path, "authentication methods",
			"UserAuthenticationMethod.Read.All", NULL, 0));
	}
	bad |= pc_mfa_probe_step(ctx, "microsoft365",
	    "read the security defaults", "Policy.Read.All",
	    graph_read(g,
		"/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
		"the security defaults", "Policy.Read.All", NULL, 0));
	r = bad ? PC_EAUTH : 0;
out:
	pc_graph_close(g);
	return r;
}

/* Google Workspace: the admin's delegated token and one user. */
int
pc_mfa_probe_google(struct pc_check_ctx *ctx, const struct pc_config *cfg)
{
	const struct pc_google *gc = pc_google_cfg(cfg);
	struct pc_provider_env env = pc_provider_env_of(ctx);
	struct pc_google_session *s = NULL;
	struct pc_google_user *admin = NULL;
	struct pc_http_resp resp = { 0 };
	cJSON *json = NULL;
	struct pc_buf url;
	int r;

	pc_buf_init(&url, 4096);
	if ((r = pc_google_open(&s, &env, gc)) != 0 ||
	    (r = pc_google_as(&admin, s, gc->admin_subject, GOOGLE_SCOPE,
		 gc->directory_url)) != 0) {
		pc_mfa_probe_step(ctx, "google",
		    "sign in as the admin (domain-wide delegation)",
		    GOOGLE_SCOPE, r);
		goto out;
	}
	pc_mfa_probe_step(ctx, "google",
	    "sign in as the admin (domain-wide delegation)", NULL, 0);
	if ((r = pc_google_directory_url(
		 &url, admin, gc, "users?customer=", "&maxResults=1")) != 0)
		goto out;
	if ((r = pc_google_get(admin, url.data, &resp, &json)) == 0 &&
	    json == NULL)
		r = pc_http_fail(&resp, "google");
	r = pc_mfa_probe_step(ctx, "google", "list users", GOOGLE_SCOPE, r);
out:
	cJSON_Delete(json);
	pc_http_resp_free(&resp);
	pc_buf_free(&url);
	pc_google_close(s);
	return r;
}

/* GitHub: the organisation, and its members without 2FA (owners only). */
int
pc_mfa_probe_github(struct pc_check_ctx *ctx, const struct pc_config *cfg)
{
	struct pc_provider_env env = pc_provider_env_of(ctx);
	struct pc_github_session *s = NULL;
	struct pc_http_resp resp = { 0 };
	cJSON *json = NULL;
	char url[1024];
	int r, bad;

	r = pc_github_open(&s, &env, pc_github_cfg(cfg));
	if (pc_mfa_probe_step(
		ctx, "github", "open a session with the token", NULL, r))
		goto out;
	if ((r = pc_github_get(s, pc_github_org_url(s), &resp, &json)) == 0 &&
	    json == NULL)
		r = pc_github_refused(&resp, "the organisation");
	bad = pc_mfa_probe_step(
	    ctx, "github", "read the organisation", "read:org", r);
	cJSON_Delete(json);
	json = NULL;
	pc_http_resp_free(&resp);
	memset(&resp, 0, sizeof(resp));
	snprintf(url, sizeof(url), "%s/members?filter=2fa_disabled&per_page=1",
	    pc_github_org_url(s));
	if ((r = pc_github_get(s, url, &resp, &json)) == 0 && json == NULL)
		r = pc_github_refused(&resp, "members without 2FA");
	r = pc_mfa_probe_step(ctx, "github", "list members without 2FA",
		"read:org, as an organisation owner", r) |
	    bad;
out:
	cJSON_Delete(json);
	pc_http_resp_free(&resp);
	pc_github_close(s);
	return r;
}

/* Ends a page loop after its first page. */
static int
first_page(void *arg, const cJSON *json)
{
	(void)arg;
	(void)json;
	return PC_PAGES_STOP;
}

/* Slack: one page of users.list. */
int
pc_mfa_probe_slack(struct pc_check_ctx *ctx, const struct pc_config *cfg)
{
	struct pc_provider_env env = pc_provider_env_of(ctx);
	struct pc_slack_session *s = NULL;
	char url[1024];
	int r;

	r = pc_slack_open(&s, &env, pc_slack_cfg(cfg));
	if (pc_mfa_probe_step(
		ctx, "slack", "open a session with the token", NULL, r))
		goto out;
	snprintf(url, sizeof(url), "%s/users.list?limit=1", pc_slack_base(s));
	r = pc_mfa_probe_step(ctx, "slack", "list users", "users:read",
	    pc_slack_pages(s, url, "users.list", first_page, NULL));
out:
	pc_slack_close(s);
	return r;
}

/* Okta page: refuses a non-200, keeps the first user's id, then stops. */
static int
okta_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	const cJSON *id;
	char *first = arg;

	(void)pageno;
	if (resp->status != 200 || json == NULL)
		return pc_okta_refused(resp, "users");
	id =
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(json, 0), "id");
	if (first && cJSON_IsString(id) &&
	    strspn(id->valuestring,
		"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
		strlen(id->valuestring))
		snprintf(first, 128, "%s", id->valuestring);
	return PC_PAGES_STOP;
}

/* Okta: one user, and that user's factors. */
int
pc_mfa_probe_okta(struct pc_check_ctx *ctx, const struct pc_config *cfg)
{
	struct pc_provider_env env = pc_provider_env_of(ctx);
	struct pc_okta_session *s = NULL;
	char url[1024], first[128] = "";
	int r;

	r = pc_okta_open(&s, &env, pc_okta_cfg(cfg));
	if (pc_mfa_probe_step(
		ctx, "okta", "open a session with the API token", NULL, r))
		goto out;
	snprintf(url, sizeof(url), "%s/api/v1/users?limit=1", pc_okta_base(s));
	if ((r = pc_mfa_probe_step(ctx, "okta", "list users", "okta.users.read",
		 pc_okta_pages(s, url, okta_page, first))) != 0 ||
	    !first[0])
		goto out;
	snprintf(url, sizeof(url), "%s/api/v1/users/%s/factors",
	    pc_okta_base(s), first);
	r = pc_mfa_probe_step(ctx, "okta", "read a user's factors",
	    "okta.users.read", pc_okta_pages(s, url, okta_page, NULL));
out:
	pc_okta_close(s);
	return r;
}

/* Probes every configured provider; any failure fails the probe. */
int
pc_mfa_probe(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	size_t i;
	int r = 0;

	for (i = 0; pc_mfa_sources[i] != NULL; i++) {
		if (!pc_mfa_sources[i]->provider->present(cfg))
			continue;
		pc_error_clear();
		if (pc_mfa_sources[i]->probe(ctx, cfg) != 0)
			r = PC_EAUTH;
	}
	if (r != 0)
		pc_error_set(r, "a provider refused a request the scan needs");
	return r;
}
