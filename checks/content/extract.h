/* Text extraction: files of each type -> text units for a pc_text_sink. */
#ifndef PC_CONTENT_EXTRACT_H
#define PC_CONTENT_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text.h"

/*
 * Document kinds. AUTO decides from the name and the first bytes. The
 * unit shapes (what the matcher sees) are described in README.md:
 * plain text / Markdown: the whole file as one exact unit; CSV and xlsx:
 * one unit per row (a record); JSON: one unit per element of a top-level
 * array of objects (a record); mail: one unit for the headers and one per
 * text part or attachment; HTML and docx/odt: one unit per document.
 */
enum pc_doc_kind {
	PC_DOC_AUTO = 0,
	PC_DOC_TEXT,
	PC_DOC_CSV,
	PC_DOC_HTML,
	PC_DOC_JSON,
	PC_DOC_JSONL,
	PC_DOC_EML,
	PC_DOC_MBOX,
	PC_DOC_OFFICE, /* docx, xlsx, odt, ods, odp: zip + XML */
	PC_DOC_PDF,    /* PDF: the text of each page */
	PC_DOC_BINARY, /* no extractor: skipped */
};

/*
 * The document kind a config source's kind ("mbox", "maildir", "eml",
 * "csv", "json", "files", ...) implies: AUTO, judged by name and content,
 * for a folder of files or a kind with no fixed format. Shared by every
 * check that reads sources.
 */
enum pc_doc_kind pc_doc_kind_of_source(const char *kind);

/* Caps for whole-document parsers (streaming ones have none). */
#define PC_EXTRACT_MAX_DOC        (32u << 20) /* HTML / JSON read into memory */
#define PC_EXTRACT_MAX_PART       (32u << 20) /* one decoded mail part */
#define PC_EXTRACT_MAX_MIME_DEPTH 32          /* nested multiparts/messages */
#define PC_EXTRACT_MAX_MESSAGES   1000000     /* messages in one mbox */
#define PC_EXTRACT_SNIFF          8192 /* bytes examined for type/binary */

/* What happened to one file, beyond the return code. */
struct pc_extract_result {
	enum pc_doc_kind kind; /* what it was read as */
	bool sink_stopped;     /* the return value is the sink's */
	size_t units;          /* units handed to the sink */
	size_t messages;       /* mail messages read */
	size_t parts_skipped;  /* parts/members not read (caps, damage) */
	char note[256];        /* first skipped part's reason, or "" */
	bool damaged; /* PC_EPARSE from a reader of its kind (a truncated
			 PDF, a broken zip): not read, not a skip */
};

/*
 * Was the extraction that returned r (with res) of content that should
 * have been read and was not: over a limit (PC_ELIMIT), locked
 * (PC_EPERM: an encrypted PDF or Office file) or damaged (res->damaged)?
 * Callers report it as not read (exposure and threats: a
 * content_not_scanned finding; inspect: exit 2), never as a file skipped
 * by design (a binary file no reader claims).
 */
bool pc_extract_not_read(int r, const struct pc_extract_result *res);

/* A link found in HTML (for the crawler). */
typedef void (*pc_extract_link_fn)(void *arg, const char *href);

/* The kind for a file name and its first bytes (head may be NULL). */
enum pc_doc_kind pc_extract_kind(
    const char *path, const char *head, size_t headlen);

/* Short lower-case name of a kind ("csv", "mbox"). */
const char *pc_extract_kind_name(enum pc_doc_kind kind);

/*
 * Extracts the text of the open file fd (size bytes, at path) as kind
 * (AUTO: decided here) into sink. Streams plain text, CSV and mbox so
 * memory stays flat; whole-document formats are capped. Returns 0, a
 * negative pc_err with detail when the file cannot be understood or is
 * binary (the caller lists it as skipped with that reason), or the
 * sink's nonzero value (res->sink_stopped set).
 */
int pc_extract_fd(int fd, const char *path, uint64_t size,
    enum pc_doc_kind kind, const struct pc_text_sink *sink,
    struct pc_extract_result *res);

/*
 * The same for bytes in memory (a mail attachment, a fetched web page, a
 * fuzz input); loc gives path/message_id/member for the units.
 */
int pc_extract_mem(const char *data, size_t len, const struct pc_text_loc *loc,
    enum pc_doc_kind kind, const struct pc_text_sink *sink,
    struct pc_extract_result *res);

/*
 * HTML to text: text nodes (script/style dropped), attributes people read
 * or click (href with mailto:/tel:, title, alt, content, value), one unit
 * for the page. Calls link(arg, href) for each <a href> (may be NULL).
 */
int pc_extract_html(const char *data, size_t len, const struct pc_text_loc *loc,
    const struct pc_text_sink *sink, pc_extract_link_fn link, void *link_arg,
    struct pc_extract_result *res);

#endif
