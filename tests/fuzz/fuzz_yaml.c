/* Fuzz target: the YAML loader never crashes, leaks or exceeds its caps,
 * and every tree it returns is well formed (no alias ever expands). */
#include <stdint.h>
#include <stdlib.h>

#include "agent/lib/yaml.h"

/* Walks a tree checking its shape; returns its node count. */
static size_t
walk(const struct pc_yaml_node *n, int depth)
{
	size_t i, count = 1;

	if (depth > PC_YAML_MAX_DEPTH + 1 || n->line < 1)
		abort();
	if (n->type == PC_YAML_SCALAR && n->scalar == NULL)
		abort();
	if (n->type == PC_YAML_MAP && n->nitems % 2 != 0)
		abort();
	for (i = 0; i < n->nitems; i++)
		count += walk(n->items[i], depth + 1);
	return count;
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_yaml_node *root = NULL;

	if (pc_yaml_parse(&root, "fuzz.yaml", (const char *)data, size) != 0) {
		if (root != NULL)
			abort();
		return 0;
	}
	if (walk(root, 0) > PC_YAML_MAX_NODES + 1)
		abort();
	pc_yaml_free(root);
	return 0;
}
