/* The checklist's steps: which findings, joined how, in what order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "steps.h"

#define TEXT_MAX  (1u << 20) /* a joined step's subject or command */
#define NAMES_MAX 64         /* names listed in a --staff error */

/*
 * Rules whose findings on one machine are fixed by one action: the report
 * keeps a finding per package (PDS counts them), the checklist gives one
 * step with one command. `noun` is what the title counts.
 */
static const struct joinable {
	const char *check, *rule, *noun;
} joinable[] = {
	{ "patch", "security_update", "security updates" },
};

/* The joinable entry for f, or NULL. */
static const struct joinable *
joinable_of(const struct pc_report_finding *f)
{
	size_t i;

	for (i = 0; i < sizeof(joinable) / sizeof(joinable[0]); i++)
		if (f->check && f->rule &&
		    strcmp(f->check, joinable[i].check) == 0 &&
		    strcmp(f->rule, joinable[i].rule) == 0)
			return &joinable[i];
	return NULL;
}

/* NULL-safe string equality, case-insensitive when nocase. */
static bool
same(const char *a, const char *b, bool nocase)
{
	if (a == NULL || b == NULL)
		return a == b;
	return nocase ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

/* The digital lead's name: before " <address>", or the whole text. */
void
pc_steps_lead_name(char *out, size_t n, const struct pc_report *r)
{
	const char *lt;
	size_t len;

	out[0] = '\0';
	if (r->digital_lead == NULL || n == 0)
		return;
	lt = strstr(r->digital_lead, " <");
	len = lt ? (size_t)(lt - r->digital_lead) : strlen(r->digital_lead);
	if (len >= n)
		len = n - 1;
	memcpy(out, r->digital_lead, len);
	out[len] = '\0';
}

/* True if the step for f is staff's: they own it, or no one does and
 * they are the digital lead. */
static bool
is_theirs(const struct pc_report *r, const struct pc_report_finding *f,
    const char *staff)
{
	char lead[512];

	if (f->owner)
		return strcasecmp(f->owner, staff) == 0;
	pc_steps_lead_name(lead, sizeof(lead), r);
	return lead[0] &&
	    (strcasecmp(lead, staff) == 0 ||
		strcasecmp(r->digital_lead, staff) == 0);
}

/* True if finding f joins step st (same machine, rule, route, person,
 * day, severity and lateness). */
static bool
joins(const struct pc_step *st, const struct pc_report_finding *f,
    const struct pc_route *rt)
{
	const struct pc_report_finding *g = st->f[0];

	return joinable_of(g) && strcmp(g->check, f->check) == 0 &&
	    strcmp(g->rule, f->rule) == 0 && st->route == rt &&
	    same(g->escalate_to, f->escalate_to, false) &&
	    same(g->owner, f->owner, true) &&
	    strncmp(st->day, f->due, 10) == 0 && g->severity == f->severity &&
	    g->overdue == f->overdue;
}

/* Adds f to st's findings. */
static int
step_add(struct pc_step *st, const struct pc_report_finding *f)
{
	const struct pc_report_finding **p;

	if ((p = realloc(st->f, (st->nf + 1) * sizeof(*p))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	st->f = p;
	p[st->nf++] = f;
	return 0;
}

/* Starts a step for f. */
static int
step_start(struct pc_step *st, const struct pc_report_finding *f,
    const struct pc_route *rt)
{
	memset(st, 0, sizeof(*st));
	st->route = rt;
	st->now = rt && rt->by;
	snprintf(st->day, sizeof(st->day), "%.10s", f->due);
	st->severity = f->severity;
	st->overdue = f->overdue;
	st->owner = f->owner;
	return step_add(st, f);
}

/* The command part every remediation of st shares: each is that prefix,
 * a space and the finding's subject (the package). NULL when they do
 * not all have that shape. */
static const char *
common_prefix(const struct pc_step *st, size_t *len_out)
{
	const char *rem0 = st->f[0]->remediation;
	size_t i, plen = 0;

	for (i = 0; i < st->nf; i++) {
		const char *rem = st->f[i]->remediation;
		size_t rl, sl;

		if (rem == NULL || st->f[i]->subject == NULL)
			return NULL;
		rl = strlen(rem);
		sl = strlen(st->f[i]->subject);
		if (rl <= sl + 1 || rem[rl - sl - 1] != ' ' ||
		    strcmp(rem + rl - sl, st->f[i]->subject) != 0)
			return NULL;
		if (i == 0)
			plen = rl - sl;
		else if (rl - sl != plen || strncmp(rem, rem0, plen) != 0)
			return NULL;
	}
	*len_out = plen;
	return rem0;
}

/* Names a joined step: "Install 5 security updates on office-pc", the
 * machine and the packages, and the one command for all of them. */
static int
step_join_text(struct pc_step *st, const struct pc_report *r)
{
	const struct joinable *j = joinable_of(st->f[0]);
	struct pc_buf subj, cmd;
	const char *prefix;
	size_t i, plen = 0;
	char title[256];
	int rc = 0;

	if (st->nf < 2 || j == NULL)
		return 0;
	pc_buf_init(&subj, TEXT_MAX);
	pc_buf_init(&cmd, TEXT_MAX);
	snprintf(title, sizeof(title), "Install %zu %s on %s", st->nf, j->noun,
	    r->host ? r->host : "this computer");
	prefix = common_prefix(st, &plen);
	if (prefix)
		rc = pc_buf_add(&cmd, prefix, plen - 1);
	rc = rc
	    ? rc
	    : pc_buf_addf(&subj, "%s: ", r->host ? r->host : "this computer");
	for (i = 0; rc == 0 && i < st->nf; i++) {
		const struct pc_report_finding *f = st->f[i];

		rc = pc_buf_addf(&subj, "%s%s", i ? ", " : "", f->subject);
		if (rc == 0 && prefix)
			rc = pc_buf_addf(&cmd, " %s", f->subject);
		else if (rc == 0 && f->remediation)
			rc = pc_buf_addf(&cmd, "%s%s: %s", i ? "; " : "",
			    f->subject, f->remediation);
	}
	if (rc == 0 &&
	    ((st->title = strdup(title)) == NULL ||
		(st->subject = pc_buf_take(&subj, NULL)) == NULL ||
		(st->remediation = pc_buf_take(&cmd, NULL)) == NULL))
		rc = pc_error_set(PC_ENOMEM, "out of memory");
	pc_buf_free(&subj);
	pc_buf_free(&cmd);
	return rc;
}

/* Person order: A-Z (any case), then steps with no one to do them. */
static int
cmp_owner(const struct pc_step *a, const struct pc_step *b)
{
	if (!a->person != !b->person)
		return a->person ? -1 : 1;
	return a->person ? strcasecmp(a->person, b->person) : 0;
}

/* Urgency order: "now" routes first (by route order), then due day. */
static int
cmp_when(const struct pc_step *a, const struct pc_step *b)
{
	if (a->now != b->now)
		return a->now ? -1 : 1;
	if (a->now && a->route->order != b->route->order)
		return a->route->order < b->route->order ? -1 : 1;
	return a->now ? 0 : strcmp(a->day, b->day);
}

/* Groups: when, then person. */
static int
cmp_group(const void *pa, const void *pb)
{
	const struct pc_step *a = pa, *b = pb;
	int c;

	if ((c = cmp_when(a, b)) != 0)
		return c;
	return cmp_owner(a, b);
}

/* Final order: when; the person with the most severe step first; within
 * a person, most severe first, then due time, route and finding id. */
static int
cmp_step(const void *pa, const void *pb)
{
	const struct pc_step *a = pa, *b = pb;
	long ao = a->route ? a->route->order : 1000000L;
	long bo = b->route ? b->route->order : 1000000L;
	int c;

	if ((c = cmp_when(a, b)) != 0)
		return c;
	if (a->owner_rank != b->owner_rank)
		return a->owner_rank > b->owner_rank ? -1 : 1;
	if ((c = cmp_owner(a, b)) != 0)
		return c;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if ((c = strcmp(a->f[0]->due, b->f[0]->due)) != 0)
		return c;
	if (ao != bo)
		return ao < bo ? -1 : 1;
	return strcmp(a->f[0]->id, b->f[0]->id);
}

/* Sorts the steps: groups first, to give each person on each day the
 * rank of their most severe step, then the final order. */
static void
order_steps(struct pc_steps *s)
{
	size_t i, j, k;
	int rank;

	if (s->n < 2) {
		if (s->n)
			s->v[0].owner_rank = (int)s->v[0].severity;
		return;
	}
	qsort(s->v, s->n, sizeof(*s->v), cmp_group);
	for (i = 0; i < s->n; i = j) {
		rank = 0;
		for (j = i; j < s->n && cmp_group(&s->v[i], &s->v[j]) == 0; j++)
			if ((int)s->v[j].severity > rank)
				rank = (int)s->v[j].severity;
		for (k = i; k < j; k++)
			s->v[k].owner_rank = rank;
	}
	qsort(s->v, s->n, sizeof(*s->v), cmp_step);
}

/* Builds the ordered steps. */
int
pc_steps_build(struct pc_steps *out, const struct pc_report *r,
    const struct pc_escalation *esc, const char *staff)
{
	struct pc_steps s = { NULL, 0, NULL };
	const struct pc_route *rt;
	char lead[512];
	size_t i, k;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	pc_steps_lead_name(lead, sizeof(lead), r);
	if ((r->nfindings &&
		(s.v = calloc(r->nfindings, sizeof(*s.v))) == NULL) ||
	    (lead[0] && (s.lead = strdup(lead)) == NULL)) {
		free(s.v);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	for (i = 0; rc == 0 && i < r->nfindings; i++) {
		const struct pc_report_finding *f = &r->findings[i];

		/* An accepted risk is no step: the checklist lists it in its
		 * own section (reporter/checklist.c). */
		if (f->accepted != NULL || (staff && !is_theirs(r, f, staff)))
			continue;
		rt = esc ? pc_escalation_find(esc, f->escalate_to) : NULL;
		for (k = 0; joinable_of(f) && k < s.n; k++)
			if (joins(&s.v[k], f, rt))
				break;
		if (joinable_of(f) && k < s.n)
			rc = step_add(&s.v[k], f);
		else if ((rc = step_start(&s.v[s.n], f, rt)) == 0)
			s.n++;
	}
	for (k = 0; rc == 0 && k < s.n; k++) {
		s.v[k].person = s.v[k].owner ? s.v[k].owner : s.lead;
		rc = step_join_text(&s.v[k], r);
	}
	if (rc != 0) {
		pc_steps_free(&s);
		return rc;
	}
	order_steps(&s);
	*out = s;
	return 0;
}

/* Frees the steps (the findings stay the report's). */
void
pc_steps_free(struct pc_steps *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].f);
		free(s->v[i].title);
		free(s->v[i].subject);
		free(s->v[i].remediation);
	}
	free(s->v);
	free(s->lead);
	s->v = NULL;
	s->n = 0;
	s->lead = NULL;
}

/* Adds name to names[] unless it is there already (any case). */
static void
add_name(const char **names, size_t *n, size_t cap, const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0' || *n >= cap)
		return;
	for (i = 0; i < *n; i++)
		if (strcasecmp(names[i], name) == 0)
			return;
	names[(*n)++] = name;
}

/* Sets the error: what went wrong, then up to NAMES_MAX names. */
static int
names_error(int code, const char *what, const char **names, size_t n)
{
	struct pc_buf b;
	size_t i;
	int rc;

	pc_buf_init(&b, 64u << 10);
	for (i = 0; i < n && i < NAMES_MAX; i++)
		if (pc_buf_addf(&b, "%s%s", i ? ", " : "", names[i]) != 0)
			break;
	if (n > NAMES_MAX)
		(void)pc_buf_addf(&b, " and %zu more", n - NAMES_MAX);
	rc = pc_error_set(code, "%s%s", what, b.data ? b.data : "(none)");
	pc_buf_free(&b);
	return rc;
}

/* Resolves a --staff query to one person's full name. */
int
pc_steps_staff_match(char **name_out, bool *exact_out,
    const struct pc_report *r, const char *query)
{
	const char **names = NULL, **hits = NULL;
	size_t i, n = 0, nhits = 0, cap = r->nstaff + r->nfindings + 1;
	char lead[512], what[512];
	int rc = 0;

	*name_out = NULL;
	*exact_out = false;
	pc_steps_lead_name(lead, sizeof(lead), r);
	if ((names = calloc(cap, sizeof(*names))) == NULL ||
	    (hits = calloc(cap, sizeof(*hits))) == NULL) {
		rc = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < r->nstaff; i++)
		add_name(names, &n, cap, r->staff[i]);
	add_name(names, &n, cap, lead);
	for (i = 0; i < r->nfindings; i++)
		add_name(names, &n, cap, r->findings[i].owner);
	for (i = 0; i < n && nhits == 0; i++)
		if (strcasecmp(names[i], query) == 0) {
			hits[nhits++] = names[i];
			*exact_out = true;
		}
	if (!*exact_out && query[0] != '\0')
		for (i = 0; i < n; i++)
			if (strcasestr(names[i], query) != NULL)
				hits[nhits++] = names[i];
	if (nhits == 1) {
		if ((*name_out = strdup(hits[0])) == NULL)
			rc = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if (nhits > 1) {
		snprintf(what, sizeof(what),
		    "--staff \"%.100s\" could be several people; give more of the name: ",
		    query);
		rc = names_error(PC_EINVALID, what, hits, nhits);
	} else {
		snprintf(what, sizeof(what),
		    "--staff \"%.100s\" is no one in this report; the office's staff are: ",
		    query);
		rc = names_error(PC_ENOTFOUND, what, names, n);
	}
out:
	free(names);
	free(hits);
	return rc;
}
