/* The starter config's unfilled placeholders (FILL IN, the zero client id). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "agent/lib/err.h"
#include "agent/lib/yaml.h"

/* At most this many are listed; a config with more is still refused. */
#define MAX_PLACEHOLDERS 64

/* The marks `portcullis init` writes where the office must fill in. */
static const char *const marks[] = { "FILL IN", "FILL-IN", "fill.in@" };
static const char zero_id[] = "00000000-0000-0000-0000-000000000000";

/* The mark value holds, or NULL. */
static const char *
placeholder_in(const char *value)
{
	size_t i, n = strlen(value), k;

	if (strcmp(value, zero_id) == 0)
		return zero_id;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t m = strlen(marks[i]);

		for (k = 0; k + m <= n; k++)
			if (strncasecmp(value + k, marks[i], m) == 0)
				return marks[i];
	}
	return NULL;
}

/* Records one placeholder at line under key. */
static int
add_placeholder(
    struct pc_config *c, const char *key, int line, const char *mark)
{
	struct pc_config_placeholder *p;

	c->nplaceholders_total++;
	if (c->nplaceholders == MAX_PLACEHOLDERS)
		return 0;
	p = realloc(c->placeholders, (c->nplaceholders + 1) * sizeof(*p));
	if (p == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	c->placeholders = p;
	p = &c->placeholders[c->nplaceholders];
	p->line = line;
	snprintf(p->key, sizeof(p->key), "%s", key);
	p->mark = mark;
	c->nplaceholders++;
	return 0;
}

/* Walks node (at key path key) for placeholders; depth is capped by YAML. */
static int
walk(struct pc_config *c, const struct pc_yaml_node *node, const char *key)
{
	char sub[sizeof(((struct pc_config_placeholder *)0)->key)];
	const char *mark;
	size_t i;
	int r = 0;

	if (node == NULL)
		return 0;
	switch (node->type) {
	case PC_YAML_SCALAR:
		if (node->scalar && (mark = placeholder_in(node->scalar)))
			r = add_placeholder(c, key, node->line, mark);
		break;
	case PC_YAML_SEQ:
		for (i = 0; r == 0 && i < node->nitems; i++) {
			snprintf(sub, sizeof(sub), "%s[%zu]", key, i);
			r = walk(c, node->items[i], sub);
		}
		break;
	case PC_YAML_MAP:
		for (i = 0; r == 0 && i + 1 < node->nitems; i += 2) {
			const struct pc_yaml_node *k = node->items[i];

			snprintf(sub, sizeof(sub), "%s%s%s", key,
			    *key ? "." : "",
			    k->type == PC_YAML_SCALAR && k->scalar ? k->scalar
								   : "?");
			r = walk(c, node->items[i + 1], sub);
		}
		break;
	}
	return r;
}

/* Finds the unfilled placeholders in the config's YAML tree root. */
int
pc_config_find_placeholders(
    struct pc_config *c, const struct pc_yaml_node *root)
{
	return walk(c, root, "");
}

/* Frees the placeholder list. */
void
pc_config_placeholders_free(struct pc_config *c)
{
	free(c->placeholders);
	c->placeholders = NULL;
	c->nplaceholders = c->nplaceholders_total = 0;
}
