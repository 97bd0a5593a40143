/*
 * The escalation checklist: most urgent route first, then by person; each
 * step says what to do, by when, the finding id and how to check it is
 * fixed; --staff gives one person their own list. Routes and wording come
 * from policies/escalation.yaml.
 */
#include <ctype.h>

#include "routes.h"

TestSuite(checklist, .init = fx_routes_load, .fini = fx_routes_free);

/* The heading the shipped escalation.yaml gives route id. */
static const char *
route_name(const char *id)
{
	const struct pc_route *rt = pc_escalation_find(fx_esc, id);

	cr_assert_not_null(rt, "route %s is not in escalation.yaml", id);
	return rt->name;
}

/* Position of needle at or after from in hay (asserts it is there). */
static long
pos_after(const char *hay, long from, const char *needle)
{
	const char *p = strstr(hay + from, needle);

	cr_assert_not_null(p, "\"%s\" is missing after offset %ld", needle,
	    from);
	return (long)(p - hay);
}

/* A report with one finding on every route, added least urgent first. */
static struct pc_report *
every_route(void)
{
	struct pc_report *r = fx_report(FX_NOV);

	fx_check(r, "mfa", PC_STATUS_FAIL);
	fx_check(r, "patch", PC_STATUS_FAIL);
	fx_check(r, "exposure", PC_STATUS_FAIL);
	fx_check(r, "threats", PC_STATUS_FAIL);
	fx_check(r, "email", PC_STATUS_PASS);
	fx_finding(r, "patch", "security_update", "package:openssl",
	    PC_SEV_HIGH, "office_fixes", NULL, "Update waiting");
	fx_finding(r, "exposure", "uk_nino", "casework/a.txt:3", PC_SEV_HIGH,
	    "data_protection", "Alex Caseworker", "NI number in a file");
	fx_finding(r, "mfa", "admin_no_2fa", "microsoft365:sam.example",
	    PC_SEV_HIGH, "pds", "Sam Example", "Admin without 2FA")
	    ->overdue = true;
	fx_finding(r, "threats", "doxxing", "x.com:post/17", PC_SEV_HIGH,
	    "parliament_security", "Chris Member MP", "Home address posted");
	fx_finding(r, "threats", "threat_to_life", "mail:<id@example>",
	    PC_SEV_CRITICAL, "police_now", "Chris Member MP",
	    "Threat to kill");
	return r;
}

Test(checklist, routes_most_urgent_first)
{
	struct pc_report *r = every_route();
	char *md = fx_checklist(r, PC_CHECKLIST_HTML, NULL);
	long police, security, pds, dp, fixes;

	police = fx_pos(md, route_name("police_now"));
	security = fx_pos(md, route_name("parliament_security"));
	pds = fx_pos(md, route_name("pds"));
	dp = fx_pos(md, route_name("data_protection"));
	fixes = fx_pos(md, route_name("office_fixes"));
	cr_assert_lt(police, security);
	cr_assert_lt(security, pds);
	cr_assert_lt(pds, dp);
	cr_assert_lt(dp, fixes);
	/* Each step under its own route. */
	cr_assert_lt(police, fx_pos(md, "Threat to kill"));
	cr_assert_lt(fx_pos(md, "Threat to kill"), security);
	cr_assert_lt(pds, fx_pos(md, "Admin without 2FA"));
	cr_assert_lt(fx_pos(md, "Admin without 2FA"), dp);
	cr_assert_gt(fx_pos(md, "Update waiting"), fixes);
	/* The police route says 999 before anything else is listed. */
	cr_assert_lt(fx_pos(md, "999"), security);
	free(md);
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	cr_assert_lt(fx_pos(md, "Threat to kill"), fx_pos(md, "Home address"));
	cr_assert_lt(fx_pos(md, "Home address"), fx_pos(md, "Admin without"));
	cr_assert_lt(fx_pos(md, "Admin without"), fx_pos(md, "NI number"));
	cr_assert_lt(fx_pos(md, "NI number"), fx_pos(md, "Update waiting"));
	free(md);
	pc_report_free(r);
}

Test(checklist, within_a_route_by_person_then_the_digital_lead)
{
	struct pc_report *r = fx_report(FX_NOV);
	char *md;

	fx_check(r, "mfa", PC_STATUS_FAIL);
	fx_finding(r, "mfa", "member_no_2fa", "google:unowned", PC_SEV_HIGH,
	    "office_fixes", NULL, "Unowned account");
	fx_finding(r, "mfa", "member_no_2fa", "google:priya", PC_SEV_LOW,
	    "office_fixes", "Priya Researcher", "Priya's account");
	fx_finding(r, "mfa", "member_no_2fa", "google:alex", PC_SEV_LOW,
	    "office_fixes", "Alex Caseworker", "Alex's account");
	fx_finding(r, "mfa", "member_no_2fa", "google:alex2",
	    PC_SEV_CRITICAL, "office_fixes", "alex caseworker",
	    "Alex's admin account");
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	/* Alex (both spellings, most severe first), Priya, then nobody. */
	cr_assert_not_null(strcasestr(md, "For Alex Caseworker"));
	cr_assert_lt(strcasestr(md, "For Alex Caseworker") - md,
	    fx_pos(md, "For Priya Researcher"));
	cr_assert_null(strcasestr(strcasestr(md, "For Alex Caseworker") + 1,
	    "For Alex Caseworker"), "one heading for Alex");
	cr_assert_lt(fx_pos(md, "Alex's admin account"),
	    fx_pos(md, "Alex's account"));
	cr_assert_lt(fx_pos(md, "Alex's account"),
	    fx_pos(md, "For Priya Researcher"));
	cr_assert_lt(fx_pos(md, "For Priya Researcher"),
	    fx_pos(md, "For the digital lead"));
	cr_assert_lt(fx_pos(md, "For the digital lead"),
	    fx_pos(md, "Unowned account"));
	free(md);
	pc_report_free(r);
}

Test(checklist, each_step_says_what_by_when_id_and_how_to_confirm)
{
	struct pc_report *r = every_route();
	const struct pc_report_finding *f = &r->findings[0];
	char *md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	long step = fx_pos(md, "Update waiting");

	pos_after(md, step, "What to do: Fix it the plain English");
	/* high: due 7 days after 2 November 2026, written for a person. */
	pos_after(md, step, "By: Monday 9 November 2026");
	pos_after(md, step, f->id);
	pos_after(md, step, "How to check it is fixed: Run portcullis scan "
			    "again");
	cr_assert_lt(fx_pos(md, "- [ ]"), step);
	/* The overdue one says so. */
	fx_pos(md, "OVERDUE");
	fx_pos(md, "this date has passed");
	free(md);
	pc_report_free(r);
}

Test(checklist, staff_gets_only_their_own_steps)
{
	struct pc_report *r = every_route();
	char *md = fx_checklist(r, PC_CHECKLIST_MD, "chris member mp");

	fx_pos(md, "Only the steps for chris member mp");
	fx_pos(md, "Threat to kill");
	fx_pos(md, "Home address posted");
	cr_assert_null(strstr(md, "NI number in a file"));
	cr_assert_null(strstr(md, "Admin without 2FA"));
	cr_assert_null(strstr(md, "Update waiting"));
	cr_assert_null(strstr(md, route_name("office_fixes")));
	free(md);
	md = fx_checklist(r, PC_CHECKLIST_HTML, "Nobody Here");
	fx_pos(md, "nothing to do");
	cr_assert_null(strstr(md, "Threat to kill"));
	free(md);
	pc_report_free(r);
}

Test(checklist, nothing_to_do_and_incomplete_are_said_plainly)
{
	struct pc_report *r = fx_report(FX_NOV);
	char *md;

	fx_check(r, "mfa", PC_STATUS_PASS);
	fx_check(r, "patch", PC_STATUS_ERROR);
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	fx_pos(md, "nothing to do");
	fx_pos(md, "incomplete");
	free(md);
	pc_report_free(r);
}

Test(checklist, route_missing_from_escalation_yaml_still_listed_last)
{
	struct pc_report *r = every_route();
	char *md;

	fx_finding(r, "mfa", "member_no_2fa", "okta:someone", PC_SEV_LOW,
	    "made_up_route", NULL, "Odd route");
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	cr_assert_gt(fx_pos(md, "Odd route"),
	    fx_pos(md, route_name("office_fixes")));
	/* The unknown route id is named (Markdown-escaped or not). */
	cr_assert(strstr(md, "made\\_up\\_route") != NULL ||
	    strstr(md, "made_up_route") != NULL);
	free(md);
	pc_report_free(r);
}

Test(checklist, resolved_findings_are_listed_as_fixed)
{
	struct pc_report *r = every_route();
	struct pc_report_resolved *v = calloc(1, sizeof(*v));
	char *md;

	v->id = strdup("00112233445566778899aabbccddeeff");
	v->check = strdup("patch");
	v->rule = strdup("security_update");
	v->subject = strdup("package:curl");
	v->title = strdup("Curl update");
	r->resolved = v;
	r->nresolved = 1;
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	cr_assert_gt(fx_pos(md, "package:curl"), fx_pos(md, "Fixed since"));
	free(md);
	pc_report_free(r);
}

Test(checklist, escalation_yaml_has_every_route_policies_name)
{
	static const char *const ids[] = { "police_now", "parliament_security",
		"pds", "data_protection", "office_fixes" };
	const struct pc_route *rt;
	size_t i;

	for (i = 0; i < 5; i++) {
		rt = pc_escalation_find(fx_esc, ids[i]);
		cr_assert_not_null(rt, "route %s missing", ids[i]);
		cr_assert_eq(rt->order, (long)i + 1, "route %s order %ld",
		    ids[i], rt->order);
		cr_assert(rt->name && rt->contact && rt->say && rt->when);
	}
	cr_assert_not_null(strstr(pc_escalation_find(fx_esc, "police_now")
				      ->contact, "999"));
	cr_assert_not_null(strstr(pc_escalation_find(fx_esc, "police_now")
				      ->contact, "101"));
	cr_assert_not_null(strstr(pc_escalation_find(fx_esc, "data_protection")
				      ->contact, "0303 123 1113"));
	cr_assert_not_null(strstr(pc_escalation_find(fx_esc, "data_protection")
				      ->when, "72 hours"));
}

Test(checklist, escalation_yaml_invents_no_phone_numbers)
{
	static const char *const allowed[] = { "999", "101", "0303", "123",
		"1113", "72", "1", "2", "3", "4", "5" };
	char *text = fx_slurp("policies/escalation.yaml");
	const char *p = text;
	char run[32];
	size_t n, i;
	bool ok;

	while (*p) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		for (n = 0; isdigit((unsigned char)p[n]); n++)
			;
		snprintf(run, sizeof(run), "%.*s", (int)(n < 31 ? n : 31), p);
		for (i = 0, ok = false; i < sizeof(allowed) / sizeof(*allowed);
		     i++)
			ok |= strcmp(run, allowed[i]) == 0;
		cr_assert(ok, "escalation.yaml has the number %s; only 999, "
			      "101 and the ICO's 0303 123 1113 are public",
		    run);
		p += n;
	}
	free(text);
}

/* Loads escalation text from a temp file; returns the code. */
static int
load_text(const char *text, char *path, size_t len)
{
	struct pc_escalation *e = NULL;
	char *dir = fx_tmpdir();
	int r;

	fx_path(path, len, dir, "escalation.yaml");
	fx_write(path, text, strlen(text));
	r = pc_escalation_load(&e, path);
	pc_escalation_free(e);
	fx_rmrf(dir);
	free(dir);
	return r;
}

Test(checklist, bad_escalation_yaml_names_file_and_line)
{
	char path[4096], want[4200];

	cr_assert_neq(load_text("routes:\n  police_now:\n    order: 1\n"
				"    name: x\n    contact: y\n    say: z\n"
				"    colour: red\n",
			  path, sizeof(path)),
	    0);
	snprintf(want, sizeof(want), "%s:7", path);
	cr_assert(strstr(pc_error_get(), want) != NULL, "%s",
	    pc_error_get());
	cr_assert_neq(load_text("routes:\n  police_now:\n    order: 1\n"
				"    name: x\n    say: z\n",
			  path, sizeof(path)),
	    0);
	cr_assert_neq(load_text("routes:\n  police_now:\n    order: first\n"
				"    name: x\n    contact: y\n    say: z\n",
			  path, sizeof(path)),
	    0);
	cr_assert_neq(load_text("- not a map\n", path, sizeof(path)), 0);
	cr_assert_neq(load_text("", path, sizeof(path)), 0);
}
