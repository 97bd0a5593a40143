/* The escalation checklist: steps by route, then owner, in plain English. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "checklist.h"
#include "html.h"
#include "out.h"

#define TEXT_CAP (256u << 20)
#define UNKNOWN_ORDER 1000000L
#define START_MAX 10 /* step numbers listed in "Start here" */


/* One step: a finding with its route's urgency, for sorting. */
struct step {
	const struct pc_report_finding *f;
	const struct pc_route *route;
	long order;
};

/* Order: route urgency, owner (named people first, A-Z), severity, due. */
static int
cmp_step(const void *pa, const void *pb)
{
	const struct step *a = pa, *b = pb;
	int c;

	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	c = strcmp(a->f->escalate_to ? a->f->escalate_to : "",
	    b->f->escalate_to ? b->f->escalate_to : "");
	if (c)
		return c;
	if (!a->f->owner != !b->f->owner)
		return a->f->owner ? -1 : 1;
	if (a->f->owner && (c = strcasecmp(a->f->owner, b->f->owner)) != 0)
		return c;
	if (a->f->severity != b->f->severity)
		return a->f->severity > b->f->severity ? -1 : 1;
	if ((c = strcmp(a->f->due, b->f->due)) != 0)
		return c;
	return strcmp(a->f->id, b->f->id);
}

/*
 * True if the Markdown character at p (in the value s) must be
 * backslash-escaped so a value cannot add emphasis, code, links, raw HTML
 * or entities. Values always sit mid-line, so characters that only mean
 * something at the start of a line (# + - > | and digits) stay as they are
 * and a person reading the file in Notepad can still copy a command.
 */
static bool
md_special(const char *s, const char *p)
{
	unsigned char prev = p > s ? (unsigned char)p[-1] : ' ';
	unsigned char next = (unsigned char)p[1];

	switch (*p) {
	case '\\': case '`': case '*': case '[': case ']': case '<':
	case '>': case '~':
		return true;
	case '_': /* inside a word it cannot start or end emphasis */
		return !(isalnum(prev) && isalnum(next));
	case '&': /* only "&name;" or "&#..;" could be an entity */
		return isalnum(next) || next == '#';
	default:
		return false;
	}
}

/*
 * Appends a value from outside: HTML-escaped for html; for Markdown,
 * characters that would start inline markup are backslash-escaped (see
 * md_special) and line breaks become spaces, so a value cannot add
 * headings, lists, links or HTML.
 */
static void
val(struct pc_out *o, bool html, const char *s)
{
	char c[2] = { 0, 0 };
	const char *p;

	if (s == NULL || o->err)
		return;
	if (html) {
		pc_out_html(o, s);
		return;
	}
	for (p = s; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			pc_out_put(o, " ");
			continue;
		}
		if ((unsigned char)*p < 0x20)
			continue;
		if (md_special(s, p))
			pc_out_put(o, "\\");
		c[0] = *p;
		pc_out_put(o, c);
	}
}

/* Lists the numbers of the steps for which pick() is true, "3, 7 and 9",
 * the first START_MAX of them, then "and N more". Returns how many. */
static size_t
list_steps(struct pc_out *o, const struct step *steps, size_t n,
    bool (*pick)(const struct step *), bool print)
{
	size_t i, total = 0, done = 0;

	for (i = 0; i < n; i++)
		total += pick(&steps[i]);
	for (i = 0; print && i < n && done < START_MAX; i++) {
		if (!pick(&steps[i]))
			continue;
		done++;
		pc_out_putf(o,
		    "%s%zu", done == 1 ? "" : done == total ? " and " :
		    ", ", i + 1);
	}
	if (print && total > done)
		pc_out_putf(o, " and %zu more", total - done);
	return total;
}

/* Step is past its due date. */
static bool
pick_overdue(const struct step *st)
{
	return st->f->overdue;
}

/* Step is critical and not already listed as overdue. */
static bool
pick_critical(const struct step *st)
{
	return st->f->severity == PC_SEV_CRITICAL && !st->f->overdue;
}

/*
 * "Start here": the step numbers that cannot wait (overdue, then
 * critical), wherever their route puts them in the list, with the
 * earliest date among the critical ones. Only numbers and dates, so the
 * step titles and route names keep their one place in the list.
 */
static void
render_start_here(struct pc_out *o, bool html, const struct step *steps,
    size_t n)
{
	const char *first = NULL;
	size_t i, nover, ncrit;
	char day[64];

	nover = list_steps(o, steps, n, pick_overdue, false);
	ncrit = list_steps(o, steps, n, pick_critical, false);
	if (nover == 0 && ncrit == 0)
		return;
	for (i = 0; i < n; i++)
		if (pick_critical(&steps[i]) &&
		    (first == NULL || strcmp(steps[i].f->due, first) < 0))
			first = steps[i].f->due;
	pc_out_put(o,
	    html ? "<p class=\"start\"><strong>Start here.</strong> " :
		   "\n\n**Start here.** ");
	if (nover) {
		pc_out_put(o, nover == 1 ? "Step " : "Steps ");
		list_steps(o, steps, n, pick_overdue, true);
		pc_out_put(o,
		    nover == 1 ? " is overdue: it should already have "
				 "been done, so do it first. " :
				 " are overdue: they should already have "
				 "been done, so do them first. ");
	}
	if (ncrit) {
		pc_out_put(o, ncrit == 1 ? "Step " : "Steps ");
		list_steps(o, steps, n, pick_critical, true);
		pc_out_put(o, ncrit == 1 ? " is critical: do it" :
					   " are critical: do them");
		if (first) {
			pc_html_day(day, first);
			pc_out_put(o, " by ");
			val(o, html, day);
			pc_out_put(o, " at the latest");
		}
		pc_out_put(o, ncrit == 1 ? ", wherever it is in the list." :
					   ", wherever they are in the list.");
	}
	pc_out_put(o, html ? "</p>" : "");
}

/* The title block. */
static void
render_head(struct pc_out *o, bool html, const struct pc_report *r,
    const char *staff, const struct step *steps, size_t nsteps,
    const struct pc_report_summary *s)
{
	char day[64];

	pc_html_day(day, r->started_at);
	if (html) {
		pc_out_put(o,
		    "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta "
		    "charset=\"utf-8\">\n" PC_HTML_CSP_META
		    "<meta name=\"viewport\" content=\""
		    "width=device-width, initial-scale=1\">\n<title>"
		    "Security checklist: ");
		val(o, html, r->office_name);
		pc_out_put(o, "</title>\n");
		if (o->err == 0 && (o->err = pc_html_style(&o->b)) != 0)
			return;
		pc_out_put(o, "</head><body>\n<h1>Security checklist</h1>\n"
			      "<p class=\"meta\"><b>");
		val(o, html, r->office_name);
		pc_out_put(o, "</b> (office id <code>");
		val(o, html, r->office_id);
		pc_out_put(o,
		    "</code>)</p>\n<p class=\"meta\">From the scan of ");
		val(o, html, day);
		pc_out_put(o, ". Digital lead: ");
		val(o, html, r->digital_lead);
		pc_out_put(o, ".</p>\n");
	} else {
		pc_out_put(o, "# Security checklist: ");
		val(o, html, r->office_name);
		pc_out_put(o, "\n\nOffice id: ");
		val(o, html, r->office_id);
		pc_out_put(o, "  \nFrom the scan of ");
		val(o, html, day);
		pc_out_put(o, " (");
		val(o, html, r->started_at);
		pc_out_put(o, ")  \nDigital lead: ");
		val(o, html, r->digital_lead);
		pc_out_put(o, "\n\n");
	}
	pc_out_put(o, !html ? "" : s->complete ? "<div class=\"banner\">" :
						"<div class=\"banner bad\">");
	if (staff) {
		pc_out_put(o, html ? "<strong>" : "**");
		pc_out_put(o, "Only the steps for ");
		val(o, html, staff);
		pc_out_put(o, html ? ".</strong> " : ".** ");
	}
	if (nsteps == 0)
		pc_out_put(o, "There is nothing to do from this scan.");
	else
		pc_out_putf(o,
		    "%zu step%s. Work from the top: the most urgent come "
		    "first. Tick each one when it is done.", nsteps,
		    nsteps == 1 ? "" : "s");
	render_start_here(o, html, steps, nsteps);
	if (!s->complete)
		pc_out_put(o,
		    html ? "<br><strong>This scan was incomplete:</strong> "
			   "some checks did not finish, so problems they "
			   "would have found are not listed. See report.html."
			 : "\n\n**This scan was incomplete:** some checks "
			   "did not finish, so problems they would have "
			   "found are not listed. See report.html.");
	pc_out_put(o, html ? "</div>\n" : "\n\n");
}

/* A route's heading with who to contact and what to say. */
static void
render_route(struct pc_out *o, bool html, const struct step *st, int number)
{
	const struct pc_route *rt = st->route;

	if (html)
		pc_out_putf(o, "<section class=\"route r%ld\"><h2>%d. ",
		    rt ? rt->order : 99L, number);
	else
		pc_out_putf(o, "## %d. ", number);
	if (rt)
		val(o, html, rt->name);
	else {
		pc_out_put(o, "Other: route ");
		val(o, html,
		    st->f->escalate_to ? st->f->escalate_to : "(none)");
		pc_out_put(o,
		    " (not in escalation.yaml; ask the digital lead)");
	}
	pc_out_put(o, html ? "</h2>\n" : "\n\n");
	if (rt == NULL) {
		pc_out_put(o, html ? "</section>\n" : "");
		return;
	}
	if (rt->when) {
		pc_out_put(o,
		    html ? "<p><span class=\"k\">When to contact them:"
			   "</span> " : "**When to contact them:** ");
		val(o, html, rt->when);
		pc_out_put(o, html ? "</p>\n" : "\n\n");
	}
	pc_out_put(o, html ? "<p><span class=\"k\">Who to contact:</span> " :
			     "**Who to contact:** ");
	val(o, html, rt->contact);
	pc_out_put(o, html ? "</p>\n<p><span class=\"k\">What to say:</span> " :
			     "\n\n**What to say:** ");
	val(o, html, rt->say);
	pc_out_put(o, html ? "</p></section>\n" : "\n\n");
}

/* The "By:" text of a step: the route's own words (police: now) or the
 * due date, and whether that date has passed. */
static void
render_by(struct pc_out *o, bool html, const struct step *st)
{
	char day[64];

	if (st->route && st->route->by) {
		val(o, html, st->route->by);
		return;
	}
	pc_html_day(day, st->f->due);
	pc_out_put(o, html ? "<strong>" : "");
	val(o, html, day);
	pc_out_put(o, html ? "</strong>" : "");
	if (st->f->overdue)
		pc_out_put(o,
		    html ? " <b class=\"late\">(this date has passed: do it "
			   "now)</b>" : " (this date has passed: do it now)");
}

/* One step: what to do, by when, the finding id, how to confirm. */
static void
render_step(struct pc_out *o, bool html, const struct step *st, size_t n)
{
	const struct pc_report_finding *f = st->f;

	if (html) {
		pc_out_putf(o,
		    "<div class=\"card %s\"><h4><span class=\"box\">"
		    "</span>Step %zu. ", pc_severity_name(f->severity), n);
		val(o, html, f->title);
		pc_out_putf(o, " <span class=\"tag %s\">%s</span>",
		    pc_severity_name(f->severity),
		    pc_severity_name(f->severity));
		if (f->overdue)
			pc_out_put(o,
			    "<span class=\"tag overdue\">overdue</span>");
		pc_out_put(o, "</h4>\n<p><span class=\"k\">Where:</span> <span "
			      "class=\"subject\">");
		val(o, html, f->subject);
		pc_out_put(o,
		    "</span></p>\n<p><span class=\"k\">What to do:</span> ");
		val(o, html,
		    f->remediation ? f->remediation :
				     "Ask the digital lead what to do.");
		pc_out_put(o, "</p>\n<p><span class=\"k\">By:</span> ");
		render_by(o, html, st);
		pc_out_put(o,
		    "</p>\n<p><span class=\"k\">How to check it is fixed:"
		    "</span> ");
		val(o, html,
		    f->confirm ? f->confirm :
				 "Run portcullis scan again; the finding "
				 "is gone.");
		pc_out_put(o, "</p>\n<p class=\"meta\">Finding id <span "
			      "class=\"id\">");
		val(o, html, f->id);
		pc_out_put(o,
		    "</span> (give it when you report or ask for help)"
		    "</p></div>\n");
		return;
	}
	pc_out_putf(o, "- [ ] **Step %zu. ", n);
	val(o, html, f->title);
	pc_out_putf(o, "** (%s%s)\n  - Where: ", pc_severity_name(f->severity),
	    f->overdue ? ", OVERDUE" : "");
	val(o, html, f->subject);
	pc_out_put(o, "\n  - What to do: ");
	val(o, html, f->remediation ? f->remediation :
				      "Ask the digital lead what to do.");
	pc_out_put(o, "\n  - By: ");
	render_by(o, html, st);
	pc_out_put(o, "\n  - How to check it is fixed: ");
	val(o, html,
	    f->confirm ? f->confirm :
			 "Run portcullis scan again; the finding is gone.");
	pc_out_put(o, "\n  - Finding id: `");
	val(o, html, f->id);
	pc_out_put(o, "`\n");
}

/*
 * True if staff is the digital lead: the whole digital_lead text or its
 * name before " <address>", case-insensitively.
 */
static bool
is_lead(const struct pc_report *r, const char *staff)
{
	const char *lt;
	size_t n;

	if (r->digital_lead == NULL)
		return false;
	if (strcasecmp(r->digital_lead, staff) == 0)
		return true;
	if ((lt = strstr(r->digital_lead, " <")) == NULL)
		return false;
	n = (size_t)(lt - r->digital_lead);
	return n == strlen(staff) && strncasecmp(r->digital_lead, staff, n) == 0;
}

/* True if the step for f is staff's: they own it, or nobody does and they
 * are the digital lead (the checklist puts unowned steps to the lead). */
static bool
is_theirs(const struct pc_report *r, const struct pc_report_finding *f,
    const char *staff)
{
	if (f->owner)
		return strcasecmp(f->owner, staff) == 0;
	return is_lead(r, staff);
}

/* Renders the checklist. */
int
pc_checklist_render(char **text_out, size_t *len_out,
    const struct pc_report *r, const struct pc_escalation *esc,
    enum pc_checklist_format format, const char *staff)
{
	struct pc_report_summary s;
	struct pc_out o;
	struct step *steps = NULL;
	size_t i, n = 0;
	int route_no = 0;
	bool html = format == PC_CHECKLIST_HTML;

	*text_out = NULL;
	pc_out_init(&o, TEXT_CAP);
	pc_report_summarize(r, &s);
	if (r->nfindings &&
	    (steps = calloc(r->nfindings, sizeof(*steps))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < r->nfindings; i++) {
		const struct pc_report_finding *f = &r->findings[i];

		if (staff && !is_theirs(r, f, staff))
			continue;
		steps[n].f = f;
		steps[n].route = pc_escalation_find(esc, f->escalate_to);
		steps[n].order = steps[n].route ? steps[n].route->order :
						  UNKNOWN_ORDER;
		n++;
	}
	if (n)
		qsort(steps, n, sizeof(*steps), cmp_step);
	render_head(&o, html, r, staff, steps, n, &s);
	for (i = 0; i < n; i++) {
		const struct pc_report_finding *f = steps[i].f;
		bool new_route = i == 0 ||
		    steps[i - 1].order != steps[i].order ||
		    strcmp(steps[i - 1].f->escalate_to ?
			       steps[i - 1].f->escalate_to : "",
			f->escalate_to ? f->escalate_to : "") != 0;
		bool new_owner = new_route || !steps[i - 1].f->owner !=
		    !f->owner || (f->owner &&
			strcasecmp(steps[i - 1].f->owner, f->owner) != 0);

		if (!html && i > 0 && new_owner)
			pc_out_put(&o, "\n");
		if (new_route)
			render_route(&o, html, &steps[i], ++route_no);
		if (new_owner) {
			pc_out_put(&o, html ? "<h3>" : "### ");
			if (f->owner) {
				pc_out_put(&o, "For ");
				val(&o, html, f->owner);
			} else if (r->digital_lead) {
				pc_out_put(&o, "For the digital lead, ");
				val(&o, html, r->digital_lead);
				pc_out_put(&o,
				    " (no one else is named for these)");
			} else {
				pc_out_put(&o,
				    "For the digital lead (no one else is "
				    "named for these)");
			}
			pc_out_put(&o, html ? "</h3>\n" : "\n\n");
		}
		render_step(&o, html, &steps[i], i + 1);
	}
	if (r->nresolved && !staff) {
		pc_out_putf(&o,
		    html ? "<h2>Fixed since the last report (%zu)</h2>\n"
			   "<p>Well done: these are gone.</p><ul>" :
			   "\n## Fixed since the last report (%zu)\n\n",
		    r->nresolved);
		for (i = 0; i < r->nresolved; i++) {
			pc_out_put(&o, html ? "<li>" : "- ");
			val(&o, html, r->resolved[i].title);
			pc_out_put(&o, html ? " &ndash; " : ": ");
			val(&o, html, r->resolved[i].subject);
			pc_out_put(&o, html ? "</li>\n" : "\n");
		}
		pc_out_put(&o, html ? "</ul>\n" : "");
	}
	pc_out_put(&o,
	    html ? "<footer>Made by portcullis from the signed "
		   "report.json in this folder. The routes and wording "
		   "come from the policy's escalation.yaml.</footer>\n"
		   "</body></html>\n" :
		   "\n---\nMade by portcullis from the signed report.json "
		   "in this folder.\n");
	free(steps);
	return pc_out_finish(&o, text_out, len_out, "the checklist");
}
