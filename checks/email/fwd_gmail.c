/* Gmail forwarding: for every active Workspace user, acting as that user
 * (gmail.settings.basic), the accepted forwarding addresses and, when
 * there are any, automatic forwarding and the filters that forward. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/google.h"
#include "forwarding.h"

#define DIRECTORY_SCOPE                                                        \
	"https://www.googleapis.com/auth/admin.directory.user.readonly"

/* One Workspace's pass. */
struct gmail {
	struct email_run *run;
	struct pc_google_session *s;
	struct pc_fwd_counts *c;
	const char *user; /* the user being examined */
	size_t accepted;
	char accepted_addr[PC_FWD_MAX_TARGETS][PC_FWD_ADDRESS_MAX];
};

/* GETs one Gmail settings resource of user; a refusal is an error. */
static int
settings_get(cJSON **json_out, struct pc_google_user *u, const char *user,
    const char *resource)
{
	struct pc_http_resp resp = { 0 };
	char url[1024];
	int r;

	*json_out = NULL;
	snprintf(url, sizeof(url), "%s/gmail/v1/users/%s/settings/%s",
	    pc_google_base(u), user, resource);
	if ((r = pc_google_get(u, url, &resp, json_out)) == 0 &&
	    resp.status != 200) {
		pc_http_fail(&resp, "Gmail");
		r = pc_error_set(pc_error_code(),
		    "google: reading %s's %s failed (%s)", user, resource,
		    pc_error_get());
	}
	pc_http_resp_free(&resp);
	return r;
}

/* Keeps an accepted forwarding address (the first 16 by name). */
static int
take_accepted(void *arg, const char *address)
{
	struct gmail *g = arg;

	if (g->accepted < PC_FWD_MAX_TARGETS)
		snprintf(g->accepted_addr[g->accepted], PC_FWD_ADDRESS_MAX,
		    "%s", address);
	g->accepted++;
	return 0;
}

/* True when Gmail would forward to address: it is accepted (or there
 * are more accepted addresses than kept, so it may be). */
static bool
is_accepted(const struct gmail *g, const char *address)
{
	size_t i;

	if (g->accepted > PC_FWD_MAX_TARGETS)
		return true;
	for (i = 0; i < g->accepted; i++)
		if (strcasecmp(g->accepted_addr[i], address) == 0)
			return true;
	return false;
}

/* Reports one forwarding setting or filter of g->user; a filter's
 * address that is not accepted forwards nothing, so it is left out. */
static int
take_rule(void *arg, const struct pc_fwd_rule *in)
{
	struct gmail *g = arg;
	struct pc_fwd_rule copy = *in, *rule = &copy;
	bool external;
	size_t i, k;
	int r;

	for (i = k = 0; i < in->ntargets; i++)
		if (in->targets[i].action != PC_FWD_FILTER ||
		    is_accepted(g, in->targets[i].address))
			copy.targets[k++] = in->targets[i];
	copy.ntargets = k;
	g->c->rules++;
	if (rule->enabled && rule->ntargets > 0)
		g->c->forwarding++;
	if ((r = pc_email_forwarding_report(
		 g->run, "google", g->user, rule, &external)) != 0)
		return r;
	if (external)
		g->c->external++;
	return 0;
}

/* Reads one user's forwarding; Gmail forwards only to accepted
 * addresses, so a user with none has nothing more to read. */
static int
gmail_user(struct gmail *g, const char *user)
{
	const struct pc_google *cfg = pc_google_cfg(g->run->cfg);
	struct pc_google_user *u;
	struct pc_fwd_rule rule;
	cJSON *j = NULL;
	int r;

	g->user = user;
	g->accepted = 0;
	if (strspn(user,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.@_+-'") !=
	    strlen(user))
		return pc_error_set(PC_EPARSE,
		    "google: a user's primaryEmail has characters an address cannot have");
	if ((r = pc_google_as(
		 &u, g->s, user, PC_GMAIL_SCOPE, cfg->gmail_url)) != 0 ||
	    (r = settings_get(&j, u, user, "forwardingAddresses")) != 0 ||
	    (r = pc_fwd_gmail_accepted(j, take_accepted, g)) != 0)
		goto out;
	g->c->mailboxes++;
	if (g->accepted == 0)
		goto out;
	cJSON_Delete(j);
	if ((r = settings_get(&j, u, user, "autoForwarding")) != 0 ||
	    (r = pc_fwd_gmail_auto(&rule, j)) != 0 ||
	    (r = take_rule(g, &rule)) != 0)
		goto out;
	cJSON_Delete(j);
	if ((r = settings_get(&j, u, user, "filters")) != 0 ||
	    (r = pc_fwd_gmail_filters(j, take_rule, g)) != 0)
		goto out;
out:
	if (r == PC_EPARSE)
		r = pc_error_set(r, "google: the Gmail settings of %s: %s",
		    user, pc_error_get());
	cJSON_Delete(j);
	return r;
}

/* One user's failure: a delegation gap stops the pass (every user would
 * fail alike); anything else is counted and the pass goes on. */
static int
user_failed(struct gmail *g, int r)
{
	if (r == PC_EPERM || r == PC_ENOMEM || r == PC_EAUTH)
		return r;
	if (g->c->failed++ == 0)
		snprintf(g->c->first_failed, sizeof(g->c->first_failed), "%s",
		    pc_error_get());
	return 0;
}

/* A Directory users page: each active user's forwarding. */
static int
users_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct gmail *g = arg;
	const cJSON *users, *u;
	const char *email;
	int suspended, archived, r;

	(void)pageno;
	if (resp->status != 200) {
		pc_http_fail(resp, "the Google directory");
		return pc_error_set(pc_error_code(),
		    "google: listing users was refused (%s); admin_subject must be a Workspace admin and domain-wide delegation must grant admin.directory.user.readonly",
		    pc_error_get());
	}
	if ((r = pc_json_opt_array(&users, json, "users", "google")) != 0)
		return pc_error_set(r, "google: %s", pc_error_get());
	cJSON_ArrayForEach(u, users)
	{
		if ((r = pc_json_expect_object(
			 u, "each users item", "google")) ||
		    (r = pc_json_need_string(
			 &email, u, "primaryEmail", "google")) ||
		    (r = pc_json_opt_bool(
			 &suspended, u, "suspended", "google")) ||
		    (r = pc_json_opt_bool(&archived, u, "archived", "google")))
			return pc_error_set(r, "google: %s", pc_error_get());
		if (suspended == 1 || archived == 1)
			continue;
		if ((r = gmail_user(g, email)) != 0 &&
		    (r = user_failed(g, r)) != 0)
			return r;
	}
	return 0;
}

/* Google: every active user's Gmail forwarding. */
int
pc_email_fwd_google(struct email_run *run, const struct pc_provider_env *env,
    struct pc_fwd_counts *c)
{
	const struct pc_google *cfg = pc_google_cfg(run->cfg);
	struct gmail g = { .run = run, .c = c };
	struct pc_google_user *admin;
	struct pc_buf url;
	int r;

	pc_buf_init(&url, 4096);
	if ((r = pc_google_open(&g.s, env, cfg)) != 0 ||
	    (r = pc_google_as(&admin, g.s, cfg->admin_subject, DIRECTORY_SCOPE,
		 cfg->directory_url)) != 0 ||
	    (r = pc_google_directory_url(&url, admin, cfg,
		 "users?customer=", "&maxResults=500")) != 0 ||
	    (r = pc_google_pages(admin, url.data, users_page, &g)) != 0)
		goto out;
	if (c->failed > 0)
		(void)pc_email_incomplete(run,
		    "google: the Gmail settings of %zu user%s could not be read (the first: %s)",
		    c->failed, c->failed == 1 ? "" : "s", c->first_failed);
out:
	if (r != 0 && r != PC_ENOMEM)
		r = pc_email_incomplete(run, "%s", pc_error_get());
	if (run->ctx && g.s)
		pc_check_count(run->ctx, "google",
		    "%zu requests (token exchanges included)",
		    pc_http_requests(pc_google_http(g.s)));
	pc_buf_free(&url);
	pc_google_close(g.s);
	return r;
}
