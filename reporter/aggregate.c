/* The PDS fleet view: find each office's latest report, verify, summarise. */
#include <errno.h>
#include <stdarg.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "aggregate.h"
#include "approved.h"
#include "agent/history.h"
#include "keyring.h"
#include "verify.h"

#define TITLE_MAX 200 /* bytes of a routed finding's title that are kept */
#define GAP_MAX   240 /* bytes of one "check: status: reason" line */

/*
 * The routes whose findings PDS acts on itself, most urgent first (ids
 * from policies/escalation.yaml, fixed by DESIGN.md). Findings on other
 * routes (data protection, office fixes) are only counted.
 */
static const char *const pds_routes[] = { "police_now", "parliament_security",
	"pds" };

/*
 * A folder that holds (or should hold) one office's reports, before its
 * latest report is verified. expect_id is false when the folder's name is
 * not an office id (report folders given directly in DIR).
 */
struct candidate {
	char *office_id;
	char *group;  /* the office folder */
	char *latest; /* greatest report folder name, NULL if none */
	char *error;  /* why the office folder could not be read */
	bool expect_id;
	bool keyring_only; /* in the keyring, no folder on disk */
	/* latest report in <group>/parliament-tenant/, or NULL; why that
	 * folder could not be read */
	char *tenant_latest, *tenant_error;
};

struct candidates {
	struct candidate *v;
	size_t n, alloc;
};

/* Copies s; the trusted parent aborts on out-of-memory (STYLE.md). */
static char *
xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (p == NULL)
		abort();
	return p;
}

/* Copies at most max bytes of s, not cutting a UTF-8 sequence. */
static char *
dup_capped(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *p;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if ((p = strndup(s, n)) == NULL)
		abort();
	return p;
}

/* Formatted, heap-allocated text (capped at 1023 bytes). */
static char *fmt_dup(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *
fmt_dup(const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return xstrdup(tmp);
}

/* pc_dir_names filter: report folder names only. */
static int
keep_report(const char *name)
{
	return pc_history_name_ok(name);
}

static bool join(char out[PATH_MAX], const char *dir, const char *name);

/* Adds a candidate; strings are copied. */
static void
add_candidate(struct candidates *c, const char *office_id, const char *group,
    const char *latest, const char *error, bool expect_id)
{
	struct candidate *grown, *d;

	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 64;
		if ((grown = realloc(c->v, c->alloc * sizeof(*grown))) == NULL)
			abort();
		c->v = grown;
	}
	d = &c->v[c->n++];
	d->office_id = xstrdup(office_id);
	d->group = xstrdup(group);
	d->latest = latest ? xstrdup(latest) : NULL;
	d->error = error ? xstrdup(error) : NULL;
	d->expect_id = expect_id;
	d->keyring_only = false;
	d->tenant_latest = d->tenant_error = NULL;
}

/* Frees what one candidate owns. */
static void
free_candidate(struct candidate *d)
{
	free(d->office_id);
	free(d->group);
	free(d->latest);
	free(d->error);
	free(d->tenant_latest);
	free(d->tenant_error);
}

/* True if names (a folder's) hold the parliament-tenant folder. */
static bool
has_tenant(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], PC_SCOPE_TENANT) == 0)
			return true;
	return false;
}

/* Records the latest report of <office folder>/parliament-tenant/ on the
 * candidate just added. */
static void
add_tenant(struct candidates *c, const char *office_path)
{
	struct candidate *d = &c->v[c->n - 1];
	char path[PATH_MAX];
	char **names = NULL;
	size_t n = 0;

	if (!join(path, office_path, PC_SCOPE_TENANT)) {
		d->tenant_error = xstrdup("report path too long");
		return;
	}
	if (pc_dir_names(&names, &n, path, keep_report, PC_FLEET_MAX_OFFICES) !=
	    0)
		d->tenant_error = xstrdup(pc_error_get());
	else if (n > 0)
		d->tenant_latest = xstrdup(names[n - 1]);
	pc_dir_names_free(names, n);
	pc_error_clear();
}

/* Frees the candidates. */
static void
free_candidates(struct candidates *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free_candidate(&c->v[i]);
	free(c->v);
}

/* Joins a folder and a name; false when the path would not fit. */
static bool
join(char out[PATH_MAX], const char *dir, const char *name)
{
	return snprintf(out, PATH_MAX, "%s/%s", dir, name) < PATH_MAX;
}

/* The greatest report folder name in names (sorted), or NULL. */
static const char *
latest_of(char **names, size_t n)
{
	size_t i;

	for (i = n; i-- > 0;)
		if (pc_history_name_ok(names[i]))
			return names[i];
	return NULL;
}

/* True if path is a folder (following links); errno set when stat fails. */
static int
is_dir(const char *path, struct stat *st)
{
	if (stat(path, st) != 0)
		return -1;
	return S_ISDIR(st->st_mode) ? 1 : 0;
}

/*
 * Looks at DIR/<name>: an office folder (holds report folders, or holds
 * nothing that does: an office without a report), or a batch folder whose
 * subfolders are office folders. Problems become unreadable candidates;
 * only running out of the entry cap is an error.
 */
static int
scan_child(struct candidates *c, const char *dir, const char *name)
{
	char path[PATH_MAX], sub[PATH_MAX];
	char **names = NULL, **reports = NULL;
	size_t n = 0, nr = 0, i, before = c->n;
	struct stat st;
	int r, d;

	if (!join(path, dir, name))
		return pc_error_set(
		    PC_ELIMIT, "path too long: %s/%s", dir, name);
	if ((d = is_dir(path, &st)) < 0) {
		char *why =
		    fmt_dup("cannot open folder %s: %s", path, strerror(errno));

		add_candidate(c, name, path, NULL, why, true);
		free(why);
		return 0;
	}
	if (d == 0)
		return 0; /* a file beside the office folders: not a report */
	if ((r = pc_dir_names(&names, &n, path, NULL, PC_FLEET_MAX_OFFICES)) !=
	    0) {
		if (r == PC_ELIMIT)
			return r;
		add_candidate(c, name, path, NULL, pc_error_get(), true);
		return 0;
	}
	if (latest_of(names, n) != NULL || has_tenant(names, n)) {
		add_candidate(c, name, path, latest_of(names, n), NULL, true);
		if (has_tenant(names, n))
			add_tenant(c, path);
		goto out;
	}
	/* One level deeper: DIR/<batch>/<office-id>/<report>/. */
	for (i = 0; i < n && r == 0; i++) {
		if (!join(sub, path, names[i]) || is_dir(sub, &st) != 1)
			continue;
		if ((r = pc_dir_names(&reports, &nr, sub, NULL,
			 PC_FLEET_MAX_OFFICES)) != 0) {
			if (r == PC_ELIMIT)
				break;
			r = 0;
			add_candidate(
			    c, names[i], sub, NULL, pc_error_get(), true);
			continue;
		}
		add_candidate(
		    c, names[i], sub, latest_of(reports, nr), NULL, true);
		if (has_tenant(reports, nr))
			add_tenant(c, sub);
		pc_dir_names_free(reports, nr);
		reports = NULL;
		nr = 0;
	}
	/* No reports at any depth: an office folder with nothing in it. */
	for (i = before; r == 0 && i < c->n; i++)
		if (c->v[i].latest || c->v[i].error || c->v[i].tenant_latest ||
		    c->v[i].tenant_error)
			goto out;
	while (c->n > before)
		free_candidate(&c->v[--c->n]);
	if (r == 0)
		add_candidate(c, name, path, NULL, NULL, true);
out:
	pc_dir_names_free(names, n);
	return r;
}

/* Orders candidates by office id, then latest report name. */
static int
cmp_candidate(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	int c = strcmp(x->office_id, y->office_id);

	if (c != 0)
		return c;
	if (x->latest == NULL || y->latest == NULL)
		return (x->latest != NULL) - (y->latest != NULL);
	return strcmp(x->latest, y->latest);
}

/* Orders strings (for bsearch over keyring office ids). */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* True if one of the first n candidates (sorted by id) is office id. */
static bool
has_candidate(const struct candidates *c, size_t n, const char *id)
{
	size_t lo = 0, hi = n, mid;
	int k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((k = strcmp(c->v[mid].office_id, id)) == 0)
			return true;
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * Adds a missing candidate for each office with an unrevoked keyring line
 * and no folder. The folders found on disk stay first and sorted, so the
 * search looks only at them.
 */
static void
add_keyring_missing(
    struct candidates *c, const struct pc_keyring *ring, const char *dir)
{
	const char **ids;
	size_t i, n = 0, found = c->n;

	if (ring->n == 0)
		return;
	if ((ids = calloc(ring->n, sizeof(*ids))) == NULL)
		abort();
	for (i = 0; i < ring->n; i++)
		if (!ring->entries[i].revoked && !ring->entries[i].tenant)
			ids[n++] = ring->entries[i].office_id;
	if (n > 1)
		qsort(ids, n, sizeof(*ids), cmp_str);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(ids[i - 1], ids[i]) == 0)
			continue;
		if (has_candidate(c, found, ids[i]))
			continue;
		add_candidate(c, ids[i], dir, NULL, NULL, true);
		c->v[c->n - 1].keyring_only = true;
	}
	free(ids);
}

/* Compares routed findings: route order, then severity, then id. */
static int
cmp_routed(const void *a, const void *b)
{
	const struct pc_fleet_routed *x = a, *y = b;
	size_t i, rx = 0, ry = 0;

	for (i = 0; i < sizeof(pds_routes) / sizeof(pds_routes[0]); i++) {
		if (strcmp(x->route, pds_routes[i]) == 0)
			rx = i;
		if (strcmp(y->route, pds_routes[i]) == 0)
			ry = i;
	}
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Copies the trusted summary of a verified report onto the office. */
static void
summarise(struct pc_fleet_office *o, const struct pc_verify_result *v,
    const struct pc_fleet *f, long long now)
{
	const struct pc_report *r = v->report;
	struct pc_fleet_routed *rt;
	long long t;
	size_t i, k;

	free(o->office_id);
	o->office_id = xstrdup(r->office_id);
	o->office_name = xstrdup(r->office_name);
	o->keyring_trusted = v->trust == PC_TRUST_KEYRING;
	o->policy_approved = v->policy_approved;
	snprintf(
	    o->generated_at, sizeof(o->generated_at), "%s", r->finished_at);
	t = pc_history_time_parse(r->finished_at);
	o->age_days = t >= 0 && now > t ? (now - t) / 86400 : 0;
	o->overdue = t < 0 || now - t > (long long)f->overdue_days * 86400;
	o->complete = v->summary.complete;
	if (r->no_sandbox)
		o->gaps[o->ngaps++] = xstrdup(
		    "sandbox turned off by the operator (--no-sandbox)");
	if (v->summary.sandbox_weakened > 0)
		o->gaps[o->ngaps++] = fmt_dup(
		    "sandbox weakened: seccomp debug mode in %zu check(s); a refused system call was logged instead of stopping the check",
		    v->summary.sandbox_weakened);
	for (i = 0; i < r->nchecks && o->ngaps < PC_FLEET_MAX_GAPS; i++) {
		const struct pc_report_check *c = &r->checks[i];
		char *line;

		if (c->status != PC_STATUS_ERROR &&
		    c->status != PC_STATUS_SKIPPED)
			continue;
		line = fmt_dup("%s: %s%s: %s", c->id, pc_status_name(c->status),
		    c->mandatory ? " (mandatory)" : "",
		    c->reason ? c->reason : "no reason given");
		o->gaps[o->ngaps++] = dup_capped(line, GAP_MAX);
		free(line);
	}
	memcpy(o->by_severity, v->summary.by_severity, sizeof(o->by_severity));
	o->open_findings = r->nfindings;
	for (i = 0; i < r->nfindings; i++) {
		const struct pc_report_finding *fd = &r->findings[i];

		o->overdue_findings += fd->overdue;
		if (fd->accepted) {
			o->accepted++;
			o->accepted_critical += fd->severity == PC_SEV_CRITICAL;
			if (o->accepted_until[0] == '\0' ||
			    strcmp(fd->accepted->until, o->accepted_until) < 0)
				memcpy(o->accepted_until, fd->accepted->until,
				    sizeof(o->accepted_until));
		}
		for (k = 0; k < sizeof(pds_routes) / sizeof(pds_routes[0]); k++)
			if (fd->escalate_to &&
			    strcmp(fd->escalate_to, pds_routes[k]) == 0)
				break;
		if (k == sizeof(pds_routes) / sizeof(pds_routes[0]))
			continue;
		if (o->nrouted == PC_FLEET_MAX_ROUTED) {
			o->routed_more++;
			continue;
		}
		if (o->routed == NULL &&
		    (o->routed = calloc(
			 PC_FLEET_MAX_ROUTED, sizeof(*o->routed))) == NULL)
			abort();
		rt = &o->routed[o->nrouted++];
		snprintf(rt->id, sizeof(rt->id), "%s", fd->id);
		snprintf(rt->route, sizeof(rt->route), "%s", pds_routes[k]);
		rt->severity = fd->severity;
		rt->title = dup_capped(fd->title, TITLE_MAX);
	}
	if (o->nrouted > 1)
		qsort(o->routed, o->nrouted, sizeof(*o->routed), cmp_routed);
}

/* Where one part's latest report is: its folder, name, and scope. */
struct part {
	const char *office_id, *group, *latest, *error;
	bool expect_id, keyring_only, tenant;
};

/*
 * Verifies a part's latest report and fills o. A report that verifies
 * but names another office than its folder, sits in a folder its start
 * time does not give, or in the other scope's folder, is unverified too:
 * otherwise an old or another office's valid report copied into place
 * would pass as current.
 */
static void
evaluate_part(struct pc_fleet_office *o, const struct part *c,
    const struct pc_fleet *f, long long now)
{
	struct pc_verify_opts vo = { .keyring_path = f->keyring_path,
		.approved_path = f->approved_path };
	struct pc_verify_result v;
	char path[PATH_MAX];
	int r;

	o->office_id = xstrdup(c->office_id);
	o->scope_tenant = c->tenant;
	if (c->error) {
		o->state = PC_FLEET_UNREADABLE;
		o->folder = xstrdup(c->group);
		o->reason = xstrdup(c->error);
		return;
	}
	if (c->latest == NULL) {
		o->state = PC_FLEET_MISSING;
		o->folder = xstrdup(c->group);
		o->reason = c->keyring_only
		    ? fmt_dup(
			  "no report received: the office is in the keyring but %s has no folder for it",
			  c->group)
		    : fmt_dup("no report received: %s holds no report folder",
			  c->group);
		return;
	}
	if (!join(path, c->group, c->latest)) {
		o->state = PC_FLEET_UNREADABLE;
		o->folder = xstrdup(c->group);
		o->reason = xstrdup("report path too long");
		return;
	}
	o->folder = xstrdup(path);
	pc_error_clear();
	r = pc_verify_report(&v, path, &vo);
	/* verify's own rule, with what aggregate knows of the layout: the
	 * group folder is an office's unless report folders sat directly in
	 * DIR under a name that is no office id. */
	if (r == 0)
		r = pc_verify_folder_rule(
		    v.report, c->latest, c->expect_id ? c->office_id : NULL);
	if (r == 0)
		r = pc_verify_scope_rule(
		    v.report, c->tenant, c->expect_id ? c->office_id : NULL);
	/*
	 * A report dated after tomorrow comes from a wrong clock (or was made
	 * to look current): its folder name would sort after every later
	 * report, so it would stand as "latest" and hide them for years.
	 */
	if (r == 0 &&
	    pc_history_time_parse(v.report->finished_at) > now + 86400)
		r = pc_error_set(PC_EINVALID,
		    "dated in the future: finished at %s, after this machine's clock; the office's clock is probably wrong, and until it is fixed this report hides the office's later ones",
		    v.report->finished_at);
	if (r == 0) {
		o->state = PC_FLEET_VERIFIED;
		summarise(o, &v, f, now);
	} else {
		o->state = r == PC_EINVALID ? PC_FLEET_UNVERIFIED
					    : PC_FLEET_UNREADABLE;
		o->reason = xstrdup(pc_error_get());
	}
	pc_verify_result_free(&v);
}

/* Fills an office from its candidate: its own part and, beside it, its
 * parliament-tenant part (pds-unassigned: that part only). */
static void
evaluate(struct pc_fleet_office *o, const struct candidate *c,
    const struct pc_fleet *f, long long now)
{
	struct part own = { c->office_id, c->group, c->latest, c->error,
		c->expect_id, c->keyring_only, false };
	struct part tenant = { c->office_id, NULL, c->tenant_latest,
		c->tenant_error, true, false, true };
	char path[PATH_MAX];
	bool has = c->tenant_latest || c->tenant_error;

	if (!join(path, c->group, PC_SCOPE_TENANT))
		has = false;
	tenant.group = path;
	if (has && c->latest == NULL && c->error == NULL &&
	    strcmp(c->office_id, PC_OFFICE_UNASSIGNED) == 0) {
		evaluate_part(o, &tenant, f, now);
		return;
	}
	evaluate_part(o, &own, f, now);
	if (!has)
		return;
	if ((o->tenant = calloc(1, sizeof(*o->tenant))) == NULL)
		abort();
	evaluate_part(o->tenant, &tenant, f, now);
}

/* Urgency rank of both parts: the more urgent. */
static int
rank(const struct pc_fleet_office *o)
{
	int a = pc_fleet_part_rank(o), b;

	if (o->tenant && (b = pc_fleet_part_rank(o->tenant)) < a)
		return b;
	return a;
}

/* Findings of severity sev in both parts. */
static size_t
joined(const struct pc_fleet_office *o, enum pc_severity sev)
{
	return o->by_severity[sev] +
	    (o->tenant ? o->tenant->by_severity[sev] : 0);
}

/* Orders offices most urgent first, then by criticals, highs and id. */
static int
cmp_office(const void *a, const void *b)
{
	const struct pc_fleet_office *x = a, *y = b;
	int rx = rank(x), ry = rank(y);
	size_t cx = joined(x, PC_SEV_CRITICAL), cy = joined(y, PC_SEV_CRITICAL);
	size_t hx = joined(x, PC_SEV_HIGH), hy = joined(y, PC_SEV_HIGH);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (cx != cy)
		return cx > cy ? -1 : 1;
	if (hx != hy)
		return hx > hy ? -1 : 1;
	return strcmp(x->office_id, y->office_id);
}

/* Frees what one office (and its tenant part) owns. */
static void
free_office(struct pc_fleet_office *o)
{
	size_t k;

	free(o->office_id);
	free(o->office_name);
	free(o->folder);
	free(o->reason);
	for (k = 0; k < o->ngaps; k++)
		free(o->gaps[k]);
	for (k = 0; k < o->nrouted; k++)
		free(o->routed[k].title);
	free(o->routed);
	if (o->tenant) {
		free_office(o->tenant);
		free(o->tenant);
	}
}

/* Frees the fleet view. */
void
pc_fleet_free(struct pc_fleet *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->n; i++)
		free_office(&f->offices[i]);
	free(f->offices);
	free(f->dir);
	free(f->keyring_path);
	free(f->approved_path);
	free(f);
}

/* Adds an office's parts to the fleet's totals: by state its own part
 * (or its only one); overdue, critical, incomplete and policy modified
 * when either verified part is. */
static void
count_office(struct pc_fleet *f, const struct pc_fleet_office *o)
{
	const struct pc_fleet_office *t = o->tenant;
	bool tv = t && t->state == PC_FLEET_VERIFIED;
	bool ov = o->state == PC_FLEET_VERIFIED;

	f->nverified += ov;
	f->nunverified += o->state == PC_FLEET_UNVERIFIED ||
	    (t && t->state == PC_FLEET_UNVERIFIED);
	f->nunreadable += o->state == PC_FLEET_UNREADABLE ||
	    (t && t->state == PC_FLEET_UNREADABLE);
	f->nmissing += o->state == PC_FLEET_MISSING;
	f->noverdue += (ov && o->overdue) || (tv && t->overdue);
	f->ncritical += (ov && pc_fleet_open_critical(o) > 0) ||
	    (tv && pc_fleet_open_critical(t) > 0);
	f->nincomplete += (ov && !o->complete) || (tv && !t->complete);
	f->naccepted += strcmp(pc_fleet_status_word(o), "accepted") == 0;
	f->npolicy_modified +=
	    (ov && o->policy_approved == 0) || (tv && t->policy_approved == 0);
}

/* An office found in several batches: keeps its latest report. */
static void
dedupe(struct candidates *c)
{
	size_t i, keep;

	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), cmp_candidate);
	for (i = 0, keep = 0; i < c->n; i++) {
		if (i + 1 < c->n &&
		    strcmp(c->v[i].office_id, c->v[i + 1].office_id) == 0) {
			free_candidate(&c->v[i]);
			continue;
		}
		c->v[keep++] = c->v[i];
	}
	c->n = keep;
}

/* Builds the fleet view. */
int
pc_aggregate_scan(
    struct pc_fleet **fleet_out, const struct pc_aggregate_opts *opts)
{
	struct candidates c = { 0 };
	struct pc_keyring *ring = NULL;
	struct pc_fleet *f = NULL;
	char **names = NULL;
	char copy[PATH_MAX];
	struct stat st;
	size_t n = 0, i;
	int r;

	*fleet_out = NULL;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		abort();
	f->dir = xstrdup(opts->dir);
	f->keyring_path =
	    opts->keyring_path ? xstrdup(opts->keyring_path) : NULL;
	f->approved_path =
	    opts->approved_path ? xstrdup(opts->approved_path) : NULL;
	f->overdue_days = opts->overdue_days > 0
	    ? opts->overdue_days
	    : PC_FLEET_DEFAULT_OVERDUE_DAYS;
	pc_time_iso(f->now, opts->now);
	if (strlen(opts->dir) >= sizeof(copy) - 64) {
		r = pc_error_set(
		    PC_EUSAGE, "folder path too long: %.64s...", opts->dir);
		goto out;
	}
	if (stat(opts->dir, &st) != 0) {
		r = pc_error_set(errno == ENOENT ? PC_ENOTFOUND : PC_EIO,
		    "cannot open folder %s: %s", opts->dir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		r = pc_error_set(PC_EIO,
		    "cannot open folder %s: it is not a folder; give the folder that holds the offices' report folders",
		    opts->dir);
		goto out;
	}
	if (opts->keyring_path &&
	    (r = pc_keyring_load(&ring, opts->keyring_path)) != 0)
		goto out;
	/* A malformed approved-policies file stops the view (exit 2) rather
	 * than marking every office unreadable. */
	if (opts->approved_path) {
		struct pc_approved *approved = NULL;

		if ((r = pc_approved_load(&approved, opts->approved_path)) != 0)
			goto out;
		pc_approved_free(approved);
	}
	if ((r = pc_dir_names(
		 &names, &n, opts->dir, NULL, PC_FLEET_MAX_OFFICES)) != 0)
		goto out;
	if (latest_of(names, n) != NULL) {
		/* Report folders directly in DIR: DIR is one office's folder. */
		snprintf(copy, sizeof(copy), "%s", opts->dir);
		add_candidate(&c, basename(copy), opts->dir,
		    latest_of(names, n), NULL,
		    pc_keyring_office_id_ok(basename(copy)));
	}
	for (i = 0; i < n; i++) {
		if (pc_history_name_ok(names[i]))
			continue;
		if ((r = scan_child(&c, opts->dir, names[i])) != 0)
			goto out;
		if (c.n > PC_FLEET_MAX_OFFICES) {
			r = pc_error_set(PC_ELIMIT,
			    "%s holds more than %d offices", opts->dir,
			    PC_FLEET_MAX_OFFICES);
			goto out;
		}
	}
	dedupe(&c);
	if (ring)
		add_keyring_missing(&c, ring, opts->dir);
	if (c.n > 0 && (f->offices = calloc(c.n, sizeof(*f->offices))) == NULL)
		abort();
	for (i = 0; i < c.n; i++) {
		struct pc_fleet_office *o = &f->offices[f->n++];

		evaluate(o, &c.v[i], f, opts->now);
		count_office(f, o);
	}
	if (f->n > 1)
		qsort(f->offices, f->n, sizeof(*f->offices), cmp_office);
	pc_error_clear();
	r = 0;
out:
	pc_dir_names_free(names, n);
	pc_keyring_free(ring);
	free_candidates(&c);
	if (r == 0)
		*fleet_out = f;
	else
		pc_fleet_free(f);
	return r;
}
