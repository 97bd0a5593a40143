/* Fuzz target: the bounded JSON parser and the provider page parsers on
 * arbitrary bytes must return an error, never crash or hang. */
#include <stdint.h>
#include <stdlib.h>

#include "agent/lib/json.h"
#include "checks/mfa/mfa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Discards accounts. */
static int
sink(void *arg, const struct mfa_account *a)
{
	return 0;
}

/* Parses data, then runs every page parser over the tree. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mfa_provider p = { .id = "fuzz", .label = "fuzz", .sink = sink };
	enum mfa_state st;
	char methods[256];
	size_t ne = 0;
	cJSON *j = NULL;

	if (pc_json_parse(&j, (const char *)data, size, 1 << 20, "fuzz") != 0)
		return 0;
	(void)pc_mfa_graph_regdetails_page(&p, j);
	(void)pc_mfa_graph_methods(&st, methods, sizeof(methods), j);
	(void)pc_mfa_graph_ca_enforced(j);
	(void)pc_mfa_google_users_page(&p, j, &ne);
	(void)pc_mfa_slack_members_page(&p, j);
	(void)pc_mfa_okta_factors(&st, methods, sizeof(methods), j);
	cJSON_Delete(j);
	return 0;
}
