/*
 * History across months: the new report chains to the office's previous
 * one, keeps first_seen for the same problem, says what is new, persisting
 * and resolved, and escalates what is past its due date.
 */
#include "agent/lib/sha256.h"
#include "fixture.h"
#include "agent/findings.h"
#include "agent/history.h"
#include "agent/report_parse.h"

static char *tmp;
static char office_dir[4096];
static struct pc_policy *policy;

/* An empty office report folder and the baseline policy. */
static void
setup(void)
{
	tmp = fx_tmpdir();
	fx_path(office_dir, sizeof(office_dir), tmp, FX_OFFICE);
	cr_assert_eq(mkdir(office_dir, 0755), 0);
	cr_assert_eq(pc_policy_load(&policy, "policies/baseline.yaml"), 0,
	    "%s", pc_error_get());
}

/* Removes them. */
static void
teardown(void)
{
	pc_policy_free(policy);
	fx_rmrf(tmp);
	free(tmp);
}

TestSuite(history, .init = setup, .fini = teardown);

/* Writes r as office_dir/name/report.json; its SHA-256 to sha if given. */
static void
store(const struct pc_report *r, const char *name, char sha[65])
{
	char dir[4096], path[4200];
	char *json;
	size_t len;

	fx_path(dir, sizeof(dir), office_dir, name);
	cr_assert_eq(mkdir(dir, 0755), 0);
	cr_assert_eq(pc_report_to_json(r, &json, &len), 0);
	fx_path(path, sizeof(path), dir, "report.json");
	fx_write(path, json, len);
	if (sha)
		pc_sha256_hex(sha, json, len);
	free(json);
}

/* The finding with subject in r, or NULL. */
static const struct pc_report_finding *
by_subject(const struct pc_report *r, const char *subject)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].subject, subject) == 0)
			return &r->findings[i];
	return NULL;
}

/* Applies history to r as scan would at its start time. */
static int
apply(struct pc_report *r, long long now)
{
	return pc_history_apply(r, office_dir, policy, now);
}

Test(history, first_report_starts_the_chain)
{
	struct pc_report *r = fx_report(FX_OCT);

	fx_fill_demo(r);
	cr_assert_eq(apply(r, FX_OCT), 0, "%s", pc_error_get());
	cr_assert_null(r->previous_report_sha256);
	cr_assert_eq(r->nresolved, 0);
	cr_assert_not(r->findings[0].persisting);
	cr_assert_str_eq(r->findings[0].first_seen, "2026-10-01T09:00:00Z");
	pc_report_free(r);
}

Test(history, same_problem_keeps_first_seen_and_persists)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);
	const struct pc_report_finding *f;
	char sha[65];

	fx_fill_demo(oct);
	store(oct, "2026-10-01T090000Z", sha);
	fx_fill_demo(nov);
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	cr_assert_str_eq(nov->previous_report_sha256, sha);
	f = by_subject(nov, "google:alex.caseworker"); /* medium: 30 days */
	cr_assert(f->persisting);
	cr_assert_str_eq(f->first_seen, "2026-10-01T09:00:00Z");
	cr_assert_str_eq(f->due, "2026-10-31T09:00:00Z");
	cr_assert_eq(nov->nresolved, 0);
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, new_persisting_and_resolved)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);
	const struct pc_report_finding *f;

	fx_fill_demo(oct);
	store(oct, "2026-10-01T090000Z", NULL);
	/* November: the NI number file was cleaned up, openssl is still
	 * waiting, and a new account appeared without 2FA. */
	fx_check(nov, "mfa", PC_STATUS_FAIL);
	fx_check(nov, "patch", PC_STATUS_FAIL);
	fx_check(nov, "email", PC_STATUS_PASS);
	fx_check(nov, "exposure", PC_STATUS_PASS);
	fx_check(nov, "threats", PC_STATUS_PASS);
	fx_finding(nov, "patch", "security_update", "package:openssl",
	    PC_SEV_HIGH, "office_fixes", NULL,
	    "Security update waiting to be installed");
	fx_finding(nov, "mfa", "member_no_2fa", "google:priya.researcher",
	    PC_SEV_MEDIUM, "office_fixes", "Priya Researcher",
	    "Account without two-factor sign-in");
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	f = by_subject(nov, "package:openssl");
	cr_assert(f->persisting);
	cr_assert_str_eq(f->first_seen, "2026-10-01T09:00:00Z");
	f = by_subject(nov, "google:priya.researcher");
	cr_assert_not(f->persisting);
	cr_assert_not(f->overdue);
	cr_assert_str_eq(f->first_seen, "2026-11-02T09:00:00Z");
	/* Resolved: the two mfa accounts (mfa ran) and the NI number. */
	cr_assert_eq(nov->nresolved, 3);
	for (size_t i = 0; i < nov->nresolved; i++) {
		cr_assert_str_neq(nov->resolved[i].subject, "package:openssl");
		cr_assert_str_eq(nov->resolved[i].first_seen,
		    "2026-10-01T09:00:00Z");
	}
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, a_check_that_errored_resolves_nothing)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);

	fx_fill_demo(oct);
	store(oct, "2026-10-01T090000Z", NULL);
	fx_check(nov, "mfa", PC_STATUS_ERROR);
	fx_check(nov, "patch", PC_STATUS_SKIPPED);
	fx_check(nov, "email", PC_STATUS_PASS);
	fx_check(nov, "exposure", PC_STATUS_ERROR);
	fx_check(nov, "threats", PC_STATUS_PASS);
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	cr_assert_eq(nov->nresolved, 0,
	    "a check that did not run cannot say a problem is fixed");
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, overdue_admin_without_2fa_goes_to_pds)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);
	const struct pc_report_finding *f;

	fx_fill_demo(oct);
	store(oct, "2026-10-01T090000Z", NULL);
	fx_fill_demo(nov);
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	/* high: due 7 days after 1 October; the policy's rule says
	 * overdue_escalate_to: pds. */
	f = by_subject(nov, "microsoft365:sam.example");
	cr_assert(f->overdue);
	cr_assert_str_eq(f->due, "2026-10-08T09:00:00Z");
	cr_assert_str_eq(f->escalate_to, "pds");
	/* medium: due 31 October, also passed by 2 November. */
	f = by_subject(nov, "google:alex.caseworker");
	cr_assert(f->overdue);
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, overdue_keeps_its_route_when_the_rule_names_none)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);
	const struct pc_report_finding *f;
	const struct pc_rule *rule;

	rule = pc_policy_find_rule(pc_policy_find_check(policy, "exposure"),
	    "uk_nino");
	cr_assert_not_null(rule);
	cr_assert_null(rule->overdue_escalate_to,
	    "test premise: uk_nino has no overdue route");
	fx_fill_demo(oct);
	store(oct, "2026-10-01T090000Z", NULL);
	fx_fill_demo(nov);
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	f = by_subject(nov, "casework/letters.txt:12");
	cr_assert(f->overdue);
	cr_assert_str_eq(f->escalate_to, "data_protection");
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, not_overdue_before_the_due_date)
{
	struct pc_report *oct = fx_report(FX_OCT), *nxt;
	const struct pc_report_finding *f;

	fx_fill_demo(oct);
	store(oct, "2026-10-01T090000Z", NULL);
	/* Five days later: the high finding (7 days) is not yet due. */
	nxt = fx_report(FX_OCT + 5 * 86400LL);
	fx_fill_demo(nxt);
	cr_assert_eq(apply(nxt, FX_OCT + 5 * 86400LL), 0, "%s",
	    pc_error_get());
	f = by_subject(nxt, "microsoft365:sam.example");
	cr_assert(f->persisting);
	cr_assert_not(f->overdue);
	cr_assert_str_eq(f->escalate_to, "office_fixes");
	pc_report_free(oct);
	pc_report_free(nxt);
}

Test(history, previous_is_the_lexically_previous_report_folder)
{
	struct pc_report *sep = fx_report(FX_OCT - 30 * 86400LL);
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);
	char dir[4096], sha_oct[65], path[4096];

	fx_fill_demo(sep);
	fx_fill_demo(oct);
	store(sep, "2026-09-01T090000Z", NULL);
	store(oct, "2026-10-01T090000Z", sha_oct);
	/* Not reports: a staging folder, other names, a later report. */
	fx_path(path, sizeof(path), office_dir, ".2026-11-01T000000Z.partial-x");
	cr_assert_eq(mkdir(path, 0700), 0);
	fx_path(path, sizeof(path), office_dir, "2026-10-31-notes");
	cr_assert_eq(mkdir(path, 0700), 0);
	store(oct, "2026-12-25T090000Z", NULL);
	cr_assert_eq(pc_history_previous(dir, sizeof(dir), office_dir,
			 "2026-11-02T090000Z"),
	    0, "%s", pc_error_get());
	cr_assert(strstr(dir, "/2026-10-01T090000Z") != NULL, "%s", dir);
	fx_fill_demo(nov);
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	cr_assert_str_eq(nov->previous_report_sha256, sha_oct);
	cr_assert_eq(pc_history_previous(dir, sizeof(dir), office_dir,
			 "2026-09-01T090000Z"),
	    PC_ENOTFOUND);
	pc_report_free(sep);
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, folder_names)
{
	cr_assert(pc_history_name_ok("2026-11-23T065613Z"));
	cr_assert_not(pc_history_name_ok("2026-11-23T06:56:13Z"));
	cr_assert_not(pc_history_name_ok(".2026-11-23T065613Z.partial-AbC"));
	cr_assert_not(pc_history_name_ok("2026-11-23T065613Zx"));
	cr_assert_not(pc_history_name_ok("latest"));
	cr_assert_not(pc_history_name_ok(""));
}

Test(history, corrupt_previous_report_is_an_error_naming_it)
{
	struct pc_report *nov = fx_report(FX_NOV);
	char dir[4096], path[4200];
	int r;

	fx_path(dir, sizeof(dir), office_dir, "2026-10-01T090000Z");
	cr_assert_eq(mkdir(dir, 0755), 0);
	fx_path(path, sizeof(path), dir, "report.json");
	fx_write(path, "{\"schema\": \"portcullis-report/1\"", 32);
	fx_fill_demo(nov);
	r = apply(nov, FX_NOV);
	cr_assert_neq(r, 0);
	cr_assert(strstr(pc_error_get(), "2026-10-01T090000Z") != NULL, "%s",
	    pc_error_get());
	cr_assert_null(nov->previous_report_sha256);
	pc_report_free(nov);
}

Test(history, previous_report_of_another_office_is_an_error)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);

	free(oct->office_id);
	oct->office_id = strdup("westshire-south");
	fx_fill_demo(oct);
	store(oct, "2026-10-01T090000Z", NULL);
	fx_fill_demo(nov);
	cr_assert_neq(apply(nov, FX_NOV), 0);
	cr_assert(strstr(pc_error_get(), "westshire-south") != NULL, "%s",
	    pc_error_get());
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, time_parse)
{
	cr_assert_eq(pc_history_time_parse("2026-10-01T09:00:00Z"), FX_OCT);
	cr_assert_eq(pc_history_time_parse("2026-10-01 09:00:00"), -1);
	cr_assert_eq(pc_history_time_parse(""), -1);
	cr_assert_eq(pc_history_time_parse(NULL), -1);
}

/* Adds an exposure finding in a file, with the identity a check child
 * would give it: key = the value's keyed hash, locator = the file's path
 * relative to its source, content_key = the file's content hash + line. */
static void
file_finding(struct pc_report *r, const char *relpath, const char *value_hash,
    const char *file_hash, const char *line)
{
	struct pc_report_finding *f;
	char id[33], cid[33], loc[512], ckey[512], subject[600];

	snprintf(loc, sizeof(loc), "%s:%s", relpath, line);
	snprintf(ckey, sizeof(ckey), "content:%s:%s", file_hash, line);
	snprintf(subject, sizeof(subject), "/srv/office/shared/%s", loc);
	pc_finding_id(id, "exposure", "uk_nino", value_hash, loc);
	pc_finding_id(cid, "exposure", "uk_nino", value_hash, ckey);
	f = fx_finding(r, "exposure", "uk_nino", subject, PC_SEV_HIGH,
	    "data_protection", NULL, "National Insurance number in a file");
	free(f->id);
	f->id = strdup(id);
	f->content_id = strdup(cid);
}

Test(history, a_moved_file_keeps_its_findings)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);
	const struct pc_report_finding *f;

	fx_check(oct, "exposure", PC_STATUS_FAIL);
	file_finding(oct, "cases/2026/smith.txt", "hmac-a", "file-1", "3");
	file_finding(oct, "cases/2026/smith.txt", "hmac-b", "file-1", "9");
	store(oct, "2026-10-01T090000Z", NULL);
	/* November: the folder was renamed; the file's bytes are the same. */
	fx_check(nov, "exposure", PC_STATUS_FAIL);
	file_finding(nov, "archive/smith.txt", "hmac-a", "file-1", "3");
	file_finding(nov, "archive/smith.txt", "hmac-b", "file-1", "9");
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	cr_assert_eq(nov->nresolved, 0, "a move is not a fix");
	f = by_subject(nov, "/srv/office/shared/archive/smith.txt:3");
	cr_assert(f->persisting, "a move is not a new problem");
	cr_assert_str_eq(f->first_seen, "2026-10-01T09:00:00Z");
	cr_assert_str_eq(f->moved_from, oct->findings[0].id);
	cr_assert_str_neq(f->id, oct->findings[0].id, "the id is per place");
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, a_copied_file_is_new_and_the_original_persists)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);
	const struct pc_report_finding *f;

	fx_check(oct, "exposure", PC_STATUS_FAIL);
	file_finding(oct, "cases/smith.txt", "hmac-a", "file-1", "3");
	store(oct, "2026-10-01T090000Z", NULL);
	fx_check(nov, "exposure", PC_STATUS_FAIL);
	file_finding(nov, "cases/smith.txt", "hmac-a", "file-1", "3");
	file_finding(nov, "usb-copy/smith.txt", "hmac-a", "file-1", "3");
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	cr_assert_eq(nov->nresolved, 0);
	f = by_subject(nov, "/srv/office/shared/cases/smith.txt:3");
	cr_assert(f->persisting);
	cr_assert_null(f->moved_from);
	f = by_subject(nov, "/srv/office/shared/usb-copy/smith.txt:3");
	cr_assert_not(f->persisting, "a second copy is a new exposure");
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, an_edited_and_moved_file_is_fixed_and_new)
{
	struct pc_report *oct = fx_report(FX_OCT), *nov = fx_report(FX_NOV);

	fx_check(oct, "exposure", PC_STATUS_FAIL);
	file_finding(oct, "cases/smith.txt", "hmac-a", "file-1", "3");
	store(oct, "2026-10-01T090000Z", NULL);
	fx_check(nov, "exposure", PC_STATUS_FAIL);
	file_finding(nov, "archive/smith.txt", "hmac-a", "file-2", "3");
	cr_assert_eq(apply(nov, FX_NOV), 0, "%s", pc_error_get());
	cr_assert_eq(nov->nresolved, 1);
	cr_assert_not(nov->findings[0].persisting);
	pc_report_free(oct);
	pc_report_free(nov);
}

Test(history, moved_findings_survive_the_json_round_trip)
{
	struct pc_report *oct = fx_report(FX_OCT), *back = NULL;
	char *json;
	size_t len;

	fx_check(oct, "exposure", PC_STATUS_FAIL);
	file_finding(oct, "cases/smith.txt", "hmac-a", "file-1", "3");
	oct->findings[0].moved_from = strdup(oct->findings[0].id);
	cr_assert_eq(pc_report_to_json(oct, &json, &len), 0);
	cr_assert_eq(pc_report_parse(&back, NULL, "r", json, len), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(back->findings[0].content_id,
	    oct->findings[0].content_id);
	cr_assert_str_eq(back->findings[0].moved_from, oct->findings[0].id);
	free(json);
	pc_report_free(oct);
	pc_report_free(back);
}
