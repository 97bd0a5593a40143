/* Slack: has_2fa per member through users.list (admin user token). */
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "mfa.h"

#define SLACK_MAX_PAGES 1000

/* Reports one users.list page. */
int
pc_mfa_slack_members_page(struct mfa_provider *p, const cJSON *page)
{
	const cJSON *members, *m, *profile;
	const char *id, *name, *email, *type;
	int deleted, bot, app, admin, owner, primary, has2fa, r;

	if ((r = pc_json_need_array(&members, page, "members", "slack")) != 0)
		return r;
	cJSON_ArrayForEach(m, members) {
		struct mfa_account a = { 0 };

		if ((r = pc_json_expect_object(m, "each members item",
			 "slack")) ||
		    (r = pc_json_need_string(&id, m, "id", "slack")) ||
		    (r = pc_json_opt_string(&name, m, "name", "slack")) ||
		    (r = pc_json_opt_bool(&deleted, m, "deleted", "slack")) ||
		    (r = pc_json_opt_bool(&bot, m, "is_bot", "slack")) ||
		    (r = pc_json_opt_bool(&app, m, "is_app_user", "slack")) ||
		    (r = pc_json_opt_bool(&admin, m, "is_admin", "slack")) ||
		    (r = pc_json_opt_bool(&owner, m, "is_owner", "slack")) ||
		    (r = pc_json_opt_bool(&primary, m, "is_primary_owner",
			 "slack")) ||
		    (r = pc_json_opt_bool(&has2fa, m, "has_2fa", "slack")) ||
		    (r = pc_json_opt_string(&type, m, "two_factor_type",
			 "slack")) ||
		    (r = pc_json_opt_object(&profile, m, "profile", "slack")) ||
		    (r = pc_json_opt_string(&email, profile, "email",
			 "slack")))
			return r;
		/* Slackbot is listed with is_bot false. */
		if (deleted == 1 || bot == 1 || app == 1 ||
		    strcmp(id, "USLACKBOT") == 0) {
			p->excluded++;
			continue;
		}
		a.account = email ? email : name ? name : id;
		a.admin = admin == 1 || owner == 1 || primary == 1;
		if (has2fa == -1) {
			a.state = MFA_UNKNOWN;
			a.unknown_why = "Slack shows has_2fa only to a workspace "
			    "admin or owner's user token; use an admin token";
		} else if (has2fa == 0) {
			a.state = MFA_NONE;
			a.methods = "";
		} else if (type && strcmp(type, "sms") == 0) {
			a.state = MFA_WEAK;
			a.methods = "sms";
		} else {
			a.state = MFA_STRONG;
			a.methods = type ? type : "2FA enabled";
		}
		if ((r = pc_mfa_account(p, &a)) != 0)
			return r;
	}
	return 0;
}

/* Explains a Slack ok:false error. */
static int
slack_refused(const char *error, const char *needed)
{
	if (strcmp(error, "missing_scope") == 0)
		return pc_error_set(PC_EPERM, "slack: permission missing: the "
		    "token lacks the %s scope (Slack said missing_scope)",
		    needed ? needed : "users:read");
	if (strcmp(error, "invalid_auth") == 0 ||
	    strcmp(error, "not_authed") == 0 ||
	    strcmp(error, "token_expired") == 0 ||
	    strcmp(error, "token_revoked") == 0 ||
	    strcmp(error, "account_inactive") == 0)
		return pc_error_set(PC_EAUTH, "slack: the token was refused "
		    "(%s); it is invalid, expired or revoked: put a workspace "
		    "admin's user token (xoxp-) in token_file", error);
	return pc_error_set(PC_EHTTP, "slack: users.list failed (%s)", error);
}

/* Examines every Slack member. */
int
pc_mfa_slack(struct mfa_provider *p, const struct pc_slack *cfg)
{
	struct pc_http_auth auth = { .scheme = "Bearer" };
	struct pc_http_resp resp = { 0 };
	struct pc_http_req req = { 0 };
	struct pc_pager pager = { 0 };
	struct pc_http *http = NULL;
	const cJSON *meta;
	const char *next, *err, *needed;
	char *url = NULL, *base = NULL;
	struct pc_buf b;
	cJSON *j = NULL;
	int ok, r;
	size_t n;

	pc_buf_init(&b, 4096);
	n = strlen(cfg->api_url);
	while (n > 0 && cfg->api_url[n - 1] == '/')
		n--;
	if (pc_buf_addf(&b, "%.*s/users.list?limit=200", (int)n,
		cfg->api_url) || (base = strdup(b.data)) == NULL ||
	    (url = strdup(b.data)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_mfa_secret(p, &auth.token, cfg->token_file)) ||
	    (r = pc_mfa_http(p, &http, "slack api")) ||
	    (r = pc_pager_init(&pager, "slack", base, SLACK_MAX_PAGES)))
		goto out;
	pc_http_set_auth(http, &auth);
	for (;;) {
		pc_http_resp_free(&resp);
		cJSON_Delete(j);
		j = NULL;
		req.url = url;
		if ((r = pc_http_get_json(&j, http, &req, &resp,
			 "slack")) != 0) {
			pc_error_set(r, "slack: %s", pc_error_get());
			goto out;
		}
		if (resp.status != 200) {
			pc_http_fail(&resp, "Slack");
			r = pc_error_set(pc_error_code(), "slack: %s",
			    pc_error_get());
			goto out;
		}
		if ((r = pc_json_opt_bool(&ok, j, "ok", "slack")) != 0) {
			pc_error_set(r, "slack: %s", pc_error_get());
			goto out;
		}
		if (ok != 1) {
			pc_json_opt_string(&err, j, "error", "slack");
			pc_json_opt_string(&needed, j, "needed", "slack");
			r = slack_refused(err ? err : "unknown error", needed);
			goto out;
		}
		if ((r = pc_mfa_slack_members_page(p, j)) != 0 ||
		    (r = pc_json_opt_object(&meta, j, "response_metadata",
			 "slack")) != 0 ||
		    (r = pc_json_opt_string(&next, meta, "next_cursor",
			 "slack")) != 0) {
			pc_error_set(r, "slack: %s", pc_error_get());
			goto out;
		}
		if (next == NULL || next[0] == '\0')
			break;
		if ((r = pc_pager_token_url(&pager, &url, base, "cursor",
			 next)) != 0)
			goto out;
	}
out:
	if (http)
		p->requests += pc_http_requests(http);
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	pc_pager_free(&pager);
	pc_http_free(http);
	pc_mfa_secret_free(auth.token);
	pc_buf_free(&b);
	free(url);
	free(base);
	return r;
}
