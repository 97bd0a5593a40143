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

#define PC_YAML_MAX_BYTES         (4u << 20)
/* The byte cap bounds memory as well: a node takes at least two bytes of
 * input. */
#define PC_YAML_MAX_NODES         500000
#define PC_YAML_MAX_DEPTH         64
/* Lexicon files (policies/lexicons/, loaded by checks/threats) have caps
 * of their own: the threats word model in one of them grows with the
 * labelled set (rounds 1-155: 71,947 features of five nodes each, 3.4
 * MB), and it reached the general caps' reach at about 85,000 features.
 * They are policy files, hashed into the report and approved. */
#define PC_YAML_LEXICON_MAX_BYTES (16u << 20)
#define PC_YAML_LEXICON_MAX_NODES 2000000

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

/* pc_yaml_parse() and pc_yaml_load() with caps of the caller's own (bytes
 * and nodes; the depth cap stays), for the lexicon files. */
int pc_yaml_parse_capped(struct pc_yaml_node **root_out, const char *name,
    const char *data, size_t len, size_t max_bytes, size_t max_nodes);
int pc_yaml_load_capped(struct pc_yaml_node **root_out, const char *path,
    size_t max_bytes, size_t max_nodes);

void pc_yaml_free(struct pc_yaml_node *n);

/* Value for key in a map node, or NULL. Borrowed. */
const struct pc_yaml_node *pc_yaml_get(
    const struct pc_yaml_node *map, const char *key);

#endif
