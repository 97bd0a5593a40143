/* Microsoft 365 forwarding: the tenant's verified domains, then every
 * member's inbox rules through Graph $batch, as the users pages arrive
 * (at most a page and a round of $batch calls held at once). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/graph_tenant.h"
#include "forwarding.h"

#define NOMAILBOX  "MailboxNotEnabledForRESTAPI"
#define PERMISSION "MailboxSettings.Read"

/* One tenant's pass: its session and the users page being read. */
struct m365 {
	struct email_run *run;
	struct pc_graph *g;
	struct pc_fwd_counts *c;
	size_t n;        /* mailboxes held, rules not yet read */
	char **upns;     /* [n] */
	char **paths;    /* [n] "/users/{id}/mailFolders/inbox/messageRules" */
	char **next;     /* [n] a rules nextLink still to follow, or NULL */
	const char *upn; /* the mailbox whose rules are being reported */
};

/* Reports one rule of the mailbox m->upn. */
static int
take_rule(void *arg, const struct pc_fwd_rule *rule)
{
	struct m365 *m = arg;
	bool external;
	int r;

	m->c->rules++;
	if (rule->ntargets > 0 && rule->enabled)
		m->c->forwarding++;
	if ((r = pc_email_forwarding_report(
		 m->run, "microsoft365", m->upn, rule, &external)) != 0)
		return r;
	if (external)
		m->c->external++;
	return 0;
}

/* Reports a page of one mailbox's rules; keeps a nextLink for later. */
static int
rules_body(struct m365 *m, size_t i, const cJSON *body)
{
	const char *next;
	int r;

	m->upn = m->upns[i];
	if ((r = pc_fwd_graph_page(body, take_rule, m)) != 0)
		return pc_error_set(r,
		    "microsoft365: the inbox rules of %s: %s", m->upns[i],
		    pc_error_get());
	if (pc_json_opt_string(&next, body, "@odata.nextLink", "graph") == 0 &&
	    next != NULL && (m->next[i] = strdup(next)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* $batch: one mailbox's first page of rules. */
static int
rules_each(void *arg, size_t i, const cJSON *body)
{
	struct m365 *m = arg;

	m->c->mailboxes++;
	return rules_body(m, i, body);
}

/* $batch: one mailbox refused or missing; counted, judged per tenant. */
static int
rules_failed(void *arg, size_t i, long status, const cJSON *body)
{
	struct m365 *m = arg;
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(body, "error");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");
	const char *cs = cJSON_IsString(code) ? code->valuestring : "";

	if (status == 404 && strcmp(cs, NOMAILBOX) == 0) {
		m->c->no_mailbox++;
		return 0;
	}
	if (status == 403) {
		if (m->c->denied++ == 0)
			snprintf(m->c->first_denied, sizeof(m->c->first_denied),
			    "%s", m->upns[i]);
		return 0;
	}
	if (m->c->failed++ == 0)
		snprintf(m->c->first_failed, sizeof(m->c->first_failed),
		    "HTTP %ld %s%s%.200s on %s", status, cs,
		    cJSON_IsString(msg) ? ": " : "",
		    cJSON_IsString(msg) ? msg->valuestring : "", m->upns[i]);
	return 0;
}

/* A further page of one mailbox's rules (a nextLink). */
static int
rules_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct m365 *m = arg;
	int r;

	(void)pageno;
	if (resp->status != 200)
		return pc_graph_refused(
		    resp, "a mailbox's inbox rules", PERMISSION);
	if ((r = pc_fwd_graph_page(json, take_rule, m)) != 0)
		return pc_error_set(r,
		    "microsoft365: the inbox rules of %s: %s", m->upn,
		    pc_error_get());
	return 0;
}

/* Reads the rules of the first n mailboxes held, then drops them. */
static int
rules_of(struct m365 *m, size_t n)
{
	struct pc_graph_batch b = {
		.paths = (const char *const *)m->paths,
		.n = n,
		.what = "a mailbox's inbox rules",
		.what_batch = "mailboxes' inbox rules ($batch)",
		.permission = PERMISSION,
		.items = "inbox rule requests",
		.each = rules_each,
		.arg = m,
		.failed = rules_failed,
	};
	size_t i;
	int r = 0;

	if (n > 0 && (r = pc_graph_batch(m->g, &b)) != 0)
		return r;
	for (i = 0; i < n && r == 0; i++) {
		if (m->next[i] == NULL)
			continue;
		m->upn = m->upns[i];
		r = pc_graph_pages(m->g, m->next[i], rules_page, m);
	}
	for (i = 0; i < n; i++) {
		free(m->upns[i]);
		free(m->paths[i]);
		free(m->next[i]);
	}
	m->n -= n;
	memmove(m->upns, m->upns + n, m->n * sizeof(char *));
	memmove(m->paths, m->paths + n, m->n * sizeof(char *));
	memmove(m->next, m->next + n, m->n * sizeof(char *));
	memset(m->next + m->n, 0, n * sizeof(char *));
	return r;
}

/* Frees the mailboxes still held. */
static void
page_clear(struct m365 *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->upns[i]);
		free(m->paths[i]);
		free(m->next[i]);
	}
	free(m->upns);
	free(m->paths);
	free(m->next);
	m->upns = m->paths = m->next = NULL;
	m->n = 0;
}

/* Makes room for more mailboxes after the m->n held. */
static int
page_grow(struct m365 *m, size_t more)
{
	size_t cap = m->n + more + 1;
	char **u, **p, **x;

	u = realloc(m->upns, cap * sizeof(char *));
	if (u)
		m->upns = u;
	p = realloc(m->paths, cap * sizeof(char *));
	if (p)
		m->paths = p;
	x = realloc(m->next, cap * sizeof(char *));
	if (x)
		m->next = x;
	if (!u || !p || !x)
		return pc_error_set(PC_ENOMEM, "out of memory");
	memset(m->next + m->n, 0, (more + 1) * sizeof(char *));
	return 0;
}

/* Keeps one member user of the page (guests' mail is their own
 * organisation's business). */
static int
take_user(struct m365 *m, const cJSON *u)
{
	const char *id, *upn, *type;
	char path[256];
	int r;

	if ((r = pc_json_expect_object(u, "each value item", "graph")) ||
	    (r = pc_json_need_string(&id, u, "id", "graph")) ||
	    (r = pc_json_need_string(&upn, u, "userPrincipalName", "graph")) ||
	    (r = pc_json_opt_string(&type, u, "userType", "graph")))
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	if (type && strcasecmp(type, "guest") == 0)
		return 0;
	if (strlen(id) > 128 ||
	    strspn(id, "0123456789abcdefABCDEF-") != strlen(id))
		return pc_error_set(
		    PC_EPARSE, "microsoft365: a user id is not a GUID");
	snprintf(
	    path, sizeof(path), "/users/%s/mailFolders/inbox/messageRules", id);
	if ((m->upns[m->n] = strdup(upn)) == NULL ||
	    (m->paths[m->n] = strdup(path)) == NULL) {
		m->n++;
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	m->n++;
	return 0;
}

/* A users page: its members join those held, and the rules of whole
 * rounds of $batch calls (PC_GRAPH_BATCH x PC_GRAPH_BATCHES mailboxes)
 * are read before the next page; the rest wait for it. */
static int
users_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	const size_t round = PC_GRAPH_BATCH * PC_GRAPH_BATCHES;
	struct m365 *m = arg;
	const cJSON *value, *u;
	int r;

	(void)pageno;
	if (resp->status != 200)
		return pc_graph_refused(resp, "users", "User.Read.All");
	if ((r = pc_json_need_array(&value, json, "value", "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	if ((r = page_grow(m, (size_t)cJSON_GetArraySize(value))) != 0)
		return r;
	cJSON_ArrayForEach(u, value) if ((r = take_user(m, u)) != 0) return r;
	return rules_of(m, m->n / round * round);
}

/* Says what the mailboxes' refusals and failures mean for the tenant. */
static int
judge_faults(struct email_run *run, const struct pc_fwd_counts *c)
{
	size_t tried = c->mailboxes + c->denied + c->failed;

	if (c->denied > 0 && c->mailboxes == 0 && c->failed == 0)
		return pc_email_incomplete(run,
		    "microsoft365: Graph refused the inbox rules of every mailbox (%zu, 403 ErrorAccessDenied): the app registration lacks the application permission %s; add it in Entra ID (App registrations, API permissions) and grant admin consent",
		    c->denied, PERMISSION);
	if (c->denied > 0)
		(void)pc_email_incomplete(run,
		    "microsoft365: Graph refused the inbox rules of %zu of %zu mailboxes (403 ErrorAccessDenied, the first %s): an Exchange application access policy may restrict the app to some mailboxes; check Get-ApplicationAccessPolicy in Exchange Online PowerShell",
		    c->denied, tried, c->first_denied);
	if (c->failed > 0)
		(void)pc_email_incomplete(run,
		    "microsoft365: the inbox rules of %zu mailbox%s could not be read (the first: %s)",
		    c->failed, c->failed == 1 ? "" : "es", c->first_failed);
	return 0;
}

/* Microsoft 365: verified domains, forwarding_not_visible, every
 * member's inbox rules. */
int
pc_email_fwd_m365(struct email_run *run, const struct pc_provider_env *env,
    struct pc_fwd_counts *c)
{
	const struct pc_m365 *cfg = pc_m365_cfg(run->cfg);
	struct m365 m = { .run = run, .c = c };
	char url[1024];
	int r;

	if ((r = pc_graph_open(&m.g, env, cfg)) != 0)
		goto out;
	if ((r = pc_graph_verified_domains(
		 m.g, &run->verified, &run->nverified)) != 0 ||
	    (r = pc_email_forwarding_not_visible(run, cfg->tenant)) != 0)
		goto out;
	snprintf(url, sizeof(url),
	    "%s/v1.0/users?$select=id,userPrincipalName,userType&$top=999",
	    pc_graph_base(m.g));
	if ((r = pc_graph_pages(m.g, url, users_page, &m)) != 0 ||
	    (r = rules_of(&m, m.n)) != 0)
		goto out;
	r = judge_faults(run, c);
out:
	if (r != 0 && r != PC_ENOMEM)
		r = pc_email_incomplete(run, "%s", pc_error_get());
	page_clear(&m);
	if (run->ctx && m.g)
		pc_check_count(run->ctx, "microsoft365",
		    "%zu Graph requests (inbox rules through $batch, 20 mailboxes a request)",
		    pc_http_requests(pc_graph_http(m.g)));
	pc_graph_close(m.g);
	return r;
}
