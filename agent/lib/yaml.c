/* Bounded YAML loading into a small node tree with line numbers. */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/lib/yaml.h"

struct builder {
	yaml_parser_t parser;
	const char *name;
	size_t nodes, max_nodes;
};

/* Allocates a node; NULL on allocation failure. */
static struct pc_yaml_node *
node_new(enum pc_yaml_type type, int line)
{
	struct pc_yaml_node *n = calloc(1, sizeof(*n));

	if (n != NULL) {
		n->type = type;
		n->line = line;
	}
	return n;
}

/* Appends child to a collection node. */
static int
node_add(struct pc_yaml_node *parent, struct pc_yaml_node *child)
{
	struct pc_yaml_node **p;

	/* Doubling: a policy map of 30,000 model features grew one at a
	 * time copied the list each time (seconds under ASan). */
	if (parent->nitems == parent->cap) {
		size_t cap = parent->cap ? 2 * parent->cap : 4;

		if ((p = realloc(parent->items, cap * sizeof(*p))) == NULL)
			return PC_ENOMEM;
		parent->items = p;
		parent->cap = cap;
	}
	parent->items[parent->nitems++] = child;
	return 0;
}

/* Frees a tree. */
void
pc_yaml_free(struct pc_yaml_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nitems; i++)
		pc_yaml_free(n->items[i]);
	free(n->items);
	free(n->scalar);
	free(n);
}

/* Reports a libyaml parser error with file:line. */
static int
parser_error(struct builder *b)
{
	return pc_error_set(PC_ECONFIG, "%s:%zu: malformed YAML: %s%s%s",
	    b->name, b->parser.problem_mark.line + 1,
	    b->parser.problem ? b->parser.problem : "syntax error",
	    b->parser.context ? " " : "",
	    b->parser.context ? b->parser.context : "");
}

/* Builds the node that starts with event ev (already taken). */
/* Maps up to this many keys are checked for a repeated key as each key
 * is read; longer ones by sorting once at the end (not quadratic). */
#define LINEAR_KEYS 32

static int
key_order(const void *a, const void *b)
{
	const struct pc_yaml_node *x = *(const struct pc_yaml_node *const *)a;
	const struct pc_yaml_node *y = *(const struct pc_yaml_node *const *)b;
	int c = strcmp(x->scalar, y->scalar);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

/* Whether key child is already in the map n (checked as each key is
 * read up to LINEAR_KEYS; a long map, such as a word model's thousands
 * of features, once at its end by twice_given()). */
static int
given_before(struct builder *b, const struct pc_yaml_node *n,
    const struct pc_yaml_node *child)
{
	if (n->nitems < 2 * LINEAR_KEYS &&
	    pc_yaml_get(n, child->scalar) != NULL)
		return pc_error_set(PC_ECONFIG, "%s:%d: %s: key given twice",
		    b->name, child->line, child->scalar);
	return 0;
}

/* A long map's repeated key, as "key given twice" at its later line (the
 * earliest such line, as the linear check would have found it first). */
static int
twice_given(struct builder *b, const struct pc_yaml_node *n)
{
	const struct pc_yaml_node **k, *dup = NULL;
	size_t nk = n->nitems / 2, i;

	if (nk <= LINEAR_KEYS)
		return 0;
	if ((k = malloc(nk * sizeof(*k))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < nk; i++)
		k[i] = n->items[2 * i];
	qsort(k, nk, sizeof(*k), key_order);
	for (i = 1; i < nk; i++)
		if (strcmp(k[i - 1]->scalar, k[i]->scalar) == 0 &&
		    (dup == NULL || k[i]->line < dup->line))
			dup = k[i];
	free(k);
	if (dup != NULL)
		return pc_error_set(PC_ECONFIG, "%s:%d: %s: key given twice",
		    b->name, dup->line, dup->scalar);
	return 0;
}

static int
build(struct builder *b, yaml_event_t *ev, int depth, struct pc_yaml_node **out)
{
	struct pc_yaml_node *n = NULL, *child = NULL;
	yaml_event_t next;
	int line = (int)ev->start_mark.line + 1, r = 0;
	enum pc_yaml_type type;
	yaml_event_type_t end;

	*out = NULL;
	if (++b->nodes > b->max_nodes)
		return pc_error_set(PC_ELIMIT,
		    "%s:%d: more than %zu YAML nodes", b->name, line,
		    b->max_nodes);
	if (depth > PC_YAML_MAX_DEPTH)
		return pc_error_set(PC_ELIMIT,
		    "%s:%d: YAML nested deeper than %d levels", b->name, line,
		    PC_YAML_MAX_DEPTH);
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: YAML aliases (*name) are not allowed; write the value out in full",
		    b->name, line);
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor != NULL)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: YAML anchors (&name) are not allowed",
			    b->name, line);
		if ((n = node_new(PC_YAML_SCALAR, line)) == NULL ||
		    (n->scalar = strndup((char *)ev->data.scalar.value,
			 ev->data.scalar.length)) == NULL) {
			pc_yaml_free(n);
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		if (strlen(n->scalar) != ev->data.scalar.length) {
			pc_yaml_free(n);
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: NUL byte in a YAML value", b->name, line);
		}
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		*out = n;
		return 0;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if ((ev->type == YAML_SEQUENCE_START_EVENT
			    ? ev->data.sequence_start.anchor
			    : ev->data.mapping_start.anchor) != NULL)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: YAML anchors (&name) are not allowed",
			    b->name, line);
		type = ev->type == YAML_SEQUENCE_START_EVENT ? PC_YAML_SEQ
							     : PC_YAML_MAP;
		end = type == PC_YAML_SEQ ? YAML_SEQUENCE_END_EVENT
					  : YAML_MAPPING_END_EVENT;
		if ((n = node_new(type, line)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		for (;;) {
			if (!yaml_parser_parse(&b->parser, &next)) {
				r = parser_error(b);
				goto fail;
			}
			if (next.type == end) {
				yaml_event_delete(&next);
				if (type == PC_YAML_MAP &&
				    (r = twice_given(b, n)) != 0)
					goto fail;
				break;
			}
			r = build(b, &next, depth + 1, &child);
			yaml_event_delete(&next);
			if (r != 0)
				goto fail;
			if (type == PC_YAML_MAP && n->nitems % 2 == 0 &&
			    child->type != PC_YAML_SCALAR) {
				r = pc_error_set(PC_ECONFIG,
				    "%s:%d: a mapping key must be plain text",
				    b->name, child->line);
				pc_yaml_free(child);
				goto fail;
			}
			if (type == PC_YAML_MAP && n->nitems % 2 == 0 &&
			    (r = given_before(b, n, child)) != 0) {
				pc_yaml_free(child);
				goto fail;
			}
			if (node_add(n, child) != 0) {
				pc_yaml_free(child);
				r = pc_error_set(PC_ENOMEM, "out of memory");
				goto fail;
			}
		}
		*out = n;
		return 0;
	default:
		return pc_error_set(
		    PC_ECONFIG, "%s:%d: unexpected YAML event", b->name, line);
	}
fail:
	pc_yaml_free(n);
	return r;
}

/* Parses one YAML document from memory. */
int
pc_yaml_parse(struct pc_yaml_node **root_out, const char *name,
    const char *data, size_t len)
{
	return pc_yaml_parse_capped(
	    root_out, name, data, len, PC_YAML_MAX_BYTES, PC_YAML_MAX_NODES);
}

int
pc_yaml_parse_capped(struct pc_yaml_node **root_out, const char *name,
    const char *data, size_t len, size_t max_bytes, size_t max_nodes)
{
	struct builder b = { .name = name, .max_nodes = max_nodes };
	yaml_event_t ev;
	struct pc_yaml_node *root = NULL;
	int r = 0, done = 0;

	*root_out = NULL;
	if (len > max_bytes)
		return pc_error_set(
		    PC_ELIMIT, "%s: larger than %zu bytes", name, max_bytes);
	if (!yaml_parser_initialize(&b.parser))
		return pc_error_set(PC_ENOMEM, "out of memory");
	yaml_parser_set_input_string(
	    &b.parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&b.parser, &ev)) {
			r = parser_error(&b);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT: break;
		case YAML_DOCUMENT_START_EVENT:
			if (root != NULL) {
				r = pc_error_set(PC_ECONFIG,
				    "%s:%zu: only one YAML document is allowed",
				    name, ev.start_mark.line + 1);
				done = 1;
			}
			break;
		case YAML_STREAM_END_EVENT: done = 1; break;
		default:
			r = build(&b, &ev, 0, &root);
			if (r != 0)
				done = 1;
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&b.parser);
	if (r == 0 && root == NULL)
		r = pc_error_set(PC_ECONFIG, "%s:1: the file is empty", name);
	if (r != 0) {
		pc_yaml_free(root);
		return r;
	}
	*root_out = root;
	return 0;
}

/* Reads and parses a YAML file. */
int
pc_yaml_load(struct pc_yaml_node **root_out, const char *path)
{
	return pc_yaml_load_capped(
	    root_out, path, PC_YAML_MAX_BYTES, PC_YAML_MAX_NODES);
}

int
pc_yaml_load_capped(struct pc_yaml_node **root_out, const char *path,
    size_t max_bytes, size_t max_nodes)
{
	struct pc_buf b;
	int r;

	*root_out = NULL;
	if ((r = pc_file_read(&b, path, max_bytes)) != 0)
		return r;
	r = pc_yaml_parse_capped(
	    root_out, path, b.data ? b.data : "", b.len, max_bytes, max_nodes);
	pc_buf_free(&b);
	return r;
}

/* Value for key in a map node. */
const struct pc_yaml_node *
pc_yaml_get(const struct pc_yaml_node *map, const char *key)
{
	size_t i;

	if (map == NULL || map->type != PC_YAML_MAP)
		return NULL;
	for (i = 0; i + 1 < map->nitems; i += 2)
		if (strcmp(map->items[i]->scalar, key) == 0)
			return map->items[i + 1];
	return NULL;
}
