/* Month to month: the previous report, hash chain, first seen, resolved. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "agent/err.h"
#include "agent/fileio.h"
#include "history.h"
#include "parse.h"

#define MAX_REPORT_DIRS 100000

/* The folder name a report started at iso gets: colons dropped. */
void
pc_history_stamp(char out[32], const char *iso)
{
	size_t i, n = 0;

	for (i = 0; iso[i] && n < 31; i++)
		if (iso[i] != ':')
			out[n++] = iso[i];
	out[n] = '\0';
}

/* True if name is a report folder name (see history.h). */
bool
pc_history_name_ok(const char *name)
{
	static const char shape[] = "dddd-dd-ddTddddddZ";
	size_t i, n = sizeof(shape) - 1;

	if (strlen(name) < n)
		return false;
	for (i = 0; i < n; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)name[i]) :
				      name[i] != shape[i])
			return false;
	if (name[n] == '\0')
		return true;
	if (name[n] != '-' || name[n + 1] < '2' || name[n + 1] > '9')
		return false;
	return name[n + 2] == '\0';
}

/* pc_dir_names filter: report folder names only. */
static int
keep_report_name(const char *name)
{
	return pc_history_name_ok(name);
}

/* Finds the previous report folder in office_dir. */
int
pc_history_previous(char *dir_out, size_t dir_len, const char *office_dir,
    const char *before)
{
	char **names = NULL;
	size_t n = 0, i;
	int r;

	dir_out[0] = '\0';
	r = pc_dir_names(&names, &n, office_dir, keep_report_name,
	    MAX_REPORT_DIRS);
	if (r != 0)
		return r;
	r = PC_ENOTFOUND;
	for (i = n; i-- > 0;) {
		if (before && strcmp(names[i], before) >= 0)
			continue;
		if (snprintf(dir_out, dir_len, "%s/%s", office_dir,
			names[i]) >= (int)dir_len) {
			r = pc_error_set(PC_ELIMIT, "report path too long: %s",
			    office_dir);
			break;
		}
		r = 0;
		break;
	}
	pc_dir_names_free(names, n);
	if (r == PC_ENOTFOUND)
		pc_error_set(PC_ENOTFOUND, "no earlier report in %s",
		    office_dir);
	return r;
}

/* Parses "YYYY-MM-DDThh:mm:ssZ" into unix time. */
long long
pc_history_time_parse(const char *iso)
{
	struct tm tm;
	const char *end;

	if (iso == NULL || !pc_report_time_ok(iso))
		return -1;
	memset(&tm, 0, sizeof(tm));
	end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	return (long long)timegm(&tm);
}

/*
 * A report's findings sorted by id, for lookups: a tenant of 20,000 accounts
 * gives that many findings, and comparing every finding of one month with
 * every finding of the last took minutes.
 */
struct id_index {
	const struct pc_report_finding **by_id;
	size_t n;
};

/* Orders finding pointers by id. */
static int
cmp_finding_id(const void *a, const void *b)
{
	const struct pc_report_finding *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/* Indexes r's findings (borrowed: r's findings must not move). */
static void
index_build(struct id_index *ix, const struct pc_report *r)
{
	size_t i;

	ix->n = r->nfindings;
	ix->by_id = NULL;
	if (ix->n == 0)
		return;
	if ((ix->by_id = calloc(ix->n, sizeof(*ix->by_id))) == NULL)
		abort();
	for (i = 0; i < ix->n; i++)
		ix->by_id[i] = &r->findings[i];
	qsort(ix->by_id, ix->n, sizeof(*ix->by_id), cmp_finding_id);
}

/* The indexed finding with id, or NULL. */
static const struct pc_report_finding *
index_find(const struct id_index *ix, const char *id)
{
	const struct pc_report_finding key = { .id = (char *)id }, *kp = &key;
	const struct pc_report_finding *const *hit;

	if (ix->n == 0)
		return NULL;
	hit = bsearch(&kp, ix->by_id, ix->n, sizeof(*ix->by_id),
	    cmp_finding_id);
	return hit ? *hit : NULL;
}

/* True if check id ran to a result (pass or fail) in r. */
static bool
check_ran(const struct pc_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nchecks; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			return r->checks[i].status == PC_STATUS_PASS ||
			    r->checks[i].status == PC_STATUS_FAIL;
	return false;
}

/* Duplicates s; aborts on out of memory (trusted parent only). */
static char *
xstrdup(const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		abort();
	return d;
}

/* Carries first_seen, recomputes due, marks persisting and overdue. */
static void
carry_finding(struct pc_report_finding *f,
    const struct pc_report_finding *old, const struct pc_policy *p,
    long long now)
{
	const struct pc_policy_check *pc;
	const struct pc_rule *rule = NULL;
	long long first, due;

	f->persisting = true;
	first = pc_history_time_parse(old->first_seen);
	if (first < 0 || first > now)
		return; /* keep this scan's own dates */
	memcpy(f->first_seen, old->first_seen, sizeof(f->first_seen));
	if ((pc = pc_policy_find_check(p, f->check)) != NULL)
		rule = pc_policy_find_rule(pc, f->rule);
	due = first + (rule && rule->due_days > 0 ? rule->due_days :
	    p->due_days[f->severity]) * 86400LL;
	pc_time_iso(f->due, due);
	if (now <= due)
		return;
	f->overdue = true;
	if (rule && rule->overdue_escalate_to) {
		free(f->escalate_to);
		f->escalate_to = xstrdup(rule->overdue_escalate_to);
	}
}

/* Lists previous findings that are gone from r as resolved. */
static void
add_resolved(struct pc_report *r, const struct id_index *now_ix,
    const struct pc_report *prev)
{
	struct pc_report_resolved *v;
	size_t i, n = 0;

	for (i = 0; i < prev->nfindings; i++)
		if (index_find(now_ix, prev->findings[i].id) == NULL &&
		    check_ran(r, prev->findings[i].check))
			n++;
	if (n == 0)
		return;
	v = realloc(r->resolved, (r->nresolved + n) * sizeof(*v));
	if (v == NULL)
		abort();
	r->resolved = v;
	for (i = 0; i < prev->nfindings; i++) {
		const struct pc_report_finding *f = &prev->findings[i];

		if (index_find(now_ix, f->id) != NULL ||
		    !check_ran(r, f->check))
			continue;
		v = &r->resolved[r->nresolved++];
		memset(v, 0, sizeof(*v));
		v->id = xstrdup(f->id);
		v->check = xstrdup(f->check);
		v->rule = xstrdup(f->rule);
		v->subject = xstrdup(f->subject);
		v->title = xstrdup(f->title);
		v->severity = f->severity;
		memcpy(v->first_seen, f->first_seen, sizeof(v->first_seen));
	}
}

/* Applies the office's history to a new report. */
int
pc_history_apply(struct pc_report *r, const char *office_dir,
    const struct pc_policy *p, long long now)
{
	struct id_index prev_ix = { NULL, 0 }, now_ix = { NULL, 0 };
	struct pc_report *prev = NULL;
	const struct pc_report_finding *old;
	char dir[4096], path[4200], stamp[32], sha[65];
	size_t i;
	int rc;

	pc_history_stamp(stamp, r->started_at);
	rc = pc_history_previous(dir, sizeof(dir), office_dir,
	    stamp[0] ? stamp : NULL);
	if (rc == PC_ENOTFOUND) {
		pc_error_clear();
		return 0;
	}
	if (rc != 0)
		return rc;
	snprintf(path, sizeof(path), "%s/report.json", dir);
	if ((rc = pc_report_load(&prev, NULL, sha, path)) != 0) {
		rc = pc_error_set(rc, "cannot read the previous report to "
		    "continue the office's history: %s; restore it from a "
		    "backup, or move its folder out of %s if it is not a "
		    "real report", pc_error_get(), office_dir);
		goto out;
	}
	if (r->office_id && strcmp(prev->office_id, r->office_id) != 0) {
		rc = pc_error_set(PC_EINVALID, "the previous report %s is for "
		    "office \"%s\", not \"%s\"; each office needs its own "
		    "report folder", path, prev->office_id, r->office_id);
		goto out;
	}
	free(r->previous_report_sha256);
	r->previous_report_sha256 = xstrdup(sha);
	index_build(&prev_ix, prev);
	index_build(&now_ix, r);
	for (i = 0; i < r->nfindings; i++)
		if ((old = index_find(&prev_ix, r->findings[i].id)) != NULL)
			carry_finding(&r->findings[i], old, p, now);
	add_resolved(r, &now_ix, prev);
	rc = 0;
out:
	free(prev_ix.by_id);
	free(now_ix.by_id);
	pc_report_free(prev);
	return rc;
}
