/* One PDF page's text (pdf_text.c), read by pdf.c. */
#ifndef PC_CONTENT_PDF_TEXT_H
#define PC_CONTENT_PDF_TEXT_H

#include "extract_int.h"
#include "pdf_int.h"

#define FLUSH_CAP (1u << 20) /* a page's text held before it is handed on */

/* A page being read: its text goes to the emitter's open unit. */
struct pdf_page {
	struct pdf_doc *d;
	struct pc_emit *e;
	struct pc_buf text; /* not yet handed to the emitter */
	char last;          /* the last byte put (0: none yet) */
	size_t chars;       /* text bytes from glyphs */
	size_t unmapped;    /* glyphs with no Unicode text */
	bool skipped;       /* a form's content could not be decoded */
};

/*
 * Interprets content stream bytes p/n with resources res: text
 * operators become text, a line per line of the page, a space where
 * the pen jumps (Td/TD/Tm/T* moves and TJ gaps). Returns 0, the
 * emitter's stop, PC_ELIMIT (a bomb) or PC_ENOMEM.
 */
int pdf_page_text(
    struct pdf_page *pg, const char *p, size_t n, const struct pdf_obj *res);

/*
 * Emits the values of the document's AcroForm fields ("Full name: ...",
 * marked "form field 'Full name'") as one unit after the pages; seen is
 * a cleared byte per object number (loops in the field tree).
 */
int pdf_form_fields(struct pdf_doc *d, struct pc_emit *e,
    const struct pc_text_loc *at, unsigned char *seen);

#endif
