/* GitHub organisation: members without 2FA (owner-only member filter). */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "mfa.h"
#include "strlist.h"

#define GITHUB_MAX_PAGES 2000

static const char *const gh_headers[] = {
	"Accept: application/vnd.github+json",
	"X-GitHub-Api-Version: 2022-11-28",
	NULL,
};

struct github {
	struct mfa_provider *p;
	const struct pc_github *cfg;
	struct pc_http *http;
	struct pc_http_auth auth;
	char *base; /* api_url/orgs/<org> */
};

/* GET as JSON with GitHub's headers; non-200 left to the caller. */
static int
gh_get(struct github *g, const char *url, struct pc_http_resp *resp,
    cJSON **json_out)
{
	struct pc_http_req req = { .url = url, .headers = gh_headers };
	int r;

	if ((r = pc_http_get_json(json_out, g->http, &req, resp,
		 "github")) != 0)
		return pc_error_set(r, "github: %s", pc_error_get());
	return 0;
}

/* Explains a refused GitHub call. */
static int
gh_refused(const struct pc_http_resp *resp, const char *what)
{
	pc_http_fail(resp, "GitHub");
	if (resp->status == 401)
		return pc_error_set(PC_EAUTH, "github: the token was refused "
		    "while reading %s (%s); it is invalid or expired: create a "
		    "new one and put it in token_file", what, pc_error_get());
	if (resp->status == 403 || resp->status == 404)
		return pc_error_set(PC_EPERM, "github: access denied while "
		    "reading %s (%s); the token needs the read:org scope (or "
		    "Members: read) from an organisation owner", what,
		    pc_error_get());
	return pc_error_set(pc_error_code(), "github: reading %s failed (%s)",
	    what, pc_error_get());
}

/*
 * Lists members at url (all pages) into l. *owner_only_out is set (and 0
 * returned) when GitHub says only owners may use the filter.
 */
static int
gh_members(struct github *g, const char *url, struct mfa_strlist *l,
    bool *owner_only_out)
{
	struct pc_http_resp resp = { 0 };
	struct pc_pager pager = { 0 };
	const cJSON *m;
	const char *login;
	char *cur = NULL, *next = NULL;
	cJSON *j = NULL;
	int r;

	if (owner_only_out)
		*owner_only_out = false;
	if ((r = pc_pager_init(&pager, "github", url, GITHUB_MAX_PAGES)) != 0)
		return r;
	if ((cur = strdup(url)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		pc_http_resp_free(&resp);
		cJSON_Delete(j);
		j = NULL;
		if ((r = gh_get(g, cur, &resp, &j)) != 0)
			goto out;
		if ((resp.status == 422 || resp.status == 403) &&
		    owner_only_out && pager.pages == 1) {
			pc_http_fail(&resp, "GitHub");
			pc_error_set(PC_EPERM, "github: only organisation "
			    "owners can list members without 2FA (%s); use an "
			    "owner's token", pc_error_get());
			*owner_only_out = true;
			goto out;
		}
		if (resp.status != 200) {
			r = gh_refused(&resp, "organisation members");
			goto out;
		}
		if ((r = pc_json_expect_array(j, "the member list",
			 "github")) != 0) {
			pc_error_set(r, "github: %s", pc_error_get());
			goto out;
		}
		cJSON_ArrayForEach(m, j) {
			if ((r = pc_json_need_string(&login, m, "login",
				 "github")) != 0) {
				pc_error_set(r, "github: %s", pc_error_get());
				goto out;
			}
			if ((r = mfa_strlist_add(l, login)) != 0)
				goto out;
		}
		free(next);
		next = NULL;
		if ((r = pc_http_link_next(&next, resp.link)) != 0) {
			pc_error_set(r, "github: %s", pc_error_get());
			goto out;
		}
		if (next == NULL)
			break;
		if ((r = pc_pager_follow(&pager, next)) != 0)
			goto out;
		free(cur);
		cur = next;
		next = NULL;
	}
	mfa_strlist_sort(l);
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	pc_pager_free(&pager);
	free(cur);
	free(next);
	return r;
}

/* Examines every member of the GitHub organisation. */
int
pc_mfa_github(struct mfa_provider *p, const struct pc_github *cfg)
{
	struct github g = { .p = p, .cfg = cfg };
	struct mfa_strlist all = { 0 }, admins = { 0 }, no2fa = { 0 };
	struct pc_http_resp resp = { 0 };
	struct pc_buf url;
	char *org = NULL, owner_msg[320] = "";
	bool owner_only = false;
	int required = -1, r;
	cJSON *j = NULL;
	size_t i, n;

	pc_buf_init(&url, 4096);
	n = strlen(cfg->api_url);
	while (n > 0 && cfg->api_url[n - 1] == '/')
		n--;
	if ((org = curl_easy_escape(NULL, cfg->org, 0)) == NULL ||
	    pc_buf_addf(&url, "%.*s/orgs/%s", (int)n, cfg->api_url, org) ||
	    (g.base = strdup(url.data)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_mfa_secret(p, &g.auth.token, cfg->token_file)) ||
	    (r = pc_mfa_http(p, &g.http, "github api")))
		goto out;
	g.auth.scheme = "Bearer";
	pc_http_set_auth(g.http, &g.auth);
	/* The organisation: is 2FA required? (owners only see the field) */
	if ((r = gh_get(&g, g.base, &resp, &j)) != 0)
		goto out;
	if (resp.status != 200) {
		r = gh_refused(&resp, "the organisation");
		goto out;
	}
	if ((r = pc_json_expect_object(j, "the organisation", "github")) ||
	    (r = pc_json_opt_bool(&required, j,
		 "two_factor_requirement_enabled", "github"))) {
		pc_error_set(r, "github: %s", pc_error_get());
		goto out;
	}
	pc_buf_reset(&url);
	if ((r = pc_buf_addf(&url, "%s/members?role=admin&per_page=100",
		 g.base)) ||
	    (r = gh_members(&g, url.data, &admins, NULL)))
		goto out;
	pc_buf_reset(&url);
	if ((r = pc_buf_addf(&url, "%s/members?filter=2fa_disabled"
		 "&per_page=100", g.base)) ||
	    (r = gh_members(&g, url.data, &no2fa, &owner_only)))
		goto out;
	if (owner_only)
		snprintf(owner_msg, sizeof(owner_msg), "%s", pc_error_get());
	pc_buf_reset(&url);
	if ((r = pc_buf_addf(&url, "%s/members?per_page=100", g.base)) ||
	    (r = gh_members(&g, url.data, &all, NULL)))
		goto out;
	for (i = 0; i < all.n; i++) {
		struct mfa_account a = {
			.account = all.v[i],
			.admin = mfa_strlist_has_sorted(&admins, all.v[i]),
		};

		if (owner_only) {
			a.state = MFA_UNKNOWN;
			a.unknown_why = "only an organisation owner's token "
			    "can see members without 2FA";
		} else {
			a.state = mfa_strlist_has_sorted(&no2fa, all.v[i]) ? MFA_NONE :
			    MFA_STRONG;
			a.methods = a.state == MFA_NONE ? "" : "2FA enabled";
		}
		if ((r = pc_mfa_account(p, &a)) != 0)
			goto out;
	}
	if (required == 0)
		r = pc_mfa_enforcement(p, cfg->org, 0, "the organisation "
		    "setting \"Require two-factor authentication\" is off");
	else if (required < 0)
		r = pc_mfa_enforcement(p, cfg->org, -1, "GitHub did not return "
		    "two_factor_requirement_enabled (it shows it to owners "
		    "only)");
	if (r == 0 && owner_only)
		r = pc_error_set(PC_EPERM, "%s", owner_msg);
out:
	if (g.http)
		p->requests += pc_http_requests(g.http);
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	mfa_strlist_free(&all);
	mfa_strlist_free(&admins);
	mfa_strlist_free(&no2fa);
	pc_http_free(g.http);
	pc_mfa_secret_free(g.auth.token);
	pc_buf_free(&url);
	curl_free(org);
	free(g.base);
	return r;
}
