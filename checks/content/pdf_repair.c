/* A PDF whose cross-reference table is missing or wrong: the objects
 * are found by scanning for "N G obj", the trailer by "trailer" (or an
 * XRef stream, or the catalogue itself), as other readers repair. */
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

/* Is the "obj" at pos the end of "N G obj"? *start gets N's offset. */
static bool
obj_at(const unsigned char *p, size_t len, size_t pos, uint64_t *num,
    size_t *start)
{
	size_t i = pos, e;
	uint64_t v = 0, m = 1;

	if (pos + 3 < len && !pdf_is_ws(p[pos + 3]) &&
	    !pdf_is_delim(p[pos + 3]))
		return false;
	/* whitespace, the generation, whitespace, the number */
	for (e = i; i > 0 && pdf_is_ws(p[i - 1]); i--)
		;
	if (i == e)
		return false;
	for (e = i; i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9'; i--)
		;
	if (i == e || e - i > 5)
		return false;
	for (e = i; i > 0 && pdf_is_ws(p[i - 1]); i--)
		;
	if (i == e)
		return false;
	for (e = i; i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9'; i--)
		;
	if (i == e || e - i > 10)
		return false;
	if (i > 0 && !pdf_is_ws(p[i - 1]) && !pdf_is_delim(p[i - 1]))
		return false;
	for (size_t k = e; k > i; k--, m *= 10)
		v += (uint64_t)(p[k - 1] - '0') * m;
	*num = v;
	*start = i;
	return true;
}

/* The last "trailer" dictionary that names a catalogue (or NULL). */
static const struct pdf_obj *
last_trailer(struct pdf_doc *d, bool *encrypted)
{
	const unsigned char *q, *p = d->data, *end = d->data + d->len;
	const struct pdf_obj *best = NULL;
	struct pdf_lex l;
	struct pdf_obj *o;

	while ((q = memmem(p, (size_t)(end - p), "trailer", 7)) != NULL) {
		p = q + 7;
		l = (struct pdf_lex){ .p = d->data,
			.len = d->len,
			.pos = (size_t)(p - d->data),
			.a = &d->arena };
		if (pdf_parse(&l, &o) != 0 || o->t != PDF_DICT)
			continue;
		if (pdf_dict_get(o, "Encrypt") != NULL)
			*encrypted = true;
		if (pdf_dict_get(o, "Root") != NULL)
			best = o;
	}
	return best;
}

/* A trailer made up to point at catalogue number num. */
static const struct pdf_obj *
made_trailer(struct pdf_doc *d, uint64_t num)
{
	struct pdf_obj *t = pdf_alloc(&d->arena, sizeof(*t));
	struct pdf_obj *kv = pdf_alloc(&d->arena, 2 * sizeof(*kv));

	if (t == NULL || kv == NULL)
		return NULL;
	kv[0].t = PDF_NAME;
	kv[0].str = "Root";
	kv[0].len = 4;
	kv[1].t = PDF_REF;
	kv[1].ref = (uint32_t)num;
	t->t = PDF_DICT;
	t->items = kv;
	t->n = 1;
	return t;
}

/* Rebuilds the table by scanning the file. */
void
pdf_repair(struct pdf_doc *d)
{
	const unsigned char *q, *p = d->data, *end = d->data + d->len;
	const struct pdf_obj *o, *tr, *root;
	bool encrypted = false, catalogue = false;
	uint64_t num, cat = 0;
	size_t start, i, n;

	d->repaired = true;
	while ((q = memmem(p, (size_t)(end - p), "obj", 3)) != NULL) {
		p = q + 3;
		if (obj_at(
			d->data, d->len, (size_t)(q - d->data), &num, &start))
			(void)pdf_set_x(d, num, 1, start, 0, true);
	}
	/* object streams and what they hold; the catalogue; XRef streams */
	n = d->nx;
	for (i = 0; i < n; i++) {
		if (d->x[i].type != 1 || (o = pdf_get(d, i)) == NULL)
			continue;
		if (o->t == PDF_STREAM &&
		    pdf_is_name(pdf_dict_get(o, "Type"), "ObjStm"))
			pdf_objstm_register(d, i);
		else if (pdf_is_name(pdf_dict_get(o, "Type"), "Catalog"))
			cat = i, catalogue = true;
		else if (o->t == PDF_STREAM &&
		    pdf_is_name(pdf_dict_get(o, "Type"), "XRef") &&
		    pdf_dict_get(o, "Root") != NULL) {
			d->trailer = o;
			if (pdf_dict_get(o, "Encrypt") != NULL)
				encrypted = true;
		}
	}
	if ((tr = last_trailer(d, &encrypted)) != NULL)
		d->trailer = tr;
	for (i = 0; !catalogue && i < d->nx; i++)
		if (d->x[i].type == 2 && (o = pdf_get(d, i)) != NULL &&
		    pdf_is_name(pdf_dict_get(o, "Type"), "Catalog"))
			cat = i, catalogue = true;
	root = pdf_rget(d, d->trailer, "Root");
	if ((root == NULL || root->t != PDF_DICT) && catalogue)
		d->trailer = made_trailer(d, cat);
	/* any trailer naming an /Encrypt dictionary refuses the file */
	d->encrypted = d->encrypted || encrypted;
}
