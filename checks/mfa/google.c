/* Google Workspace: 2-Step Verification through the Admin SDK Directory. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/lib/json.h"
#include "agent/lib/jwt.h"
#include "mfa.h"

#define GOOGLE_SCOPE \
	"https://www.googleapis.com/auth/admin.directory.user.readonly"
#define GOOGLE_MAX_PAGES 1000
#define GOOGLE_PAGE "500"

struct google {
	struct mfa_provider *p;
	const struct pc_google *cfg;
	struct pc_http *http;
	struct pc_http_auth auth;
	cJSON *sa; /* the parsed service-account file; wiped on free */
};

/* Reports one page of users; counts active users not under enforcement. */
int
pc_mfa_google_users_page(struct mfa_provider *p, const cJSON *page,
    size_t *not_enforced)
{
	const cJSON *users, *u;
	const char *email;
	int admin, delegated, suspended, archived, enrolled, enforced, r;

	/* An empty result omits "users". */
	if ((r = pc_json_opt_array(&users, page, "users", "google")) != 0)
		return r;
	cJSON_ArrayForEach(u, users) {
		struct mfa_account a = { 0 };

		if ((r = pc_json_expect_object(u, "each users item",
			 "google")) ||
		    (r = pc_json_need_string(&email, u, "primaryEmail",
			 "google")) ||
		    (r = pc_json_opt_bool(&admin, u, "isAdmin", "google")) ||
		    (r = pc_json_opt_bool(&delegated, u, "isDelegatedAdmin",
			 "google")) ||
		    (r = pc_json_opt_bool(&suspended, u, "suspended",
			 "google")) ||
		    (r = pc_json_opt_bool(&archived, u, "archived", "google")) ||
		    (r = pc_json_opt_bool(&enrolled, u, "isEnrolledIn2Sv",
			 "google")) ||
		    (r = pc_json_opt_bool(&enforced, u, "isEnforcedIn2Sv",
			 "google")))
			return r;
		if (suspended == 1 || archived == 1) {
			p->excluded++;
			continue;
		}
		if (enforced != 1 && not_enforced)
			(*not_enforced)++;
		a.account = email;
		a.admin = admin == 1 || delegated == 1;
		a.state = enrolled == 1 ? MFA_STRONG : enrolled == 0 ?
		    MFA_NONE : MFA_UNKNOWN;
		a.methods = enrolled == 1 ? "2-Step Verification" :
		    enrolled == 0 ? "" : NULL;
		a.unknown_why = "the directory did not return isEnrolledIn2Sv";
		if ((r = pc_mfa_account(p, &a)) != 0)
			return r;
	}
	return 0;
}

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
google_load_sa(struct google *g)
{
	const char *path = g->cfg->service_account_file, *type, *s;
	const struct pc_buf *b = NULL;
	struct pc_buf own;
	int r;

	pc_buf_init(&own, 1 << 20);
	if (g->p->ctx) {
		if ((b = pc_check_secret(g->p->ctx, path)) == NULL)
			return pc_error_set(PC_ECONFIG, "google: the service "
			    "account file %s was not loaded", path);
	} else {
		if ((r = pc_secret_read(&own, path)) != 0)
			return r;
		b = &own;
	}
	r = pc_json_parse(&g->sa, b->data, b->len, 1 << 20, "google");
	pc_buf_free(&own);
	if (r != 0)
		return pc_error_set(PC_ECONFIG, "google: the service account "
		    "file %s is not valid JSON; download a new JSON key for "
		    "the service account", path);
	if (!cJSON_IsObject(g->sa) ||
	    pc_json_opt_string(&type, g->sa, "type", "google") != 0 ||
	    type == NULL || strcmp(type, "service_account") != 0)
		return pc_error_set(PC_ECONFIG, "google: %s is not a service "
		    "account key file (its \"type\" is not service_account)",
		    path);
	if (pc_json_opt_string(&s, g->sa, "client_email", "google") != 0 ||
	    s == NULL || strchr(s, '@') == NULL)
		return pc_error_set(PC_ECONFIG, "google: the service account "
		    "file %s has no client_email", path);
	if (pc_json_opt_string(&s, g->sa, "private_key", "google") != 0 ||
	    s == NULL || strstr(s, "PRIVATE KEY") == NULL)
		return pc_error_set(PC_ECONFIG, "google: the service account "
		    "file %s has no private_key", path);
	return 0;
}

/* Signs an assertion and exchanges it for an access token. */
static int
google_token(struct google *g)
{
	struct pc_http_req req = { 0 };
	struct pc_http_resp resp = { 0 };
	const char *email, *key, *kid = NULL, *tok;
	char *jwt = NULL, *claims = NULL, *enc = NULL;
	struct pc_buf form;
	cJSON *c = NULL, *j = NULL;
	time_t now = time(NULL);
	int r;

	pc_buf_init(&form, 64 * 1024);
	pc_json_need_string(&email, g->sa, "client_email", "google");
	pc_json_need_string(&key, g->sa, "private_key", "google");
	pc_json_opt_string(&kid, g->sa, "private_key_id", "google");
	if ((c = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddStringToObject(c, "iss", email) ||
	    !cJSON_AddStringToObject(c, "scope", GOOGLE_SCOPE) ||
	    !cJSON_AddStringToObject(c, "aud", g->cfg->token_url) ||
	    !cJSON_AddNumberToObject(c, "iat", (double)now) ||
	    !cJSON_AddNumberToObject(c, "exp", (double)(now + 3600)) ||
	    (g->cfg->admin_subject &&
		!cJSON_AddStringToObject(c, "sub", g->cfg->admin_subject)) ||
	    (claims = cJSON_PrintUnformatted(c)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_jwt_sign_rs256(&jwt, claims, kid, key, strlen(key))) != 0) {
		pc_error_set(r, "google: cannot sign the token request with "
		    "the key in %s: %s", g->cfg->service_account_file,
		    pc_error_get());
		goto out;
	}
	if ((enc = curl_easy_escape(NULL, jwt, 0)) == NULL ||
	    pc_buf_addf(&form, "grant_type=%s&assertion=%s",
		"urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer",
		enc) != 0) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	req.method = "POST";
	req.url = g->cfg->token_url;
	req.body = form.data;
	req.body_len = form.len;
	req.content_type = "application/x-www-form-urlencoded";
	req.no_auth = true;
	if ((r = pc_http_request(g->http, &req, &resp)) != 0) {
		pc_error_set(r, "google: sign-in: %s", pc_error_get());
		goto out;
	}
	if (resp.status != 200) {
		pc_http_fail(&resp, "the Google token endpoint");
		r = pc_error_set(PC_EAUTH, "google: the service account's "
		    "token request was refused (%s); check the key file, that "
		    "admin_subject is a Workspace admin, and that domain-wide "
		    "delegation grants the scope admin.directory.user.readonly",
		    pc_error_get());
		goto out;
	}
	if ((r = pc_http_json(&j, &resp, "token endpoint")) ||
	    (r = pc_json_need_string(&tok, j, "access_token",
		 "token endpoint"))) {
		pc_error_set(r, "google: %s", pc_error_get());
		goto out;
	}
	pc_mfa_secret_free(g->auth.token);
	if ((g->auth.token = strdup(tok)) == NULL)
		r = pc_error_set(PC_ENOMEM, "out of memory");
out:
	wipe_json(j);
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
	cJSON_free(claims);
	cJSON_Delete(c);
	return r;
}

/* Token refresh callback. */
static int
google_refresh(void *arg, struct pc_http_auth *auth)
{
	return google_token(arg);
}

/* Lists every user, page by page. */
static int
google_users(struct google *g, size_t *not_enforced)
{
	struct pc_http_resp resp = { 0 };
	struct pc_pager pager = { 0 };
	struct pc_http_req req = { 0 };
	struct pc_buf base;
	char *url = NULL, *cust = NULL;
	const char *next;
	cJSON *j = NULL;
	size_t n;
	int r;

	pc_buf_init(&base, 4096);
	n = strlen(g->cfg->directory_url);
	while (n > 0 && g->cfg->directory_url[n - 1] == '/')
		n--;
	if ((cust = curl_easy_escape(NULL, g->cfg->customer, 0)) == NULL ||
	    (r = pc_buf_addf(&base, "%.*s/admin/directory/v1/users?customer=%s"
		 "&maxResults=" GOOGLE_PAGE, (int)n, g->cfg->directory_url,
		 cust)) != 0 ||
	    (url = strdup(base.data)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_pager_init(&pager, "google", base.data,
		 GOOGLE_MAX_PAGES)) != 0)
		goto out;
	for (;;) {
		pc_http_resp_free(&resp);
		cJSON_Delete(j);
		j = NULL;
		req.url = url;
		if ((r = pc_http_get_json(&j, g->http, &req, &resp,
			 "google")) != 0) {
			pc_error_set(r, "google: %s", pc_error_get());
			goto out;
		}
		if (resp.status != 200) {
			pc_http_fail(&resp, "the Google directory");
			r = pc_error_set(resp.status == 403 ? PC_EPERM :
			    pc_error_code(), "google: listing users was refused "
			    "(%s)%s", pc_error_get(), resp.status == 403 ?
			    "; admin_subject must be a Workspace admin and "
			    "the service account needs domain-wide delegation "
			    "for admin.directory.user.readonly" : "");
			goto out;
		}
		if ((r = pc_mfa_google_users_page(g->p, j, not_enforced)) ||
		    (r = pc_json_opt_string(&next, j, "nextPageToken",
			 "google"))) {
			pc_error_set(r, "google: %s", pc_error_get());
			goto out;
		}
		if (next == NULL || next[0] == '\0')
			break;
		if ((r = pc_pager_token_url(&pager, &url, base.data,
			 "pageToken", next)) != 0)
			goto out;
	}
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	pc_pager_free(&pager);
	pc_buf_free(&base);
	free(url);
	curl_free(cust);
	return r;
}

/* Examines every Google Workspace account. */
int
pc_mfa_google(struct mfa_provider *p, const struct pc_google *cfg)
{
	struct google g = { .p = p, .cfg = cfg };
	size_t not_enforced = 0;
	char evidence[256];
	int r;

	if ((r = google_load_sa(&g)) != 0 ||
	    (r = pc_mfa_http(p, &g.http, "google api")) != 0)
		goto out;
	g.auth.scheme = "Bearer";
	g.auth.refresh = google_refresh;
	g.auth.arg = &g;
	pc_http_set_auth(g.http, &g.auth);
	if ((r = google_token(&g)) != 0 ||
	    (r = google_users(&g, &not_enforced)) != 0)
		goto out;
	if (not_enforced > 0) {
		snprintf(evidence, sizeof(evidence), "%zu of %zu active "
		    "accounts are not in an organisational unit or group "
		    "that enforces 2-Step Verification", not_enforced,
		    p->examined);
		/* The subject is the Workspace domain, when known. */
		r = pc_mfa_enforcement(p, cfg->admin_subject &&
		    strchr(cfg->admin_subject, '@') ?
		    strchr(cfg->admin_subject, '@') + 1 : cfg->customer, 0,
		    evidence);
	}
out:
	if (g.http)
		p->requests += pc_http_requests(g.http);
	pc_http_free(g.http);
	pc_mfa_secret_free(g.auth.token);
	wipe_json(g.sa);
	return r;
}
