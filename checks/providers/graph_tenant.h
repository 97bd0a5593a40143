/* Microsoft 365: facts about the tenant several checks read through a
 * Graph session: its verified domains and its SharePoint hosts. */
#ifndef PC_PROVIDER_GRAPH_TENANT_H
#define PC_PROVIDER_GRAPH_TENANT_H

#include <stddef.h>

#include "checks/providers/graph.h"

#define PC_GRAPH_MAX_DOMAINS 1000 /* verified domains kept */

/*
 * The tenant's verified domains (GET /v1.0/domains, isVerified true;
 * application permission Domain.Read.All), appended to *domains
 * (realloc'd; *n counts them). A refusal is pc_graph_refused naming
 * Domain.Read.All. Caller frees each and the array.
 */
int pc_graph_verified_domains(struct pc_graph *g, char ***domains, size_t *n);

/*
 * The tenant's SharePoint hosts from GET /v1.0/sites/root
 * (siteCollection.hostname, "contoso.sharepoint.com", and its OneDrive
 * twin "contoso-my.sharepoint.com", Sites.Read.All) into out[0..1],
 * lower case. A refusal is pc_graph_refused naming Sites.Read.All; a
 * hostname that is not a plain DNS name is PC_EPARSE.
 */
int pc_graph_sharepoint_hosts(struct pc_graph *g, char out[2][256]);

/* The same from a sites/root answer already parsed (site). */
int pc_graph_sites_root_hosts(const cJSON *site, char out[2][256]);

/* "contoso-my.sharepoint.com" for "contoso.sharepoint.com" into out;
 * PC_ELIMIT when it does not fit. */
int pc_graph_onedrive_twin(char *out, size_t n, const char *host);

#endif
