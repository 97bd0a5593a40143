/* Slack: the token session, cursor paging and ok:false errors. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/slack.h"

struct pc_slack_session {
	struct pc_token_session t;
};

/* Slack {"ok": false, "error", "needed"}. */
static void
slack_error_parts(const cJSON *body, const char **code, const char **msg)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "error");
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(body, "needed");

	if (!cJSON_IsString(e))
		return;
	*code = e->valuestring;
	*msg = cJSON_IsString(n) ? n->valuestring : NULL;
}

const struct pc_http_dialect pc_slack_dialect = {
	.error_parts = slack_error_parts,
};

static const struct pc_page_style slack_paging = {
	.kind = PC_PAGE_TOKEN,
	.object = "response_metadata",
	.member = "next_cursor",
	.param = "cursor",
	.json_what = "slack",
};

/* providers.slack: the table the config loader binds. */
static const struct pc_field slack_fields[] = {
	PC_PROVIDER_FIELD("token_file", struct pc_slack, token_file, true,
	    "/etc/portcullis/secrets/slack"),
	PC_PROVIDER_FIELD("api_url", struct pc_slack, api_url, false, NULL),
};
static const struct pc_schema slack_schema =
    PC_PROVIDER_SCHEMA(slack_fields, struct pc_slack);

/* Defaults, and https:// only. */
static int
slack_check(void *data, const char *config_path)
{
	struct pc_slack *s = data;
	int r;

	if ((r = pc_config_default(&s->api_url, "https://slack.com/api")) != 0)
		return r;
	return pc_config_check_url(
	    config_path, "providers.slack.api_url", s->api_url);
}

static const struct pc_provider_secret slack_secrets[] = {
	{ "token_file", "the Slack token" },
	{ NULL, NULL },
};

const struct pc_provider_settings pc_slack_settings = {
	.name = "slack",
	.schema = &slack_schema,
	.present_off = offsetof(struct pc_slack, present),
	.check = slack_check,
	.secrets = slack_secrets,
	.starter = false,
};

/* cfg's providers.slack, or a zeroed one when not registered. */
const struct pc_slack *
pc_slack_cfg(const struct pc_config *cfg)
{
	static const struct pc_slack none;
	const struct pc_slack *s = pc_config_provider(cfg, &pc_slack_settings);

	return s ? s : &none;
}

/* Is slack configured? */
static bool
slack_present(const struct pc_config *cfg)
{
	return pc_slack_cfg(cfg)->present;
}

/* The API URL and the token file. */
static int
slack_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	const struct pc_slack *s = pc_slack_cfg(cfg);
	int r;

	if ((r = pc_needs_add_url(n, s->api_url)) != 0)
		return r;
	return pc_needs_add_secret(n, s->token_file);
}

const struct pc_provider pc_provider_slack = {
	.id = "slack",
	.label = "Slack",
	.present = slack_present,
	.needs = slack_needs,
};

/* Opens a session with the workspace token. */
int
pc_slack_open(struct pc_slack_session **session_out,
    const struct pc_provider_env *env, const struct pc_slack *cfg)
{
	struct pc_slack_session *s;

	if ((*session_out = s = calloc(1, sizeof(*s))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return pc_token_session_open(&s->t, env, "slack", "slack api", "Bearer",
	    cfg->api_url, cfg->token_file, &pc_slack_dialect);
}

/* Closes a session, wiping its token. */
void
pc_slack_close(struct pc_slack_session *s)
{
	if (s == NULL)
		return;
	pc_token_session_close(&s->t);
	free(s);
}

/* The session's client. */
struct pc_http *
pc_slack_http(const struct pc_slack_session *s)
{
	return s ? s->t.http : NULL;
}

/* api_url without a trailing slash. */
const char *
pc_slack_base(const struct pc_slack_session *s)
{
	return s->t.base;
}

/* Explains a Slack ok:false error. */
static int
slack_refused(const char *method, const char *error, const char *needed)
{
	if (strcmp(error, "missing_scope") == 0)
		return pc_error_set(PC_EPERM,
		    "slack: permission missing: the token lacks the %s scope (Slack said missing_scope)",
		    needed ? needed : "users:read");
	if (strcmp(error, "invalid_auth") == 0 ||
	    strcmp(error, "not_authed") == 0 ||
	    strcmp(error, "token_expired") == 0 ||
	    strcmp(error, "token_revoked") == 0 ||
	    strcmp(error, "account_inactive") == 0)
		return pc_error_set(PC_EAUTH,
		    "slack: the token was refused (%s); it is invalid, expired or revoked: put a workspace admin's user token (xoxp-) in token_file",
		    error);
	return pc_error_set(PC_EHTTP, "slack: %s failed (%s)", method, error);
}

/* One method's pages being read. */
struct slack_run {
	const char *method;
	int (*page)(void *arg, const cJSON *json);
	void *arg;
};

/* Checks HTTP status and "ok", then hands the page on. */
static int
slack_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct slack_run *run = arg;
	const char *err, *needed;
	int ok, r;

	(void)pageno;
	if (resp->status != 200) {
		pc_http_fail(resp, "Slack");
		return pc_error_set(
		    pc_error_code(), "slack: %s", pc_error_get());
	}
	if ((r = pc_json_opt_bool(&ok, json, "ok", "slack")) != 0)
		return pc_error_set(r, "slack: %s", pc_error_get());
	if (ok != 1) {
		pc_json_opt_string(&err, json, "error", "slack");
		pc_json_opt_string(&needed, json, "needed", "slack");
		return slack_refused(
		    run->method, err ? err : "unknown error", needed);
	}
	return run->page(run->arg, json);
}

/* Every page of a Web API method. */
int
pc_slack_pages(struct pc_slack_session *s, const char *url, const char *method,
    int (*page)(void *arg, const cJSON *json), void *arg)
{
	struct slack_run run = { method, page, arg };
	struct pc_pages pg = {
		.http = s->t.http,
		.what = "slack",
		.url = url,
		.style = &slack_paging,
		.max_pages = PC_SLACK_MAX_PAGES,
		.page = slack_page,
		.arg = &run,
	};

	return pc_pages_run(&pg);
}
