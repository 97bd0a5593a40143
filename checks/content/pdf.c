/* PDF documents: the page tree in order, each page's content streams
 * decoded and read as one text unit marked "page N". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "pdf_text.h"

/* The walk over the page tree. */
struct pages {
	struct pdf_doc *d;
	struct pc_emit *e;
	const struct pc_text_loc *at;
	unsigned char *seen; /* page-tree objects visited (a loop) */
	size_t n, chars, unmapped;
};

/* A page's content streams, decoded and joined into b. */
static int
contents(struct pages *w, const struct pdf_obj *page, struct pc_buf *b,
    char *why, size_t whylen)
{
	const struct pdf_obj *c = pdf_rget(w->d, page, "Contents"), *s;
	struct pc_buf one;
	size_t i, n = c != NULL && c->t == PDF_ARRAY ? c->n : 1;
	int r;

	pc_buf_init(b, PC_PDF_MAX_STREAM);
	for (i = 0; c != NULL && i < n; i++) {
		s = c->t == PDF_ARRAY ? pdf_resolve(w->d, &c->items[i]) : c;
		if (s == NULL || s->t != PDF_STREAM)
			continue;
		w->d->why[0] = '\0';
		if ((r = pdf_stream_decode(w->d, s, &one)) != 0) {
			if (r == PC_ELIMIT || r == PC_ENOMEM)
				return r;
			snprintf(why, whylen, "%s", w->d->why);
			continue;
		}
		r = pc_buf_add(b, one.data ? one.data : "", one.len);
		if (r == 0)
			r = pc_buf_add(b, "\n", 1);
		pc_buf_free(&one);
		if (r != 0)
			return pc_error_set(PC_ELIMIT,
			    "%s: a page's content is larger than the %u MiB limit; not read",
			    w->d->path, PC_PDF_MAX_STREAM >> 20);
	}
	return 0;
}

/* Reads one page as a unit. */
static int
page(struct pages *w, const struct pdf_obj *pg, const struct pdf_obj *res)
{
	struct pdf_page p = { .d = w->d, .e = w->e };
	struct pc_text_loc loc = *w->at;
	char where[32], why[200] = "", note[260];
	struct pc_buf b;
	int r;

	if (++w->n > PC_PDF_MAX_PAGES)
		return pc_error_set(PC_ELIMIT,
		    "%s: more than %d pages; not read", w->d->path,
		    PC_PDF_MAX_PAGES);
	snprintf(where, sizeof(where), "page %zu", w->n);
	if ((r = contents(w, pg, &b, why, sizeof(why))) != 0)
		goto out;
	pc_buf_init(&p.text, FLUSH_CAP);
	loc.exact = false;
	loc.lines_exact = false;
	loc.base_line = 1;
	if ((r = pc_emit_begin(w->e, &loc)) == 0 &&
	    (r = pc_emit_mark(
		 w->e, &(struct pc_text_mark){ .locator = where })) == 0 &&
	    (r = pdf_page_text(&p, b.data ? b.data : "", b.len, res)) == 0)
		r = pc_emit_end(w->e);
	pc_buf_free(&p.text);
	w->chars += p.chars;
	if (r == 0 && why[0] != '\0') {
		snprintf(note, sizeof(note), "%s: %s", where, why);
		pc_emit_skip(w->e, note);
	} else if (r == 0 && p.skipped) {
		snprintf(note, sizeof(note),
		    "%s: a form on the page could not be decoded", where);
		pc_emit_skip(w->e, note);
	}
	/* a few symbols (a TeX copyright circle, a bullet) cannot hide an
	 * identifier; a run of glyphs that could is a part not read */
	if (r == 0 && p.unmapped >= PC_PDF_UNMAPPED_NOTE &&
	    w->unmapped++ == 0) {
		snprintf(note, sizeof(note),
		    "%s: %zu characters in a font without a Unicode map could not be read",
		    where, p.unmapped);
		pc_emit_skip(w->e, note);
	}
out:
	pc_buf_free(&b);
	return r;
}

/* Walks a page-tree node; res is the inherited /Resources. */
static int
walk(struct pages *w, const struct pdf_obj *ref, const struct pdf_obj *res,
    int depth)
{
	const struct pdf_obj *node, *kids, *own;
	size_t i;
	int r = 0;

	if (ref != NULL && ref->t == PDF_REF) {
		if (ref->ref >= w->d->nx || w->seen[ref->ref])
			return 0; /* absent, or a loop in the tree */
		w->seen[ref->ref] = 1;
	}
	node = pdf_resolve(w->d, ref);
	if (node == NULL || node->t != PDF_DICT || depth > PC_PDF_MAX_DEPTH)
		return 0;
	own = pdf_rget(w->d, node, "Resources");
	if (own != NULL && own->t == PDF_DICT)
		res = own;
	kids = pdf_rget(w->d, node, "Kids");
	if (kids != NULL && kids->t == PDF_ARRAY &&
	    !pdf_is_name(pdf_dict_get(node, "Type"), "Page")) {
		for (i = 0; i < kids->n && r == 0; i++)
			r = walk(w, &kids->items[i], res, depth + 1);
		return r;
	}
	return page(w, node, res);
}

/* Extracts the text of a PDF in memory. */
int
pc_extract_pdf(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *at)
{
	struct pages w = { .e = e, .at = at };
	const struct pdf_obj *root;
	struct pdf_doc d;
	int r;

	if ((r = pdf_doc_open(&d, data, len, at->path)) != 0) {
		pdf_doc_close(&d);
		return r;
	}
	w.d = &d;
	root = pdf_rget(&d, d.trailer, "Root");
	if ((w.seen = calloc(d.nx + 1, 1)) == NULL) {
		pdf_doc_close(&d);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	r = walk(&w, pdf_dict_get(root, "Pages"), NULL, 0);
	if (r == 0 && w.n > 0) {
		memset(w.seen, 0, d.nx + 1);
		r = pdf_form_fields(&d, e, at, w.seen);
	}
	if (r == 0 && w.n == 0)
		r = pc_error_set(PC_EPARSE,
		    "%s: damaged PDF: no pages found; not read", at->path);
	else if (r == 0 && w.chars == 0 && w.unmapped == 0)
		pc_emit_skip(e,
		    "the PDF has no text layer (scanned pages or images only); its images were not read");
	free(w.seen);
	pdf_doc_close(&d);
	return r;
}
