/* Bounded JSON parsing (cJSON) and typed getters that say what was wrong. */
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"

/* Deepest nesting of arrays/objects in text, strings skipped. */
size_t
pc_json_depth(const char *text, size_t len, size_t limit)
{
	size_t i, depth = 0, max = 0;
	bool in_str = false, esc = false;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				max = depth;
			if (max > limit)
				return max;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return max;
}

/* Parses untrusted JSON with size, depth and NUL checks. */
int
pc_json_parse(cJSON **json_out, const char *text, size_t len, size_t cap,
    const char *what)
{
	const char *end = NULL;
	cJSON *j;

	*json_out = NULL;
	if (len > cap)
		return pc_error_set(PC_ELIMIT,
		    "%s: the response is %zu bytes, over the %zu-byte limit",
		    what, len, cap);
	if (len == 0 || text == NULL)
		return pc_error_set(PC_EPARSE,
		    "%s: the response is empty, expected JSON", what);
	if (memchr(text, '\0', len) != NULL)
		return pc_error_set(PC_EPARSE,
		    "%s: the response is not valid JSON (it contains a NUL byte)",
		    what);
	if (pc_json_depth(text, len, PC_JSON_MAX_DEPTH) > PC_JSON_MAX_DEPTH)
		return pc_error_set(PC_ELIMIT,
		    "%s: the JSON response nests deeper than %d levels", what,
		    PC_JSON_MAX_DEPTH);
	j = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (j == NULL)
		return pc_error_set(PC_EPARSE,
		    "%s: the response is not valid JSON (error near byte %zu of %zu)",
		    what, end && end >= text ? (size_t)(end - text) : (size_t)0,
		    len);
	/* Only whitespace may follow the value. */
	while (end != NULL && (size_t)(end - text) < len &&
	    strchr(" \t\r\n", *end) != NULL)
		end++;
	if (end == NULL || (size_t)(end - text) != len) {
		cJSON_Delete(j);
		return pc_error_set(PC_EPARSE,
		    "%s: the response has data after the JSON value", what);
	}
	*json_out = j;
	return 0;
}

/* Name of a cJSON node's type for messages. */
static const char *
type_name(const cJSON *j)
{
	if (j == NULL)
		return "missing";
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsArray(j))
		return "an array";
	if (cJSON_IsObject(j))
		return "an object";
	return "invalid";
}

/* The member key of obj, or NULL when obj is not an object. */
static const cJSON *
member(const cJSON *obj, const char *key)
{
	if (!cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* Fails with a message naming the expected type. */
static int
wrong(const char *what, const char *key, const char *want, const cJSON *j)
{
	return pc_error_set(PC_EPARSE, "%s: expected %s to be %s, got %s", what,
	    key, want, type_name(j));
}

/* Fails unless j is an array. */
int
pc_json_expect_array(const cJSON *j, const char *name, const char *what)
{
	return cJSON_IsArray(j) ? 0 : wrong(what, name, "an array", j);
}

/* Fails unless j is an object. */
int
pc_json_expect_object(const cJSON *j, const char *name, const char *what)
{
	return cJSON_IsObject(j) ? 0 : wrong(what, name, "an object", j);
}

/* Required array member. */
int
pc_json_need_array(
    const cJSON **arr_out, const cJSON *obj, const char *key, const char *what)
{
	const cJSON *j = member(obj, key);

	*arr_out = NULL;
	if (!cJSON_IsArray(j))
		return wrong(what, key, "an array", j);
	*arr_out = j;
	return 0;
}

/* Required object member. */
int
pc_json_need_object(
    const cJSON **o_out, const cJSON *obj, const char *key, const char *what)
{
	const cJSON *j = member(obj, key);

	*o_out = NULL;
	if (!cJSON_IsObject(j))
		return wrong(what, key, "an object", j);
	*o_out = j;
	return 0;
}

/* Required string member. */
int
pc_json_need_string(
    const char **s_out, const cJSON *obj, const char *key, const char *what)
{
	const cJSON *j = member(obj, key);

	*s_out = NULL;
	if (!cJSON_IsString(j) || j->valuestring == NULL)
		return wrong(what, key, "a string", j);
	*s_out = j->valuestring;
	return 0;
}

/* Optional string member. */
int
pc_json_opt_string(
    const char **s_out, const cJSON *obj, const char *key, const char *what)
{
	const cJSON *j = member(obj, key);

	*s_out = NULL;
	if (j == NULL || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsString(j) || j->valuestring == NULL)
		return wrong(what, key, "a string", j);
	*s_out = j->valuestring;
	return 0;
}

/* Optional object member. */
int
pc_json_opt_object(
    const cJSON **o_out, const cJSON *obj, const char *key, const char *what)
{
	const cJSON *j = member(obj, key);

	*o_out = NULL;
	if (j == NULL || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsObject(j))
		return wrong(what, key, "an object", j);
	*o_out = j;
	return 0;
}

/* Optional array member. */
int
pc_json_opt_array(
    const cJSON **arr_out, const cJSON *obj, const char *key, const char *what)
{
	const cJSON *j = member(obj, key);

	*arr_out = NULL;
	if (j == NULL || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsArray(j))
		return wrong(what, key, "an array", j);
	*arr_out = j;
	return 0;
}

/* Optional boolean member: 1, 0, or -1 when absent. */
int
pc_json_opt_bool(
    int *b_out, const cJSON *obj, const char *key, const char *what)
{
	const cJSON *j = member(obj, key);

	*b_out = -1;
	if (j == NULL || cJSON_IsNull(j))
		return 0;
	if (!cJSON_IsBool(j))
		return wrong(what, key, "a boolean", j);
	*b_out = cJSON_IsTrue(j) ? 1 : 0;
	return 0;
}
