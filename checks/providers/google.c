/* Google Workspace: service-account sessions per impersonated user. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "agent/lib/jwt.h"
#include "checks/providers/google.h"

#define TOKEN_LIFE   3600 /* seconds asked for in the assertion */
#define TOKEN_MARGIN 60   /* renew this long before expiry */

struct pc_google_user {
	struct pc_google_user *next;
	struct pc_google_session *s;
	char *user, *scope, *base; /* user NULL: the service account */
	struct pc_http_auth auth;
	time_t expires;
};

struct pc_google_session {
	const struct pc_google *cfg;
	struct pc_http *http;
	cJSON *sa; /* the parsed service-account file; wiped on free */
	struct pc_google_user *users;
};

/* A string member of o, or NULL. */
static const char *
str_of(const cJSON *o, const char *key)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(j) ? j->valuestring : NULL;
}

/* Google {"error":{"code","message","errors":[{"reason"}],"status"}}:
 * the first reason is the code that matters; the token endpoint's OAuth
 * shape. */
static void
google_error_parts(const cJSON *body, const char **code, const char **msg)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "error");
	const cJSON *errs;

	if (pc_provider_oauth_error(body, code, msg) || !cJSON_IsObject(e))
		return;
	*code = str_of(e, "code");
	*msg = str_of(e, "message");
	errs = cJSON_GetObjectItemCaseSensitive(e, "errors");
	if (cJSON_IsArray(errs) &&
	    str_of(cJSON_GetArrayItem(errs, 0), "reason"))
		*code = str_of(cJSON_GetArrayItem(errs, 0), "reason");
	if (*code == NULL)
		*code = str_of(e, "status");
}

/* Google's 403 reasons that mean "slow down". */
static bool
google_throttled(const struct pc_http_resp *r)
{
	char code[64];

	if (r->status != 403)
		return false;
	pc_http_error_code(code, sizeof(code), r);
	return strcmp(code, "userRateLimitExceeded") == 0 ||
	    strcmp(code, "rateLimitExceeded") == 0 ||
	    strcmp(code, "quotaExceeded") == 0;
}

const struct pc_http_dialect pc_google_dialect = {
	.error_parts = google_error_parts,
	.throttled = google_throttled,
};

/* nextPageToken in the body, sent back as pageToken. */
static const struct pc_page_style google_paging = {
	.kind = PC_PAGE_TOKEN,
	.member = "nextPageToken",
	.param = "pageToken",
	.json_what = "google",
};

/* providers.google: the table the config loader binds. */
static const struct pc_field google_fields[] = {
	PC_PROVIDER_FIELD("service_account_file", struct pc_google,
	    service_account_file, true, "/etc/portcullis/secrets/google.json"),
	PC_PROVIDER_FIELD("admin_subject", struct pc_google, admin_subject,
	    true, "admin@example.org.uk"),
	PC_PROVIDER_FIELD("customer", struct pc_google, customer, false, NULL),
	PC_PROVIDER_FIELD(
	    "token_url", struct pc_google, token_url, false, NULL),
	PC_PROVIDER_FIELD(
	    "directory_url", struct pc_google, directory_url, false, NULL),
	PC_PROVIDER_FIELD(
	    "gmail_url", struct pc_google, gmail_url, false, NULL),
	PC_PROVIDER_FIELD(
	    "drive_url", struct pc_google, drive_url, false, NULL),
};
static const struct pc_schema google_schema =
    PC_PROVIDER_SCHEMA(google_fields, struct pc_google);

/* Defaults, and https:// only. */
static int
google_check(void *data, const char *config_path)
{
	struct pc_google *s = data;
	int r;

	if ((r = pc_config_default(&s->customer, "my_customer")) != 0 ||
	    (r = pc_config_default(
		 &s->token_url, "https://oauth2.googleapis.com/token")) != 0 ||
	    (r = pc_config_default(
		 &s->directory_url, "https://admin.googleapis.com")) != 0 ||
	    (r = pc_config_default(
		 &s->gmail_url, "https://gmail.googleapis.com")) != 0 ||
	    (r = pc_config_default(
		 &s->drive_url, "https://www.googleapis.com")) != 0 ||
	    (r = pc_config_check_url(
		 config_path, "providers.google.token_url", s->token_url)) ||
	    (r = pc_config_check_url(config_path,
		 "providers.google.directory_url", s->directory_url)) ||
	    (r = pc_config_check_url(
		 config_path, "providers.google.gmail_url", s->gmail_url)))
		return r;
	return pc_config_check_url(
	    config_path, "providers.google.drive_url", s->drive_url);
}

static const struct pc_provider_secret google_secrets[] = {
	{ "service_account_file", "the Google service account key" },
	{ NULL, NULL },
};

const struct pc_provider_settings pc_google_settings = {
	.name = "google",
	.schema = &google_schema,
	.present_off = offsetof(struct pc_google, present),
	.check = google_check,
	.secrets = google_secrets,
	.starter = false,
};

/* cfg's providers.google, or a zeroed one when not registered. */
const struct pc_google *
pc_google_cfg(const struct pc_config *cfg)
{
	static const struct pc_google none;
	const struct pc_google *s =
	    pc_config_provider(cfg, &pc_google_settings);

	return s ? s : &none;
}

/* Is google configured? */
static bool
google_present(const struct pc_config *cfg)
{
	return pc_google_cfg(cfg)->present;
}

/* The token and Directory URLs and the key file. */
static int
google_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	const struct pc_google *g = pc_google_cfg(cfg);
	int r;

	if ((r = pc_needs_add_url(n, g->token_url)) ||
	    (r = pc_needs_add_url(n, g->directory_url)))
		return r;
	return pc_needs_add_secret(n, g->service_account_file);
}

const struct pc_provider pc_provider_google = {
	.id = "google",
	.label = "Google Workspace",
	.present = google_present,
	.needs = google_needs,
};

/* Wipes every string in a parsed tree (the key file), then frees it. */
static void
wipe_json(cJSON *j)
{
	cJSON *c;

	if (j == NULL)
		return;
	for (c = j->child; c != NULL; c = c->next)
		if (cJSON_IsString(c) && c->valuestring)
			OPENSSL_cleanse(c->valuestring, strlen(c->valuestring));
	cJSON_Delete(j);
}

/* Loads and checks the service-account key file. */
static int
load_sa(struct pc_google_session *s, const struct pc_provider_env *env)
{
	const char *path = s->cfg->service_account_file, *type, *v;
	const struct pc_buf *b = NULL;
	struct pc_buf own;
	int r;

	if ((r = pc_provider_secret_buf(&b, &own, env, path)) != 0) {
		pc_buf_free(&own);
		if (env->ctx)
			return pc_error_set(PC_ECONFIG,
			    "google: the service account file %s was not loaded",
			    path);
		return r;
	}
	r = pc_json_parse(&s->sa, b->data, b->len, 1 << 20, "google");
	pc_buf_free(&own);
	if (r != 0)
		return pc_error_set(PC_ECONFIG,
		    "google: the service account file %s is not valid JSON; download a new JSON key for the service account",
		    path);
	if (!cJSON_IsObject(s->sa) ||
	    pc_json_opt_string(&type, s->sa, "type", "google") != 0 ||
	    type == NULL || strcmp(type, "service_account") != 0)
		return pc_error_set(PC_ECONFIG,
		    "google: %s is not a service account key file (its \"type\" is not service_account)",
		    path);
	if (pc_json_opt_string(&v, s->sa, "client_email", "google") != 0 ||
	    v == NULL || strchr(v, '@') == NULL)
		return pc_error_set(PC_ECONFIG,
		    "google: the service account file %s has no client_email",
		    path);
	if (pc_json_opt_string(&v, s->sa, "private_key", "google") != 0 ||
	    v == NULL || strstr(v, "PRIVATE KEY") == NULL)
		return pc_error_set(PC_ECONFIG,
		    "google: the service account file %s has no private_key",
		    path);
	return 0;
}

/* The signed assertion for u: iss, scope, aud, iat, exp and sub. */
static int
sign_assertion(struct pc_google_user *u, char **jwt_out, time_t now)
{
	const struct pc_google_session *s = u->s;
	const char *email, *key, *kid = NULL;
	char *claims = NULL;
	cJSON *c = NULL;
	int r = 0;

	pc_json_need_string(&email, s->sa, "client_email", "google");
	pc_json_need_string(&key, s->sa, "private_key", "google");
	pc_json_opt_string(&kid, s->sa, "private_key_id", "google");
	if ((c = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddStringToObject(c, "iss", email) ||
	    !cJSON_AddStringToObject(c, "scope", u->scope) ||
	    !cJSON_AddStringToObject(c, "aud", s->cfg->token_url) ||
	    !cJSON_AddNumberToObject(c, "iat", (double)now) ||
	    !cJSON_AddNumberToObject(c, "exp", (double)(now + TOKEN_LIFE)) ||
	    (u->user && !cJSON_AddStringToObject(c, "sub", u->user)) ||
	    (claims = cJSON_PrintUnformatted(c)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_jwt_sign_rs256(jwt_out, claims, kid, key, strlen(key))) !=
	    0)
		pc_error_set(r,
		    "google: cannot sign the token request with the key in %s: %s",
		    s->cfg->service_account_file, pc_error_get());
out:
	cJSON_free(claims);
	cJSON_Delete(c);
	return r;
}

/* Says why the token endpoint refused u's assertion, and what to check:
 * unauthorized_client is a scope domain-wide delegation does not grant
 * (PC_EPERM), invalid_grant for an impersonated user a user that does
 * not exist (PC_ENOTFOUND); anything else PC_EAUTH. */
static int
token_refused(struct pc_google_user *u, const struct pc_http_resp *resp)
{
	const char *admin = u->s->cfg->admin_subject;
	const char *scope = strrchr(u->scope, '/');
	bool as_admin =
	    u->user == NULL || (admin && strcmp(u->user, admin) == 0);
	char code[64];

	scope = scope ? scope + 1 : u->scope;
	pc_http_error_code(code, sizeof(code), resp);
	pc_http_fail(resp, "the Google token endpoint");
	if (strcmp(code, "unauthorized_client") == 0)
		return pc_error_set(PC_EPERM,
		    "google: the service account may not act as %s with the scope %s (%s): in the Admin console, Security, API controls, Domain-wide delegation, add https://www.googleapis.com/auth/%s to the service account's client id",
		    u->user ? u->user : "itself", scope, pc_error_get(), scope);
	if (strcmp(code, "invalid_grant") == 0 && !as_admin)
		return pc_error_set(PC_ENOTFOUND,
		    "google: cannot act as %s (%s): the user does not exist or is not an active user of the Workspace",
		    u->user, pc_error_get());
	return pc_error_set(PC_EAUTH,
	    "google: the service account's token request was refused (%s); check the key file, that %s, and that domain-wide delegation grants the scope %s",
	    pc_error_get(),
	    as_admin
		? "admin_subject is a Workspace admin"
		: "the impersonated user is an active user of the Workspace",
	    scope);
}

/* Reads the token and its lifetime from a 200 token response. */
static int
token_take(
    struct pc_google_user *u, const struct pc_http_resp *resp, time_t now)
{
	const char *tok;
	cJSON *j = NULL;
	double life;
	int r;

	if ((r = pc_http_json(&j, resp, "token endpoint")) ||
	    (r = pc_json_need_string(
		 &tok, j, "access_token", "token endpoint"))) {
		pc_error_set(r, "google: %s", pc_error_get());
		goto out;
	}
	life = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(j, "expires_in"))
	    ? cJSON_GetObjectItemCaseSensitive(j, "expires_in")->valuedouble
	    : TOKEN_LIFE;
	if (!(life > 0 && life <= TOKEN_LIFE))
		life = TOKEN_LIFE;
	pc_provider_secret_free(u->auth.token);
	if ((u->auth.token = strdup(tok)) == NULL)
		r = pc_error_set(PC_ENOMEM, "out of memory");
	u->expires = now + (time_t)life;
out:
	wipe_json(j);
	return r;
}

/* Signs an assertion for u and exchanges it for an access token. */
static int
user_token(struct pc_google_user *u)
{
	struct pc_http_req req = { 0 };
	struct pc_http_resp resp = { 0 };
	char *jwt = NULL, *enc = NULL;
	struct pc_buf form;
	time_t now = time(NULL);
	int r;

	pc_buf_init(&form, 64 * 1024);
	if ((r = sign_assertion(u, &jwt, now)) != 0)
		goto out;
	if ((enc = curl_easy_escape(NULL, jwt, 0)) == NULL ||
	    pc_buf_addf(&form, "grant_type=%s&assertion=%s",
		"urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer",
		enc) != 0) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	req.method = "POST";
	req.url = u->s->cfg->token_url;
	req.body = form.data;
	req.body_len = form.len;
	req.content_type = "application/x-www-form-urlencoded";
	req.no_auth = true;
	if ((r = pc_http_request(u->s->http, &req, &resp)) != 0)
		pc_error_set(r, "google: sign-in: %s", pc_error_get());
	else if (resp.status != 200)
		r = token_refused(u, &resp);
	else
		r = token_take(u, &resp, now);
out:
	if (resp.body.data)
		OPENSSL_cleanse(resp.body.data, resp.body.len);
	pc_http_resp_free(&resp);
	if (form.data)
		OPENSSL_cleanse(form.data, form.len);
	pc_buf_free(&form);
	if (enc) {
		OPENSSL_cleanse(enc, strlen(enc));
		curl_free(enc);
	}
	pc_jwt_free(jwt);
	return r;
}

/* Token refresh callback (401 invalid_token). */
static int
user_refresh(void *arg, struct pc_http_auth *auth)
{
	(void)auth;
	return user_token(arg);
}

/* Opens a session: loads the key file and makes the client. */
int
pc_google_open(struct pc_google_session **session_out,
    const struct pc_provider_env *env, const struct pc_google *cfg)
{
	struct pc_google_session *s;
	int r;

	if ((*session_out = s = calloc(1, sizeof(*s))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	s->cfg = cfg;
	if ((r = load_sa(s, env)) != 0)
		return r;
	return pc_provider_http(
	    &s->http, env, "google api", &pc_google_dialect);
}

/* Frees one user's session. */
static void
user_free(struct pc_google_user *u)
{
	pc_provider_secret_free(u->auth.token);
	free(u->user);
	free(u->scope);
	free(u->base);
	free(u);
}

/* Closes a session: wipes the key and every cached token. */
void
pc_google_close(struct pc_google_session *s)
{
	struct pc_google_user *u;

	if (s == NULL)
		return;
	while ((u = s->users) != NULL) {
		s->users = u->next;
		user_free(u);
	}
	pc_http_free(s->http);
	wipe_json(s->sa);
	free(s);
}

/* The session's client. */
struct pc_http *
pc_google_http(const struct pc_google_session *s)
{
	return s ? s->http : NULL;
}

/* True when a and b are both NULL or equal. */
static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The cached session as user with scope at base, or a new one. */
static int
user_find(struct pc_google_user **user_out, struct pc_google_session *s,
    const char *user, const char *scope, const char *base_url)
{
	struct pc_google_user *u;
	char *base;

	*user_out = NULL;
	if ((base = pc_provider_base(base_url)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (u = s->users; u != NULL; u = u->next)
		if (same(u->user, user) && strcmp(u->scope, scope) == 0 &&
		    strcmp(u->base, base) == 0) {
			free(base);
			*user_out = u;
			return 0;
		}
	if ((u = calloc(1, sizeof(*u))) == NULL ||
	    (user && (u->user = strdup(user)) == NULL) ||
	    (u->scope = strdup(scope)) == NULL) {
		free(base);
		if (u)
			user_free(u);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	u->base = base;
	u->s = s;
	u->auth.scheme = "Bearer";
	u->auth.refresh = user_refresh;
	u->auth.arg = u;
	u->next = s->users;
	s->users = u;
	*user_out = u;
	return 0;
}

/* Acts as user with scope at base_url, with a token valid for a while. */
int
pc_google_as(struct pc_google_user **user_out, struct pc_google_session *s,
    const char *user, const char *scope, const char *base_url)
{
	struct pc_google_user *u;
	int r;

	*user_out = NULL;
	if ((r = user_find(&u, s, user, scope, base_url)) != 0)
		return r;
	if (u->auth.token == NULL || time(NULL) >= u->expires - TOKEN_MARGIN)
		if ((r = user_token(u)) != 0)
			return r;
	*user_out = u;
	return 0;
}

/* base_url without a trailing slash. */
const char *
pc_google_base(const struct pc_google_user *u)
{
	return u->base;
}

/* A Directory API URL for the configured customer. */
int
pc_google_directory_url(struct pc_buf *url, const struct pc_google_user *admin,
    const struct pc_google *cfg, const char *pre, const char *post)
{
	char *cust;
	int r = 0;

	pc_buf_reset(url);
	if ((cust = curl_easy_escape(NULL, cfg->customer, 0)) == NULL ||
	    pc_buf_addf(url, "%s/admin/directory/v1/%s%s%s", admin->base, pre,
		cust, post) != 0)
		r = pc_error_set(PC_ENOMEM, "out of memory");
	curl_free(cust);
	return r;
}

/* GETs url as the user. */
int
pc_google_get(struct pc_google_user *u, const char *url,
    struct pc_http_resp *resp, cJSON **json_out)
{
	struct pc_http_req req = { .url = url, .auth = &u->auth };
	int r;

	if ((r = pc_http_get_json(
		 json_out, u->s->http, &req, resp, "google")) != 0)
		return pc_error_set(r, "google: %s", pc_error_get());
	return 0;
}

/* The user's Authorization. */
struct pc_http_auth *
pc_google_auth(struct pc_google_user *u)
{
	return &u->auth;
}

/* The user's session's client. */
struct pc_http *
pc_google_user_http(const struct pc_google_user *u)
{
	return u->s->http;
}

/* GETs url as the user; the body is not parsed. */
int
pc_google_request(
    struct pc_google_user *u, const char *url, struct pc_http_resp *resp)
{
	struct pc_http_req req = { .url = url, .auth = &u->auth };
	int r;

	if ((r = pc_http_request(u->s->http, &req, resp)) != 0)
		return pc_error_set(r, "google: %s", pc_error_get());
	return 0;
}

/* Every page from url, as the user. */
int
pc_google_pages(struct pc_google_user *u, const char *url,
    int (*page)(void *arg, const struct pc_http_resp *resp, const cJSON *json,
	size_t pageno),
    void *arg)
{
	struct pc_pages pg = {
		.http = u->s->http,
		.what = "google",
		.url = url,
		.style = &google_paging,
		.auth = &u->auth,
		.max_pages = PC_GOOGLE_MAX_PAGES,
		.page = page,
		.arg = arg,
	};

	return pc_pages_run(&pg);
}
