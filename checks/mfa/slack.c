/* Slack: has_2fa per member through users.list (admin user token), read
 * through a checks/providers/slack.c session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/slack.h"
#include "mfa.h"

/* Reports one users.list page. */
int
pc_mfa_slack_members_page(struct mfa_provider *p, const cJSON *page)
{
	const cJSON *members, *m, *profile;
	const char *id, *name, *email, *type;
	int deleted, bot, app, admin, owner, primary, has2fa, r;

	if ((r = pc_json_need_array(&members, page, "members", "slack")) != 0)
		return r;
	cJSON_ArrayForEach(m, members)
	{
		struct mfa_account a = { 0 };

		if ((r = pc_json_expect_object(
			 m, "each members item", "slack")) ||
		    (r = pc_json_need_string(&id, m, "id", "slack")) ||
		    (r = pc_json_opt_string(&name, m, "name", "slack")) ||
		    (r = pc_json_opt_bool(&deleted, m, "deleted", "slack")) ||
		    (r = pc_json_opt_bool(&bot, m, "is_bot", "slack")) ||
		    (r = pc_json_opt_bool(&app, m, "is_app_user", "slack")) ||
		    (r = pc_json_opt_bool(&admin, m, "is_admin", "slack")) ||
		    (r = pc_json_opt_bool(&owner, m, "is_owner", "slack")) ||
		    (r = pc_json_opt_bool(
			 &primary, m, "is_primary_owner", "slack")) ||
		    (r = pc_json_opt_bool(&has2fa, m, "has_2fa", "slack")) ||
		    (r = pc_json_opt_string(
			 &type, m, "two_factor_type", "slack")) ||
		    (r = pc_json_opt_object(&profile, m, "profile", "slack")) ||
		    (r = pc_json_opt_string(&email, profile, "email", "slack")))
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
			a.unknown_why =
			    "Slack shows has_2fa only to a workspace admin or owner's user token; use an admin token";
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

/* Reports a users.list page. */
static int
members_page(void *arg, const cJSON *json)
{
	int r;

	if ((r = pc_mfa_slack_members_page(arg, json)) != 0)
		return pc_error_set(r, "slack: %s", pc_error_get());
	return 0;
}

/* Examines every Slack member. */
int
pc_mfa_slack(struct mfa_provider *p, const struct pc_config *config)
{
	struct pc_provider_env env = pc_mfa_env(p);
	struct pc_slack_session *s = NULL;
	struct pc_buf url;
	int r;

	pc_buf_init(&url, 4096);
	if ((r = pc_slack_open(&s, &env, pc_slack_cfg(config))) != 0)
		goto out;
	if (pc_buf_addf(&url, "%s/users.list?limit=200", pc_slack_base(s))) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	r = pc_slack_pages(s, url.data, "users.list", members_page, p);
out:
	if (pc_slack_http(s))
		p->requests += pc_http_requests(pc_slack_http(s));
	pc_slack_close(s);
	pc_buf_free(&url);
	return r;
}

const struct pc_mfa_source pc_mfa_slack_source = {
	.provider = &pc_provider_slack,
	.run = pc_mfa_slack,
	.probe = pc_mfa_probe_slack,
};
