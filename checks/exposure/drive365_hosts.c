/*
 * The exposure check's m365-hosts part: learns the tenant's content hosts
 * (GET /v1.0/sites/root: siteCollection.hostname and its -my twin, where
 * OneDrive files are served) in its own sandboxed child, for the runner to
 * add to the m365-sharing part's allowlist before that child starts.
 */
#include <stdio.h>
#include <string.h>

#include "agent/check.h"
#include "agent/lib/err.h"
#include "checks/providers/graph_tenant.h"
#include "drive365_run.h"
#include "exposure.h"

/* Needs of the m365-hosts part: Graph's login and API hosts only; it
 * learns hosts for the m365-sharing part. */
int
pc_exposure_needs_m365_hosts(const struct pc_config *cfg, struct pc_needs *n)
{
	size_t i, count = 0;

	for (i = 0; i < cfg->nsources; i++)
		count += pc_d365_is_source(&cfg->sources[i]);
	if (count == 0)
		return pc_needs_not_applicable(
		    n, "no onedrive or sharepoint source is configured");
	n->hosts_for = "m365-sharing";
	return pc_provider_graph.needs(cfg, n);
}

/* ":port" of graph_url when it is not 443, else "": content hosts are
 * reached on Graph's port (the tests' emulator serves every host on
 * one). */
static void
graph_port(char *out, size_t n, const char *graph_url)
{
	const char *h = graph_url ? strstr(graph_url, "://") : NULL;
	const char *end, *colon;

	out[0] = '\0';
	if (h == NULL)
		return;
	h += 3;
	end = h + strcspn(h, "/?#");
	colon = memchr(h, ':', (size_t)(end - h));
	if (colon != NULL && !(end - colon == 4 && !strncmp(colon, ":443", 4)))
		snprintf(out, n, "%.*s", (int)(end - colon), colon);
}

/* Runs the m365-hosts part. A tenant that does not say (no
 * Sites.Read.All) is a warning: downloads may then be redirected only to
 * the hosts in the config, and the m365-sharing part says so. */
int
pc_exposure_run_m365_hosts(struct pc_check_ctx *ctx)
{
	struct pc_provider_env env = pc_provider_env_of(ctx);
	const struct pc_m365 *m = pc_m365_cfg(pc_check_config(ctx));
	struct pc_graph *g = NULL;
	char found[2][256], hosts[2][300], port[16];
	const char *list[2] = { hosts[0], hosts[1] };
	int r;

	if ((r = pc_graph_open(&g, &env, m)) != 0 ||
	    (r = pc_graph_sharepoint_hosts(g, found)) != 0) {
		if (r == PC_ENOMEM)
			goto out;
		r = pc_check_count(ctx, "m365-sharing",
		    "warning: the tenant's content hosts could not be learned (%s); downloads may be redirected only to providers.microsoft365.sharepoint_hosts",
		    pc_error_get());
		goto out;
	}
	graph_port(port, sizeof(port), m->graph_url);
	snprintf(hosts[0], sizeof(hosts[0]), "%s%s", found[0], port);
	snprintf(hosts[1], sizeof(hosts[1]), "%s%s", found[1], port);
	if ((r = pc_check_learned_hosts_send(ctx, list, 2)) == 0)
		r = pc_check_count(ctx, "m365-sharing",
		    "content hosts learned from the tenant (sites/root): %s, %s",
		    found[0], found[1]);
out:
	pc_graph_close(g);
	return r;
}
