/* The escalation checklist: steps in the order people act, in plain English. */
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
#include "steps.h"

#define TEXT_CAP (256u << 20)

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
	case '\\':
	case '`':
	case '*':
	case '[':
	case ']':
	case '<':
	case '>':
	case '~': return true;
	case '_': /* inside a word it cannot start or end emphasis */
		return !(isalnum(prev) && isalnum(next));
	case '&': /* only "&name;" or "&#..;" could be an entity */
		return isalnum(next) || next == '#';
	default: return false;
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

/* The title block: office, scan date, how many steps, whose. */
static void
render_head(struct pc_out *o, bool html, const struct pc_report *r,
    const char *staff, size_t nsteps, const struct pc_report_summary *s)
{
	char day[64];

	pc_html_day(day, r->started_at);
	if (html) {
		pc_out_put(o,
		    "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n" PC_HTML_CSP_META
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Security checklist: ");
		val(o, html, r->office_name);
		pc_out_put(o, "</title>\n");
		if (o->err == 0 && (o->err = pc_html_style(&o->b)) != 0)
			return;
		pc_out_put(o,
		    "</head><body>\n<h1>Security checklist</h1>\n"
		    "<p class=\"meta\"><b>");
		val(o, html, r->office_name);
		pc_out_put(o, "</b> (office id <code>");
		val(o, html, r->office_id);
		pc_out_put(
		    o, "</code>)</p>\n<p class=\"meta\">From the scan of ");
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
	pc_out_put(o,
	    !html             ? ""
		: s->complete ? "<div class=\"banner\">"
			      : "<div class=\"banner bad\">");
	if (staff) {
		pc_out_put(o, html ? "<strong>" : "**");
		pc_out_put(o, "Only the steps for ");
		val(o, html, staff);
		pc_out_put(o, html ? ".</strong> " : ".** ");
	}
	if (nsteps == 0 && staff) {
		pc_out_put(o, "There is nothing for ");
		val(o, html, staff);
		pc_out_put(o, " to do from this scan.");
	} else if (nsteps == 0)
		pc_out_put(o, "There is nothing to do from this scan.");
	else
		pc_out_putf(o,
		    "%zu step%s, in the order to do them: anything for the police first, then by the date each is due (the most serious first on the same date), then by person. Work from the top and tick each one when it is done.",
		    nsteps, nsteps == 1 ? "" : "s");
	if (!s->complete)
		pc_out_put(o,
		    html
			? "<br><strong>This scan was incomplete:</strong> some checks did not finish, so problems they would have found are not listed. See report.html."
			: "\n\n**This scan was incomplete:** some checks did not finish, so problems they would have found are not listed. See report.html.");
	pc_out_put(o, html ? "</div>\n" : "\n\n");
}

/* A "now" route's section: its name, when, who to contact, what to say. */
static void
render_now_route(struct pc_out *o, bool html, const struct pc_route *rt)
{
	if (html)
		pc_out_putf(o, "<section class=\"route r%ld\"><h2>", rt->order);
	else
		pc_out_put(o, "## ");
	val(o, html, rt->name);
	pc_out_put(o, html ? "</h2>\n" : "\n\n");
	if (rt->when) {
		pc_out_put(o,
		    html ? "<p><span class=\"k\">When to contact them:</span> "
			 : "**When to contact them:** ");
		val(o, html, rt->when);
		pc_out_put(o, html ? "</p>\n" : "\n\n");
	}
	pc_out_put(o,
	    html ? "<p><span class=\"k\">Who to contact:</span> "
		 : "**Who to contact:** ");
	val(o, html, rt->contact);
	pc_out_put(o,
	    html ? "</p>\n<p><span class=\"k\">What to say:</span> "
		 : "\n\n**What to say:** ");
	val(o, html, rt->say);
	pc_out_put(o, html ? "</p></section>\n" : "\n\n");
}

/* A due day's heading: "Do by Monday 9 November 2026", or overdue. */
static void
render_day(struct pc_out *o, bool html, const struct pc_step *st)
{
	char day[64], iso[32];

	snprintf(iso, sizeof(iso), "%.10sT00:00:00Z", st->day);
	pc_html_day(day, iso);
	pc_out_put(o, html ? "<h2>" : "## ");
	pc_out_put(o, st->overdue ? "Overdue: was due by " : "Do by ");
	val(o, html, day);
	if (st->overdue)
		pc_out_put(o, ". Do these now");
	pc_out_put(o, html ? "</h2>\n" : "\n\n");
}

/* A person's heading within a day (or a "now" route). */
static void
render_person(struct pc_out *o, bool html, const struct pc_steps *s,
    const struct pc_step *st)
{
	pc_out_put(o, html ? "<h3>" : "### ");
	if (st->person == NULL)
		pc_out_put(
		    o, "For the digital lead (no one else is named for these)");
	else {
		pc_out_put(o, "For ");
		val(o, html, st->person);
		if (s->lead && strcasecmp(st->person, s->lead) == 0)
			pc_out_put(o,
			    ", the digital lead (also the steps no one else is named for)");
	}
	pc_out_put(o, html ? "</h3>\n" : "\n\n");
}

/* The "By:" text of a step: the route's own words (police: now) or the
 * due date, and whether that date has passed. */
static void
render_by(struct pc_out *o, bool html, const struct pc_step *st)
{
	char day[64];

	if (st->route && st->route->by) {
		val(o, html, st->route->by);
		return;
	}
	pc_html_day(day, st->f[0]->due);
	pc_out_put(o, html ? "<strong>" : "");
	val(o, html, day);
	pc_out_put(o, html ? "</strong>" : "");
	if (st->overdue)
		pc_out_put(o,
		    html
			? " <b class=\"late\">(this date has passed: do it now)</b>"
			: " (this date has passed: do it now)");
}

/* One labelled line of a step: "<p><span class=k>Label:</span> text</p>"
 * or "  - Label: text". */
static void
line(struct pc_out *o, bool html, const char *label, const char *text)
{
	pc_out_put(o, html ? "<p><span class=\"k\">" : "\n  - ");
	pc_out_put(o, label);
	pc_out_put(o, html ? ":</span> " : ": ");
	val(o, html, text);
	pc_out_put(o, html ? "</p>\n" : "");
}

/* The step's route: who to tell, when, who to contact and what to say;
 * in full unless step number `same` just above (the same person's, on
 * the same route) said it already. */
static void
render_step_route(
    struct pc_out *o, bool html, const struct pc_step *st, size_t same)
{
	const struct pc_route *rt = st->route;

	if (rt == NULL) {
		pc_out_put(o,
		    html ? "<p><span class=\"k\">Who to tell:</span> "
			 : "\n  - Who to tell: ");
		pc_out_put(o, "route ");
		val(o, html,
		    st->f[0]->escalate_to ? st->f[0]->escalate_to : "(none)");
		pc_out_put(
		    o, " is not in escalation.yaml; ask the digital lead");
		pc_out_put(o, html ? "</p>\n" : "");
		return;
	}
	if (same) {
		line(o, html, "Who to tell", rt->name);
		pc_out_putf(o,
		    html
			? "<p>Who to contact and what to say: as in step %zu above.</p>\n"
			: "\n  - Who to contact and what to say: as in step %zu above.",
		    same);
		return;
	}
	pc_out_put(o, html ? "<div class=\"routeinfo\">" : "");
	line(o, html, "Who to tell", rt->name);
	if (rt->when)
		line(o, html, "When", rt->when);
	line(o, html, "Who to contact", rt->contact);
	line(o, html, "What to say", rt->say);
	pc_out_put(o, html ? "</div>" : "");
}

/* The step's finding ids, comma-separated. */
static void
render_ids(struct pc_out *o, bool html, const struct pc_step *st)
{
	size_t i;

	for (i = 0; i < st->nf; i++) {
		pc_out_put(o, i == 0 ? "" : html ? ", " : "`, `");
		val(o, html, st->f[i]->id);
	}
}

/* One step: what to do, by when, who to tell, the finding ids and how
 * to confirm. */
static void
render_step(struct pc_out *o, bool html, const struct pc_step *st, size_t n,
    size_t same)
{
	const struct pc_report_finding *f = st->f[0];
	const char *sev = pc_severity_name(st->severity);

	if (html) {
		pc_out_putf(o,
		    "<div class=\"card %s\"><h4><span class=\"box\"></span>Step %zu. ",
		    sev, n);
		val(o, html, st->title ? st->title : f->title);
		pc_out_putf(o, " <span class=\"tag %s\">%s</span>", sev, sev);
		if (st->overdue)
			pc_out_put(
			    o, "<span class=\"tag overdue\">overdue</span>");
		pc_out_put(o, "</h4>\n");
	} else {
		pc_out_putf(o, "- [ ] **Step %zu. ", n);
		val(o, html, st->title ? st->title : f->title);
		pc_out_putf(
		    o, "** (%s%s)", sev, st->overdue ? ", OVERDUE" : "");
	}
	line(o, html, "Where",
	    st->subject    ? st->subject
		: f->where ? f->where
			   : f->subject);
	line(o, html, "What to do",
	    st->remediation      ? st->remediation
		: f->remediation ? f->remediation
				 : "Ask the digital lead what to do.");
	pc_out_put(o, html ? "<p><span class=\"k\">By:</span> " : "\n  - By: ");
	render_by(o, html, st);
	pc_out_put(o, html ? "</p>\n" : "");
	if (!st->now)
		render_step_route(o, html, st, same);
	line(o, html, "How to check it is fixed",
	    f->confirm ? f->confirm
		       : "Run portcullis scan again; the finding is gone.");
	pc_out_put(
	    o, html ? "<p class=\"meta\">Finding id" : "\n  - Finding id");
	pc_out_put(o, st->nf > 1 ? "s" : "");
	pc_out_put(o, html ? " <span class=\"id\">" : ": `");
	render_ids(o, html, st);
	pc_out_put(o,
	    html
		? "</span> (give it when you report or ask for help)</p></div>\n"
		: "`\n");
}

/* 0 if a and b are done by the same person (any case). */
static int
cmp_person(const struct pc_step *a, const struct pc_step *b)
{
	if (!a->person || !b->person)
		return a->person == b->person ? 0 : 1;
	return strcasecmp(a->person, b->person);
}

/* The steps under their "now" route, day and person headings. */
static void
render_steps(struct pc_out *o, bool html, const struct pc_steps *s)
{
	const struct pc_step *st, *prev;
	bool new_when, new_person;
	size_t i, j, same;

	for (i = 0; i < s->n; i++) {
		st = &s->v[i];
		prev = i ? &s->v[i - 1] : NULL;
		new_when = prev == NULL || prev->now != st->now ||
		    (st->now ? prev->route != st->route
			     : strcmp(prev->day, st->day) != 0);
		new_person = new_when || cmp_person(prev, st) != 0;
		if (!html && i > 0 && new_person)
			pc_out_put(o, "\n");
		if (new_when && st->now)
			render_now_route(o, html, st->route);
		else if (new_when)
			render_day(o, html, st);
		if (new_person)
			render_person(o, html, s, st);
		/* The route's wording once per person and route: a later
		 * step of theirs on it points back to the first. */
		same = 0;
		for (j = i; !new_person && j-- > 0;) {
			if (cmp_person(&s->v[j], st) != 0 ||
			    s->v[j].now != st->now ||
			    strcmp(s->v[j].day, st->day) != 0)
				break;
			if (s->v[j].route == st->route && st->route)
				same = j + 1;
		}
		render_step(o, html, st, i + 1, same);
	}
}

/* The findings fixed since the last report (whole-office lists only). */
static void
render_resolved(struct pc_out *o, bool html, const struct pc_report *r)
{
	size_t i;

	pc_out_putf(o,
	    html ? "<h2>Fixed since the last report (%zu)</h2>\n"
		   "<p>Well done: these are gone.</p><ul>"
		 : "\n## Fixed since the last report (%zu)\n\n",
	    r->nresolved);
	for (i = 0; i < r->nresolved; i++) {
		pc_out_put(o, html ? "<li>" : "- ");
		val(o, html, r->resolved[i].title);
		pc_out_put(o, html ? " &ndash; " : ": ");
		val(o, html, r->resolved[i].subject);
		pc_out_put(o, html ? "</li>\n" : "\n");
	}
	pc_out_put(o, html ? "</ul>\n" : "");
}

/* True if f is an accepted risk shown to staff (NULL: everyone): the
 * acceptance's owner, or the finding's. */
static bool
accepted_for(const struct pc_report_finding *f, const char *staff)
{
	return f->accepted != NULL &&
	    (staff == NULL || strcasecmp(f->accepted->owner, staff) == 0 ||
		(f->owner && strcasecmp(f->owner, staff) == 0));
}

/* The earliest review date of the accepted risks shown; 0 when none. */
static size_t
accepted_earliest(char day[11], const struct pc_report *r, const char *staff)
{
	size_t i, n = 0;

	day[0] = '\0';
	for (i = 0; i < r->nfindings; i++) {
		const struct pc_report_finding *f = &r->findings[i];

		if (!accepted_for(f, staff))
			continue;
		if (n++ == 0 || strcmp(f->accepted->until, day) < 0)
			memcpy(day, f->accepted->until, 11);
	}
	return n;
}

/*
 * The findings the office accepted, in their own section after the
 * steps: what, where, until when, why and who answers for it. They are
 * listed, never dropped, so the decision is reviewed when it expires.
 */
static void
render_accepted(
    struct pc_out *o, bool html, const struct pc_report *r, const char *staff)
{
	char first[11], day[64], iso[32];
	size_t i, n = accepted_earliest(first, r, staff);

	if (n == 0)
		return;
	snprintf(iso, sizeof(iso), "%sT00:00:00Z", first);
	pc_html_day(day, iso);
	pc_out_putf(o,
	    html ? "<h2>Accepted risks (review by %s)</h2>\n<p>"
		 : "\n## Accepted risks (review by %s)\n\n",
	    day);
	pc_out_putf(o,
	    "The office decided to accept %s for now (report.accepted_file). %s not counted towards the scan's result, and each counts again the day after its date. Review each by then: fix it, or decide again.",
	    n == 1 ? "this risk" : "these risks",
	    n == 1 ? "It is listed in the signed report but"
		   : "They are listed in the signed report but");
	pc_out_put(o, html ? "</p>\n" : "\n\n");
	for (i = 0; i < r->nfindings; i++) {
		const struct pc_report_finding *f = &r->findings[i];

		if (!accepted_for(f, staff))
			continue;
		snprintf(iso, sizeof(iso), "%sT00:00:00Z", f->accepted->until);
		pc_html_day(day, iso);
		pc_out_put(o, html ? "<div class=\"card info\"><h4>" : "- **");
		val(o, html, f->title);
		if (html)
			pc_out_putf(o,
			    " <span class=\"tag %s\">%s</span> <span class=\"tag persisting\">accepted until %s</span></h4>\n",
			    pc_severity_name(f->severity),
			    pc_severity_name(f->severity), day);
		else
			pc_out_putf(o, "** (%s, accepted until %s)",
			    pc_severity_name(f->severity), day);
		line(o, html, "Where", f->subject);
		line(o, html, "Why it is accepted", f->accepted->reason);
		line(o, html, "Who answers for it", f->accepted->owner);
		line(o, html, "Accepted on", f->accepted->accepted_on);
		line(o, html, "If the office decides to fix it",
		    f->remediation ? f->remediation : "Ask the digital lead.");
		pc_out_put(o,
		    html ? "<p class=\"meta\">Finding id <span class=\"id\">"
			 : "\n  - Finding id: `");
		val(o, html, f->id);
		pc_out_put(o, html ? "</span></p></div>\n" : "`\n");
	}
}

/* The accepted risks as CSV rows after the steps: step "accepted",
 * do_by the day it expires, the justification column holding the
 * office's reason. */
static void
render_csv_accepted(
    struct pc_out *o, const struct pc_report *r, const char *staff)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++) {
		const struct pc_report_finding *f = &r->findings[i];

		if (!accepted_for(f, staff))
			continue;
		pc_out_csv(o, "accepted", false);
		pc_out_csv(o, f->accepted->until, false);
		pc_out_csv(o, pc_severity_name(f->severity), false);
		pc_out_csv(o, "no", false);
		pc_out_csv(o, f->accepted->owner, false);
		pc_out_csv(o, f->escalate_to ? f->escalate_to : "", false);
		pc_out_csv(o, f->title, false);
		pc_out_csv(o, f->subject, false);
		pc_out_csv(o, f->remediation ? f->remediation : "", false);
		pc_out_csv(o, f->confirm ? f->confirm : "", false);
		pc_out_csv(o, f->id, false);
		pc_out_csv(o, f->accepted->reason, true);
	}
}

/* The CSV: a header, then one row per step in checklist order, with an
 * empty justification column for the office to fill in (the reason, for
 * a risk it accepted: those rows come last, step "accepted"). */
static void
render_csv(struct pc_out *o, const struct pc_steps *s)
{
	struct pc_buf ids;
	char num[32];
	size_t i, k;

	pc_out_put(o,
	    "step,do_by,severity,overdue,person,who_to_tell,title,where,what_to_do,how_to_check,finding_ids,justification\r\n");
	for (i = 0; i < s->n; i++) {
		const struct pc_step *st = &s->v[i];
		const struct pc_report_finding *f = st->f[0];

		pc_buf_init(&ids, 1u << 20);
		for (k = 0; k < st->nf; k++)
			if (pc_buf_addf(
				&ids, "%s%s", k ? " " : "", st->f[k]->id) != 0)
				o->err = o->err ? o->err : PC_ENOMEM;
		snprintf(num, sizeof(num), "%zu", i + 1);
		pc_out_csv(o, num, false);
		pc_out_csv(o, st->now ? "now" : st->day, false);
		pc_out_csv(o, pc_severity_name(st->severity), false);
		pc_out_csv(o, st->overdue ? "yes" : "no", false);
		pc_out_csv(o, st->person ? st->person : "", false);
		pc_out_csv(o,
		    st->route            ? st->route->name
			: f->escalate_to ? f->escalate_to
					 : "",
		    false);
		pc_out_csv(o, st->title ? st->title : f->title, false);
		pc_out_csv(o,
		    st->subject    ? st->subject
			: f->where ? f->where
				   : f->subject,
		    false);
		pc_out_csv(o,
		    st->remediation      ? st->remediation
			: f->remediation ? f->remediation
					 : "",
		    false);
		pc_out_csv(o, f->confirm ? f->confirm : "", false);
		pc_out_csv(o, ids.data ? ids.data : "", false);
		pc_out_csv(o, "", true);
		pc_buf_free(&ids);
	}
}

/* Renders the checklist. */
int
pc_checklist_render(char **text_out, size_t *len_out, const struct pc_report *r,
    const struct pc_escalation *esc, enum pc_checklist_format format,
    const char *staff)
{
	struct pc_report_summary sum;
	struct pc_steps s;
	struct pc_out o;
	bool html = format == PC_CHECKLIST_HTML;
	int rc;

	*text_out = NULL;
	if ((rc = pc_steps_build(&s, r, esc, staff)) != 0)
		return rc;
	pc_out_init(&o, TEXT_CAP);
	if (format == PC_CHECKLIST_CSV) {
		render_csv(&o, &s);
		render_csv_accepted(&o, r, staff);
		pc_steps_free(&s);
		return pc_out_finish(&o, text_out, len_out, "the checklist");
	}
	pc_report_summarize(r, &sum);
	render_head(&o, html, r, staff, s.n, &sum);
	render_steps(&o, html, &s);
	render_accepted(&o, html, r, staff);
	if (r->nresolved && !staff)
		render_resolved(&o, html, r);
	pc_out_put(&o,
	    html
		? "<footer>Made by portcullis from the signed report.json in this folder. The routes and wording come from the policy's escalation.yaml.</footer>\n"
		  "</body></html>\n"
		: "\n---\nMade by portcullis from the signed report.json in this folder.\n");
	pc_steps_free(&s);
	return pc_out_finish(&o, text_out, len_out, "the checklist");
}
