/* Fuzz target: the threats word model's parser (checks/threats/model.c)
 * never crashes or leaks on any YAML, and a model it accepts scores any
 * words to a probability in [0, 1]. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/yaml.h"
#include "checks/threats/model.h"

/* Scores a few words (the input's own scalars among them). */
static void
score(const struct pc_threats_model *m, const struct pc_yaml_node *feats)
{
	struct pc_threats_token t[3];
	struct pc_threats_mscore s;
	char why[PC_THREATS_WHY_MAX];
	double th = 1, p;
	size_t i;

	memset(t, 0, sizeof(t));
	for (i = 0; i < 3; i++)
		snprintf(t[i].key, sizeof(t[i].key), "%s",
		    feats && 2 * i < feats->nitems &&
			    feats->items[2 * i]->scalar
			? feats->items[2 * i]->scalar
			: "you");
	if (pc_threats_mscore_init(&s, m) != 0)
		return;
	if (pc_threats_model_add(m, &s, t, 3, NULL) == 0) {
		p = pc_threats_model_score(
		    m, &s, PC_THR_THREAT, &th, why, sizeof(why));
		if (p > 1 || (p < 0 && p != -1))
			abort();
	}
	pc_threats_mscore_reset(&s);
	pc_threats_mscore_free(&s);
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_yaml_node *root = NULL;
	struct pc_threats_model *m = NULL;
	const struct pc_yaml_node *node;

	if (pc_yaml_parse(&root, "fuzz", (const char *)data, size) != 0)
		return 0;
	if (root->type == PC_YAML_MAP &&
	    (node = pc_yaml_get(root, "model")) != NULL &&
	    pc_threats_model_load(&m, node, "fuzz") == 0) {
		score(m, pc_yaml_get(node, "features"));
		pc_threats_model_free(m);
	}
	pc_yaml_free(root);
	return 0;
}
