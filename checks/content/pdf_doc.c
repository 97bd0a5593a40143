/* A PDF document's objects: cross-reference tables and streams, object
 * streams, and a repair scan for "N G obj" when the table is broken. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "pdf_int.h"

/* Makes room for object numbers below n (capped). */
static int
ensure_x(struct pdf_doc *d, uint64_t n)
{
	struct pdf_xent *grown;
	size_t want;

	if (n <= d->nx)
		return 0;
	if (n > PC_PDF_MAX_OBJECTS)
		return PC_ELIMIT;
	want = d->nx ? d->nx : 64;
	while (want < n)
		want *= 2;
	if (want > PC_PDF_MAX_OBJECTS)
		want = PC_PDF_MAX_OBJECTS;
	if ((grown = realloc(d->x, want * sizeof(*grown))) == NULL)
		return PC_ENOMEM;
	memset(grown + d->nx, 0, (want - d->nx) * sizeof(*grown));
	d->x = grown;
	d->nx = want;
	return 0;
}

/* Records where object num is, unless a newer section said already. */
int
pdf_set_x(struct pdf_doc *d, uint64_t num, uint8_t type, uint64_t off,
    uint32_t idx, bool override)
{
	int r;

	if (num >= PC_PDF_MAX_OBJECTS)
		return 0; /* ignored: never referenced within the cap */
	if ((r = ensure_x(d, num + 1)) != 0)
		return r;
	if (d->x[num].type != 0 && !override)
		return 0;
	if (d->x[num].tried) {
		if (d->x[num].obj != NULL)
			return 0;
		d->x[num].tried = false; /* a repair may find it now */
	}
	d->x[num].type = type;
	d->x[num].off = off;
	d->x[num].idx = idx;
	return 0;
}

/* A lexer at offset off of the file. */
static struct pdf_lex
lex_at(struct pdf_doc *d, size_t off)
{
	return (struct pdf_lex){ .p = d->data,
		.len = d->len,
		.pos = off < d->len ? off : d->len,
		.a = &d->arena };
}

/* Reads "N G obj" at the lexer; *num gets N. */
static bool
obj_header(struct pdf_lex *l, uint64_t *num)
{
	uint64_t gen;

	return pdf_skip_ws(l) && pdf_read_uint(l, num) && pdf_skip_ws(l) &&
	    pdf_read_uint(l, &gen) && pdf_skip_ws(l) &&
	    pdf_at_keyword(l, "obj") && (l->pos += 3, true);
}

/* The stream data after "stream" at l: by /Length, else to "endstream". */
static void
stream_body(struct pdf_doc *d, struct pdf_lex *l, struct pdf_obj *o)
{
	const struct pdf_obj *len;
	const unsigned char *end;
	size_t start, n = 0;
	struct pdf_lex k;
	bool ok = false;

	l->pos += 6;
	if (l->pos < l->len && l->p[l->pos] == '\r')
		l->pos++;
	if (l->pos < l->len && l->p[l->pos] == '\n')
		l->pos++;
	start = l->pos;
	len = pdf_rget(d, o, "Length");
	if (len != NULL && len->t == PDF_NUM && len->num >= 0 &&
	    len->num <= (double)(l->len - start)) {
		n = (size_t)len->num;
		k = *l;
		k.pos = start + n;
		ok = pdf_skip_ws(&k) && pdf_at_keyword(&k, "endstream");
	}
	if (!ok) {
		end = memmem(l->p + start, l->len - start, "endstream", 9);
		n = end ? (size_t)(end - (l->p + start)) : l->len - start;
		if (n > 0 && l->p[start + n - 1] == '\n')
			n--;
		if (n > 0 && l->p[start + n - 1] == '\r')
			n--;
	}
	o->t = PDF_STREAM;
	o->str = (const char *)l->p + start;
	o->len = n;
	l->pos = start + n;
}

/* Parses the indirect object at off: "N G obj <object> [stream]". */
static int
parse_indirect(
    struct pdf_doc *d, uint64_t off, uint64_t *num, struct pdf_obj **out)
{
	struct pdf_lex l = lex_at(d, (size_t)off);
	int r;

	if (off >= d->len || !obj_header(&l, num))
		return PC_EPARSE;
	if ((r = pdf_parse(&l, out)) != 0)
		return r;
	if ((*out)->t == PDF_DICT && pdf_skip_ws(&l) &&
	    pdf_at_keyword(&l, "stream"))
		stream_body(d, &l, *out);
	return 0;
}

/* Parses every object of object stream num into its table entries. */
static void
load_objstm(struct pdf_doc *d, uint64_t num, bool register_only)
{
	const struct pdf_obj *stm = pdf_get(d, num), *n, *first;
	struct pdf_lex hdr, l;
	struct pc_buf buf;
	uint64_t onum, rel;
	struct pdf_obj *o;
	size_t i;

	n = pdf_rget(d, stm, "N");
	first = pdf_rget(d, stm, "First");
	if (stm == NULL || stm->t != PDF_STREAM || n == NULL ||
	    n->t != PDF_NUM || first == NULL || first->t != PDF_NUM ||
	    n->num < 0 || n->num > PC_PDF_MAX_OBJECTS || first->num < 0)
		return;
	if (pdf_stream_decode(d, stm, &buf) != 0)
		return;
	hdr = (struct pdf_lex){ .p = (const unsigned char *)buf.data,
		.len = buf.len,
		.a = &d->arena };
	for (i = 0; i < (size_t)n->num; i++) {
		if (!pdf_skip_ws(&hdr) || !pdf_read_uint(&hdr, &onum) ||
		    !pdf_skip_ws(&hdr) || !pdf_read_uint(&hdr, &rel))
			break;
		if (register_only) {
			(void)pdf_set_x(d, onum, 2, num, (uint32_t)i, false);
			continue;
		}
		if (onum >= d->nx || d->x[onum].type != 2 ||
		    d->x[onum].off != num || d->x[onum].tried ||
		    (uint64_t)first->num + rel >= buf.len)
			continue;
		l = hdr;
		l.pos = (size_t)first->num + (size_t)rel;
		d->x[onum].tried = true;
		if (pdf_parse(&l, &o) == 0)
			d->x[onum].obj = o;
	}
	pc_buf_free(&buf);
}

/* Registers the objects object stream num holds (the repair scan). */
void
pdf_objstm_register(struct pdf_doc *d, uint64_t num)
{
	load_objstm(d, num, true);
}

/* Object number num, or NULL. */
const struct pdf_obj *
pdf_get(struct pdf_doc *d, uint64_t num)
{
	struct pdf_xent *e;
	struct pdf_obj *o;
	uint64_t got;

	if (num >= d->nx)
		return NULL;
	e = &d->x[num];
	if (e->tried || e->busy || d->depth >= PC_PDF_MAX_RESOLVE)
		return e->obj;
	if (e->type == 1) {
		e->busy = true;
		d->depth++;
		if (parse_indirect(d, e->off, &got, &o) == 0 && got == num)
			e->obj = o;
		d->depth--;
		e->busy = false;
		e->tried = true;
	} else if (e->type == 2 && e->off != num) {
		e->busy = true;
		d->depth++;
		load_objstm(d, e->off, false);
		d->depth--;
		e->busy = false;
		e->tried = true;
	}
	return e->obj;
}

/* o with a reference followed. */
const struct pdf_obj *
pdf_resolve(struct pdf_doc *d, const struct pdf_obj *o)
{
	if (o != NULL && o->t == PDF_REF)
		return pdf_get(d, o->ref);
	return o;
}

/* Resolved value of key. */
const struct pdf_obj *
pdf_rget(struct pdf_doc *d, const struct pdf_obj *dict, const char *key)
{
	return pdf_resolve(d, pdf_dict_get(dict, key));
}

/* A classic table at l (after "xref"); its trailer into *trailer. */
static int
xref_table(struct pdf_doc *d, struct pdf_lex *l, struct pdf_obj **trailer)
{
	uint64_t start, count, off, gen, i;
	int r;

	for (;;) {
		if (!pdf_skip_ws(l))
			return PC_EPARSE;
		if (pdf_at_keyword(l, "trailer")) {
			l->pos += 7;
			return pdf_parse(l, trailer);
		}
		if (!pdf_read_uint(l, &start) || !pdf_skip_ws(l) ||
		    !pdf_read_uint(l, &count) || count > PC_PDF_MAX_OBJECTS)
			return PC_EPARSE;
		for (i = 0; i < count; i++) {
			if (!pdf_skip_ws(l) || !pdf_read_uint(l, &off) ||
			    !pdf_skip_ws(l) || !pdf_read_uint(l, &gen) ||
			    !pdf_skip_ws(l) || l->pos >= l->len)
				return PC_EPARSE;
			if (l->p[l->pos] == 'n' &&
			    (r = pdf_set_x(d, start + i, 1, off, 0, false)) !=
				0)
				return r;
			else if (l->p[l->pos] == 'f')
				(void)pdf_set_x(d, start + i, 3, 0, 0, false);
			l->pos++;
		}
	}
}

/* Reads a big-endian field of w bytes. */
static uint64_t
field(const unsigned char *p, int w)
{
	uint64_t v = 0;

	for (int i = 0; i < w; i++)
		v = v << 8 | p[i];
	return v;
}

/* The entries of a cross-reference stream. */
static int
xref_stream(struct pdf_doc *d, const struct pdf_obj *stm)
{
	const struct pdf_obj *w = pdf_rget(d, stm, "W"),
			     *idx = pdf_rget(d, stm, "Index"),
			     *size = pdf_rget(d, stm, "Size");
	int ws[3], r = 0, row;
	uint64_t start, count, i, t;
	struct pc_buf buf;
	size_t pos = 0, s;

	if (w == NULL || w->t != PDF_ARRAY || w->n != 3)
		return PC_EPARSE;
	for (i = 0; i < 3; i++) {
		if (w->items[i].t != PDF_NUM || w->items[i].num < 0 ||
		    w->items[i].num > 8)
			return PC_EPARSE;
		ws[i] = (int)w->items[i].num;
	}
	row = ws[0] + ws[1] + ws[2];
	if (row == 0 || pdf_stream_decode(d, stm, &buf) != 0)
		return PC_EPARSE;
	for (s = 0; r == 0; s++) {
		if (idx != NULL && idx->t == PDF_ARRAY) {
			if (2 * s + 1 >= idx->n ||
			    idx->items[2 * s].t != PDF_NUM ||
			    idx->items[2 * s + 1].t != PDF_NUM ||
			    idx->items[2 * s].num < 0 ||
			    idx->items[2 * s + 1].num < 0)
				break;
			start = (uint64_t)idx->items[2 * s].num;
			count = (uint64_t)idx->items[2 * s + 1].num;
		} else if (s == 0 && size != NULL && size->t == PDF_NUM &&
		    size->num >= 0) {
			start = 0;
			count = (uint64_t)size->num;
		} else {
			break;
		}
		for (i = 0; i < count && r == 0; i++, pos += (size_t)row) {
			if (buf.len - pos < (size_t)row || pos > buf.len)
				break;
			t = ws[0]
			    ? field((unsigned char *)buf.data + pos, ws[0])
			    : 1;
			const unsigned char *f =
			    (unsigned char *)buf.data + pos + ws[0];
			if (t == 1 || t == 2)
				r = pdf_set_x(d, start + i, (uint8_t)t,
				    field(f, ws[1]),
				    (uint32_t)field(f + ws[1], ws[2]), false);
			else if (t == 0)
				(void)pdf_set_x(d, start + i, 3, 0, 0, false);
		}
	}
	pc_buf_free(&buf);
	return r;
}

/* One section at off (a table or a stream); its trailer into *tr. */
static int
xref_section(struct pdf_doc *d, uint64_t off, const struct pdf_obj **tr)
{
	struct pdf_lex l = lex_at(d, (size_t)off);
	struct pdf_obj *o;
	uint64_t num;
	int r;

	if (off >= d->len || !pdf_skip_ws(&l))
		return PC_EPARSE;
	if (pdf_at_keyword(&l, "xref")) {
		l.pos += 4;
		if ((r = xref_table(d, &l, &o)) != 0)
			return r;
		if (o->t != PDF_DICT)
			return PC_EPARSE;
		*tr = o;
		return 0;
	}
	if ((r = parse_indirect(d, off, &num, &o)) != 0 || o->t != PDF_STREAM ||
	    !pdf_is_name(pdf_dict_get(o, "Type"), "XRef"))
		return r != 0 ? r : PC_EPARSE;
	*tr = o;
	return xref_stream(d, o);
}

/* Follows startxref and /Prev (and a hybrid file's /XRefStm). */
static int
read_xref(struct pdf_doc *d)
{
	size_t from = d->len > 1100 ? d->len - 1100 : 0, i;
	const unsigned char *p = NULL, *q;
	const struct pdf_obj *tr, *prev, *stm;
	uint64_t off, seen[PC_PDF_MAX_XREFS];
	struct pdf_lex l;
	int n = 0, r;

	while ((q = memmem(d->data + from, d->len - from, "startxref", 9)))
		from = (size_t)(q - d->data) + 9, p = q;
	if (p == NULL)
		return PC_EPARSE;
	l = lex_at(d, (size_t)(p - d->data) + 9);
	if (!pdf_skip_ws(&l) || !pdf_read_uint(&l, &off))
		return PC_EPARSE;
	for (; n < PC_PDF_MAX_XREFS; n++) {
		for (i = 0; i < (size_t)n; i++)
			if (seen[i] == off)
				return 0; /* a loop of /Prev: stop */
		seen[n] = off;
		if ((r = xref_section(d, off, &tr)) != 0)
			return r;
		if (d->trailer == NULL)
			d->trailer = tr;
		stm = pdf_dict_get(tr, "XRefStm");
		if (stm != NULL && stm->t == PDF_NUM && stm->num >= 0)
			(void)xref_section(d, (uint64_t)stm->num, &tr);
		prev = pdf_dict_get(tr, "Prev");
		if (prev == NULL || prev->t != PDF_NUM || prev->num < 0)
			return 0;
		off = (uint64_t)prev->num;
	}
	return 0;
}

/* Does every table entry point at its "N G obj"? */
static bool
xref_sound(struct pdf_doc *d)
{
	struct pdf_lex l;
	uint64_t num;
	size_t i;

	for (i = 0; i < d->nx; i++) {
		if (d->x[i].type != 1)
			continue;
		l = lex_at(d, (size_t)d->x[i].off);
		if (d->x[i].off >= d->len || !obj_header(&l, &num) || num != i)
			return false;
	}
	return true;
}

/* The catalogue, resolved, or NULL. */
static const struct pdf_obj *
catalogue(struct pdf_doc *d)
{
	const struct pdf_obj *root = pdf_rget(d, d->trailer, "Root");

	return root != NULL && root->t == PDF_DICT ? root : NULL;
}

/* Opens a document. */
int
pdf_doc_open(struct pdf_doc *d, const char *data, size_t len, const char *path)
{
	size_t head = len < 1024 ? len : 1024;

	memset(d, 0, sizeof(*d));
	d->data = (const unsigned char *)data;
	d->len = len;
	d->path = path;
	if (data == NULL || memmem(data, head, "%PDF-", 5) == NULL)
		return pc_error_set(PC_EPARSE,
		    "%s: not a PDF (no %%PDF- header); not read", path);
	if (read_xref(d) != 0 || d->trailer == NULL || !xref_sound(d) ||
	    catalogue(d) == NULL)
		pdf_repair(d);
	if (d->encrypted ||
	    (d->trailer != NULL && pdf_dict_get(d->trailer, "Encrypt") != NULL))
		return pc_error_set(PC_EPERM,
		    "%s: encrypted PDF; its text cannot be read without the password, so it was not scanned",
		    path);
	if (catalogue(d) == NULL)
		return pc_error_set(PC_EPARSE,
		    "%s: damaged PDF: no document catalogue found, even by scanning its objects; not read",
		    path);
	return 0;
}

/* Frees a document. */
void
pdf_doc_close(struct pdf_doc *d)
{
	pdf_fonts_free(d);
	pdf_arena_free(&d->arena);
	free(d->x);
	d->x = NULL;
	d->nx = 0;
}
