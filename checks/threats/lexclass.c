/* Threats lexicons: literal elements that match the same words share one
 * id. Every word of every phrase is its own literal element, so "you"
 * was hundreds of ids, and each word of a sentence carried tens of ids
 * through matching (copied, masked, looked up for phrase starts). An
 * element matches a word through its alternatives alone (their key,
 * collapsed key, prefix and inflection marks: word_lits in lexmatch.c),
 * so elements with the same alternatives match the same words: they are
 * given one id, and what matches is unchanged. */
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "lexicon_int.h"

/* A growing byte string. */
struct sig {
	char *p;
	size_t n, cap;
};

/* Appends len bytes to s. */
static int
sig_add(struct sig *s, const char *b, size_t len)
{
	size_t nc = s->cap ? s->cap : 256;
	char *nv;

	while (s->n + len + 1 > nc)
		nc *= 2;
	if (nc != s->cap) {
		if ((nv = realloc(s->p, nc)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		s->p = nv;
		s->cap = nc;
	}
	memcpy(s->p + s->n, b, len);
	s->n += len;
	s->p[s->n] = '\0';
	return 0;
}

/* Orders alternatives by what they match (the lit id last, for a stable
 * order among equals). */
static int
alt_cmp(const void *pa, const void *pb)
{
	const struct lex_alt *a = pa, *b = pb;
	int c;

	if (a->el != b->el)
		return a->el < b->el ? -1 : 1;
	if (a->prefix != b->prefix)
		return a->prefix ? 1 : -1;
	if (a->inflect != b->inflect)
		return a->inflect ? 1 : -1;
	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	return strcmp(a->col, b->col);
}

/* The signature of one literal element: its distinct alternatives in
 * order (alts sorted by alt_cmp, [a, b) those of one element). */
static int
signature(struct sig *s, const struct lex_alt *v, size_t a, size_t b)
{
	const struct lex_alt *x;
	char flags[2];
	size_t i;
	int r = 0;

	s->n = 0;
	if ((r = sig_add(s, "", 0)) != 0)
		return r;
	for (i = a; i < b && r == 0; i++) {
		x = &v[i];
		if (i > a && alt_cmp(&v[i - 1], x) == 0)
			continue; /* the same alternative twice */
		flags[0] = (char)('0' + x->prefix * 2 + x->inflect);
		flags[1] = '\x01';
		/* control bytes between the parts: the map's keys are C
		 * strings, and a word's key holds none */
		if ((r = sig_add(s, flags, 2)) != 0 ||
		    (r = sig_add(s, x->key, strlen(x->key))) != 0 ||
		    (r = sig_add(s, "\x02", 1)) != 0 ||
		    (r = sig_add(s, x->col, strlen(x->col))) != 0)
			break;
		r = sig_add(s, "\x03", 1);
	}
	return r;
}

/* Replaces ids in a map entry by their classes, keeping the first of
 * each (an entry's ids stay distinct, in their order). */
static void
map_renumber(struct lex_map *m, const int *cls)
{
	struct lex_map_entry *e;
	size_t i, j, k, o;
	int c;

	for (i = 0; i < m->cap; i++) {
		e = &m->v[i];
		if (e->key == NULL)
			continue;
		for (j = o = 0; j < e->n; j++) {
			c = cls[e->ids[j]];
			for (k = 0; k < o && e->ids[k] != c; k++)
				;
			if (k == o)
				e->ids[o++] = c;
		}
		e->n = o;
	}
}

/* Gives each literal element the class id of its alternatives. */
static int
classify(struct pc_threats_lexicon *lex, int *cls, int *nclass)
{
	struct lex_alt *v;
	struct lex_map sigs = { 0 };
	const struct lex_map_entry *e;
	struct sig s = { 0 };
	size_t a, b;
	int r = 0, n = 0;

	if ((v = malloc((lex->nalts + 1) * sizeof(*v))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if (lex->nalts > 0)
		memcpy(v, lex->alts, lex->nalts * sizeof(*v));
	qsort(v, lex->nalts, sizeof(*v), alt_cmp);
	/* an element without alternatives cannot be written: it is its
	 * own class all the same */
	for (a = 0; a < (size_t)lex->nlits; a++)
		cls[a] = -1;
	for (a = 0; a < lex->nalts && r == 0; a = b) {
		for (b = a; b < lex->nalts && v[b].el == v[a].el; b++)
			;
		if ((r = signature(&s, v, a, b)) != 0)
			break;
		if ((e = pc_lex_map_get(&sigs, s.p)) != NULL)
			cls[v[a].el] = e->ids[0];
		else if ((r = pc_lex_map_add(&sigs, s.p, n)) == 0)
			cls[v[a].el] = n++;
	}
	for (a = 0; a < (size_t)lex->nlits && r == 0; a++)
		if (cls[a] < 0)
			cls[a] = n++;
	*nclass = n;
	pc_lex_map_free(&sigs);
	free(s.p);
	free(v);
	return r;
}

/* Renumbers the literal elements by class: the phrases' elements, the
 * alternatives and the word maps. */
int
pc_lex_classes(struct pc_threats_lexicon *lex)
{
	struct lex_phrase *ph;
	size_t i, j;
	int *cls, n = 0, r;

	if (lex->nlits == 0)
		return 0;
	if ((cls = calloc((size_t)lex->nlits, sizeof(*cls))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = classify(lex, cls, &n)) != 0) {
		free(cls);
		return r;
	}
	for (i = 0; i < lex->nphrases; i++)
		for (j = 0, ph = &lex->phrases[i]; j < ph->nels; j++)
			if (ph->els[j].kind == EL_LIT)
				ph->els[j].lit = cls[ph->els[j].lit];
	for (i = 0; i < lex->nalts; i++)
		lex->alts[i].el = cls[lex->alts[i].el];
	map_renumber(&lex->bykey, cls);
	map_renumber(&lex->bycol, cls);
	map_renumber(&lex->inflect, cls);
	lex->nlits = n;
	free(cls);
	return 0;
}
