/* JSON and JSON Lines: scalars as "key: value" lines, records per element. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"

/* Emits one scalar as "key: value\n". */
static int
json_scalar(struct pc_emit *e, const char *key, const cJSON *v)
{
	char num[64];
	int r;

	if (cJSON_IsString(v) && v->valuestring != NULL) {
		if (key && ((r = pc_emit_str(e, key)) != 0 ||
			       (r = pc_emit_str(e, ": ")) != 0))
			return r;
		if ((r = pc_emit_str(e, v->valuestring)) != 0)
			return r;
		return pc_emit_str(e, "\n");
	}
	if (cJSON_IsNumber(v)) {
		/* range first: converting a double outside long long's
		 * range (or NaN) is undefined (found by libFuzzer) */
		if (v->valuedouble < 1e18 && v->valuedouble > -1e18 &&
		    v->valuedouble == (double)(long long)v->valuedouble)
			snprintf(num, sizeof(num), "%lld",
			    (long long)v->valuedouble);
		else
			snprintf(num, sizeof(num), "%.17g", v->valuedouble);
		if (key && ((r = pc_emit_str(e, key)) != 0 ||
			       (r = pc_emit_str(e, ": ")) != 0))
			return r;
		if ((r = pc_emit_str(e, num)) != 0)
			return r;
		return pc_emit_str(e, "\n");
	}
	return 0;
}

/* Emits a value and everything under it into the open unit. */
static int
json_walk(struct pc_emit *e, const char *key, const cJSON *v, int depth)
{
	const cJSON *c;
	int r;

	if (depth > JSON_MAX_DEPTH) {
		pc_emit_skip(e, "JSON nested deeper than the limit");
		return 0;
	}
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return json_scalar(e, key, v);
	cJSON_ArrayForEach(c, v) {
		if ((r = json_walk(e, cJSON_IsObject(v) ? c->string : key, c,
			 depth + 1)) != 0)
			return r;
	}
	return 0;
}

/* Is v an array whose elements are objects (a list of records)? */
static bool
json_records(const cJSON *v)
{
	return cJSON_IsArray(v) && v->child != NULL &&
	    cJSON_IsObject(v->child);
}

/* Emits one unit per record of a list of records. */
static int
json_each_record(struct pc_emit *e, const cJSON *list,
    const struct pc_text_loc *loc)
{
	const cJSON *c;
	int r;

	cJSON_ArrayForEach(c, list) {
		if ((r = pc_emit_begin(e, loc)) != 0 ||
		    (r = json_walk(e, NULL, c, 1)) != 0 ||
		    (r = pc_emit_end(e)) != 0)
			return r;
	}
	return 0;
}

/* Extracts a JSON document held in memory. */
int
pc_extract_json_mem(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	const cJSON *c;
	cJSON *root;
	int r = 0;

	loc.exact = false;
	if ((root = cJSON_ParseWithLength(data, len)) == NULL)
		return pc_error_set(PC_EPARSE, "%s: not valid JSON (or nested "
		    "too deeply)", at->path);
	if (json_records(root)) {
		r = json_each_record(e, root, &loc);
		goto out;
	}
	/* An object: its lists of records become units, the rest one unit. */
	if (cJSON_IsObject(root)) {
		cJSON_ArrayForEach(c, root) {
			if (json_records(c) &&
			    (r = json_each_record(e, c, &loc)) != 0)
				goto out;
		}
	}
	if ((r = pc_emit_begin(e, &loc)) != 0)
		goto out;
	if (cJSON_IsObject(root)) {
		cJSON_ArrayForEach(c, root) {
			if (!json_records(c) &&
			    (r = json_walk(e, c->string, c, 1)) != 0)
				goto out;
		}
	} else if ((r = json_walk(e, NULL, root, 0)) != 0) {
		goto out;
	}
	r = pc_emit_end(e);
out:
	cJSON_Delete(root);
	return r;
}

/* Extracts JSON Lines: each line is a record. */
int
pc_extract_jsonl(struct pc_emit *e, struct src *s, const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	struct pc_buf line;
	char *buf = NULL;
	const char *p, *nl;
	ssize_t n;
	size_t k;
	uint64_t lineno = 1;
	bool toolong = false;
	int r = 0;

	pc_buf_init(&line, JSONL_MAX_LINE);
	if (pc_src_copies(s) && (buf = malloc(CHUNK)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (;;) {
		n = pc_src_next(s, buf, CHUNK, &p);
		if (n < 0) {
			r = (int)n;
			break;
		}
		k = 0;
		while (r == 0 && (k < (size_t)n || (n == 0 && line.len))) {
			nl = n ? memchr(p + k, '\n', (size_t)n - k) : NULL;
			size_t m = nl ? (size_t)(nl - (p + k)) : (size_t)n - k;

			if (!toolong && pc_buf_add(&line, p + k, m) != 0) {
				toolong = true;
				pc_emit_skip(e, "a JSON line longer than the "
				    "limit was not read");
			}
			k += m;
			if (nl == NULL && n != 0)
				break;
			k++;
			if (!toolong && line.len > 0) {
				loc.base_line = lineno;
				if (pc_extract_json_mem(e, line.data, line.len,
					&loc) != 0 && e->rc == 0)
					pc_emit_skip(e, pc_error_get());
				r = e->rc;
			}
			lineno++;
			toolong = false;
			pc_buf_reset(&line);
		}
		if (n == 0 || r != 0)
			break;
	}
	free(buf);
	pc_buf_free(&line);
	return r;
}
