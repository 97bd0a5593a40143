/* Google Workspace: a service account acting as one user with one scope
 * (domain-wide delegation), pageToken paging and Google's error shapes. */
#ifndef PC_PROVIDER_GOOGLE_H
#define PC_PROVIDER_GOOGLE_H

#include "checks/providers/provider.h"

/* Its settings under providers.google, bound from pc_google_settings
 * (agent/config.h's struct pc_provider_settings). */
struct pc_google {
	bool present;
	char *service_account_file, *admin_subject, *customer, *token_url,
	    *directory_url;
	char *gmail_url; /* Gmail API (the email check's forwarding part) */
	char *drive_url; /* Google Drive API base (exposure's gdrive part) */
};

extern const struct pc_provider_settings pc_google_settings;

/* cfg's providers.google: zeroed (present false) when the config leaves it
 * out. Borrowed from cfg. */
const struct pc_google *pc_google_cfg(const struct pc_config *cfg);

/* Its id, label, presence in the config and needs(). */
extern const struct pc_provider pc_provider_google;

/* How its API reports errors (and throttling): set on its client. */
extern const struct pc_http_dialect pc_google_dialect;

#define PC_GOOGLE_MAX_PAGES 1000

/* The service account key and one client for every user it acts as. */
struct pc_google_session;

/* One impersonated user with one scope and one API base URL; borrowed
 * from its session until pc_google_close(). */
struct pc_google_user;

/*
 * Loads and checks the service account key file (cfg's
 * service_account_file). Caller frees with pc_google_close(); on failure
 * *session_out may be set too (close it: it counts requests).
 */
int pc_google_open(struct pc_google_session **session_out,
    const struct pc_provider_env *env, const struct pc_google *cfg);
void pc_google_close(struct pc_google_session *s);

/* The session's client (requests sent: pc_http_requests). */
struct pc_http *pc_google_http(const struct pc_google_session *s);

/*
 * Acts as user (NULL: the service account itself) with scope
 * ("https://www.googleapis.com/auth/gmail.settings.basic") against
 * base_url ("https://gmail.googleapis.com"). The token is signed for sub
 * = user and cached per user, scope and base until it expires; a 401
 * invalid_token renews it. Messages start "google: ". A scope that
 * domain-wide delegation does not grant is PC_EPERM, a user the
 * Workspace does not have PC_ENOTFOUND, another refusal PC_EAUTH.
 */
int pc_google_as(struct pc_google_user **user_out, struct pc_google_session *s,
    const char *user, const char *scope, const char *base_url);

/* base_url without a trailing slash. */
const char *pc_google_base(const struct pc_google_user *u);

/*
 * Into url (reset first): the Directory API's
 * <base>/admin/directory/v1/<pre><customer><post>, base being admin's
 * (pc_google_as with directory_url) and the customer cfg->customer,
 * URL-escaped ("users?customer=", "&maxResults=500"; "customer/",
 * "/devices/mobile"). 0 or PC_ENOMEM.
 */
int pc_google_directory_url(struct pc_buf *url,
    const struct pc_google_user *admin, const struct pc_google *cfg,
    const char *pre, const char *post);

/* GETs url as the user; a status other than 200 is left to the caller
 * (*json_out NULL). */
int pc_google_get(struct pc_google_user *u, const char *url,
    struct pc_http_resp *resp, cJSON **json_out);

/* The user's Authorization and its session's client, for requests sent
 * on that client directly (pc_http_stream); borrowed like the user. */
struct pc_http_auth *pc_google_auth(struct pc_google_user *u);
struct pc_http *pc_google_user_http(const struct pc_google_user *u);

/* GETs url as the user and keeps the body as it came (a file's bytes,
 * up to the client's body cap); any status is left to the caller. */
int pc_google_request(
    struct pc_google_user *u, const char *url, struct pc_http_resp *resp);

/* Every page from url (nextPageToken, sent back as pageToken): page() as
 * in pc_pages_run, including non-200 responses. */
int pc_google_pages(struct pc_google_user *u, const char *url,
    int (*page)(void *arg, const struct pc_http_resp *resp, const cJSON *json,
	size_t pageno),
    void *arg);

#endif
