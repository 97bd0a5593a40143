/* The exposure check's m365-sharing part: OneDrive and SharePoint files
 * shared by link or with outside addresses, and what they hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "agent/check.h"
#include "agent/lib/err.h"
#include "checks/providers/graph_tenant.h"
#include "drive365_run.h"
#include "exposure.h"

#define DEFAULT_GRAPH "https://graph.microsoft.com"

/* Is the source one this part reads? */
bool
pc_d365_is_source(const struct pc_source *s)
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
 * The content hosts the config names, which download redirects may go
 * to: providers.microsoft365.sharepoint_hosts, and the graph_url host
 * when it is overridden (tests). The m365-hosts part adds the tenant's
 * own (GET /v1.0/sites/root) before this part's child starts.
 */
static int
config_hosts(char (*out)[300], size_t *n_out, const struct pc_config *cfg)
{
	const struct pc_m365 *m = pc_m365_cfg(cfg);
	size_t i, n = 0;
	int r;

	*n_out = 0;
	for (i = 0; i < m->nsharepoint_hosts && n < PC_D365_MAX_HOSTS / 2;
	     i++, n++)
		snprintf(out[n], sizeof(out[n]), "%s", m->sharepoint_hosts[i]);
	if (m->graph_url != NULL && strcmp(m->graph_url, DEFAULT_GRAPH) != 0 &&
	    (r = host_of(out[n++], sizeof(out[0]), m->graph_url)) != 0)
		return r;
	*n_out = n;
	return 0;
}

/* Needs of the m365-sharing part: Graph, the content hosts the config
 * names (the runner adds those learned from the tenant), the key. */
int
pc_exposure_needs_m365(const struct pc_config *cfg, struct pc_needs *n)
{
	char hosts[PC_D365_MAX_HOSTS][300], url[320];
	size_t i, nh, count = 0;
	int r;

	for (i = 0; i < cfg->nsources; i++)
		count += pc_d365_is_source(&cfg->sources[i]);
	if (count == 0)
		return pc_needs_not_applicable(
		    n, "no onedrive or sharepoint source is configured");
	if ((r = pc_provider_graph.needs(cfg, n)) != 0 ||
	    (r = config_hosts(hosts, &nh, cfg)) != 0)
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

/* The content hosts: the config's, then those learned from the tenant. */
static int
content_hosts(struct d365 *d)
{
	const char *const *learned;
	size_t i, nl;
	int r;

	if ((r = config_hosts(d->hostbuf, &d->nhosts, d->cfg)) != 0)
		return r;
	learned = pc_check_learned_hosts(d->ctx, &nl, &d->hosts_learned);
	for (i = 0; i < nl && d->nhosts < PC_D365_MAX_HOSTS; i++)
		snprintf(d->hostbuf[d->nhosts++], sizeof(d->hostbuf[0]), "%s",
		    learned[i]);
	for (i = 0; i < d->nhosts; i++)
		d->hosts[i] = d->hostbuf[i];
	return 0;
}

/*
 * The office's domains: Parliamentary, its own, the tenant's name, and
 * the tenant's verified domains (GET /v1.0/domains, Domain.Read.All). A
 * tenant that will not say is a warning in the counts: grants to its
 * other domains then count as outside the office (fail closed).
 */
static int
office_domains(struct d365 *d)
{
	const struct pc_config *c = d->cfg;
	size_t i, n = 0;

	if (pc_graph_verified_domains(d->g, &d->verified, &d->nverified) != 0) {
		if (pc_error_code() == PC_ENOMEM)
			return PC_ENOMEM;
		(void)pc_check_count(d->ctx, "m365-sharing",
		    "warning: the tenant's verified domains could not be read (%s); only the config's domains count as the office's",
		    pc_error_get());
	}
	d->domains = calloc(
	    c->office.ndomains + c->office.nown_domains + d->nverified + 1,
	    sizeof(*d->domains));
	if (d->domains == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < c->office.ndomains; i++)
		d->domains[n++] = c->office.parliamentary_domains[i];
	for (i = 0; i < c->office.nown_domains; i++)
		d->domains[n++] = c->office.domains[i];
	d->domains[n++] = pc_m365_cfg(c)->tenant;
	for (i = 0; i < d->nverified; i++)
		d->domains[n++] = d->verified[i];
	d->ndomains = n;
	return 0;
}

/* --- SharePoint sites ---------------------------------------------------- */

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
		r = pc_d365_read_drive(d,
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
	bool onedrives = false;
	size_t i;
	int r = 0;

	for (i = 0; i < c->nsources && r == 0; i++) {
		const struct pc_source *s = &c->sources[i];

		if (!pc_d365_is_source(s))
			continue;
		if (strcmp(s->kind, "sharepoint") == 0)
			r = read_site(d, s->site);
		else if (!onedrives) /* every OneDrive, once */
			r = pc_d365_read_onedrives(d);
		onedrives |= strcmp(s->kind, "onedrive") == 0;
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

	if ((r = content_hosts(&d)) != 0)
		return r;
	if ((r = pc_exposure_scan_new(&d.scan, ctx)) != 0)
		return r;
	if ((r = pc_graph_open(&d.g, &env, pc_m365_cfg(d.cfg))) != 0 ||
	    (r = office_domains(&d)) != 0)
		goto out;
	r = read_sources(&d);
	(void)pc_check_count(ctx, "m365-sharing",
	    "%zu drive%s read%s, %zu items, %zu shared files, %zu shared only within the organisation (not findings), %zu downloaded and scanned, %zu download redirect%s refused, %zu findings, %zu Graph requests",
	    d.drives, d.drives == 1 ? "" : "s",
	    d.drives > PC_D365_DRIVE_LINES ? " (the first 40 listed above)"
					   : "",
	    d.items, d.candidates, d.org_only, d.downloaded, d.refused,
	    d.refused == 1 ? "" : "s", d.findings,
	    pc_http_requests(pc_graph_http(d.g)));
out:
	pc_graph_close(d.g);
	pc_exposure_scan_free(d.scan);
	for (i = 0; i < d.nverified; i++)
		free(d.verified[i]);
	free(d.verified);
	free(d.domains);
	return r;
}
