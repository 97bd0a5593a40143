/* Bounded JSON parsing (cJSON) and typed getters that say what was wrong. */
#ifndef PC_JSON_H
#define PC_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

/* Nesting deeper than this is refused before cJSON sees the text. */
#define PC_JSON_MAX_DEPTH 64

/*
 * Parses len bytes of untrusted JSON. Refuses text over cap bytes, nesting
 * deeper than PC_JSON_MAX_DEPTH, embedded NUL bytes and trailing garbage.
 * what names the source in error messages ("graph"). Caller frees with
 * cJSON_Delete().
 */
int pc_json_parse(cJSON **json_out, const char *text, size_t len, size_t cap,
    const char *what);

/* Deepest nesting of arrays/objects in text (strings skipped); stops
 * counting once it passes limit. */
size_t pc_json_depth(const char *text, size_t len, size_t limit);

/*
 * Typed getters on object members. The `need` forms fail when the member
 * is missing, null or of another type ("graph: expected value to be an
 * array"); the `opt` forms return 0 with *out_* NULL/-1 when it is missing
 * or null, and fail only on a wrong type. Results are borrowed from obj.
 */
int pc_json_need_array(
    const cJSON **arr_out, const cJSON *obj, const char *key, const char *what);
int pc_json_need_object(
    const cJSON **o_out, const cJSON *obj, const char *key, const char *what);
int pc_json_need_string(
    const char **s_out, const cJSON *obj, const char *key, const char *what);
int pc_json_opt_string(
    const char **s_out, const cJSON *obj, const char *key, const char *what);
int pc_json_opt_object(
    const cJSON **o_out, const cJSON *obj, const char *key, const char *what);
int pc_json_opt_array(
    const cJSON **arr_out, const cJSON *obj, const char *key, const char *what);
/* *b_out: 1 true, 0 false, -1 missing or null. */
int pc_json_opt_bool(
    int *b_out, const cJSON *obj, const char *key, const char *what);

/* Fails unless j is an array / object, naming it as `name`. */
int pc_json_expect_array(const cJSON *j, const char *name, const char *what);
int pc_json_expect_object(const cJSON *j, const char *name, const char *what);

#endif
