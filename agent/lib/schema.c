/* Binds a YAML tree onto C structs through field tables. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "agent/lib/schema.h"

#define AT(base, off, type) ((type *)((char *)(base) + (off)))

/* Describes a node's type for error messages. */
static const char *
node_desc(const struct pc_yaml_node *n, char *buf, size_t len)
{
	if (n->type == PC_YAML_MAP)
		return "a mapping";
	if (n->type == PC_YAML_SEQ)
		return "a list";
	snprintf(buf, len, "\"%.60s\"", n->scalar);
	return buf;
}

/* Joins a key onto a dotted path. */
static void
join_path(char *out, size_t len, const char *path, const char *key)
{
	if (path[0] == '\0')
		snprintf(out, len, "%s", key);
	else
		snprintf(out, len, "%s.%s", path, key);
}

/* Error: a node of the wrong type. */
static int
wrong_type(const char *file, const struct pc_yaml_node *n, const char *path,
    const char *expected)
{
	char buf[80];

	return pc_error_set(PC_ECONFIG, "%s:%d: %s: expected %s, got %s", file,
	    n->line, path, expected, node_desc(n, buf, sizeof(buf)));
}

/* Lists the choices for an error message. */
static void
choices_text(char *out, size_t len, const char *const *choices)
{
	size_t used = 0;
	int i;

	out[0] = '\0';
	for (i = 0; choices[i] != NULL && used < len; i++)
		used += (size_t)snprintf(
		    out + used, len - used, "%s%s", i ? ", " : "", choices[i]);
}

/* Index of s in choices, or -1. */
static int
choice_index(const char *const *choices, const char *s)
{
	int i;

	for (i = 0; choices[i] != NULL; i++)
		if (strcmp(choices[i], s) == 0)
			return i;
	return -1;
}

/* Copies a scalar. */
static int
bind_string(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	char list[256];
	char **dst = AT(base, f->off, char *);

	if (n->type != PC_YAML_SCALAR || (f->nonempty && n->scalar[0] == '\0'))
		return wrong_type(file, n, path, "text");
	if (f->choices && choice_index(f->choices, n->scalar) < 0) {
		choices_text(list, sizeof(list), f->choices);
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: %s: expected one of %s, got \"%.60s\"", file,
		    n->line, path, list, n->scalar);
	}
	free(*dst);
	if ((*dst = strdup(n->scalar)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Parses a positive integer. */
static int
bind_int(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	const char *want = f->allow_zero ? "a whole number 0 or more"
					 : "a positive whole number";
	char *end;
	long v;

	if (n->type != PC_YAML_SCALAR || n->quoted || n->scalar[0] == '\0')
		return wrong_type(file, n, path, want);
	errno = 0;
	v = strtol(n->scalar, &end, 10);
	if (errno || *end != '\0' || v < 0 || (v == 0 && !f->allow_zero))
		return wrong_type(file, n, path, want);
	if (f->max_value > 0 && v > f->max_value)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: %s: expected a whole number from %d to %ld, got %ld",
		    file, n->line, path, f->allow_zero ? 0 : 1, f->max_value,
		    v);
	*AT(base, f->off, long) = v;
	return 0;
}

/* Parses true/false. */
static int
bind_bool(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	if (n->type == PC_YAML_SCALAR && !n->quoted) {
		if (strcmp(n->scalar, "true") == 0 ||
		    strcmp(n->scalar, "yes") == 0) {
			*AT(base, f->off, bool) = true;
			return 0;
		}
		if (strcmp(n->scalar, "false") == 0 ||
		    strcmp(n->scalar, "no") == 0) {
			*AT(base, f->off, bool) = false;
			return 0;
		}
	}
	return wrong_type(file, n, path, "true or false");
}

/* Maps a scalar to its index in choices. */
static int
bind_enum(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	char list[256];
	int i;

	choices_text(list, sizeof(list), f->choices);
	if (n->type != PC_YAML_SCALAR ||
	    (i = choice_index(f->choices, n->scalar)) < 0) {
		char want[300];

		snprintf(want, sizeof(want), "one of %s", list);
		return wrong_type(file, n, path, want);
	}
	*AT(base, f->off, int) = i;
	return 0;
}

/* Copies a list of scalars (a single scalar is accepted as one item). */
static int
bind_strlist(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	char ***dst = AT(base, f->off, char **);
	size_t *count = AT(base, f->count_off, size_t);
	size_t i;

	if (n->type != PC_YAML_SEQ)
		return wrong_type(file, n, path, "a list of text values");
	if (f->max_items > 0 && n->nitems > f->max_items)
		return pc_error_set(PC_ELIMIT,
		    "%s:%d: %s has %zu entries; at most %zu are allowed.", file,
		    n->line, path, n->nitems, f->max_items);
	if ((*dst = calloc(n->nitems + 1, sizeof(char *))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < n->nitems; i++) {
		if (n->items[i]->type != PC_YAML_SCALAR ||
		    (f->nonempty && n->items[i]->scalar[0] == '\0'))
			return wrong_type(file, n->items[i], path,
			    f->nonempty ? "non-empty text" : "text");
		if (f->max_len > 0 && strlen(n->items[i]->scalar) > f->max_len)
			return pc_error_set(PC_ELIMIT,
			    "%s:%d: an entry of %s is longer than %zu bytes.",
			    file, n->items[i]->line, path, f->max_len);
		if (((*dst)[i] = strdup(n->items[i]->scalar)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		*count = i + 1;
	}
	return 0;
}

/* Binds a list of mappings into an array of structs. */
static int
bind_list(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	char **dst = AT(base, f->off, char *);
	size_t *count = AT(base, f->count_off, size_t);
	char sub[512];
	size_t i;
	int r;

	if (n->type != PC_YAML_SEQ)
		return wrong_type(file, n, path, "a list");
	if ((*dst = calloc(n->nitems ? n->nitems : 1, f->sub->size)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < n->nitems; i++) {
		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		*count = i + 1;
		if ((r = pc_schema_bind(f->sub, *dst + i * f->sub->size,
			 n->items[i], file, sub)) != 0)
			return r;
	}
	return 0;
}

/* Binds name -> mapping into an array of structs whose first member is id. */
static int
bind_keyed(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	char **dst = AT(base, f->off, char *);
	size_t *count = AT(base, f->count_off, size_t);
	char sub[512];
	size_t i, k;
	char *elem;
	int r;

	if (n->type != PC_YAML_MAP)
		return wrong_type(file, n, path, "a mapping");
	k = n->nitems / 2;
	if ((*dst = calloc(k ? k : 1, f->sub->size)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < k; i++) {
		elem = *dst + i * f->sub->size;
		*count = i + 1;
		if ((*(char **)elem = strdup(n->items[2 * i]->scalar)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		join_path(sub, sizeof(sub), path, n->items[2 * i]->scalar);
		if ((r = pc_schema_bind(
			 f->sub, elem, n->items[2 * i + 1], file, sub)) != 0)
			return r;
	}
	return 0;
}

/* Binds name -> text into an array of string pairs. */
static int
bind_pairs(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	char ***dst = AT(base, f->off, char **);
	size_t *count = AT(base, f->count_off, size_t);
	char sub[512];
	size_t i, k;

	if (n->type != PC_YAML_MAP)
		return wrong_type(file, n, path, "a mapping of names");
	k = n->nitems / 2;
	if ((*dst = calloc(2 * k + 2, sizeof(char *))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < k; i++) {
		const struct pc_yaml_node *v = n->items[2 * i + 1];

		join_path(sub, sizeof(sub), path, n->items[2 * i]->scalar);
		if (v->type != PC_YAML_SCALAR)
			return wrong_type(file, v, sub, "text");
		*count = i + 1;
		if (((*dst)[2 * i] = strdup(n->items[2 * i]->scalar)) == NULL ||
		    ((*dst)[2 * i + 1] = strdup(v->scalar)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Binds one field. */
static int
bind_field(const struct pc_field *f, void *base, const struct pc_yaml_node *n,
    const char *file, const char *path)
{
	switch (f->type) {
	case PC_F_STRING: return bind_string(f, base, n, file, path);
	case PC_F_INT: return bind_int(f, base, n, file, path);
	case PC_F_BOOL: return bind_bool(f, base, n, file, path);
	case PC_F_ENUM: return bind_enum(f, base, n, file, path);
	case PC_F_STRLIST: return bind_strlist(f, base, n, file, path);
	case PC_F_LIST: return bind_list(f, base, n, file, path);
	case PC_F_KEYED: return bind_keyed(f, base, n, file, path);
	case PC_F_PAIRS: return bind_pairs(f, base, n, file, path);
	case PC_F_SKIP: return 0;
	case PC_F_MAP:
		if (f->present_off != PC_NO_OFFSET && f->present_off != 0)
			*AT(base, f->present_off, bool) = true;
		return pc_schema_bind(
		    f->sub, AT(base, f->off, char), n, file, path);
	}
	return pc_error_set(PC_ECONFIG, "bad schema");
}

/* Fills a struct from a mapping node. */
int
pc_schema_bind(const struct pc_schema *schema, void *base,
    const struct pc_yaml_node *n, const char *file, const char *path)
{
	char sub[512], list[512];
	const struct pc_field *f;
	size_t i, j, used;
	int r;

	if (n->type != PC_YAML_MAP)
		return wrong_type(
		    file, n, path[0] ? path : "top level", "a mapping of keys");
	if (schema->line_off != PC_NO_OFFSET)
		*AT(base, schema->line_off, int) = n->line;
	for (i = 0; i + 1 < n->nitems; i += 2) {
		const char *key = n->items[i]->scalar;

		join_path(sub, sizeof(sub), path, key);
		for (j = 0, f = NULL; j < schema->nfields; j++)
			if (strcmp(schema->fields[j].key, key) == 0)
				f = &schema->fields[j];
		if (f == NULL) {
			for (j = 0, used = 0;
			     j < schema->nfields && used < sizeof(list); j++)
				used += (size_t)snprintf(list + used,
				    sizeof(list) - used, "%s%s", j ? ", " : "",
				    schema->fields[j].key);
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: %s: unknown key; expected one of: %s", file,
			    n->items[i]->line, sub, list);
		}
		if ((r = bind_field(f, base, n->items[i + 1], file, sub)) != 0)
			return r;
	}
	for (j = 0; j < schema->nfields; j++) {
		f = &schema->fields[j];
		if (!f->required || pc_yaml_get(n, f->key) != NULL)
			continue;
		join_path(sub, sizeof(sub), path, f->key);
		return pc_error_set(
		    PC_ECONFIG, "%s:%d: %s: missing", file, n->line, sub);
	}
	return 0;
}

/* Frees everything bound inside base. */
void
pc_schema_free(const struct pc_schema *schema, void *base)
{
	const struct pc_field *f;
	size_t i, k, n;
	char **list;
	char *arr;

	for (i = 0; i < schema->nfields; i++) {
		f = &schema->fields[i];
		switch (f->type) {
		case PC_F_STRING: free(*AT(base, f->off, char *)); break;
		case PC_F_STRLIST:
		case PC_F_PAIRS:
			list = *AT(base, f->off, char **);
			n = *AT(base, f->count_off, size_t);
			if (f->type == PC_F_PAIRS)
				n *= 2;
			for (k = 0; list && k < n; k++)
				free(list[k]);
			free(list);
			break;
		case PC_F_MAP:
			pc_schema_free(f->sub, AT(base, f->off, char));
			break;
		case PC_F_LIST:
		case PC_F_KEYED:
			arr = *AT(base, f->off, char *);
			n = *AT(base, f->count_off, size_t);
			for (k = 0; arr && k < n; k++) {
				if (f->type == PC_F_KEYED)
					free(
					    *(char **)(arr + k * f->sub->size));
				pc_schema_free(f->sub, arr + k * f->sub->size);
			}
			free(arr);
			break;
		default: break;
		}
	}
}
