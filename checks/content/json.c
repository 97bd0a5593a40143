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

#define JSON_PATH_MAX 192

/*
 * One document being walked: the emitter, the JSON path of the value at
 * hand ("$.cases[3].nino"), and, when the document's bytes are the
 * file's own, a cursor that finds each scalar's raw text in source
 * order, so a value without escapes gets a true file offset.
 */
struct jwalk {
	struct pc_emit *e;
	const char *doc;
	size_t len, cursor;
	bool verbatim_ok;
	uint64_t base;      /* file offset of doc[0] */
	uint64_t base_line; /* file line of doc[0] */
	size_t line_pos;    /* doc offset line/line_start are counted to */
	uint64_t line, line_start; /* file line at line_pos and its start */
	char path[JSON_PATH_MAX];
	size_t pathlen;
	bool elem; /* the value at hand is an array element */
};

/* Skips JSON whitespace from i. */
static size_t
skip_ws(const struct jwalk *w, size_t i)
{
	while (i < w->len &&
	    (w->doc[i] == ' ' || w->doc[i] == '\t' || w->doc[i] == '\n' ||
		w->doc[i] == '\r'))
		i++;
	return i;
}

/* Finds "s" (quoted, as raw bytes) in the document at or after from. */
static const char *
find_quoted(const struct jwalk *w, size_t from, const char *s, size_t n)
{
	const char *p = w->doc + from, *end = w->doc + w->len;

	while (p < end && (p = memmem(p, (size_t)(end - p), s, n)) != NULL) {
		if (p > w->doc && p[-1] == '"' && p + n < end && p[n] == '"')
			return p - 1;
		p++;
	}
	return NULL;
}

/*
 * The document offset of scalar v's raw text (key: its member name, or
 * NULL in an array), or -1 when it cannot be found verbatim (escapes, a
 * number written another way). Moves the cursor past it when found.
 */
static long
locate_raw(struct jwalk *w, const char *key, const char *text, bool string)
{
	size_t i = w->cursor, n = strlen(text), k;
	const char *q;

	if (!w->verbatim_ok || n == 0)
		return -1;
	if (key != NULL) {
		if ((q = find_quoted(w, i, key, strlen(key))) == NULL)
			return -1;
		i = skip_ws(w, (size_t)(q - w->doc) + strlen(key) + 2);
		if (i >= w->len || w->doc[i] != ':')
			return -1;
		i = skip_ws(w, i + 1);
	} else if (string) {
		/* an array element: the next occurrence that is not a key */
		if ((q = find_quoted(w, i, text, n)) == NULL)
			return -1;
		i = (size_t)(q - w->doc);
		k = skip_ws(w, i + n + 2);
		if (k < w->len && w->doc[k] == ':')
			return -1;
	} else {
		return -1;
	}
	if (string) {
		if (i + n + 2 > w->len || w->doc[i] != '"' ||
		    memcmp(w->doc + i + 1, text, n) != 0 ||
		    w->doc[i + n + 1] != '"')
			return -1;
		w->cursor = i + n + 2;
		return (long)(i + 1);
	}
	if (i + n > w->len || memcmp(w->doc + i, text, n) != 0)
		return -1;
	w->cursor = i + n;
	return (long)i;
}

/* Counts file lines up to document offset at (forward only). */
static void
line_to(struct jwalk *w, size_t at)
{
	const char *p, *nl, *end = w->doc + at;

	p = w->doc + w->line_pos;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		w->line++;
		w->line_start = w->base + (uint64_t)(nl - w->doc) + 1;
		p = nl + 1;
	}
	w->line_pos = at;
}

/* Emits "key: " then marks the value's place (path, and raw offset). */
static int
mark_value(struct jwalk *w, const char *key, const char *text, bool string)
{
	/* an array's element has no name of its own in the source */
	long at = locate_raw(w, w->elem ? NULL : key, text, string);
	int r;

	if (key &&
	    ((r = pc_emit_str(w->e, key)) != 0 ||
		(r = pc_emit_str(w->e, ": ")) != 0))
		return r;
	if (at >= 0)
		line_to(w, (size_t)at);
	return pc_emit_mark(w->e,
	    &(struct pc_text_mark){ .locator = w->path,
		.verbatim = at >= 0,
		.offset = at >= 0 ? w->base + (uint64_t)at : 0,
		.line = w->line,
		.line_start = w->line_start });
}

/* Emits one scalar as "key: value\n". */
static int
json_scalar(struct jwalk *w, const char *key, const cJSON *v)
{
	char num[64];
	int r;

	if (cJSON_IsString(v) && v->valuestring != NULL) {
		if ((r = mark_value(w, key, v->valuestring, true)) != 0 ||
		    (r = pc_emit_str(w->e, v->valuestring)) != 0)
			return r;
		return pc_emit_str(w->e, "\n");
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
		if ((r = mark_value(w, key, num, false)) != 0 ||
		    (r = pc_emit_str(w->e, num)) != 0)
			return r;
		return pc_emit_str(w->e, "\n");
	}
	return 0;
}

/* True when name can follow a '.' in a JSON path. */
static bool
plain_name(const char *name)
{
	const char *p = name;

	if (*p == '\0' || (*p >= '0' && *p <= '9'))
		return false;
	for (; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

/* Appends a member name or an index to the path (capped). */
static void
path_push(struct jwalk *w, const char *name, long index)
{
	size_t room = sizeof(w->path) - w->pathlen;
	int n;

	if (name != NULL && plain_name(name))
		n = snprintf(w->path + w->pathlen, room, ".%s", name);
	else if (name != NULL)
		n = snprintf(w->path + w->pathlen, room, "[\"%.64s\"]", name);
	else
		n = snprintf(w->path + w->pathlen, room, "[%ld]", index);
	if (n > 0)
		w->pathlen += (size_t)n < room ? (size_t)n : room - 1;
}

/* Emits a value and everything under it into the open unit. */
static int
json_walk(struct jwalk *w, const char *key, const cJSON *v, int depth)
{
	const cJSON *c;
	size_t saved = w->pathlen;
	long i = 0;
	int r = 0;

	if (depth > JSON_MAX_DEPTH) {
		pc_emit_skip(w->e, "JSON nested deeper than the limit");
		return 0;
	}
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return json_scalar(w, key, v);
	cJSON_ArrayForEach(c, v)
	{
		path_push(w, cJSON_IsObject(v) ? c->string : NULL, i++);
		w->elem = cJSON_IsArray(v);
		r = json_walk(
		    w, cJSON_IsObject(v) ? c->string : key, c, depth + 1);
		w->pathlen = saved;
		w->path[saved] = '\0';
		if (r != 0)
			return r;
	}
	return 0;
}

/* Is v an array whose elements are objects (a list of records)? */
static bool
json_records(const cJSON *v)
{
	return cJSON_IsArray(v) && v->child != NULL && cJSON_IsObject(v->child);
}

/* Emits one unit per record of a list of records. */
static int
json_each_record(
    struct jwalk *w, const cJSON *list, const struct pc_text_loc *loc)
{
	size_t saved = w->pathlen;
	const cJSON *c;
	long i = 0;
	int r;

	cJSON_ArrayForEach(c, list)
	{
		path_push(w, NULL, i++);
		r = pc_emit_begin(w->e, loc);
		if (r == 0)
			r = json_walk(w, NULL, c, 1);
		if (r == 0)
			r = pc_emit_end(w->e);
		w->pathlen = saved;
		w->path[saved] = '\0';
		if (r != 0)
			return r;
	}
	return 0;
}

/*
 * Extracts a JSON document held in memory. When at->exact, data is the
 * file's bytes from at->base_offset (line at->base_line), so values
 * found verbatim get file offsets; the units themselves are not exact.
 */
int
pc_extract_json_mem(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	struct jwalk *w;
	const cJSON *c;
	cJSON *root;
	int r = 0;

	loc.exact = false;
	if ((root = cJSON_ParseWithLength(data, len)) == NULL)
		return pc_error_set(PC_EPARSE,
		    "%s: not valid JSON (or nested too deeply)", at->path);
	if ((w = calloc(1, sizeof(*w))) == NULL) {
		cJSON_Delete(root);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	*w = (struct jwalk){ .e = e,
		.doc = data,
		.len = len,
		.verbatim_ok = at->exact,
		.base = at->base_offset,
		.line = at->base_line > 0 ? at->base_line : 1,
		.line_start = at->base_offset,
		.path = "$",
		.pathlen = 1 };
	if (json_records(root)) {
		r = json_each_record(w, root, &loc);
		goto out;
	}
	/* An object: its lists of records become units, the rest one unit.
	 * The raw cursor goes forward only, so values of the rest found
	 * after a list are not verbatim unless they follow it. */
	if (cJSON_IsObject(root)) {
		cJSON_ArrayForEach(c, root)
		{
			if (!json_records(c))
				continue;
			path_push(w, c->string, 0);
			r = json_each_record(w, c, &loc);
			w->pathlen = 1;
			w->path[1] = '\0';
			if (r != 0)
				goto out;
		}
	}
	w->cursor = 0;
	w->line_pos = 0;
	w->line = at->base_line > 0 ? at->base_line : 1;
	w->line_start = at->base_offset;
	if ((r = pc_emit_begin(e, &loc)) != 0)
		goto out;
	if (cJSON_IsObject(root)) {
		cJSON_ArrayForEach(c, root)
		{
			if (json_records(c))
				continue;
			path_push(w, c->string, 0);
			r = json_walk(w, c->string, c, 1);
			w->pathlen = 1;
			w->path[1] = '\0';
			if (r != 0)
				goto out;
		}
	} else if ((r = json_walk(w, NULL, root, 0)) != 0) {
		goto out;
	}
	r = pc_emit_end(e);
out:
	free(w);
	cJSON_Delete(root);
	return r;
}

/*
 * Is data JSON Lines rather than one document: its first line a whole
 * JSON value, and after it (past whitespace) another object or array?
 * A pretty-printed document's first line ("{") is not a whole value; a
 * one-line document has nothing after it. Only the first line is parsed.
 */
bool
pc_json_is_lines(const char *data, size_t len)
{
	const char *nl = data ? memchr(data, '\n', len) : NULL, *end = NULL;
	size_t i;
	cJSON *v;

	if (nl == NULL)
		return false;
	v = cJSON_ParseWithLengthOpts(data, (size_t)(nl - data), &end, false);
	if (v == NULL)
		return false;
	cJSON_Delete(v);
	for (i = (size_t)(end - data); i < (size_t)(nl - data); i++)
		if (!isspace((unsigned char)data[i]))
			return false; /* more on the first line: not a value */
	for (i = (size_t)(nl - data); i < len; i++)
		if (!isspace((unsigned char)data[i]))
			return data[i] == '{' || data[i] == '[';
	return false;
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
	uint64_t lineno = 1, chunk_off = 0, line_off = 0;
	bool toolong = false, verbatim = pc_src_own(e, s) && !s->utf16;
	int r = 0;

	pc_buf_init(&line, JSONL_MAX_LINE);
	if (pc_src_copies(s) && (buf = malloc(CHUNK)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (;;) {
		chunk_off = s->off;
		n = pc_src_next(s, buf, CHUNK, &p);
		if (n < 0) {
			r = (int)n;
			break;
		}
		k = 0;
		while (r == 0 && (k < (size_t)n || (n == 0 && line.len))) {
			nl = n ? memchr(p + k, '\n', (size_t)n - k) : NULL;
			size_t m = nl ? (size_t)(nl - (p + k)) : (size_t)n - k;

			if (line.len == 0)
				line_off = chunk_off + k;
			if (!toolong && pc_buf_add(&line, p + k, m) != 0) {
				toolong = true;
				pc_emit_skip(e,
				    "a JSON line longer than the limit was not read");
			}
			k += m;
			if (nl == NULL && n != 0)
				break;
			k++;
			if (!toolong && line.len > 0) {
				loc.base_line = lineno;
				loc.exact = verbatim;
				loc.base_offset = line_off;
				if (pc_extract_json_mem(
					e, line.data, line.len, &loc) != 0 &&
				    e->rc == 0)
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
