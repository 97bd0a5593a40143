/* The office's accepted risks: load and check the file, apply it to a scan. */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/accepted.h"
#include "agent/lib/buf.h"
#include "agent/lib/date.h"
#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "agent/lib/yaml.h"

#define F(k, m)                                                                \
	{                                                                      \
		.key = k, .type = PC_F_STRING, .nonempty = true,               \
		.off = offsetof(struct pc_accepted_entry, m),                  \
		.present_off = PC_NO_OFFSET                                    \
	}

static const struct pc_field entry_fields[] = {
	F("id", id),
	F("reason", reason),
	F("owner", owner),
	F("accepted_on", accepted_on),
	F("expires", expires),
};
static const struct pc_schema entry_schema = { entry_fields,
	sizeof(entry_fields) / sizeof(entry_fields[0]),
	sizeof(struct pc_accepted_entry),
	offsetof(struct pc_accepted_entry, line) };

static const struct pc_field file_fields[] = {
	{ .key = "accepted",
	    .type = PC_F_LIST,
	    .off = offsetof(struct pc_accepted, v),
	    .count_off = offsetof(struct pc_accepted, n),
	    .sub = &entry_schema,
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema file_schema = { file_fields, 1,
	sizeof(struct pc_accepted), PC_NO_OFFSET };

/* True for a finding id: 32 lower-case hex characters. */
static bool
id_ok(const char *s)
{
	size_t i;

	if (strlen(s) != 32)
		return false;
	for (i = 0; i < 32; i++)
		if (!isdigit((unsigned char)s[i]) &&
		    !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

/* The staff names as "A, B, C" (at most len bytes). */
static void
staff_list(char *out, size_t len, const char *const *staff, size_t n)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(
		    out + used, len - used, "%s%s", i ? ", " : "", staff[i]);
	if (n == 0)
		snprintf(out, len, "(the config lists no staff)");
}

/* Error for entry i: "file:line: accepted[i].key: text". */
static int
entry_error(
    const struct pc_accepted *a, size_t i, const char *key, const char *text)
{
	return pc_error_set(PC_ECONFIG, "%s:%d: accepted[%zu].%s: %s", a->path,
	    a->v[i].line, i, key, text);
}

/* Checks a date member; *days_out its day number. */
static int
check_day(const struct pc_accepted *a, size_t i, const char *key, const char *s,
    long *days_out)
{
	char msg[160];

	if (pc_date_parse(days_out, s))
		return 0;
	snprintf(msg, sizeof(msg),
	    "\"%.40s\" is not a date; write it as YYYY-MM-DD, for example 2027-03-31",
	    s);
	return entry_error(a, i, key, msg);
}

/* Every member present: each missing one says what to write. */
static int
check_present(const struct pc_accepted *a, size_t i)
{
	const struct pc_accepted_entry *e = &a->v[i];

	if (e->id == NULL)
		return entry_error(a, i, "id",
		    "missing; copy the finding id (32 characters) from report.json or the checklist");
	if (e->reason == NULL)
		return entry_error(a, i, "reason",
		    "missing; say why the office accepts this risk (PDS reads it in the signed report)");
	if (e->owner == NULL)
		return entry_error(a, i, "owner",
		    "missing; name the staff member who answers for this decision");
	if (e->accepted_on == NULL)
		return entry_error(a, i, "accepted_on",
		    "missing; give the day the office decided, as YYYY-MM-DD");
	if (e->expires == NULL)
		return entry_error(a, i, "expires",
		    "missing; give the day to review it by, at most one year after accepted_on");
	return 0;
}

/* Checks entry i against the staff, today and the entries before it. */
static int
check_entry(const struct pc_accepted *a, size_t i, const char *const *staff,
    size_t nstaff, long today)
{
	const struct pc_accepted_entry *e = &a->v[i];
	char msg[1200], names[900], day[11];
	long on, until;
	size_t k;
	int r;

	if ((r = check_present(a, i)) != 0)
		return r;
	if (!id_ok(e->id)) {
		snprintf(msg, sizeof(msg),
		    "\"%.40s\" is not a finding id; copy the 32-character id (0-9, a-f) from report.json or the checklist",
		    e->id);
		return entry_error(a, i, "id", msg);
	}
	for (k = 0; k < i; k++)
		if (strcmp(a->v[k].id, e->id) == 0) {
			snprintf(msg, sizeof(msg),
			    "%s is already accepted at line %d; keep one entry per finding",
			    e->id, a->v[k].line);
			return entry_error(a, i, "id", msg);
		}
	for (k = 0; k < nstaff; k++)
		if (strcasecmp(staff[k], e->owner) == 0)
			break;
	if (k == nstaff) {
		staff_list(names, sizeof(names), staff, nstaff);
		snprintf(msg, sizeof(msg),
		    "\"%.80s\" is not on the config's staff list; name one of: %s",
		    e->owner, names);
		return entry_error(a, i, "owner", msg);
	}
	if ((r = check_day(a, i, "accepted_on", e->accepted_on, &on)) != 0 ||
	    (r = check_day(a, i, "expires", e->expires, &until)) != 0)
		return r;
	if (on > today) {
		pc_date_format(day, today);
		snprintf(msg, sizeof(msg),
		    "%s is after today (%s); give the day the office decided",
		    e->accepted_on, day);
		return entry_error(a, i, "accepted_on", msg);
	}
	if (until < on)
		return entry_error(a, i, "expires",
		    "is before accepted_on; give the day to review it by");
	if (until > pc_date_add_year(on)) {
		pc_date_format(day, pc_date_add_year(on));
		snprintf(msg, sizeof(msg),
		    "%s is more than one year after accepted_on %s; an acceptance lasts at most a year: use %s or earlier, and review it then",
		    e->expires, e->accepted_on, day);
		return entry_error(a, i, "expires", msg);
	}
	return 0;
}

/* Loads and checks the accepted file. */
int
pc_accepted_load(struct pc_accepted **out, const char *path,
    const char *const *staff, size_t nstaff, long today)
{
	struct pc_yaml_node *root = NULL;
	struct pc_accepted *a;
	size_t i;
	int r;

	*out = NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL ||
	    (a->path = strdup(path)) == NULL) {
		free(a);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if ((r = pc_yaml_load(&root, path)) != 0) {
		r = r == PC_ENOTFOUND
		    ? pc_error_set(PC_ECONFIG,
			  "accepted risks file %s not found; create it (see the README, \"Accepting a risk\") or remove report.accepted_file from the config",
			  path)
		    : PC_ECONFIG;
		goto out;
	}
	if ((r = pc_schema_bind(&file_schema, a, root, path, "")) != 0)
		goto out;
	if (a->n > PC_ACCEPTED_MAX) {
		r = pc_error_set(PC_ECONFIG,
		    "%s:%d: accepted: more than %d entries", path, root->line,
		    PC_ACCEPTED_MAX);
		goto out;
	}
	for (i = 0; i < a->n; i++)
		if ((r = check_entry(a, i, staff, nstaff, today)) != 0)
			goto out;
	*out = a;
	a = NULL;
	r = 0;
out:
	pc_yaml_free(root);
	pc_accepted_free(a);
	return r;
}

/* Frees an accepted list; NULL-safe. */
void
pc_accepted_free(struct pc_accepted *a)
{
	if (a == NULL)
		return;
	pc_schema_free(&file_schema, a);
	free(a->path);
	free(a);
}

/* The finding of r with id (or that moved from id), or NULL. */
static struct pc_report_finding *
find_finding(struct pc_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].id, id) == 0)
			return &r->findings[i];
	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].moved_from &&
		    strcmp(r->findings[i].moved_from, id) == 0)
			return &r->findings[i];
	return NULL;
}

/* The route f's rule gives it before any overdue escalation, or NULL. */
static const char *
rule_route(const struct pc_policy *p, const struct pc_report_finding *f)
{
	const struct pc_policy_check *pc = pc_policy_find_check(p, f->check);
	const struct pc_rule *rule =
	    pc ? pc_policy_find_rule(pc, f->rule) : NULL;

	return rule ? rule->escalate_to : NULL;
}

/* Marks f accepted by e: not overdue, back on its rule's own route. */
static int
accept_finding(struct pc_report_finding *f, const struct pc_accepted_entry *e,
    const char *route)
{
	struct pc_report_accepted acc = { e->reason, e->owner, "", "" };

	snprintf(
	    acc.accepted_on, sizeof(acc.accepted_on), "%s", e->accepted_on);
	snprintf(acc.until, sizeof(acc.until), "%s", e->expires);
	f->accepted = pc_report_accepted_dup(&acc);
	f->overdue = false;
	if (route &&
	    (f->escalate_to == NULL || strcmp(f->escalate_to, route) != 0)) {
		free(f->escalate_to);
		if ((f->escalate_to = strdup(route)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Applies the accepted entries to the report. */
int
pc_accepted_apply(struct pc_report *r, const struct pc_accepted *a,
    const struct pc_policy *p, long today,
    void (*warn)(const char *line, void *arg), void *arg)
{
	struct pc_report_acceptance rec;
	struct pc_report_finding *f;
	const char *route;
	char msg[1024];
	long until;
	size_t i;
	int rc;

	for (i = 0; a && i < a->n; i++) {
		const struct pc_accepted_entry *e = &a->v[i];

		memset(&rec, 0, sizeof(rec));
		rec.id = e->id;
		rec.a.reason = e->reason;
		rec.a.owner = e->owner;
		snprintf(rec.a.accepted_on, 11, "%s", e->accepted_on);
		snprintf(rec.a.until, 11, "%s", e->expires);
		f = find_finding(r, e->id);
		if (f && f->accepted) /* matched by moved_from already */
			f = NULL;
		route = f ? rule_route(p, f) : NULL;
		if (f &&
		    ((route && strcmp(route, "police_now") == 0) ||
			(f->escalate_to &&
			    strcmp(f->escalate_to, "police_now") == 0)))
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: accepted[%zu].id: %s is a finding for the police (%.120s) and cannot be accepted; remove this entry and follow the checklist's first step now",
			    a->path, e->line, i, e->id,
			    f->title ? f->title : f->rule);
		(void)pc_date_parse(&until, e->expires); /* checked on load */
		if (f == NULL) {
			rec.state = PC_ACCEPTANCE_STALE;
			snprintf(msg, sizeof(msg),
			    "%s:%d: accepted[%zu]: no finding of this scan has id %s, so the entry does nothing; remove it if the problem is fixed",
			    a->path, e->line, i, e->id);
		} else if (until < today) {
			rec.state = PC_ACCEPTANCE_EXPIRED;
			snprintf(msg, sizeof(msg),
			    "%s:%d: accepted[%zu]: expired on %s, so finding %s (%.120s) counts again; fix it, or decide again and give a new accepted_on and expires",
			    a->path, e->line, i, e->expires, e->id,
			    f->title ? f->title : f->rule);
		} else {
			rec.state = PC_ACCEPTANCE_APPLIED;
			if ((rc = accept_finding(f, e, route)) != 0)
				return rc;
		}
		if (rec.state != PC_ACCEPTANCE_APPLIED && warn)
			warn(msg, arg);
		if ((rc = pc_report_add_acceptance(r, &rec)) != 0)
			return rc;
	}
	return 0;
}
