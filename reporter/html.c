/* report.html: the report as one self-contained, printable page. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/lib/err.h"
#include "agent/routes.h"
#include "html.h"
#include "out.h"
#include "steps.h"

#define HTML_CAP (256u << 20)

/* Formats an ISO time as a day a person reads. */
void
pc_html_day(char out[64], const char *iso)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof(tm));
	end = iso ? strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	if (end == NULL || *end != '\0') {
		snprintf(out, 64, "%s", iso ? iso : "");
		return;
	}
	tm.tm_isdst = 0;
	(void)timegm(&tm); /* fills tm_wday */
	strftime(out, 64, "%A %-d %B %Y", &tm);
}

/* The clock part of an ISO time, "08:17 UTC"; "" when not that shape. */
static void
clock_of(char out[16], const char *iso)
{
	if (iso == NULL || strlen(iso) != 20 || iso[10] != 'T' ||
	    iso[19] != 'Z') {
		out[0] = '\0';
		return;
	}
	snprintf(out, 16, "%.5s UTC", iso + 11);
}

/* The shared stylesheet: readable on screen, compact and clean on paper. */
int
pc_html_style(struct pc_buf *b)
{
	return pc_buf_adds(b,
	    "<style>\n"
	    ":root{--ink:#1b1b1b;--muted:#505a5f;--line:#b1b4b6;--crit:#942514;--high:#d4351c;--med:#f47738;--low:#1d70b8;--info:#505a5f;--ok:#00703c;--warn:#ffdd00}\n"
	    "*{box-sizing:border-box}\n"
	    "body{font-family:Arial,Helvetica,sans-serif;color:var(--ink);max-width:60rem;margin:0 auto;padding:1.5rem;line-height:1.45;font-size:16px}body.wide{max-width:90rem}\n"
	    "h1{font-size:1.9rem;margin:0 0 .3rem}h2{font-size:1.4rem;margin:2rem 0 .6rem;border-bottom:3px solid var(--ink);padding-bottom:.2rem}h3{font-size:1.15rem;margin:1.4rem 0 .5rem}\n"
	    ".meta{color:var(--muted);margin:.2rem 0}\n"
	    ".banner{padding:1rem 1.2rem;margin:1.2rem 0;border-left:8px solid var(--ok);background:#f3f2f1}\n"
	    ".banner.bad{border-left-color:var(--high)}.banner strong{font-size:1.2rem}\n"
	    ".tiles{display:flex;flex-wrap:wrap;gap:.6rem;margin:1rem 0}.tile{border:1px solid var(--line);padding:.5rem .8rem;min-width:7rem}.tile b{display:block;font-size:1.6rem}\n"
	    "table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;vertical-align:top;padding:.45rem .5rem;border-bottom:1px solid var(--line)}th{background:#f3f2f1}\n"
	    ".tag{display:inline-block;padding:.05rem .45rem;font-size:.8rem;font-weight:bold;color:#fff;background:var(--info);text-transform:uppercase;letter-spacing:.03em;margin-right:.3rem}\n.tag.critical{background:var(--crit)}.tag.high{background:var(--high)}.tag.medium{background:var(--med);color:#0b0c0c}.tag.low{background:var(--low)}.tag.pass{background:var(--ok)}.tag.fail{background:var(--high)}.tag.error{background:#0b0c0c}.tag.overdue{background:var(--warn);color:#0b0c0c}.tag.new{background:#4c2c92}.tag.persisting{background:#505a5f}\n.card{border:1px solid var(--line);border-left:6px solid var(--info);padding:.7rem .9rem;margin:.6rem 0;break-inside:avoid;page-break-inside:avoid}\n"
	    ".card.critical{border-left-color:var(--crit)}.card.high{border-left-color:var(--high)}.card.medium{border-left-color:var(--med)}.card.low{border-left-color:var(--low)}\n"
	    ".card h4{margin:0 0 .35rem;font-size:1.05rem}.card h4,.card p{overflow-wrap:anywhere}"
	    /* In a table a word breaks only when it cannot fit a line of
	     * its own ("anywhere" would let auto layout squeeze columns
	     * until ordinary words split). */
	    "td{overflow-wrap:break-word}.tag{overflow-wrap:normal;white-space:nowrap}.card p{margin:.25rem 0}.k{font-weight:bold}\n"
	    "code,.id{font-family:Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}td code,td .id{overflow-wrap:break-word}\n.subject{overflow-wrap:anywhere}\n"
	    ".box{display:inline-block;width:1rem;height:1rem;border:2px solid var(--ink);margin-right:.5rem;vertical-align:-.15rem}\n"
	    ".route{border:2px solid var(--ink);padding:.8rem 1rem;margin:1.2rem 0 .6rem;break-inside:avoid}.route h2{border:0;margin:0 0 .4rem;padding:0}.route.r1{border-color:var(--crit);background:#fbe9e7}\n"
	    ".next{padding:.8rem 1.2rem;margin:1rem 0;border:3px solid var(--ink);font-size:1.05rem}.next strong{font-size:1.2rem}\n"
	    ".routeinfo{border-top:1px dashed var(--line);margin-top:.35rem;padding-top:.2rem}.late{color:var(--crit)}\n"
	    ".details{font-size:.9rem;color:#303638}.details p{margin:0}\n"
	    "footer{margin-top:2.5rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);padding-top:.6rem}\n"
	    /* WCAG 1.4.10 Reflow: on a narrow screen a wide table becomes
	     * one block per row, each cell labelled with its column, so the
	     * page never scrolls sideways. */
	    "@media screen and (max-width:40rem){body{padding:.8rem}h1{font-size:1.6rem}table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}table.stack tr.head{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}table.stack tr{border-bottom:2px solid var(--line);padding:.4rem 0}table.stack td{border:0;padding:.1rem 0}table.stack td[data-label]::before{content:attr(data-label) \": \";font-weight:bold}.tile{min-width:0;flex:1 1 8rem}}\n"
	    "@media print{body{font-size:11pt;padding:0;max-width:none}h2,h3,.route{break-after:avoid}.banner,.tile{border:1px solid #000}a{color:inherit;text-decoration:none}.tag,.banner,.route.r1,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}.tiles{gap:.3rem}.tile{min-width:0;padding:.3rem .6rem}.tile b{font-size:1.3rem}@page{margin:15mm}}\n"
	    "</style>\n");
}

/* Plain-English name of a check status. */
static const char *
status_words(enum pc_status st)
{
	switch (st) {
	case PC_STATUS_PASS: return "Passed";
	case PC_STATUS_FAIL: return "Problems found";
	case PC_STATUS_ERROR: return "Could not finish";
	case PC_STATUS_SKIPPED: return "Skipped";
	case PC_STATUS_NOT_APPLICABLE: return "Not used by this office";
	}
	return "Unknown";
}

/* Route name for a route id, or the id itself. */
static const char *
route_name(const struct pc_escalation *esc, const char *id)
{
	const struct pc_route *rt;

	if (id == NULL)
		return "not set";
	rt = esc ? pc_escalation_find(esc, id) : NULL;
	return rt ? rt->name : id;
}

/* The text a step gives for "by when": its route's own words (police:
 * now) or its due day. */
static void
put_by(struct pc_out *o, const struct pc_step *st)
{
	char day[64];

	if (st->route && st->route->by) {
		pc_out_html(o, st->route->by);
		return;
	}
	pc_html_day(day, st->f[0]->due);
	pc_out_put(o, "by ");
	pc_out_html(o, day);
	if (st->overdue)
		pc_out_put(o, " (this date has passed: do it now)");
}

/*
 * "What to do now", under the banner: how many problems, how many are
 * overdue or critical, where the step-by-step list is, and the checklist's
 * first step (the most urgent: police first, then the earliest date,
 * critical first) with its route, so a police or Parliamentary security
 * matter cannot be missed below the tables.
 */
static void
render_next(struct pc_out *o, const struct pc_report *r,
    const struct pc_report_summary *s, const struct pc_steps *steps)
{
	const struct pc_step *top;
	size_t i, nover = 0, ncrit = 0;

	if (r->nfindings == 0 || steps->n == 0)
		return;
	for (i = 0; i < r->nfindings; i++) {
		nover += r->findings[i].overdue;
		ncrit += r->findings[i].severity == PC_SEV_CRITICAL &&
		    r->findings[i].accepted == NULL;
	}
	pc_out_putf(o,
	    "<div class=\"next\"><strong>What to do now</strong><br>%zu problem%s to fix",
	    r->nfindings - s->accepted,
	    r->nfindings - s->accepted == 1 ? "" : "s");
	if (ncrit)
		pc_out_putf(o, ", %zu of them critical", ncrit);
	if (s->accepted)
		pc_out_putf(o,
		    " (and %zu risk%s the office accepted, listed below)",
		    s->accepted, s->accepted == 1 ? "" : "s");
	if (nover)
		pc_out_putf(o,
		    " (%zu overdue: past the date they should have been fixed by)",
		    nover);
	pc_out_put(o,
	    ". Open <b>checklist.html</b> in this folder and work from the top; it says who does what and by when.");
	top = &steps->v[0];
	pc_out_put(o, "<br><span class=\"k\">Most urgent:</span> ");
	pc_out_html(o, top->title ? top->title : top->f[0]->title);
	pc_out_put(o, " (");
	pc_out_html(o, pc_severity_name(top->severity));
	pc_out_put(o, "), ");
	put_by(o, top);
	if (top->route) {
		pc_out_put(o, ". Who to tell: ");
		pc_out_html(o, top->route->name);
	}
	pc_out_put(o, ".</div>\n");
}

/* True if day (YYYY-MM-DD) is the day after the ISO time iso. */
static bool
is_next_day(const char *day, const char *iso)
{
	struct tm tm;
	char next[16];
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return false;
	t = timegm(&tm) + 86400;
	gmtime_r(&t, &tm);
	strftime(next, sizeof(next), "%Y-%m-%d", &tm);
	return strcmp(next, day) == 0;
}

/*
 * The summary a digital lead can act on: how many of the checks that
 * apply found something to fix, and how many steps are due first (and
 * by when), instead of a bare pass ratio.
 */
static void
render_tiles(struct pc_out *o, const struct pc_report *r,
    const struct pc_report_summary *s, const struct pc_steps *steps)
{
	size_t used = r->nchecks - s->by_status[PC_STATUS_NOT_APPLICABLE];
	size_t fail = s->by_status[PC_STATUS_FAIL], i, nfirst = 0, nover = 0;
	const char *first = NULL;
	char day[64], iso[32];
	int sev;

	for (i = 0; i < steps->n; i++) {
		const struct pc_step *st = &steps->v[i];

		if (st->overdue) {
			nover++;
			continue;
		}
		if (st->now)
			continue;
		if (first == NULL)
			first = st->day;
		nfirst += strcmp(st->day, first) == 0;
	}
	pc_out_putf(o,
	    "<div class=\"tiles\"><div class=\"tile\"><b>%zu of %zu</b>check%s %s something to fix</div>",
	    fail, used, used == 1 ? "" : "s", fail == 1 ? "has" : "have");
	if (nover)
		pc_out_putf(o,
		    "<div class=\"tile\"><b>%zu</b>step%s overdue</div>", nover,
		    nover == 1 ? "" : "s");
	if (first) {
		pc_out_putf(o, "<div class=\"tile\"><b>%zu</b>step%s due ",
		    nfirst, nfirst == 1 ? " is" : "s are");
		if (is_next_day(first, r->started_at))
			pc_out_put(o, "tomorrow");
		else {
			snprintf(iso, sizeof(iso), "%.10sT00:00:00Z", first);
			pc_html_day(day, iso);
			pc_out_put(o, "by ");
			pc_out_html(o, day);
		}
		pc_out_put(o, "</div>");
	}
	for (sev = PC_SEV_CRITICAL; sev >= PC_SEV_INFO; sev--)
		pc_out_putf(o,
		    "<div class=\"tile\"><b>%zu</b>%s finding%s</div>",
		    s->by_severity[sev], pc_severity_name(sev),
		    s->by_severity[sev] == 1 ? "" : "s");
	pc_out_put(o, "</div>\n");
}

/* The heading, completeness banner and the count tiles. */
static void
render_top(struct pc_out *o, const struct pc_report *r,
    const struct pc_report_summary *s, const struct pc_steps *steps)
{
	char day[64], from[16], to[16];

	pc_html_day(day, r->started_at);
	pc_out_put(o, "<h1>Security health check</h1>\n<p class=\"meta\"><b>");
	pc_out_html(o, r->office_name);
	pc_out_put(o, "</b> (office id <code>");
	pc_out_html(o, r->office_id);
	pc_out_put(o, "</code>)</p>\n<p class=\"meta\">Scan of ");
	pc_out_html(o, day);
	clock_of(from, r->started_at);
	clock_of(to, r->finished_at);
	if (from[0] && to[0]) {
		pc_out_put(o, ", ");
		pc_out_html(o, from);
		pc_out_put(o, " to ");
		pc_out_html(o, to);
	}
	pc_out_put(o, ". Digital lead: ");
	pc_out_html(o, r->digital_lead);
	pc_out_put(o, ".</p>\n");
	if (s->complete) {
		pc_out_put(o,
		    "<div class=\"banner\"><strong>This scan is complete.</strong><br>Every check that applies to the office ran to the end.</div>\n");
	} else {
		pc_out_put(o,
		    "<div class=\"banner bad\"><strong>This scan is INCOMPLETE.</strong><br>");
		if (r->no_sandbox)
			pc_out_put(o,
			    "The checks ran without their sandbox (--no-sandbox). ");
		if (s->by_status[PC_STATUS_ERROR])
			pc_out_putf(o, "%zu check%s could not finish. ",
			    s->by_status[PC_STATUS_ERROR],
			    s->by_status[PC_STATUS_ERROR] == 1 ? "" : "s");
		if (s->mandatory_skipped)
			pc_out_putf(o, "%zu required check%s did not run. ",
			    s->mandatory_skipped,
			    s->mandatory_skipped == 1 ? "" : "s");
		pc_out_put(o,
		    "Problems in those areas are not listed below, so do not read \"no findings\" as \"all clear\". The table of checks says why.</div>\n");
	}
	render_next(o, r, s, steps);
	render_tiles(o, r, s, steps);
}

/* What changed since the previous report. */
static void
render_changes(struct pc_out *o, const struct pc_report *r)
{
	size_t i, nnew = 0, npers = 0, nover = 0;
	char day[64];

	pc_out_put(o, "<h2>What changed since the last report</h2>\n");
	if (r->previous_report_sha256 == NULL) {
		pc_out_put(o,
		    "<p>This is the office's first report, so every finding is new.</p>\n");
		return;
	}
	for (i = 0; i < r->nfindings; i++) {
		if (r->findings[i].persisting)
			npers++;
		else
			nnew++;
		if (r->findings[i].overdue)
			nover++;
	}
	pc_out_put(o,
	    "<table><tr><th>New</th><th>Still there</th><th>Fixed</th><th>Overdue</th></tr>");
	pc_out_putf(o,
	    "<tr><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td></tr></table>\n",
	    nnew, npers, r->nresolved, nover);
	if (nover) {
		pc_out_put(o,
		    "<h3>Overdue: past the date they should have been fixed by</h3>\n<ul>");
		for (i = 0; i < r->nfindings; i++) {
			const struct pc_report_finding *f = &r->findings[i];

			if (!f->overdue)
				continue;
			pc_out_put(o, "<li>");
			pc_out_html(o, f->title);
			pc_out_put(o, " &ndash; <span class=\"subject\">");
			pc_out_html(o, f->subject);
			pc_html_day(day, f->due);
			pc_out_put(o, "</span> (was due ");
			pc_out_html(o, day);
			pc_out_put(o, ")</li>");
		}
		pc_out_put(o, "</ul>\n");
	}
	if (r->nresolved) {
		pc_out_put(o, "<h3>Fixed since the last report</h3>\n<ul>");
		for (i = 0; i < r->nresolved; i++) {
			pc_out_put(o, "<li>");
			pc_out_html(o, r->resolved[i].title);
			pc_out_put(o, " &ndash; <span class=\"subject\">");
			pc_out_html(o, r->resolved[i].subject);
			pc_out_put(o, "</span></li>");
		}
		pc_out_put(o, "</ul>\n");
	}
}

/* The table of checks with their reasons. */
static void
render_checks(struct pc_out *o, const struct pc_report *r)
{
	size_t i, j;

	pc_out_put(o,
	    "<h2>Checks</h2>\n<table class=\"stack\"><tr class=\"head\"><th>Check</th><th>Result</th><th>Findings</th><th>Details</th></tr>\n");
	for (i = 0; i < r->nchecks; i++) {
		const struct pc_report_check *c = &r->checks[i];

		pc_out_put(o, "<tr><td data-label=\"Check\"><b>");
		pc_out_html(o, c->title ? c->title : c->id);
		pc_out_put(o, "</b><br><code>");
		pc_out_html(o, c->id);
		pc_out_putf(o,
		    "</code></td><td data-label=\"Result\"><span class=\"tag %s\">%s</span>",
		    pc_status_name(c->status), status_words(c->status));
		if (c->mandatory)
			pc_out_put(o, "<br><small>required</small>");
		pc_out_putf(o,
		    "</td><td data-label=\"Findings\">%zu</td><td data-label=\"Details\" class=\"details\">",
		    c->nfindings);
		if (c->reason) {
			pc_out_put(o, "<p><span class=\"k\">Why:</span> ");
			pc_out_html(o, c->reason);
			pc_out_put(o, "</p>");
		}
		for (j = 0; j < c->ncounts; j++) {
			pc_out_html(o, c->counts[j]);
			pc_out_put(o, "<br>");
		}
		pc_out_put(o, "</td></tr>\n");
	}
	pc_out_put(o, "</table>\n");
}

/* "YYYY-MM-DD" as the ISO time of that day's start, in out. */
static const char *
accepted_iso(char out[32], const char *day)
{
	snprintf(out, 32, "%.10sT00:00:00Z", day);
	return out;
}

/* The accepted file's entries that did not apply: expired (the finding
 * counts again) or stale (no finding has the id). */
static void
render_acceptances(struct pc_out *o, const struct pc_report *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->nacceptances; i++)
		n += r->acceptances[i].state != PC_ACCEPTANCE_APPLIED;
	if (n == 0)
		return;
	pc_out_put(o, "<h3>Accepted risks that no longer apply</h3>\n<ul>");
	for (i = 0; i < r->nacceptances; i++) {
		const struct pc_report_acceptance *a = &r->acceptances[i];

		if (a->state == PC_ACCEPTANCE_APPLIED)
			continue;
		pc_out_put(o, "<li><span class=\"id\">");
		pc_out_html(o, a->id);
		pc_out_put(o, "</span>: ");
		if (a->state == PC_ACCEPTANCE_EXPIRED) {
			pc_out_put(o, "<b>expired</b> on ");
			pc_out_html(o, a->a.until);
			pc_out_put(o, ", so the finding counts again. ");
		} else {
			pc_out_put(o,
			    "<b>stale</b>: no finding of this scan has this id (fixed, or the id is wrong). ");
		}
		pc_out_put(o, "Reason given: ");
		pc_out_html(o, a->a.reason);
		pc_out_put(o, " (");
		pc_out_html(o, a->a.owner);
		pc_out_put(o, ")</li>\n");
	}
	pc_out_put(o, "</ul>\n");
}

/* One finding as a card. */
static void
render_finding(struct pc_out *o, const struct pc_report_finding *f,
    const struct pc_escalation *esc_routes)
{
	const struct pc_route *rt;
	char day[64], iso[32];

	pc_out_putf(
	    o, "<div class=\"card %s\"><h4>", pc_severity_name(f->severity));
	pc_out_putf(o, "<span class=\"tag %s\">%s</span>",
	    pc_severity_name(f->severity), pc_severity_name(f->severity));
	pc_out_putf(o, "<span class=\"tag %s\">%s</span>",
	    f->persisting ? "persisting" : "new",
	    f->persisting ? "still there" : "new");
	if (f->overdue)
		pc_out_put(o, "<span class=\"tag overdue\">overdue</span>");
	if (f->accepted) {
		pc_html_day(day, accepted_iso(iso, f->accepted->until));
		pc_out_put(o, "<span class=\"tag persisting\">accepted until ");
		pc_out_html(o, day);
		pc_out_put(o, "</span>");
	}
	pc_out_html(o, f->title);
	pc_out_put(o,
	    "</h4>\n<p><span class=\"k\">Where:</span> <span class=\"subject\">");
	pc_out_html(o, f->subject);
	pc_out_put(o, "</span></p>\n");
	if (f->evidence) {
		pc_out_put(o, "<p><span class=\"k\">What was seen:</span> ");
		pc_out_html(o, f->evidence);
		pc_out_put(o, "</p>\n");
	}
	if (f->accepted) {
		pc_out_put(
		    o, "<p><span class=\"k\">Accepted by the office:</span> ");
		pc_out_html(o, f->accepted->reason);
		pc_out_put(o, " (");
		pc_out_html(o, f->accepted->owner);
		pc_out_put(o, " answers for it; accepted on ");
		pc_out_html(o, f->accepted->accepted_on);
		pc_out_put(o, ", until ");
		pc_out_html(o, f->accepted->until);
		pc_out_put(o, "; not counted towards the scan's result)</p>\n");
	}
	if (f->remediation) {
		pc_out_put(o, "<p><span class=\"k\">What to do:</span> ");
		pc_out_html(o, f->remediation);
		pc_out_put(o, "</p>\n");
	}
	rt = esc_routes ? pc_escalation_find(esc_routes, f->escalate_to) : NULL;
	pc_html_day(day, f->due);
	pc_out_put(o, "<p><span class=\"k\">Fix by:</span> ");
	pc_out_html(o, rt && rt->by ? rt->by : day);
	pc_out_put(o, " &middot; <span class=\"k\">Who:</span> ");
	pc_out_html(o, f->owner ? f->owner : "the digital lead");
	pc_out_put(o, " &middot; <span class=\"k\">Who to tell:</span> ");
	pc_out_html(o, route_name(esc_routes, f->escalate_to));
	pc_out_put(o, "</p>\n<p class=\"meta\">Finding id <span class=\"id\">");
	pc_out_html(o, f->id);
	pc_html_day(day, f->first_seen);
	pc_out_put(o, "</span>, first seen ");
	pc_out_html(o, day);
	pc_out_put(o, "</p></div>\n");
}

/* Findings grouped by severity, most severe first. */
static void
render_findings(struct pc_out *o, const struct pc_report *r,
    const struct pc_escalation *esc_routes)
{
	static const char *const heads[] = { "Information", "Low", "Medium",
		"High", "Critical" };
	size_t i, n;
	int sev;

	pc_out_put(o, "<h2>Findings</h2>\n");
	if (r->nfindings == 0) {
		pc_out_put(o,
		    "<p>No problems were found by the checks that ran.</p>\n");
		render_acceptances(o, r);
		return;
	}
	pc_out_put(o,
	    "<p>The step-by-step list of what to do, in order, is in <b>checklist.html</b> next to this page.</p>\n");
	for (sev = PC_SEV_CRITICAL; sev >= PC_SEV_INFO; sev--) {
		for (i = 0, n = 0; i < r->nfindings; i++)
			n += r->findings[i].severity == (enum pc_severity)sev;
		if (n == 0)
			continue;
		pc_out_putf(o, "<h3>%s (%zu)</h3>\n", heads[sev], n);
		for (i = 0; i < r->nfindings; i++)
			if (r->findings[i].severity == (enum pc_severity)sev)
				render_finding(o, &r->findings[i], esc_routes);
	}
	render_acceptances(o, r);
}

/* Renders report.html. */
int
pc_html_report(char **html_out, size_t *len_out, const struct pc_report *r,
    const struct pc_escalation *esc_routes, const char *key_id)
{
	struct pc_report_summary s;
	struct pc_steps steps;
	struct pc_out o;
	int rc;

	*html_out = NULL;
	if ((rc = pc_steps_build(&steps, r, esc_routes, NULL)) != 0)
		return rc;
	pc_out_init(&o, HTML_CAP);
	pc_report_summarize(r, &s);
	pc_out_put(&o,
	    "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n" PC_HTML_CSP_META
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Security health check: ");
	pc_out_html(&o, r->office_name);
	pc_out_put(&o, "</title>\n");
	if (o.err == 0 && (rc = pc_html_style(&o.b)) != 0)
		o.err = rc;
	pc_out_put(&o, "</head><body>\n");
	render_top(&o, r, &s, &steps);
	pc_steps_free(&steps);
	render_changes(&o, r);
	render_checks(&o, r);
	render_findings(&o, r, esc_routes);
	pc_out_put(&o, "<footer>portcullis ");
	pc_out_html(&o, r->agent_version);
	pc_out_put(&o, " on ");
	pc_out_html(&o, r->host);
	pc_out_put(&o, ". Policy ");
	pc_out_html(&o, r->policy_id);
	pc_out_putf(&o, " version %ld. ", r->policy_version);
	if (key_id) {
		pc_out_put(&o,
		    "report.json is signed with office key <span class=\"id\">");
		pc_out_html(&o, key_id);
		pc_out_put(&o, "</span>; ");
	}
	pc_out_put(&o,
	    "this page is a copy for people to read: the signed report.json is the record PDS checks.</footer>\n"
	    "</body></html>\n");
	return pc_out_finish(&o, html_out, len_out, "report.html");
}
