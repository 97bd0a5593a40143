/* findings.sarif: SARIF 2.1.0 (OASIS) from the report model. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "sarif.h"

#define SARIF_SCHEMA                                                           \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/"          \
	"schemas/sarif-schema-2.1.0.json"

/* SARIF's level for a severity. */
static const char *
level_of(enum pc_severity sev)
{
	switch (sev) {
	case PC_SEV_CRITICAL:
	case PC_SEV_HIGH: return "error";
	case PC_SEV_MEDIUM: return "warning";
	default: return "note";
	}
}

/* Adds {"text": s} as member k of o. */
static void
add_text(cJSON *o, const char *k, const char *s)
{
	cJSON_AddStringToObject(
	    cJSON_AddObjectToObject(o, k), "text", s ? s : "");
}

/* Index of rule check/rule in rules[] (adding it when new), or -1. */
static int
rule_index(cJSON *rules, const struct pc_report_finding *f)
{
	char id[512];
	cJSON *e, *rule;
	int i = 0;

	snprintf(id, sizeof(id), "%s/%s", f->check, f->rule);
	cJSON_ArrayForEach(e, rules)
	{
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(e, "id")),
			id) == 0)
			return i;
		i++;
	}
	rule = cJSON_CreateObject();
	cJSON_AddStringToObject(rule, "id", id);
	cJSON_AddStringToObject(rule, "name", f->rule);
	add_text(rule, "shortDescription", f->title);
	cJSON_AddStringToObject(
	    cJSON_AddObjectToObject(rule, "defaultConfiguration"), "level",
	    level_of(f->severity));
	cJSON_AddStringToObject(
	    cJSON_AddObjectToObject(rule, "properties"), "check", f->check);
	cJSON_AddItemToArray(rules, rule);
	return i;
}

/*
 * If subject is "path:line" (a file finding), the path as a URI reference
 * (unreserved characters and '/' kept, others percent-encoded) and the
 * line. Returns 0 when it is not that shape.
 */
static long
file_line(struct pc_buf *uri, const char *subject)
{
	const char *colon = strrchr(subject, ':'), *p;
	char *end;
	long line;

	if (colon == NULL || colon == subject || colon[1] == '\0' ||
	    strstr(subject, "://") != NULL)
		return 0;
	line = strtol(colon + 1, &end, 10);
	if (*end != '\0' || line < 1 || !isdigit((unsigned char)colon[1]))
		return 0;
	if (memchr(subject, '/', (size_t)(colon - subject)) == NULL &&
	    memchr(subject, '.', (size_t)(colon - subject)) == NULL)
		return 0; /* "microsoft365:123" is an account, not a file */
	for (p = subject; p < colon; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) || strchr("-._~/", c))
			(void)pc_buf_add(uri, p, 1);
		else
			(void)pc_buf_addf(uri, "%%%02X", c);
	}
	return line;
}

/* The locations of a finding: its subject, logical and, for a file, also
 * physical. */
static cJSON *
locations(const struct pc_report_finding *f)
{
	cJSON *locs = cJSON_CreateArray(), *loc = cJSON_CreateObject(), *l, *p;
	struct pc_buf uri;
	long line;

	pc_buf_init(&uri, 1u << 16);
	if ((line = file_line(&uri, f->subject)) > 0 && uri.data) {
		p = cJSON_AddObjectToObject(loc, "physicalLocation");
		cJSON_AddStringToObject(
		    cJSON_AddObjectToObject(p, "artifactLocation"), "uri",
		    uri.data);
		cJSON_AddNumberToObject(cJSON_AddObjectToObject(p, "region"),
		    "startLine", (double)line);
	}
	pc_buf_free(&uri);
	l = cJSON_CreateObject();
	cJSON_AddStringToObject(l, "fullyQualifiedName", f->subject);
	cJSON_AddStringToObject(l, "kind", "resource");
	cJSON_AddItemToArray(
	    cJSON_AddArrayToObject(loc, "logicalLocations"), l);
	cJSON_AddItemToArray(locs, loc);
	return locs;
}

/* One result for finding f. */
static cJSON *
result(const struct pc_report_finding *f, int rule)
{
	cJSON *e = cJSON_CreateObject(), *props;
	char id[512];

	snprintf(id, sizeof(id), "%s/%s", f->check, f->rule);
	cJSON_AddStringToObject(e, "ruleId", id);
	cJSON_AddNumberToObject(e, "ruleIndex", rule);
	cJSON_AddStringToObject(e, "level", level_of(f->severity));
	add_text(e, "message", f->title);
	cJSON_AddItemToObject(e, "locations", locations(f));
	cJSON_AddStringToObject(
	    cJSON_AddObjectToObject(e, "partialFingerprints"),
	    "portcullisFindingId/v1", f->id);
	cJSON_AddStringToObject(
	    e, "baselineState", f->persisting ? "unchanged" : "new");
	props = cJSON_AddObjectToObject(e, "properties");
	cJSON_AddStringToObject(
	    props, "severity", pc_severity_name(f->severity));
	if (f->escalate_to)
		cJSON_AddStringToObject(props, "escalate_to", f->escalate_to);
	if (f->owner)
		cJSON_AddStringToObject(props, "owner", f->owner);
	cJSON_AddStringToObject(props, "due", f->due);
	cJSON_AddStringToObject(props, "first_seen", f->first_seen);
	cJSON_AddBoolToObject(props, "overdue", f->overdue);
	if (f->evidence)
		cJSON_AddStringToObject(props, "evidence", f->evidence);
	if (f->remediation)
		cJSON_AddStringToObject(props, "remediation", f->remediation);
	if (f->accepted) {
		/* SARIF's own word for an accepted risk: a suppression kept
		 * outside the source, with the office's reason. */
		cJSON *sup = cJSON_CreateObject(), *a;

		cJSON_AddStringToObject(sup, "kind", "external");
		cJSON_AddStringToObject(sup, "status", "accepted");
		cJSON_AddStringToObject(
		    sup, "justification", f->accepted->reason);
		a = cJSON_AddArrayToObject(e, "suppressions");
		cJSON_AddItemToArray(a, sup);
		cJSON_AddStringToObject(
		    props, "accepted_until", f->accepted->until);
		cJSON_AddStringToObject(
		    props, "accepted_by", f->accepted->owner);
	}
	return e;
}

/* Renders the SARIF log. */
int
pc_sarif_render(char **text_out, size_t *len_out, const struct pc_report *r)
{
	cJSON *root, *run, *driver, *rules, *results, *inv;
	struct pc_report_summary sum;
	char *text, aid[160];
	size_t i, n;

	*text_out = NULL;
	pc_report_summarize(r, &sum);
	snprintf(aid, sizeof(aid), "%.100s/%s",
	    r->office_id ? r->office_id : "", r->started_at);
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "$schema", SARIF_SCHEMA);
	cJSON_AddStringToObject(root, "version", "2.1.0");
	run = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(root, "runs"), run);
	driver = cJSON_AddObjectToObject(
	    cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "portcullis");
	cJSON_AddStringToObject(
	    driver, "version", r->agent_version ? r->agent_version : "");
	rules = cJSON_AddArrayToObject(driver, "rules");
	inv = cJSON_CreateObject();
	/* An incomplete scan (a check errored, a required one skipped, or
	 * no sandbox) did not succeed as a whole. */
	cJSON_AddBoolToObject(inv, "executionSuccessful", sum.complete);
	cJSON_AddStringToObject(inv, "startTimeUtc", r->started_at);
	cJSON_AddStringToObject(inv, "endTimeUtc", r->finished_at);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(run, "invocations"), inv);
	cJSON_AddStringToObject(
	    cJSON_AddObjectToObject(run, "automationDetails"), "id", aid);
	results = cJSON_AddArrayToObject(run, "results");
	for (i = 0; i < r->nfindings; i++)
		cJSON_AddItemToArray(results,
		    result(
			&r->findings[i], rule_index(rules, &r->findings[i])));
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	n = strlen(text);
	if ((*text_out = realloc(text, n + 2)) == NULL) {
		free(text);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	(*text_out)[n] = '\n';
	(*text_out)[n + 1] = '\0';
	*len_out = n + 1;
	return 0;
}
