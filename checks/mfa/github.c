/* GitHub organisation: members without 2FA (owner-only member filter),
 * read through a checks/providers/github.c session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/github.h"
#include "mfa.h"
#include "strlist.h"

/* One member list being read; owner_only set when GitHub says only
 * owners may use its filter. */
struct members_run {
	struct mfa_strlist *l;
	bool *owner_only;
};

/* Collects the logins of a member-list page. */
static int
members_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct members_run *run = arg;
	const char *login;
	const cJSON *m;
	int r;

	if ((resp->status == 422 || resp->status == 403) && run->owner_only &&
	    pageno == 1) {
		pc_http_fail(resp, "GitHub");
		pc_error_set(PC_EPERM,
		    "github: only organisation owners can list members without 2FA (%s); use an owner's token",
		    pc_error_get());
		*run->owner_only = true;
		return PC_PAGES_STOP;
	}
	if (resp->status != 200)
		return pc_github_refused(resp, "organisation members");
	if ((r = pc_json_expect_array(json, "the member list", "github")) != 0)
		return pc_error_set(r, "github: %s", pc_error_get());
	cJSON_ArrayForEach(m, json)
	{
		if ((r = pc_json_need_string(&login, m, "login", "github")) !=
		    0)
			return pc_error_set(r, "github: %s", pc_error_get());
		if ((r = mfa_strlist_add(run->l, login)) != 0)
			return r;
	}
	return 0;
}

/*
 * Lists members at url (all pages) into l, sorted. *owner_only_out is set
 * (and 0 returned, the reason in the error slot) when GitHub says only
 * owners may use the filter.
 */
static int
gh_members(struct pc_github_session *s, const char *url, struct mfa_strlist *l,
    bool *owner_only_out)
{
	struct members_run run = { l, owner_only_out };
	int r;

	if (owner_only_out)
		*owner_only_out = false;
	if ((r = pc_github_pages(s, url, members_page, &run)) == 0 &&
	    !(owner_only_out && *owner_only_out))
		mfa_strlist_sort(l);
	return r;
}

/* Is 2FA required in the organisation? (owners only see the field) */
static int
gh_required(struct pc_github_session *s, int *required_out)
{
	struct pc_http_resp resp = { 0 };
	cJSON *j = NULL;
	int r;

	*required_out = -1;
	if ((r = pc_github_get(s, pc_github_org_url(s), &resp, &j)) != 0)
		goto out;
	if (resp.status != 200) {
		r = pc_github_refused(&resp, "the organisation");
		goto out;
	}
	if ((r = pc_json_expect_object(j, "the organisation", "github")) ||
	    (r = pc_json_opt_bool(
		 required_out, j, "two_factor_requirement_enabled", "github")))
		pc_error_set(r, "github: %s", pc_error_get());
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	return r;
}

/* The three member lists: admins, without 2FA (owners only), all. */
struct lists {
	struct mfa_strlist all, admins, no2fa;
	bool owner_only;
	char owner_msg[320];
};

/* Reads the three member lists. */
static int
gh_lists(struct pc_github_session *s, struct lists *ls)
{
	const char *org = pc_github_org_url(s);
	struct pc_buf url;
	int r;

	pc_buf_init(&url, 4096);
	if ((r = pc_buf_addf(
		 &url, "%s/members?role=admin&per_page=100", org)) ||
	    (r = gh_members(s, url.data, &ls->admins, NULL)))
		goto out;
	pc_buf_reset(&url);
	if ((r = pc_buf_addf(
		 &url, "%s/members?filter=2fa_disabled&per_page=100", org)) ||
	    (r = gh_members(s, url.data, &ls->no2fa, &ls->owner_only)))
		goto out;
	if (ls->owner_only)
		snprintf(
		    ls->owner_msg, sizeof(ls->owner_msg), "%s", pc_error_get());
	pc_buf_reset(&url);
	if ((r = pc_buf_addf(&url, "%s/members?per_page=100", org)) == 0)
		r = gh_members(s, url.data, &ls->all, NULL);
out:
	pc_buf_free(&url);
	return r;
}

/* Reports every member from the three lists. */
static int
gh_report(struct mfa_provider *p, const struct lists *ls)
{
	size_t i;
	int r;

	for (i = 0; i < ls->all.n; i++) {
		struct mfa_account a = {
			.account = ls->all.v[i],
			.admin =
			    mfa_strlist_has_sorted(&ls->admins, ls->all.v[i]),
		};

		if (ls->owner_only) {
			a.state = MFA_UNKNOWN;
			a.unknown_why =
			    "only an organisation owner's token can see members without 2FA";
		} else {
			a.state =
			    mfa_strlist_has_sorted(&ls->no2fa, ls->all.v[i])
			    ? MFA_NONE
			    : MFA_STRONG;
			a.methods = a.state == MFA_NONE ? "" : "2FA enabled";
		}
		if ((r = pc_mfa_account(p, &a)) != 0)
			return r;
	}
	return 0;
}

/* Examines every member of the GitHub organisation. */
int
pc_mfa_github(struct mfa_provider *p, const struct pc_config *config)
{
	const struct pc_github *cfg = pc_github_cfg(config);
	struct pc_provider_env env = pc_mfa_env(p);
	struct pc_github_session *s = NULL;
	struct lists ls = { 0 };
	int required = -1, r;

	if ((r = pc_github_open(&s, &env, cfg)) ||
	    (r = gh_required(s, &required)) || (r = gh_lists(s, &ls)) ||
	    (r = gh_report(p, &ls)))
		goto out;
	if (required == 0)
		r = pc_mfa_enforcement(p, cfg->org, 0,
		    "the organisation setting \"Require two-factor authentication\" is off");
	else if (required < 0)
		r = pc_mfa_enforcement(p, cfg->org, -1,
		    "GitHub did not return two_factor_requirement_enabled (it shows it to owners only)");
	if (r == 0 && ls.owner_only)
		r = pc_error_set(PC_EPERM, "%s", ls.owner_msg);
out:
	if (pc_github_http(s))
		p->requests += pc_http_requests(pc_github_http(s));
	mfa_strlist_free(&ls.all);
	mfa_strlist_free(&ls.admins);
	mfa_strlist_free(&ls.no2fa);
	pc_github_close(s);
	return r;
}

const struct pc_mfa_source pc_mfa_github_source = {
	.provider = &pc_provider_github,
	.run = pc_mfa_github,
	.probe = pc_mfa_probe_github,
};
