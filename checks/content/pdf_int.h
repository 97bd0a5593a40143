/* The PDF reader's parts (pdf_obj.c, pdf_doc.c, pdf_filter.c, pdf_font.c,
 * pdf_text.c); not for other folders. */
#ifndef PC_CONTENT_PDF_INT_H
#define PC_CONTENT_PDF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent/lib/buf.h"

/* Caps against hostile files (each a refusal or a skipped part). */
#define PC_PDF_MAX_FILE      (64u << 20)  /* a PDF is read whole, up to this */
#define PC_PDF_MAX_OBJECTS   1000000      /* object numbers */
#define PC_PDF_MAX_DEPTH     32           /* nested arrays/dictionaries */
#define PC_PDF_MAX_ITEMS     (1u << 20)   /* elements in one array/dict */
#define PC_PDF_MAX_STREAM    (64u << 20)  /* one decoded stream */
#define PC_PDF_MAX_TOTAL     (256u << 20) /* all decoded streams of a file */
#define PC_PDF_MAX_RATIO     100          /* decoded / encoded bytes */
#define PC_PDF_RATIO_AFTER   (1u << 20)   /* ratio enforced past this size */
#define PC_PDF_MAX_ARENA     (128u << 20) /* parsed objects' memory */
#define PC_PDF_MAX_PAGES     100000
#define PC_PDF_MAX_XREFS     64  /* /Prev sections followed */
#define PC_PDF_MAX_FORMS     8   /* form XObjects inside each other */
#define PC_PDF_MAX_RESOLVE   24  /* references resolved inside each other */
#define PC_PDF_MAX_FONTS     512 /* fonts remembered per document */
#define PC_PDF_UNMAPPED_NOTE 6   /* glyphs without text on a page: noted */

enum pdf_type {
	PDF_NULL = 0,
	PDF_BOOL,
	PDF_NUM,
	PDF_NAME,
	PDF_STR,
	PDF_ARRAY,
	PDF_DICT,
	PDF_REF,
	PDF_STREAM, /* dict in items; raw bytes in str/len */
	PDF_OP,     /* a content-stream operator (name in str) */
};

/*
 * A parsed object, in the document's arena. Arrays: n items. Dicts and
 * streams: n pairs, items[2i] the key (a name), items[2i+1] the value.
 * Names and strings: len bytes at str (NUL-terminated; escapes undone).
 */
struct pdf_obj {
	enum pdf_type t;
	bool b;
	double num;
	uint32_t ref, gen; /* PDF_REF */
	const char *str;
	size_t len;
	struct pdf_obj *items;
	size_t n;
};

/* A bump allocator: everything parsed for one document, freed at once. */
struct pdf_arena {
	struct pdf_block *head;
	size_t used; /* bytes in all blocks, for PC_PDF_MAX_ARENA */
};

void *pdf_alloc(struct pdf_arena *a, size_t n);
void pdf_arena_free(struct pdf_arena *a);

/* A lexer over bytes (a file, an object stream, a content stream). */
struct pdf_lex {
	const unsigned char *p;
	size_t len, pos;
	struct pdf_arena *a;
	bool content; /* operators allowed, no references */
};

/*
 * Parses the next object (pdf_obj.c). Returns 0 and *out, PC_EPARSE
 * (damage or end of input; the error slot is not set: the caller names
 * the file), PC_ELIMIT (depth, size) or PC_ENOMEM.
 */
int pdf_parse(struct pdf_lex *l, struct pdf_obj **out);
/* Skips whitespace and comments; true when bytes are left. */
bool pdf_skip_ws(struct pdf_lex *l);
/* Is c PDF whitespace or a delimiter? */
bool pdf_is_ws(int c);
bool pdf_is_delim(int c);
/* Reads an unsigned integer token at the position (moves past it). */
bool pdf_read_uint(struct pdf_lex *l, uint64_t *out);
/* Is the keyword kw at the position (followed by a delimiter)? */
bool pdf_at_keyword(const struct pdf_lex *l, const char *kw);

/* Value of key in a dict or stream (not resolved), or NULL. */
const struct pdf_obj *pdf_dict_get(const struct pdf_obj *d, const char *key);
/* Is o the name s? */
bool pdf_is_name(const struct pdf_obj *o, const char *s);

/* One entry of the cross-reference table. */
struct pdf_xent {
	uint8_t type; /* 0 none, 1 at offset, 2 in an object stream */
	bool busy;    /* being resolved (a loop) */
	bool tried;   /* parse attempted (obj may still be NULL) */
	uint64_t off; /* type 1: offset; type 2: the object stream's number */
	uint32_t idx; /* type 2: index in the stream */
	struct pdf_obj *obj;
};

/* A document. */
struct pdf_doc {
	const unsigned char *data;
	size_t len;
	const char *path;
	struct pdf_arena arena;
	struct pdf_xent *x;
	size_t nx;
	const struct pdf_obj *trailer;
	bool repaired; /* the objects were found by scanning the file */
	bool encrypted;
	int depth;        /* references being resolved */
	uint64_t decoded; /* bytes decoded so far, for PC_PDF_MAX_TOTAL */
	char why[160];    /* a stream not decoded: why (for the skip note) */
	struct pdf_fontcache *fonts;
};

/* pdf_doc.c: records where object num is (override: a repair's find). */
int pdf_set_x(struct pdf_doc *d, uint64_t num, uint8_t type, uint64_t off,
    uint32_t idx, bool override);
/* pdf_doc.c: registers the members of object stream num. */
void pdf_objstm_register(struct pdf_doc *d, uint64_t num);
/* pdf_repair.c: finds objects and the trailer by scanning the file. */
void pdf_repair(struct pdf_doc *d);

/* pdf_doc.c: finds the objects and the trailer; refuses encrypted
 * files. Errors are set (naming the file). */
int pdf_doc_open(
    struct pdf_doc *d, const char *data, size_t len, const char *path);
void pdf_doc_close(struct pdf_doc *d);
/* Object number num, or NULL when absent or damaged. */
const struct pdf_obj *pdf_get(struct pdf_doc *d, uint64_t num);
/* o with a reference followed (NULL stays NULL). */
const struct pdf_obj *pdf_resolve(struct pdf_doc *d, const struct pdf_obj *o);
/* Resolved value of key in dict d. */
const struct pdf_obj *pdf_rget(
    struct pdf_doc *d, const struct pdf_obj *dict, const char *key);

/*
 * pdf_filter.c: the decoded bytes of a stream into out (initialised
 * here). PC_EPARSE with d->why set for a filter that is not read or
 * damaged data; PC_ELIMIT (error set) for a bomb.
 */
int pdf_stream_decode(
    struct pdf_doc *d, const struct pdf_obj *stm, struct pc_buf *out);

/* A font's map from codes to text (pdf_font.c). */
struct pdf_font;
/* The font for a font dictionary (cached per object); never NULL except
 * out of memory. */
struct pdf_font *pdf_font_get(struct pdf_doc *d, const struct pdf_obj *fref);
/* Free every cached font of the document. */
void pdf_fonts_free(struct pdf_doc *d);
/*
 * Decodes the next character code of s (at *pos, moving it): its
 * Unicode text as UTF-8 into out (up to 32 bytes; may be empty), its
 * width in glyph space (thousandths of an em) and whether it is the
 * single-byte code 32 (word spacing applies). Returns 0 at the end, 1
 * for a glyph, 2 for a glyph with no Unicode text (unmapped).
 */
int pdf_font_next(struct pdf_font *f, const unsigned char *s, size_t len,
    size_t *pos, char *out, size_t *outlen, double *width, bool *space);

/* pdf_cmap.c: a ToUnicode CMap (codespaces and bfchar/bfrange). */
struct pdf_cmap;
struct pdf_cmap *pdf_cmap_parse(const unsigned char *p, size_t len);
void pdf_cmap_free(struct pdf_cmap *m);
/* Code length at s by the codespace ranges (0: none declared). */
size_t pdf_cmap_code_len(
    const struct pdf_cmap *m, const unsigned char *s, size_t len);
/* Unicode code points for code (up to max); count, 0 when unmapped. */
size_t pdf_cmap_lookup(
    const struct pdf_cmap *m, uint32_t code, uint32_t *cps, size_t max);

/* Appends code point cp as UTF-8 to out (at least 4 bytes free). */
size_t pdf_utf8(uint32_t cp, char *out);

#endif
