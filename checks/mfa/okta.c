/* Okta: enrolled factors and admin roles of every active user. */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "agent/err.h"
#include "agent/json.h"
#include "mfa.h"

#define OKTA_MAX_PAGES 1000

/* Classifies a user's factor list: ACTIVE factors only; SMS and voice
 * call are weak; e-mail and security questions are no second factor. */
int
pc_mfa_okta_factors(enum mfa_state *state_out, char *methods, size_t n,
    const cJSON *factors)
{
	const cJSON *f;
	const char *type, *status;
	bool strong = false, weak = false;
	size_t l;
	int r;

	methods[0] = '\0';
	if ((r = pc_json_expect_array(factors, "the factor list", "okta")))
		return r;
	cJSON_ArrayForEach(f, factors) {
		if ((r = pc_json_need_string(&type, f, "factorType", "okta")) ||
		    (r = pc_json_need_string(&status, f, "status", "okta")))
			return r;
		if (strcmp(status, "ACTIVE") != 0)
			continue;
		if (strcmp(type, "sms") == 0 || strcmp(type, "call") == 0)
			weak = true;
		else if (strcmp(type, "email") != 0 &&
		    strcmp(type, "question") != 0)
			strong = true;
		l = strlen(methods);
		if (strstr(methods, type) == NULL)
			snprintf(methods + l, n - l, "%s%s", l ? ", " : "",
			    type);
	}
	*state_out = strong ? MFA_STRONG : weak ? MFA_WEAK : MFA_NONE;
	return 0;
}

/* Explains a refused Okta call. */
static int
okta_refused(const struct pc_http_resp *resp, const char *what)
{
	pc_http_fail(resp, "Okta");
	if (resp->status == 401)
		return pc_error_set(PC_EAUTH, "okta: the API token was refused "
		    "while reading %s (%s); it is invalid or expired: create "
		    "a new one and put it in token_file", what,
		    pc_error_get());
	if (resp->status == 403)
		return pc_error_set(PC_EPERM, "okta: permission missing while "
		    "reading %s (%s); the token's admin needs read access to "
		    "users, factors and roles (read-only administrator or "
		    "super administrator)", what, pc_error_get());
	return pc_error_set(pc_error_code(), "okta: reading %s failed (%s)",
	    what, pc_error_get());
}

/* One page's users and what their per-user requests return. */
struct okta_page {
	char **ids, **logins;
	size_t n;
	struct pc_http_req *reqs;
	struct pc_http_resp *resps;
	char **urls;
	size_t nreq;
};

/* Frees a page's state. */
static void
page_free(struct okta_page *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++) {
		free(pg->ids[i]);
		free(pg->logins[i]);
	}
	for (i = 0; i < pg->nreq; i++) {
		pc_http_resp_free(&pg->resps[i]);
		free(pg->urls[i]);
	}
	free(pg->ids);
	free(pg->logins);
	free(pg->reqs);
	free(pg->resps);
	free(pg->urls);
	memset(pg, 0, sizeof(*pg));
}

/* Reads the users on a list page (ACTIVE only are kept). */
static int
page_users(struct mfa_provider *p, struct okta_page *pg, const cJSON *list)
{
	const cJSON *u, *profile;
	const char *id, *login, *status;
	size_t cap;
	int r;

	if ((r = pc_json_expect_array(list, "the user list", "okta")) != 0)
		return pc_error_set(r, "okta: %s", pc_error_get());
	cap = (size_t)cJSON_GetArraySize(list);
	pg->ids = calloc(cap + 1, sizeof(char *));
	pg->logins = calloc(cap + 1, sizeof(char *));
	if (!pg->ids || !pg->logins)
		return pc_error_set(PC_ENOMEM, "out of memory");
	cJSON_ArrayForEach(u, list) {
		if ((r = pc_json_need_string(&id, u, "id", "okta")) ||
		    (r = pc_json_opt_string(&status, u, "status", "okta")) ||
		    (r = pc_json_need_object(&profile, u, "profile", "okta")) ||
		    (r = pc_json_need_string(&login, profile, "login", "okta")))
			return pc_error_set(r, "okta: %s", pc_error_get());
		if (status && strcmp(status, "ACTIVE") != 0) {
			p->excluded++;
			continue;
		}
		if ((pg->ids[pg->n] = curl_easy_escape(NULL, id, 0)) == NULL ||
		    (pg->logins[pg->n] = strdup(login)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		/* curl_free and free are the same allocator in libcurl
		 * builds on Debian, but copy to be safe. */
		{
			char *c = strdup(pg->ids[pg->n]);

			curl_free(pg->ids[pg->n]);
			pg->ids[pg->n] = c;
			if (c == NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
		}
		pg->n++;
	}
	return 0;
}

/* Examines every active Okta user. */
int
pc_mfa_okta(struct mfa_provider *p, const struct pc_okta *cfg)
{
	struct pc_http_auth auth = { .scheme = "SSWS" };
	struct pc_http_resp first = { 0 };
	struct pc_http_req req = { 0 };
	struct pc_pager pager = { 0 };
	struct okta_page pg = { 0 };
	struct pc_http *http = NULL;
	struct pc_http_resp cur = { 0 };
	char *next = NULL, *base = NULL;
	struct pc_buf b;
	cJSON *list = NULL, *j = NULL;
	size_t n, i;
	int r;

	pc_buf_init(&b, 4096);
	n = strlen(cfg->url);
	while (n > 0 && cfg->url[n - 1] == '/')
		n--;
	if ((base = strndup(cfg->url, n)) == NULL ||
	    pc_buf_addf(&b, "%s/api/v1/users?filter=status%%20eq%%20%%22"
		"ACTIVE%%22&limit=200", base)) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_mfa_secret(p, &auth.token, cfg->token_file)) ||
	    (r = pc_mfa_http(p, &http, "okta api")) ||
	    (r = pc_pager_init(&pager, "okta", b.data, OKTA_MAX_PAGES)))
		goto out;
	pc_http_set_auth(http, &auth);
	req.url = b.data;
	if ((r = pc_http_request(http, &req, &first)) != 0) {
		pc_error_set(r, "okta: %s", pc_error_get());
		goto out;
	}
	cur = first;
	memset(&first, 0, sizeof(first));
	for (;;) {
		size_t k = 0, nreq;

		if (cur.status != 200) {
			r = okta_refused(&cur, "the user list");
			goto out;
		}
		cJSON_Delete(list);
		list = NULL;
		if ((r = pc_http_json(&list, &cur, "okta")) != 0) {
			pc_error_set(r, "okta: %s", pc_error_get());
			goto out;
		}
		free(next);
		next = NULL;
		if ((r = pc_http_link_next(&next, cur.link)) != 0) {
			pc_error_set(r, "okta: %s", pc_error_get());
			goto out;
		}
		if (next && (r = pc_pager_follow(&pager, next)) != 0)
			goto out;
		page_free(&pg);
		if ((r = page_users(p, &pg, list)) != 0)
			goto out;
		/* Factors and roles of each user, plus the next page, all
		 * in flight together. */
		nreq = pg.n * 2 + (next ? 1 : 0);
		pg.reqs = calloc(nreq + 1, sizeof(*pg.reqs));
		pg.resps = calloc(nreq + 1, sizeof(*pg.resps));
		pg.urls = calloc(nreq + 1, sizeof(*pg.urls));
		if (!pg.reqs || !pg.resps || !pg.urls) {
			r = pc_error_set(PC_ENOMEM, "out of memory");
			goto out;
		}
		for (i = 0; i < pg.n; i++) {
			struct pc_buf u;

			pc_buf_init(&u, 4096);
			pc_buf_addf(&u, "%s/api/v1/users/%s/factors", base,
			    pg.ids[i]);
			pg.urls[k] = pc_buf_take(&u, NULL);
			pg.reqs[k].url = pg.urls[k];
			k++;
			pc_buf_init(&u, 4096);
			pc_buf_addf(&u, "%s/api/v1/users/%s/roles", base,
			    pg.ids[i]);
			pg.urls[k] = pc_buf_take(&u, NULL);
			pg.reqs[k].url = pg.urls[k];
			k++;
		}
		if (next) {
			pg.urls[k] = strdup(next);
			pg.reqs[k].url = pg.urls[k];
			k++;
		}
		pg.nreq = k;
		for (i = 0; i < k; i++)
			if (pg.urls[i] == NULL) {
				r = pc_error_set(PC_ENOMEM, "out of memory");
				goto out;
			}
		if ((r = pc_http_request_many(http, pg.reqs, pg.resps, k))) {
			pc_error_set(r, "okta: %s", pc_error_get());
			goto out;
		}
		for (i = 0; i < pg.n; i++) {
			struct pc_http_resp *fr = &pg.resps[2 * i];
			struct pc_http_resp *rr = &pg.resps[2 * i + 1];
			struct mfa_account a = { .account = pg.logins[i] };
			char methods[256];

			if (fr->status != 200) {
				r = okta_refused(fr, "a user's factors");
				goto out;
			}
			if (rr->status != 200) {
				r = okta_refused(rr, "a user's admin roles");
				goto out;
			}
			cJSON_Delete(j);
			j = NULL;
			if ((r = pc_http_json(&j, fr, "okta")) ||
			    (r = pc_mfa_okta_factors(&a.state, methods,
				 sizeof(methods), j))) {
				pc_error_set(r, "okta: %s", pc_error_get());
				goto out;
			}
			cJSON_Delete(j);
			j = NULL;
			if ((r = pc_http_json(&j, rr, "okta")) ||
			    (r = pc_json_expect_array(j, "the role list",
				 "okta"))) {
				pc_error_set(r, "okta: %s", pc_error_get());
				goto out;
			}
			a.admin = cJSON_GetArraySize(j) > 0;
			a.methods = methods;
			if ((r = pc_mfa_account(p, &a)) != 0)
				goto out;
		}
		if (!next)
			break;
		/* The next page came back with this round. */
		pc_http_resp_free(&cur);
		cur = pg.resps[k - 1];
		memset(&pg.resps[k - 1], 0, sizeof(pg.resps[k - 1]));
	}
out:
	if (http)
		p->requests += pc_http_requests(http);
	cJSON_Delete(list);
	cJSON_Delete(j);
	page_free(&pg);
	pc_http_resp_free(&first);
	pc_http_resp_free(&cur);
	pc_pager_free(&pager);
	pc_http_free(http);
	pc_mfa_secret_free(auth.token);
	pc_buf_free(&b);
	free(next);
	free(base);
	return r;
}
