/* Shared by the extractors in this folder (not for other folders). */
#ifndef PC_CONTENT_EXTRACT_INT_H
#define PC_CONTENT_EXTRACT_INT_H

#include "extract.h"

#include <sys/types.h>

#include "agent/lib/buf.h"
#include "utf16.h"

struct pc_zip;
struct pc_emit;

#define CHUNK            65536
#define CSV_MAX_COLS     256
#define CSV_MAX_NAME     96
#define JSON_MAX_DEPTH   64
#define JSONL_MAX_LINE   (1u << 20)
#define XLSX_MAX_STRINGS 1000000

/*
 * A byte source (src.c): a file descriptor or memory. A file with a
 * UTF-16 BOM is decoded to UTF-8 chunk by chunk, so every extractor reads
 * it like any other text (offsets are then within the decoded text: units
 * are not exact). A UTF-8 BOM is skipped except for plain text, which
 * stays exact (the matcher ignores U+FEFF).
 */
struct src {
	int fd;
	const char *mem;
	size_t memlen;
	uint64_t off;
	const char *path;
	bool utf16; /* decode from UTF-16 */
	bool eof;   /* utf16: the raw bytes have ended */
	struct pc_utf16 dec;
	char *raw;        /* utf16 from a file: undecoded bytes (CHUNK) */
	const char *rawp; /* undecoded bytes: raw or in mem */
	size_t raw_len, raw_pos;
};

/* src.c: does reading the source need a buffer of the caller's? */
bool pc_src_copies(const struct src *s);
/* src.c: reads the next raw chunk (up to cap bytes); 0 at the end. */
ssize_t pc_src_read(struct src *s, char *buf, size_t cap, const char **p_out);
/* src.c: reads the next chunk of text (decoded); 0 at the end. */
ssize_t pc_src_next(struct src *s, char *buf, size_t cap, const char **p_out);
/* src.c: sets the source up for the encoding a BOM in head announces. */
int pc_src_encoding(
    struct src *s, const char *head, size_t n, enum pc_doc_kind kind);
/* src.c: reads the whole source into out (capped) for document parsers. */
int pc_src_slurp(
    struct src *s, struct pc_buf *out, size_t cap, const char *what);

/* damaged.c: a PC_EPARSE r from the reader of kind marks res->damaged
 * and is reworded "damaged or not understood PDF: ..."; returns r. */
int pc_extract_damaged(struct pc_extract_result *res, const char *path,
    enum pc_doc_kind kind, int r);

/* sniff.c: does path end with ext (case-insensitive)? */
bool pc_extract_ends_with(const char *path, const char *ext);
/* sniff.c: is the head a PDF's ("%PDF-" in its first 1024 bytes)? */
bool pc_extract_is_pdf(const char *head, size_t n);
/* sniff.c: is the head binary (NUL bytes or mostly control characters)? */
bool pc_extract_looks_binary(const char *h, size_t n);

/* sniff.c: the text of a head, UTF-16 decoded into out when it has a BOM. */
const char *pc_extract_sniff_text(
    const char *head, size_t n, char *out, size_t *len_out);

/* csv.c: CSV/TSV rows from the source, one unit each. */
int pc_extract_csv(
    struct pc_emit *e, struct src *s, const struct pc_text_loc *at);
/* json.c: a JSON document in memory. */
int pc_extract_json_mem(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *at);
/* json.c: is a JSON file JSON Lines (a second value after the first
 * line)? */
bool pc_json_is_lines(const char *data, size_t len);
/* json.c: JSON Lines from the source, each line a record. */
int pc_extract_jsonl(
    struct pc_emit *e, struct src *s, const struct pc_text_loc *at);
/* xlsx_sheets.c: the tab name of worksheet member, or "" (into out). */
void pc_xlsx_sheet_name(
    struct pc_zip *z, const char *member, char *out, size_t n);
/* office.c: a docx/xlsx/pptx/odt/ods/odp document (fd, or mem). */
int pc_extract_office(struct pc_emit *e, int fd, const char *mem, uint64_t size,
    const struct pc_text_loc *at);

/* pdf.c: a PDF document in memory, a unit per page. */
int pc_extract_pdf(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *at);

/*
 * Wraps the caller's sink: remembers the sink's first nonzero return (so
 * a parse error and a stop by the matcher stay distinguishable) and
 * whether a unit is open (so an error path can still close it).
 */
struct pc_emit {
	const struct pc_text_sink *sink;
	struct pc_extract_result *res;
	int rc;
	bool open;
	int depth;   /* mail/attachment nesting */
	int in_mail; /* >0: extracting a decoded mail part (not file bytes) */
};

/*
 * Are the source's bytes the document's own (a file, or memory its
 * caller handed over), not a decoded mail part? Only then can offsets
 * into them be reported as the file's.
 */
static inline bool
pc_src_own(const struct pc_emit *e, const struct src *s)
{
	return s->fd >= 0 || e->in_mail == 0;
}

int pc_emit_begin(struct pc_emit *e, const struct pc_text_loc *loc);
int pc_emit_data(struct pc_emit *e, const char *p, size_t len);
int pc_emit_str(struct pc_emit *e, const char *s);
int pc_emit_end(struct pc_emit *e);
/* Marks the open unit's next byte (see struct pc_text_mark). */
int pc_emit_mark(struct pc_emit *e, const struct pc_text_mark *mk);
/* Records a part that was not read (first reason kept). */
void pc_emit_skip(struct pc_emit *e, const char *reason);

/* Dispatches bytes in memory by kind, at nesting depth e->depth. */
int pc_extract_mem_emit(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, enum pc_doc_kind kind);

/* Mail extractors (mime.c). fd >= 0: stream from the file. */
int pc_extract_mail_fd(struct pc_emit *e, int fd, const char *path, bool mbox);
int pc_extract_mail_mem(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, bool mbox);

/* HTML to text into an open emitter (one unit). */
int pc_extract_html_emit(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, pc_extract_link_fn link, void *link_arg);

#endif
