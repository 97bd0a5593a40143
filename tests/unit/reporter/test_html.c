/*
 * report.html and checklist.html: values from outside (account names, file
 * names, message subjects) are escaped, the pages need nothing from the
 * network, and they say what a person needs to know.
 */
#include "routes.h"
#include "reporter/html.h"

#define EVIL "<script>alert(\"pwned\")</script>"
#define QUOTES "O'Brien \"quoted\" & <b>bold</b>"

TestSuite(html, .init = fx_routes_load, .fini = fx_routes_free);

/* A report whose every outside value carries markup and quotes. */
static struct pc_report *
hostile_report(void)
{
	struct pc_report *r = fx_report(FX_NOV);
	struct pc_report_finding *f;
	struct pc_report_resolved *v;

	free(r->office_name);
	r->office_name = strdup("Office of " QUOTES);
	free(r->digital_lead);
	r->digital_lead = strdup(EVIL);
	fx_check(r, "mfa", PC_STATUS_FAIL);
	fx_check(r, "exposure", PC_STATUS_ERROR);
	free(r->checks[1].reason);
	r->checks[1].reason = strdup("cannot read " EVIL);
	f = fx_finding(r, "mfa", "member_no_2fa", "slack:" EVIL,
	    PC_SEV_HIGH, "office_fixes", QUOTES, "Title " EVIL);
	free(f->evidence);
	f->evidence = strdup("evidence " QUOTES);
	free(f->remediation);
	f->remediation = strdup("Do " EVIL " now");
	free(f->confirm);
	f->confirm = strdup("Confirm " QUOTES);
	f = fx_finding(r, "mfa", "admin_no_2fa", "subject \"" EVIL "\"",
	    PC_SEV_CRITICAL, "police_now", NULL, "Message: " QUOTES);
	f->overdue = true;
	f->persisting = true;
	v = calloc(1, sizeof(*v));
	v->id = strdup("00112233445566778899aabbccddeeff");
	v->check = strdup("mfa");
	v->rule = strdup("member_no_2fa");
	v->subject = strdup("resolved " EVIL);
	v->title = strdup("fixed " QUOTES);
	snprintf(v->first_seen, sizeof(v->first_seen), "2026-10-01T09:00:00Z");
	r->resolved = v;
	r->nresolved = 1;
	return r;
}

/* Asserts a page carries no raw markup from the report. */
static void
assert_escaped(const char *page)
{
	cr_assert_null(strstr(page, "<script"), "raw <script> in the page");
	cr_assert_null(strstr(page, "<b>bold"), "raw <b> from a value");
	cr_assert_null(strstr(page, "\"pwned\""), "raw quotes from a value");
	cr_assert_null(strstr(page, "O'Brien"), "raw apostrophe");
	cr_assert_not_null(strstr(page, "&lt;script&gt;"));
	cr_assert_not_null(strstr(page, "&quot;"));
	cr_assert_not_null(strstr(page, "&amp;"));
}

/* Asserts a page loads nothing from anywhere: no scripts, no external
 * style sheets, images, fonts or frames. */
static void
assert_self_contained(const char *page)
{
	cr_assert_null(strstr(page, "src="));
	cr_assert_null(strstr(page, "<link"));
	cr_assert_null(strstr(page, "@import"));
	cr_assert_null(strstr(page, "url("));
	cr_assert_null(strstr(page, "http://"));
	cr_assert_null(strstr(page, "https://"));
	cr_assert_not_null(strstr(page, "<style"));
	/* The browser enforces it too: no script runs, nothing loads. */
	cr_assert_not_null(strstr(page, "<meta http-equiv=\"Content-Security-"
					"Policy\" content=\"default-src 'none'; "
					"style-src 'unsafe-inline'\">"));
	cr_assert_lt(strstr(page, "Content-Security-Policy"),
	    strstr(page, "<style"));
	cr_assert_not_null(strstr(page, "@media print"),
	    "the page has no print styles");
}

Test(html, report_html_escapes_everything_from_outside)
{
	struct pc_report *r = hostile_report();
	char *page;
	size_t len;

	cr_assert_eq(pc_html_report(&page, &len, r, fx_esc, NULL), 0, "%s",
	    pc_error_get());
	cr_assert_eq(strlen(page), len);
	assert_escaped(page);
	cr_assert_not_null(strstr(page, "Do &lt;script&gt;"),
	    "the remediation is not shown");
	cr_assert_not_null(strstr(page, "cannot read &lt;script&gt;"),
	    "the error reason is not shown");
	free(page);
	pc_report_free(r);
}

Test(html, checklist_html_escapes_everything_from_outside)
{
	struct pc_report *r = hostile_report();
	char *page;
	size_t len;

	cr_assert_eq(pc_checklist_render(&page, &len, r, fx_esc,
			 PC_CHECKLIST_HTML, NULL),
	    0, "%s", pc_error_get());
	assert_escaped(page);
	cr_assert_not_null(strstr(page, "Confirm O&#39;Brien") ?
		strstr(page, "Confirm O&#39;Brien") :
		strstr(page, "Confirm O&#x27;Brien"),
	    "the confirm step is missing or oddly escaped");
	free(page);
	pc_report_free(r);
}

Test(html, checklist_md_cannot_carry_markup)
{
	struct pc_report *r = hostile_report();
	char *text;
	size_t len;

	cr_assert_eq(pc_checklist_render(&text, &len, r, fx_esc,
			 PC_CHECKLIST_MD, NULL),
	    0, "%s", pc_error_get());
	/* Rendered Markdown passes raw HTML through: every < from a value
	 * must be backslash-escaped (CommonMark then shows it as text). */
	for (const char *p = text; (p = strchr(p, '<')) != NULL; p++)
		cr_assert(p > text && p[-1] == '\\',
		    "unescaped < in checklist.md: %.40s", p);
	fx_pos(text, "\\<script\\>");
	free(text);
	pc_report_free(r);
}

Test(html, pages_are_self_contained_and_print)
{
	struct pc_report *r = hostile_report();
	char *page;
	size_t len;

	cr_assert_eq(pc_html_report(&page, &len, r, fx_esc, NULL), 0);
	assert_self_contained(page);
	free(page);
	cr_assert_eq(pc_checklist_render(&page, &len, r, fx_esc,
			 PC_CHECKLIST_HTML, NULL),
	    0);
	assert_self_contained(page);
	free(page);
	pc_report_free(r);
}

Test(html, report_html_says_what_a_person_needs)
{
	struct pc_report *r = fx_report(FX_NOV);
	struct pc_report_resolved *v;
	char *page, key_id[] = "ab12cd34ab12cd34ab12cd34ab12cd34"
			       "ab12cd34ab12cd34ab12cd34ab12cd34";
	size_t len;

	fx_fill_demo(r);
	r->findings[0].persisting = true;
	r->findings[0].overdue = true;
	v = calloc(1, sizeof(*v));
	v->id = strdup("00112233445566778899aabbccddeeff");
	v->check = strdup("exposure");
	v->rule = strdup("uk_nino");
	v->subject = strdup("old/export.csv:3");
	v->title = strdup("National Insurance number in an office file");
	r->resolved = v;
	r->nresolved = 1;
	r->previous_report_sha256 = strdup(key_id);
	cr_assert_eq(pc_html_report(&page, &len, r, fx_esc, key_id), 0);
	fx_pos(page, "Exampleshire North constituency office");
	fx_pos(page, "Monday 2 November 2026");
	fx_pos(page, "This scan is complete");
	fx_pos(page, "What changed since the last report");
	fx_pos(page, "old/export.csv:3");
	fx_pos(page, "overdue");
	fx_pos(page, key_id);
	/* Findings by severity: high before medium. */
	cr_assert_lt(fx_pos(page, "microsoft365:sam.example"),
	    fx_pos(page, "google:alex.caseworker"));
	/* The checks table lists every check. */
	fx_pos(page, "<code>threats</code>");
	free(page);
	pc_report_free(r);
}

Test(html, incomplete_scan_says_so_first)
{
	struct pc_report *r = fx_report(FX_NOV);
	char *page;
	size_t len;

	fx_fill_demo(r);
	r->checks[2].status = PC_STATUS_ERROR;
	r->checks[2].reason = strdup("the mail export could not be read");
	cr_assert_eq(pc_html_report(&page, &len, r, fx_esc, NULL), 0);
	cr_assert_lt(fx_pos(page, "This scan is INCOMPLETE"),
	    fx_pos(page, "<h2>"));
	fx_pos(page, "the mail export could not be read");
	free(page);
	pc_report_free(r);
}

Test(html, escape_helper)
{
	struct pc_buf b;

	pc_buf_init(&b, 1024);
	cr_assert_eq(pc_html_escape(&b, "a<b>&\"'\x01z"), 0);
	cr_assert_null(strchr(b.data, '<'));
	cr_assert_null(strchr(b.data, '"'));
	cr_assert_null(strchr(b.data, '\''));
	cr_assert_null(strchr(b.data, '\x01'));
	cr_assert_eq(b.data[0], 'a');
	cr_assert_eq(b.data[b.len - 1], 'z');
	pc_buf_free(&b);
}

Test(html, report_html_shows_accepted_risks_and_those_that_lapsed)
{
	struct pc_report_accepted a = { "Kept <for> the rota", "Sam Example",
		"2026-11-01", "2027-04-30" };
	struct pc_report_acceptance gone = { "fedcba9876543210fedcba9876543210",
		{ "Old laptop", "Sam Example", "2026-01-01", "2026-10-31" },
		PC_ACCEPTANCE_EXPIRED };
	struct pc_report *r = fx_report(FX_NOV);
	char *page;
	size_t len;

	fx_fill_demo(r);
	r->findings[0].accepted = pc_report_accepted_dup(&a);
	cr_assert_eq(pc_report_add_acceptance(r, &gone), 0);
	cr_assert_eq(pc_html_report(&page, &len, r, fx_esc, NULL), 0, "%s",
	    pc_error_get());
	cr_assert(strstr(page, "accepted until Friday 30 April 2027") != NULL,
	    "%s", page);
	cr_assert(strstr(page, "Kept &lt;for&gt; the rota (Sam Example "
			       "answers for it") != NULL, "%s", page);
	cr_assert(strstr(page, "3 problems to fix (and 1 risk the office "
			       "accepted") != NULL, "%s", page);
	cr_assert(strstr(page, "<b>expired</b> on 2026-10-31") != NULL, "%s",
	    page);
	free(page);
	pc_report_free(r);
}
