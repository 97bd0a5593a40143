/* Text extraction: files of each type -> text units for a pc_text_sink. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "utf16.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"
#include "pdf_int.h"

/* Streams the whole source as one exact unit. */
static int
extract_text(struct pc_emit *e, struct src *s, const struct pc_text_loc *at)
{
	struct pc_text_loc loc = *at;
	char *buf = NULL;
	const char *p;
	ssize_t n;
	int r;

	/*
	 * Exact only when the bytes are the file's own: a file read
	 * directly, or memory its caller says is the file (not a decoded
	 * mail part); decoded offsets do not map back.
	 */
	loc.exact = pc_src_own(e, s) && !s->utf16;
	loc.lines_exact = pc_src_own(e, s); /* a decoded newline stays one */
	if (pc_src_copies(s) && (buf = malloc(CHUNK)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = pc_emit_begin(e, &loc)) != 0)
		goto out;
	while ((n = pc_src_next(s, buf, CHUNK, &p)) > 0)
		if ((r = pc_emit_data(e, p, (size_t)n)) != 0)
			goto out;
	r = n < 0 ? (int)n : 0;
	if (r == 0)
		r = pc_emit_end(e);
out:
	free(buf);
	return r;
}

/* JSON Lines already read into doc: from the file again when it can
 * be (so offsets are the file's), else from the decoded bytes. */
static int
json_lines_again(struct pc_emit *e, struct src *s, uint64_t start,
    struct pc_buf *doc, const struct pc_text_loc *loc)
{
	struct src ms = {
		.fd = -1, .mem = doc->data, .memlen = doc->len, .path = s->path
	};
	int r;

	e->res->kind = PC_DOC_JSONL;
	if (!s->utf16) {
		pc_buf_free(doc);
		s->off = start;
		return pc_extract_jsonl(e, s, loc);
	}
	e->in_mail++; /* decoded bytes: never the file's own offsets */
	r = pc_extract_jsonl(e, &ms, loc);
	e->in_mail--;
	pc_buf_free(doc);
	return r;
}

/* A JSON document, or JSON Lines found by their content. */
static int
extract_json(struct pc_emit *e, struct src *s, const struct pc_text_loc *loc)
{
	struct pc_text_loc raw = *loc;
	uint64_t start = s->off;
	struct pc_buf doc;
	int r;

	/* a file's own bytes (not decoded): JSON values can be located */
	raw.exact = pc_src_own(e, s) && !s->utf16;
	raw.base_offset = s->off;
	if (!pc_src_copies(s)) {
		if (pc_json_is_lines(s->mem + s->off, s->memlen - s->off)) {
			e->res->kind = PC_DOC_JSONL;
			return pc_extract_jsonl(e, s, loc);
		}
		return pc_extract_json_mem(
		    e, s->mem + s->off, s->memlen - s->off, &raw);
	}
	if ((r = pc_src_slurp(s, &doc, PC_EXTRACT_MAX_DOC, "json")) != 0)
		return r;
	if (pc_json_is_lines(doc.data, doc.len))
		return json_lines_again(e, s, start, &doc, loc);
	r = pc_extract_json_mem(e, doc.data, doc.len, &raw);
	pc_buf_free(&doc);
	return r;
}

/* Runs the extractor for kind on a source. */
static int
dispatch(struct pc_emit *e, struct src *s, uint64_t size,
    const struct pc_text_loc *loc, enum pc_doc_kind kind)
{
	struct pc_text_loc raw;
	struct pc_buf doc;
	int r;

	e->res->kind = kind;
	switch (kind) {
	case PC_DOC_TEXT: return extract_text(e, s, loc);
	case PC_DOC_CSV: return pc_extract_csv(e, s, loc);
	case PC_DOC_JSONL: return pc_extract_jsonl(e, s, loc);
	case PC_DOC_OFFICE:
		return pc_extract_office(e, s->fd, s->mem, size, loc);
	case PC_DOC_PDF:
		/* objects are found by offset: the file is read whole */
		if (!pc_src_copies(s))
			return pc_extract_pdf(
			    e, s->mem + s->off, s->memlen - s->off, loc);
		if ((r = pc_src_slurp(s, &doc, PC_PDF_MAX_FILE, "PDF")) != 0)
			return r;
		r = pc_extract_pdf(e, doc.data, doc.len, loc);
		pc_buf_free(&doc);
		return r;
	case PC_DOC_EML:
	case PC_DOC_MBOX:
		if (s->fd >= 0 && s->off == 0 && !s->utf16)
			return pc_extract_mail_fd(
			    e, s->fd, s->path, kind == PC_DOC_MBOX);
		if (!pc_src_copies(s))
			return pc_extract_mail_mem(e, s->mem + s->off,
			    s->memlen - s->off, loc, kind == PC_DOC_MBOX);
		/* mail behind a BOM: rare; read decoded, capped */
		if ((r = pc_src_slurp(s, &doc, PC_EXTRACT_MAX_DOC,
			 "mail file with a byte order mark")) != 0)
			return r;
		r = pc_extract_mail_mem(
		    e, doc.data, doc.len, loc, kind == PC_DOC_MBOX);
		pc_buf_free(&doc);
		return r;
	case PC_DOC_JSON:
		/* a source of kind json may hold JSON Lines */
		if (pc_extract_ends_with(s->path ? s->path : "", ".jsonl") ||
		    pc_extract_ends_with(s->path ? s->path : "", ".ndjson")) {
			e->res->kind = PC_DOC_JSONL;
			return pc_extract_jsonl(e, s, loc);
		}
		return extract_json(e, s, loc);
	case PC_DOC_HTML:
		/* a file's own bytes (not decoded): HTML lines are its lines */
		raw = *loc;
		raw.exact = pc_src_own(e, s) && !s->utf16;
		raw.base_offset = s->off;
		if (!pc_src_copies(s))
			return pc_extract_html_emit(e, s->mem + s->off,
			    s->memlen - s->off, &raw, NULL, NULL);
		if ((r = pc_src_slurp(s, &doc, PC_EXTRACT_MAX_DOC, "html")) !=
		    0)
			return r;
		r = pc_extract_html_emit(
		    e, doc.data, doc.len, &raw, NULL, NULL);
		pc_buf_free(&doc);
		return r;
	default:
		return pc_error_set(PC_EPARSE,
		    "%s: binary file with no text extractor; not read",
		    s->path);
	}
}

/* Finishes a top-level extraction: closes a unit left open, sorts codes
 * (a file its reader could not parse is damaged, not skipped). */
static int
finish(struct pc_emit *e, const char *path, enum pc_doc_kind kind, int r)
{
	if (e->open)
		(void)pc_emit_end(e);
	if (e->rc != 0) {
		e->res->sink_stopped = true;
		return e->rc;
	}
	return pc_extract_damaged(e->res, path, kind, r);
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
		return pc_error_set(
		    PC_EIO, "cannot read %s: %s", path, strerror(errno));
	if (kind == PC_DOC_AUTO) {
		kind = pc_extract_kind(path, head, (size_t)n);
	} else if (kind == PC_DOC_TEXT) {
		t = pc_extract_sniff_text(head, (size_t)n, text, &tlen);
		if (pc_extract_looks_binary(t, tlen))
			kind = PC_DOC_BINARY;
	}
	if ((r = pc_src_encoding(&s, head, (size_t)n, kind)) == 0)
		r = dispatch(&e, &s, size, &loc, kind);
	free(s.raw);
	return finish(&e, path, kind, r);
}

/* Dispatches bytes in memory at the emitter's nesting depth. */
int
pc_extract_mem_emit(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, enum pc_doc_kind kind)
{
	/* An empty part may come with no buffer at all (found by libFuzzer):
	 * pointer arithmetic on NULL is undefined, so point at "". */
	struct src s = { .fd = -1,
		.mem = data != NULL ? data : "",
		.memlen = data != NULL ? len : 0,
		.path = loc->path };
	size_t head = len < PC_EXTRACT_SNIFF ? len : PC_EXTRACT_SNIFF;
	int r;

	if (kind == PC_DOC_AUTO)
		kind = pc_extract_kind(
		    loc->member ? loc->member : loc->path, data, head);
	if (kind == PC_DOC_BINARY)
		return pc_error_set(PC_EPARSE,
		    "%s%s%s: binary content with no text extractor; not read",
		    loc->path, loc->member ? " " : "",
		    loc->member ? loc->member : "");
	if ((r = pc_src_encoding(&s, data, head, kind)) != 0)
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
	if (kind == PC_DOC_AUTO) /* as pc_extract_mem_emit will */
		kind = pc_extract_kind(loc->member ? loc->member : loc->path,
		    data, len < PC_EXTRACT_SNIFF ? len : PC_EXTRACT_SNIFF);
	return finish(
	    &e, loc->path, kind, pc_extract_mem_emit(&e, data, len, loc, kind));
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
	return finish(&e, loc->path, PC_DOC_HTML,
	    pc_extract_html_emit(&e, data, len, loc, link, link_arg));
}
