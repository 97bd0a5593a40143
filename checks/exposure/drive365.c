/* The exposure check's m365-sharing part: OneDrive and SharePoint files
 * shared by link or with outside addresses, and what they hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <curl/curl.h>

#include "agent/check.h"
#include "agent/lib/err.h"
#include "checks/providers/graph.h"
#include "drive365.h"
#include "exposure.h"
#include "scan.h"

#define DEFAULT_GRAPH     "https://graph.microsoft.com"
#define DOWNLOADS_AT_ONCE 8
#define MAX_DOMAINS       64

/* One run of the part. */
struct d365 {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	struct pc_graph *g;
	struct pc_exposure_scan *scan;
	char hostbuf[PC_D365_MAX_HOSTS][300];
	const char *hosts[PC_D365_MAX_HOSTS];
	size_t nhosts;
	const char *domains[MAX_DOMAINS];
	size_t ndomains;
	size_t drives, items, candidates, org_only, downloaded, refused;
	size_t findings;
};

/* One file to judge: the tree item, its model and content. */
struct cand {
	const struct pc_d365_item *it;
	struct pc_shared_file f;
	struct pc_share_content c;
	bool read; /* c holds a result */
};

/* The UPN escaped for a URL path; caller frees. */
static char *
curl_escape_upn(const char *upn)
{
	char *e = curl_easy_escape(NULL, upn, 0), *out;

	if (e == NULL)
		return NULL;
	out = strdup(e);
	curl_free(e);
	return out;
}

/* Is the source one this part reads? */
static bool
is_m365_source(const struct pc_source *s)
{
	return (strcmp(s->kind, "onedrive") == 0 ||
		   strcmp(s->kind, "sharepoint") == 0) &&
	    pc_exposure_reads(s);
}

/* "host[:port]" of an https URL, lower case, without :443. */
static int
host_of(char *out, size_t n, const char *url)
{
	const char *h = url + 8;
	size_t len = strcspn(h, "/?#"), i;

	if (strncasecmp(url, "https://", 8) != 0 || len == 0 || len >= n)
		return pc_error_set(
		    PC_ECONFIG, "not an https URL with a host: %.80s", url);
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)h[i]);
	out[len] = '\0';
	if (len > 4 && strcmp(out + len - 4, ":443") == 0)
		out[len - 4] = '\0';
	return 0;
}

/*
 * The tenant's content hosts, which download redirects may go to:
 * providers.microsoft365.sharepoint_hosts; else, when graph_url is
 * overridden (tests), its host; else <name>.sharepoint.com and
 * <name>-my.sharepoint.com for a <name>.onmicrosoft.com tenant.
 */
static int
content_hosts(char (*out)[300], size_t *n_out, const struct pc_config *cfg)
{
	const struct pc_m365 *m = pc_m365_cfg(cfg);
	const char *dot;
	size_t i, n = 0;
	int r;

	*n_out = 0;
	if (m->nsharepoint_hosts > 0) {
		for (i = 0; i < m->nsharepoint_hosts && n < PC_D365_MAX_HOSTS;
		     i++, n++)
			snprintf(out[n], sizeof(out[n]), "%s",
			    m->sharepoint_hosts[i]);
	} else if (m->graph_url != NULL &&
	    strcmp(m->graph_url, DEFAULT_GRAPH) != 0) {
		if ((r = host_of(out[n++], sizeof(out[0]), m->graph_url)) != 0)
			return r;
	} else if ((dot = strchr(m->tenant, '.')) != NULL &&
	    strcasecmp(dot, ".onmicrosoft.com") == 0) {
		int len = (int)(dot - m->tenant);

		snprintf(out[n++], sizeof(out[0]), "%.*s.sharepoint.com", len,
		    m->tenant);
		snprintf(out[n++], sizeof(out[0]), "%.*s-my.sharepoint.com",
		    len, m->tenant);
	} else {
		return pc_error_set(PC_ECONFIG,
		    "%s: providers.microsoft365.sharepoint_hosts: missing; the tenant %s is not a *.onmicrosoft.com name, so list the SharePoint hosts downloads come from (for example [exampleshire.sharepoint.com, exampleshire-my.sharepoint.com])",
		    cfg->path, m->tenant);
	}
	*n_out = n;
	return 0;
}

/* Needs of the m365-sharing part: Graph, the content hosts, the key. */
int
pc_exposure_needs_m365(const struct pc_config *cfg, struct pc_needs *n)
{
	char hosts[PC_D365_MAX_HOSTS][300], url[320];
	size_t i, nh, count = 0;
	int r;

	for (i = 0; i < cfg->nsources; i++)
		count += is_m365_source(&cfg->sources[i]);
	if (count == 0)
		return pc_needs_not_applicable(
		    n, "no onedrive or sharepoint source is configured");
	if ((r = pc_provider_graph.needs(cfg, n)) != 0 ||
	    (r = content_hosts(hosts, &nh, cfg)) != 0)
		return r;
	for (i = 0; i < nh; i++) {
		snprintf(url, sizeof(url), "https://%s/", hosts[i]);
		if ((r = pc_needs_add_url(n, url)) != 0)
			return r;
	}
	if ((r = pc_needs_add_iconv(n)) != 0)
		return r;
	return pc_needs_add_office_key(cfg, n);
}

/* The office's domains: Parliamentary, its own, and the tenant's. */
static void
office_domains(struct d365 *d)
{
	const struct pc_config *c = d->cfg;
	size_t i;

	for (i = 0; i < c->office.ndomains && d->ndomains < MAX_DOMAINS; i++)
		d->domains[d->ndomains++] = c->office.parliamentary_domains[i];
	for (i = 0; i < c->office.nown_domains && d->ndomains < MAX_DOMAINS;
	     i++)
		d->domains[d->ndomains++] = c->office.domains[i];
	if (d->ndomains < MAX_DOMAINS)
		d->domains[d->ndomains++] = pc_m365_cfg(c)->tenant;
}

/* The staff member's name for an account, or NULL. */
static const char *
staff_name(const struct d365 *d, const char *account)
{
	const struct pc_staff *s =
	    pc_config_find_staff(d->cfg, "microsoft365", account);

	return s ? s->name : NULL;
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
			.owner = staff_name(d, k->f.owner),
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
			.redirect_final = true };
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
				.no_auth = true };
			who[m++] = i;
		} else if (p->status >= 300 && p->status < 400) {
			d->refused++;
			not_read(ks[i], "%s",
			    "the download was redirected to a host that is not one of the tenant's content hosts, so portcullis refused to follow it");
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

/* Reads the content of every candidate shared beyond the office. */
static int
read_contents(struct d365 *d, const char *drive_id, struct cand *ks, size_t n)
{
	struct cand *wave[DOWNLOADS_AT_ONCE];
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
		wave[w++] = k;
		if (w == DOWNLOADS_AT_ONCE) {
			if ((r = download_wave(d, drive_id, wave, w)) != 0)
				return r;
			w = 0;
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

/* One drive being read. */
struct drive {
	enum pc_share_store store;
	const char *id, *container, *owner, *label, *permission;
};

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
static int
read_drive(struct d365 *d, const struct drive *dr)
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

/* --- drives ------------------------------------------------------------ */

/* The staff member's Microsoft 365 account (else their email). */
static const char *
m365_account(const struct pc_staff *s)
{
	size_t i;

	for (i = 0; i < s->naccounts; i++)
		if (strcmp(s->accounts[i].provider, "microsoft365") == 0)
			return s->accounts[i].name;
	return s->email;
}

/* Reads one staff member's OneDrive: GET /users/{upn}/drive, then the
 * drive. No drive (404: no licence or never opened) is counted. */
static int
read_onedrive(struct d365 *d, const struct pc_staff *s)
{
	const char *upn = m365_account(s), *id;
	struct pc_http_resp resp;
	cJSON *j = NULL;
	char url[1024], label[600];
	char *esc = NULL;
	int r;

	memset(&resp, 0, sizeof(resp));
	snprintf(label, sizeof(label), "the OneDrive of %s", upn);
	if ((esc = curl_escape_upn(upn)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	snprintf(url, sizeof(url), "%s/v1.0/users/%s/drive",
	    pc_graph_base(d->g), esc);
	free(esc);
	if ((r = pc_graph_get(d->g, url, &resp, &j)) != 0)
		goto fail;
	if (resp.status == 404) {
		(void)pc_check_count(d->ctx, "m365-sharing",
		    "%s: no OneDrive (no licence, or never opened)", upn);
		goto out;
	}
	if (j == NULL) {
		r = pc_graph_refused(&resp, label, "Files.Read.All");
		goto fail;
	}
	if ((r = pc_json_need_string(&id, j, "id", "graph")) != 0)
		goto fail;
	r = read_drive(d,
	    &(struct drive){
		PC_SHARE_ONEDRIVE, id, upn, upn, label, "Files.Read.All" });
	goto out;
fail:
	if (r != PC_ENOMEM)
		r = pc_check_incomplete(
		    d->ctx, "%s could not be read: %s", label, pc_error_get());
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	return r;
}

/* Graph's site address for a site URL: "host:/sites/office". */
static int
site_ref(char *out, size_t n, const char *site)
{
	const char *h = site + 8, *path;
	size_t hl;

	if (strncasecmp(site, "https://", 8) != 0)
		return pc_error_set(
		    PC_ECONFIG, "not an https URL: %.80s", site);
	hl = strcspn(h, "/?#");
	path = h + hl;
	while (hl > 0 && h[hl - 1] == '.')
		hl--;
	if (*path == '\0' || strcmp(path, "/") == 0)
		snprintf(out, n, "%.*s", (int)hl, h);
	else
		snprintf(out, n, "%.*s:%.*s:", (int)hl, h,
		    (int)strcspn(path, "?#"), path);
	return 0;
}

/* One SharePoint site being listed: its drives. */
struct site_run {
	struct d365 *d;
	const char *site;
	char ids[32][256], names[32][256];
	size_t n;
};

/* Keeps one document library of the site. */
static int
on_site_drive(void *arg, const cJSON *item)
{
	struct site_run *sr = arg;
	const char *id, *name = NULL;
	int r;

	if ((r = pc_json_need_string(&id, item, "id", "graph")) != 0 ||
	    (r = pc_json_opt_string(&name, item, "name", "graph")) != 0)
		return r;
	if (sr->n == 32)
		return pc_error_set(PC_ELIMIT,
		    "microsoft365: the site has more than 32 document libraries");
	snprintf(sr->ids[sr->n], sizeof(sr->ids[0]), "%s", id);
	snprintf(
	    sr->names[sr->n], sizeof(sr->names[0]), "%s", name ? name : id);
	sr->n++;
	return 0;
}

/* Reads each document library of one SharePoint site. */
static int
read_site(struct d365 *d, const char *site)
{
	struct site_run *sr = NULL;
	struct pc_http_resp resp;
	cJSON *j = NULL;
	const char *id;
	char url[1400], ref[1024], label[1400], what[1200];
	size_t i;
	int r;

	memset(&resp, 0, sizeof(resp));
	snprintf(what, sizeof(what), "the SharePoint site %s", site);
	if ((sr = calloc(1, sizeof(*sr))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	sr->d = d;
	sr->site = site;
	if ((r = site_ref(ref, sizeof(ref), site)) != 0)
		goto fail;
	snprintf(
	    url, sizeof(url), "%s/v1.0/sites/%s", pc_graph_base(d->g), ref);
	if ((r = pc_graph_get(d->g, url, &resp, &j)) != 0)
		goto fail;
	if (j == NULL) {
		r = pc_graph_refused(&resp, what, "Sites.Read.All");
		goto fail;
	}
	if ((r = pc_json_need_string(&id, j, "id", "graph")) != 0)
		goto fail;
	snprintf(url, sizeof(url), "%s/v1.0/sites/%s/drives",
	    pc_graph_base(d->g), id);
	if ((r = pc_graph_list(
		 d->g, url, what, "Sites.Read.All", on_site_drive, sr)) != 0)
		goto fail;
	for (i = 0; i < sr->n && r == 0; i++) {
		snprintf(label, sizeof(label),
		    "the library \"%s\" of the SharePoint site %s",
		    sr->names[i], site);
		r = read_drive(d,
		    &(struct drive){ PC_SHARE_SHAREPOINT, sr->ids[i], site,
			NULL, label, "Files.Read.All and Sites.Read.All" });
	}
	goto out;
fail:
	if (r != PC_ENOMEM)
		r = pc_check_incomplete(
		    d->ctx, "%s could not be read: %s", what, pc_error_get());
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	free(sr);
	return r;
}

/* Reads every onedrive and sharepoint source. */
static int
read_sources(struct d365 *d)
{
	const struct pc_config *c = d->cfg;
	size_t i, k;
	int r = 0;

	for (i = 0; i < c->nsources && r == 0; i++) {
		const struct pc_source *s = &c->sources[i];

		if (!is_m365_source(s))
			continue;
		if (strcmp(s->kind, "sharepoint") == 0) {
			r = read_site(d, s->site);
			continue;
		}
		for (k = 0; k < c->nstaff && r == 0; k++)
			r = read_onedrive(d, &c->staff[k]);
	}
	return r;
}

/* Runs the m365-sharing part. */
int
pc_exposure_run_m365(struct pc_check_ctx *ctx)
{
	struct pc_provider_env env = pc_provider_env_of(ctx);
	struct d365 d = { .ctx = ctx, .cfg = pc_check_config(ctx) };
	size_t i;
	int r;

	if ((r = content_hosts(d.hostbuf, &d.nhosts, d.cfg)) != 0)
		return r;
	for (i = 0; i < d.nhosts; i++)
		d.hosts[i] = d.hostbuf[i];
	office_domains(&d);
	if ((r = pc_exposure_scan_new(&d.scan, ctx)) != 0)
		return r;
	if ((r = pc_graph_open(&d.g, &env, pc_m365_cfg(d.cfg))) != 0)
		goto out;
	r = read_sources(&d);
	(void)pc_check_count(ctx, "m365-sharing",
	    "%zu drive%s read, %zu items, %zu shared files, %zu shared only within the organisation (not findings), %zu downloaded and scanned, %zu download redirect%s refused, %zu findings, %zu Graph requests",
	    d.drives, d.drives == 1 ? "" : "s", d.items, d.candidates,
	    d.org_only, d.downloaded, d.refused, d.refused == 1 ? "" : "s",
	    d.findings, pc_http_requests(pc_graph_http(d.g)));
out:
	pc_graph_close(d.g);
	pc_exposure_scan_free(d.scan);
	return r;
}
