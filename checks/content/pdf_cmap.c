/* ToUnicode CMaps: codespace ranges, bfchar and bfrange, bounded. */
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

#define CMAP_MAX_SPACES  64
#define CMAP_MAX_ENTRIES 200000
#define CMAP_MAX_POOL    (1u << 20)
#define CMAP_MAX_RANGE   65536 /* codes in one bfrange */
#define CMAP_MAX_CPS     8     /* code points one code maps to */

struct space {
	uint8_t len;
	uint32_t lo, hi;
};

struct ent {
	uint32_t lo, hi;
	uint32_t off; /* into pool */
	uint8_t ncp;
	bool inc; /* a range: the last code point counts up from lo */
};

struct pdf_cmap {
	struct space spaces[CMAP_MAX_SPACES];
	size_t nspaces;
	struct ent *e;
	size_t n, alloc;
	uint32_t *pool;
	size_t npool, poolalloc;
};

/* A code's value and length from a string (at most 4 bytes). */
static bool
code_of(const struct pdf_obj *o, uint32_t *v, uint8_t *len)
{
	if (o == NULL || o->t != PDF_STR || o->len == 0 || o->len > 4)
		return false;
	*v = 0;
	for (size_t i = 0; i < o->len; i++)
		*v = *v << 8 | (unsigned char)o->str[i];
	*len = (uint8_t)o->len;
	return true;
}

/* UTF-16BE bytes to code points (surrogates joined). */
static size_t
utf16_cps(const struct pdf_obj *o, uint32_t *cps)
{
	size_t i, n = 0;
	uint32_t u, lo;

	if (o == NULL || o->t != PDF_STR)
		return 0;
	for (i = 0; i + 1 < o->len && n < CMAP_MAX_CPS; i += 2) {
		u = (uint32_t)(unsigned char)o->str[i] << 8 |
		    (unsigned char)o->str[i + 1];
		if (u >= 0xd800 && u < 0xdc00 && i + 3 < o->len) {
			lo = (uint32_t)(unsigned char)o->str[i + 2] << 8 |
			    (unsigned char)o->str[i + 3];
			if (lo >= 0xdc00 && lo < 0xe000) {
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			}
		}
		cps[n++] = u;
	}
	if (o->len == 1 && n == 0) /* a one-byte destination (seen) */
		cps[n++] = (unsigned char)o->str[0];
	return n;
}

/* Adds a mapping; false past the caps or out of memory. */
static bool
add(struct pdf_cmap *m, uint32_t lo, uint32_t hi, const uint32_t *cps,
    size_t ncp, bool inc)
{
	void *grown;

	if (ncp == 0)
		return true;
	if (m->n >= CMAP_MAX_ENTRIES || m->npool + ncp > CMAP_MAX_POOL)
		return false;
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? m->alloc * 2 : 64;
		if ((grown = realloc(m->e, m->alloc * sizeof(*m->e))) == NULL)
			return false;
		m->e = grown;
	}
	while (m->npool + ncp > m->poolalloc) {
		m->poolalloc = m->poolalloc ? m->poolalloc * 2 : 256;
		grown = realloc(m->pool, m->poolalloc * sizeof(*m->pool));
		if (grown == NULL)
			return false;
		m->pool = grown;
	}
	memcpy(m->pool + m->npool, cps, ncp * sizeof(*cps));
	m->e[m->n++] =
	    (struct ent){ lo, hi, (uint32_t)m->npool, (uint8_t)ncp, inc };
	m->npool += ncp;
	return true;
}

/* Reads objects up to the keyword end into the section's handler. */
static bool
section(struct pdf_cmap *m, struct pdf_lex *l, const char *end, int kind)
{
	struct pdf_obj *o[3];
	uint32_t lo, hi, cps[CMAP_MAX_CPS];
	uint8_t len, len2;
	int want = kind == 2 ? 3 : 2, k;
	size_t i, ncp;

	for (;;) {
		for (k = 0; k < want; k++) {
			if (pdf_parse(l, &o[k]) != 0)
				return false;
			if (o[k]->t == PDF_OP)
				return strcmp(o[k]->str, end) == 0;
		}
		if (!code_of(o[0], &lo, &len))
			continue;
		if (kind == 0) { /* codespace */
			if (code_of(o[1], &hi, &len2) &&
			    m->nspaces < CMAP_MAX_SPACES)
				m->spaces[m->nspaces++] =
				    (struct space){ len, lo, hi };
		} else if (kind == 1) { /* bfchar */
			ncp = o[1]->t == PDF_NAME ? 0 : utf16_cps(o[1], cps);
			if (!add(m, lo, lo, cps, ncp, false))
				return false;
		} else if (code_of(o[1], &hi, &len2) && hi >= lo) {
			if (hi - lo >= CMAP_MAX_RANGE)
				hi = lo + CMAP_MAX_RANGE - 1;
			if (o[2]->t == PDF_STR) {
				ncp = utf16_cps(o[2], cps);
				if (!add(m, lo, hi, cps, ncp, true))
					return false;
			} else if (o[2]->t == PDF_ARRAY) {
				for (i = 0; i < o[2]->n && lo + i <= hi; i++) {
					ncp = utf16_cps(&o[2]->items[i], cps);
					if (!add(m, lo + (uint32_t)i,
						lo + (uint32_t)i, cps, ncp,
						false))
						return false;
				}
			}
		}
	}
}

static int
cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x < y ? -1 : x > y; /* keep order: a later one wins */
}

/* Parses a CMap program. */
struct pdf_cmap *
pdf_cmap_parse(const unsigned char *p, size_t len)
{
	struct pdf_arena a = { 0 };
	struct pdf_lex l = { .p = p, .len = len, .a = &a, .content = true };
	struct pdf_cmap *m = calloc(1, sizeof(*m));
	struct pdf_obj *o;
	bool ok = true;

	if (m == NULL)
		return NULL;
	while (ok && pdf_parse(&l, &o) == 0) {
		if (o->t != PDF_OP)
			continue;
		if (strcmp(o->str, "begincodespacerange") == 0)
			ok = section(m, &l, "endcodespacerange", 0);
		else if (strcmp(o->str, "beginbfchar") == 0)
			ok = section(m, &l, "endbfchar", 1);
		else if (strcmp(o->str, "beginbfrange") == 0)
			ok = section(m, &l, "endbfrange", 2);
		/* the tokens are copied into m: their memory can go (a
		 * damaged or capped map keeps what was read before) */
		if (a.used > (8u << 20))
			pdf_arena_free(&a);
	}
	pdf_arena_free(&a);
	if (m->n > 1)
		qsort(m->e, m->n, sizeof(*m->e), cmp_ent);
	return m;
}

/* Frees a CMap. */
void
pdf_cmap_free(struct pdf_cmap *m)
{
	if (m == NULL)
		return;
	free(m->e);
	free(m->pool);
	free(m);
}

/* Code length at s by the codespace ranges. */
size_t
pdf_cmap_code_len(const struct pdf_cmap *m, const unsigned char *s, size_t len)
{
	size_t i, k, best = 0;
	uint32_t v;

	if (m == NULL)
		return 0;
	for (i = 0; i < m->nspaces; i++) {
		if (m->spaces[i].len > len ||
		    (best != 0 && m->spaces[i].len >= best))
			continue;
		for (v = 0, k = 0; k < m->spaces[i].len; k++)
			v = v << 8 | s[k];
		if (v >= m->spaces[i].lo && v <= m->spaces[i].hi)
			best = m->spaces[i].len;
	}
	return best;
}

/* Unicode for code. */
size_t
pdf_cmap_lookup(
    const struct pdf_cmap *m, uint32_t code, uint32_t *cps, size_t max)
{
	size_t lo = 0, hi, mid, k, n;
	const struct ent *e;

	if (m == NULL || m->n == 0)
		return 0;
	hi = m->n;
	while (lo < hi) { /* the first entry with e.lo > code */
		mid = lo + (hi - lo) / 2;
		if (m->e[mid].lo <= code)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = 0; k < 16 && lo > 0; k++, lo--) {
		e = &m->e[lo - 1];
		if (code < e->lo || code > e->hi)
			continue;
		n = e->ncp < max ? e->ncp : max;
		memcpy(cps, m->pool + e->off, n * sizeof(*cps));
		if (e->inc && n > 0)
			cps[n - 1] += code - e->lo;
		return n;
	}
	return 0;
}
