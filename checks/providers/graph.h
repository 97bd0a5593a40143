/* Microsoft 365: a Microsoft Graph session (app-only token), OData
 * paging, $batch, and Graph's error shapes. */
#ifndef PC_PROVIDER_GRAPH_H
#define PC_PROVIDER_GRAPH_H

#include "checks/providers/provider.h"

/* Its settings under providers.microsoft365, bound from pc_m365_settings
 * (agent/config.h's struct pc_provider_settings). */
struct pc_m365 {
	bool present;
	char *tenant, *client_id, *client_secret_file, *login_url, *graph_url;
	/* SharePoint/OneDrive content hosts downloads may be redirected to
	   ("exampleshire.sharepoint.com"); empty = learned from Graph */
	char **sharepoint_hosts;
	size_t nsharepoint_hosts;
};

extern const struct pc_provider_settings pc_m365_settings;

/* cfg's providers.microsoft365: zeroed (present false) when the config leaves it
 * out. Borrowed from cfg. */
const struct pc_m365 *pc_m365_cfg(const struct pc_config *cfg);

/* Its id, label, presence in the config and needs(). */
extern const struct pc_provider pc_provider_graph;

/* How its API reports errors (and throttling): set on its client. */
extern const struct pc_http_dialect pc_graph_dialect;

#define PC_GRAPH_BATCH     20 /* requests per $batch, Graph's maximum */
#define PC_GRAPH_BATCHES   8  /* $batch calls in flight at once */
#define PC_GRAPH_MAX_PAGES 2000

struct pc_graph;

/*
 * Signs in with the client secret (client-credentials grant); the token
 * is renewed when Graph answers 401 invalid_token. Caller frees with
 * pc_graph_close(), also after a failed sign-in, which leaves *graph_out
 * set (its client counts the requests made). Messages start
 * "microsoft365: ".
 */
int pc_graph_open(struct pc_graph **graph_out,
    const struct pc_provider_env *env, const struct pc_m365 *cfg);
void pc_graph_close(struct pc_graph *g);

/* graph_url without a trailing slash: "https://graph.microsoft.com". */
const char *pc_graph_base(const struct pc_graph *g);

/* The client (requests sent: pc_http_requests). */
struct pc_http *pc_graph_http(const struct pc_graph *g);

/* GETs url as JSON; a status other than 200 is left to the caller
 * (*json_out NULL). */
int pc_graph_get(struct pc_graph *g, const char *url, struct pc_http_resp *resp,
    cJSON **json_out);

/* Sets the error for a refused Graph call, naming what was read and the
 * application permission it needs; returns its code. */
int pc_graph_refused(
    const struct pc_http_resp *resp, const char *what, const char *permission);

/* Every page from url (OData @odata.nextLink): page() as in pc_pages_run,
 * including non-200 responses. */
int pc_graph_pages(struct pc_graph *g, const char *url,
    int (*page)(void *arg, const struct pc_http_resp *resp, const cJSON *json,
	size_t pageno),
    void *arg);

/* Every item of an OData list from url; a refusal is pc_graph_refused
 * with what and permission. item() returns 0 or an error. */
int pc_graph_list(struct pc_graph *g, const char *url, const char *what,
    const char *permission, int (*item)(void *arg, const cJSON *item),
    void *arg);

/*
 * GETs n Graph paths ("/users/{id}/authentication/methods", relative to
 * /v1.0) through $batch: 20 per call, at most 8 calls at a time. Inner
 * requests Graph throttles (429/503) are sent again after Retry-After,
 * from the client's retry budget. each() gets every 200 body with its
 * index, in no set order. A refused call or inner request is
 * pc_graph_refused with what (one inner request), what_batch (a $batch
 * call) and permission; throttling past the budget names items.
 */
struct pc_graph_batch {
	const char *const *paths;
	size_t n;
	const char *what;       /* "a user's authentication methods" */
	const char *what_batch; /* "users' authentication methods ($batch)" */
	const char *permission; /* "UserAuthenticationMethod.Read.All" */
	const char *items;      /* "per-user method requests" */
	int (*each)(void *arg, size_t i, const cJSON *body);
	void *arg;
	/* Optional: an inner request answered with an error other than
	 * throttling goes here (status, body: the inner error) instead of
	 * failing the batch, and counts as answered unless this returns an
	 * error (for per-item faults: a mailbox not found). */
	int (*failed)(void *arg, size_t i, long status, const cJSON *body);
};

int pc_graph_batch(struct pc_graph *g, const struct pc_graph_batch *b);

#endif
