/* A filled-in PDF form's values (AcroForm fields): a constituent's form
 * holds what they typed in its fields, not in the page content. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "pdf_text.h"

#define FORM_MAX_FIELDS 10000
#define FORM_MAX_DEPTH  16
#define FORM_NAME       200

/* The walk over the field tree. */
struct form {
	struct pdf_doc *d;
	struct pc_emit *e;
	const struct pc_text_loc *at;
	unsigned char *seen;
	size_t fields;
	bool open;
	struct pc_buf text; /* a value decoded to UTF-8 */
};

/* A PDF text string (UTF-16BE or UTF-8 with a BOM, else PDFDocEncoding
 * taken as Latin-1) as UTF-8 into b. */
static int
text_string(const struct pdf_obj *s, struct pc_buf *b)
{
	const unsigned char *p = (const unsigned char *)s->str;
	char u[4];
	uint32_t cp, lo;
	size_t i;
	int r = 0;

	pc_buf_reset(b);
	if (s->len >= 2 && p[0] == 0xfe && p[1] == 0xff) {
		for (i = 2; i + 1 < s->len && r == 0; i += 2) {
			cp = (uint32_t)p[i] << 8 | p[i + 1];
			if (cp >= 0xd800 && cp < 0xdc00 && i + 3 < s->len &&
			    (lo = (uint32_t)p[i + 2] << 8 | p[i + 3]) >=
				0xdc00 &&
			    lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			}
			if (cp >= 0x20 || cp == '\t')
				r = pc_buf_add(b, u, pdf_utf8(cp, u));
		}
		return r;
	}
	if (s->len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return pc_buf_add(b, p + 3, s->len - 3);
	for (i = 0; i < s->len && r == 0; i++)
		if (p[i] >= 0x20 || p[i] == '\t')
			r = pc_buf_add(b, u, pdf_utf8(p[i], u));
	return r;
}

/* Emits "name: value" for a field with a string value. */
static int
value(struct form *f, const char *name, const struct pdf_obj *v)
{
	char where[FORM_NAME + 16];
	int r;

	if (v == NULL || v->t != PDF_STR || v->len == 0)
		return 0;
	if (!f->open) {
		struct pc_text_loc loc = *f->at;

		loc.exact = false;
		loc.lines_exact = false;
		loc.base_line = 1;
		if ((r = pc_emit_begin(f->e, &loc)) != 0)
			return r;
		f->open = true;
	}
	if (text_string(v, &f->text) != 0)
		return pc_error_set(PC_ENOMEM, "out of memory");
	snprintf(where, sizeof(where), "form field '%s'", name);
	if ((r = pc_emit_mark(
		 f->e, &(struct pc_text_mark){ .locator = where })) != 0 ||
	    (r = pc_emit_str(f->e, name)) != 0 ||
	    (r = pc_emit_str(f->e, ": ")) != 0 ||
	    (r = pc_emit_data(
		 f->e, f->text.data ? f->text.data : "", f->text.len)) != 0)
		return r;
	return pc_emit_str(f->e, "\n");
}

/* A field and its kids; parent is the full name so far. */
static int
field(struct form *f, const struct pdf_obj *ref, const char *parent, int depth)
{
	const struct pdf_obj *fd, *t, *v, *kids;
	char name[FORM_NAME];
	size_t i;
	int r = 0;

	if (ref != NULL && ref->t == PDF_REF) {
		if (ref->ref >= f->d->nx || f->seen[ref->ref])
			return 0;
		f->seen[ref->ref] = 1;
	}
	fd = pdf_resolve(f->d, ref);
	if (fd == NULL || fd->t != PDF_DICT || depth > FORM_MAX_DEPTH ||
	    ++f->fields > FORM_MAX_FIELDS)
		return 0;
	t = pdf_rget(f->d, fd, "T");
	if (t != NULL && t->t == PDF_STR && text_string(t, &f->text) == 0)
		snprintf(name, sizeof(name), "%s%s%.*s", parent,
		    parent[0] ? "." : "", (int)f->text.len,
		    f->text.data ? f->text.data : "");
	else
		snprintf(name, sizeof(name), "%s", parent);
	v = pdf_rget(f->d, fd, "V");
	if (v != NULL && v->t == PDF_ARRAY) {
		for (i = 0; i < v->n && r == 0; i++)
			r = value(f, name, pdf_resolve(f->d, &v->items[i]));
	} else {
		r = value(f, name, v);
	}
	kids = pdf_rget(f->d, fd, "Kids");
	for (i = 0;
	     r == 0 && kids != NULL && kids->t == PDF_ARRAY && i < kids->n; i++)
		r = field(f, &kids->items[i], name, depth + 1);
	return r;
}

/* Emits the values of the document's form fields as one unit. */
int
pdf_form_fields(struct pdf_doc *d, struct pc_emit *e,
    const struct pc_text_loc *at, unsigned char *seen)
{
	const struct pdf_obj *root = pdf_rget(d, d->trailer, "Root");
	const struct pdf_obj *acro = pdf_rget(d, root, "AcroForm");
	const struct pdf_obj *fields = pdf_rget(d, acro, "Fields");
	struct form f = { .d = d, .e = e, .at = at, .seen = seen };
	size_t i;
	int r = 0;

	if (fields == NULL || fields->t != PDF_ARRAY)
		return 0;
	pc_buf_init(&f.text, 1u << 20);
	for (i = 0; i < fields->n && r == 0; i++)
		r = field(&f, &fields->items[i], "", 0);
	if (r == 0 && f.open)
		r = pc_emit_end(e);
	pc_buf_free(&f.text);
	return r;
}
