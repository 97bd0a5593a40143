/* The report model and its deterministic JSON form (portcullis-report/2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "agent/lib/err.h"
#include "agent/report.h"

/* Formats unix time as ISO 8601 UTC. */
void
pc_time_iso(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Allocates an empty report. */
struct pc_report *
pc_report_new(void)
{
	return calloc(1, sizeof(struct pc_report));
}

/* Duplicates a string, NULL-safe; aborts on OOM (trusted parent only). */
static char *
dup_or_null(const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		abort();
	return d;
}

/* Frees one finding's strings. */
static void
finding_free(struct pc_report_finding *f)
{
	free(f->id);
	free(f->check);
	free(f->rule);
	free(f->subject);
	free(f->where);
	free(f->title);
	free(f->evidence);
	free(f->remediation);
	free(f->confirm);
	free(f->escalate_to);
	free(f->owner);
	free(f->content_id);
	free(f->moved_from);
	if (f->accepted) {
		free(f->accepted->reason);
		free(f->accepted->owner);
		free(f->accepted);
	}
}

/* A deep copy of an acceptance record, NULL-safe. */
struct pc_report_accepted *
pc_report_accepted_dup(const struct pc_report_accepted *a)
{
	struct pc_report_accepted *d;

	if (a == NULL)
		return NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		abort();
	*d = *a;
	d->reason = dup_or_null(a->reason);
	d->owner = dup_or_null(a->owner);
	return d;
}

/* The word for an acceptance state. */
const char *
pc_acceptance_state_name(enum pc_acceptance_state st)
{
	switch (st) {
	case PC_ACCEPTANCE_APPLIED: return "accepted";
	case PC_ACCEPTANCE_EXPIRED: return "expired";
	case PC_ACCEPTANCE_STALE: return "stale";
	}
	return "unknown";
}

/* The state for a word, or -1. */
int
pc_acceptance_state_parse(const char *s)
{
	int i;

	for (i = PC_ACCEPTANCE_APPLIED; i <= PC_ACCEPTANCE_STALE; i++)
		if (strcmp(s, pc_acceptance_state_name(i)) == 0)
			return i;
	return -1;
}

/* Appends an acceptance, deep-copying it. */
int
pc_report_add_acceptance(
    struct pc_report *r, const struct pc_report_acceptance *a)
{
	struct pc_report_acceptance *p, *n;

	p = realloc(r->acceptances, (r->nacceptances + 1) * sizeof(*p));
	if (p == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r->acceptances = p;
	n = &p[r->nacceptances++];
	*n = *a;
	n->id = dup_or_null(a->id);
	n->a.reason = dup_or_null(a->a.reason);
	n->a.owner = dup_or_null(a->a.owner);
	return 0;
}

/* Frees a report. */
void
pc_report_free(struct pc_report *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->nchecks; i++) {
		free(r->checks[i].id);
		free(r->checks[i].title);
		free(r->checks[i].reason);
		for (j = 0; j < r->checks[i].ncounts; j++)
			free(r->checks[i].counts[j]);
		free(r->checks[i].counts);
	}
	for (i = 0; i < r->nfindings; i++)
		finding_free(&r->findings[i]);
	for (i = 0; i < r->nresolved; i++) {
		free(r->resolved[i].id);
		free(r->resolved[i].check);
		free(r->resolved[i].rule);
		free(r->resolved[i].subject);
		free(r->resolved[i].title);
	}
	for (i = 0; i < r->nacceptances; i++) {
		free(r->acceptances[i].id);
		free(r->acceptances[i].a.reason);
		free(r->acceptances[i].a.owner);
	}
	free(r->acceptances);
	for (i = 0; i < r->nstaff; i++)
		free(r->staff[i]);
	free(r->staff);
	free(r->checks);
	free(r->findings);
	free(r->resolved);
	free(r->office_id);
	free(r->office_name);
	free(r->digital_lead);
	free(r->agent_version);
	free(r->host);
	free(r->policy_id);
	free(r->policy_sha256);
	for (i = 0; i < r->npolicy_files; i++)
		free(r->policy_files[i].path);
	free(r->policy_files);
	free(r->scope);
	free(r->previous_report_sha256);
	free(r);
}

/* Appends a staff name, deep-copying it. */
int
pc_report_add_staff(struct pc_report *r, const char *name)
{
	char **p;

	if ((p = realloc(r->staff, (r->nstaff + 1) * sizeof(*p))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r->staff = p;
	if ((p[r->nstaff] = strdup(name)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r->nstaff++;
	return 0;
}

/* Appends a check result, deep-copying it. */
int
pc_report_add_check(struct pc_report *r, const struct pc_report_check *c)
{
	struct pc_report_check *p, *n;
	size_t j;

	p = realloc(r->checks, (r->nchecks + 1) * sizeof(*p));
	if (p == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r->checks = p;
	n = &p[r->nchecks];
	*n = *c;
	n->id = dup_or_null(c->id);
	n->title = dup_or_null(c->title);
	n->reason = dup_or_null(c->reason);
	n->counts = NULL;
	if (c->ncounts &&
	    (n->counts = calloc(c->ncounts, sizeof(char *))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (j = 0; j < c->ncounts; j++)
		n->counts[j] = dup_or_null(c->counts[j]);
	r->nchecks++;
	return 0;
}

/* Appends a finding, deep-copying it. */
int
pc_report_add_finding(struct pc_report *r, const struct pc_report_finding *f)
{
	struct pc_report_finding *p, *n;

	p = realloc(r->findings, (r->nfindings + 1) * sizeof(*p));
	if (p == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r->findings = p;
	n = &p[r->nfindings];
	*n = *f;
	n->id = dup_or_null(f->id);
	n->check = dup_or_null(f->check);
	n->rule = dup_or_null(f->rule);
	n->subject = dup_or_null(f->subject);
	n->where = dup_or_null(f->where);
	n->title = dup_or_null(f->title);
	n->evidence = dup_or_null(f->evidence);
	n->remediation = dup_or_null(f->remediation);
	n->confirm = dup_or_null(f->confirm);
	n->escalate_to = dup_or_null(f->escalate_to);
	n->owner = dup_or_null(f->owner);
	n->content_id = dup_or_null(f->content_id);
	n->moved_from = dup_or_null(f->moved_from);
	n->accepted = pc_report_accepted_dup(f->accepted);
	r->nfindings++;
	return 0;
}

/* Stable fingerprint of a problem: check, rule and subject. */
void
pc_report_fingerprint(
    char out[33], const char *check, const char *rule, const char *subject)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *ctx;
	int i;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		abort();
	if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(ctx, check, strlen(check) + 1) ||
	    !EVP_DigestUpdate(ctx, rule, strlen(rule) + 1) ||
	    !EVP_DigestUpdate(ctx, subject, strlen(subject)) ||
	    !EVP_DigestFinal_ex(ctx, md, NULL))
		abort();
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Computes the summary from checks and findings. */
void
pc_report_summarize(const struct pc_report *r, struct pc_report_summary *s)
{
	size_t i, pass, fail;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < r->nchecks; i++) {
		s->by_status[r->checks[i].status]++;
		if (r->checks[i].status == PC_STATUS_SKIPPED &&
		    r->checks[i].mandatory)
			s->mandatory_skipped++;
		if (r->checks[i].sandbox.seccomp_debug)
			s->sandbox_weakened++;
	}
	for (i = 0; i < r->nfindings; i++) {
		s->by_severity[r->findings[i].severity]++;
		/* An accepted risk stays listed and counted by severity, but
		 * does not count towards fail_on and the exit code. */
		if (r->findings[i].accepted != NULL)
			s->accepted++;
		else if (r->findings[i].severity >= r->fail_on)
			s->at_threshold = true;
	}
	pass = s->by_status[PC_STATUS_PASS];
	fail = s->by_status[PC_STATUS_FAIL];
	s->score = pass + fail ? (double)pass / (double)(pass + fail) : 0.0;
	s->complete = s->by_status[PC_STATUS_ERROR] == 0 &&
	    s->mandatory_skipped == 0 && !r->no_sandbox;
}

/* Adds a string member, or null when s is NULL. */
static void
add_str(cJSON *o, const char *k, const char *s)
{
	if (s == NULL)
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddStringToObject(o, k, s);
}

/* The sandbox object for one check. */
static cJSON *
sandbox_json(const struct pc_report_check *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddBoolToObject(o, "applied", c->sandboxed);
	cJSON_AddBoolToObject(o, "rlimits", c->sandbox.rlimits);
	cJSON_AddBoolToObject(o, "no_new_privs", c->sandbox.no_new_privs);
	cJSON_AddNumberToObject(o, "landlock_abi", c->sandbox.landlock_abi);
	cJSON_AddBoolToObject(o, "landlock_fs", c->sandbox.landlock_fs);
	cJSON_AddBoolToObject(o, "landlock_net", c->sandbox.landlock_net);
	cJSON_AddNumberToObject(
	    o, "landlock_rules", (double)c->sandbox.landlock_rules);
	cJSON_AddBoolToObject(o, "seccomp", c->sandbox.seccomp);
	/* Added after the first reports: readers treat them as optional. */
	cJSON_AddBoolToObject(o, "broker", c->sandbox.broker);
	cJSON_AddNumberToObject(
	    o, "broker_connections", (double)c->sandbox.broker_connections);
	cJSON_AddBoolToObject(o, "seccomp_debug", c->sandbox.seccomp_debug);
	add_str(o, "detail", c->sandbox.detail[0] ? c->sandbox.detail : NULL);
	return o;
}

/* Adds checks[]: one object per check, in run order. */
static void
add_checks(cJSON *root, const struct pc_report *r)
{
	cJSON *a, *e;
	size_t i, j;

	a = cJSON_AddArrayToObject(root, "checks");
	for (i = 0; i < r->nchecks; i++) {
		const struct pc_report_check *c = &r->checks[i];
		cJSON *counts;

		e = cJSON_CreateObject();
		add_str(e, "id", c->id);
		add_str(e, "title", c->title);
		add_str(e, "status", pc_status_name(c->status));
		add_str(e, "reason", c->reason);
		cJSON_AddBoolToObject(e, "mandatory", c->mandatory);
		cJSON_AddNumberToObject(e, "duration_seconds",
		    (double)(long long)(c->duration_seconds * 1000.0) / 1000.0);
		cJSON_AddNumberToObject(e, "findings", (double)c->nfindings);
		counts = cJSON_AddArrayToObject(e, "counts");
		for (j = 0; j < c->ncounts; j++)
			cJSON_AddItemToArray(
			    counts, cJSON_CreateString(c->counts[j]));
		cJSON_AddItemToArray(a, e);
	}
}

/* An acceptance as JSON: the finding's "accepted" object (id NULL:
 * until, accepted_on, reason, owner) or an acceptances[] entry (id,
 * status, then accepted_on, expires, reason, owner). */
static cJSON *
accepted_json(
    const struct pc_report_accepted *a, const char *id, const char *status)
{
	cJSON *o = cJSON_CreateObject();

	if (id != NULL) {
		add_str(o, "id", id);
		add_str(o, "status", status);
	} else {
		add_str(o, "until", a->until);
	}
	add_str(o, "accepted_on", a->accepted_on);
	if (id != NULL)
		add_str(o, "expires", a->until);
	add_str(o, "reason", a->reason);
	add_str(o, "owner", a->owner);
	return o;
}

/* Adds acceptances[] (only when the office has an accepted file). */
static void
add_acceptances(cJSON *root, const struct pc_report *r)
{
	cJSON *a;
	size_t i;

	if (r->nacceptances == 0)
		return;
	a = cJSON_AddArrayToObject(root, "acceptances");
	for (i = 0; i < r->nacceptances; i++)
		cJSON_AddItemToArray(a,
		    accepted_json(&r->acceptances[i].a, r->acceptances[i].id,
			pc_acceptance_state_name(r->acceptances[i].state)));
}

/* Adds findings[]: one object per finding, optional members last. */
static void
add_findings(cJSON *root, const struct pc_report *r)
{
	cJSON *a, *e;
	size_t i;

	a = cJSON_AddArrayToObject(root, "findings");
	for (i = 0; i < r->nfindings; i++) {
		const struct pc_report_finding *f = &r->findings[i];

		e = cJSON_CreateObject();
		add_str(e, "id", f->id);
		add_str(e, "check", f->check);
		add_str(e, "rule", f->rule);
		add_str(e, "severity", pc_severity_name(f->severity));
		add_str(e, "subject", f->subject);
		add_str(e, "title", f->title);
		add_str(e, "evidence", f->evidence);
		add_str(e, "remediation", f->remediation);
		add_str(e, "confirm", f->confirm);
		add_str(e, "escalate_to", f->escalate_to);
		add_str(e, "owner", f->owner);
		add_str(e, "due", f->due);
		add_str(e, "first_seen", f->first_seen);
		add_str(e, "status", f->persisting ? "persisting" : "new");
		cJSON_AddBoolToObject(e, "overdue", f->overdue);
		/* Optional members (absent in reports before them): */
		if (f->content_id != NULL)
			add_str(e, "content_id", f->content_id);
		if (f->moved_from != NULL)
			add_str(e, "moved_from", f->moved_from);
		if (f->accepted != NULL)
			cJSON_AddItemToObject(e, "accepted",
			    accepted_json(f->accepted, NULL, NULL));
		cJSON_AddItemToArray(a, e);
	}
}

/* Builds the JSON tree of a report. */
static cJSON *
report_json(const struct pc_report *r)
{
	struct pc_report_summary s;
	cJSON *root, *o, *a, *e, *sev, *st, *sb;
	size_t i;

	pc_report_summarize(r, &s);
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "schema", PC_REPORT_SCHEMA);
	add_str(root, "scope", r->scope ? r->scope : "office");
	o = cJSON_AddObjectToObject(root, "office");
	add_str(o, "id", r->office_id);
	add_str(o, "name", r->office_name);
	add_str(o, "digital_lead", r->digital_lead);
	if (r->nstaff) { /* optional: absent in reports before it */
		a = cJSON_AddArrayToObject(o, "staff");
		for (i = 0; i < r->nstaff; i++)
			cJSON_AddItemToArray(
			    a, cJSON_CreateString(r->staff[i]));
	}
	o = cJSON_AddObjectToObject(root, "agent");
	add_str(o, "name", "portcullis");
	add_str(o, "version", r->agent_version);
	add_str(root, "host", r->host);
	o = cJSON_AddObjectToObject(root, "policy");
	add_str(o, "id", r->policy_id);
	cJSON_AddNumberToObject(o, "version", (double)r->policy_version);
	add_str(o, "sha256", r->policy_sha256);
	a = cJSON_AddArrayToObject(o, "files");
	for (i = 0; i < r->npolicy_files; i++) {
		e = cJSON_CreateObject();
		add_str(e, "path", r->policy_files[i].path);
		add_str(e, "sha256", r->policy_files[i].sha256);
		cJSON_AddItemToArray(a, e);
	}
	add_str(root, "started_at", r->started_at);
	add_str(root, "finished_at", r->finished_at);
	add_str(root, "previous_report_sha256", r->previous_report_sha256);
	o = cJSON_AddObjectToObject(root, "sandbox");
	cJSON_AddBoolToObject(o, "disabled_by_operator", r->no_sandbox);
	sb = cJSON_AddObjectToObject(o, "checks");
	for (i = 0; i < r->nchecks; i++)
		cJSON_AddItemToObject(
		    sb, r->checks[i].id, sandbox_json(&r->checks[i]));

	o = cJSON_AddObjectToObject(root, "summary");
	st = cJSON_AddObjectToObject(o, "checks");
	for (i = 0; i <= PC_STATUS_NOT_APPLICABLE; i++)
		cJSON_AddNumberToObject(
		    st, pc_status_name(i), (double)s.by_status[i]);
	sev = cJSON_AddObjectToObject(o, "findings");
	for (i = PC_SEV_CRITICAL + 1; i-- > 0;)
		cJSON_AddNumberToObject(
		    sev, pc_severity_name(i), (double)s.by_severity[i]);
	cJSON_AddNumberToObject(o, "total_findings", (double)r->nfindings);
	cJSON_AddNumberToObject(
	    o, "score", (double)(long long)(s.score * 1000.0 + 0.5) / 1000.0);
	cJSON_AddBoolToObject(o, "complete", s.complete);
	add_str(o, "fail_on", pc_severity_name(r->fail_on));

	add_checks(root, r);
	add_findings(root, r);
	a = cJSON_AddArrayToObject(root, "resolved");
	for (i = 0; i < r->nresolved; i++) {
		const struct pc_report_resolved *v = &r->resolved[i];

		e = cJSON_CreateObject();
		add_str(e, "id", v->id);
		add_str(e, "check", v->check);
		add_str(e, "rule", v->rule);
		add_str(e, "severity", pc_severity_name(v->severity));
		add_str(e, "subject", v->subject);
		add_str(e, "title", v->title);
		add_str(e, "first_seen", v->first_seen);
		cJSON_AddItemToArray(a, e);
	}
	add_acceptances(root, r);
	return root;
}

/* Serialises the report to JSON bytes ending in a newline. */
int
pc_report_to_json(const struct pc_report *r, char **json_out, size_t *len_out)
{
	cJSON *root;
	char *text, *out;
	size_t n;

	*json_out = NULL;
	if ((root = report_json(r)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	n = strlen(text);
	if ((out = malloc(n + 2)) == NULL) {
		free(text);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	memcpy(out, text, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	free(text);
	*json_out = out;
	if (len_out)
		*len_out = n + 1;
	return 0;
}
