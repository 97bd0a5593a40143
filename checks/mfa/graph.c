/* Microsoft 365 / Entra ID: 2FA registration read through a Graph session
 * (checks/providers/graph.c) and mapped to mfa states. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/graph.h"
#include "mfa.h"
#include "strlist.h"

#define NONPREMIUM "Authentication_RequestFromNonPremiumTenantOrB2CTenant"

/* One tenant being examined through its Graph session. */
struct graph {
	struct mfa_provider *p;
	const struct pc_m365 *cfg;
	struct pc_graph *s;
	const char *base; /* graph_url without a trailing slash */
};

/* Methods that are a strong second factor (methodsRegistered names). */
static const char *const strong_regs[] = {
	"microsoftAuthenticatorPush",
	"microsoftAuthenticatorPasswordless",
	"softwareOneTimePasscode",
	"hardwareOneTimePasscode",
	"fido2",
	"windowsHelloForBusiness",
	"passKeyDeviceBound",
	"passKeyDeviceBoundAuthenticator",
	"passKeyDeviceBoundWindowsHello",
	"macOsSecureEnclaveKey",
	"platformCredential",
	NULL,
};
/* Phone methods: a second factor, but a weak one. */
static const char *const weak_regs[] = {
	"mobilePhone",
	"alternateMobilePhone",
	"officePhone",
	NULL,
};

/* True when s is in list. */
static bool
in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* Appends name to a comma-separated list in buf. */
static void
add_method(char *buf, size_t n, const char *name)
{
	size_t l = strlen(buf);

	if (strstr(buf, name) != NULL)
		return;
	snprintf(buf + l, n - l, "%s%s", l ? ", " : "", name);
}

/* Classifies one page of userRegistrationDetails and reports it. */
int
pc_mfa_graph_regdetails_page(struct mfa_provider *p, const cJSON *page)
{
	const cJSON *value, *u, *regs, *m;
	const char *upn, *type;
	char methods[512];
	int admin, registered, r;
	bool strong, weak, other;

	if ((r = pc_json_need_array(&value, page, "value", "graph")) != 0)
		return r;
	cJSON_ArrayForEach(u, value)
	{
		struct mfa_account a = { 0 };

		if ((r = pc_json_expect_object(
			 u, "each value item", "graph")) ||
		    (r = pc_json_need_string(
			 &upn, u, "userPrincipalName", "graph")) ||
		    (r = pc_json_opt_string(&type, u, "userType", "graph")) ||
		    (r = pc_json_opt_bool(&admin, u, "isAdmin", "graph")) ||
		    (r = pc_json_opt_bool(
			 &registered, u, "isMfaRegistered", "graph")) ||
		    (r = pc_json_need_array(
			 &regs, u, "methodsRegistered", "graph")))
			return r;
		if (type && strcasecmp(type, "guest") == 0) {
			p->excluded++; /* their home tenant's business */
			continue;
		}
		methods[0] = '\0';
		strong = weak = other = false;
		cJSON_ArrayForEach(m, regs)
		{
			if (!cJSON_IsString(m))
				return pc_error_set(PC_EPARSE,
				    "graph: expected methodsRegistered to hold strings");
			if (in_list(strong_regs, m->valuestring))
				strong = true;
			else if (in_list(weak_regs, m->valuestring))
				weak = true;
			else if (strcmp(m->valuestring, "email") != 0)
				other = true;
			add_method(methods, sizeof(methods), m->valuestring);
		}
		/* A method this code does not know yet: trust Entra's own
		 * verdict rather than raise a false alarm. */
		if (!strong && other && registered == 1)
			strong = true;
		a.account = upn;
		a.admin = admin == 1;
		a.state = strong ? MFA_STRONG : weak ? MFA_WEAK : MFA_NONE;
		a.methods = methods;
		if ((r = pc_mfa_account(p, &a)) != 0)
			return r;
	}
	return 0;
}

/* Classifies a user's authentication/methods collection. */
int
pc_mfa_graph_methods(
    enum mfa_state *state_out, char *methods, size_t n, const cJSON *page)
{
	static const struct {
		const char *type, *name;
		int kind; /* 2 strong, 1 weak, 0 not a second factor */
	} map[] = {
		{ "microsoftAuthenticatorAuthenticationMethod",
		    "microsoftAuthenticator", 2 },
		{ "fido2AuthenticationMethod", "fido2", 2 },
		{ "softwareOathAuthenticationMethod", "softwareOath", 2 },
		{ "hardwareOathAuthenticationMethod", "hardwareOath", 2 },
		{ "windowsHelloForBusinessAuthenticationMethod",
		    "windowsHelloForBusiness", 2 },
		{ "platformCredentialAuthenticationMethod",
		    "platformCredential", 2 },
		{ "passwordlessMicrosoftAuthenticatorAuthenticationMethod",
		    "microsoftAuthenticatorPasswordless", 2 },
		{ "phoneAuthenticationMethod", "phone", 1 },
		{ "emailAuthenticationMethod", "email", 0 },
		{ "passwordAuthenticationMethod", NULL, 0 },
		{ "temporaryAccessPassAuthenticationMethod",
		    "temporaryAccessPass", 0 },
	};
	const cJSON *value, *m;
	const char *type, *t;
	bool strong = false, weak = false;
	size_t i;
	int r;

	methods[0] = '\0';
	if ((r = pc_json_need_array(&value, page, "value", "graph")) != 0)
		return r;
	cJSON_ArrayForEach(m, value)
	{
		if ((r = pc_json_need_string(
			 &type, m, "@odata.type", "graph")) != 0)
			return r;
		t = strrchr(type, '.');
		t = t ? t + 1 : type;
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (strcmp(map[i].type, t) == 0)
				break;
		if (i == sizeof(map) / sizeof(map[0])) {
			add_method(methods, n, t);
			continue;
		}
		if (map[i].kind == 2)
			strong = true;
		else if (map[i].kind == 1)
			weak = true;
		if (map[i].name)
			add_method(methods, n, map[i].name);
	}
	*state_out = strong ? MFA_STRONG : weak ? MFA_WEAK : MFA_NONE;
	return 0;
}

/* True when an enabled Conditional Access policy requires MFA for all
 * users on all apps (report-only policies do not count). */
int
pc_mfa_graph_ca_enforced(const cJSON *page)
{
	const cJSON *value, *pol, *users, *apps, *grant, *inc, *x, *ctl;
	const char *state;
	bool all_users, all_apps, mfa;

	if (pc_json_need_array(&value, page, "value", "graph") != 0)
		return -1;
	cJSON_ArrayForEach(pol, value)
	{
		if (pc_json_opt_string(&state, pol, "state", "graph") ||
		    state == NULL || strcmp(state, "enabled") != 0)
			continue;
		users = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(pol, "conditions"),
		    "users");
		apps = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(pol, "conditions"),
		    "applications");
		grant = cJSON_GetObjectItemCaseSensitive(pol, "grantControls");
		all_users = all_apps = mfa = false;
		inc = cJSON_GetObjectItemCaseSensitive(users, "includeUsers");
		cJSON_ArrayForEach(x, inc) if (cJSON_IsString(x) &&
		    strcmp(x->valuestring, "All") == 0) all_users = true;
		inc = cJSON_GetObjectItemCaseSensitive(
		    apps, "includeApplications");
		cJSON_ArrayForEach(x, inc) if (cJSON_IsString(x) &&
		    strcmp(x->valuestring, "All") == 0) all_apps = true;
		ctl =
		    cJSON_GetObjectItemCaseSensitive(grant, "builtInControls");
		cJSON_ArrayForEach(x, ctl) if (cJSON_IsString(x) &&
		    strcmp(x->valuestring, "mfa") == 0) mfa = true;
		if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(
			grant, "authenticationStrength")))
			mfa = true;
		if (all_users && all_apps && mfa)
			return 1;
	}
	return 0;
}

/* userRegistrationDetails being read; nonpremium set on the licence 403. */
struct regdetails {
	struct graph *g;
	bool nonpremium;
};

/* Reports a userRegistrationDetails page; stops on the licence 403. */
static int
regdetails_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct regdetails *rd = arg;
	char code[96];
	int r;

	if (resp->status == 403) {
		pc_http_error_code(code, sizeof(code), resp);
		if (strcmp(code, NONPREMIUM) == 0 && pageno == 1) {
			rd->nonpremium = true;
			return PC_PAGES_STOP;
		}
	}
	if (resp->status != 200)
		return pc_graph_refused(
		    resp, "userRegistrationDetails", "AuditLog.Read.All");
	if ((r = pc_mfa_graph_regdetails_page(rd->g->p, json)) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	return 0;
}

/* Reads userRegistrationDetails; *nonpremium_out set on the licence 403. */
static int
graph_regdetails(struct graph *g, bool *nonpremium_out)
{
	struct regdetails rd = { .g = g };
	struct pc_buf url;
	int r;

	*nonpremium_out = false;
	pc_buf_init(&url, 4096);
	if ((r = pc_buf_addf(&url,
		 "%s/v1.0/reports/authenticationMethods/userRegistrationDetails",
		 g->base)) != 0) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_graph_pages(g->s, url.data, regdetails_page, &rd)) != 0 ||
	    (*nonpremium_out = rd.nonpremium))
		goto out;
	pc_check_count(g->p->ctx, "microsoft365",
	    "method: userRegistrationDetails report (Entra ID P1/P2)");
out:
	pc_buf_free(&url);
	return r;
}

/* Collects a directory role's id. */
static int
take_role(void *arg, const cJSON *item)
{
	const char *id;
	int r;

	if ((r = pc_json_need_string(&id, item, "id", "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	return mfa_strlist_add(arg, id);
}

/* Collects a role member's user id. */
static int
take_member(void *arg, const cJSON *item)
{
	const char *id;
	int r;

	if ((r = pc_json_need_string(&id, item, "id", "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	return mfa_strlist_has(arg, id) ? 0 : mfa_strlist_add(arg, id);
}

/* The user ids holding any activated directory role. */
static int
graph_admins(struct graph *g, struct mfa_strlist *admins)
{
	struct mfa_strlist roles = { 0 };
	struct pc_buf url;
	size_t i;
	int r;

	pc_buf_init(&url, 4096);
	if ((r = pc_buf_addf(&url, "%s/v1.0/directoryRoles", g->base)) ||
	    (r = pc_graph_list(g->s, url.data, "directory roles",
		 "RoleManagement.Read.Directory", take_role, &roles)))
		goto out;
	for (i = 0; i < roles.n; i++) {
		pc_buf_reset(&url);
		if ((r = pc_buf_addf(&url, "%s/v1.0/directoryRoles/%s/members",
			 g->base, roles.v[i])) ||
		    (r = pc_graph_list(g->s, url.data, "directory role members",
			 "RoleManagement.Read.Directory", take_member, admins)))
			goto out;
	}
out:
	mfa_strlist_free(&roles);
	pc_buf_free(&url);
	return r;
}

/* Enabled member users, in order: ids, UPNs and method paths; and the
 * answers for the chunk being read. */
struct users {
	struct graph *g;
	struct mfa_strlist ids, upns, paths;
	size_t from;
	enum mfa_state state[PC_GRAPH_BATCH * PC_GRAPH_BATCHES];
	char methods[PC_GRAPH_BATCH * PC_GRAPH_BATCHES][256];
};

/* Keeps an enabled member user; counts the rest as excluded. */
static int
take_user(void *arg, const cJSON *item)
{
	struct users *u = arg;
	const char *id, *upn, *type;
	char path[256];
	int enabled, r;

	if ((r = pc_json_need_string(&id, item, "id", "graph")) ||
	    (r = pc_json_need_string(
		 &upn, item, "userPrincipalName", "graph")) ||
	    (r = pc_json_opt_string(&type, item, "userType", "graph")) ||
	    (r = pc_json_opt_bool(&enabled, item, "accountEnabled", "graph")))
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	if (enabled == -1)
		return pc_error_set(PC_EPARSE,
		    "microsoft365: Graph did not return accountEnabled for a user, so disabled accounts cannot be told apart");
	if (enabled == 0 || (type && strcasecmp(type, "guest") == 0)) {
		u->g->p->excluded++;
		return 0;
	}
	if (strlen(id) > 128 ||
	    strspn(id, "0123456789abcdefABCDEF-") != strlen(id))
		return pc_error_set(
		    PC_EPARSE, "microsoft365: a user id is not a GUID");
	snprintf(path, sizeof(path), "/users/%s/authentication/methods", id);
	if ((r = mfa_strlist_add(&u->ids, id)) != 0 ||
	    (r = mfa_strlist_add(&u->upns, upn)) != 0 ||
	    (r = mfa_strlist_add(&u->paths, path)) != 0)
		return r;
	return 0;
}

/* Classifies one user's methods as its $batch answer arrives. */
static int
take_methods(void *arg, size_t i, const cJSON *body)
{
	struct users *u = arg;
	int r;

	if ((r = pc_mfa_graph_methods(&u->state[i], u->methods[i],
		 sizeof(u->methods[0]), body)) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	return 0;
}

/* Reads the methods of users [from, to) and reports them in order. */
static int
graph_methods_chunk(
    struct users *u, const struct mfa_strlist *admins, size_t from, size_t to)
{
	struct pc_graph_batch b = {
		.paths = (const char *const *)u->paths.v + from,
		.n = to - from,
		.what = "a user's authentication methods",
		.what_batch = "users' authentication methods ($batch)",
		.permission = "UserAuthenticationMethod.Read.All",
		.items = "per-user method requests",
		.each = take_methods,
		.arg = u,
	};
	size_t i;
	int r;

	if ((r = pc_graph_batch(u->g->s, &b)) != 0)
		return r;
	for (i = from; i < to; i++) {
		struct mfa_account a = {
			.account = u->upns.v[i],
			.admin = mfa_strlist_has(admins, u->ids.v[i]),
			.state = u->state[i - from],
			.methods = u->methods[i - from],
		};

		if ((r = pc_mfa_account(u->g->p, &a)) != 0)
			return r;
	}
	return 0;
}

/* The non-premium path: users, admin roles, per-user methods. */
static int
graph_fallback(struct graph *g)
{
	struct users *u;
	struct mfa_strlist admins = { 0 };
	struct pc_buf url;
	size_t i, step = PC_GRAPH_BATCH * PC_GRAPH_BATCHES;
	int r;

	if ((u = calloc(1, sizeof(*u))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	u->g = g;
	pc_buf_init(&url, 4096);
	if ((r = pc_buf_addf(&url,
		 "%s/v1.0/users?$select=id,userPrincipalName,accountEnabled,userType&$top=999",
		 g->base)) ||
	    (r = pc_graph_list(
		 g->s, url.data, "users", "User.Read.All", take_user, u)) ||
	    (r = graph_admins(g, &admins)))
		goto out;
	/* Reported a chunk at a time, in list order, as before $batch. */
	for (i = 0; i < u->ids.n; i += step)
		if ((r = graph_methods_chunk(u, &admins, i,
			 i + step < u->ids.n ? i + step : u->ids.n)) != 0)
			goto out;
	pc_check_count(g->p->ctx, "microsoft365",
	    "method: per-user authentication methods (tenant has no Entra ID P1/P2)");
out:
	mfa_strlist_free(&u->ids);
	mfa_strlist_free(&u->upns);
	mfa_strlist_free(&u->paths);
	mfa_strlist_free(&admins);
	pc_buf_free(&url);
	free(u);
	return r;
}

/* GETs base + path as JSON; a refusal names what it read. */
static int
graph_read(
    struct graph *g, const char *path, const char *what, cJSON **json_out)
{
	struct pc_http_resp resp = { 0 };
	struct pc_buf url;
	int r;

	*json_out = NULL;
	pc_buf_init(&url, 4096);
	if ((r = pc_buf_addf(&url, "%s%s", g->base, path)) ||
	    (r = pc_graph_get(g->s, url.data, &resp, json_out)))
		goto out;
	if (resp.status != 200)
		r = pc_graph_refused(&resp, what, "Policy.Read.All");
out:
	pc_http_resp_free(&resp);
	pc_buf_free(&url);
	return r;
}

/* Security defaults or an all-users MFA Conditional Access policy. */
static int
graph_enforcement(struct graph *g)
{
	cJSON *j = NULL;
	int enabled = -1, r, ca;

	if ((r = graph_read(g,
		 "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
		 "the security defaults policy", &j)) != 0)
		goto out;
	if ((r = pc_json_opt_bool(&enabled, j, "isEnabled", "graph")) != 0) {
		pc_error_set(r, "microsoft365: %s", pc_error_get());
		goto out;
	}
	if (enabled == 1)
		goto out;
	cJSON_Delete(j);
	if ((r = graph_read(g, "/v1.0/identity/conditionalAccess/policies",
		 "Conditional Access policies", &j)) != 0)
		goto out;
	if ((ca = pc_mfa_graph_ca_enforced(j)) < 0) {
		r = pc_error_set(PC_EPARSE, "microsoft365: %s", pc_error_get());
		goto out;
	}
	if (ca == 0)
		r = pc_mfa_enforcement(g->p, g->cfg->tenant, 0,
		    "security defaults are off and no enabled Conditional Access policy requires MFA for all users on all apps (report-only policies do not count)");
out:
	cJSON_Delete(j);
	return r;
}

/* Examines every Microsoft 365 account. */
int
pc_mfa_graph(struct mfa_provider *p, const struct pc_config *cfg)
{
	struct pc_provider_env env = pc_mfa_env(p);
	struct graph g = { .p = p, .cfg = pc_m365_cfg(cfg) };
	bool nonpremium = false;
	int r;

	if ((r = pc_graph_open(&g.s, &env, g.cfg)) != 0)
		goto out;
	g.base = pc_graph_base(g.s);
	if ((r = graph_regdetails(&g, &nonpremium)) != 0)
		goto out;
	if (nonpremium && (r = graph_fallback(&g)) != 0)
		goto out;
	r = graph_enforcement(&g);
out:
	if (pc_graph_http(g.s))
		p->requests += pc_http_requests(pc_graph_http(g.s));
	pc_graph_close(g.s);
	return r;
}

const struct pc_mfa_source pc_mfa_graph_source = {
	.provider = &pc_provider_graph,
	.run = pc_mfa_graph,
	.probe = pc_mfa_probe_graph,
};
