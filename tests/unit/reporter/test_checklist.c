/*
 * The escalation checklist: most urgent route first, then by person; each
 * step says what to do, by when, the finding id and how to check it is
 * fixed; --staff gives one person their own list. Routes and wording come
 * from policies/escalation.yaml.
 */
#include <ctype.h>

#include "agent/findings.h"
#include "agent/report_parse.h"
#include "reporter/html.h"
#include "reporter/steps.h"
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

/* Sets f's due time (and so its day). */
static void
set_due(struct pc_report_finding *f, const char *iso)
{
	snprintf(f->due, sizeof(f->due), "%s", iso);
}

Test(checklist, police_first_then_by_due_date_then_person)
{
	struct pc_report *r = every_route();
	char *md;

	/* The overdue admin was due in October; a critical office fix is
	 * due tomorrow; a medium one in a month. */
	set_due(&r->findings[2], "2026-10-20T09:00:00Z");
	fx_finding(r, "mfa", "member_no_2fa", "google:priya", PC_SEV_MEDIUM,
	    "office_fixes", "Priya Researcher", "Medium fix");
	fx_finding(r, "exposure", "private_key", "it/key.pem:1",
	    PC_SEV_CRITICAL, "office_fixes", NULL, "Critical fix");
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	/* Police; overdue (earliest date); critical due tomorrow; the
	 * highs due in a week, by person A-Z then the lead; the medium. */
	cr_assert_lt(fx_pos(md, "## " ), fx_pos(md, "Threat to kill"));
	cr_assert_lt(fx_pos(md, route_name("police_now")),
	    fx_pos(md, "Threat to kill"));
	cr_assert_lt(fx_pos(md, "999"), fx_pos(md, "Threat to kill"));
	cr_assert_lt(fx_pos(md, "Threat to kill"),
	    fx_pos(md, "## Overdue: was due by Tuesday 20 October 2026"));
	cr_assert_lt(fx_pos(md, "## Overdue"), fx_pos(md, "Admin without 2FA"));
	cr_assert_lt(fx_pos(md, "Admin without 2FA"),
	    fx_pos(md, "## Do by Tuesday 3 November 2026"));
	cr_assert_lt(fx_pos(md, "## Do by Tuesday 3 November 2026"),
	    fx_pos(md, "Critical fix"));
	cr_assert_lt(fx_pos(md, "Critical fix"),
	    fx_pos(md, "## Do by Monday 9 November 2026"));
	cr_assert_lt(fx_pos(md, "## Do by Monday 9 November 2026"),
	    fx_pos(md, "NI number"));
	cr_assert_lt(fx_pos(md, "NI number"), fx_pos(md, "Home address"));
	cr_assert_lt(fx_pos(md, "Home address"), fx_pos(md, "Update waiting"));
	cr_assert_lt(fx_pos(md, "Update waiting"),
	    fx_pos(md, "## Do by Wednesday 2 December 2026"));
	cr_assert_lt(fx_pos(md, "## Do by Wednesday 2 December 2026"),
	    fx_pos(md, "Medium fix"));
	/* The old "Start here" patch is gone: the order is the list. */
	cr_assert_null(strstr(md, "Start here"));
	free(md);
	pc_report_free(r);
}

Test(checklist, each_step_keeps_its_routes_contact_and_wording)
{
	struct pc_report *r = every_route();
	const struct pc_route *dp = pc_escalation_find(fx_esc,
	    "data_protection");
	char *md = fx_checklist(r, PC_CHECKLIST_HTML, NULL);
	long step = fx_pos(md, "NI number in a file");
	long next = fx_pos(md, "Home address posted");
	char *contact = NULL;
	struct pc_buf b;

	/* The data protection step, and only up to the next step, says
	 * who to tell, who to contact and what to say (HTML-escaped). */
	pc_buf_init(&b, 1u << 16);
	cr_assert_eq(pc_html_escape(&b, dp->contact), 0);
	contact = pc_buf_take(&b, NULL);
	cr_assert_lt(pos_after(md, step, dp->name), next);
	cr_assert_lt(pos_after(md, step, contact), next);
	cr_assert_lt(pos_after(md, step, "What to say:"), next);
	free(contact);
	free(md);
	pc_report_free(r);
}

Test(checklist, within_a_date_by_person_most_severe_first)
{
	struct pc_report *r = fx_report(FX_NOV);
	char *md;
	size_t i;

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
	for (i = 0; i < r->nfindings; i++) /* one due date for all */
		set_due(&r->findings[i], "2026-11-09T09:00:00Z");
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	/* Alex (critical: both spellings, most severe first), then the
	 * lead (high: the steps no one owns), then Priya (low). */
	cr_assert_not_null(strcasestr(md, "For Alex Caseworker"));
	cr_assert_null(strcasestr(strcasestr(md, "For Alex Caseworker") + 1,
	    "For Alex Caseworker"), "one heading for Alex");
	cr_assert_lt(fx_pos(md, "Alex's admin account"),
	    fx_pos(md, "Alex's account"));
	cr_assert_lt(fx_pos(md, "Alex's account"),
	    fx_pos(md, "For Sam Example, the digital lead"));
	cr_assert_lt(fx_pos(md, "For Sam Example, the digital lead"),
	    fx_pos(md, "Unowned account"));
	/* Alex's second step on the same route points back to the first. */
	pos_after(md, fx_pos(md, "Alex's account"),
	    "Who to contact and what to say: as in step 1 above.");
	cr_assert_lt(fx_pos(md, "Unowned account"),
	    fx_pos(md, "For Priya Researcher"));
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
	char *md = fx_checklist(r, PC_CHECKLIST_MD, "Chris Member MP");

	fx_pos(md, "Only the steps for Chris Member MP");
	fx_pos(md, "Threat to kill");
	fx_pos(md, "Home address posted");
	cr_assert_null(strstr(md, "NI number in a file"));
	cr_assert_null(strstr(md, "Admin without 2FA"));
	cr_assert_null(strstr(md, "Update waiting"));
	free(md);
	md = fx_checklist(r, PC_CHECKLIST_HTML, "Priya Researcher");
	fx_pos(md, "There is nothing for Priya Researcher to do");
	cr_assert_null(strstr(md, "Threat to kill"));
	free(md);
	pc_report_free(r);
}

/* Resolves query against r; returns pc_steps_staff_match's code. */
static int
match(const struct pc_report *r, const char *query, char **who,
    bool *exact)
{
	*who = NULL;
	return pc_steps_staff_match(who, exact, r, query);
}

Test(checklist, staff_names_are_checked_against_the_report)
{
	struct pc_report *r = every_route();
	bool exact;
	char *who;

	cr_assert_eq(pc_report_add_staff(r, "Priya Researcher"), 0);
	cr_assert_eq(pc_report_add_staff(r, "Alex Caseworker"), 0);
	/* In full, any case. */
	cr_assert_eq(match(r, "alex caseworker", &who, &exact), 0);
	cr_assert_str_eq(who, "Alex Caseworker");
	cr_assert(exact);
	free(who);
	/* A unique part: accepted, and not exact (the CLI says whom). */
	cr_assert_eq(match(r, "priya", &who, &exact), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(who, "Priya Researcher");
	cr_assert(!exact);
	free(who);
	/* The digital lead and finding owners count as staff too. */
	cr_assert_eq(match(r, "sam example", &who, &exact), 0);
	free(who);
	cr_assert_eq(match(r, "member mp", &who, &exact), 0);
	cr_assert_str_eq(who, "Chris Member MP");
	free(who);
	/* A typo is an error naming everyone, never "nothing to do". */
	cr_assert_eq(match(r, "Alix", &who, &exact), PC_ENOTFOUND);
	cr_assert_null(who);
	fx_pos(pc_error_get(), "\"Alix\" is no one in this report");
	fx_pos(pc_error_get(), "Priya Researcher");
	fx_pos(pc_error_get(), "Alex Caseworker");
	fx_pos(pc_error_get(), "Sam Example");
	fx_pos(pc_error_get(), "Chris Member MP");
	/* Part of several names: say which. */
	cr_assert_eq(match(r, "a", &who, &exact), PC_EINVALID);
	fx_pos(pc_error_get(), "could be several people");
	cr_assert_eq(match(r, "", &who, &exact), PC_ENOTFOUND);
	pc_report_free(r);
}

Test(checklist, csv_has_a_row_per_step_and_a_justification_column)
{
	static const char head[] = "step,do_by,severity,overdue,person,"
				   "who_to_tell,title,where,what_to_do,"
				   "how_to_check,finding_ids,justification\r\n";
	struct pc_report *r = every_route();
	char *csv, *p;
	size_t rows = 0;

	r->findings[0].title = fx_replace(r->findings[0].title,
	    "Update waiting", "=HYPERLINK(\"http://x\",\"Update\")");
	csv = fx_checklist(r, PC_CHECKLIST_CSV, NULL);
	cr_assert_eq(strncmp(csv, head, sizeof(head) - 1), 0, "%s", csv);
	for (p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
		rows++;
	cr_assert_eq(rows, 1 + r->nfindings, "one row per step");
	/* Police first, its do_by is "now"; every row ends with an empty
	 * justification; a formula is text. */
	fx_pos(csv, "\r\n\"1\",\"now\",\"critical\",\"no\",\"Chris Member MP\"");
	fx_pos(csv, ",\"\"\r\n");
	fx_pos(csv, "\"'=HYPERLINK(\"\"http://x\"\",\"\"Update\"\")\"");
	fx_pos(csv, r->findings[1].id);
	free(csv);
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
	cr_assert_gt(fx_pos(md, "Odd route"), fx_pos(md, "Update waiting"));
	fx_pos(md, "not in escalation.yaml");
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

Test(checklist, data_protection_steps_are_due_within_the_icos_72_hours)
{
	struct pc_policy *p = NULL;
	const struct pc_route *dp = pc_escalation_find(fx_esc,
	    "data_protection");
	size_t i, j, n = 0;

	cr_assert_eq(pc_policy_load(&p, "policies/baseline.yaml"), 0, "%s",
	    pc_error_get());
	for (i = 0; i < p->nchecks; i++)
		for (j = 0; j < p->checks[i].nrules; j++) {
			const struct pc_rule *rl = &p->checks[i].rules[j];

			if (rl->escalate_to == NULL ||
			    strcmp(rl->escalate_to, "data_protection") != 0)
				continue;
			n++;
			cr_assert_eq(rl->due_days, 3, "%s.%s: due_days %ld",
			    p->checks[i].id, rl->id, rl->due_days);
			cr_assert_eq(pc_findings_due(p, p->checks[i].id,
					 rl->id, rl->severity, 0),
			    3 * 86400LL);
		}
	cr_assert_gt(n, 0);
	/* The route's wording promises no other time than the step's. */
	cr_assert_null(strstr(dp->when, "Today"));
	fx_pos(dp->when, "72 hours");
	fx_pos(dp->when, "date on each step");
	pc_policy_free(p);
}

Test(checklist, staff_names_round_trip_and_older_reports_have_none)
{
	struct pc_report *r = every_route(), *back = NULL;
	char *json, *old;
	size_t len;

	cr_assert_eq(pc_report_add_staff(r, "Priya Researcher"), 0);
	cr_assert_eq(pc_report_add_staff(r, "Sam Example"), 0);
	cr_assert_eq(pc_report_to_json(r, &json, &len), 0);
	fx_pos(json, "\"staff\":\t[\"Priya Researcher\", \"Sam Example\"]");
	cr_assert_eq(pc_report_parse(&back, NULL, "report.json", json, len),
	    0, "%s", pc_error_get());
	cr_assert_eq(back->nstaff, 2);
	cr_assert_str_eq(back->staff[0], "Priya Researcher");
	pc_report_free(back);
	/* A report from before office.staff still reads, with no names. */
	old = fx_replace(strdup(json), ",\n\t\t\"staff\":\t[\"Priya Researcher\", "
				       "\"Sam Example\"]", "");
	cr_assert_eq(pc_report_parse(&back, NULL, "old.json", old,
			 strlen(old)), 0, "%s", pc_error_get());
	cr_assert_eq(back->nstaff, 0);
	pc_report_free(back);
	/* Not names: refused with the member's path. */
	free(old);
	old = fx_replace(strdup(json), "\"Sam Example\"]", "7]");
	cr_assert_eq(pc_report_parse(&back, NULL, "bad.json", old,
			 strlen(old)), PC_EINVALID);
	fx_pos(pc_error_get(), "office.staff");
	free(old);
	free(json);
	pc_report_free(r);
}

Test(checklist, accepted_risks_have_their_own_section_not_a_step)
{
	struct pc_report_accepted a = { "Shared casework mailbox kept for "
					"the surgery rota", "Sam Example",
		"2026-11-01", "2027-04-30" };
	struct pc_report *r = every_route();
	char *md, *html, *csv;
	long at;

	r->findings[1].accepted = pc_report_accepted_dup(&a);
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	cr_assert_null(strstr(md, ". NI number in a file**"),
	    "an accepted risk is no step: %s", md);
	cr_assert(strstr(md, "4 steps,") != NULL, "%s", md);
	at = pos_after(md, 0, "## Accepted risks (review by Friday 30 April "
			      "2027)");
	at = pos_after(md, at, "- **NI number in a file** (high, accepted "
			       "until Friday 30 April 2027)");
	at = pos_after(md, at, "Why it is accepted: Shared casework mailbox");
	pos_after(md, at, "Who answers for it: Sam Example");
	pos_after(md, at, r->findings[1].id);
	html = fx_checklist(r, PC_CHECKLIST_HTML, NULL);
	pos_after(html, 0, "<h2>Accepted risks (review by Friday 30 April "
			   "2027)</h2>");
	csv = fx_checklist(r, PC_CHECKLIST_CSV, NULL);
	/* Last row: step "accepted", the expiry, the reason prefilled. */
	at = pos_after(csv, 0, "\"accepted\",\"2027-04-30\",\"high\",\"no\","
			       "\"Sam Example\"");
	pos_after(csv, at, "\"Shared casework mailbox kept for the surgery "
			   "rota\"\r\n");
	/* Only the owner's list, for --staff. */
	free(md);
	md = fx_checklist(r, PC_CHECKLIST_MD, "Chris Member MP");
	cr_assert_null(strstr(md, "Accepted risks"), "%s", md);
	free(md);
	md = fx_checklist(r, PC_CHECKLIST_MD, "Sam Example");
	pos_after(md, 0, "Accepted risks");
	free(md);
	free(html);
	free(csv);
	pc_report_free(r);
}
