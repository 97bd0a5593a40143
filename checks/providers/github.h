/* GitHub: a session with a static token, Link-header paging, and GitHub's
 * error shape. */
#ifndef PC_PROVIDER_GITHUB_H
#define PC_PROVIDER_GITHUB_H

#include "checks/providers/provider.h"

/* Its settings under providers.github, bound from pc_github_settings
 * (agent/config.h's struct pc_provider_settings). */
struct pc_github {
	bool present;
	char *org, *token_file, *api_url;
};

extern const struct pc_provider_settings pc_github_settings;

/* cfg's providers.github: zeroed (present false) when the config leaves it
 * out. Borrowed from cfg. */
const struct pc_github *pc_github_cfg(const struct pc_config *cfg);

/* Its id, label, presence in the config and needs(). */
extern const struct pc_provider pc_provider_github;

/* How its API reports errors (and throttling): set on its client. */
extern const struct pc_http_dialect pc_github_dialect;

#define PC_GITHUB_MAX_PAGES 2000

struct pc_github_session;

/* Reads token_file; caller frees with pc_github_close(), also on failure
 * (*session_out may be set). api_url and the
 * organisation's URL are known from here on. */
int pc_github_open(struct pc_github_session **session_out,
    const struct pc_provider_env *env, const struct pc_github *cfg);
void pc_github_close(struct pc_github_session *s);

/* The client (requests sent: pc_http_requests). */
struct pc_http *pc_github_http(const struct pc_github_session *s);

/* api_url/orgs/<org>, without a trailing slash. */
const char *pc_github_org_url(const struct pc_github_session *s);

/* GETs url as JSON with GitHub's headers; a status other than 200 is
 * left to the caller (*json_out NULL). */
int pc_github_get(struct pc_github_session *s, const char *url,
    struct pc_http_resp *resp, cJSON **json_out);

/* Sets the error for a refused GitHub call reading what; returns its
 * code. */
int pc_github_refused(const struct pc_http_resp *resp, const char *what);

/* Every page from url (Link rel="next"): page() as in pc_pages_run,
 * including non-200 responses. */
int pc_github_pages(struct pc_github_session *s, const char *url,
    int (*page)(void *arg, const struct pc_http_resp *resp, const cJSON *json,
	size_t pageno),
    void *arg);

#endif
