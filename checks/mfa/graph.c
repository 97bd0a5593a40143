/* Microsoft 365 / Entra ID: 2FA registration through Microsoft Graph. */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "mfa.h"
#include "strlist.h"

#define GRAPH_SCOPE "https://graph.microsoft.com/.default"
#define GRAPH_BATCH 20	      /* requests per $batch, Graph's maximum */
#define GRAPH_BATCHES 8	      /* $batch calls in flight at once */
#define GRAPH_MAX_PAGES 2000
#define NONPREMIUM "Authentication_RequestFromNonPremiumTenantOrB2CTenant"

struct graph {
	struct mfa_provider *p;
	const struct pc_m365 *cfg;
	struct pc_http *http;
	struct pc_http_auth auth;
	char *secret;
	char *base; /* graph_url without a trailing slash */
};

/* Methods that are a strong second factor (methodsRegistered names). */
static const char *const strong_regs[] = {
	"microsoftAuthenticatorPush", "microsoftAuthenticatorPasswordless",
	"softwareOneTimePasscode", "hardwareOneTimePasscode", "fido2",
	"windowsHelloForBusiness", "passKeyDeviceBound",
	"passKeyDeviceBoundAuthenticator", "passKeyDeviceBoundWindowsHello",
	"macOsSecureEnclaveKey", "platformCredential", NULL,
};
/* Phone methods: a second factor, but a weak one. */
static const char *const weak_regs[] = {
	"mobilePhone", "alternateMobilePhone", "officePhone", NULL,
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
	cJSON_ArrayForEach(u, value) {
		struct mfa_account a = { 0 };

		if ((r = pc_json_expect_object(u, "each value item",
			 "graph")) ||
		    (r = pc_json_need_string(&upn, u, "userPrincipalName",
			 "graph")) ||
		    (r = pc_json_opt_string(&type, u, "userType", "graph")) ||
		    (r = pc_json_opt_bool(&admin, u, "isAdmin", "graph")) ||
		    (r = pc_json_opt_bool(&registered, u, "isMfaRegistered",
			 "graph")) ||
		    (r = pc_json_need_array(&regs, u, "methodsRegistered",
			 "graph")))
			return r;
		if (type && strcasecmp(type, "guest") == 0) {
			p->excluded++; /* their home tenant's business */
			continue;
		}
		methods[0] = '\0';
		strong = weak = other = false;
		cJSON_ArrayForEach(m, regs) {
			if (!cJSON_IsString(m))
				return pc_error_set(PC_EPARSE, "graph: expected "
				    "methodsRegistered to hold strings");
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
pc_mfa_graph_methods(enum mfa_state *state_out, char *methods, size_t n,
    const cJSON *page)
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
	cJSON_ArrayForEach(m, value) {
		if ((r = pc_json_need_string(&type, m, "@odata.type",
			 "graph")) != 0)
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
	cJSON_ArrayForEach(pol, value) {
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
		cJSON_ArrayForEach(x, inc)
			if (cJSON_IsString(x) && strcmp(x->valuestring, "All") == 0)
				all_users = true;
		inc = cJSON_GetObjectItemCaseSensitive(apps,
		    "includeApplications");
		cJSON_ArrayForEach(x, inc)
			if (cJSON_IsString(x) && strcmp(x->valuestring, "All") == 0)
				all_apps = true;
		ctl = cJSON_GetObjectItemCaseSensitive(grant, "builtInControls");
		cJSON_ArrayForEach(x, ctl)
			if (cJSON_IsString(x) && strcmp(x->valuestring, "mfa") == 0)
				mfa = true;
		if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(grant,
		    "authenticationStrength")))
			mfa = true;
		if (all_users && all_apps && mfa)
			return 1;
	}
	return 0;
}

/* Gets an app-only token with the client secret. */
static int
graph_token(struct graph *g)
{
	struct pc_http_req req = { 0 };
	struct pc_http_resp resp = { 0 };
	struct pc_buf url, form;
	char *tenant = NULL, *cid = NULL, *sec = NULL, *scope = NULL;
	const char *tok;
	cJSON *j = NULL;
	int r;

	pc_buf_init(&url, 4096);
	pc_buf_init(&form, 16384);
	tenant = curl_easy_escape(NULL, g->cfg->tenant, 0);
	cid = curl_easy_escape(NULL, g->cfg->client_id, 0);
	sec = curl_easy_escape(NULL, g->secret, 0);
	scope = curl_easy_escape(NULL, GRAPH_SCOPE, 0);
	if (!tenant || !cid || !sec || !scope ||
	    pc_buf_addf(&url, "%s%s%s/oauth2/v2.0/token", g->cfg->login_url,
		g->cfg->login_url[strlen(g->cfg->login_url) - 1] == '/' ? "" :
		"/", tenant) ||
	    pc_buf_addf(&form, "grant_type=client_credentials&client_id=%s"
		"&client_secret=%s&scope=%s", cid, sec, scope)) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
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
		char code[64];

		pc_http_error_code(code, sizeof(code), &resp);
		pc_http_fail(&resp, "the Microsoft sign-in endpoint");
		r = pc_error_set(PC_EAUTH, "microsoft365: the app's sign-in "
		    "was refused (%s); check tenant, client_id and the client "
		    "secret in %s", pc_error_get(),
		    g->cfg->client_secret_file);
		goto out;
	}
	if ((r = pc_http_json(&j, &resp, "token endpoint")) ||
	    (r = pc_json_need_string(&tok, j, "access_token",
		 "token endpoint"))) {
		pc_error_set(r, "microsoft365: %s", pc_error_get());
		goto out;
	}
	if (g->auth.token) {
		OPENSSL_cleanse(g->auth.token, strlen(g->auth.token));
		free(g->auth.token);
	}
	if ((g->auth.token = strdup(tok)) == NULL)
		r = pc_error_set(PC_ENOMEM, "out of memory");
out:
	if (j) {
		/* The token is inside the parsed tree: wipe it. */
		cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "access_token");

		if (cJSON_IsString(t))
			OPENSSL_cleanse(t->valuestring, strlen(t->valuestring));
		cJSON_Delete(j);
	}
	if (resp.body.data)
		OPENSSL_cleanse(resp.body.data, resp.body.len);
	pc_http_resp_free(&resp);
	pc_buf_free(&url);
	pc_buf_free(&form);
	curl_free(tenant);
	curl_free(cid);
	if (sec) {
		OPENSSL_cleanse(sec, strlen(sec));
		curl_free(sec);
	}
	curl_free(scope);
	return r;
}

/* Token refresh callback for the HTTP client. */
static int
graph_refresh(void *arg, struct pc_http_auth *auth)
{
	return graph_token(arg);
}

/* Explains a refused Graph call with the permission it needs. */
static int
graph_refused(const struct pc_http_resp *resp, const char *what,
    const char *permission)
{
	char code[96];

	pc_http_error_code(code, sizeof(code), resp);
	pc_http_fail(resp, "graph");
	if (resp->status == 403)
		return pc_error_set(PC_EPERM, "microsoft365: permission "
		    "missing: the app needs the %s application permission "
		    "with admin consent to read %s (%s)", permission, what,
		    pc_error_get());
	if (resp->status == 401)
		return pc_error_set(PC_EAUTH, "microsoft365: Graph refused the "
		    "app's token while reading %s (%s)", what, pc_error_get());
	return pc_error_set(pc_error_code(), "microsoft365: reading %s "
	    "failed (%s)", what, pc_error_get());
}

/* GETs url as JSON; status other than 200 is left to the caller. */
static int
graph_get(struct graph *g, const char *url, struct pc_http_resp *resp,
    cJSON **json_out)
{
	struct pc_http_req req = { .url = url };
	int r;

	if ((r = pc_http_get_json(json_out, g->http, &req, resp,
		 "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	return 0;
}

/* The next link of an OData page, or NULL; wrong type is an error. */
static int
next_link(const char **next_out, const cJSON *page)
{
	return pc_json_opt_string(next_out, page, "@odata.nextLink", "graph");
}

/* Reads userRegistrationDetails; *nonpremium_out set on the licence 403. */
static int
graph_regdetails(struct graph *g, bool *nonpremium_out)
{
	struct pc_http_resp resp = { 0 };
	struct pc_pager pager = { 0 };
	struct pc_buf url;
	char *cur = NULL, code[96];
	const char *next;
	cJSON *j = NULL;
	int r;

	*nonpremium_out = false;
	pc_buf_init(&url, 4096);
	if ((r = pc_buf_addf(&url, "%s/v1.0/reports/authenticationMethods/"
		 "userRegistrationDetails", g->base)) != 0 ||
	    (r = pc_pager_init(&pager, "microsoft365", url.data,
		 GRAPH_MAX_PAGES)) != 0 ||
	    (cur = strdup(url.data)) == NULL) {
		r = r ? r : pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		pc_http_resp_free(&resp);
		cJSON_Delete(j);
		j = NULL;
		if ((r = graph_get(g, cur, &resp, &j)) != 0)
			goto out;
		if (resp.status == 403) {
			pc_http_error_code(code, sizeof(code), &resp);
			if (strcmp(code, NONPREMIUM) == 0 && pager.pages == 1) {
				*nonpremium_out = true;
				goto out;
			}
		}
		if (resp.status != 200) {
			r = graph_refused(&resp, "userRegistrationDetails",
			    "AuditLog.Read.All");
			goto out;
		}
		if ((r = pc_mfa_graph_regdetails_page(g->p, j)) != 0 ||
		    (r = next_link(&next, j)) != 0) {
			pc_error_set(r, "microsoft365: %s", pc_error_get());
			goto out;
		}
		if (next == NULL)
			break;
		if ((r = pc_pager_follow_url(&pager, &cur, next)) != 0)
			goto out;
	}
	pc_check_count(g->p->ctx, "microsoft365", "method: "
	    "userRegistrationDetails report (Entra ID P1/P2)");
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	pc_pager_free(&pager);
	pc_buf_free(&url);
	free(cur);
	return r;
}

/* Follows an OData list from url, calling fn on every item. */
static int
graph_list(struct graph *g, const char *url, const char *what,
    const char *permission, int (*fn)(struct graph *, const cJSON *, void *),
    void *arg)
{
	struct pc_http_resp resp = { 0 };
	struct pc_pager pager = { 0 };
	const cJSON *value, *item;
	const char *next;
	char *cur = NULL;
	cJSON *j = NULL;
	int r;

	if ((r = pc_pager_init(&pager, "microsoft365", url,
		 GRAPH_MAX_PAGES)) != 0)
		return r;
	if ((cur = strdup(url)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		pc_http_resp_free(&resp);
		cJSON_Delete(j);
		j = NULL;
		if ((r = graph_get(g, cur, &resp, &j)) != 0)
			goto out;
		if (resp.status != 200) {
			r = graph_refused(&resp, what, permission);
			goto out;
		}
		if ((r = pc_json_need_array(&value, j, "value", "graph")) ||
		    (r = next_link(&next, j))) {
			pc_error_set(r, "microsoft365: %s", pc_error_get());
			goto out;
		}
		cJSON_ArrayForEach(item, value)
			if ((r = fn(g, item, arg)) != 0)
				goto out;
		if (next == NULL)
			break;
		if ((r = pc_pager_follow_url(&pager, &cur, next)) != 0)
			goto out;
	}
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	pc_pager_free(&pager);
	free(cur);
	return r;
}

/* Collects a directory role's id. */
static int
take_role(struct graph *g, const cJSON *item, void *arg)
{
	const char *id;
	int r;

	if ((r = pc_json_need_string(&id, item, "id", "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	return mfa_strlist_add(arg, id);
}

/* Collects a role member's user id. */
static int
take_member(struct graph *g, const cJSON *item, void *arg)
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
	    (r = graph_list(g, url.data, "directory roles",
		 "RoleManagement.Read.Directory", take_role, &roles)))
		goto out;
	for (i = 0; i < roles.n; i++) {
		pc_buf_reset(&url);
		if ((r = pc_buf_addf(&url, "%s/v1.0/directoryRoles/%s/members",
			 g->base, roles.v[i])) ||
		    (r = graph_list(g, url.data, "directory role members",
			 "RoleManagement.Read.Directory", take_member,
			 admins)))
			goto out;
	}
out:
	mfa_strlist_free(&roles);
	pc_buf_free(&url);
	return r;
}

/* Enabled member users, in order: ids and UPNs. */
struct users {
	struct mfa_strlist ids, upns;
};

/* Keeps an enabled member user; counts the rest as excluded. */
static int
take_user(struct graph *g, const cJSON *item, void *arg)
{
	struct users *u = arg;
	const char *id, *upn, *type;
	int enabled, r;

	if ((r = pc_json_need_string(&id, item, "id", "graph")) ||
	    (r = pc_json_need_string(&upn, item, "userPrincipalName",
		 "graph")) ||
	    (r = pc_json_opt_string(&type, item, "userType", "graph")) ||
	    (r = pc_json_opt_bool(&enabled, item, "accountEnabled", "graph")))
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	if (enabled == -1)
		return pc_error_set(PC_EPARSE, "microsoft365: Graph did not "
		    "return accountEnabled for a user, so disabled accounts "
		    "cannot be told apart");
	if (enabled == 0 || (type && strcasecmp(type, "guest") == 0)) {
		g->p->excluded++;
		return 0;
	}
	if (strlen(id) > 128 || strspn(id, "0123456789abcdefABCDEF-") !=
	    strlen(id))
		return pc_error_set(PC_EPARSE, "microsoft365: a user id is not "
		    "a GUID");
	if ((r = mfa_strlist_add(&u->ids, id)) != 0 ||
	    (r = mfa_strlist_add(&u->upns, upn)) != 0)
		return r;
	return 0;
}

/* Reads authentication methods for users [from, to) through $batch. */
static int
graph_methods_batch(struct graph *g, const struct users *u,
    const struct mfa_strlist *admins, size_t from, size_t to)
{
	size_t nb = (to - from + GRAPH_BATCH - 1) / GRAPH_BATCH, b, i, k;
	struct pc_http_req *reqs = NULL;
	struct pc_http_resp *resps = NULL;
	struct pc_buf *bodies = NULL, url;
	enum mfa_state *state = NULL;
	char (*methods)[256] = NULL;
	bool *done = NULL;
	size_t pending = to - from;
	int r = 0, round = 0;

	pc_buf_init(&url, 4096);
	reqs = calloc(nb, sizeof(*reqs));
	resps = calloc(nb, sizeof(*resps));
	bodies = calloc(nb, sizeof(*bodies));
	state = calloc(to - from, sizeof(*state));
	methods = calloc(to - from, sizeof(*methods));
	done = calloc(to - from, sizeof(*done));
	if (!reqs || !resps || !bodies || !state || !methods || !done ||
	    pc_buf_addf(&url, "%s/v1.0/$batch", g->base)) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	while (pending > 0) {
		const char *retry_after = NULL;
		char ra_buf[64];
		size_t nreq = 0, used;
		long delay;

		/* Build batches of up to 20 of the users still pending. */
		for (b = 0; b < nb; b++)
			pc_buf_free(&bodies[b]);
		for (i = from, b = 0, used = 0; i < to; i++) {
			if (done[i - from])
				continue;
			if (used == 0) {
				pc_buf_init(&bodies[b], 1 << 20);
				pc_buf_adds(&bodies[b], "{\"requests\":[");
			}
			pc_buf_addf(&bodies[b], "%s{\"id\":\"%zu\",\"method\":"
			    "\"GET\",\"url\":\"/users/%s/authentication/"
			    "methods\"}", used ? "," : "", i, u->ids.v[i]);
			if (++used == GRAPH_BATCH || i + 1 == to) {
				if (pc_buf_adds(&bodies[b], "]}") != 0) {
					r = pc_error_set(PC_ENOMEM, "out of "
					    "memory");
					goto out;
				}
				reqs[b] = (struct pc_http_req){
					.method = "POST",
					.url = url.data,
					.body = bodies[b].data,
					.body_len = bodies[b].len,
					.content_type = "application/json",
				};
				b++;
				used = 0;
			}
		}
		if (used > 0) {
			pc_buf_adds(&bodies[b], "]}");
			reqs[b] = (struct pc_http_req){ .method = "POST",
				.url = url.data, .body = bodies[b].data,
				.body_len = bodies[b].len,
				.content_type = "application/json" };
			b++;
		}
		nreq = b;
		for (k = 0; k < nb; k++)
			pc_http_resp_free(&resps[k]);
		if ((r = pc_http_request_many(g->http, reqs, resps, nreq))) {
			pc_error_set(r, "microsoft365: %s", pc_error_get());
			goto out;
		}
		for (b = 0; b < nreq; b++) {
			const cJSON *arr, *item, *body, *hdrs;
			cJSON *j = NULL;

			if (resps[b].status != 200) {
				r = graph_refused(&resps[b], "users' "
				    "authentication methods ($batch)",
				    "UserAuthenticationMethod.Read.All");
				goto out;
			}
			if ((r = pc_http_json(&j, &resps[b], "graph")) ||
			    (r = pc_json_need_array(&arr, j, "responses",
				 "graph"))) {
				cJSON_Delete(j);
				pc_error_set(r, "microsoft365: %s",
				    pc_error_get());
				goto out;
			}
			cJSON_ArrayForEach(item, arr) {
				const char *id, *ra;
				const cJSON *st;
				char *end;
				unsigned long idx;
				struct pc_http_resp inner = { 0 };

				st = cJSON_GetObjectItemCaseSensitive(item,
				    "status");
				if (pc_json_need_string(&id, item, "id",
					"graph") != 0 || !cJSON_IsNumber(st)) {
					cJSON_Delete(j);
					r = pc_error_set(PC_EPARSE, "microsoft365:"
					    " a $batch response lacks id or "
					    "status");
					goto out;
				}
				idx = strtoul(id, &end, 10);
				if (*end != '\0' || idx < from || idx >= to ||
				    done[idx - from])
					continue;
				body = cJSON_GetObjectItemCaseSensitive(item,
				    "body");
				if (st->valueint == 429 || st->valueint == 503) {
					hdrs = cJSON_GetObjectItemCaseSensitive(
					    item, "headers");
					if (pc_json_opt_string(&ra, hdrs,
						"Retry-After", "graph") == 0 &&
					    ra != NULL) {
						snprintf(ra_buf, sizeof(ra_buf),
						    "%s", ra);
						retry_after = ra_buf;
					}
					continue;
				}
				if (st->valueint != 200) {
					char *txt = cJSON_PrintUnformatted(body);

					inner.status = st->valueint;
					inner.content_type = "application/json";
					if (txt) {
						pc_buf_init(&inner.body, 1 << 20);
						pc_buf_adds(&inner.body, txt);
						free(txt);
					}
					r = graph_refused(&inner, "a user's "
					    "authentication methods",
					    "UserAuthenticationMethod.Read.All");
					pc_buf_free(&inner.body);
					cJSON_Delete(j);
					goto out;
				}
				if ((r = pc_mfa_graph_methods(&state[idx - from],
					 methods[idx - from],
					 sizeof(methods[0]), body)) != 0) {
					cJSON_Delete(j);
					pc_error_set(r, "microsoft365: %s",
					    pc_error_get());
					goto out;
				}
				done[idx - from] = true;
				pending--;
			}
			cJSON_Delete(j);
		}
		if (pending == 0)
			break;
		/* Some inner requests were throttled: wait, then resend. */
		if (pc_http_take_retry(g->http, retry_after, round++,
			&delay) != 0) {
			r = pc_error_set(PC_EHTTP, "microsoft365: Graph kept "
			    "throttling the per-user method requests past the "
			    "retry budget; try again later");
			goto out;
		}
		pc_http_sleep_ms(delay);
	}
	for (i = from; i < to; i++) {
		struct mfa_account a = {
			.account = u->upns.v[i],
			.admin = mfa_strlist_has(admins, u->ids.v[i]),
			.state = state[i - from],
			.methods = methods[i - from],
		};

		if ((r = pc_mfa_account(g->p, &a)) != 0)
			goto out;
	}
out:
	for (b = 0; bodies && b < nb; b++)
		pc_buf_free(&bodies[b]);
	for (b = 0; resps && b < nb; b++)
		pc_http_resp_free(&resps[b]);
	free(reqs);
	free(resps);
	free(bodies);
	free(state);
	free(methods);
	free(done);
	pc_buf_free(&url);
	return r;
}

/* The non-premium path: users, admin roles, per-user methods. */
static int
graph_fallback(struct graph *g)
{
	struct users u = { 0 };
	struct mfa_strlist admins = { 0 };
	struct pc_buf url;
	size_t i, step = GRAPH_BATCH * GRAPH_BATCHES;
	int r;

	pc_buf_init(&url, 4096);
	if ((r = pc_buf_addf(&url, "%s/v1.0/users?$select=id,"
		 "userPrincipalName,accountEnabled,userType&$top=999",
		 g->base)) ||
	    (r = graph_list(g, url.data, "users", "User.Read.All", take_user,
		 &u)) ||
	    (r = graph_admins(g, &admins)))
		goto out;
	for (i = 0; i < u.ids.n; i += step)
		if ((r = graph_methods_batch(g, &u, &admins, i,
			 i + step < u.ids.n ? i + step : u.ids.n)) != 0)
			goto out;
	pc_check_count(g->p->ctx, "microsoft365", "method: per-user "
	    "authentication methods (tenant has no Entra ID P1/P2)");
out:
	mfa_strlist_free(&u.ids);
	mfa_strlist_free(&u.upns);
	mfa_strlist_free(&admins);
	pc_buf_free(&url);
	return r;
}

/* Security defaults or an all-users MFA Conditional Access policy. */
static int
graph_enforcement(struct graph *g)
{
	struct pc_http_resp resp = { 0 };
	struct pc_buf url;
	cJSON *j = NULL;
	int enabled = -1, r, ca;

	pc_buf_init(&url, 4096);
	if ((r = pc_buf_addf(&url, "%s/v1.0/policies/"
		 "identitySecurityDefaultsEnforcementPolicy", g->base)) ||
	    (r = graph_get(g, url.data, &resp, &j)))
		goto out;
	if (resp.status != 200) {
		r = graph_refused(&resp, "the security defaults policy",
		    "Policy.Read.All");
		goto out;
	}
	if ((r = pc_json_opt_bool(&enabled, j, "isEnabled", "graph")) != 0) {
		pc_error_set(r, "microsoft365: %s", pc_error_get());
		goto out;
	}
	if (enabled == 1)
		goto out;
	cJSON_Delete(j);
	j = NULL;
	pc_http_resp_free(&resp);
	pc_buf_reset(&url);
	if ((r = pc_buf_addf(&url, "%s/v1.0/identity/conditionalAccess/"
		 "policies", g->base)) ||
	    (r = graph_get(g, url.data, &resp, &j)))
		goto out;
	if (resp.status != 200) {
		r = graph_refused(&resp, "Conditional Access policies",
		    "Policy.Read.All");
		goto out;
	}
	if ((ca = pc_mfa_graph_ca_enforced(j)) < 0) {
		r = pc_error_set(PC_EPARSE, "microsoft365: %s",
		    pc_error_get());
		goto out;
	}
	if (ca == 0)
		r = pc_mfa_enforcement(g->p, g->cfg->tenant, 0,
		    "security defaults are off and no enabled Conditional "
		    "Access policy requires MFA for all users on all apps "
		    "(report-only policies do not count)");
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	pc_buf_free(&url);
	return r;
}

/* Examines every Microsoft 365 account. */
int
pc_mfa_graph(struct mfa_provider *p, const struct pc_m365 *cfg)
{
	struct graph g = { .p = p, .cfg = cfg };
	bool nonpremium = false;
	size_t n;
	int r;

	if ((g.base = strdup(cfg->graph_url)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	n = strlen(g.base);
	while (n > 0 && g.base[n - 1] == '/')
		g.base[--n] = '\0';
	if ((r = pc_mfa_secret(p, &g.secret, cfg->client_secret_file)) ||
	    (r = pc_mfa_http(p, &g.http, "graph")))
		goto out;
	g.auth.scheme = "Bearer";
	g.auth.refresh = graph_refresh;
	g.auth.arg = &g;
	pc_http_set_auth(g.http, &g.auth);
	if ((r = graph_token(&g)) != 0 ||
	    (r = graph_regdetails(&g, &nonpremium)) != 0)
		goto out;
	if (nonpremium && (r = graph_fallback(&g)) != 0)
		goto out;
	r = graph_enforcement(&g);
out:
	if (g.http)
		p->requests += pc_http_requests(g.http);
	pc_http_free(g.http);
	pc_mfa_secret_free(g.secret);
	pc_mfa_secret_free(g.auth.token);
	free(g.base);
	return r;
}
