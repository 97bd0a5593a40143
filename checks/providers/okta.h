/* Okta: a session with an SSWS API token, Link-header paging, and Okta's
 * error shape. */
#ifndef PC_PROVIDER_OKTA_H
#define PC_PROVIDER_OKTA_H

#include "checks/providers/provider.h"

/* Its settings under providers.okta, bound from pc_okta_settings
 * (agent/config.h's struct pc_provider_settings). */
struct pc_okta {
	bool present;
	char *url, *token_file;
};

extern const struct pc_provider_settings pc_okta_settings;

/* cfg's providers.okta: zeroed (present false) when the config leaves it
 * out. Borrowed from cfg. */
const struct pc_okta *pc_okta_cfg(const struct pc_config *cfg);

/* Its id, label, presence in the config and needs(). */
extern const struct pc_provider pc_provider_okta;

/* How its API reports errors (and throttling): set on its client. */
extern const struct pc_http_dialect pc_okta_dialect;

#define PC_OKTA_MAX_PAGES 1000

struct pc_okta_session;

/* Reads token_file; caller frees with pc_okta_close(), also on failure
 * (*session_out may be set). */
int pc_okta_open(struct pc_okta_session **session_out,
    const struct pc_provider_env *env, const struct pc_okta *cfg);
void pc_okta_close(struct pc_okta_session *s);

/* The client (requests sent: pc_http_requests; pc_http_stream for
 * requests kept in flight). */
struct pc_http *pc_okta_http(const struct pc_okta_session *s);

/* The org URL without a trailing slash. */
const char *pc_okta_base(const struct pc_okta_session *s);

/* Sets the error for a refused Okta call reading what; returns its code. */
int pc_okta_refused(const struct pc_http_resp *resp, const char *what);

/* The next page after resp (Link rel="next"), accepted by pager;
 * *next_out NULL after the last (pc_page_next). */
int pc_okta_next(
    char **next_out, struct pc_pager *pager, const struct pc_http_resp *resp);

/* Every page from url: page() as in pc_pages_run, including non-200
 * responses. */
int pc_okta_pages(struct pc_okta_session *s, const char *url,
    int (*page)(void *arg, const struct pc_http_resp *resp, const cJSON *json,
	size_t pageno),
    void *arg);

#endif
