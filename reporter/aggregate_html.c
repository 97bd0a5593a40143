/* The fleet view as one self-contained HTML page for the PDS team. */
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "aggregate.h"
#include "html.h"
#include "out.h"

#define FLEET_HTML_CAP (256u << 20)

/* Appends a value from disk or a report: valid UTF-8, HTML-escaped. */
static void
put_html(struct pc_out *o, const char *s)
{
	char *c = pc_fleet_clean(s, true);

	pc_out_html(o, c);
	free(c);
}

/* Heading, where and when, what the trust rests on, and the totals. */
static void
page_top(struct pc_out *o, const struct pc_fleet *f)
{
	pc_out_put(o,
	    "<h1>Fleet view: offices' security health checks</h1>\n"
	    "<p class=\"meta\">Reports in <code>");
	put_html(o, f->dir);
	pc_out_putf(o,
	    "</code>, as of %s. A report older than %d days is overdue.</p>\n",
	    f->now, f->overdue_days);
	if (f->keyring_path) {
		pc_out_put(o,
		    "<p class=\"meta\">Each latest report's signer is checked against the keyring <code>");
		put_html(o, f->keyring_path);
		pc_out_put(o, "</code>.</p>\n");
	} else {
		pc_out_put(o,
		    "<div class=\"banner bad\"><strong>No keyring given.</strong><br>Signatures prove integrity only, not which office signed, and offices with no report cannot be listed. Run with --keyring.</div>\n");
	}
	pc_out_put(o, "<div class=\"tiles\">");
	pc_out_putf(o, "<div class=\"tile\"><b>%zu</b>office%s</div>", f->n,
	    f->n == 1 ? "" : "s");
	pc_out_putf(
	    o, "<div class=\"tile\"><b>%zu</b>verified</div>", f->nverified);
	pc_out_putf(o,
	    "<div class=\"tile\"><b>%zu</b>unverified or unreadable</div>",
	    f->nunverified + f->nunreadable);
	pc_out_putf(
	    o, "<div class=\"tile\"><b>%zu</b>missing</div>", f->nmissing);
	pc_out_putf(
	    o, "<div class=\"tile\"><b>%zu</b>overdue</div>", f->noverdue);
	pc_out_putf(o,
	    "<div class=\"tile\"><b>%zu</b>with critical findings</div>",
	    f->ncritical);
	pc_out_putf(o, "<div class=\"tile\"><b>%zu</b>incomplete</div>",
	    f->nincomplete);
	pc_out_putf(o,
	    "<div class=\"tile\"><b>%zu</b>with only accepted risks</div>",
	    f->naccepted);
	if (f->approved_path)
		pc_out_putf(o,
		    "<div class=\"tile\"><b>%zu</b>policy modified</div>",
		    f->npolicy_modified);
	pc_out_put(o, "</div>\n");
}

/* One office row: status, office, report, counts and escalations; part:
 * the office's parliament-tenant row, right under its own. */
static void
page_office(struct pc_out *o, const struct pc_fleet_office *of, bool part)
{
	static const char *const heads[] = { "Info", "Low", "Medium", "High",
		"Critical" };
	const char *word =
	    part ? pc_fleet_part_word(of) : pc_fleet_status_word(of);
	bool attention =
	    part ? pc_fleet_part_attention(of) : pc_fleet_office_attention(of);
	size_t k;
	int sev;

	pc_out_putf(o,
	    "<tr%s><td data-label=\"Status\"><span class=\"tag %s\">%s</span></td><td data-label=\"Office\">",
	    part ? " class=\"scope\"" : "",
	    attention                           ? "fail"
		: strcmp(word, "accepted") == 0 ? "persisting"
						: "pass",
	    word);
	if (part || of->scope_tenant)
		pc_out_put(o,
		    "<span class=\"k\">Parliament tenant accounts (PDS scan)</span> ");
	pc_out_put(o, "<code>");
	put_html(o, of->office_id);
	pc_out_put(o, "</code>");
	if (of->state != PC_FLEET_VERIFIED) {
		pc_out_put(o, "</td><td colspan=\"9\"><span class=\"k\">");
		pc_out_put(o,
		    of->state == PC_FLEET_MISSING ? "Missing: "
						  : "Not trusted: ");
		pc_out_put(o, "</span>");
		put_html(o, of->reason);
		pc_out_put(o, "<br><span class=\"details\"><code>");
		put_html(o, of->folder);
		pc_out_put(o, "</code></span></td></tr>\n");
		if (of->tenant)
			page_office(o, of->tenant, true);
		return;
	}
	pc_out_put(o, "<br>");
	put_html(o, of->office_name);
	pc_out_putf(o,
	    "</td><td data-label=\"Report\">%.10s<br>%lld day%s ago%s</td><td data-label=\"Scan\">%s",
	    of->generated_at, of->age_days, of->age_days == 1 ? "" : "s",
	    of->keyring_trusted ? "" : "<br>(signer not in a keyring check)",
	    of->complete ? "complete" : "<b>INCOMPLETE</b>");
	if (of->accepted)
		pc_out_putf(o,
		    "<br>%zu accepted risk%s, the first to review by %s",
		    of->accepted, of->accepted == 1 ? "" : "s",
		    of->accepted_until);
	for (k = 0; k < of->ngaps; k++) {
		pc_out_put(o, "<br><span class=\"details\">");
		put_html(o, of->gaps[k]);
		pc_out_put(o, "</span>");
	}
	pc_out_put(o, "</td>");
	for (sev = PC_SEV_CRITICAL; sev >= PC_SEV_INFO; sev--)
		pc_out_putf(o, "<td data-label=\"%s\">%zu</td>", heads[sev],
		    of->by_severity[sev]);
	pc_out_putf(o,
	    "<td data-label=\"Overdue\">%zu</td><td data-label=\"Police, security, PDS\">",
	    of->overdue_findings);
	for (k = 0; k < of->nrouted; k++) {
		pc_out_putf(o,
		    "%s<span class=\"tag %s\">%s</span>%s <span class=\"id\">%s</span> ",
		    k ? "<br>" : "", pc_severity_name(of->routed[k].severity),
		    pc_severity_name(of->routed[k].severity),
		    of->routed[k].route, of->routed[k].id);
		put_html(o, of->routed[k].title);
	}
	if (of->routed_more)
		pc_out_putf(o, "<br>and %zu more", of->routed_more);
	pc_out_put(o, "</td></tr>\n");
	if (of->tenant)
		page_office(o, of->tenant, true);
}

/* Renders the fleet view page. */
int
pc_fleet_html(char **text_out, size_t *len_out, const struct pc_fleet *f)
{
	struct pc_out o;
	size_t i;
	int rc;

	*text_out = NULL;
	pc_out_init(&o, FLEET_HTML_CAP);
	/* The page loads nothing: a stray tag from a report could not
	 * fetch or run anything even if escaping ever failed. */
	pc_out_put(&o,
	    "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Fleet view: security health checks</title>\n");
	if (o.err == 0 && (rc = pc_html_style(&o.b)) != 0)
		o.err = rc;
	/* A table of eleven columns: the page may use a wide screen. */
	pc_out_put(&o, "</head><body class=\"wide\">\n");
	page_top(&o, f);
	pc_out_put(&o,
	    "<h2>Offices, most urgent first</h2>\n<table class=\"stack\"><tr class=\"head\"><th>Status</th><th>Office</th><th>Report</th><th>Scan</th><th>Critical</th><th>High</th><th>Medium</th><th>Low</th><th>Info</th><th>Overdue</th><th>Police, security, PDS</th></tr>\n");
	for (i = 0; i < f->n; i++)
		page_office(&o, &f->offices[i], false);
	pc_out_put(&o,
	    "</table>\n<footer>Made by portcullis aggregate. Counts come only from reports that verified; an unverified report's contents are not shown.</footer>\n"
	    "</body></html>\n");
	return pc_out_finish(&o, text_out, len_out, "the fleet view page");
}
