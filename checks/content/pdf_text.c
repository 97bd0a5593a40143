/* PDF page text: the content-stream interpreter (text operators, text
 * and graphics state, form XObjects) turning glyphs into lines and
 * words by their positions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "pdf_int.h"
#include "pdf_text.h"

#define MAX_OPS   64
#define MAX_SAVE  32
#define FLUSH_AT  (60u << 10)
#define OPS_ARENA (1u << 20)

/* Reads a number operand; false when it is not one. */
static bool
num(const struct pdf_obj *o, double *v)
{
	if (o == NULL || o->t != PDF_NUM)
		return false;
	*v = o->num;
	return true;
}

/* r = a x b (PDF's row-vector matrices). */
static void
mul(double *r, const double *a, const double *b)
{
	double t[6];

	t[0] = a[0] * b[0] + a[1] * b[2];
	t[1] = a[0] * b[1] + a[1] * b[3];
	t[2] = a[2] * b[0] + a[3] * b[2];
	t[3] = a[2] * b[1] + a[3] * b[3];
	t[4] = a[4] * b[0] + a[5] * b[2] + b[4];
	t[5] = a[4] * b[1] + a[5] * b[3] + b[5];
	memcpy(r, t, sizeof(t));
}

/* The text state that q/Q save with the graphics state. */
struct gstate {
	double ctm[6];
	double tc, tw, th, tl, tfs;
	struct pdf_font *font;
};

/* Glyphs to text on one page. */
static int
flush(struct pdf_page *pg)
{
	int r = pc_emit_data(
	    pg->e, pg->text.data ? pg->text.data : "", pg->text.len);

	pc_buf_reset(&pg->text);
	return r;
}

/* Appends text to the page (flushed in pieces). */
static int
put(struct pdf_page *pg, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (pc_buf_add(&pg->text, s, n) != 0)
		return pc_error_set(PC_ENOMEM, "out of memory");
	pg->last = s[n - 1];
	return pg->text.len >= FLUSH_AT ? flush(pg) : 0;
}

/* The interpreter's state. */
struct run {
	struct pdf_page *pg;
	struct gstate gs, save[MAX_SAVE];
	int sp;
	double tm[6], tlm[6];
	bool have_end, new_line;
	double endx, endy, endfs;
	int forms;
};

/* Before a string: a newline or a space where the pen moved. */
static int
gap(struct run *u)
{
	double trm[6], ox, oy, dx, dy, ux, uy, l, along, across, fs;

	mul(trm, u->tm, u->gs.ctm);
	ox = trm[4], oy = trm[5];
	if (u->new_line && u->pg->last != '\n' && u->pg->last != 0) {
		u->new_line = false;
		return put(u->pg, "\n", 1);
	}
	u->new_line = false;
	if (!u->have_end || u->pg->last == 0 || u->pg->last == '\n')
		return 0;
	l = hypot(trm[0], trm[1]);
	ux = l > 0 ? trm[0] / l : 1, uy = l > 0 ? trm[1] / l : 0;
	dx = ox - u->endx, dy = oy - u->endy;
	along = dx * ux + dy * uy;
	across = -dx * uy + dy * ux;
	fs = u->endfs > 0 ? u->endfs : 1;
	if (fabs(across) > 0.5 * fs)
		return put(u->pg, "\n", 1);
	if ((along > 0.15 * fs || along < -fs) && u->pg->last != ' ')
		return put(u->pg, " ", 1);
	return 0;
}

/* Shows one string: its glyphs as text, the pen moved past each. */
static int
show(struct run *u, const struct pdf_obj *s)
{
	char out[40];
	size_t pos = 0, n;
	double w, tx, trm[6];
	bool space;
	int r, g;

	if (s == NULL || s->t != PDF_STR || u->gs.font == NULL)
		return 0;
	if ((r = gap(u)) != 0)
		return r;
	while ((g = pdf_font_next(u->gs.font, (const unsigned char *)s->str,
		    s->len, &pos, out, &n, &w, &space)) != 0) {
		u->pg->unmapped += g == 2;
		if ((r = put(u->pg, out, n)) != 0)
			return r;
		u->pg->chars += n;
		tx =
		    (w / 1000 * u->gs.tfs + u->gs.tc + (space ? u->gs.tw : 0)) *
		    u->gs.th;
		u->tm[4] += tx * u->tm[0];
		u->tm[5] += tx * u->tm[1];
	}
	mul(trm, u->tm, u->gs.ctm);
	u->endx = trm[4], u->endy = trm[5];
	u->endfs = fabs(u->gs.tfs) * hypot(trm[2], trm[3]);
	u->have_end = true;
	return 0;
}

/* TJ: strings, and numbers that move the pen back (kerning or gaps). */
static int
show_array(struct run *u, const struct pdf_obj *a)
{
	double tx;
	int r;

	if (a == NULL || a->t != PDF_ARRAY)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		if (a->items[i].t == PDF_NUM) {
			tx = -a->items[i].num / 1000 * u->gs.tfs * u->gs.th;
			u->tm[4] += tx * u->tm[0];
			u->tm[5] += tx * u->tm[1];
		} else if ((r = show(u, &a->items[i])) != 0) {
			return r;
		}
	}
	return 0;
}

/* Td: a new line start offset from the current one. */
static void
move(struct run *u, double tx, double ty)
{
	u->tlm[4] += tx * u->tlm[0] + ty * u->tlm[2];
	u->tlm[5] += tx * u->tlm[1] + ty * u->tlm[3];
	memcpy(u->tm, u->tlm, sizeof(u->tm));
}

static int run_stream(
    struct run *u, const char *p, size_t n, const struct pdf_obj *res);

/* Do: a form XObject's content with its resources and matrix. */
static int
form(struct run *u, const struct pdf_obj *name, const struct pdf_obj *res)
{
	struct pdf_doc *d = u->pg->d;
	const struct pdf_obj *xo = pdf_rget(d, res, "XObject"), *f, *m, *fres;
	struct gstate saved = u->gs;
	double mt[6];
	struct pc_buf b;
	int r, i;

	if (name == NULL || name->t != PDF_NAME || u->forms >= PC_PDF_MAX_FORMS)
		return 0;
	f = pdf_rget(d, xo, name->str);
	if (f == NULL || f->t != PDF_STREAM ||
	    !pdf_is_name(pdf_rget(d, f, "Subtype"), "Form"))
		return 0; /* images are not read */
	if ((r = pdf_stream_decode(d, f, &b)) != 0) {
		if (r == PC_ELIMIT || r == PC_ENOMEM)
			return r;
		u->pg->skipped = true;
		return 0;
	}
	m = pdf_rget(d, f, "Matrix");
	if (m != NULL && m->t == PDF_ARRAY && m->n == 6) {
		for (i = 0; i < 6 && num(pdf_resolve(d, &m->items[i]), &mt[i]);
		     i++)
			;
		if (i == 6)
			mul(u->gs.ctm, mt, u->gs.ctm);
	}
	fres = pdf_rget(d, f, "Resources");
	u->forms++;
	r = run_stream(u, b.data ? b.data : "", b.len, fres ? fres : res);
	u->forms--;
	u->gs = saved;
	pc_buf_free(&b);
	return r;
}

/* Skips an inline image: from after "ID" to "EI" between whitespace. */
static void
skip_inline_image(struct pdf_lex *l)
{
	const unsigned char *q;
	size_t at = l->pos;

	while (at < l->len &&
	    (q = memmem(l->p + at, l->len - at, "EI", 2)) != NULL) {
		at = (size_t)(q - l->p);
		if (at > 0 && pdf_is_ws(l->p[at - 1]) &&
		    (at + 2 == l->len || pdf_is_ws(l->p[at + 2]) ||
			pdf_is_delim(l->p[at + 2]))) {
			l->pos = at + 2;
			return;
		}
		at += 2;
	}
	l->pos = l->len;
}

/* The text and state operators; others are ignored. */
static int
op(struct run *u, const char *o, struct pdf_obj **a, int n,
    const struct pdf_obj *res, struct pdf_lex *l)
{
	double v[6];
	int i;

	for (i = 0; i < n && i < 6; i++)
		if (!num(a[n - 1 - i], &v[5 - i]))
			v[5 - i] = 0;
#define ARG(k) v[6 - (k)] /* the k-th operand from the end */
	if (strcmp(o, "BT") == 0) {
		double id[6] = { 1, 0, 0, 1, 0, 0 };
		memcpy(u->tm, id, sizeof(id));
		memcpy(u->tlm, id, sizeof(id));
	} else if (strcmp(o, "Tf") == 0 && n >= 2) {
		u->gs.tfs = ARG(1);
		u->gs.font = pdf_font_get(u->pg->d,
		    pdf_dict_get(pdf_rget(u->pg->d, res, "Font"),
			a[n - 2]->t == PDF_NAME ? a[n - 2]->str : ""));
	} else if (strcmp(o, "Td") == 0 && n >= 2) {
		move(u, ARG(2), ARG(1));
	} else if (strcmp(o, "TD") == 0 && n >= 2) {
		u->gs.tl = -ARG(1);
		move(u, ARG(2), ARG(1));
	} else if (strcmp(o, "Tm") == 0 && n >= 6) {
		memcpy(u->tlm, v, sizeof(v));
		memcpy(u->tm, v, sizeof(v));
	} else if (strcmp(o, "T*") == 0) {
		move(u, 0, -u->gs.tl);
		u->new_line = true;
	} else if (strcmp(o, "Tc") == 0 && n >= 1) {
		u->gs.tc = ARG(1);
	} else if (strcmp(o, "Tw") == 0 && n >= 1) {
		u->gs.tw = ARG(1);
	} else if (strcmp(o, "Tz") == 0 && n >= 1) {
		u->gs.th = ARG(1) / 100;
	} else if (strcmp(o, "TL") == 0 && n >= 1) {
		u->gs.tl = ARG(1);
	} else if (strcmp(o, "Tj") == 0 && n >= 1) {
		return show(u, a[n - 1]);
	} else if (strcmp(o, "TJ") == 0 && n >= 1) {
		return show_array(u, a[n - 1]);
	} else if ((strcmp(o, "'") == 0 && n >= 1) ||
	    (strcmp(o, "\"") == 0 && n >= 3)) {
		if (o[0] == '"')
			u->gs.tw = ARG(3), u->gs.tc = ARG(2);
		move(u, 0, -u->gs.tl);
		u->new_line = true;
		return show(u, a[n - 1]);
	} else if (strcmp(o, "q") == 0 && u->sp < MAX_SAVE) {
		u->save[u->sp++] = u->gs;
	} else if (strcmp(o, "Q") == 0 && u->sp > 0) {
		u->gs = u->save[--u->sp];
	} else if (strcmp(o, "cm") == 0 && n >= 6) {
		mul(u->gs.ctm, v, u->gs.ctm);
	} else if (strcmp(o, "Do") == 0 && n >= 1) {
		return form(u, a[n - 1], res);
	} else if (strcmp(o, "ID") == 0) {
		skip_inline_image(l);
	}
#undef ARG
	return 0;
}

/* Interprets one content stream. */
static int
run_stream(struct run *u, const char *p, size_t n, const struct pdf_obj *res)
{
	struct pdf_arena a = { 0 };
	struct pdf_lex l = { .p = (const unsigned char *)p,
		.len = n,
		.a = &a,
		.content = true };
	struct pdf_obj *ops[MAX_OPS], *o;
	int nops = 0, r = 0, sp = u->sp;
	size_t at;

	while (r == 0 && pdf_skip_ws(&l)) {
		at = l.pos;
		if ((r = pdf_parse(&l, &o)) != 0) {
			if (r == PC_ENOMEM)
				break;
			r = 0; /* damage: step over a byte, drop operands */
			l.pos = at + 1;
			nops = 0;
			continue;
		}
		if (o->t != PDF_OP) {
			if (nops == MAX_OPS)
				nops = 0; /* not an operator's operands */
			ops[nops++] = o;
			continue;
		}
		r = op(u, o->str, ops, nops, res, &l);
		nops = 0;
		if (a.used > OPS_ARENA)
			pdf_arena_free(&a);
	}
	pdf_arena_free(&a);
	while (u->sp > sp) /* a stream leaves the state as it found it */
		u->gs = u->save[--u->sp];
	return r == PC_ENOMEM ? pc_error_set(PC_ENOMEM, "out of memory") : r;
}

/* Interprets a page's content into its unit. */
int
pdf_page_text(
    struct pdf_page *pg, const char *p, size_t n, const struct pdf_obj *res)
{
	struct run *u = calloc(1, sizeof(*u));
	double id[6] = { 1, 0, 0, 1, 0, 0 };
	int r;

	if (u == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	u->pg = pg;
	memcpy(u->gs.ctm, id, sizeof(id));
	memcpy(u->tm, id, sizeof(id));
	memcpy(u->tlm, id, sizeof(id));
	u->gs.th = 1;
	r = run_stream(u, p, n, res);
	if (r == 0 && pg->last != '\n' && pg->last != 0)
		r = put(pg, "\n", 1);
	if (r == 0)
		r = flush(pg);
	free(u);
	return r;
}
