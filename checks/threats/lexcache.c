/* Threats lexicons: a bounded cache of the literal elements a word
 * matches. Finding them (three map lookups, up to nine inflected stems,
 * every prefix and wildcard alternative) was a large part of judging a
 * short message, and the same few hundred words recur in every one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bigtable.h"
#include "lexicon_int.h"

#define NO_FIRST UINT32_MAX /* an entry put without its phrases */

struct wc_entry {
	/* the word's key, alt and col, in one allocation that holds all:
	 * the word's model features, the keys, then the arrays below (the
	 * keys compared and the arrays read next in one cache line: they
	 * came after the arrays, a miss of their own on every word) */
	char *k;
	uint32_t h;   /* pc_threats_token_hash() */
	uint8_t l[3]; /* the lengths of key, alt and col in k */
	bool wild;
	int *ids;    /* in the order word_lits found them */
	int *inner;  /* those tested at a word (lexicon_int.h), found order */
	int *sorted; /* the inner ids ascending, for a binary search */
	struct lex_first *first;    /* the phrases its ids start */
	uint32_t n, ninner, nfirst; /* nfirst NO_FIRST: not known */
};

/* Slots in sets of two, the last used first: one slot per word missed
 * a quarter of the words of a mailbox of 8,000 different words. */
#define WAYS 2

struct lex_wcache {
	struct wc_entry e[PC_LEX_WCACHE_SLOTS];
};

/* The first slot of the set for hash h. */
static struct wc_entry *
wc_set(struct lex_wcache *c, uint32_t h)
{
	return &c->e[(h % (PC_LEX_WCACHE_SLOTS / WAYS)) * WAYS];
}

/* The token's hash: the one the tokeniser made, else made here. */
static uint32_t
wc_hash(const struct pc_threats_token *t)
{
	return t->kh ? t->kh : pc_threats_token_hash(t);
}

/* Whether a and b agree in their first n bytes (words are short: a loop
 * here costs less than three calls to memcmp). */
static inline bool
same_bytes(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Whether entry e holds t's keys: the hash, then each key's bytes and
 * its end (the token's keys are not measured: its hash made that
 * unlikely to fail). */
static bool
wc_same(const struct wc_entry *e, uint32_t h, const struct pc_threats_token *t)
{
	const char *k = e->k;

	if (k == NULL || e->h != h || e->wild != !!(t->flags & PC_TOK_WILDCARD))
		return false;
	if (t->key[e->l[0]] != '\0' || t->alt[e->l[1]] != '\0' ||
	    t->col[e->l[2]] != '\0' || !same_bytes(k, t->key, e->l[0]))
		return false;
	k += e->l[0];
	if (!same_bytes(k, t->alt, e->l[1]))
		return false;
	k += e->l[1];
	return same_bytes(k, t->col, e->l[2]);
}

/* The model features of entry e (at the start of its allocation). */
static struct pc_threats_mword *
wc_mword(const struct wc_entry *e)
{
	return (struct pc_threats_mword *)(void *)(e->k -
	    sizeof(struct pc_threats_mword));
}

/* A new, empty cache (NULL when out of memory: matching goes uncached). */
struct lex_wcache *
pc_lex_wcache_new(void)
{
	return pc_threats_table_new(sizeof(struct lex_wcache));
}

/* Starts loading t's entry (sentence_lits asks a few words ahead). */
void
pc_lex_wcache_prefetch(struct lex_wcache *c, const struct pc_threats_token *t)
{
	struct wc_entry *e;

	if (t->kh) {
		e = wc_set(c, t->kh);
		__builtin_prefetch(e);
		__builtin_prefetch(&e[1].nfirst);
	}
}

/* The literal ids cached for t, or NULL (*n set when found). */
const int *
pc_lex_wcache_get(
    struct lex_wcache *c, const struct pc_threats_token *t, size_t *n)
{
	const int *sorted;

	return pc_lex_wcache_find(c, t, n, &sorted);
}

/* The literal ids cached for t in their order, or NULL (*n and *sorted,
 * those of them tested at a word ascending, set when found). */
const int *
pc_lex_wcache_find(struct lex_wcache *c, const struct pc_threats_token *t,
    size_t *n, const int **sorted)
{
	struct lex_wword w;

	if (!pc_lex_wcache_word(c, t, &w))
		return NULL;
	*n = w.n;
	*sorted = w.sorted;
	return w.ids;
}

/* Whether t is cached: its ids, and the phrases they start (w->first,
 * NULL when put without them). */
bool
pc_lex_wcache_word(
    struct lex_wcache *c, const struct pc_threats_token *t, struct lex_wword *w)
{
	uint32_t h = wc_hash(t);
	struct wc_entry *e = wc_set(c, h), tmp;

	if (!wc_same(e, h, t)) {
		if (!wc_same(&e[1], h, t))
			return false;
		tmp = e[0]; /* the last used first */
		e[0] = e[1];
		e[1] = tmp;
	}
	w->ids = e->ids;
	w->inner = e->inner;
	w->sorted = e->sorted;
	w->n = e->n;
	w->ninner = e->ninner;
	w->first = e->nfirst == NO_FIRST ? NULL : e->first;
	w->nfirst = e->nfirst == NO_FIRST ? 0 : e->nfirst;
	w->mw = wc_mword(e);
	return true;
}

/* Sorts ids[0..n) ascending: a word matches tens of literals, rarely a
 * few hundred, and is sorted once when it enters the cache. */
void
pc_lex_ids_sort(int *ids, size_t n)
{
	size_t i, j;
	int v;

	for (i = 1; i < n; i++) {
		v = ids[i];
		for (j = i; j > 0 && ids[j - 1] > v; j--)
			ids[j] = ids[j - 1];
		ids[j] = v;
	}
}

/* Caches ids[0..n) for t (nothing when out of memory). */
void
pc_lex_wcache_put(struct lex_wcache *c, const struct pc_threats_token *t,
    const int *ids, size_t n)
{
	pc_lex_wcache_put_first(c, t, ids, n, ids, n, NULL, 0, NULL);
}

/* Caches ids[0..n) for t, those of them tested at a word inner[0..ni),
 * the phrases they start, cand[0..nc) (NULL: not known) and its model
 * features mw (NULL: not known); nothing when out of memory or too many. */
void
pc_lex_wcache_put_first(struct lex_wcache *c, const struct pc_threats_token *t,
    const int *ids, size_t n, const int *inner, size_t ni,
    const struct lex_cand *cand, size_t nc, const struct pc_threats_mword *mw)
{
	static const struct pc_threats_mword unknown = { PC_MWORD_UNKNOWN,
		PC_MWORD_UNKNOWN, PC_MWORD_UNKNOWN };
	uint32_t h = wc_hash(t);
	struct wc_entry *e = wc_set(c, h);
	size_t l[3], len, i, kpad;
	char *p;

	l[0] = strnlen(t->key, PC_THREATS_WORD_MAX - 1);
	l[1] = strnlen(t->alt, PC_THREATS_WORD_MAX - 1);
	l[2] = strnlen(t->col, PC_THREATS_WORD_MAX - 1);
	len = l[0] + l[1] + l[2];
	if (cand == NULL)
		nc = 0;
	if (n >= NO_FIRST || nc >= NO_FIRST || ni > n)
		return;
	/* the model features, the keys (padded to an int), then the phrases,
	 * ids and their sorted copy */
	kpad = (len + 3) & ~(size_t)3;
	if ((p = malloc(sizeof(*mw) + kpad + nc * sizeof(struct lex_first) +
		 (n + 2 * ni) * sizeof(int))) == NULL)
		return;
	/* the second slot's word leaves, the first's moves there */
	free(e[1].k == NULL ? NULL : (char *)wc_mword(&e[1]));
	e[1] = e[0];
	memcpy(p, mw ? mw : &unknown, sizeof(*mw));
	e->k = p + sizeof(*mw);
	memcpy(e->k, t->key, l[0]);
	memcpy(e->k + l[0], t->alt, l[1]);
	memcpy(e->k + l[0] + l[1], t->col, l[2]);
	e->first = (struct lex_first *)(void *)(e->k + kpad);
	for (i = 0; i < nc; i++) {
		e->first[i].pos = cand[i].pos;
		e->first[i].code = cand[i].code;
	}
	e->nfirst = cand == NULL ? NO_FIRST : (uint32_t)nc;
	e->ids =
	    (int *)(void *)((char *)e->first + nc * sizeof(struct lex_first));
	e->inner = e->ids + n;
	e->sorted = e->inner + ni;
	if (n > 0) /* a word that matches nothing may come with no array */
		memcpy(e->ids, ids, n * sizeof(int));
	if (ni > 0) {
		memcpy(e->inner, inner, ni * sizeof(int));
		memcpy(e->sorted, inner, ni * sizeof(int));
		pc_lex_ids_sort(e->sorted, ni);
	}
	e->h = h;
	e->l[0] = (uint8_t)l[0];
	e->l[1] = (uint8_t)l[1];
	e->l[2] = (uint8_t)l[2];
	e->wild = (t->flags & PC_TOK_WILDCARD) != 0;
	e->n = (uint32_t)n;
	e->ninner = (uint32_t)ni;
}

/* Gives the lexicon the model's word lookups (borrowed). */
void
pc_threats_lex_set_mcache(
    struct pc_threats_lexicon *lex, struct pc_threats_mcache *mc)
{
	lex->mcache = lex->model != NULL ? mc : NULL;
}

/* Word i's model features in w->mw: from the cache entry e (NULL: none),
 * looked up (and kept in e) when not known there. A word's features
 * depend on its key alone, and an entry is one key's. */
void
pc_lex_wcache_mword(const struct pc_threats_lexicon *lex, struct lex_scratch *w,
    const struct pc_threats_token *t, size_t i, struct pc_threats_mword *e)
{
	static const struct pc_threats_mword none = { -1, -1, -1 };

	if (e != NULL && e->word != PC_MWORD_UNKNOWN) {
		w->mw[i] = *e;
		return;
	}
	/* an empty key (an emoji's variation selector) is no word */
	w->mw[i] = t->key[0] != '\0'
	    ? pc_threats_mcache_word(lex->mcache, lex->model, t)
	    : none;
	if (e != NULL)
		*e = w->mw[i];
}

/* Frees the cache. */
void
pc_lex_wcache_free(struct lex_wcache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < PC_LEX_WCACHE_SLOTS; i++)
		if (c->e[i].k != NULL)
			free(wc_mword(&c->e[i]));
	pc_threats_table_free(c, sizeof(*c));
}
