/* Month to month: the previous report, hash chain, first seen, resolved. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/findings.h"
#include "agent/history.h"
#include "agent/report_parse.h"

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
		if (shape[i] == 'd' ? !isdigit((unsigned char)name[i])
				    : name[i] != shape[i])
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
pc_history_previous(
    char *dir_out, size_t dir_len, const char *office_dir, const char *before)
{
	char **names = NULL;
	size_t n = 0, i;
	int r;

	dir_out[0] = '\0';
	r = pc_dir_names(
	    &names, &n, office_dir, keep_report_name, MAX_REPORT_DIRS);
	if (r != 0)
		return r;
	r = PC_ENOTFOUND;
	for (i = n; i-- > 0;) {
		if (before && strcmp(names[i], before) >= 0)
			continue;
		if (snprintf(dir_out, dir_len, "%s/%s", office_dir, names[i]) >=
		    (int)dir_len) {
			r = pc_error_set(
			    PC_ELIMIT, "report path too long: %s", office_dir);
			break;
		}
		r = 0;
		break;
	}
	pc_dir_names_free(names, n);
	if (r == PC_ENOTFOUND)
		pc_error_set(
		    PC_ENOTFOUND, "no earlier report in %s", office_dir);
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
	hit =
	    bsearch(&kp, ix->by_id, ix->n, sizeof(*ix->by_id), cmp_finding_id);
	return hit ? *hit : NULL;
}

/* Orders finding pointers by content_id (NULL never indexed). */
static int
cmp_content_id(const void *a, const void *b)
{
	const struct pc_report_finding *const *x = a, *const *y = b;

	return strcmp((*x)->content_id, (*y)->content_id);
}

/* Indexes r's findings that have a content_id. */
static void
content_index_build(struct id_index *ix, const struct pc_report *r)
{
	size_t i;

	ix->n = 0;
	ix->by_id = NULL;
	if (r->nfindings == 0)
		return;
	if ((ix->by_id = calloc(r->nfindings, sizeof(*ix->by_id))) == NULL)
		abort();
	for (i = 0; i < r->nfindings; i++)
		if (r->findings[i].content_id != NULL)
			ix->by_id[ix->n++] = &r->findings[i];
	qsort(ix->by_id, ix->n, sizeof(*ix->by_id), cmp_content_id);
}

/*
 * A previous finding with content_id cid that is gone by id from the new
 * report and not yet claimed by another moved finding; NULL if none.
 * claimed[] is indexed like prev->findings.
 */
static const struct pc_report_finding *
moved_origin(const struct id_index *prev_cix, const struct pc_report *prev,
    const struct id_index *now_ix, bool *claimed, const char *cid)
{
	size_t lo = 0, hi = prev_cix->n, k;

	while (lo < hi) { /* first entry with content_id >= cid */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(prev_cix->by_id[mid]->content_id, cid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < prev_cix->n &&
	     strcmp(prev_cix->by_id[lo]->content_id, cid) == 0;
	     lo++) {
		k = (size_t)(prev_cix->by_id[lo] - prev->findings);
		if (!claimed[k] &&
		    index_find(now_ix, prev_cix->by_id[lo]->id) == NULL) {
			claimed[k] = true;
			return prev_cix->by_id[lo];
		}
	}
	return NULL;
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
carry_finding(struct pc_report_finding *f, const struct pc_report_finding *old,
    const struct pc_policy *p, long long now)
{
	const struct pc_policy_check *pc;
	const struct pc_rule *rule = NULL;
	long long first, due;

	f->persisting = true;
	first = pc_history_time_parse(old->first_seen);
	if (first < 0 || first > now)
		return; /* keep this scan's own dates */
	memcpy(f->first_seen, old->first_seen, sizeof(f->first_seen));
	due = pc_findings_due(p, f->check, f->rule, f->severity, first);
	pc_time_iso(f->due, due);
	if (now <= due)
		return;
	f->overdue = true;
	if ((pc = pc_policy_find_check(p, f->check)) != NULL)
		rule = pc_policy_find_rule(pc, f->rule);
	if (rule && rule->overdue_escalate_to) {
		free(f->escalate_to);
		f->escalate_to = xstrdup(rule->overdue_escalate_to);
	}
}

/* Lists previous findings that are gone from r (and did not move) as
 * resolved. */
static void
add_resolved(struct pc_report *r, const struct id_index *now_ix,
    const struct pc_report *prev, const bool *moved)
{
	struct pc_report_resolved *v;
	size_t i, n = 0;

	for (i = 0; i < prev->nfindings; i++)
		if (!moved[i] &&
		    index_find(now_ix, prev->findings[i].id) == NULL &&
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

		if (moved[i] || index_find(now_ix, f->id) != NULL ||
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
	struct id_index prev_cix = { NULL, 0 };
	struct pc_report *prev = NULL;
	bool *moved = NULL;
	const struct pc_report_finding *old;
	char dir[4096], path[4200], stamp[32], sha[65];
	size_t i;
	int rc;

	pc_history_stamp(stamp, r->started_at);
	rc = pc_history_previous(
	    dir, sizeof(dir), office_dir, stamp[0] ? stamp : NULL);
	if (rc == PC_ENOTFOUND) {
		pc_error_clear();
		return 0;
	}
	if (rc != 0)
		return rc;
	snprintf(path, sizeof(path), "%s/report.json", dir);
	if ((rc = pc_report_load(&prev, NULL, sha, path)) != 0) {
		rc = pc_error_set(rc,
		    "cannot read the previous report to continue the office's history: %s; restore it from a backup, or move its folder out of %s if it is not a real report",
		    pc_error_get(), office_dir);
		goto out;
	}
	if (r->office_id && strcmp(prev->office_id, r->office_id) != 0) {
		rc = pc_error_set(PC_EINVALID,
		    "the previous report %s is for office \"%s\", not \"%s\"; each office needs its own report folder",
		    path, prev->office_id, r->office_id);
		goto out;
	}
	if (PC_SCOPE_IS_TENANT(prev->scope) != PC_SCOPE_IS_TENANT(r->scope)) {
		rc = pc_error_set(PC_EINVALID,
		    "the previous report %s is of scope %s, not %s; an office's own reports and the Parliament tenant's chain in separate folders",
		    path, prev->scope ? prev->scope : PC_SCOPE_OFFICE,
		    r->scope ? r->scope : PC_SCOPE_OFFICE);
		goto out;
	}
	free(r->previous_report_sha256);
	r->previous_report_sha256 = xstrdup(sha);
	index_build(&prev_ix, prev);
	index_build(&now_ix, r);
	content_index_build(&prev_cix, prev);
	if ((moved = calloc(prev->nfindings + 1, sizeof(*moved))) == NULL)
		abort();
	for (i = 0; i < r->nfindings; i++) {
		struct pc_report_finding *f = &r->findings[i];

		if ((old = index_find(&prev_ix, f->id)) != NULL) {
			carry_finding(f, old, p, now);
		} else if (f->content_id != NULL &&
		    (old = moved_origin(&prev_cix, prev, &now_ix, moved,
			 f->content_id)) != NULL) {
			/* The same content in a file that moved: the same
			 * problem, not one fixed and one new. */
			carry_finding(f, old, p, now);
			f->moved_from = xstrdup(old->id);
		}
	}
	add_resolved(r, &now_ix, prev, moved);
	rc = 0;
out:
	free(prev_ix.by_id);
	free(now_ix.by_id);
	free(prev_cix.by_id);
	free(moved);
	pc_report_free(prev);
	return rc;
}
