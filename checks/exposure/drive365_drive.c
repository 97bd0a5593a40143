/* One drive of the m365-sharing part: its delta rebuilt into a tree, the
 * shared files' permissions ($batch), their contents (downloads, 8 at a
 * time, redirects only to content hosts) and findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/check.h"
#include "agent/lib/err.h"
#include "drive365_run.h"

#define DOWNLOADS_AT_ONCE 8

/* One file to judge: the tree item, its model and content. */
struct cand {
	const struct pc_d365_item *it;
	struct pc_shared_file f;
	struct pc_share_content c;
	bool read; /* c holds a result */
};

/* Who the finding goes to: the staff member with the account; else, for
 * a OneDrive, its owner's UPN (a licensed user the staff list lacks);
 * else no one. */
static const char *
owner_of(const struct d365 *d, const struct pc_shared_file *f)
{
	const struct pc_staff *s =
	    pc_config_find_staff(d->cfg, "microsoft365", f->owner);

	if (s != NULL)
		return s->name;
	return f->store == PC_SHARE_ONEDRIVE && f->owner[0] ? f->owner : NULL;
}

/* Emits the file's findings. */
static int
emit_file(struct d365 *d, const char *drive_id, struct cand *k)
{
	enum pc_share_rule rules[PC_SHARE_NRULES];
	char subject[2048], title[2048], evidence[2048], key[512];
	size_t i, n = pc_share_classify(rules, &k->f, k->read ? &k->c : NULL);
	int r;

	pc_share_subject(subject, sizeof(subject), &k->f);
	snprintf(key, sizeof(key), "m365:%s:%s", drive_id, k->it->id);
	for (i = 0; i < n; i++) {
		pc_share_title(title, sizeof(title), &k->f, rules[i]);
		pc_share_evidence(evidence, sizeof(evidence), &k->f,
		    k->read ? &k->c : NULL, rules[i]);
		r = pc_check_emit(d->ctx,
		    &(struct pc_finding){ .rule = pc_share_rule_id(rules[i]),
			.subject = subject,
			.title = title,
			.evidence = evidence,
			.owner = owner_of(d, &k->f),
			.key = key,
			.locator = k->f.name });
		if (r != 0)
			return r;
		d->findings++;
	}
	return 0;
}

/* Scans a downloaded body into k's content. */
static int
scan_body(struct d365 *d, struct cand *k, const struct pc_http_resp *resp)
{
	char subject[2048];

	pc_share_subject(subject, sizeof(subject), &k->f);
	d->downloaded++;
	k->read = true;
	return pc_exposure_scan_doc(d->scan, subject,
	    resp->body.data ? resp->body.data : "", resp->body.len, &k->c);
}

/* Marks k not read, with why. */
static void
not_read(struct cand *k, const char *fmt, const char *arg)
{
	k->read = true;
	k->c.scanned = false;
	snprintf(k->c.not_scanned, sizeof(k->c.not_scanned), fmt, arg);
}

/* The most a download of k may bring: its listed size and 1 MiB more (a
 * body larger than the listing is cut off there, not read to the 16 MiB
 * cap); 0 (the cap) when the listing gives no size. */
static size_t
expected_bytes(const struct cand *k)
{
	return k->it->size > 0 ? (size_t)k->it->size + (1u << 20) : 0;
}

/* Downloads and scans up to DOWNLOADS_AT_ONCE files: the content URL,
 * then each redirect that goes to a content host (without the token). */
static int
download_wave(struct d365 *d, const char *drive_id, struct cand **ks, size_t n)
{
	static const char *const accept[] = { "Accept: */*", NULL };
	struct pc_http_req reqs[DOWNLOADS_AT_ONCE], again[DOWNLOADS_AT_ONCE];
	struct pc_http_resp resps[DOWNLOADS_AT_ONCE], resps2[DOWNLOADS_AT_ONCE];
	char urls[DOWNLOADS_AT_ONCE][1024];
	size_t i, m = 0, who[DOWNLOADS_AT_ONCE];
	int r = 0;

	memset(resps, 0, sizeof(resps));
	memset(resps2, 0, sizeof(resps2));
	for (i = 0; i < n; i++) {
		snprintf(urls[i], sizeof(urls[i]),
		    "%s/v1.0/drives/%s/items/%s/content", pc_graph_base(d->g),
		    drive_id, ks[i]->it->id);
		reqs[i] = (struct pc_http_req){ .url = urls[i],
			.headers = accept,
			.redirect_final = true,
			.body_cap = expected_bytes(ks[i]) };
	}
	(void)pc_http_request_many(pc_graph_http(d->g), reqs, resps, n);
	for (i = 0; i < n && r == 0; i++) {
		struct pc_http_resp *p = &resps[i];

		if (p->err != 0)
			not_read(ks[i], "the download failed: %s", p->errmsg);
		else if (p->status == 200)
			r = scan_body(d, ks[i], p);
		else if (p->status >= 300 && p->status < 400 &&
		    pc_d365_host_allowed(p->location, d->hosts, d->nhosts)) {
			again[m] = (struct pc_http_req){ .url = p->location,
				.headers = accept,
				.no_auth = true,
				.body_cap = expected_bytes(ks[i]) };
			who[m++] = i;
		} else if (p->status >= 300 && p->status < 400) {
			d->refused++;
			not_read(ks[i], "%s",
			    d->hosts_learned
				? "the download was redirected to a host that is not one of the tenant's content hosts, so portcullis refused to follow it"
				: "the download was redirected to a host that is not one of the tenant's content hosts known (they could not be learned from GET /v1.0/sites/root, which needs Sites.Read.All, and providers.microsoft365.sharepoint_hosts does not list it), so portcullis refused to follow it");
		} else {
			char text[200];

			pc_http_error_text(text, sizeof(text), p);
			not_read(ks[i], "the download was refused: %s", text);
		}
	}
	if (r == 0 && m > 0)
		(void)pc_http_request_many(
		    pc_graph_http(d->g), again, resps2, m);
	for (i = 0; i < m && r == 0; i++) {
		struct pc_http_resp *p = &resps2[i];

		if (p->err != 0)
			not_read(
			    ks[who[i]], "the download failed: %s", p->errmsg);
		else if (p->status == 200)
			r = scan_body(d, ks[who[i]], p);
		else
			not_read(ks[who[i]], "%s",
			    "the content host refused the download");
	}
	for (i = 0; i < DOWNLOADS_AT_ONCE; i++) {
		pc_http_resp_free(&resps[i]);
		pc_http_resp_free(&resps2[i]);
	}
	return r;
}

/* Reads the content of every candidate shared beyond the office: up to
 * DOWNLOADS_AT_ONCE at a time, and no more at once than PC_D365_WAVE_BYTES
 * by their listed sizes (a file alone may reach the download cap), so
 * memory stays bounded however large the files. */
static int
read_contents(struct d365 *d, const char *drive_id, struct cand *ks, size_t n)
{
	struct cand *wave[DOWNLOADS_AT_ONCE];
	long long bytes = 0, size;
	size_t i, w = 0;
	int r;

	for (i = 0; i < n; i++) {
		struct cand *k = &ks[i];

		pc_share_content_init(&k->c);
		if (!pc_share_beyond_office(&k->f))
			continue;
		if (k->it->size > (long long)PC_D365_DOWNLOAD_CAP) {
			not_read(
			    k, "%s", "larger than the 16 MiB download cap");
			continue;
		}
		size = k->it->size > 0 ? k->it->size
				       : (long long)PC_D365_DOWNLOAD_CAP;
		if (w > 0 && bytes + size > (long long)PC_D365_WAVE_BYTES) {
			if ((r = download_wave(d, drive_id, wave, w)) != 0)
				return r;
			w = 0;
			bytes = 0;
		}
		wave[w++] = k;
		bytes += size;
		if (w == DOWNLOADS_AT_ONCE) {
			if ((r = download_wave(d, drive_id, wave, w)) != 0)
				return r;
			w = 0;
			bytes = 0;
		}
	}
	return w > 0 ? download_wave(d, drive_id, wave, w) : 0;
}

/* Permissions of one candidate, from its $batch answer. */
struct perm_run {
	struct d365 *d;
	struct cand *ks;
};

static int
on_perms(void *arg, size_t i, const cJSON *body)
{
	struct perm_run *p = arg;

	return pc_d365_perms_add(&p->ks[i].f,
	    cJSON_GetObjectItemCaseSensitive(body, "value"), p->d->domains,
	    p->d->ndomains);
}

/* One drive's delta being read: its tree, and whether it ended. */
struct delta_run {
	struct pc_d365_tree *t;
	const char *what, *permission;
	bool ended; /* a page carried @odata.deltaLink */
};

/* Collects one delta page into the tree. */
static int
on_delta(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct delta_run *dr = arg;
	const cJSON *value, *item;
	int r;

	(void)pageno;
	if (resp->status != 200)
		return pc_graph_refused(resp, dr->what, dr->permission);
	if ((r = pc_json_need_array(&value, json, "value", "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	cJSON_ArrayForEach(
	    item, value) if ((r = pc_d365_tree_add(dr->t, item)) != 0) return r;
	dr->ended |= cJSON_IsString(
	    cJSON_GetObjectItemCaseSensitive(json, "@odata.deltaLink"));
	return 0;
}

/* Reads a drive's whole delta (to its deltaLink) into t. */
static int
read_delta(struct d365 *d, const char *url, const char *what,
    const char *permission, struct pc_d365_tree *t)
{
	struct delta_run dr = { t, what, permission, false };
	int r;

	if ((r = pc_graph_pages(d->g, url, on_delta, &dr)) != 0)
		return r;
	if (!dr.ended)
		return pc_error_set(PC_EPARSE,
		    "microsoft365: the delta of %s ended without @odata.deltaLink, so it may be cut short",
		    what);
	return pc_d365_tree_finish(t);
}

/* The files under shared facets, with their models started. */
static int
candidates(struct cand **out, size_t *n_out, const struct pc_d365_tree *t,
    const struct drive *dr)
{
	struct cand *ks;
	char path[1024];
	const char *since;
	size_t i, n = 0;
	int r;

	*out = NULL;
	*n_out = 0;
	if ((ks = calloc(t->n ? t->n : 1, sizeof(*ks))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < t->n; i++) {
		const struct pc_d365_item *it = &t->items[i];

		if (it->folder || it->root ||
		    !pc_d365_tree_shared(t, it, &since))
			continue;
		if ((r = pc_d365_tree_path(path, sizeof(path), t, it)) != 0) {
			free(ks);
			return r;
		}
		ks[n].it = it;
		pc_share_init(&ks[n].f, dr->store, dr->container, path, NULL);
		snprintf(ks[n].f.owner, sizeof(ks[n].f.owner), "%s",
		    dr->owner            ? dr->owner
			: it->created_by ? it->created_by
					 : "");
		snprintf(ks[n].f.since, sizeof(ks[n].f.since), "%s",
		    since ? since : "");
		n++;
	}
	*out = ks;
	*n_out = n;
	return 0;
}

/* Fetches every candidate's permissions through $batch. */
static int
read_perms(struct d365 *d, const struct drive *dr, struct cand *ks, size_t n)
{
	struct perm_run pr = { d, ks };
	char **paths;
	size_t i;
	int r = 0;

	if (n == 0)
		return 0;
	if ((paths = calloc(n, sizeof(*paths))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < n && r == 0; i++)
		if (asprintf(&paths[i], "/drives/%s/items/%s/permissions",
			dr->id, ks[i].it->id) < 0) {
			paths[i] = NULL;
			r = pc_error_set(PC_ENOMEM, "out of memory");
		}
	if (r == 0)
		r = pc_graph_batch(d->g,
		    &(struct pc_graph_batch){
			.paths = (const char *const *)paths,
			.n = n,
			.what = "a shared file's permissions",
			.what_batch = "shared files' permissions ($batch)",
			.permission = dr->permission,
			.items = "permission requests",
			.each = on_perms,
			.arg = &pr });
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return r;
}

/* Reads one drive: delta, shared files, permissions, contents, findings.
 * A drive that cannot be read makes the check incomplete, naming it. */
int
pc_d365_read_drive(struct d365 *d, const struct drive *dr)
{
	struct pc_d365_tree t = { 0 };
	struct cand *ks = NULL;
	char url[1024], what[600];
	size_t i, n = 0, org = 0;
	int r;

	pc_check_progress(d->ctx, "reading %s", dr->label);
	snprintf(url, sizeof(url), "%s/v1.0/drives/%s/root/delta",
	    pc_graph_base(d->g), dr->id);
	snprintf(what, sizeof(what), "%s (drive %s)", dr->label, dr->id);
	if ((r = read_delta(d, url, what, dr->permission, &t)) != 0 ||
	    (r = candidates(&ks, &n, &t, dr)) != 0 ||
	    (r = read_perms(d, dr, ks, n)) != 0)
		goto fail;
	if ((r = read_contents(d, dr->id, ks, n)) != 0)
		goto out; /* emitting failed: the part cannot go on */
	for (i = 0; i < n && r == 0; i++) {
		org +=
		    !pc_share_beyond_office(&ks[i].f) && ks[i].f.org_links > 0;
		r = emit_file(d, dr->id, &ks[i]);
	}
	d->drives++;
	d->items += t.n;
	d->candidates += n;
	d->org_only += org;
	/* a line per drive for the first ones only: a child may send 64 */
	if (d->drives <= PC_D365_DRIVE_LINES)
		(void)pc_check_count(d->ctx, "m365-sharing",
		    "%s: %zu items, %zu deleted skipped, %zu shared files, %zu shared only within the organisation",
		    dr->label, t.n, t.deleted, n, org);
	goto out;
fail:
	if (r == PC_ENOMEM)
		goto out;
	r = pc_check_incomplete(
	    d->ctx, "%s could not be read: %s", what, pc_error_get());
out:
	free(ks);
	pc_d365_tree_free(&t);
	return r;
}
