/* Accepted risks: the file's checks (one precise line each) and a scan's
 * use of it (accepted, expired, stale, police findings refused). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/accepted.h"
#include "agent/lib/date.h"
#include "agent/lib/err.h"

#define ID1 "0123456789abcdef0123456789abcdef"
#define ID2 "fedcba9876543210fedcba9876543210"

static const char *const staff[] = { "Sam Example", "Alex Caseworker" };
static char path[64];

/* Writes text to a temporary accepted file; its path is in path. */
static void
write_file(const char *text)
{
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/pc-accepted-XXXXXX");
	cr_assert_geq(fd = mkstemp(path), 0);
	cr_assert_not_null(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
}

/* The day number of "YYYY-MM-DD". */
static long
day(const char *s)
{
	long d;

	cr_assert(pc_date_parse(&d, s), "%s", s);
	return d;
}

/* Loads text expecting an error; returns it. */
static const char *
load_fail(const char *text)
{
	struct pc_accepted *a = NULL;
	int r;

	write_file(text);
	r = pc_accepted_load(&a, path, staff, 2, day("2026-12-06"));
	unlink(path);
	cr_assert_eq(r, PC_ECONFIG, "should fail: %s", text);
	cr_assert_null(a);
	return pc_error_get();
}

/* One entry with the given members. */
static char *
entry(const char *id, const char *reason, const char *owner, const char *on,
    const char *expires)
{
	static char text[1024];

	snprintf(text, sizeof(text), "accepted:\n  - id: %s\n%s%s%s%s", id,
	    reason, owner, on, expires);
	return text;
}

#define R "    reason: \"Shared casework mailbox kept for the surgery rota\"\n"
#define O "    owner: Sam Example\n"
#define ON "    accepted_on: 2026-12-01\n"
#define EX "    expires: 2027-06-01\n"

Test(accepted, a_good_file_loads)
{
	struct pc_accepted *a = NULL;

	write_file("# accepted risks\naccepted:\n"
		   "  - id: " ID1 "\n" R O ON EX
		   "  - id: " ID2 "\n" R "    owner: alex caseworker\n"
		   "    accepted_on: 2025-12-06\n    expires: 2026-12-06\n");
	cr_assert_eq(pc_accepted_load(&a, path, staff, 2, day("2026-12-06")),
	    0, "%s", pc_error_get());
	unlink(path);
	cr_assert_eq(a->n, 2);
	cr_assert_str_eq(a->v[0].id, ID1);
	cr_assert_eq(a->v[0].line, 3);
	cr_assert_str_eq(a->v[1].expires, "2026-12-06");
	pc_accepted_free(a);
}

Test(accepted, missing_reason_names_the_line_and_the_fix)
{
	const char *e = load_fail(entry(ID1, "", O, ON, EX));

	cr_assert(strstr(e, ":2: accepted[0].reason: missing; say why"), "%s",
	    e);
}

Test(accepted, owner_not_on_staff_lists_the_staff)
{
	const char *e = load_fail(entry(ID1, R, "    owner: Sam Exmaple\n", ON,
	    EX));

	cr_assert(strstr(e, ":2: accepted[0].owner: \"Sam Exmaple\" is not on "
			    "the config's staff list; name one of: Sam "
			    "Example, Alex Caseworker"), "%s", e);
}

Test(accepted, expiry_more_than_a_year_after_is_refused)
{
	const char *e = load_fail(entry(ID1, R, O, ON,
	    "    expires: 2027-12-02\n"));

	cr_assert(strstr(e, "accepted[0].expires: 2027-12-02 is more than one "
			    "year after accepted_on 2026-12-01") &&
		strstr(e, "use 2027-12-01 or earlier"), "%s", e);
}

Test(accepted, exactly_one_year_is_allowed_and_leap_day_ends_on_28_february)
{
	struct pc_accepted *a = NULL;

	write_file(entry(ID1, R, O, ON, "    expires: 2027-12-01\n"));
	cr_assert_eq(pc_accepted_load(&a, path, staff, 2, day("2026-12-06")),
	    0, "%s", pc_error_get());
	unlink(path);
	pc_accepted_free(a);
	cr_assert_eq(pc_date_add_year(day("2024-02-29")), day("2025-02-28"));
}

Test(accepted, malformed_dates_say_how_to_write_one)
{
	const char *e = load_fail(entry(ID1, R, O,
	    "    accepted_on: 1/12/2026\n", EX));

	cr_assert(strstr(e, "accepted[0].accepted_on: \"1/12/2026\" is not a "
			    "date; write it as YYYY-MM-DD"), "%s", e);
	e = load_fail(entry(ID1, R, O, ON, "    expires: 2027-02-30\n"));
	cr_assert(strstr(e, "accepted[0].expires: \"2027-02-30\" is not a "
			    "date"), "%s", e);
}

Test(accepted, accepted_on_in_the_future_or_expiry_before_it_is_refused)
{
	const char *e = load_fail(entry(ID1, R, O,
	    "    accepted_on: 2026-12-07\n", EX));

	cr_assert(strstr(e, "accepted_on: 2026-12-07 is after today "
			    "(2026-12-06)"), "%s", e);
	e = load_fail(entry(ID1, R, O, ON, "    expires: 2026-11-30\n"));
	cr_assert(strstr(e, "expires: is before accepted_on"), "%s", e);
}

Test(accepted, duplicate_id_names_both_lines)
{
	const char *e = load_fail("accepted:\n  - id: " ID1 "\n" R O ON EX
				  "  - id: " ID1 "\n" R O ON EX);

	cr_assert(strstr(e, ":7: accepted[1].id: " ID1 " is already accepted "
			    "at line 2; keep one entry per finding"), "%s", e);
}

Test(accepted, an_id_that_is_not_a_finding_id_is_refused)
{
	const char *e = load_fail(entry("ABC", R, O, ON, EX));

	cr_assert(strstr(e, "accepted[0].id: \"ABC\" is not a finding id"),
	    "%s", e);
}

Test(accepted, unknown_key_and_missing_file_are_errors)
{
	struct pc_accepted *a = NULL;
	const char *e = load_fail("accepted:\n  - id: " ID1 "\n" R O ON EX
				  "    expiry: 2027-01-01\n");

	cr_assert(strstr(e, ":7: accepted[0].expiry: unknown key"), "%s", e);
	cr_assert_eq(pc_accepted_load(&a, "/nonexistent/accepted.yaml", staff,
			 2, 0), PC_ECONFIG);
	cr_assert(strstr(pc_error_get(), "remove report.accepted_file"), "%s",
	    pc_error_get());
}

/* A report with findings ID1 (high, pds) and ID2 (critical, police). */
static struct pc_report *
report_two(void)
{
	struct pc_report *r = pc_report_new();
	struct pc_report_finding f = { 0 };

	f.check = "email";
	f.rule = "shared_mailbox";
	f.title = "Shared mailbox";
	f.subject = "office@example.org";
	f.escalate_to = "office_fixes";
	f.severity = PC_SEV_HIGH;
	f.id = ID1;
	f.overdue = true;
	cr_assert_eq(pc_report_add_finding(r, &f), 0);
	f.id = ID2;
	f.check = "threats";
	f.rule = "threat_to_life";
	f.severity = PC_SEV_CRITICAL;
	f.escalate_to = "police_now";
	f.overdue = false;
	cr_assert_eq(pc_report_add_finding(r, &f), 0);
	r->fail_on = PC_SEV_HIGH;
	return r;
}

/* Counts warnings. */
static void
count_warn(const char *line, void *arg)
{
	(void)line;
	(*(int *)arg)++;
}

/* Loads entries (text) and applies them to report_two on day today. */
static int
apply_text(struct pc_report **r_out, const char *text, const char *today,
    int *warnings)
{
	struct pc_policy policy;
	struct pc_accepted *a = NULL;
	int rc;

	memset(&policy, 0, sizeof(policy));
	write_file(text);
	cr_assert_eq(pc_accepted_load(&a, path, staff, 2, day("2026-12-06")),
	    0, "%s", pc_error_get());
	unlink(path);
	*r_out = report_two();
	rc = pc_accepted_apply(*r_out, a, &policy, day(today), count_warn,
	    warnings);
	pc_accepted_free(a);
	return rc;
}

Test(accepted, an_accepted_finding_stays_listed_but_not_counted)
{
	struct pc_report_summary s;
	struct pc_report *r;
	int warnings = 0;

	cr_assert_eq(apply_text(&r, entry(ID1, R, O, ON, EX), "2026-12-06",
	    &warnings), 0, "%s", pc_error_get());
	cr_assert_eq(warnings, 0);
	cr_assert_eq(r->nfindings, 2);
	cr_assert_not_null(r->findings[0].accepted);
	cr_assert_str_eq(r->findings[0].accepted->until, "2027-06-01");
	cr_assert_str_eq(r->findings[0].accepted->owner, "Sam Example");
	cr_assert(!r->findings[0].overdue, "an accepted finding is not overdue");
	cr_assert_eq(r->nacceptances, 1);
	cr_assert_eq(r->acceptances[0].state, PC_ACCEPTANCE_APPLIED);
	r->findings[1].escalate_to[0] = 'x'; /* only ID1 left above fail_on */
	r->findings[1].severity = PC_SEV_LOW;
	pc_report_summarize(r, &s);
	cr_assert_eq(s.accepted, 1);
	cr_assert(!s.at_threshold, "accepted high does not reach fail_on");
	cr_assert_eq(s.by_severity[PC_SEV_HIGH], 1, "still counted by severity");
	pc_report_free(r);
}

Test(accepted, an_expired_acceptance_counts_again_with_a_warning)
{
	struct pc_report_summary s;
	struct pc_report *r;
	int warnings = 0;

	cr_assert_eq(apply_text(&r, entry(ID1, R, O, ON, EX), "2027-06-02",
	    &warnings), 0, "%s", pc_error_get());
	cr_assert_eq(warnings, 1);
	cr_assert_null(r->findings[0].accepted);
	cr_assert_eq(r->acceptances[0].state, PC_ACCEPTANCE_EXPIRED);
	pc_report_summarize(r, &s);
	cr_assert(s.at_threshold);
	pc_report_free(r);
	/* The last day still applies. */
	cr_assert_eq(apply_text(&r, entry(ID1, R, O, ON, EX), "2027-06-01",
	    &warnings), 0);
	cr_assert_not_null(r->findings[0].accepted);
	pc_report_free(r);
}

Test(accepted, a_stale_id_warns_and_does_no_harm)
{
	struct pc_report *r;
	int warnings = 0;

	cr_assert_eq(apply_text(&r, entry("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", R,
	    O, ON, EX), "2026-12-06", &warnings), 0);
	cr_assert_eq(warnings, 1);
	cr_assert_eq(r->acceptances[0].state, PC_ACCEPTANCE_STALE);
	cr_assert_null(r->findings[0].accepted);
	cr_assert_null(r->findings[1].accepted);
	pc_report_free(r);
}

Test(accepted, a_police_finding_cannot_be_accepted)
{
	struct pc_report *r;
	int warnings = 0;

	cr_assert_eq(apply_text(&r, entry(ID2, R, O, ON, EX), "2026-12-06",
	    &warnings), PC_ECONFIG);
	cr_assert(strstr(pc_error_get(), ":2: accepted[0].id: " ID2 " is a "
					 "finding for the police"), "%s",
	    pc_error_get());
	pc_report_free(r);
}

Test(accepted, a_moved_finding_keeps_its_acceptance)
{
	struct pc_report *r;
	int warnings = 0;
	struct pc_policy policy;
	struct pc_accepted *a = NULL;

	memset(&policy, 0, sizeof(policy));
	write_file(entry("cccccccccccccccccccccccccccccccc", R, O, ON, EX));
	cr_assert_eq(pc_accepted_load(&a, path, staff, 2, day("2026-12-06")),
	    0);
	unlink(path);
	r = report_two();
	r->findings[0].moved_from = strdup("cccccccccccccccccccccccccccccccc");
	cr_assert_eq(pc_accepted_apply(r, a, &policy, day("2026-12-06"),
			 count_warn, &warnings), 0);
	cr_assert_not_null(r->findings[0].accepted);
	cr_assert_eq(warnings, 0);
	pc_accepted_free(a);
	pc_report_free(r);
}
