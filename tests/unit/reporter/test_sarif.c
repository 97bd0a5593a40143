/*
 * findings.sarif: a SARIF 2.1.0 log with one run by portcullis, one rule
 * per check/rule, one result per finding (level from severity, message =
 * title, locations from the subject), written beside report.json.
 */
#include <cjson/cJSON.h>

#include "fixture.h"
#include "reporter/sarif.h"

/* Member k of o, asserted present. */
static cJSON *
get(const cJSON *o, const char *k)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	cr_assert_not_null(v, "SARIF member %s is missing", k);
	return v;
}

/* String member k of o, asserted a string. */
static const char *
str(const cJSON *o, const char *k)
{
	cJSON *v = get(o, k);

	cr_assert(cJSON_IsString(v), "SARIF member %s is not a string", k);
	return v->valuestring;
}

/* Parses the SARIF of r and checks the log's required shape (SARIF 2.1.0
 * sections 3.13, 3.14, 3.18, 3.19, 3.27, 3.49). Caller deletes. */
static cJSON *
sarif_of(const struct pc_report *r, cJSON **run_out)
{
	char *text;
	size_t len;
	cJSON *root, *runs, *driver;

	cr_assert_eq(pc_sarif_render(&text, &len, r), 0, "%s", pc_error_get());
	cr_assert_eq(strlen(text), len);
	cr_assert_eq(text[len - 1], '\n');
	root = cJSON_Parse(text);
	free(text);
	cr_assert_not_null(root, "findings.sarif is not JSON");
	cr_assert_str_eq(str(root, "version"), "2.1.0");
	fx_pos(str(root, "$schema"), "sarif-schema-2.1.0.json");
	runs = get(root, "runs");
	cr_assert(cJSON_IsArray(runs));
	cr_assert_eq(cJSON_GetArraySize(runs), 1, "one run");
	*run_out = cJSON_GetArrayItem(runs, 0);
	driver = get(get(*run_out, "tool"), "driver");
	cr_assert_str_eq(str(driver, "name"), "portcullis");
	cr_assert(cJSON_IsArray(get(driver, "rules")));
	cr_assert(cJSON_IsArray(get(*run_out, "results")));
	return root;
}

Test(sarif, one_result_per_finding_one_rule_per_check_rule)
{
	static const char *const levels[] = { "note", "note", "warning",
		"error", "error" };
	struct pc_report *r = fx_report(FX_NOV);
	cJSON *root, *run, *rules, *results, *res, *rule, *loc;
	size_t i;
	int k;

	fx_fill_demo(r);
	fx_finding(r, "patch", "security_update", "curl", PC_SEV_HIGH,
	    "office_fixes", NULL, "Security update for curl");
	fx_finding(r, "mfa", "admin_no_2fa", "google:admin", PC_SEV_CRITICAL,
	    "office_fixes", NULL, "Admin without 2FA");
	root = sarif_of(r, &run);
	rules = get(get(get(run, "tool"), "driver"), "rules");
	results = get(run, "results");
	/* admin_no_2fa, member_no_2fa, security_update, uk_nino. */
	cr_assert_eq(cJSON_GetArraySize(rules), 4);
	cr_assert_eq((size_t)cJSON_GetArraySize(results), r->nfindings);
	for (i = 0; i < r->nfindings; i++) {
		const struct pc_report_finding *f = &r->findings[i];
		char id[128];

		res = cJSON_GetArrayItem(results, (int)i);
		snprintf(id, sizeof(id), "%s/%s", f->check, f->rule);
		cr_assert_str_eq(str(res, "ruleId"), id);
		k = (int)get(res, "ruleIndex")->valuedouble;
		rule = cJSON_GetArrayItem(rules, k);
		cr_assert_not_null(rule);
		cr_assert_str_eq(str(rule, "id"), id, "ruleIndex %d", k);
		cr_assert_str_eq(str(res, "level"), levels[f->severity]);
		cr_assert_str_eq(str(get(res, "message"), "text"), f->title);
		cr_assert_str_eq(str(get(res, "partialFingerprints"),
				     "portcullisFindingId/v1"), f->id);
		loc = cJSON_GetArrayItem(get(res, "locations"), 0);
		cr_assert_not_null(loc);
		cr_assert_str_eq(str(cJSON_GetArrayItem(get(loc,
					 "logicalLocations"), 0),
				     "fullyQualifiedName"), f->subject);
	}
	/* Rule ids are unique. */
	for (k = 0; k < cJSON_GetArraySize(rules); k++)
		for (i = (size_t)k + 1; i < (size_t)cJSON_GetArraySize(rules);
		     i++)
			cr_assert_str_neq(str(cJSON_GetArrayItem(rules, k), "id"),
			    str(cJSON_GetArrayItem(rules, (int)i), "id"));
	cJSON_Delete(root);
	pc_report_free(r);
}

Test(sarif, a_file_finding_has_a_physical_location)
{
	struct pc_report *r = fx_report(FX_NOV);
	cJSON *root, *run, *loc, *phys;

	fx_check(r, "exposure", PC_STATUS_FAIL);
	fx_finding(r, "exposure", "uk_nino", "case work/letters 1.txt:12",
	    PC_SEV_HIGH, "data_protection", NULL, "NI number");
	fx_finding(r, "mfa", "admin_no_2fa", "microsoft365:42",
	    PC_SEV_HIGH, "office_fixes", NULL, "Admin");
	root = sarif_of(r, &run);
	loc = cJSON_GetArrayItem(get(cJSON_GetArrayItem(get(run, "results"),
					 0), "locations"), 0);
	phys = get(loc, "physicalLocation");
	cr_assert_str_eq(str(get(phys, "artifactLocation"), "uri"),
	    "case%20work/letters%201.txt");
	cr_assert_eq(get(get(phys, "region"), "startLine")->valuedouble, 12);
	/* An account is only a logical location. */
	loc = cJSON_GetArrayItem(get(cJSON_GetArrayItem(get(run, "results"),
					 1), "locations"), 0);
	cr_assert_null(cJSON_GetObjectItem(loc, "physicalLocation"));
	cJSON_Delete(root);
	pc_report_free(r);
}

Test(sarif, no_findings_is_an_empty_run)
{
	struct pc_report *r = fx_report(FX_NOV);
	cJSON *root, *run;

	fx_check(r, "mfa", PC_STATUS_PASS);
	root = sarif_of(r, &run);
	cr_assert_eq(cJSON_GetArraySize(get(run, "results")), 0);
	cr_assert(cJSON_IsTrue(get(cJSON_GetArrayItem(get(run,
				       "invocations"), 0),
	    "executionSuccessful")));
	cJSON_Delete(root);
	pc_report_free(r);
}

Test(sarif, written_beside_report_json)
{
	char *tmp = fx_tmpdir(), keys[4096], key[4200], out[4096], dir[4096];
	char path[4200];
	struct pc_buf b;

	fx_path(keys, sizeof(keys), tmp, "keys");
	fx_path(key, sizeof(key), keys, "office.key");
	fx_path(out, sizeof(out), tmp, "reports");
	fx_keygen(keys, NULL);
	cr_assert_eq(fx_scan(dir, sizeof(dir), out, key, FX_NOV,
			 fx_fill_demo), 0, "%s", pc_error_get());
	fx_path(path, sizeof(path), dir, "findings.sarif");
	b = fx_read(path);
	cr_assert_not_null(strstr(b.data, "\"version\":\t\"2.1.0\""));
	pc_buf_free(&b);
	fx_rmrf(tmp);
	free(tmp);
}
