/* Slack: a session with a user token, cursor paging, and Slack's
 * {"ok": false, "error"} answers. */
#ifndef PC_PROVIDER_SLACK_H
#define PC_PROVIDER_SLACK_H

#include "checks/providers/provider.h"

/* Its settings under providers.slack, bound from pc_slack_settings
 * (agent/config.h's struct pc_provider_settings). */
struct pc_slack {
	bool present;
	char *token_file, *api_url;
};

extern const struct pc_provider_settings pc_slack_settings;

/* cfg's providers.slack: zeroed (present false) when the config leaves it
 * out. Borrowed from cfg. */
const struct pc_slack *pc_slack_cfg(const struct pc_config *cfg);

/* Its id, label, presence in the config and needs(). */
extern const struct pc_provider pc_provider_slack;

/* How its API reports errors (and throttling): set on its client. */
extern const struct pc_http_dialect pc_slack_dialect;

#define PC_SLACK_MAX_PAGES 1000

struct pc_slack_session;

/* Reads token_file; caller frees with pc_slack_close(), also on failure
 * (*session_out may be set). */
int pc_slack_open(struct pc_slack_session **session_out,
    const struct pc_provider_env *env, const struct pc_slack *cfg);
void pc_slack_close(struct pc_slack_session *s);

/* The client (requests sent: pc_http_requests). */
struct pc_http *pc_slack_http(const struct pc_slack_session *s);

/* api_url without a trailing slash. */
const char *pc_slack_base(const struct pc_slack_session *s);

/*
 * Every page of a Web API method from url (response_metadata.next_cursor,
 * sent back as cursor). page() gets only pages Slack answered with
 * "ok": true; an HTTP refusal or "ok": false is an error naming method
 * ("users.list") and, for a missing scope, what the token lacks.
 */
int pc_slack_pages(struct pc_slack_session *s, const char *url,
    const char *method, int (*page)(void *arg, const cJSON *json), void *arg);

#endif
