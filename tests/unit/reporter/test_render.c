/*
 * How report.html and the checklists read for a person: what cannot wait
 * is said at the top, a route may replace the due date with its own words
 * (the police: now), dates and times are written out, Markdown stays
 * copyable in Notepad (commands keep their &&) while still carrying no
 * markup, and coloured labels survive printing.
 */
#include "routes.h"
#include "reporter/html.h"

TestSuite(render, .init = fx_routes_load, .fini = fx_routes_free);

/* Renders report.html of r; caller frees. */
static char *
page(const struct pc_report *r)
{
	char *text;
	size_t len;

	cr_assert_eq(pc_html_report(&text, &len, r, fx_esc, NULL), 0, "%s",
	    pc_error_get());
	return text;
}

/*
 * November: a threat to life (police, critical) first in the list, a
 * critical token last in the list (office fixes), an overdue admin in
 * the middle (PDS), and an update whose fix is a shell command.
 */
static struct pc_report *
month(void)
{
	struct pc_report *r = fx_report(FX_NOV);
	struct pc_report_finding *f;

	fx_check(r, "threats", PC_STATUS_FAIL);
	fx_check(r, "mfa", PC_STATUS_FAIL);
	fx_check(r, "patch", PC_STATUS_FAIL);
	fx_check(r, "exposure", PC_STATUS_FAIL);
	fx_finding(r, "threats", "threat_to_life", "mail:<id@example>",
	    PC_SEV_CRITICAL, "police_now", "Chris Member MP",
	    "Threat to kill");
	f = fx_finding(r, "mfa", "admin_no_2fa", "microsoft365:sam.example",
	    PC_SEV_HIGH, "pds", "Sam Example", "Admin without 2FA");
	f->overdue = true;
	f->persisting = true;
	snprintf(f->first_seen, sizeof(f->first_seen), "%s",
	    "2026-10-01T09:00:00Z");
	snprintf(f->due, sizeof(f->due), "%s", "2026-10-08T09:00:00Z");
	f = fx_finding(r, "patch", "security_update", "package:openssl",
	    PC_SEV_HIGH, "office_fixes", NULL, "Update for openssl_3 ~x~");
	free(f->remediation);
	f->remediation = strdup("sudo apt-get update && sudo apt-get "
				"install --only-upgrade openssl (then &amp;)");
	fx_finding(r, "exposure", "github_token", "it/deploy_notes.txt:6",
	    PC_SEV_CRITICAL, "office_fixes", NULL, "Token in a file");
	r->previous_report_sha256 = strdup("ab12ab12ab12ab12ab12ab12ab12ab12"
					   "ab12ab12ab12ab12ab12ab12ab12ab12");
	return r;
}

Test(render, steps_are_in_the_order_people_act)
{
	struct pc_report *r = month();
	char *md = fx_checklist(r, PC_CHECKLIST_MD, NULL);

	/* 1 police threat, 2 overdue admin, 3 token due tomorrow, 4 the
	 * update due in a week: no "Start here" patch needed. */
	cr_assert_lt(fx_pos(md, "Step 1. Threat to kill"),
	    fx_pos(md, "Step 2. Admin without 2FA"));
	cr_assert_lt(fx_pos(md, "## Overdue: was due by Thursday 8 October"),
	    fx_pos(md, "Step 2. Admin without 2FA"));
	cr_assert_lt(fx_pos(md, "Step 2. Admin without 2FA"),
	    fx_pos(md, "Step 3. Token in a file"));
	fx_pos(md, "Step 4. Update for openssl");
	cr_assert_null(strstr(md, "Start here"));
	free(md);
	pc_report_free(r);
}

Test(render, police_steps_say_now_instead_of_a_date)
{
	struct pc_report *r = month();
	const struct pc_route *police =
	    pc_escalation_find(fx_esc, "police_now");
	char *md, *html, *want;
	long step;
	size_t n;

	cr_assert_not_null(police->by, "escalation.yaml police_now has no by");
	cr_assert_null(pc_escalation_find(fx_esc, "office_fixes")->by);
	n = strlen(police->by) + 8;
	want = malloc(n);
	snprintf(want, n, "By: %s", police->by);
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	step = fx_pos(md, "Threat to kill");
	cr_assert_eq(fx_pos(md, want) > step, true);
	/* Critical means "1 day": not printed for a threat to life. */
	cr_assert_gt(fx_pos(md, "By: Tuesday 3 November 2026"),
	    fx_pos(md, "Token in a file"));
	free(md);
	html = page(r);
	fx_pos(html, police->by);
	free(html);
	free(want);
	pc_report_free(r);
}

Test(render, markdown_keeps_commands_copyable_and_carries_no_markup)
{
	struct pc_report *r = month();
	char *md = fx_checklist(r, PC_CHECKLIST_MD, NULL);

	/* Pasted from Notepad into a terminal, the command still works. */
	fx_pos(md, "What to do: sudo apt-get update && sudo apt-get install "
		   "--only-upgrade openssl (then \\&amp;)");
	/* _ inside a word cannot make emphasis; ~ can strike through. */
	fx_pos(md, "openssl_3 \\~x\\~");
	fx_pos(md, "it/deploy_notes.txt:6");
	free(md);
	pc_report_free(r);
}

Test(render, markdown_escapes_what_would_still_be_markup)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "_lead_", "\\_lead\\_" },
		{ "**bold**", "\\*\\*bold\\*\\*" },
		{ "`code`", "\\`code\\`" },
		{ "[x](http://e.test)", "\\[x\\](http://e.test)" },
		{ "<b>", "\\<b\\>" },
		{ "&#60;", "\\&#60;" },
		{ "&lt;", "\\&lt;" },
		{ "a\\b", "a\\\\b" },
		{ "a\nb", "a b" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pc_report *r = fx_report(FX_NOV);
		char *md;

		fx_check(r, "patch", PC_STATUS_FAIL);
		fx_finding(r, "patch", "security_update", cases[i].in,
		    PC_SEV_LOW, "office_fixes", NULL, "T");
		md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
		cr_assert_not_null(strstr(md, cases[i].out),
		    "subject %s: want %s in\n%s", cases[i].in, cases[i].out,
		    md);
		free(md);
		pc_report_free(r);
	}
}

Test(render, report_html_says_what_to_do_now_before_the_numbers)
{
	struct pc_report *r = month();
	char *html = page(r);
	long next = fx_pos(html, "What to do now");

	fx_pos(html, "4 problems to fix, 2 of them critical (1 overdue");
	fx_pos(html, "checklist.html");
	/* The most urgent step, with its route from escalation.yaml. */
	cr_assert_lt(next, fx_pos(html, "Most urgent:</span> Threat to kill "
					"(critical), Now."));
	cr_assert_lt(next, fx_pos(html, pc_escalation_find(fx_esc,
					    "police_now")->name));
	cr_assert_lt(next, fx_pos(html, "class=\"tiles\""));
	cr_assert_lt(next, fx_pos(html, "<h2>"));
	free(html);
	pc_report_free(r);
}

Test(render, report_html_writes_dates_and_times_for_people)
{
	struct pc_report *r = month();
	char *html = page(r);

	fx_pos(html, "Monday 2 November 2026, 09:00 UTC to 09:01 UTC");
	fx_pos(html, "was due Thursday 8 October 2026");
	fx_pos(html, "first seen Thursday 1 October 2026");
	cr_assert_null(strstr(html, "T09:00:00Z"), "a raw ISO time is left");
	free(html);
	pc_report_free(r);
}

Test(render, lead_named_for_unowned_steps)
{
	struct pc_report *r = month();
	char *md = fx_checklist(r, PC_CHECKLIST_MD, NULL);

	/* The lead's own steps and nobody's are one group, under the
	 * lead's name. */
	fx_pos(md, "For Sam Example, the digital lead (also the steps no one "
		   "else is named for)");
	cr_assert_null(strstr(md, "For Sam Example\n"));
	free(md);
	free(r->digital_lead);
	r->digital_lead = NULL;
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	fx_pos(md, "For the digital lead (no one else is named for these)");
	free(md);
	pc_report_free(r);
}

Test(render, coloured_labels_print)
{
	struct pc_report *r = month();
	char *html = page(r);
	long print = fx_pos(html, "@media print");

	cr_assert_gt(fx_pos(html, "print-color-adjust:exact"), print);
	free(html);
	html = fx_checklist(r, PC_CHECKLIST_HTML, NULL);
	fx_pos(html, "print-color-adjust:exact");
	free(html);
	pc_report_free(r);
}

Test(render, incomplete_checklist_banner_is_not_green)
{
	struct pc_report *r = month();
	char *html;

	r->checks[0].status = PC_STATUS_ERROR;
	r->checks[0].nfindings = 1;
	r->checks[0].reason = strdup("threats: the mailbox could not be read");
	html = fx_checklist(r, PC_CHECKLIST_HTML, NULL);
	fx_pos(html, "<div class=\"banner bad\">");
	free(html);
	pc_report_free(r);
}

Test(render, escalation_yaml_by_is_optional_text)
{
	char dir[] = "/tmp/pc-render-XXXXXX", path[128];
	struct pc_escalation *e = NULL;
	static const char bad[] = "routes:\n  a:\n    order: 1\n    name: A\n"
				  "    contact: C\n    say: S\n    by: \"\"\n";

	cr_assert_not_null(mkdtemp(dir));
	fx_path(path, sizeof(path), dir, "escalation.yaml");
	fx_write(path, bad, sizeof(bad) - 1);
	cr_assert_eq(pc_escalation_load(&e, path), PC_ECONFIG);
	cr_assert_not_null(strstr(pc_error_get(), "routes.a.by"), "%s",
	    pc_error_get());
	cr_assert_not_null(strstr(pc_error_get(), ":7:"), "%s",
	    pc_error_get());
	fx_rmrf(dir);
}

Test(render, two_routes_with_one_order_are_refused)
{
	char dir[] = "/tmp/pc-render-XXXXXX", path[128];
	struct pc_escalation *e = NULL;
	static const char two[] = "routes:\n  a:\n    order: 2\n    name: A\n"
				  "    contact: C\n    say: S\n  b:\n"
				  "    order: 2\n    name: B\n    contact: C\n"
				  "    say: S\n";

	cr_assert_not_null(mkdtemp(dir));
	fx_path(path, sizeof(path), dir, "escalation.yaml");
	fx_write(path, two, sizeof(two) - 1);
	cr_assert_eq(pc_escalation_load(&e, path), PC_ECONFIG);
	cr_assert_null(e);
	cr_assert_not_null(strstr(pc_error_get(), ":8: routes.b has order 2, "
						  "like routes.a"),
	    "%s", pc_error_get());
	fx_rmrf(dir);
}

Test(render, security_updates_of_one_machine_are_one_step)
{
	struct pc_report *r = fx_report(FX_NOV);
	struct pc_report_finding *f;
	char subject[32], *md, *html;
	size_t i;

	fx_check(r, "patch", PC_STATUS_FAIL);
	for (i = 0; i < 12; i++) {
		snprintf(subject, sizeof(subject), "lib%02zu", i);
		f = fx_finding(r, "patch", "security_update", subject,
		    PC_SEV_HIGH, "office_fixes", NULL, "Security update");
		free(f->remediation);
		f->remediation = malloc(128);
		snprintf(f->remediation, 128, "sudo apt-get update && sudo "
		    "apt-get install --only-upgrade %s", subject);
	}
	md = fx_checklist(r, PC_CHECKLIST_MD, NULL);
	fx_pos(md, "Step 1. Install 12 security updates on office-pc");
	cr_assert_null(strstr(md, "Step 2."), "one step for the machine");
	fx_pos(md, "Where: office-pc: lib00, lib01, lib02");
	fx_pos(md, "What to do: sudo apt-get update && sudo apt-get install "
		   "--only-upgrade lib00 lib01 lib02 lib03 lib04 lib05 lib06 "
		   "lib07 lib08 lib09 lib10 lib11\n");
	for (i = 0; i < r->nfindings; i++) /* every finding id is given */
		fx_pos(md, r->findings[i].id);
	free(md);
	/* The report keeps one finding per package. */
	html = page(r);
	fx_pos(html, "<h3>High (12)</h3>");
	free(html);
	pc_report_free(r);
}

Test(render, staff_digital_lead_also_gets_the_unowned_steps)
{
	struct pc_report *r = month();
	char *md;

	free(r->digital_lead);
	r->digital_lead = strdup("Sam Example <sam.example@parliament.uk>");
	md = fx_checklist(r, PC_CHECKLIST_MD, "sam example");
	fx_pos(md, "Admin without 2FA"); /* owned by Sam */
	fx_pos(md, "Token in a file");   /* nobody's: the lead's */
	fx_pos(md, "Update for openssl");
	cr_assert_null(strstr(md, "Threat to kill"));
	free(md);
	/* Someone else named like the start of the lead's text is not. */
	md = fx_checklist(r, PC_CHECKLIST_MD, "Sam");
	fx_pos(md, "There is nothing for Sam to do");
	free(md);
	/* Another person gets no unowned steps. */
	md = fx_checklist(r, PC_CHECKLIST_MD, "Chris Member MP");
	cr_assert_null(strstr(md, "Token in a file"));
	free(md);
	pc_report_free(r);
}

Test(render, checklist_without_routes_lists_every_step)
{
	struct pc_report *r = month();
	char *md;
	size_t len;

	cr_assert_eq(pc_checklist_render(&md, &len, r, NULL, PC_CHECKLIST_MD,
			 NULL),
	    0, "%s", pc_error_get());
	fx_pos(md, "Threat to kill");
	fx_pos(md, "Token in a file");
	fx_pos(md, "not in escalation.yaml");
	free(md);
	pc_report_free(r);
}

Test(render, most_urgent_is_the_most_urgent_step_not_the_first_route)
{
	struct pc_report *r = fx_report(FX_NOV);
	char *html;

	fx_check(r, "exposure", PC_STATUS_FAIL);
	fx_finding(r, "exposure", "uk_nino", "a.txt:1", PC_SEV_HIGH,
	    "data_protection", NULL, "NI number");
	fx_finding(r, "exposure", "private_key", "b.pem:1", PC_SEV_CRITICAL,
	    "office_fixes", NULL, "Private key");
	html = page(r);
	fx_pos(html, "Most urgent:</span> Private key (critical), by Tuesday "
		     "3 November 2026. Who to tell: ");
	free(html);
	pc_report_free(r);
}

Test(render, summary_says_what_to_act_on_not_a_bare_score)
{
	struct pc_report *r = fx_report(FX_NOV);
	char *html;

	fx_fill_demo(r);
	fx_check(r, "threats2", PC_STATUS_NOT_APPLICABLE);
	html = page(r);
	/* 3 of the 5 checks that apply failed; the first date's steps. */
	fx_pos(html, "<b>3 of 5</b>checks have something to fix");
	fx_pos(html, "<b>3</b>steps are due by Monday 9 November 2026");
	fx_pos(html, "<b>1</b>medium finding<");
	fx_pos(html, "<b>0</b>critical findings<");
	cr_assert_null(strstr(html, "%</b>"), "a bare percentage");
	cr_assert_null(strstr(html, "score"));
	free(html);
	pc_report_free(r);
}

Test(render, steps_due_the_next_day_are_due_tomorrow)
{
	struct pc_report *r = fx_report(FX_NOV);
	char *html;

	fx_check(r, "exposure", PC_STATUS_FAIL);
	fx_finding(r, "exposure", "private_key", "b.pem:1", PC_SEV_CRITICAL,
	    "office_fixes", NULL, "Private key");
	html = page(r);
	fx_pos(html, "<b>1 of 1</b>check has something to fix");
	fx_pos(html, "<b>1</b>step is due tomorrow");
	free(html);
	pc_report_free(r);
}
