/* Binds a YAML tree onto C structs through field tables (config, policy). */
#ifndef PC_SCHEMA_H
#define PC_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/yaml.h"

#define PC_NO_OFFSET ((size_t)-1)

enum pc_field_type {
	PC_F_STRING,  /* char *; choices optional */
	PC_F_INT,     /* long, > 0 unless allow_zero */
	PC_F_BOOL,    /* bool */
	PC_F_ENUM,    /* int index into choices */
	PC_F_STRLIST, /* char **, count at count_off */
	PC_F_MAP,     /* nested struct at off, fields in sub */
	PC_F_LIST,    /* array of sub->size structs, count at count_off */
	PC_F_KEYED,   /* map name -> struct; the struct's first member is
			 char *id, set from the key */
	PC_F_PAIRS,   /* map name -> string; array of {char *k, *v} */
	PC_F_SKIP,    /* accepted here, bound by the caller (e.g. checks:) */
};

struct pc_schema;

struct pc_field {
	const char *key;
	enum pc_field_type type;
	size_t off;
	bool required;
	const struct pc_schema *sub;
	size_t count_off;
	size_t present_off;         /* MAP: bool set when the key is present */
	const char *const *choices; /* NULL-terminated */
	bool allow_zero;
	bool nonempty;       /* STRING, STRLIST items: "" is refused */
	size_t max_items;    /* STRLIST: at most this many (0: no cap) */
	size_t max_len;      /* STRLIST: each item at most this many bytes */
	long max_value;      /* INT: at most this (0: no cap) */
	const char *help;    /* one line for the starter config's comment */
	const char *example; /* the starter config's value */
};

struct pc_schema {
	const struct pc_field *fields;
	size_t nfields;
	size_t size;     /* struct size, for LIST and KEYED elements */
	size_t line_off; /* int line member, or PC_NO_OFFSET */
};

/*
 * Fills the struct at base from map node n following schema. Errors name
 * file:line and the dotted key path and say what was expected. Unknown
 * keys are errors. On failure the caller still frees with pc_schema_free.
 */
int pc_schema_bind(const struct pc_schema *schema, void *base,
    const struct pc_yaml_node *n, const char *file, const char *path);

/* Frees everything pc_schema_bind allocated inside base. */
void pc_schema_free(const struct pc_schema *schema, void *base);

#endif
