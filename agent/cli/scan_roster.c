/* A roster scan: the Parliament tenant's checks once, one report per office. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/check.h"
#include "agent/history.h"
#include "agent/lib/err.h"
#include "agent/roster.h"
#include "reporter/output.h"
#include "agent/cli/cli.h"
#include "agent/cli/scan_report.h"
#include "agent/cli/scan_roster.h"
#include "agent/cli/scan_submit.h"

/*
 * The checks a roster scan runs once over the tenant, and the provider
 * whose account a finding's subject ("<provider>:<account>") names. The
 * email check's forwarding rules and the device inventory join with one
 * line each when they read the Parliament tenant.
 */
static const struct roster_check {
	const char *check;
	const char *provider;
} roster_checks[] = {
	{ "mfa", "microsoft365" },
};
#define NROSTER_CHECKS (sizeof(roster_checks) / sizeof(roster_checks[0]))

/* The table entry of check id, or NULL if a roster scan does not split it. */
static const struct roster_check *
roster_check(const char *id)
{
	size_t i;

	for (i = 0; i < NROSTER_CHECKS; i++)
		if (strcmp(roster_checks[i].check, id) == 0)
			return &roster_checks[i];
	return NULL;
}

/* Orders office id strings (bsearch over the roster's offices). */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The index of office id in the roster's offices, or noffices. */
static size_t
office_index(const struct pc_roster *ro, const char *id)
{
	char *const *p =
	    bsearch(&id, ro->offices, ro->noffices, sizeof(char *), cmp_str);

	return p ? (size_t)(p - ro->offices) : ro->noffices;
}

/* Which office finding f belongs to: its account's on the roster, else
 * noffices (pds-unassigned: the tenant's own settings, leavers). */
static size_t
finding_office(const struct pc_roster *ro, const struct pc_report_finding *f)
{
	const struct roster_check *rc = roster_check(f->check);
	const struct pc_roster_entry *e;
	size_t n;

	if (rc == NULL || f->subject == NULL)
		return ro->noffices;
	n = strlen(rc->provider);
	if (strncmp(f->subject, rc->provider, n) != 0 || f->subject[n] != ':')
		return ro->noffices;
	if ((e = pc_roster_find(ro, f->subject + n + 1)) == NULL)
		return ro->noffices;
	return office_index(ro, e->office_id);
}

/* Copies the tenant report's header into r for office id. */
static int
copy_header(struct pc_report *r, const struct pc_report *t, const char *id,
    const struct pc_config *cfg)
{
	char name[256];
	size_t i;

	snprintf(name, sizeof(name),
	    "%s: accounts in the Parliament tenant (scanned by %s)", id,
	    cfg->office.name);
	r->office_id = strdup(id);
	r->office_name = strdup(name);
	r->digital_lead = strdup(t->digital_lead);
	r->agent_version = strdup(t->agent_version);
	r->host = strdup(t->host);
	r->policy_id = strdup(t->policy_id);
	r->policy_sha256 = strdup(t->policy_sha256);
	r->scope = strdup(PC_SCOPE_TENANT);
	r->policy_version = t->policy_version;
	r->no_sandbox = t->no_sandbox;
	r->fail_on = t->fail_on;
	memcpy(r->started_at, t->started_at, sizeof(r->started_at));
	memcpy(r->finished_at, t->finished_at, sizeof(r->finished_at));
	if (t->npolicy_files &&
	    (r->policy_files =
		    calloc(t->npolicy_files, sizeof(*r->policy_files))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < t->npolicy_files; i++) {
		if ((r->policy_files[i].path =
			    strdup(t->policy_files[i].path)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		memcpy(r->policy_files[i].sha256, t->policy_files[i].sha256,
		    sizeof(r->policy_files[i].sha256));
		r->npolicy_files = i + 1;
	}
	if (!r->office_id || !r->office_name || !r->digital_lead ||
	    !r->agent_version || !r->host || !r->policy_id ||
	    !r->policy_sha256 || !r->scope)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Adds a tenant check to r with the office's share of its findings: a
 * check that ran fails only for offices with findings. */
static int
copy_check(struct pc_report *r, const struct pc_report_check *tc,
    size_t nfindings, size_t naccounts)
{
	struct pc_report_check c = *tc;
	char **lines, line[600];
	size_t i;
	int rc;

	if ((lines = calloc(tc->ncounts + 1, sizeof(char *))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	snprintf(line, sizeof(line), "roster: %zu account%s of this office",
	    naccounts, naccounts == 1 ? "" : "s");
	lines[0] = strdup(line);
	for (i = 0; i < tc->ncounts; i++) {
		snprintf(
		    line, sizeof(line), "Parliament tenant, %s", tc->counts[i]);
		lines[i + 1] = strdup(line);
	}
	c.counts = lines;
	c.ncounts = tc->ncounts + 1;
	c.nfindings = nfindings;
	if (tc->status == PC_STATUS_PASS || tc->status == PC_STATUS_FAIL)
		c.status = nfindings ? PC_STATUS_FAIL : PC_STATUS_PASS;
	rc = pc_report_add_check(r, &c);
	for (i = 0; i < c.ncounts; i++)
		free(lines[i]);
	free(lines);
	return rc;
}

/* One office's report once staged: where, and what to print for it. */
struct written {
	const char *id; /* borrowed from the roster, or PC_OFFICE_UNASSIGNED */
	char *staged, *dir;
	size_t nfindings, critical, high;
	bool complete;
	int code;
};

/* Where the split stands: the tenant report and each finding's office. */
struct split {
	const struct pc_config *cfg;
	const struct pc_policy *policy;
	const struct pc_report *tenant;
	const char *out_dir;
	size_t *office_of; /* per tenant finding */
	size_t *entry_of;  /* per roster entry: its office's index */
	struct pc_scan_writer writer;
	struct written *written; /* per office, noffices + 1 */
	bool json, quiet;
	int worst; /* exit code so far */
};

/* Builds office k's report (k == noffices: pds-unassigned) into r. */
static int
build_office(
    struct pc_report *r, const struct split *s, size_t k, const char *id)
{
	const struct pc_roster *ro = s->cfg->roster;
	const struct pc_report *t = s->tenant;
	size_t i, j, n, naccounts = 0;
	int rc;

	if ((rc = copy_header(r, t, id, s->cfg)) != 0)
		return rc;
	for (i = 0; i < ro->n; i++)
		if (s->entry_of[i] == k) {
			naccounts++;
			if ((rc = pc_report_add_staff(
				 r, ro->entries[i].name)) != 0)
				return rc;
		}
	for (i = 0; i < t->nchecks; i++) {
		if (roster_check(t->checks[i].id) == NULL)
			continue;
		for (j = 0, n = 0; j < t->nfindings; j++)
			n += s->office_of[j] == k &&
			    strcmp(t->findings[j].check, t->checks[i].id) == 0;
		if ((rc = copy_check(r, &t->checks[i], n, naccounts)) != 0)
			return rc;
	}
	for (j = 0; j < t->nfindings; j++)
		if (s->office_of[j] == k &&
		    roster_check(t->findings[j].check) &&
		    (rc = pc_report_add_finding(r, &t->findings[j])) != 0)
			return rc;
	return 0;
}

/* Builds, chains, signs and stages office k's report (unsynced,
 * unpublished: see publish()); a failure is said and counted. */
static void
stage_office(struct split *s, size_t k, const char *id)
{
	char office_dir[PATH_MAX], tenant_dir[PATH_MAX], dir[PATH_MAX] = "";
	struct pc_report *r = pc_report_new();
	struct written *w = &s->written[k];
	struct pc_report_summary sum;
	int rc;

	w->id = id;
	snprintf(office_dir, sizeof(office_dir), "%s/%s", s->out_dir, id);
	snprintf(tenant_dir, sizeof(tenant_dir), "%s/%s", office_dir,
	    PC_SCOPE_TENANT);
	if (r == NULL)
		rc = pc_error_set(PC_ENOMEM, "out of memory");
	else if ((rc = build_office(r, s, k, id)) == 0 &&
	    (rc = pc_scan_report_mkdir(office_dir, s->out_dir)) == 0 &&
	    (rc = pc_scan_report_mkdir(tenant_dir, s->out_dir)) == 0)
		rc = pc_scan_report_write_with(
		    r, s->policy, tenant_dir, dir, sizeof(dir), &s->writer);
	if (rc == 0 &&
	    ((w->staged = strdup(s->writer.staged)) == NULL ||
		(w->dir = strdup(dir)) == NULL))
		rc = pc_error_set(PC_ENOMEM, "out of memory");
	if (rc != 0) {
		fprintf(stderr, "portcullis: scan: office %s: %s\n", id,
		    pc_error_get());
		w->code = 2;
		pc_report_free(r);
		return;
	}
	pc_report_summarize(r, &sum);
	w->nfindings = r->nfindings;
	w->critical = sum.by_severity[PC_SEV_CRITICAL];
	w->high = sum.by_severity[PC_SEV_HIGH];
	w->complete = sum.complete;
	w->code = !sum.complete ? 3 : sum.at_threshold ? 1 : 0;
	pc_report_free(r);
}

/* Makes every staged report durable, then visible: one sync of the file
 * system, the renames, one more sync for the names. A report whose
 * folder could not be published is said and counted. */
static void
publish(struct split *s, size_t n)
{
	size_t k;
	bool synced = pc_output_sync_fs(s->out_dir) == 0;

	for (k = 0; k < n; k++) {
		struct written *w = &s->written[k];

		if (w->staged == NULL)
			continue;
		if (!synced || pc_output_publish(w->staged, w->dir) != 0) {
			fprintf(stderr, "portcullis: scan: office %s: %s\n",
			    w->id, pc_error_get());
			w->code = 2;
		}
	}
	if (synced && pc_output_sync_fs(s->out_dir) != 0) {
		fprintf(stderr, "portcullis: scan: %s\n", pc_error_get());
		s->worst = 2;
	}
}

/* Prints office k's line (or JSON element into list) and submits its
 * report; keeps the worst exit code. */
static void
report_office(struct split *s, size_t k, cJSON *list)
{
	const struct written *w = &s->written[k];

	if (w->code == 2) {
		s->worst = 2;
		return;
	}
	if (s->worst != 2 && w->code > s->worst)
		s->worst = w->code;
	if (list) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "office", w->id);
		cJSON_AddStringToObject(o, "scope", PC_SCOPE_TENANT);
		cJSON_AddStringToObject(o, "report_dir", w->dir);
		cJSON_AddNumberToObject(o, "findings", (double)w->nfindings);
		cJSON_AddBoolToObject(o, "complete", w->complete);
		cJSON_AddItemToArray(list, o);
	} else {
		printf("%s: %zu finding%s (%zu critical, %zu high)%s -> %s\n",
		    w->id, w->nfindings, w->nfindings == 1 ? "" : "s",
		    w->critical, w->high, w->complete ? "" : ", INCOMPLETE",
		    w->dir);
	}
	pc_scan_submit(s->cfg, w->dir, s->quiet); /* never changes the code */
}

/* Fills the tenant report's header and picks a start second no earlier
 * roster scan used (pds-unassigned gets a report from every one). */
static int
prepare(struct pc_report *t, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, long long *now,
    bool no_sandbox)
{
	char dir[PATH_MAX], tdir[PATH_MAX], path[PATH_MAX + 40], stamp[32];
	int rc;

	if ((rc = pc_scan_report_header(t, cfg, policy, no_sandbox)) != 0 ||
	    (rc = pc_scan_report_check_key(cfg)) != 0)
		return rc;
	if ((t->scope = strdup(PC_SCOPE_TENANT)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	snprintf(dir, sizeof(dir), "%s/%s", out_dir, PC_OFFICE_UNASSIGNED);
	snprintf(tdir, sizeof(tdir), "%s/%s", dir, PC_SCOPE_TENANT);
	if ((rc = pc_scan_report_mkdir(dir, out_dir)) != 0 ||
	    (rc = pc_scan_report_mkdir(tdir, out_dir)) != 0)
		return rc;
	for (;;) {
		pc_time_iso(t->started_at, *now);
		pc_history_stamp(stamp, t->started_at);
		snprintf(path, sizeof(path), "%s/%s", tdir, stamp);
		if (access(path, F_OK) != 0)
			return 0;
		sleep(1);
		*now = (long long)time(NULL);
	}
}

/* Assigns each finding and each roster entry its office's index. */
static int
assign(struct split *s)
{
	const struct pc_roster *ro = s->cfg->roster;
	size_t i;

	if ((s->office_of = calloc(s->tenant->nfindings + 1, sizeof(size_t))) ==
		NULL ||
	    (s->entry_of = calloc(ro->n + 1, sizeof(size_t))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < s->tenant->nfindings; i++)
		s->office_of[i] = finding_office(ro, &s->tenant->findings[i]);
	for (i = 0; i < ro->n; i++)
		s->entry_of[i] = office_index(ro, ro->entries[i].office_id);
	return 0;
}

/* Stages every office's report, publishes them all, then prints and
 * submits each. */
static int
split_all(struct split *s)
{
	size_t k, n = s->cfg->roster->noffices + 1;
	cJSON *list = NULL;
	int rc;

	if ((s->written = calloc(n, sizeof(*s->written))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if (s->json && (list = cJSON_CreateArray()) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((rc = pc_scan_writer_open(&s->writer, s->cfg, s->policy, true)) !=
	    0) {
		cJSON_Delete(list);
		return rc;
	}
	/* 651 folders on PDS's disk: the signed files only (what serve
	 * stores); a checklist is rendered from them when wanted. */
	s->writer.signed_only = true;
	for (k = 0; k < n; k++)
		stage_office(s, k,
		    k + 1 < n ? s->cfg->roster->offices[k]
			      : PC_OFFICE_UNASSIGNED);
	pc_scan_writer_close(&s->writer);
	publish(s, n);
	for (k = 0; k < n; k++)
		report_office(s, k, list);
	if (list) {
		char *text = cJSON_PrintUnformatted(list);

		if (text)
			printf("%s\n", text);
		free(text);
		cJSON_Delete(list);
	}
	return 0;
}

/* Runs a roster scan; returns the exit code. */
int
pc_scan_roster(const struct pc_config *cfg, const struct pc_policy *policy,
    struct pc_run_opts *opts, const char *out_dir, bool json, bool quiet)
{
	struct split s = { .cfg = cfg,
		.policy = policy,
		.out_dir = out_dir,
		.json = json,
		.quiet = quiet };
	struct pc_report *t = pc_report_new();
	char *only[NROSTER_CHECKS];
	size_t i, k;

	if (t == NULL) {
		pc_cli_error("out of memory");
		return 2;
	}
	if (prepare(t, cfg, policy, out_dir, &opts->now, opts->no_sandbox) != 0)
		goto fail;
	for (i = 0; i < NROSTER_CHECKS; i++)
		only[i] = (char *)roster_checks[i].check;
	opts->only = only;
	opts->nonly = NROSTER_CHECKS;
	if (pc_runner_run(t, pc_checks, cfg, policy, opts) != 0)
		goto fail;
	opts->only = NULL;
	opts->nonly = 0;
	pc_time_iso(t->finished_at, (long long)time(NULL));
	s.tenant = t;
	if (assign(&s) != 0)
		goto fail;
	if (split_all(&s) != 0)
		goto fail;
	goto out;
fail:
	pc_cli_error(pc_error_get());
	s.worst = 2;
out:
	opts->only = NULL;
	opts->nonly = 0;
	pc_scan_writer_close(&s.writer);
	for (k = 0; s.written && k <= cfg->roster->noffices; k++) {
		free(s.written[k].staged);
		free(s.written[k].dir);
	}
	free(s.written);
	free(s.office_of);
	free(s.entry_of);
	pc_report_free(t);
	return s.worst;
}
