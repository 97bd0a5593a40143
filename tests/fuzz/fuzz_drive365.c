/* Fuzz target: a OneDrive delta page and a permissions list on arbitrary
 * bytes must build a bounded tree (paths, shared folders, loops refused)
 * and a shared-file model, or an error; never crash or hang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/json.h"
#include "checks/exposure/drive365.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes as a delta page ({"value": [...]}) and as permissions. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const domains[] = { "parliament.uk" };
	static const char *const hosts[] = { "t.sharepoint.com" };
	struct pc_d365_tree t;
	struct pc_shared_file f;
	const cJSON *value, *item;
	cJSON *j = NULL;
	char path[1024], url[256];
	const char *since;
	size_t i;

	if (pc_json_parse(&j, (const char *)data, size, 1 << 20, "fuzz") != 0)
		return 0;
	memset(&t, 0, sizeof(t));
	value = cJSON_GetObjectItemCaseSensitive(j, "value");
	cJSON_ArrayForEach(item, value)
		if (pc_d365_tree_add(&t, item) != 0)
			break;
	(void)pc_d365_tree_finish(&t);
	for (i = 0; i < t.n; i++) {
		(void)pc_d365_tree_path(path, sizeof(path), &t, &t.items[i]);
		(void)pc_d365_tree_shared(&t, &t.items[i], &since);
	}
	pc_d365_tree_free(&t);
	pc_share_init(&f, PC_SHARE_ONEDRIVE, "a@parliament.uk", "/x", NULL);
	(void)pc_d365_perms_add(&f, value, domains, 1);
	snprintf(url, sizeof(url), "%.*s", (int)(size < 200 ? size : 200),
	    (const char *)data);
	(void)pc_d365_host_allowed(url, hosts, 1);
	cJSON_Delete(j);
	return 0;
}
