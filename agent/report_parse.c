/* report.json bytes -> struct pc_report, checking every member's type. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent/lib/sha256.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/date.h"
#include "agent/lib/fileio.h"
#include "agent/report_parse.h"
#include "agent/report_schema.h"

#define MAX_STRING (1u << 20)
#define MAX_ITEMS  1000000

/* Parse state: the file's name and the first error. */
struct pctx {
	const char *name;
	int failed;
};

/* Records the first schema error with its JSON path. */
static void fail(struct pctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fail(struct pctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (c->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->failed = 1;
	pc_error_set(PC_EINVALID, "schema invalid: %s: %s", c->name, msg);
}

/* True if s is "YYYY-MM-DDThh:mm:ssZ". */
bool
pc_report_time_ok(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i])
				    : s[i] != shape[i])
			return false;
	return true;
}

/* True if s is n lowercase hex characters. */
static bool
hex_ok(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return false;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) &&
		    !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

/* An optional member: absent or a 32-hex-character id. */
static const char *
opt_hex(struct pctx *c, const cJSON *o, const char *path, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (v == NULL)
		return NULL;
	if (!cJSON_IsString(v) || !hex_ok(v->valuestring, 32)) {
		fail(c, "%s.%s: expected 32 hex characters", path, key);
		return NULL;
	}
	return v->valuestring;
}

/* Member key of o, which must be an object. */
static const cJSON *
member(struct pctx *c, const cJSON *o, const char *path, const char *key)
{
	const cJSON *v;

	if (c->failed)
		return NULL;
	if (!cJSON_IsObject(o)) {
		fail(c, "%s: expected an object", path);
		return NULL;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, key)) == NULL)
		fail(c, "%s.%s: missing", path, key);
	return v;
}

/* A string member (or NULL for JSON null when nullable). */
static const char *
get_str(struct pctx *c, const cJSON *o, const char *path, const char *key,
    bool nullable)
{
	const cJSON *v = member(c, o, path, key);

	if (v == NULL)
		return NULL;
	if (nullable && cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || v->valuestring == NULL) {
		fail(c, "%s.%s: expected a string%s", path, key,
		    nullable ? " or null" : "");
		return NULL;
	}
	if (strlen(v->valuestring) > MAX_STRING) {
		fail(c, "%s.%s: longer than %u bytes", path, key, MAX_STRING);
		return NULL;
	}
	return v->valuestring;
}

/* A date-time string member. */
static const char *
get_time(struct pctx *c, const cJSON *o, const char *path, const char *key)
{
	const char *s = get_str(c, o, path, key, false);

	if (s && !pc_report_time_ok(s)) {
		fail(c, "%s.%s: \"%.40s\" is not YYYY-MM-DDThh:mm:ssZ", path,
		    key, s);
		return NULL;
	}
	return s;
}

/* A boolean member. */
static bool
get_bool(struct pctx *c, const cJSON *o, const char *path, const char *key)
{
	const cJSON *v = member(c, o, path, key);

	if (v == NULL)
		return false;
	if (!cJSON_IsBool(v)) {
		fail(c, "%s.%s: expected true or false", path, key);
		return false;
	}
	return cJSON_IsTrue(v);
}

/* A number member within [min, max]. */
static double
get_num(struct pctx *c, const cJSON *o, const char *path, const char *key,
    double min, double max)
{
	const cJSON *v = member(c, o, path, key);

	if (v == NULL)
		return 0;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
	    v->valuedouble < min || v->valuedouble > max) {
		fail(c, "%s.%s: expected a number from %g to %g", path, key,
		    min, max);
		return 0;
	}
	return v->valuedouble;
}

/* A whole-number count member. */
static size_t
get_count(struct pctx *c, const cJSON *o, const char *path, const char *key)
{
	double d = get_num(c, o, path, key, 0, (double)MAX_ITEMS);

	if (!c->failed && d != floor(d)) {
		fail(c, "%s.%s: expected a whole number", path, key);
		return 0;
	}
	return (size_t)d;
}

/* An array member of at most MAX_ITEMS. */
static const cJSON *
get_array(struct pctx *c, const cJSON *o, const char *path, const char *key)
{
	const cJSON *v = member(c, o, path, key);

	if (v == NULL)
		return NULL;
	if (!cJSON_IsArray(v)) {
		fail(c, "%s.%s: expected an array", path, key);
		return NULL;
	}
	if (cJSON_GetArraySize(v) > MAX_ITEMS) {
		fail(c, "%s.%s: more than %d items", path, key, MAX_ITEMS);
		return NULL;
	}
	return v;
}

/* A severity name member. */
static enum pc_severity
get_severity(struct pctx *c, const cJSON *o, const char *path, const char *key)
{
	const char *s = get_str(c, o, path, key, false);
	int sev;

	if (s == NULL)
		return PC_SEV_INFO;
	if ((sev = pc_severity_parse(s)) < 0) {
		fail(c, "%s.%s: unknown severity \"%.20s\"", path, key, s);
		return PC_SEV_INFO;
	}
	return (enum pc_severity)sev;
}

/* Duplicates s into *dst (NULL stays NULL). */
static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = NULL;
	if (s && (*dst = strdup(s)) == NULL)
		abort();
}

/* Parses the optional office.staff: an array of names. */
static void
parse_staff(struct pctx *c, struct pc_report *r, const cJSON *office)
{
	const cJSON *a, *e;

	if (c->failed || !cJSON_IsObject(office) ||
	    (a = cJSON_GetObjectItemCaseSensitive(office, "staff")) == NULL)
		return;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > MAX_ITEMS) {
		fail(c, "office.staff: expected an array of names");
		return;
	}
	cJSON_ArrayForEach(e, a)
	{
		if (!cJSON_IsString(e) || e->valuestring == NULL ||
		    strlen(e->valuestring) > MAX_STRING) {
			fail(c, "office.staff: expected an array of names");
			return;
		}
		if (pc_report_add_staff(r, e->valuestring) != 0)
			abort();
	}
}

/*
 * policy.files (/2): the manifest, each {path, sha256}, sorted by path
 * without repeats, and policy.sha256 must be the hash over it (so the
 * manifest cannot be edited to look approved).
 */
static void
parse_policy_files(struct pctx *c, struct pc_report *r, const cJSON *policy)
{
	const cJSON *a = get_array(c, policy, "policy", "files"), *e;
	struct pc_file_hash *files = NULL;
	char path[64], hash[65];
	size_t n, i = 0;

	if (a == NULL || c->failed)
		return;
	n = (size_t)cJSON_GetArraySize(a);
	if (n > 1024) {
		fail(c, "policy.files: more than 1024 files");
		return;
	}
	if (n && (files = calloc(n, sizeof(*files))) == NULL)
		abort();
	cJSON_ArrayForEach(e, a)
	{
		const char *p, *h;

		snprintf(path, sizeof(path), "policy.files[%zu]", i);
		p = get_str(c, e, path, "path", false);
		h = get_str(c, e, path, "sha256", false);
		if (c->failed)
			break;
		if (!hex_ok(h, 64) || strlen(p) == 0 || strlen(p) > 4096) {
			fail(c, "%s: expected a path and 64 hex characters",
			    path);
			break;
		}
		if (i > 0 && strcmp(files[i - 1].path, p) >= 0) {
			fail(c, "%s.path: not in path order (or repeated)",
			    path);
			break;
		}
		files[i].path = (char *)p;
		snprintf(files[i].sha256, 65, "%s", h);
		i++;
	}
	if (!c->failed && r->policy_sha256 != NULL) {
		pc_sha256_manifest(hash, files, i);
		if (strcmp(hash, r->policy_sha256) != 0)
			fail(c,
			    "policy.sha256: is not the hash of policy.files (%.16s...)",
			    hash);
	}
	if (!c->failed) {
		if (i &&
		    (r->policy_files = calloc(i, sizeof(*r->policy_files))) ==
			NULL)
			abort();
		for (n = 0; n < i; n++) {
			set_str(&r->policy_files[n].path, files[n].path);
			memcpy(r->policy_files[n].sha256, files[n].sha256, 65);
		}
		r->npolicy_files = i;
	}
	free(files);
}

/*
 * The schema's version: "portcullis-report/N" for a version this build
 * reads (1 or 2), else 0 with the error recorded.
 */
static int
schema_version(struct pctx *c, const cJSON *root)
{
	const char *s = get_str(c, root, "$", "schema", false);
	size_t n = sizeof(PC_REPORT_SCHEMA_PREFIX) - 1;

	if (s == NULL)
		return 0;
	if (strncmp(s, PC_REPORT_SCHEMA_PREFIX, n) == 0 && s[n] >= '1' &&
	    s[n] <= '0' + PC_REPORT_SCHEMA_MAX && s[n + 1] == '\0')
		return s[n] - '0';
	fail(c,
	    "unknown schema version \"%.40s\" (this portcullis reads portcullis-report/1 and /2)",
	    s);
	return 0;
}

/* Parses the header members. */
static void
parse_header(struct pctx *c, struct pc_report *r, const cJSON *root)
{
	const cJSON *o;
	const char *s;

	if (r->schema_version >= 2) {
		s = get_str(c, root, "$", "scope", false);
		if (s && strcmp(s, "office") != 0 &&
		    strcmp(s, "parliament-tenant") != 0)
			fail(c,
			    "scope: expected \"office\" or \"parliament-tenant\", got \"%.40s\"",
			    s);
		set_str(&r->scope, s);
	}
	o = member(c, root, "$", "office");
	set_str(&r->office_id, get_str(c, o, "office", "id", false));
	set_str(&r->office_name, get_str(c, o, "office", "name", false));
	set_str(
	    &r->digital_lead, get_str(c, o, "office", "digital_lead", true));
	parse_staff(c, r, o);
	o = member(c, root, "$", "agent");
	(void)get_str(c, o, "agent", "name", false);
	set_str(&r->agent_version, get_str(c, o, "agent", "version", false));
	set_str(&r->host, get_str(c, root, "$", "host", true));
	o = member(c, root, "$", "policy");
	set_str(&r->policy_id, get_str(c, o, "policy", "id", false));
	r->policy_version = (long)get_num(c, o, "policy", "version", 0, 1e9);
	s = get_str(c, o, "policy", "sha256", false);
	if (s && !hex_ok(s, 64))
		fail(c, "policy.sha256: expected 64 hex characters");
	set_str(&r->policy_sha256, s);
	if (r->schema_version >= 2)
		parse_policy_files(c, r, o);
	if ((s = get_time(c, root, "$", "started_at")) != NULL)
		snprintf(r->started_at, sizeof(r->started_at), "%s", s);
	if ((s = get_time(c, root, "$", "finished_at")) != NULL)
		snprintf(r->finished_at, sizeof(r->finished_at), "%s", s);
	s = get_str(c, root, "$", "previous_report_sha256", true);
	if (s && !hex_ok(s, 64))
		fail(c,
		    "previous_report_sha256: expected 64 hex characters or null");
	set_str(&r->previous_report_sha256, s);
	o = member(c, root, "$", "sandbox");
	r->no_sandbox = get_bool(c, o, "sandbox", "disabled_by_operator");
	if (!c->failed && !cJSON_IsObject(member(c, o, "sandbox", "checks")))
		fail(c, "sandbox.checks: expected an object");
}

/* Parses the stored summary. */
static void
parse_summary(struct pctx *c, struct pc_report *r, const cJSON *root,
    struct pc_report_stored *st)
{
	const cJSON *o, *m;
	const char *s;
	int sev, i;

	o = member(c, root, "$", "summary");
	m = member(c, o, "summary", "checks");
	for (i = 0; i <= PC_STATUS_NOT_APPLICABLE; i++)
		st->by_status[i] = get_count(
		    c, m, "summary.checks", pc_status_name((enum pc_status)i));
	m = member(c, o, "summary", "findings");
	for (i = 0; i <= PC_SEV_CRITICAL; i++)
		st->by_severity[i] = get_count(c, m, "summary.findings",
		    pc_severity_name((enum pc_severity)i));
	st->total_findings = get_count(c, o, "summary", "total_findings");
	st->score = get_num(c, o, "summary", "score", 0, 1);
	st->complete = get_bool(c, o, "summary", "complete");
	s = get_str(c, o, "summary", "fail_on", false);
	if (s && (sev = pc_severity_parse(s)) < 0)
		fail(c, "summary.fail_on: unknown severity");
	else if (s)
		r->fail_on = (enum pc_severity)sev;
}

/* Parses the sandbox record of one check, if present. */
static void
parse_sandbox(struct pctx *c, const cJSON *root, struct pc_report_check *k)
{
	const cJSON *sb, *o;
	const char *detail;
	char path[160];

	sb = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(root, "sandbox"), "checks");
	if ((o = cJSON_GetObjectItemCaseSensitive(sb, k->id)) == NULL)
		return;
	snprintf(path, sizeof(path), "sandbox.checks.%.100s", k->id);
	k->sandboxed = get_bool(c, o, path, "applied");
	k->sandbox.rlimits = get_bool(c, o, path, "rlimits");
	k->sandbox.no_new_privs = get_bool(c, o, path, "no_new_privs");
	k->sandbox.landlock_abi =
	    (int)get_num(c, o, path, "landlock_abi", 0, 1000);
	k->sandbox.landlock_fs = get_bool(c, o, path, "landlock_fs");
	k->sandbox.landlock_net = get_bool(c, o, path, "landlock_net");
	k->sandbox.landlock_rules = get_count(c, o, path, "landlock_rules");
	k->sandbox.seccomp = get_bool(c, o, path, "seccomp");
	/* Added later: absent in older reports. */
	if (cJSON_GetObjectItemCaseSensitive(o, "broker") != NULL)
		k->sandbox.broker = get_bool(c, o, path, "broker");
	if (cJSON_GetObjectItemCaseSensitive(o, "broker_connections") != NULL)
		k->sandbox.broker_connections =
		    get_count(c, o, path, "broker_connections");
	if (cJSON_GetObjectItemCaseSensitive(o, "seccomp_debug") != NULL)
		k->sandbox.seccomp_debug =
		    get_bool(c, o, path, "seccomp_debug");
	detail = get_str(c, o, path, "detail", true);
	snprintf(k->sandbox.detail, sizeof(k->sandbox.detail), "%s",
	    detail ? detail : "");
}

/* Parses checks[]. */
static void
parse_checks(struct pctx *c, struct pc_report *r, const cJSON *root)
{
	const cJSON *a, *e, *counts, *s;
	struct pc_report_check k;
	const char *st;
	char path[64];
	size_t i = 0, j;
	int status;

	if ((a = get_array(c, root, "$", "checks")) == NULL)
		return;
	cJSON_ArrayForEach(e, a)
	{
		if (c->failed)
			return;
		snprintf(path, sizeof(path), "checks[%zu]", i++);
		memset(&k, 0, sizeof(k));
		k.id = (char *)get_str(c, e, path, "id", false);
		k.title = (char *)get_str(c, e, path, "title", true);
		st = get_str(c, e, path, "status", false);
		if (st && (status = pc_status_parse(st)) < 0)
			fail(
			    c, "%s.status: unknown status \"%.20s\"", path, st);
		else if (st)
			k.status = (enum pc_status)status;
		k.reason = (char *)get_str(c, e, path, "reason", true);
		k.mandatory = get_bool(c, e, path, "mandatory");
		k.duration_seconds =
		    get_num(c, e, path, "duration_seconds", 0, 1e9);
		k.nfindings = get_count(c, e, path, "findings");
		counts = get_array(c, e, path, "counts");
		if (c->failed)
			return;
		k.ncounts = (size_t)cJSON_GetArraySize(counts);
		if (k.ncounts &&
		    (k.counts = calloc(k.ncounts, sizeof(char *))) == NULL)
			abort();
		j = 0;
		cJSON_ArrayForEach(s, counts)
		{
			if (!cJSON_IsString(s) ||
			    strlen(s->valuestring) > MAX_STRING) {
				fail(c, "%s.counts[%zu]: expected a string",
				    path, j);
				break;
			}
			k.counts[j++] = s->valuestring;
		}
		if (!c->failed) {
			parse_sandbox(c, root, &k);
			if (pc_report_add_check(r, &k) != 0)
				abort();
		}
		free(k.counts);
	}
}

/* A calendar date member "YYYY-MM-DD" into out. */
static void
get_day(struct pctx *c, const cJSON *o, const char *path, const char *key,
    char out[11])
{
	const char *s = get_str(c, o, path, key, false);
	long d;

	out[0] = '\0';
	if (s == NULL)
		return;
	if (!pc_date_parse(&d, s)) {
		fail(c, "%s.%s: \"%.40s\" is not a date YYYY-MM-DD", path, key,
		    s);
		return;
	}
	memcpy(out, s, 11);
}

/* The reason, owner and accepted_on of an acceptance object (until or
 * expires is the caller's). Strings are borrowed from the tree. */
static void
get_accepted(struct pctx *c, const cJSON *o, const char *path,
    struct pc_report_accepted *a)
{
	get_day(c, o, path, "accepted_on", a->accepted_on);
	a->reason = (char *)get_str(c, o, path, "reason", false);
	a->owner = (char *)get_str(c, o, path, "owner", false);
}

/* Parses a finding's optional accepted object (/2) into f->accepted. */
static void
parse_finding_accepted(struct pctx *c, struct pc_report_finding *f,
    const cJSON *e, const char *path)
{
	struct pc_report_accepted a = { 0 };
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, "accepted");
	char sub[96];

	if (o == NULL || c->failed)
		return;
	snprintf(sub, sizeof(sub), "%s.accepted", path);
	if (!cJSON_IsObject(o)) {
		fail(c, "%s: expected an object", sub);
		return;
	}
	get_day(c, o, sub, "until", a.until);
	get_accepted(c, o, sub, &a);
	if (!c->failed)
		f->accepted = pc_report_accepted_dup(&a);
}

/* Parses the optional acceptances[] (/2): each entry of the office's
 * accepted file and what became of it. */
static void
parse_acceptances(struct pctx *c, struct pc_report *r, const cJSON *root)
{
	struct pc_report_acceptance v;
	const cJSON *a, *e;
	const char *s;
	char path[64];
	size_t i = 0;
	int st;

	if (cJSON_GetObjectItemCaseSensitive(root, "acceptances") == NULL ||
	    (a = get_array(c, root, "$", "acceptances")) == NULL)
		return;
	cJSON_ArrayForEach(e, a)
	{
		if (c->failed)
			return;
		snprintf(path, sizeof(path), "acceptances[%zu]", i++);
		memset(&v, 0, sizeof(v));
		v.id = (char *)get_str(c, e, path, "id", false);
		if (v.id && !hex_ok(v.id, 32))
			fail(c, "%s.id: expected 32 hex characters", path);
		s = get_str(c, e, path, "status", false);
		if (s && (st = pc_acceptance_state_parse(s)) < 0)
			fail(c,
			    "%s.status: expected accepted, expired or stale",
			    path);
		else if (s)
			v.state = (enum pc_acceptance_state)st;
		get_day(c, e, path, "expires", v.a.until);
		get_accepted(c, e, path, &v.a);
		if (!c->failed && pc_report_add_acceptance(r, &v) != 0)
			abort();
	}
}

/* Parses findings[]. */
static void
parse_findings(struct pctx *c, struct pc_report *r, const cJSON *root)
{
	struct pc_report_finding f;
	const cJSON *a, *e;
	const char *s;
	char path[64];
	size_t i = 0;

	if ((a = get_array(c, root, "$", "findings")) == NULL)
		return;
	cJSON_ArrayForEach(e, a)
	{
		if (c->failed)
			return;
		snprintf(path, sizeof(path), "findings[%zu]", i++);
		memset(&f, 0, sizeof(f));
		f.id = (char *)get_str(c, e, path, "id", false);
		if (f.id && !hex_ok(f.id, 32))
			fail(c, "%s.id: expected 32 hex characters", path);
		f.check = (char *)get_str(c, e, path, "check", false);
		f.rule = (char *)get_str(c, e, path, "rule", false);
		f.severity = get_severity(c, e, path, "severity");
		f.subject = (char *)get_str(c, e, path, "subject", false);
		f.title = (char *)get_str(c, e, path, "title", false);
		f.evidence = (char *)get_str(c, e, path, "evidence", true);
		f.remediation =
		    (char *)get_str(c, e, path, "remediation", true);
		f.confirm = (char *)get_str(c, e, path, "confirm", true);
		f.escalate_to =
		    (char *)get_str(c, e, path, "escalate_to", true);
		f.owner = (char *)get_str(c, e, path, "owner", true);
		if ((s = get_time(c, e, path, "due")) != NULL)
			snprintf(f.due, sizeof(f.due), "%s", s);
		if ((s = get_time(c, e, path, "first_seen")) != NULL)
			snprintf(f.first_seen, sizeof(f.first_seen), "%s", s);
		s = get_str(c, e, path, "status", false);
		if (s && strcmp(s, "new") != 0 && strcmp(s, "persisting") != 0)
			fail(c, "%s.status: expected new or persisting", path);
		f.persisting = s && strcmp(s, "persisting") == 0;
		f.overdue = get_bool(c, e, path, "overdue");
		f.content_id = (char *)opt_hex(c, e, path, "content_id");
		f.moved_from = (char *)opt_hex(c, e, path, "moved_from");
		if (!c->failed && pc_report_add_finding(r, &f) != 0)
			abort();
		if (!c->failed)
			parse_finding_accepted(
			    c, &r->findings[r->nfindings - 1], e, path);
	}
}

/* Parses resolved[]. */
static void
parse_resolved(struct pctx *c, struct pc_report *r, const cJSON *root)
{
	struct pc_report_resolved v, *p;
	const cJSON *a, *e;
	const char *s;
	char path[64];
	size_t i = 0, n;

	if ((a = get_array(c, root, "$", "resolved")) == NULL)
		return;
	n = (size_t)cJSON_GetArraySize(a);
	if (n && (r->resolved = calloc(n, sizeof(*p))) == NULL)
		abort();
	cJSON_ArrayForEach(e, a)
	{
		if (c->failed)
			return;
		snprintf(path, sizeof(path), "resolved[%zu]", i++);
		memset(&v, 0, sizeof(v));
		set_str(&v.id, get_str(c, e, path, "id", false));
		set_str(&v.check, get_str(c, e, path, "check", false));
		set_str(&v.rule, get_str(c, e, path, "rule", false));
		v.severity = get_severity(c, e, path, "severity");
		set_str(&v.subject, get_str(c, e, path, "subject", false));
		set_str(&v.title, get_str(c, e, path, "title", false));
		if ((s = get_time(c, e, path, "first_seen")) != NULL)
			snprintf(v.first_seen, sizeof(v.first_seen), "%s", s);
		r->resolved[r->nresolved++] = v;
	}
}

/* Parses report.json bytes into a report. */
int
pc_report_parse(struct pc_report **report_out,
    struct pc_report_stored *stored_out, const char *name, const char *json,
    size_t len)
{
	struct pc_report_stored stored;
	struct pctx c = { name, 0 };
	struct pc_report *r = NULL;
	const char *end = NULL;
	cJSON *root = NULL;
	size_t k;

	*report_out = NULL;
	memset(&stored, 0, sizeof(stored));
	if (len == 0)
		return pc_error_set(
		    PC_EINVALID, "schema invalid: %s is empty", name);
	if (len > PC_REPORT_MAX_BYTES)
		return pc_error_set(PC_ELIMIT,
		    "%s is larger than the %u-byte limit for a report", name,
		    PC_REPORT_MAX_BYTES);
	if (memchr(json, '\0', len) != NULL)
		return pc_error_set(PC_EINVALID,
		    "schema invalid: %s contains a NUL byte", name);
	root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	if (root == NULL)
		return pc_error_set(PC_EINVALID,
		    "schema invalid: %s is not valid JSON (near byte %zu)",
		    name, end && end >= json ? (size_t)(end - json) : 0);
	for (k = (size_t)(end - json); k < len; k++)
		if (!isspace((unsigned char)json[k])) {
			cJSON_Delete(root);
			return pc_error_set(PC_EINVALID,
			    "schema invalid: %s has data after the JSON object",
			    name);
		}
	if ((r = pc_report_new()) == NULL)
		abort();
	if (!cJSON_IsObject(root))
		fail(&c, "expected a JSON object");
	else if ((r->schema_version = schema_version(&c, root)) != 0 &&
	    pc_report_schema_check(root, name, r->schema_version) != 0)
		c.failed = 1; /* the error slot names the key or member */
	parse_header(&c, r, root);
	parse_summary(&c, r, root, &stored);
	parse_checks(&c, r, root);
	parse_findings(&c, r, root);
	parse_resolved(&c, r, root);
	parse_acceptances(&c, r, root);
	cJSON_Delete(root);
	if (c.failed) {
		pc_report_free(r);
		return PC_EINVALID;
	}
	if (stored_out)
		*stored_out = stored;
	*report_out = r;
	return 0;
}

/* Reads and parses a report.json file. */
int
pc_report_load(struct pc_report **report_out,
    struct pc_report_stored *stored_out, char sha_out[65], const char *path)
{
	struct pc_buf b;
	int r;

	*report_out = NULL;
	if ((r = pc_file_read(&b, path, PC_REPORT_MAX_BYTES)) != 0) {
		pc_buf_free(&b);
		return r;
	}
	if (sha_out)
		pc_sha256_hex(sha_out, b.data, b.len);
	r = pc_report_parse(report_out, stored_out, path, b.data, b.len);
	pc_buf_free(&b);
	return r;
}
