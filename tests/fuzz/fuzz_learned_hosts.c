/* Fuzz target: hosts one part learns for another, on arbitrary bytes: the
 * child's reading of a sites/root answer, and the parent's check of the
 * "hosts" list a child sends, must give plain host names on allowed ports
 * or an error; never crash or hang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/learned_hosts.h"
#include "agent/lib/json.h"
#include "checks/providers/graph_tenant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_needs own = { .tcp_ports = { 443, 8443 }, .ntcp_ports = 2 };
	char out[2][256], **hosts = NULL;
	cJSON *j = NULL;
	size_t n = 0, i;

	if (pc_json_parse(&j, (const char *)data, size, 1 << 20, "fuzz") != 0)
		return 0;
	if (pc_graph_sites_root_hosts(j, out) == 0 &&
	    (strlen(out[0]) == 0 || strpbrk(out[0], "/:@ ") != NULL))
		abort(); /* a host name, nothing else */
	if (pc_learned_hosts_take(&hosts, &n,
		cJSON_GetObjectItemCaseSensitive(j, "hosts"), &own) == 0)
		for (i = 0; i < n; i++)
			if (strpbrk(hosts[i], "/@ ") != NULL)
				abort();
	pc_learned_hosts_free(hosts, n);
	cJSON_Delete(j);
	return 0;
}
