/* Microsoft 365 tenant facts: verified domains, SharePoint hosts. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "graph_tenant.h"

/* Where one list of domains is being collected. */
struct domains_run {
	char ***domains;
	size_t *n;
};

/* Keeps a verified domain's name. */
static int
take_domain(void *arg, const cJSON *item)
{
	struct domains_run *dr = arg;
	const char *id;
	int verified, r;
	char **v;

	if ((r = pc_json_need_string(&id, item, "id", "graph")) ||
	    (r = pc_json_opt_bool(&verified, item, "isVerified", "graph")))
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	if (verified != 1 || *dr->n >= PC_GRAPH_MAX_DOMAINS)
		return 0;
	if ((v = realloc(*dr->domains, (*dr->n + 1) * sizeof(*v))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	*dr->domains = v;
	if ((v[*dr->n] = strdup(id)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	(*dr->n)++;
	return 0;
}

/* The tenant's verified domains. */
int
pc_graph_verified_domains(struct pc_graph *g, char ***domains, size_t *n)
{
	struct domains_run dr = { domains, n };
	char url[1024];

	snprintf(url, sizeof(url), "%s/v1.0/domains", pc_graph_base(g));
	return pc_graph_list(g, url, "the tenant's domains", "Domain.Read.All",
	    take_domain, &dr);
}

/* The OneDrive twin of a SharePoint host: "-my" after the first label. */
int
pc_graph_onedrive_twin(char *out, size_t n, const char *host)
{
	size_t first = strcspn(host, ".");

	if ((size_t)snprintf(
		out, n, "%.*s-my%s", (int)first, host, host + first) >= n)
		return pc_error_set(PC_ELIMIT,
		    "microsoft365: a SharePoint host name is too long");
	return 0;
}

/* Copies a host name lower case, refusing anything but a DNS name. */
static int
copy_host(char *out, size_t n, const char *host)
{
	size_t i, len = strlen(host);

	if (len == 0 || len >= n || len > 253)
		return pc_error_set(PC_EPARSE,
		    "microsoft365: sites/root gave an empty or too long siteCollection.hostname");
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)host[i];

		if (!isalnum(c) && c != '-' && c != '.')
			return pc_error_set(PC_EPARSE,
			    "microsoft365: sites/root gave a siteCollection.hostname that is not a host name");
		out[i] = (char)tolower(c);
	}
	out[len] = '\0';
	return 0;
}

/* The hosts a sites/root answer names. */
int
pc_graph_sites_root_hosts(const cJSON *site, char out[2][256])
{
	const cJSON *coll;
	const char *host;
	int r;

	if ((r = pc_json_need_object(&coll, site, "siteCollection", "graph")) ||
	    (r = pc_json_need_string(&host, coll, "hostname", "graph")))
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	if ((r = copy_host(out[0], 256, host)) != 0)
		return r;
	return pc_graph_onedrive_twin(out[1], 256, out[0]);
}

/* The tenant's SharePoint hosts from sites/root. */
int
pc_graph_sharepoint_hosts(struct pc_graph *g, char out[2][256])
{
	struct pc_http_resp resp;
	cJSON *j = NULL;
	char url[1024];
	int r;

	memset(&resp, 0, sizeof(resp));
	snprintf(url, sizeof(url), "%s/v1.0/sites/root?$select=siteCollection",
	    pc_graph_base(g));
	if ((r = pc_graph_get(g, url, &resp, &j)) != 0)
		goto out;
	if (j == NULL) {
		r = pc_graph_refused(&resp, "the tenant's root SharePoint site",
		    "Sites.Read.All");
		goto out;
	}
	r = pc_graph_sites_root_hosts(j, out);
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	return r;
}
