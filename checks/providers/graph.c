/* Microsoft 365: the Microsoft Graph session, OData paging and $batch. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/graph.h"

#define GRAPH_SCOPE "https://graph.microsoft.com/.default"

struct pc_graph {
	const struct pc_m365 *cfg;
	struct pc_http *http;
	struct pc_http_auth auth;
	char *secret;
	char *base; /* graph_url without a trailing slash */
};

/* Graph {"error":{"code","message"}}; the sign-in endpoint's OAuth shape. */
static void
graph_error_parts(const cJSON *body, const char **code, const char **msg)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "error");
	const cJSON *c, *m;

	if (pc_provider_oauth_error(body, code, msg) || !cJSON_IsObject(e))
		return;
	c = cJSON_GetObjectItemCaseSensitive(e, "code");
	m = cJSON_GetObjectItemCaseSensitive(e, "message");
	*code = cJSON_IsString(c) ? c->valuestring : NULL;
	*msg = cJSON_IsString(m) ? m->valuestring : NULL;
}

const struct pc_http_dialect pc_graph_dialect = {
	.error_parts = graph_error_parts,
};

/* OData: the next page is an absolute URL in the body. */
static const struct pc_page_style graph_paging = {
	.kind = PC_PAGE_URL,
	.member = "@odata.nextLink",
	.json_what = "graph",
};

/* providers.microsoft365: the table the config loader binds. */
static const struct pc_field m365_fields[] = {
	PC_PROVIDER_FIELD(
	    "tenant", struct pc_m365, tenant, true, "FILL-IN.onmicrosoft.com"),
	{ .key = "client_id",
	    .type = PC_F_STRING,
	    .off = offsetof(struct pc_m365, client_id),
	    .required = true,
	    .present_off = PC_NO_OFFSET,
	    .help = "the app registration's application (client) id",
	    .example = "00000000-0000-0000-0000-000000000000" },
	PC_PROVIDER_FIELD("client_secret_file", struct pc_m365,
	    client_secret_file, true, "/etc/portcullis/secrets/m365"),
	PC_PROVIDER_FIELD("login_url", struct pc_m365, login_url, false, NULL),
	PC_PROVIDER_FIELD("graph_url", struct pc_m365, graph_url, false, NULL),
	{ .key = "sharepoint_hosts",
	    .type = PC_F_STRLIST,
	    .off = offsetof(struct pc_m365, sharepoint_hosts),
	    .count_off = offsetof(struct pc_m365, nsharepoint_hosts),
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema m365_schema =
    PC_PROVIDER_SCHEMA(m365_fields, struct pc_m365);

/* Defaults, and https:// only. */
static int
m365_check(void *data, const char *config_path)
{
	struct pc_m365 *s = data;
	int r;

	if ((r = pc_config_default(
		 &s->login_url, "https://login.microsoftonline.com")) != 0 ||
	    (r = pc_config_default(
		 &s->graph_url, "https://graph.microsoft.com")) != 0 ||
	    (r = pc_config_check_url(config_path,
		 "providers.microsoft365.login_url", s->login_url)) != 0)
		return r;
	return pc_config_check_url(
	    config_path, "providers.microsoft365.graph_url", s->graph_url);
}

static const struct pc_provider_secret m365_secrets[] = {
	{ "client_secret_file", "the Microsoft 365 client secret" },
	{ NULL, NULL },
};

const struct pc_provider_settings pc_m365_settings = {
	.name = "microsoft365",
	.schema = &m365_schema,
	.present_off = offsetof(struct pc_m365, present),
	.check = m365_check,
	.secrets = m365_secrets,
	.starter = true,
};

/* cfg's providers.microsoft365, or a zeroed one when not registered. */
const struct pc_m365 *
pc_m365_cfg(const struct pc_config *cfg)
{
	static const struct pc_m365 none;
	const struct pc_m365 *s = pc_config_provider(cfg, &pc_m365_settings);

	return s ? s : &none;
}

/* Is microsoft365 configured? */
static bool
graph_present(const struct pc_config *cfg)
{
	return pc_m365_cfg(cfg)->present;
}

/* The sign-in and Graph URLs and the client secret file. */
static int
graph_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	const struct pc_m365 *m = pc_m365_cfg(cfg);
	int r;

	if ((r = pc_needs_add_url(n, m->login_url)) ||
	    (r = pc_needs_add_url(n, m->graph_url)))
		return r;
	return pc_needs_add_secret(n, m->client_secret_file);
}

const struct pc_provider pc_provider_graph = {
	.id = "microsoft365",
	.label = "Microsoft 365",
	.present = graph_present,
	.needs = graph_needs,
};

/* The token request: its URL and form (which carries the secret). */
static int
token_request(struct pc_graph *g, struct pc_buf *url, struct pc_buf *form)
{
	char *tenant, *cid, *sec, *scope;
	const char *login = g->cfg->login_url;
	int r = 0;

	tenant = curl_easy_escape(NULL, g->cfg->tenant, 0);
	cid = curl_easy_escape(NULL, g->cfg->client_id, 0);
	sec = curl_easy_escape(NULL, g->secret, 0);
	scope = curl_easy_escape(NULL, GRAPH_SCOPE, 0);
	if (!tenant || !cid || !sec || !scope ||
	    pc_buf_addf(url, "%s%s%s/oauth2/v2.0/token", login,
		login[strlen(login) - 1] == '/' ? "" : "/", tenant) ||
	    pc_buf_addf(form,
		"grant_type=client_credentials&client_id=%s&client_secret=%s&scope=%s",
		cid, sec, scope))
		r = pc_error_set(PC_ENOMEM, "out of memory");
	curl_free(tenant);
	curl_free(cid);
	if (sec) {
		OPENSSL_cleanse(sec, strlen(sec));
		curl_free(sec);
	}
	curl_free(scope);
	return r;
}

/* Gets an app-only token with the client secret. */
static int
graph_token(struct pc_graph *g)
{
	struct pc_http_req req = { 0 };
	struct pc_http_resp resp = { 0 };
	struct pc_buf url, form;
	const char *tok;
	cJSON *j = NULL;
	int r;

	pc_buf_init(&url, 4096);
	pc_buf_init(&form, 16384);
	if ((r = token_request(g, &url, &form)) != 0)
		goto out;
	req.method = "POST";
	req.url = url.data;
	req.body = form.data;
	req.body_len = form.len;
	req.content_type = "application/x-www-form-urlencoded";
	req.no_auth = true;
	if ((r = pc_http_request(g->http, &req, &resp)) != 0) {
		pc_error_set(r, "microsoft365: sign-in: %s", pc_error_get());
		goto out;
	}
	if (resp.status != 200) {
		pc_http_fail(&resp, "the Microsoft sign-in endpoint");
		r = pc_error_set(PC_EAUTH,
		    "microsoft365: the app's sign-in was refused (%s); check tenant, client_id and the client secret in %s",
		    pc_error_get(), g->cfg->client_secret_file);
		goto out;
	}
	if ((r = pc_http_json(&j, &resp, "token endpoint")) ||
	    (r = pc_json_need_string(
		 &tok, j, "access_token", "token endpoint"))) {
		pc_error_set(r, "microsoft365: %s", pc_error_get());
		goto out;
	}
	pc_provider_secret_free(g->auth.token);
	if ((g->auth.token = strdup(tok)) == NULL)
		r = pc_error_set(PC_ENOMEM, "out of memory");
out:
	pc_provider_wipe_token(j);
	cJSON_Delete(j);
	if (resp.body.data)
		OPENSSL_cleanse(resp.body.data, resp.body.len);
	pc_http_resp_free(&resp);
	pc_buf_free(&url);
	if (form.data)
		OPENSSL_cleanse(form.data, form.len);
	pc_buf_free(&form);
	return r;
}

/* Token refresh callback for the HTTP client. */
static int
graph_refresh(void *arg, struct pc_http_auth *auth)
{
	(void)auth;
	return graph_token(arg);
}

/* Opens a Graph session: reads the secret and signs in. */
int
pc_graph_open(struct pc_graph **graph_out, const struct pc_provider_env *env,
    const struct pc_m365 *cfg)
{
	struct pc_graph *g;
	int r;

	*graph_out = NULL;
	if ((g = calloc(1, sizeof(*g))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	g->cfg = cfg;
	g->auth.scheme = "Bearer";
	g->auth.refresh = graph_refresh;
	g->auth.arg = g;
	if ((g->base = pc_provider_base(cfg->graph_url)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto fail;
	}
	if ((r = pc_provider_secret(
		 &g->secret, env, "microsoft365", cfg->client_secret_file)) ||
	    (r = pc_provider_http(&g->http, env, "graph", &pc_graph_dialect)))
		goto fail;
	pc_http_set_auth(g->http, &g->auth);
	*graph_out = g;
	/* Open even when sign-in fails: the caller counts its requests. */
	return graph_token(g);
fail:
	pc_graph_close(g);
	return r;
}

/* Closes a Graph session, wiping its secret and token. */
void
pc_graph_close(struct pc_graph *g)
{
	if (g == NULL)
		return;
	pc_http_free(g->http);
	pc_provider_secret_free(g->secret);
	pc_provider_secret_free(g->auth.token);
	free(g->base);
	free(g);
}

/* graph_url without a trailing slash. */
const char *
pc_graph_base(const struct pc_graph *g)
{
	return g->base;
}

/* The session's client. */
struct pc_http *
pc_graph_http(const struct pc_graph *g)
{
	return g ? g->http : NULL;
}

/* Explains a refused Graph call with the permission it needs. */
int
pc_graph_refused(
    const struct pc_http_resp *resp, const char *what, const char *permission)
{
	pc_http_fail(resp, "graph");
	if (resp->status == 403)
		return pc_error_set(PC_EPERM,
		    "microsoft365: permission missing: the app needs the %s application permission with admin consent to read %s (%s)",
		    permission, what, pc_error_get());
	if (resp->status == 401)
		return pc_error_set(PC_EAUTH,
		    "microsoft365: Graph refused the app's token while reading %s (%s)",
		    what, pc_error_get());
	return pc_error_set(pc_error_code(),
	    "microsoft365: reading %s failed (%s)", what, pc_error_get());
}

/* GETs url as JSON; status other than 200 is left to the caller. */
int
pc_graph_get(struct pc_graph *g, const char *url, struct pc_http_resp *resp,
    cJSON **json_out)
{
	struct pc_http_req req = { .url = url };
	int r;

	if ((r = pc_http_get_json(json_out, g->http, &req, resp, "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	return 0;
}

/* Every page of an OData collection. */
int
pc_graph_pages(struct pc_graph *g, const char *url,
    int (*page)(void *arg, const struct pc_http_resp *resp, const cJSON *json,
	size_t pageno),
    void *arg)
{
	struct pc_pages pg = {
		.http = g->http,
		.what = "microsoft365",
		.url = url,
		.style = &graph_paging,
		.max_pages = PC_GRAPH_MAX_PAGES,
		.page = page,
		.arg = arg,
	};

	return pc_pages_run(&pg);
}

/* One OData list being read item by item. */
struct list_run {
	const char *what, *permission;
	int (*item)(void *arg, const cJSON *item);
	void *arg;
};

/* Hands each item of a list page to the caller. */
static int
list_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct list_run *l = arg;
	const cJSON *value, *item;
	int r;

	(void)pageno;
	if (resp->status != 200)
		return pc_graph_refused(resp, l->what, l->permission);
	if ((r = pc_json_need_array(&value, json, "value", "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	cJSON_ArrayForEach(
	    item, value) if ((r = l->item(l->arg, item)) != 0) return r;
	return 0;
}

/* Follows an OData list from url, calling item() on every item. */
int
pc_graph_list(struct pc_graph *g, const char *url, const char *what,
    const char *permission, int (*item)(void *arg, const cJSON *item),
    void *arg)
{
	struct list_run l = { what, permission, item, arg };

	return pc_graph_pages(g, url, list_page, &l);
}

/* One pc_graph_batch chunk in flight: its requests and what is done. */
struct batch_run {
	struct pc_graph *g;
	const struct pc_graph_batch *b;
	size_t from, to, pending, nb;
	bool *done;
	struct pc_buf *bodies;
	struct pc_http_req *reqs;
	struct pc_http_resp *resps;
	char url[4096];
	char retry_after[64]; /* the last throttled inner request's, or "" */
};

/* Ends the $batch body being built and makes it request k. */
static int
batch_close(struct batch_run *br, size_t k)
{
	if (pc_buf_adds(&br->bodies[k], "]}") != 0)
		return pc_error_set(PC_ENOMEM, "out of memory");
	br->reqs[k] = (struct pc_http_req){
		.method = "POST",
		.url = br->url,
		.body = br->bodies[k].data,
		.body_len = br->bodies[k].len,
		.content_type = "application/json",
	};
	return 0;
}

/* Builds $batch bodies of up to 20 of the requests still pending;
 * *nreq_out: how many. Inner ids are the requests' indexes. */
static int
batch_build(struct batch_run *br, size_t *nreq_out)
{
	size_t i, k = 0, used = 0;
	int r;

	for (i = 0; i < br->nb; i++)
		pc_buf_free(&br->bodies[i]);
	for (i = br->from; i < br->to; i++) {
		if (br->done[i - br->from])
			continue;
		if (used == 0) {
			pc_buf_init(&br->bodies[k], 1 << 20);
			pc_buf_adds(&br->bodies[k], "{\"requests\":[");
		}
		pc_buf_addf(&br->bodies[k],
		    "%s{\"id\":\"%zu\",\"method\":\"GET\",\"url\":\"%s\"}",
		    used ? "," : "", i, br->b->paths[i]);
		if (++used == PC_GRAPH_BATCH) {
			if ((r = batch_close(br, k++)) != 0)
				return r;
			used = 0;
		}
	}
	if (used > 0 && (r = batch_close(br, k++)) != 0)
		return r;
	*nreq_out = k;
	return 0;
}

/* A refused inner request, explained as a whole response would be. */
static int
batch_inner_refused(struct batch_run *br, long status, const cJSON *body)
{
	struct pc_http_resp inner = { .status = status,
		.dialect = &pc_graph_dialect };
	char *txt = cJSON_PrintUnformatted(body);
	int r;

	inner.content_type = "application/json";
	pc_buf_init(&inner.body, 1 << 20);
	if (txt) {
		pc_buf_adds(&inner.body, txt);
		free(txt);
	}
	r = pc_graph_refused(&inner, br->b->what, br->b->permission);
	pc_buf_free(&inner.body);
	return r;
}

/* Reads one inner response: done, throttled (left pending), or refused. */
static int
batch_inner(struct batch_run *br, const cJSON *item)
{
	const cJSON *st, *body, *hdrs;
	const char *id, *ra;
	unsigned long idx;
	char *end;
	int r;

	st = cJSON_GetObjectItemCaseSensitive(item, "status");
	if (pc_json_need_string(&id, item, "id", "graph") != 0 ||
	    !cJSON_IsNumber(st))
		return pc_error_set(PC_EPARSE,
		    "microsoft365: a $batch response lacks id or status");
	idx = strtoul(id, &end, 10);
	if (*end != '\0' || idx < br->from || idx >= br->to ||
	    br->done[idx - br->from])
		return 0; /* not one of ours, or already answered */
	body = cJSON_GetObjectItemCaseSensitive(item, "body");
	if (st->valueint == 429 || st->valueint == 503) {
		hdrs = cJSON_GetObjectItemCaseSensitive(item, "headers");
		if (pc_json_opt_string(&ra, hdrs, "Retry-After", "graph") ==
			0 &&
		    ra != NULL)
			snprintf(
			    br->retry_after, sizeof(br->retry_after), "%s", ra);
		return 0;
	}
	if (st->valueint != 200 && br->b->failed == NULL)
		return batch_inner_refused(br, st->valueint, body);
	if (st->valueint != 200)
		r = br->b->failed(br->b->arg, idx, st->valueint, body);
	else
		r = br->b->each(br->b->arg, idx, body);
	if (r != 0)
		return r;
	br->done[idx - br->from] = true;
	br->pending--;
	return 0;
}

/* Reads one $batch call's answer. */
static int
batch_read(struct batch_run *br, const struct pc_http_resp *resp)
{
	const cJSON *arr, *item;
	cJSON *j = NULL;
	int r;

	if (resp->status != 200)
		return pc_graph_refused(
		    resp, br->b->what_batch, br->b->permission);
	if ((r = pc_http_json(&j, resp, "graph")) ||
	    (r = pc_json_need_array(&arr, j, "responses", "graph"))) {
		cJSON_Delete(j);
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	}
	cJSON_ArrayForEach(
	    item, arr) if ((r = batch_inner(br, item)) != 0) break;
	cJSON_Delete(j);
	return r;
}

/* Sends requests [from, to) until each is answered or refused. */
static int
batch_chunk(struct batch_run *br)
{
	size_t nreq, k;
	long delay;
	int r, round = 0;

	br->pending = br->to - br->from;
	while (br->pending > 0) {
		br->retry_after[0] = '\0';
		if ((r = batch_build(br, &nreq)) != 0)
			return r;
		for (k = 0; k < br->nb; k++)
			pc_http_resp_free(&br->resps[k]);
		if ((r = pc_http_request_many(
			 br->g->http, br->reqs, br->resps, nreq)) != 0)
			return pc_error_set(
			    r, "microsoft365: %s", pc_error_get());
		for (k = 0; k < nreq; k++)
			if ((r = batch_read(br, &br->resps[k])) != 0)
				return r;
		if (br->pending == 0)
			break;
		/* Some inner requests were throttled: wait, then resend. */
		if (pc_http_take_retry(br->g->http,
			br->retry_after[0] ? br->retry_after : NULL, round++,
			&delay) != 0)
			return pc_error_set(PC_EHTTP,
			    "microsoft365: Graph kept throttling the %s past the retry budget; try again later",
			    br->b->items);
		pc_http_sleep_ms(delay);
	}
	return 0;
}

/* GETs b->paths through $batch, 160 at a time. */
int
pc_graph_batch(struct pc_graph *g, const struct pc_graph_batch *b)
{
	size_t step = PC_GRAPH_BATCH * PC_GRAPH_BATCHES, k;
	struct batch_run br = { .g = g, .b = b, .nb = PC_GRAPH_BATCHES };
	int r = 0;

	br.reqs = calloc(br.nb, sizeof(*br.reqs));
	br.resps = calloc(br.nb, sizeof(*br.resps));
	br.bodies = calloc(br.nb, sizeof(*br.bodies));
	br.done = calloc(step, sizeof(*br.done));
	if (!br.reqs || !br.resps || !br.bodies || !br.done ||
	    snprintf(br.url, sizeof(br.url), "%s/v1.0/$batch", g->base) >=
		(int)sizeof(br.url)) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (br.from = 0; br.from < b->n && r == 0; br.from += step) {
		br.to = br.from + step < b->n ? br.from + step : b->n;
		memset(br.done, 0, step * sizeof(*br.done));
		r = batch_chunk(&br);
	}
out:
	for (k = 0; br.bodies && k < br.nb; k++)
		pc_buf_free(&br.bodies[k]);
	for (k = 0; br.resps && k < br.nb; k++)
		pc_http_resp_free(&br.resps[k]);
	free(br.reqs);
	free(br.resps);
	free(br.bodies);
	free(br.done);
	return r;
}
