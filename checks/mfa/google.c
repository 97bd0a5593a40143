/* Google Workspace: 2-Step Verification through the Admin SDK Directory,
 * read as admin_subject through a checks/providers/google.c session. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/google.h"
#include "mfa.h"

#define GOOGLE_SCOPE                                                           \
	"https://www.googleapis.com/auth/admin.directory.user.readonly"
#define GOOGLE_PAGE "500"

/* The Directory's users being read. */
struct users_run {
	struct mfa_provider *p;
	size_t not_enforced;
};

/* Reports one page of users; counts active users not under enforcement. */
int
pc_mfa_google_users_page(
    struct mfa_provider *p, const cJSON *page, size_t *not_enforced)
{
	const cJSON *users, *u;
	const char *email;
	int admin, delegated, suspended, archived, enrolled, enforced, r;

	/* An empty result omits "users". */
	if ((r = pc_json_opt_array(&users, page, "users", "google")) != 0)
		return r;
	cJSON_ArrayForEach(u, users)
	{
		struct mfa_account a = { 0 };

		if ((r = pc_json_expect_object(
			 u, "each users item", "google")) ||
		    (r = pc_json_need_string(
			 &email, u, "primaryEmail", "google")) ||
		    (r = pc_json_opt_bool(&admin, u, "isAdmin", "google")) ||
		    (r = pc_json_opt_bool(
			 &delegated, u, "isDelegatedAdmin", "google")) ||
		    (r = pc_json_opt_bool(
			 &suspended, u, "suspended", "google")) ||
		    (r = pc_json_opt_bool(
			 &archived, u, "archived", "google")) ||
		    (r = pc_json_opt_bool(
			 &enrolled, u, "isEnrolledIn2Sv", "google")) ||
		    (r = pc_json_opt_bool(
			 &enforced, u, "isEnforcedIn2Sv", "google")))
			return r;
		if (suspended == 1 || archived == 1) {
			p->excluded++;
			continue;
		}
		if (enforced != 1 && not_enforced)
			(*not_enforced)++;
		a.account = email;
		a.admin = admin == 1 || delegated == 1;
		a.state = enrolled == 1 ? MFA_STRONG
		    : enrolled == 0     ? MFA_NONE
					: MFA_UNKNOWN;
		a.methods = enrolled == 1 ? "2-Step Verification"
		    : enrolled == 0       ? ""
					  : NULL;
		a.unknown_why = "the directory did not return isEnrolledIn2Sv";
		if ((r = pc_mfa_account(p, &a)) != 0)
			return r;
	}
	return 0;
}

/* Reports a users.list page; a refusal says what delegation needs. */
static int
users_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct users_run *run = arg;
	int r;

	(void)pageno;
	if (resp->status != 200) {
		pc_http_fail(resp, "the Google directory");
		return pc_error_set(
		    resp->status == 403 ? PC_EPERM : pc_error_code(),
		    "google: listing users was refused (%s)%s", pc_error_get(),
		    resp->status == 403
			? "; admin_subject must be a Workspace admin and the service account needs domain-wide delegation for admin.directory.user.readonly"
			: "");
	}
	if ((r = pc_mfa_google_users_page(run->p, json, &run->not_enforced)) !=
	    0)
		return pc_error_set(r, "google: %s", pc_error_get());
	return 0;
}

/* Lists every user as admin_subject, page by page. */
static int
google_users(struct pc_google_session *s, const struct pc_google *cfg,
    struct users_run *run)
{
	struct pc_google_user *admin;
	struct pc_buf url;
	int r;

	pc_buf_init(&url, 4096);
	if ((r = pc_google_as(&admin, s, cfg->admin_subject, GOOGLE_SCOPE,
		 cfg->directory_url)) == 0 &&
	    (r = pc_google_directory_url(&url, admin, cfg,
		 "users?customer=", "&maxResults=" GOOGLE_PAGE)) == 0)
		r = pc_google_pages(admin, url.data, users_page, run);
	pc_buf_free(&url);
	return r;
}

/* Examines every Google Workspace account. */
int
pc_mfa_google(struct mfa_provider *p, const struct pc_config *config)
{
	const struct pc_google *cfg = pc_google_cfg(config);
	struct pc_provider_env env = pc_mfa_env(p);
	struct pc_google_session *s = NULL;
	struct users_run run = { .p = p };
	char evidence[256];
	int r;

	if ((r = pc_google_open(&s, &env, cfg)) != 0 ||
	    (r = google_users(s, cfg, &run)) != 0)
		goto out;
	if (run.not_enforced > 0) {
		snprintf(evidence, sizeof(evidence),
		    "%zu of %zu active accounts are not in an organisational unit or group that enforces 2-Step Verification",
		    run.not_enforced, p->examined);
		/* The subject is the Workspace domain, when known. */
		r = pc_mfa_enforcement(p,
		    cfg->admin_subject && strchr(cfg->admin_subject, '@')
			? strchr(cfg->admin_subject, '@') + 1
			: cfg->customer,
		    0, evidence);
	}
out:
	if (pc_google_http(s))
		p->requests += pc_http_requests(pc_google_http(s));
	pc_google_close(s);
	return r;
}

const struct pc_mfa_source pc_mfa_google_source = {
	.provider = &pc_provider_google,
	.run = pc_mfa_google,
	.probe = pc_mfa_probe_google,
};
