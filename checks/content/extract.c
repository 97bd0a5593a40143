/* Text extraction: files of each type -> text units for a pc_text_sink. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <libxml/xmlreader.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"
#include "utf16.h"
#include "zip.h"

#define CHUNK 65536
#define CSV_MAX_COLS 256
#define CSV_MAX_NAME 96
#define JSON_MAX_DEPTH 64
#define JSONL_MAX_LINE (1u << 20)
#define XLSX_MAX_STRINGS 1000000

/* --- the emitter ------------------------------------------------------ */

/* Starts a unit. */
int
pc_emit_begin(struct pc_emit *e, const struct pc_text_loc *loc)
{
	int r;

	if (e->rc != 0)
		return e->rc;
	if (e->open && (r = pc_emit_end(e)) != 0)
		return r;
	if ((r = e->sink->begin(e->sink->arg, loc)) != 0)
		return e->rc = r;
	e->open = true;
	e->res->units++;
	return 0;
}

/* Hands bytes of the open unit to the sink. */
int
pc_emit_data(struct pc_emit *e, const char *p, size_t len)
{
	int r;

	if (e->rc != 0)
		return e->rc;
	if (!e->open || len == 0)
		return 0;
	if ((r = e->sink->data(e->sink->arg, p, len)) != 0)
		return e->rc = r;
	return 0;
}

/* Hands a C string of the open unit to the sink. */
int
pc_emit_str(struct pc_emit *e, const char *s)
{
	return pc_emit_data(e, s, strlen(s));
}

/* Ends the open unit, if any. */
int
pc_emit_end(struct pc_emit *e)
{
	int r;

	if (!e->open)
		return e->rc;
	e->open = false;
	if ((r = e->sink->end(e->sink->arg)) != 0 && e->rc == 0)
		e->rc = r;
	return e->rc;
}

/* Records a part that was not read. */
void
pc_emit_skip(struct pc_emit *e, const char *reason)
{
	e->res->parts_skipped++;
	if (e->res->note[0] == '\0')
		snprintf(e->res->note, sizeof(e->res->note), "%s", reason);
}

/* --- kinds ------------------------------------------------------------ */

/* Does path end with ext (case-insensitive)? */
static bool
ends_with(const char *path, const char *ext)
{
	size_t pl = strlen(path), el = strlen(ext);

	return pl >= el && strcasecmp(path + pl - el, ext) == 0;
}

/* Looks like mail headers: "Name: value" lines including a mail header. */
static bool
looks_like_mail(const char *h, size_t n)
{
	static const char *const names[] = { "Received:", "Message-ID:",
		"Return-Path:", "MIME-Version:", "Delivered-To:", NULL };
	size_t i;

	if (n < 5)
		return false;
	for (i = 0; names[i] != NULL; i++)
		if (strncasecmp(h, names[i], strlen(names[i])) == 0)
			return true;
	return false;
}

/* Is the head binary (NUL bytes or mostly control characters)? */
static bool
looks_binary(const char *h, size_t n)
{
	size_t i, ctl = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)h[i];

		if (c == 0)
			return true;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		    c != '\f' && c != 0x1b)
			ctl++;
	}
	return n > 0 && ctl * 10 > n;
}

/*
 * The text a file's first bytes hold, for sniffing: UTF-16 (after a BOM)
 * decoded into out (PC_EXTRACT_SNIFF bytes), a UTF-8 BOM skipped, other
 * bytes as they are. *len_out gets its length.
 */
static const char *
sniff_text(const char *head, size_t n, char *out, size_t *len_out)
{
	struct pc_utf16 d;
	size_t skip, used;

	switch (pc_bom_detect(head, n, &skip)) {
	case PC_BOM_UTF16LE:
	case PC_BOM_UTF16BE:
		pc_utf16_init(&d, (unsigned char)head[0] == 0xfe);
		*len_out = pc_utf16_decode(&d, head + skip, n - skip, &used,
		    out, PC_EXTRACT_SNIFF);
		return out;
	default:
		*len_out = n - skip;
		return head + skip;
	}
}

/* The kind for a name and the text of its first bytes. */
static enum pc_doc_kind
kind_of(const char *path, const char *head, size_t headlen)
{
	static const char *const office[] = { ".docx", ".docm", ".xlsx",
		".xlsm", ".pptx", ".odt", ".ods", ".odp", NULL };
	size_t i;

	if (head != NULL && headlen >= 4 && memcmp(head, "PK\3\4", 4) == 0) {
		for (i = 0; office[i] != NULL; i++)
			if (ends_with(path, office[i]))
				return PC_DOC_OFFICE;
		return PC_DOC_BINARY;
	}
	for (i = 0; office[i] != NULL; i++)
		if (ends_with(path, office[i]))
			return PC_DOC_BINARY; /* not a zip: nothing to read */
	if (head != NULL && looks_binary(head, headlen))
		return PC_DOC_BINARY;
	if (ends_with(path, ".csv") || ends_with(path, ".tsv"))
		return PC_DOC_CSV;
	if (ends_with(path, ".html") || ends_with(path, ".htm") ||
	    ends_with(path, ".xhtml"))
		return PC_DOC_HTML;
	if (ends_with(path, ".json"))
		return PC_DOC_JSON;
	if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
		return PC_DOC_JSONL;
	if (ends_with(path, ".eml"))
		return PC_DOC_EML;
	if (ends_with(path, ".mbox") || ends_with(path, ".mbx"))
		return PC_DOC_MBOX;
	if (head != NULL && headlen >= 5 && memcmp(head, "From ", 5) == 0)
		return PC_DOC_MBOX;
	if (head != NULL && looks_like_mail(head, headlen))
		return PC_DOC_EML;
	if (head != NULL && headlen >= 5 &&
	    (strncasecmp(head, "<!DOCTYPE html", 14) == 0 ||
	     strncasecmp(head, "<html", 5) == 0))
		return PC_DOC_HTML;
	return PC_DOC_TEXT;
}

/* The kind for a name and its first bytes (a BOM's encoding decoded). */
enum pc_doc_kind
pc_extract_kind(const char *path, const char *head, size_t headlen)
{
	char text[PC_EXTRACT_SNIFF];
	size_t n = 0;

	if (head == NULL)
		return kind_of(path, NULL, 0);
	if (headlen >= 4 && memcmp(head, "PK\3\4", 4) == 0)
		return kind_of(path, head, headlen);
	head = sniff_text(head, headlen, text, &n);
	return kind_of(path, head, n);
}

/* Short name of a kind. */
const char *
pc_extract_kind_name(enum pc_doc_kind kind)
{
	static const char *const names[] = { "auto", "text", "csv", "html",
		"json", "jsonl", "eml", "mbox", "office", "binary" };

	return (unsigned)kind < sizeof(names) / sizeof(names[0]) ?
	    names[kind] : "unknown";
}

/* --- a byte source: a file descriptor or memory ----------------------- */

/*
 * A file with a UTF-16 BOM is decoded to UTF-8 here, chunk by chunk, so
 * every extractor reads it like any other text (offsets are then within
 * the decoded text: units are not exact). A UTF-8 BOM is skipped except
 * for plain text, which stays exact (the matcher ignores U+FEFF).
 */
struct src {
	int fd;
	const char *mem;
	size_t memlen;
	uint64_t off;
	const char *path;
	bool utf16;	    /* decode from UTF-16 */
	bool eof;	    /* utf16: the raw bytes have ended */
	struct pc_utf16 dec;
	char *raw;	    /* utf16 from a file: undecoded bytes (CHUNK) */
	const char *rawp;   /* undecoded bytes: raw or in mem */
	size_t raw_len, raw_pos;
};

/* Does reading the source need a buffer of the caller's? */
static bool
src_copies(const struct src *s)
{
	return s->fd >= 0 || s->utf16;
}

/* Reads the next raw chunk (up to cap bytes) into buf; 0 at the end. */
static ssize_t
src_read(struct src *s, char *buf, size_t cap, const char **p_out)
{
	ssize_t n;
	size_t m;

	if (s->fd < 0) {
		m = s->off >= s->memlen ? 0 : s->memlen - (size_t)s->off;
		m = m < cap ? m : cap;
		*p_out = s->mem + s->off;
		s->off += m;
		return (ssize_t)m;
	}
	do
		n = pread(s->fd, buf, cap, (off_t)s->off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return pc_error_set(PC_EIO, "cannot read %s: %s", s->path,
		    strerror(errno));
	*p_out = buf;
	s->off += (uint64_t)n;
	return n;
}

/* Reads and decodes UTF-16 until some text is in buf (cap >= CHUNK). */
static ssize_t
src_next_utf16(struct src *s, char *buf, size_t cap)
{
	size_t n = 0, used;
	ssize_t got;

	while (n == 0 && !(s->eof && s->raw_pos == s->raw_len)) {
		if (s->raw_pos == s->raw_len) {
			if ((got = src_read(s, s->raw, CHUNK, &s->rawp)) < 0)
				return got;
			s->raw_len = (size_t)got;
			s->raw_pos = 0;
			if (got == 0) {
				s->eof = true;
				n = pc_utf16_finish(&s->dec, buf);
				break;
			}
		}
		n += pc_utf16_decode(&s->dec, s->rawp + s->raw_pos,
		    s->raw_len - s->raw_pos, &used, buf + n, cap - n);
		s->raw_pos += used;
	}
	return (ssize_t)n;
}

/* Reads the next chunk of text (up to cap bytes); 0 at the end. */
static ssize_t
src_next(struct src *s, char *buf, size_t cap, const char **p_out)
{
	if (!s->utf16)
		return src_read(s, buf, cap, p_out);
	*p_out = buf;
	return src_next_utf16(s, buf, cap);
}

/*
 * Sets the source up for the encoding the BOM in head announces: UTF-16
 * is decoded; a UTF-8 BOM is skipped unless kind is plain text.
 */
static int
src_encoding(struct src *s, const char *head, size_t n, enum pc_doc_kind kind)
{
	size_t skip;

	switch (pc_bom_detect(head, n, &skip)) {
	case PC_BOM_UTF16LE:
	case PC_BOM_UTF16BE:
		if (kind == PC_DOC_OFFICE)
			return 0;
		if (s->fd >= 0 && (s->raw = malloc(CHUNK)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		pc_utf16_init(&s->dec, (unsigned char)head[0] == 0xfe);
		s->utf16 = true;
		s->off = skip;
		return 0;
	case PC_BOM_UTF8:
		if (kind != PC_DOC_TEXT && kind != PC_DOC_OFFICE)
			s->off = skip;
		return 0;
	default:
		return 0;
	}
}

/* --- plain text and Markdown ------------------------------------------ */

/* Streams the whole source as one exact unit. */
static int
extract_text(struct pc_emit *e, struct src *s, const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	char *buf = NULL;
	const char *p;
	ssize_t n;
	int r;

	loc.exact = !s->utf16; /* decoded offsets do not map back */
	if (src_copies(s) && (buf = malloc(CHUNK)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = pc_emit_begin(e, &loc)) != 0)
		goto out;
	while ((n = src_next(s, buf, CHUNK, &p)) > 0)
		if ((r = pc_emit_data(e, p, (size_t)n)) != 0)
			goto out;
	r = n < 0 ? (int)n : 0;
	if (r == 0)
		r = pc_emit_end(e);
out:
	free(buf);
	return r;
}

/* --- CSV: one unit per row -------------------------------------------- */

struct csv {
	struct pc_emit *e;
	struct pc_text_loc loc;
	char delim;
	bool in_quotes, quote_pending, row_open, field_open, cr;
	size_t col;
	uint64_t line, off, row_off, row_line;
	/* header names from the first row, if it looks like one */
	char names[CSV_MAX_COLS][CSV_MAX_NAME];
	size_t nnames;
	bool first_row, use_names, header_digits;
	char out[4096];
	size_t outlen;
};

/* Flushes the row's pending output. */
static int
csv_flush(struct csv *c)
{
	int r = pc_emit_data(c->e, c->out, c->outlen);

	c->outlen = 0;
	return r;
}

/* Appends one output byte of the current row. */
static int
csv_put(struct csv *c, char ch)
{
	if (c->outlen == sizeof(c->out) && csv_flush(c) != 0)
		return c->e->rc;
	c->out[c->outlen++] = ch;
	return 0;
}

/* Appends a string of the current row. */
static int
csv_puts(struct csv *c, const char *s)
{
	int r = 0;

	while (*s && r == 0)
		r = csv_put(c, *s++);
	return r;
}

/* Starts a field: opens the row's unit on its first field. */
static int
csv_field_start(struct csv *c)
{
	int r;

	if (!c->row_open) {
		c->loc.base_offset = c->row_off;
		c->loc.base_line = c->row_line;
		if ((r = pc_emit_begin(c->e, &c->loc)) != 0)
			return r;
		c->row_open = true;
		c->col = 0;
	} else if ((r = csv_puts(c, "; ")) != 0) {
		return r;
	}
	c->field_open = true;
	if (c->use_names && c->col < c->nnames && c->names[c->col][0]) {
		if ((r = csv_puts(c, c->names[c->col])) != 0 ||
		    (r = csv_puts(c, ": ")) != 0)
			return r;
	}
	return 0;
}

/* Adds one byte of field content. */
static int
csv_field_byte(struct csv *c, char ch)
{
	int r;
	size_t l;

	if (!c->field_open && (r = csv_field_start(c)) != 0)
		return r;
	if (ch == '\n' || ch == '\r')
		ch = ' '; /* a row stays on one line of text */
	if (c->first_row && c->col < CSV_MAX_COLS) {
		if (isdigit((unsigned char)ch))
			c->header_digits = true;
		l = strlen(c->names[c->col]);
		if (l + 1 < CSV_MAX_NAME) {
			c->names[c->col][l] = ch;
			c->names[c->col][l + 1] = '\0';
		}
	}
	return csv_put(c, ch);
}

/* Ends a field. */
static int
csv_field_end(struct csv *c)
{
	int r;

	if (!c->field_open && (r = csv_field_start(c)) != 0)
		return r;
	c->field_open = false;
	c->col++;
	return 0;
}

/* Ends a row: closes the unit, learns the header after the first row. */
static int
csv_row_end(struct csv *c)
{
	int r;

	if (!c->row_open)
		return 0;
	if ((r = csv_field_end(c)) != 0 || (r = csv_flush(c)) != 0 ||
	    (r = pc_emit_end(c->e)) != 0)
		return r;
	if (c->first_row) {
		c->first_row = false;
		c->nnames = c->col < CSV_MAX_COLS ? c->col : CSV_MAX_COLS;
		c->use_names = !c->header_digits && c->nnames > 1;
	}
	c->row_open = false;
	return 0;
}

/* Picks the delimiter that occurs most in the first line. */
static char
csv_guess_delim(const char *p, size_t n, const char *path)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	size_t count[4] = { 0 }, i, k, best = 0;
	bool q = false;

	if (ends_with(path, ".tsv"))
		return '\t';
	for (i = 0; i < n && (q || p[i] != '\n'); i++) {
		if (p[i] == '"')
			q = !q;
		for (k = 0; !q && k < 4; k++)
			if (p[i] == cand[k])
				count[k]++;
	}
	for (k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return count[best] ? cand[best] : ',';
}

/* Feeds bytes through the CSV state machine. */
static int
csv_feed(struct csv *c, const char *p, size_t n)
{
	size_t i;
	int r = 0;
	char ch;

	for (i = 0; i < n && r == 0; i++, c->off++) {
		ch = p[i];
		if (!c->row_open && !c->field_open) {
			c->row_off = c->off;
			c->row_line = c->line;
		}
		if (ch == '\n')
			c->line++;
		if (c->quote_pending) {
			c->quote_pending = false;
			if (ch == '"') { /* "" inside quotes */
				r = csv_field_byte(c, '"');
				continue;
			}
			c->in_quotes = false;
		}
		if (c->in_quotes) {
			if (ch == '"')
				c->quote_pending = true;
			else
				r = csv_field_byte(c, ch);
			continue;
		}
		if (ch == '"' && !c->field_open) {
			c->in_quotes = true;
			r = csv_field_start(c);
		} else if (ch == c->delim) {
			r = csv_field_end(c);
		} else if (ch == '\n') {
			r = csv_row_end(c);
		} else if (ch == '\r') {
			continue;
		} else {
			r = csv_field_byte(c, ch);
		}
	}
	return r;
}

/* Extracts CSV rows from the source. */
static int
extract_csv(struct pc_emit *e, struct src *s, const struct pc_text_loc *at)
{
	struct csv *c;
	char *buf = NULL;
	const char *p;
	ssize_t n;
	int r = 0;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (src_copies(s) && (buf = malloc(CHUNK)) == NULL)) {
		free(c);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	c->e = e;
	c->loc = *at;
	c->loc.exact = false;
	c->line = 1;
	c->off = s->utf16 ? 0 : s->off; /* past a UTF-8 BOM */
	c->first_row = true;
	while (r == 0 && (n = src_next(s, buf, CHUNK, &p)) > 0) {
		if (c->delim == 0)
			c->delim = csv_guess_delim(p, (size_t)n, at->path);
		r = csv_feed(c, p, (size_t)n);
	}
	if (r == 0 && n < 0)
		r = (int)n;
	if (r == 0)
		r = csv_row_end(c);
	free(buf);
	free(c);
	return r;
}

/* --- JSON: string and number values; records for arrays of objects ---- */

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
static int
extract_json_mem(struct pc_emit *e, const char *data, size_t len,
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
static int
extract_jsonl(struct pc_emit *e, struct src *s, const struct pc_text_loc *at)
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
	if (src_copies(s) && (buf = malloc(CHUNK)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (;;) {
		n = src_next(s, buf, CHUNK, &p);
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
				if (extract_json_mem(e, line.data, line.len,
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

/* --- HTML ------------------------------------------------------------- */

struct html {
	struct pc_emit *e;
	long out_line;
	pc_extract_link_fn link;
	void *link_arg;
};

/* Is the element one whose content people never read? */
static bool
html_hidden(const xmlNode *n)
{
	static const char *const names[] = { "script", "style", "template",
		NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return true;
	return false;
}

/* Does the element end a line of text (block-level)? */
static bool
html_block(const xmlNode *n)
{
	static const char *const names[] = { "p", "div", "br", "li", "tr",
		"h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
		"section", "article", "header", "footer", "address", "pre",
		"blockquote", "dt", "dd", "hr", "title", "form", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp((const char *)n->name, names[i]) == 0)
			return true;
	return false;
}

/* Emits newlines so the output's line number reaches the node's line. */
static int
html_sync_line(struct html *h, const xmlNode *n)
{
	long line = xmlGetLineNo(n);
	int r = 0;

	while (r == 0 && line > 0 && h->out_line < line) {
		r = pc_emit_str(h->e, "\n");
		h->out_line++;
	}
	return r;
}

/* Emits text, counting the newlines in it. */
static int
html_text(struct html *h, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p == '\n')
			h->out_line++;
	return pc_emit_str(h->e, s);
}

/* Emits the attributes a reader sees or clicks, URL-decoded. */
static int
html_attrs(struct html *h, const xmlNode *n)
{
	static const char *const names[] = { "href", "title", "alt",
		"content", "value", "placeholder", "aria-label", NULL };
	const xmlAttr *a;
	xmlChar *v;
	char *dec;
	size_t i;
	int r = 0;

	for (a = n->properties; a != NULL && r == 0; a = a->next) {
		for (i = 0; names[i] != NULL; i++)
			if (strcasecmp((const char *)a->name, names[i]) == 0)
				break;
		if (names[i] == NULL)
			continue;
		if ((v = xmlNodeGetContent((const xmlNode *)a)) == NULL)
			continue;
		if (i == 0 && h->link != NULL &&
		    (strcasecmp((const char *)n->name, "a") == 0 ||
		     strcasecmp((const char *)n->name, "area") == 0))
			h->link(h->link_arg, (const char *)v);
		dec = i == 0 ? xmlURIUnescapeString((const char *)v, 0, NULL) :
		    NULL;
		if (dec != NULL && memchr(dec, '\n', strlen(dec)) != NULL)
			*strchr(dec, '\n') = ' ';
		r = pc_emit_str(h->e, " ");
		if (r == 0)
			r = pc_emit_str(h->e, dec ? dec : (const char *)v);
		if (r == 0)
			r = pc_emit_str(h->e, " ");
		xmlFree(dec);
		xmlFree(v);
	}
	return r;
}

/* Walks the tree without recursion, emitting text and attributes. */
static int
html_walk(struct html *h, xmlNode *root)
{
	xmlNode *n = root;
	int r = 0;

	while (n != NULL && r == 0) {
		bool descend = false;

		if (n->type == XML_ELEMENT_NODE) {
			if (!html_hidden(n)) {
				r = html_sync_line(h, n);
				if (r == 0)
					r = html_attrs(h, n);
				descend = n->children != NULL;
			}
		} else if ((n->type == XML_TEXT_NODE ||
			       n->type == XML_CDATA_SECTION_NODE) &&
		    n->content != NULL) {
			r = html_sync_line(h, n);
			if (r == 0)
				r = html_text(h, (const char *)n->content);
		}
		if (r != 0)
			break;
		if (descend) {
			n = n->children;
			continue;
		}
		/* Up until a next sibling exists, closing blocks. */
		while (n != NULL && n != root && n->next == NULL) {
			n = n->parent;
			if (n != NULL && n->type == XML_ELEMENT_NODE &&
			    html_block(n) && (r = pc_emit_str(h->e, " ")) != 0)
				return r;
		}
		if (n == NULL || n == root)
			break;
		if (n->type == XML_ELEMENT_NODE && html_block(n))
			r = pc_emit_str(h->e, " ");
		n = n->next;
	}
	return r;
}

/* HTML to text into the emitter as one unit. */
int
pc_extract_html_emit(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *at, pc_extract_link_fn link, void *link_arg)
{
	struct pc_text_loc loc = *at;
	struct html h = { e, 1, link, link_arg };
	htmlDocPtr doc;
	xmlNode *root;
	int r;

	if (len > PC_EXTRACT_MAX_DOC || len > INT32_MAX)
		return pc_error_set(PC_ELIMIT, "%s: HTML larger than the "
		    "%u-byte limit; not read", at->path, PC_EXTRACT_MAX_DOC);
	doc = htmlReadMemory(data, (int)len, NULL, NULL,
	    HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
		HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS |
		HTML_PARSE_COMPACT | XML_PARSE_BIG_LINES);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		return len == 0 ? 0 : pc_error_set(PC_EPARSE, "%s: not "
		    "readable as HTML", at->path);
	}
	loc.exact = false;
	loc.base_line = loc.base_line ? loc.base_line : 1;
	if ((r = pc_emit_begin(e, &loc)) == 0 &&
	    (r = html_walk(&h, root)) == 0)
		r = pc_emit_end(e);
	xmlFreeDoc(doc);
	return r;
}

/* --- Office documents: zip + XML -------------------------------------- */

/* The local name of the reader's current node ("p" for "w:p"). */
static const char *
xml_local(xmlTextReaderPtr rd)
{
	const xmlChar *n = xmlTextReaderConstLocalName(rd);

	return n ? (const char *)n : "";
}

/* Word/ODF/PowerPoint XML text: paragraphs become lines. */
static int
office_xml_text(struct pc_emit *e, const struct pc_buf *xml)
{
	xmlTextReaderPtr rd;
	const char *name, *v;
	int t, r = 0, ok;

	rd = xmlReaderForMemory(xml->data, (int)xml->len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		XML_PARSE_COMPACT);
	if (rd == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory for XML");
	while (r == 0 && (ok = xmlTextReaderRead(rd)) == 1) {
		t = xmlTextReaderNodeType(rd);
		name = xml_local(rd);
		if (t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
		    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			v = (const char *)xmlTextReaderConstValue(rd);
			if (v != NULL)
				r = pc_emit_str(e, v);
		} else if (t == XML_READER_TYPE_ELEMENT) {
			if (strcmp(name, "tab") == 0)
				r = pc_emit_str(e, "\t");
			else if (strcmp(name, "br") == 0 ||
			    strcmp(name, "cr") == 0 ||
			    strcmp(name, "line-break") == 0)
				r = pc_emit_str(e, "\n");
			else if (strcmp(name, "s") == 0)
				r = pc_emit_str(e, " ");
			else if (strcmp(name, "table-cell") == 0 ||
			    strcmp(name, "tc") == 0)
				r = pc_emit_str(e, " ");
			if (r == 0 && xmlTextReaderIsEmptyElement(rd) &&
			    (strcmp(name, "p") == 0 || strcmp(name, "h") == 0))
				r = pc_emit_str(e, "\n");
		} else if (t == XML_READER_TYPE_END_ELEMENT) {
			if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0 ||
			    strcmp(name, "table-row") == 0)
				r = pc_emit_str(e, "\n");
		}
	}
	if (r == 0 && ok < 0)
		pc_emit_skip(e, "damaged XML inside an office document "
		    "(text up to the damage was read)");
	xmlFreeTextReader(rd);
	return r;
}

/* Reads one member and emits its text as a unit. */
static int
office_member(struct pc_emit *e, struct pc_zip *z, const struct pc_zip_entry *m,
    const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	struct pc_buf xml;
	int r;

	if (pc_zip_read(z, m, &xml) != 0) {
		if (pc_error_code() == PC_ELIMIT)
			return PC_ELIMIT; /* a bomb: refuse the whole file */
		pc_emit_skip(e, pc_error_get());
		return 0;
	}
	loc.exact = false;
	loc.member = m->name;
	loc.base_offset = m->local_offset;
	loc.base_line = 1;
	if ((r = pc_emit_begin(e, &loc)) == 0 &&
	    (r = office_xml_text(e, &xml)) == 0)
		r = pc_emit_end(e);
	pc_buf_free(&xml);
	return r;
}

/* xlsx shared strings, each a NUL-terminated string in one buffer. */
struct strings {
	struct pc_buf text;
	size_t *offs;
	size_t n, alloc;
};

/* Loads xl/sharedStrings.xml into s. */
static int
xlsx_strings(struct pc_zip *z, struct strings *s)
{
	const struct pc_zip_entry *m = pc_zip_find(z, "xl/sharedStrings.xml");
	xmlTextReaderPtr rd = NULL;
	struct pc_buf xml;
	size_t *grown;
	int t, r = 0, depth_si = -1;
	const char *v;

	pc_buf_init(&s->text, PC_ZIP_MAX_MEMBER);
	if (m == NULL)
		return 0;
	if ((r = pc_zip_read(z, m, &xml)) != 0)
		return r;
	rd = xmlReaderForMemory(xml.data, (int)xml.len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	while (rd != NULL && r == 0 && xmlTextReaderRead(rd) == 1) {
		t = xmlTextReaderNodeType(rd);
		if (t == XML_READER_TYPE_ELEMENT &&
		    strcmp(xml_local(rd), "si") == 0) {
			if (s->n == s->alloc) {
				if (s->n >= XLSX_MAX_STRINGS) {
					r = pc_error_set(PC_ELIMIT, "too many "
					    "shared strings");
					break;
				}
				s->alloc = s->alloc ? s->alloc * 2 : 256;
				grown = realloc(s->offs,
				    s->alloc * sizeof(*s->offs));
				if (grown == NULL) {
					r = pc_error_set(PC_ENOMEM, "out of "
					    "memory");
					break;
				}
				s->offs = grown;
			}
			s->offs[s->n++] = s->text.len;
			depth_si = xmlTextReaderDepth(rd);
			if (xmlTextReaderIsEmptyElement(rd))
				r = pc_buf_add(&s->text, "", 1);
		} else if (t == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(xml_local(rd), "si") == 0) {
			r = pc_buf_add(&s->text, "", 1);
			depth_si = -1;
		} else if (depth_si >= 0 && (t == XML_READER_TYPE_TEXT ||
			       t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			v = (const char *)xmlTextReaderConstValue(rd);
			if (v != NULL)
				r = pc_buf_adds(&s->text, v);
		}
	}
	xmlFreeTextReader(rd);
	pc_buf_free(&xml);
	return r;
}

/* Column index of a cell reference ("C7" -> 2); -1 when there is none. */
static long
xlsx_column(const char *ref)
{
	long col = 0;
	int n = 0;

	for (; ref != NULL && *ref >= 'A' && *ref <= 'Z' && n < 3; ref++, n++)
		col = col * 26 + (*ref - 'A' + 1);
	return n == 0 ? -1 : col - 1;
}

/*
 * Header names of a worksheet, learnt from its first row as CSV's are: a
 * first row with no digits and two or more names labels the cells below it
 * ("NHS number: 943 476 5919"), so detectors that need a word near (NHS,
 * passport, date of birth) work on spreadsheets as they do on CSV exports.
 */
struct xlsx_names {
	char names[CSV_MAX_COLS][CSV_MAX_NAME];
	size_t nnames;
	bool first_row, digits, use;
};

/* Adds text of the first row's cell col to its name. */
static void
xlsx_name_add(struct xlsx_names *h, long col, const char *v)
{
	const char *p;
	size_t l;

	if (col < 0 || col >= CSV_MAX_COLS)
		return;
	for (p = v; *p; p++)
		if (isdigit((unsigned char)*p))
			h->digits = true;
	l = strlen(h->names[col]);
	snprintf(h->names[col] + l, CSV_MAX_NAME - l, "%s", v);
	if ((size_t)col + 1 > h->nnames)
		h->nnames = (size_t)col + 1;
}

/* Emits one cell's text, prefixed by its column's name after the header. */
static int
xlsx_cell_text(struct pc_emit *e, struct xlsx_names *h, long col,
    bool cell_first, const char *v)
{
	int r = 0;

	if (h->first_row) {
		xlsx_name_add(h, col, v);
	} else if (cell_first && h->use && col >= 0 &&
	    (size_t)col < h->nnames && h->names[col][0]) {
		if ((r = pc_emit_str(e, h->names[col])) == 0)
			r = pc_emit_str(e, ": ");
	}
	return r == 0 ? pc_emit_str(e, v) : r;
}

/* Emits one worksheet: a unit per row, cells joined with "; ". */
static int
xlsx_sheet(struct pc_emit *e, struct pc_zip *z, const struct pc_zip_entry *m,
    const struct strings *s, const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	struct xlsx_names *h;
	xmlTextReaderPtr rd;
	struct pc_buf xml;
	char type[16] = "", *end;
	const char *name, *v;
	bool in_v = false, in_t = false, first = true, cell_first = false;
	bool rows = false;
	unsigned long idx;
	long col = -1;
	xmlChar *a;
	int t, r = 0;

	if (pc_zip_read(z, m, &xml) != 0) {
		if (pc_error_code() == PC_ELIMIT)
			return PC_ELIMIT;
		pc_emit_skip(e, pc_error_get());
		return 0;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		pc_buf_free(&xml);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	h->first_row = true;
	loc.exact = false;
	loc.member = m->name;
	loc.base_offset = m->local_offset;
	rd = xmlReaderForMemory(xml.data, (int)xml.len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	while (rd != NULL && r == 0 && xmlTextReaderRead(rd) == 1) {
		t = xmlTextReaderNodeType(rd);
		name = xml_local(rd);
		if (t == XML_READER_TYPE_ELEMENT && strcmp(name, "row") == 0) {
			a = xmlTextReaderGetAttribute(rd, BAD_CAST "r");
			loc.base_line = a ? strtoull((char *)a, NULL, 10) : 0;
			xmlFree(a);
			if (rows && h->first_row) { /* the header row ended */
				h->first_row = false;
				h->use = !h->digits && h->nnames > 1;
			}
			rows = true;
			first = true;
			col = -1;
			r = pc_emit_begin(e, &loc);
		} else if (t == XML_READER_TYPE_END_ELEMENT &&
		    strcmp(name, "row") == 0) {
			r = pc_emit_end(e);
		} else if (t == XML_READER_TYPE_ELEMENT &&
		    strcmp(name, "c") == 0) {
			a = xmlTextReaderGetAttribute(rd, BAD_CAST "t");
			snprintf(type, sizeof(type), "%s", a ? (char *)a : "n");
			xmlFree(a);
			a = xmlTextReaderGetAttribute(rd, BAD_CAST "r");
			col = a ? xlsx_column((char *)a) : col + 1;
			xmlFree(a);
			cell_first = true;
		} else if (t == XML_READER_TYPE_ELEMENT &&
		    (strcmp(name, "v") == 0 || strcmp(name, "t") == 0)) {
			in_v = strcmp(name, "v") == 0;
			in_t = !in_v;
		} else if (t == XML_READER_TYPE_END_ELEMENT &&
		    (strcmp(name, "v") == 0 || strcmp(name, "t") == 0)) {
			in_v = in_t = false;
		} else if ((in_v || in_t) && t == XML_READER_TYPE_TEXT &&
		    (v = (const char *)xmlTextReaderConstValue(rd)) != NULL) {
			if (!first)
				r = pc_emit_str(e, "; ");
			first = false;
			if (r == 0 && in_v && strcmp(type, "s") == 0) {
				idx = strtoul(v, &end, 10);
				/* text.data is NULL when every string is
				 * empty (found by libFuzzer) */
				if (*end == '\0' && idx < s->n)
					r = xlsx_cell_text(e, h, col,
					    cell_first, s->text.data ?
					    s->text.data + s->offs[idx] : "");
			} else if (r == 0) {
				r = xlsx_cell_text(e, h, col, cell_first, v);
			}
			cell_first = false;
		}
	}
	if (r == 0)
		r = pc_emit_end(e);
	xmlFreeTextReader(rd);
	pc_buf_free(&xml);
	free(h);
	return r;
}

/* Is name one of the Word parts that hold text? */
static bool
word_part(const char *name)
{
	return strcmp(name, "word/document.xml") == 0 ||
	    strcmp(name, "word/footnotes.xml") == 0 ||
	    strcmp(name, "word/endnotes.xml") == 0 ||
	    strcmp(name, "word/comments.xml") == 0 ||
	    ((strncmp(name, "word/header", 11) == 0 ||
		 strncmp(name, "word/footer", 11) == 0) &&
		ends_with(name, ".xml"));
}

/* Extracts a docx/xlsx/pptx/odt/ods/odp document. */
static int
extract_office(struct pc_emit *e, int fd, const char *mem, uint64_t size,
    const struct pc_text_loc *at)
{
	struct strings s = { 0 };
	struct pc_zip z;
	const char *name;
	size_t i, nread = 0;
	int r;

	if ((r = pc_zip_open(&z, fd, mem, size, at->path)) != 0)
		return r;
	for (i = 0; i < z.nentries && r == 0; i++) {
		name = z.entries[i].name;
		if (word_part(name) || strcmp(name, "content.xml") == 0 ||
		    (strncmp(name, "ppt/slides/slide", 16) == 0 &&
			ends_with(name, ".xml"))) {
			r = office_member(e, &z, &z.entries[i], at);
			nread++;
		}
	}
	if (r == 0 && pc_zip_find(&z, "xl/workbook.xml") != NULL) {
		if ((r = xlsx_strings(&z, &s)) == 0) {
			for (i = 0; i < z.nentries && r == 0; i++) {
				name = z.entries[i].name;
				if (strncmp(name, "xl/worksheets/", 14) == 0 &&
				    strchr(name + 14, '/') == NULL &&
				    ends_with(name, ".xml")) {
					r = xlsx_sheet(e, &z, &z.entries[i], &s,
					    at);
					nread++;
				}
			}
		}
	}
	if (r == PC_ELIMIT && e->rc == 0) {
		/* keep the zip reader's message: it names the bomb */
	} else if (r == 0 && nread == 0) {
		r = pc_error_set(PC_EPARSE, "%s: a zip archive without the "
		    "text of a Word, Excel or OpenDocument file; not read",
		    at->path);
	}
	pc_buf_free(&s.text);
	free(s.offs);
	pc_zip_close(&z);
	if (e->rc != 0)
		return e->rc;
	return r;
}

/* --- dispatch --------------------------------------------------------- */

/* Reads the whole source into memory (capped) for whole-document parsers. */
static int
slurp(struct src *s, struct pc_buf *out, size_t cap, const char *what)
{
	char *buf;
	const char *p;
	ssize_t n;
	int r = 0;

	pc_buf_init(out, cap);
	if ((buf = malloc(CHUNK)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	while ((n = src_next(s, buf, CHUNK, &p)) > 0)
		if (pc_buf_add(out, p, (size_t)n) != 0) {
			r = pc_error_set(PC_ELIMIT, "%s: %s larger than the "
			    "%zu-byte limit; not read", s->path, what, cap);
			break;
		}
	if (r == 0 && n < 0)
		r = (int)n;
	free(buf);
	if (r != 0)
		pc_buf_free(out);
	return r;
}

/* Runs the extractor for kind on a source. */
static int
dispatch(struct pc_emit *e, struct src *s, uint64_t size,
    const struct pc_text_loc *loc, enum pc_doc_kind kind)
{
	struct pc_buf doc;
	int r;

	e->res->kind = kind;
	switch (kind) {
	case PC_DOC_TEXT:
		return extract_text(e, s, loc);
	case PC_DOC_CSV:
		return extract_csv(e, s, loc);
	case PC_DOC_JSONL:
		return extract_jsonl(e, s, loc);
	case PC_DOC_OFFICE:
		return extract_office(e, s->fd, s->mem, size, loc);
	case PC_DOC_EML:
	case PC_DOC_MBOX:
		if (s->fd >= 0 && s->off == 0 && !s->utf16)
			return pc_extract_mail_fd(e, s->fd, s->path,
			    kind == PC_DOC_MBOX);
		if (!src_copies(s))
			return pc_extract_mail_mem(e, s->mem + s->off,
			    s->memlen - s->off, loc, kind == PC_DOC_MBOX);
		/* mail behind a BOM: rare; read decoded, capped */
		if ((r = slurp(s, &doc, PC_EXTRACT_MAX_DOC,
			 "mail file with a byte order mark")) != 0)
			return r;
		r = pc_extract_mail_mem(e, doc.data, doc.len, loc,
		    kind == PC_DOC_MBOX);
		pc_buf_free(&doc);
		return r;
	case PC_DOC_HTML:
	case PC_DOC_JSON:
		if (!src_copies(s))
			return kind == PC_DOC_HTML ?
			    pc_extract_html_emit(e, s->mem + s->off,
				s->memlen - s->off, loc, NULL, NULL) :
			    extract_json_mem(e, s->mem + s->off,
				s->memlen - s->off, loc);
		if ((r = slurp(s, &doc, PC_EXTRACT_MAX_DOC,
			 pc_extract_kind_name(kind))) != 0)
			return r;
		r = kind == PC_DOC_HTML ? pc_extract_html_emit(e, doc.data,
		    doc.len, loc, NULL, NULL) :
		    extract_json_mem(e, doc.data, doc.len, loc);
		pc_buf_free(&doc);
		return r;
	default:
		return pc_error_set(PC_EPARSE, "%s: binary file with no text "
		    "extractor; not read", s->path);
	}
}

/* Finishes a top-level extraction: closes a unit left open, sorts codes. */
static int
finish(struct pc_emit *e, int r)
{
	if (e->open)
		(void)pc_emit_end(e);
	if (e->rc != 0) {
		e->res->sink_stopped = true;
		return e->rc;
	}
	return r;
}

/* Extracts the text of an open file. */
int
pc_extract_fd(int fd, const char *path, uint64_t size, enum pc_doc_kind kind,
    const struct pc_text_sink *sink, struct pc_extract_result *res)
{
	struct pc_extract_result local;
	struct pc_emit e = { 0 };
	struct pc_text_loc loc = { 0 };
	struct src s = { .fd = fd, .path = path };
	char head[PC_EXTRACT_SNIFF], text[PC_EXTRACT_SNIFF];
	const char *t;
	size_t tlen;
	ssize_t n;
	int r;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof(*res));
	e.sink = sink;
	e.res = res;
	loc.path = path;
	loc.base_line = 1;
	do
		n = pread(fd, head, sizeof(head), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return pc_error_set(PC_EIO, "cannot read %s: %s", path,
		    strerror(errno));
	if (kind == PC_DOC_AUTO) {
		kind = pc_extract_kind(path, head, (size_t)n);
	} else if (kind == PC_DOC_TEXT) {
		t = sniff_text(head, (size_t)n, text, &tlen);
		if (looks_binary(t, tlen))
			kind = PC_DOC_BINARY;
	}
	if ((r = src_encoding(&s, head, (size_t)n, kind)) == 0)
		r = dispatch(&e, &s, size, &loc, kind);
	free(s.raw);
	return finish(&e, r);
}

/* Dispatches bytes in memory at the emitter's nesting depth. */
int
pc_extract_mem_emit(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, enum pc_doc_kind kind)
{
	/* An empty part may come with no buffer at all (found by libFuzzer):
	 * pointer arithmetic on NULL is undefined, so point at "". */
	struct src s = { .fd = -1, .mem = data != NULL ? data : "",
		.memlen = data != NULL ? len : 0, .path = loc->path };
	size_t head = len < PC_EXTRACT_SNIFF ? len : PC_EXTRACT_SNIFF;
	int r;

	if (kind == PC_DOC_AUTO)
		kind = pc_extract_kind(loc->member ? loc->member : loc->path,
		    data, head);
	if (kind == PC_DOC_BINARY)
		return pc_error_set(PC_EPARSE, "%s%s%s: binary content with "
		    "no text extractor; not read", loc->path,
		    loc->member ? " " : "", loc->member ? loc->member : "");
	if ((r = src_encoding(&s, data, head, kind)) != 0)
		return r;
	return dispatch(e, &s, len, loc, kind);
}

/* Extracts the text of bytes in memory. */
int
pc_extract_mem(const char *data, size_t len, const struct pc_text_loc *loc,
    enum pc_doc_kind kind, const struct pc_text_sink *sink,
    struct pc_extract_result *res)
{
	struct pc_extract_result local;
	struct pc_emit e = { 0 };

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof(*res));
	e.sink = sink;
	e.res = res;
	return finish(&e, pc_extract_mem_emit(&e, data, len, loc, kind));
}

/* HTML to text, reporting links. */
int
pc_extract_html(const char *data, size_t len, const struct pc_text_loc *loc,
    const struct pc_text_sink *sink, pc_extract_link_fn link, void *link_arg,
    struct pc_extract_result *res)
{
	struct pc_extract_result local;
	struct pc_emit e = { 0 };

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof(*res));
	e.sink = sink;
	e.res = res;
	res->kind = PC_DOC_HTML;
	return finish(&e, pc_extract_html_emit(&e, data, len, loc, link,
	    link_arg));
}
