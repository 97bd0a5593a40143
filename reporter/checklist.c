/* The escalation checklist: steps by route, then owner, in plain English. */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/buf.h"
#include "agent/err.h"
#include "agent/yaml.h"
#include "checklist.h"
#include "html.h"

#define TEXT_CAP (256u << 20)
#define MAX_ROUTES 64
#define UNKNOWN_ORDER 1000000L
#define START_MAX 10 /* step numbers listed in "Start here" */

/* Frees the routes. */
void
pc_escalation_free(struct pc_escalation *esc)
{
	size_t i;

	if (esc == NULL)
		return;
	for (i = 0; i < esc->n; i++) {
		free(esc->routes[i].id);
		free(esc->routes[i].name);
		free(esc->routes[i].when);
		free(esc->routes[i].contact);
		free(esc->routes[i].say);
		free(esc->routes[i].by);
	}
	free(esc->routes);
	free(esc->path);
	free(esc);
}

/* The route with id, or NULL (also when esc is NULL: no routes). */
const struct pc_route *
pc_escalation_find(const struct pc_escalation *esc, const char *id)
{
	size_t i;

	for (i = 0; esc && id && i < esc->n; i++)
		if (strcmp(esc->routes[i].id, id) == 0)
			return &esc->routes[i];
	return NULL;
}

/* Reads one route's map into rt. */
static int
parse_route(struct pc_route *rt, const struct pc_yaml_node *map,
    const char *path)
{
	static const char *const keys[] = { "order", "name", "when",
		"contact", "say", "by" };
	const struct pc_yaml_node *k, *v;
	char **dst;
	char *end;
	size_t i, j;

	if (map->type != PC_YAML_MAP)
		return pc_error_set(PC_ECONFIG, "%s:%d: routes.%s: expected a "
		    "map of order, name, when, contact, say (and optionally "
		    "by)", path, map->line, rt->id);
	for (i = 0; i + 1 < map->nitems; i += 2) {
		k = map->items[i];
		v = map->items[i + 1];
		for (j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
			if (strcmp(k->scalar, keys[j]) == 0)
				break;
		if (j == sizeof(keys) / sizeof(keys[0]))
			return pc_error_set(PC_ECONFIG, "%s:%d: routes.%s.%s: "
			    "unknown key; expected order, name, when, contact, "
			    "say or by", path, k->line, rt->id, k->scalar);
		if (v->type != PC_YAML_SCALAR || v->scalar[0] == '\0')
			return pc_error_set(PC_ECONFIG, "%s:%d: routes.%s.%s: "
			    "expected text", path, v->line, rt->id, k->scalar);
		if (j == 0) {
			rt->order = strtol(v->scalar, &end, 10);
			if (*end != '\0' || rt->order < 1 || rt->order > 1000)
				return pc_error_set(PC_ECONFIG, "%s:%d: routes."
				    "%s.order: expected a whole number from 1 "
				    "to 1000", path, v->line, rt->id);
			continue;
		}
		dst = j == 1 ? &rt->name : j == 2 ? &rt->when :
		    j == 3 ? &rt->contact : j == 4 ? &rt->say : &rt->by;
		if (*dst != NULL)
			return pc_error_set(PC_ECONFIG, "%s:%d: routes.%s.%s "
			    "given twice", path, k->line, rt->id, k->scalar);
		if ((*dst = strdup(v->scalar)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if (rt->order == 0 || !rt->name || !rt->contact || !rt->say)
		return pc_error_set(PC_ECONFIG, "%s:%d: routes.%s: order, "
		    "name, contact and say are required", path, map->line,
		    rt->id);
	return 0;
}

/* Two routes with one order would leave "most urgent first" undefined. */
static int
check_order_unique(const struct pc_escalation *esc, const struct pc_route *rt,
    const char *path)
{
	size_t i;

	for (i = 0; i < esc->n; i++)
		if (&esc->routes[i] != rt && esc->routes[i].order == rt->order)
			return pc_error_set(PC_ECONFIG, "%s:%d: routes.%s has "
			    "order %ld, like routes.%s; give each route its "
			    "own order (1 is the most urgent)", path, rt->line,
			    rt->id, rt->order, esc->routes[i].id);
	return 0;
}

/* Loads escalation.yaml. */
int
pc_escalation_load(struct pc_escalation **esc_out, const char *path)
{
	struct pc_yaml_node *root = NULL;
	const struct pc_yaml_node *routes, *k;
	struct pc_escalation *esc = NULL;
	size_t i;
	int r;

	*esc_out = NULL;
	if ((r = pc_yaml_load(&root, path)) != 0)
		return r;
	if ((esc = calloc(1, sizeof(*esc))) == NULL ||
	    (esc->path = strdup(path)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if (root->type != PC_YAML_MAP || root->nitems != 2 ||
	    strcmp(root->items[0]->scalar, "routes") != 0 ||
	    (routes = pc_yaml_get(root, "routes")) == NULL ||
	    routes->type != PC_YAML_MAP || routes->nitems == 0) {
		r = pc_error_set(PC_ECONFIG, "%s:%d: expected one key, "
		    "routes, holding a map of route ids", path, root->line);
		goto out;
	}
	if (routes->nitems / 2 > MAX_ROUTES) {
		r = pc_error_set(PC_ELIMIT, "%s: more than %d routes", path,
		    MAX_ROUTES);
		goto out;
	}
	if ((esc->routes = calloc(routes->nitems / 2,
		 sizeof(*esc->routes))) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i + 1 < routes->nitems; i += 2) {
		struct pc_route *rt = &esc->routes[esc->n];

		k = routes->items[i];
		if (pc_escalation_find(esc, k->scalar) != NULL) {
			r = pc_error_set(PC_ECONFIG, "%s:%d: route %s defined "
			    "twice", path, k->line, k->scalar);
			goto out;
		}
		rt->line = k->line;
		esc->n++;
		if ((rt->id = strdup(k->scalar)) == NULL) {
			r = pc_error_set(PC_ENOMEM, "out of memory");
			goto out;
		}
		if ((r = parse_route(rt, routes->items[i + 1], path)) != 0)
			goto out;
		if ((r = check_order_unique(esc, rt, path)) != 0)
			goto out;
	}
	*esc_out = esc;
	esc = NULL;
out:
	pc_escalation_free(esc);
	pc_yaml_free(root);
	return r;
}

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

/* Output with a sticky error and the chosen format. */
struct out {
	struct pc_buf b;
	int err;
	enum pc_checklist_format fmt;
};

/* Appends literal text. */
static void
put(struct out *o, const char *s)
{
	int r;

	if (o->err == 0 && (r = pc_buf_adds(&o->b, s)) != 0)
		o->err = r;
}

/* Appends formatted trusted text. */
static void putf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct out *o, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put(o, tmp);
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
val(struct out *o, const char *s)
{
	char c[2] = { 0, 0 };
	const char *p;
	int r;

	if (s == NULL || o->err)
		return;
	if (o->fmt == PC_CHECKLIST_HTML) {
		if ((r = pc_html_escape(&o->b, s)) != 0)
			o->err = r;
		return;
	}
	for (p = s; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			put(o, " ");
			continue;
		}
		if ((unsigned char)*p < 0x20)
			continue;
		if (md_special(s, p))
			put(o, "\\");
		c[0] = *p;
		put(o, c);
	}
}

/* Lists the numbers of the steps for which pick() is true, "3, 7 and 9",
 * the first START_MAX of them, then "and N more". Returns how many. */
static size_t
list_steps(struct out *o, const struct step *steps, size_t n,
    bool (*pick)(const struct step *), bool print)
{
	size_t i, total = 0, done = 0;

	for (i = 0; i < n; i++)
		total += pick(&steps[i]);
	for (i = 0; print && i < n && done < START_MAX; i++) {
		if (!pick(&steps[i]))
			continue;
		done++;
		putf(o, "%s%zu", done == 1 ? "" : done == total ? " and " :
		    ", ", i + 1);
	}
	if (print && total > done)
		putf(o, " and %zu more", total - done);
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
render_start_here(struct out *o, const struct step *steps, size_t n)
{
	bool html = o->fmt == PC_CHECKLIST_HTML;
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
	put(o, html ? "<p class=\"start\"><strong>Start here.</strong> " :
		      "\n\n**Start here.** ");
	if (nover) {
		put(o, nover == 1 ? "Step " : "Steps ");
		list_steps(o, steps, n, pick_overdue, true);
		put(o, nover == 1 ? " is overdue: it should already have "
				    "been done, so do it first. " :
				    " are overdue: they should already have "
				    "been done, so do them first. ");
	}
	if (ncrit) {
		put(o, ncrit == 1 ? "Step " : "Steps ");
		list_steps(o, steps, n, pick_critical, true);
		put(o, ncrit == 1 ? " is critical: do it" :
				    " are critical: do them");
		if (first) {
			pc_html_day(day, first);
			put(o, " by ");
			val(o, day);
			put(o, " at the latest");
		}
		put(o, ncrit == 1 ? ", wherever it is in the list." :
				    ", wherever they are in the list.");
	}
	put(o, html ? "</p>" : "");
}

/* The title block. */
static void
render_head(struct out *o, const struct pc_report *r, const char *staff,
    const struct step *steps, size_t nsteps,
    const struct pc_report_summary *s)
{
	char day[64];
	bool html = o->fmt == PC_CHECKLIST_HTML;

	pc_html_day(day, r->started_at);
	if (html) {
		put(o, "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta "
		       "charset=\"utf-8\">\n<meta name=\"viewport\" content=\""
		       "width=device-width, initial-scale=1\">\n<title>"
		       "Security checklist: ");
		val(o, r->office_name);
		put(o, "</title>\n");
		if (o->err == 0 && (o->err = pc_html_style(&o->b)) != 0)
			return;
		put(o, "</head><body>\n<h1>Security checklist</h1>\n"
		       "<p class=\"meta\"><b>");
		val(o, r->office_name);
		put(o, "</b> (office id <code>");
		val(o, r->office_id);
		put(o, "</code>)</p>\n<p class=\"meta\">From the scan of ");
		val(o, day);
		put(o, ". Digital lead: ");
		val(o, r->digital_lead);
		put(o, ".</p>\n");
	} else {
		put(o, "# Security checklist: ");
		val(o, r->office_name);
		put(o, "\n\nOffice id: ");
		val(o, r->office_id);
		put(o, "  \nFrom the scan of ");
		val(o, day);
		put(o, " (");
		val(o, r->started_at);
		put(o, ")  \nDigital lead: ");
		val(o, r->digital_lead);
		put(o, "\n\n");
	}
	put(o, !html ? "" : s->complete ? "<div class=\"banner\">" :
					 "<div class=\"banner bad\">");
	if (staff) {
		put(o, html ? "<strong>" : "**");
		put(o, "Only the steps for ");
		val(o, staff);
		put(o, html ? ".</strong> " : ".** ");
	}
	if (nsteps == 0)
		put(o, "There is nothing to do from this scan.");
	else
		putf(o, "%zu step%s. Work from the top: the most urgent come "
			"first. Tick each one when it is done.", nsteps,
		    nsteps == 1 ? "" : "s");
	render_start_here(o, steps, nsteps);
	if (!s->complete)
		put(o, html ? "<br><strong>This scan was incomplete:</strong> "
			      "some checks did not finish, so problems they "
			      "would have found are not listed. See report.html."
			    : "\n\n**This scan was incomplete:** some checks "
			      "did not finish, so problems they would have "
			      "found are not listed. See report.html.");
	put(o, html ? "</div>\n" : "\n\n");
}

/* A route's heading with who to contact and what to say. */
static void
render_route(struct out *o, const struct step *st, int number)
{
	const struct pc_route *rt = st->route;
	bool html = o->fmt == PC_CHECKLIST_HTML;

	if (html)
		putf(o, "<section class=\"route r%ld\"><h2>%d. ",
		    rt ? rt->order : 99L, number);
	else
		putf(o, "## %d. ", number);
	if (rt)
		val(o, rt->name);
	else {
		put(o, "Other: route ");
		val(o, st->f->escalate_to ? st->f->escalate_to : "(none)");
		put(o, " (not in escalation.yaml; ask the digital lead)");
	}
	put(o, html ? "</h2>\n" : "\n\n");
	if (rt == NULL) {
		put(o, html ? "</section>\n" : "");
		return;
	}
	if (rt->when) {
		put(o, html ? "<p><span class=\"k\">When to contact them:"
			      "</span> " : "**When to contact them:** ");
		val(o, rt->when);
		put(o, html ? "</p>\n" : "\n\n");
	}
	put(o, html ? "<p><span class=\"k\">Who to contact:</span> " :
		      "**Who to contact:** ");
	val(o, rt->contact);
	put(o, html ? "</p>\n<p><span class=\"k\">What to say:</span> " :
		      "\n\n**What to say:** ");
	val(o, rt->say);
	put(o, html ? "</p></section>\n" : "\n\n");
}

/* The "By:" text of a step: the route's own words (police: now) or the
 * due date, and whether that date has passed. */
static void
render_by(struct out *o, const struct step *st)
{
	bool html = o->fmt == PC_CHECKLIST_HTML;
	char day[64];

	if (st->route && st->route->by) {
		val(o, st->route->by);
		return;
	}
	pc_html_day(day, st->f->due);
	put(o, html ? "<strong>" : "");
	val(o, day);
	put(o, html ? "</strong>" : "");
	if (st->f->overdue)
		put(o, html ? " <b class=\"late\">(this date has passed: do it "
			      "now)</b>" : " (this date has passed: do it now)");
}

/* One step: what to do, by when, the finding id, how to confirm. */
static void
render_step(struct out *o, const struct step *st, size_t n)
{
	const struct pc_report_finding *f = st->f;
	bool html = o->fmt == PC_CHECKLIST_HTML;

	if (html) {
		putf(o, "<div class=\"card %s\"><h4><span class=\"box\">"
			"</span>Step %zu. ", pc_severity_name(f->severity), n);
		val(o, f->title);
		putf(o, " <span class=\"tag %s\">%s</span>",
		    pc_severity_name(f->severity),
		    pc_severity_name(f->severity));
		if (f->overdue)
			put(o, "<span class=\"tag overdue\">overdue</span>");
		put(o, "</h4>\n<p><span class=\"k\">Where:</span> <span "
		       "class=\"subject\">");
		val(o, f->subject);
		put(o, "</span></p>\n<p><span class=\"k\">What to do:</span> ");
		val(o, f->remediation ? f->remediation :
					"Ask the digital lead what to do.");
		put(o, "</p>\n<p><span class=\"k\">By:</span> ");
		render_by(o, st);
		put(o, "</p>\n<p><span class=\"k\">How to check it is fixed:"
		       "</span> ");
		val(o, f->confirm ? f->confirm :
				    "Run portcullis scan again; the finding "
				    "is gone.");
		put(o, "</p>\n<p class=\"meta\">Finding id <span "
		       "class=\"id\">");
		val(o, f->id);
		put(o, "</span> (give it when you report or ask for help)"
		       "</p></div>\n");
		return;
	}
	putf(o, "- [ ] **Step %zu. ", n);
	val(o, f->title);
	putf(o, "** (%s%s)\n  - Where: ", pc_severity_name(f->severity),
	    f->overdue ? ", OVERDUE" : "");
	val(o, f->subject);
	put(o, "\n  - What to do: ");
	val(o, f->remediation ? f->remediation :
				"Ask the digital lead what to do.");
	put(o, "\n  - By: ");
	render_by(o, st);
	put(o, "\n  - How to check it is fixed: ");
	val(o, f->confirm ? f->confirm :
			    "Run portcullis scan again; the finding is gone.");
	put(o, "\n  - Finding id: `");
	val(o, f->id);
	put(o, "`\n");
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
	struct out o = { .err = 0, .fmt = format };
	struct step *steps = NULL;
	size_t i, n = 0;
	int route_no = 0;
	bool html = format == PC_CHECKLIST_HTML;

	*text_out = NULL;
	pc_buf_init(&o.b, TEXT_CAP);
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
	render_head(&o, r, staff, steps, n, &s);
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
			put(&o, "\n");
		if (new_route)
			render_route(&o, &steps[i], ++route_no);
		if (new_owner) {
			put(&o, html ? "<h3>" : "### ");
			if (f->owner) {
				put(&o, "For ");
				val(&o, f->owner);
			} else if (r->digital_lead) {
				put(&o, "For the digital lead, ");
				val(&o, r->digital_lead);
				put(&o, " (no one else is named for these)");
			} else {
				put(&o, "For the digital lead (no one else is "
					"named for these)");
			}
			put(&o, html ? "</h3>\n" : "\n\n");
		}
		render_step(&o, &steps[i], i + 1);
	}
	if (r->nresolved && !staff) {
		putf(&o, html ? "<h2>Fixed since the last report (%zu)</h2>\n"
				"<p>Well done: these are gone.</p><ul>" :
				"\n## Fixed since the last report (%zu)\n\n",
		    r->nresolved);
		for (i = 0; i < r->nresolved; i++) {
			put(&o, html ? "<li>" : "- ");
			val(&o, r->resolved[i].title);
			put(&o, html ? " &ndash; " : ": ");
			val(&o, r->resolved[i].subject);
			put(&o, html ? "</li>\n" : "\n");
		}
		put(&o, html ? "</ul>\n" : "");
	}
	put(&o, html ? "<footer>Made by portcullis from the signed "
		       "report.json in this folder. The routes and wording "
		       "come from the policy's escalation.yaml.</footer>\n"
		       "</body></html>\n" :
		       "\n---\nMade by portcullis from the signed report.json "
		       "in this folder.\n");
	free(steps);
	if (o.err) {
		pc_buf_free(&o.b);
		return pc_error_set(o.err, "cannot build the checklist: %s",
		    pc_strerror(o.err));
	}
	*text_out = pc_buf_take(&o.b, len_out);
	return 0;
}
