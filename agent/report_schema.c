/* report.json's closed member lists per version, and no duplicate keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent/lib/err.h"
#include "agent/report_schema.h"

/* The members one object may have: in every version, and from /2 on. */
struct shape {
	const char *const *all;
	const char *const *v2;
};

static const char *const none[] = { NULL };
static const char *const root_all[] = { "schema", "office", "agent", "host",
	"policy", "started_at", "finished_at", "previous_report_sha256",
	"sandbox", "summary", "checks", "findings", "resolved", NULL };
static const char *const root_v2[] = { "scope", "acceptances", NULL };
static const char *const office_all[] = { "id", "name", "digital_lead", NULL };
static const char *const office_v2[] = { "staff", NULL };
static const char *const agent_all[] = { "name", "version", NULL };
static const char *const policy_all[] = { "id", "version", "sha256", NULL };
static const char *const policy_v2[] = { "files", NULL };
static const char *const policy_file_all[] = { "path", "sha256", NULL };
static const char *const sandbox_all[] = { "disabled_by_operator", "checks",
	NULL };
static const char *const sandbox_check_all[] = { "applied", "rlimits",
	"no_new_privs", "landlock_abi", "landlock_fs", "landlock_net",
	"landlock_rules", "seccomp", "detail", NULL };
static const char *const sandbox_check_v2[] = { "broker", "broker_connections",
	"seccomp_debug", NULL };
static const char *const summary_all[] = { "checks", "findings",
	"total_findings", "score", "complete", "fail_on", NULL };
static const char *const summary_checks_all[] = { "pass", "fail", "error",
	"skipped", "not_applicable", NULL };
static const char *const summary_findings_all[] = { "critical", "high",
	"medium", "low", "info", NULL };
static const char *const check_all[] = { "id", "title", "status", "reason",
	"mandatory", "duration_seconds", "findings", "counts", NULL };
/* content_id and moved_from came in /1 as optional members. */
static const char *const finding_all[] = { "id", "check", "rule", "severity",
	"subject", "title", "evidence", "remediation", "confirm", "escalate_to",
	"owner", "due", "first_seen", "status", "overdue", "content_id",
	"moved_from", NULL };
static const char *const finding_v2[] = { "accepted", NULL };
/* findings[].accepted and acceptances[] (/2, the accepted file). */
static const char *const finding_accepted_all[] = { "until", "accepted_on",
	"reason", "owner", NULL };
static const char *const acceptance_all[] = { "id", "status", "accepted_on",
	"expires", "reason", "owner", NULL };
static const char *const resolved_all[] = { "id", "check", "rule", "severity",
	"subject", "title", "first_seen", NULL };

#define SHAPE(a, b) (&(const struct shape){ a, b })

/* The state of one check: the file's name and the version read. */
struct sctx {
	const char *name;
	int version;
};

/* True when key is in the NULL-terminated list. */
static int
listed(const char *const *list, const char *key)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], key) == 0)
			return 1;
	return 0;
}

/* Refuses a member of o the version does not define; NULL/non-object ok
 * (the parser reports wrong types). */
static int
members(const struct sctx *c, const cJSON *o, const char *path,
    const struct shape *s)
{
	const cJSON *m;

	if (!cJSON_IsObject(o))
		return 0;
	cJSON_ArrayForEach(m, o)
	{
		if (listed(s->all, m->string) ||
		    (c->version >= 2 && listed(s->v2, m->string)))
			continue;
		return pc_error_set(PC_EINVALID,
		    "schema invalid: %s: %s%s%.64s: unknown member (portcullis-report/%d does not define it)",
		    c->name, path, *path ? "." : "", m->string, c->version);
	}
	return 0;
}

/* Applies shape s to each object item of the array member key of o. */
static int
each_item(const struct sctx *c, const cJSON *o, const char *key,
    const struct shape *s)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key), *e;
	char path[96];
	size_t i = 0;
	int r;

	if (!cJSON_IsArray(a))
		return 0;
	cJSON_ArrayForEach(e, a)
	{
		snprintf(path, sizeof(path), "%s[%zu]", key, i++);
		if ((r = members(c, e, path, s)) != 0)
			return r;
	}
	return 0;
}

/* The sandbox object: its checks map holds one record per check id. */
static int
sandbox_members(const struct sctx *c, const cJSON *root)
{
	const cJSON *sb = cJSON_GetObjectItemCaseSensitive(root, "sandbox");
	const cJSON *checks, *e;
	char path[160];
	int r;

	if ((r = members(c, sb, "sandbox", SHAPE(sandbox_all, none))) != 0)
		return r;
	checks = cJSON_IsObject(sb)
	    ? cJSON_GetObjectItemCaseSensitive(sb, "checks")
	    : NULL;
	if (!cJSON_IsObject(checks))
		return 0;
	cJSON_ArrayForEach(e, checks)
	{
		snprintf(
		    path, sizeof(path), "sandbox.checks.%.100s", e->string);
		if ((r = members(c, e, path,
			 SHAPE(sandbox_check_all, sandbox_check_v2))) != 0)
			return r;
	}
	return 0;
}

/* Each findings[].accepted and acceptances[] item (/2) has only its
 * members. */
static int
accepted_members(const struct sctx *c, const cJSON *root)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "findings");
	const cJSON *e;
	char path[96];
	size_t i = 0;
	int r;

	if (c->version < 2)
		return 0;
	if (cJSON_IsArray(a))
		cJSON_ArrayForEach(e, a)
		{
			snprintf(
			    path, sizeof(path), "findings[%zu].accepted", i++);
			if (cJSON_IsObject(e) &&
			    (r = members(c,
				 cJSON_GetObjectItemCaseSensitive(
				     e, "accepted"),
				 path, SHAPE(finding_accepted_all, none))) != 0)
				return r;
		}
	return each_item(c, root, "acceptances", SHAPE(acceptance_all, none));
}

/* Every object of the report's shape has only its version's members. */
static int
closed_members(const struct sctx *c, const cJSON *root)
{
	const cJSON *policy = cJSON_GetObjectItemCaseSensitive(root, "policy");
	const cJSON *summary =
	    cJSON_GetObjectItemCaseSensitive(root, "summary");
	int r;

	if ((r = members(c, root, "", SHAPE(root_all, root_v2))) != 0 ||
	    (r = members(c, cJSON_GetObjectItemCaseSensitive(root, "office"),
		 "office", SHAPE(office_all, office_v2))) != 0 ||
	    (r = members(c, cJSON_GetObjectItemCaseSensitive(root, "agent"),
		 "agent", SHAPE(agent_all, none))) != 0 ||
	    (r = members(c, policy, "policy", SHAPE(policy_all, policy_v2))) !=
		0 ||
	    (r = sandbox_members(c, root)) != 0 ||
	    (r = members(c, summary, "summary", SHAPE(summary_all, none))) !=
		0 ||
	    (r = each_item(c, root, "checks", SHAPE(check_all, none))) != 0 ||
	    (r = each_item(
		 c, root, "findings", SHAPE(finding_all, finding_v2))) != 0 ||
	    (r = accepted_members(c, root)) != 0 ||
	    (r = each_item(c, root, "resolved", SHAPE(resolved_all, none))) !=
		0)
		return r;
	if (cJSON_IsObject(summary) &&
	    ((r = members(c,
		  cJSON_GetObjectItemCaseSensitive(summary, "checks"),
		  "summary.checks", SHAPE(summary_checks_all, none))) != 0 ||
		(r = members(c,
		     cJSON_GetObjectItemCaseSensitive(summary, "findings"),
		     "summary.findings", SHAPE(summary_findings_all, none))) !=
		    0))
		return r;
	if (c->version >= 2 && cJSON_IsObject(policy) &&
	    (r = each_item(c, policy, "files", SHAPE(policy_file_all, none))) !=
		0)
		return r;
	return 0;
}

/* Orders key strings. */
static int
cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts the n keys of object node into keys and reports a repeat. */
static int
repeated_key(
    const struct sctx *c, const cJSON *node, size_t n, const char *path)
{
	const char **keys;
	const cJSON *m;
	size_t i = 0;
	int r = 0;

	if ((keys = calloc(n, sizeof(*keys))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	cJSON_ArrayForEach(m, node) keys[i++] = m->string ? m->string : "";
	qsort(keys, n, sizeof(*keys), cmp_key);
	for (i = 1; i < n && r == 0; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			r = pc_error_set(PC_EINVALID,
			    "schema invalid: %s: %s%s%.64s: the key appears twice in one object (a reader could take either value; portcullis refuses the report)",
			    c->name, path, *path ? "." : "", keys[i]);
	free(keys);
	return r;
}

/*
 * Refuses an object (anywhere in the tree) holding one key twice, naming
 * its JSON path. Sorted, so an object with many keys stays fast; the
 * depth is bounded by cJSON's nesting limit.
 */
static int
no_duplicates(const struct sctx *c, const cJSON *node, const char *path)
{
	const cJSON *m;
	char sub[256];
	size_t n = 0, i = 0;
	int r;

	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return 0;
	cJSON_ArrayForEach(m, node) n++;
	if (cJSON_IsObject(node) && n > 1 &&
	    (r = repeated_key(c, node, n, path)) != 0)
		return r;
	cJSON_ArrayForEach(m, node)
	{
		if (cJSON_IsObject(node))
			snprintf(sub, sizeof(sub), "%s%s%.64s", path,
			    *path ? "." : "", m->string ? m->string : "");
		else
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i++);
		if ((r = no_duplicates(c, m, sub)) != 0)
			return r;
	}
	return 0;
}

/* Checks duplicate keys, then the version's closed member lists. */
int
pc_report_schema_check(const cJSON *root, const char *name, int version)
{
	struct sctx c = { name, version };
	int r;

	if ((r = no_duplicates(&c, root, "")) != 0)
		return r;
	return closed_members(&c, root);
}
