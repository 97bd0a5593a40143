/* Bounded YAML loading into a small node tree with line numbers. */
#ifndef PC_YAML_H
#define PC_YAML_H

#include <stddef.h>

enum pc_yaml_type { PC_YAML_SCALAR, PC_YAML_SEQ, PC_YAML_MAP };

/* A node; for maps, children alternate key, value. */
struct pc_yaml_node {
	enum pc_yaml_type type;
	char *scalar; /* for scalars */
	int quoted;   /* scalar was quoted (so "1" stays a string) */
	int line;     /* 1-based */
	struct pc_yaml_node **items;
	size_t nitems;
	size_t cap; /* items allocated (yaml.c's own) */
};

#define PC_YAML_MAX_BYTES (4u << 20)
/* The threats word model is the largest policy file: about 51,000
 * features of four nodes each (rounds 1-113). The byte cap bounds memory
 * as well: a node takes at least two bytes of input. */
#define PC_YAML_MAX_NODES 500000
#define PC_YAML_MAX_DEPTH 64

/*
 * Parses YAML bytes (one document) into a tree. Refuses aliases and
 * anchors (so a billion-laughs file is refused, not expanded), documents
 * over the size/node/depth caps, and malformed YAML, with "file:line:"
 * errors. Caller frees with pc_yaml_free().
 */
int pc_yaml_parse(struct pc_yaml_node **root_out, const char *name,
    const char *data, size_t len);

/* Reads and parses a file (capped at PC_YAML_MAX_BYTES). */
int pc_yaml_load(struct pc_yaml_node **root_out, const char *path);

void pc_yaml_free(struct pc_yaml_node *n);

/* Value for key in a map node, or NULL. Borrowed. */
const struct pc_yaml_node *pc_yaml_get(
    const struct pc_yaml_node *map, const char *key);

#endif
