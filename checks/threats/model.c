/* The word model: a logistic regression over a message's words and word
 * pairs, a second opinion on threats and abuse the rules miss. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "bigtable.h"
#include "model_int.h"

#define WHY_FEATURES 4 /* features named in an explanation */

#define FNV_BASIS 1469598103934665603ull

/* FNV-1a of a key, continued from h. */
static uint64_t
hash_from(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* FNV-1a of a key. */
uint64_t
pc_threats_model_hash(const char *s)
{
	return hash_from(FNV_BASIS, s);
}

/* Whether feature f is the word a, or the pair "a b" when b is given. */
static bool
same(const struct pc_threats_model *m, int f, const char *a, const char *b)
{
	const char *k = m->keys[f];
	size_t la;

	if (b == NULL)
		return strcmp(k, a) == 0;
	la = strlen(a);
	return strncmp(k, a, la) == 0 && k[la] == ' ' &&
	    strcmp(k + la + 1, b) == 0;
}

/* The index of the feature "a" (b NULL) or "a b", or -1: hashed in
 * place, no string built per word. */
int
pc_threats_model_find2(
    const struct pc_threats_model *m, const char *a, const char *b)
{
	uint64_t h = pc_threats_model_hash(a);
	size_t i;
	int f;

	if (m->cap == 0)
		return -1;
	if (b != NULL)
		h = hash_from(hash_from(h, " "), b);
	for (i = h & (m->cap - 1); (f = m->slot[i] - 1) >= 0;
	     i = (i + 1) & (m->cap - 1))
		if (m->h[f] == h && same(m, f, a, b))
			return f;
	return -1;
}

/* The index of the skip pair "a _ b", or -1. */
int
pc_threats_model_find_skip(
    const struct pc_threats_model *m, const char *a, const char *b)
{
	char rest[PC_THREATS_WORD_MAX + 3];

	snprintf(rest, sizeof(rest), "_ %s", b);
	return pc_threats_model_find2(m, a, rest);
}

/* The index of feature key, or -1. */
static int
find(const struct pc_threats_model *m, const char *key)
{
	return pc_threats_model_find2(m, key, NULL);
}

/* Appends f to a full list (grown). */
static int
push_grow(struct pc_threats_flist *l, int f)
{
	int *nv;

	if (l->n == l->cap) {
		if ((nv = realloc(l->v,
			 (l->cap ? 2 * l->cap : 64) * sizeof(*nv))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		l->v = nv;
		l->cap = l->cap ? 2 * l->cap : 64;
	}
	l->v[l->n++] = f;
	return 0;
}

/* Appends f to a list. */
static inline int
push(struct pc_threats_flist *l, int f)
{
	if (l->n < l->cap) {
		l->v[l->n++] = f;
		return 0;
	}
	return push_grow(l, f);
}

/* Scratch for a model's features. */
int
pc_threats_mscore_init(
    struct pc_threats_mscore *s, const struct pc_threats_model *m)
{
	size_t f, r;

	memset(s, 0, sizeof(*s));
	if (m == NULL)
		return 0;
	s->nfeat = m->n ? m->n : 1;
	if ((s->mark = calloc(s->nfeat, 1)) == NULL ||
	    (s->feat = pc_threats_table_new(s->nfeat * sizeof(*s->feat))) ==
		NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (f = 0; f < m->n; f++)
		for (r = 0; r < PC_THR_NRULES; r++)
			s->feat[f].w[r] = m->w[f * PC_THR_NRULES + r];
	pc_threats_mscore_reset(s);
	return pc_threats_mcache_new(&s->cache, m);
}

/* Forgets the features of the last message. */
void
pc_threats_mscore_reset(struct pc_threats_mscore *s)
{
	size_t i;

	for (i = 0; i < s->seen.n; i++)
		s->mark[s->seen.v[i]] = 0;
	s->seen.n = 0;
	s->nsent = 0;
	s->cur = NULL;
	s->whole = false;
	for (i = 0; i < PC_THR_NRULES; i++) {
		s->best_p[i] = -1;
		s->best[i].n = 0;
	}
}

/* Frees the scratch. */
void
pc_threats_mscore_free(struct pc_threats_mscore *s)
{
	size_t i;

	free(s->mark);
	pc_threats_table_free(s->feat, s->nfeat * sizeof(*s->feat));
	free(s->seen.v);
	free(s->tmp.v);
	pc_threats_mcache_free(s->cache);
	for (i = 0; i < PC_THREATS_WINDOW_MAX; i++)
		free(s->ring[i].v);
	for (i = 0; i < PC_THR_NRULES; i++)
		free(s->best[i].v);
	memset(s, 0, sizeof(*s));
}

/* Notes feature f (-1: unknown) of the current sentence (in its window
 * ring's list, s->cur, when the model has windows). */
static inline int
mark(const struct pc_threats_model *m, struct pc_threats_mscore *s, int f)
{
	int r;

	(void)m;
	if (f < 0)
		return 0;
	if (s->cur != NULL && (r = push(s->cur, f)) != 0)
		return r;
	if (s->mark[f])
		return 0;
	s->mark[f] = 1;
	return push(&s->seen, f);
}

/* The probability of the distinct features v[0..n) for rule r. */
static double
prob(const struct pc_threats_model *m, const struct pc_threats_mfeat *feat,
    enum pc_threats_rule r, const int *v, size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += feat[v[i]].w[r];
	return 1.0 / (1.0 + exp(-(m->bias[r] + sum / sqrt((double)n))));
}

/* Each rule's probability (p[r], for the rules the model has; the others
 * untouched) from the sums of the weights of n distinct features. */
static void
prob_sums(const struct pc_threats_model *m, const double sum[PC_THR_NRULES],
    size_t n, double p[PC_THR_NRULES])
{
	size_t r;

	for (r = 0; r < PC_THR_NRULES; r++)
		if (m->has[r])
			p[r] = 1.0 /
			    (1.0 +
				exp(-(m->bias[r] + sum[r] / sqrt((double)n))));
}

/* The probability of the distinct features v[0..n) for each rule the
 * model has (p[r]; the others untouched): one pass over the weights,
 * each rule's sum in the same order as prob()'s. */
static void
prob_all(const struct pc_threats_model *m, const struct pc_threats_mfeat *feat,
    const int *v, size_t n, double p[PC_THR_NRULES])
{
	double sum[PC_THR_NRULES] = { 0 };
	const double *w;
	size_t i, r;

	for (i = 0; i < n; i++) {
		w = feat[v[i]].w;
		for (r = 0; r < PC_THR_NRULES; r++)
			sum[r] += w[r];
	}
	prob_sums(m, sum, n, p);
}

/* Keeps tmp's features as rule r's best window (copied: tmp is reused). */
static int
keep_best(struct pc_threats_mscore *s, size_t r, double p)
{
	size_t i;
	int e;

	s->best_p[r] = p;
	s->best[r].n = 0;
	for (i = 0; i < s->tmp.n; i++)
		if ((e = push(&s->best[r], s->tmp.v[i])) != 0)
			return e;
	return 0;
}

/* Judges the window of the last m->window sentences, keeping each rule's
 * best one. The weights are summed as the union is made (in its order,
 * as prob_all() would: the same doubles), while each feature's line is
 * loaded for its stamp; a second pass found most of them gone. */
static int
judge_window(const struct pc_threats_model *m, struct pc_threats_mscore *s)
{
	double p[PC_THR_NRULES], sum[PC_THR_NRULES] = { 0 };
	size_t k, i, r;
	int f, e;

	if (m->window == 0 || s->nsent < m->window)
		return 0;
	if (++s->epoch == 0) { /* wrapped: forget every stamp */
		for (k = 0; k < s->nfeat; k++)
			s->feat[k].stamp = 0;
		s->epoch = 1;
	}
	s->tmp.n = 0;
	for (k = 0; k < m->window; k++)
		for (i = 0; i < s->ring[k].n; i++) {
			f = s->ring[k].v[i];
			if (s->feat[f].stamp == s->epoch)
				continue;
			s->feat[f].stamp = s->epoch;
			for (r = 0; r < PC_THR_NRULES; r++)
				sum[r] += s->feat[f].w[r];
			if ((e = push(&s->tmp, f)) != 0)
				return e;
		}
	if (s->tmp.n == 0)
		return 0;
	prob_sums(m, sum, s->tmp.n, p);
	for (r = 0; r < PC_THR_NRULES; r++)
		if (m->has[r] && p[r] > s->best_p[r] &&
		    (e = keep_best(s, r, p[r])) != 0)
			return e;
	return 0;
}

/* The prefix feature of a word ("threa~" for the model's 5 letters of
 * "threatening"), or -1 (a word of `prefix` letters or fewer has none). */
int
pc_threats_model_find_prefix(const struct pc_threats_model *m, const char *w)
{
	char key[PC_THREATS_WORD_MAX + 2];
	size_t i, n = 0;

	for (i = 0; w[i] && i < PC_THREATS_WORD_MAX; i++)
		if (((unsigned char)w[i] & 0xC0) != 0x80 && n++ == m->prefix)
			break; /* i: the first byte past the prefix */
	if (n <= m->prefix)
		return -1;
	memcpy(key, w, i);
	key[i] = '~';
	key[i + 1] = '\0';
	return find(m, key);
}

#define BATCH 64 /* words looked up before their features are noted */

/* The last two words of a sentence so far (keys, NULL before its first;
 * their cached features): the pairs and skip pairs of the next word. */
struct last2 {
	const char *key[2]; /* [0] the last word, [1] the one before */
	struct pc_threats_mword w[2];
};

/* Prefetches the pair and skip pair slots of the words of a batch. */
static void
prefetch_pairs(const struct pc_threats_model *m,
    const struct pc_threats_mscore *s, const struct pc_threats_token *t,
    size_t n, const struct pc_threats_mword *cw, const struct last2 *l)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].key[0] == '\0')
			continue;
		if (m->kinds & KIND_PAIR)
			pc_threats_mcache_pair_prefetch(
			    s->cache, i ? cw[i - 1] : l->w[0], cw[i]);
		if (m->kinds & KIND_SKIP)
			pc_threats_mcache_skip_prefetch(
			    s->cache, i > 1 ? cw[i - 2] : l->w[1 - i], cw[i]);
	}
}

/* Notes the features of words t[0..n) (at most BATCH), pairs and skip
 * pairs from l's words on: their cached lookups first, each pair's slot
 * prefetched, then the features (the pair table's cache misses
 * overlap). */
static int
add_batch(const struct pc_threats_model *m, struct pc_threats_mscore *s,
    const struct pc_threats_token *t, size_t n,
    const struct pc_threats_mword *mw, struct last2 *l)
{
	static const struct pc_threats_mword none = { -1, -1, -1 };
	struct pc_threats_mword cw[BATCH];
	size_t i;
	int r = 0;

	for (i = 0; mw == NULL && i < n; i++) {
		if (i + 4 < n)
			pc_threats_mcache_prefetch(s->cache, &t[i + 4]);
		/* an empty key (an emoji's variation selector) is no word */
		cw[i] = t[i].key[0] != '\0'
		    ? pc_threats_mcache_word(s->cache, m, &t[i])
		    : none;
	}
	for (i = 0; mw != NULL && i < n; i++)
		cw[i] = t[i].key[0] != '\0' ? mw[i] : none;
	if (m->kinds & (KIND_PAIR | KIND_SKIP))
		prefetch_pairs(m, s, t, n, cw, l);
	for (i = 0; i < n && r == 0; i++) {
		if (t[i].key[0] == '\0')
			continue;
		if ((m->kinds & KIND_WORD) && (r = mark(m, s, cw[i].word)) != 0)
			break;
		/* the pair joins the words either side of an empty key, as
		 * the trainer reads threats_words' output */
		if ((m->kinds & KIND_PAIR) && l->key[0] != NULL &&
		    (r = mark(m, s,
			 pc_threats_mcache_pair(s->cache, m, l->w[0], l->key[0],
			     cw[i], t[i].key))) != 0)
			break;
		if ((m->kinds & KIND_SKIP) && l->key[1] != NULL &&
		    (r = mark(m, s,
			 pc_threats_mcache_skip(s->cache, m, l->w[1], l->key[1],
			     cw[i], t[i].key))) != 0)
			break;
		if (m->kinds & KIND_PREFIX)
			r = mark(m, s, cw[i].prefix);
		l->key[1] = l->key[0];
		l->w[1] = l->w[0];
		l->key[0] = t[i].key;
		l->w[0] = cw[i];
	}
	return r;
}

/* Notes the features of one sentence's words: words, word pairs, skip
 * pairs and prefixes, as the model's kinds say. */
int
pc_threats_model_add(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_token *t, size_t n,
    const struct pc_threats_mword *mw)
{
	struct last2 l = { { NULL, NULL }, { { -1, -1, -1 }, { -1, -1, -1 } } };
	size_t i, k;
	int r = 0;

	if (m == NULL)
		return 0;
	s->whole = false;
	/* the previous sentence is complete: judge the window it ends */
	if (s->nsent > 0 && (r = judge_window(m, s)) != 0)
		return r;
	if (m->window > 0) {
		s->cur = &s->ring[s->nsent % m->window];
		s->cur->n = 0;
	}
	s->nsent++;
	for (i = 0; mw == NULL && i < n && i < 4; i++)
		pc_threats_mcache_prefetch(s->cache, &t[i]);
	for (i = 0; i < n && r == 0; i += k) {
		k = n - i < BATCH ? n - i : BATCH;
		r = add_batch(m, s, t + i, k, mw ? mw + i : NULL, &l);
	}
	return r;
}

/* The sets of the model a sentence matched, ascending, in hit (the first
 * PC_MODEL_SETS_MAX): the matcher's list sorted (a few), not a test of
 * every set. */
static size_t
sorted_hits(const struct pc_threats_model *m,
    const struct pc_threats_sentence *sent, size_t *hit)
{
	size_t i, j, k = 0, v;

	for (i = 0; i < sent->nhits; i++) {
		if ((size_t)sent->hits[i] >= m->nsets)
			continue;
		v = (size_t)sent->hits[i];
		for (j = k; j > 0 && hit[j - 1] > v; j--)
			if (j < PC_MODEL_SETS_MAX)
				hit[j] = hit[j - 1];
		if (j < PC_MODEL_SETS_MAX)
			hit[j] = v;
		if (k < PC_MODEL_SETS_MAX)
			k++;
	}
	return k;
}

/* Notes a sentence's matched sets as "@set" features (after its words). */
int
pc_threats_model_add_sets(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_lexicon *lex,
    const struct pc_threats_sentence *sent)
{
	size_t a, b, k = 0, hit[PC_MODEL_SETS_MAX];
	const int *row;
	int r;

	(void)lex; /* the sets were bound by pc_threats_model_check_sets */
	if (m == NULL || m->set_feature == NULL)
		return 0;
	s->whole = false;
	/* the sets matched, once, ascending (pairs among them only, not
	 * every pair) */
	if (sent->hits != NULL)
		k = sorted_hits(m, sent, hit);
	else
		for (a = 0; a < m->nsets && k < PC_MODEL_SETS_MAX; a++)
			if (pc_threats_any(sent, (int)a))
				hit[k++] = a;
	for (a = 0; a < k; a++) {
		if (m->set_feature[hit[a]] >= 0 &&
		    (r = mark(m, s, m->set_feature[hit[a]])) != 0)
			return r;
		/* "@a @b": a before b in the lexicons' order */
		row = m->set_pair ? m->set_pair + hit[a] * m->nsets : NULL;
		for (b = a + 1; row && b < k; b++)
			if (row[hit[b]] >= 0 &&
			    (r = mark(m, s, row[hit[b]])) != 0)
				return r;
	}
	return 0;
}

/* Ends a message: its last window, then the whole message's probability
 * for each rule (the engine asks for it several times). A message of
 * exactly `window` sentences has one window, the whole message: its
 * union lists the features as seen does (sentence by sentence, each
 * where it first appears), so its sums and probabilities are the whole
 * message's, bit for bit, and it is not judged. */
int
pc_threats_model_finish(
    const struct pc_threats_model *m, struct pc_threats_mscore *s)
{
	int r;

	if (m == NULL || s->nsent == 0)
		return 0;
	if (s->nsent != m->window && (r = judge_window(m, s)) != 0)
		return r;
	if (s->seen.n > 0) {
		prob_all(m, s->feat, s->seen.v, s->seen.n, s->whole_p);
		s->whole = true;
	}
	return 0;
}

/* Writes the strongest positive features of v[0..n) for rule r. */
static void
explain(const struct pc_threats_model *m, const struct pc_threats_mfeat *feat,
    enum pc_threats_rule r, const int *v, size_t n, double p, double threshold,
    char *why, size_t cap)
{
	int top[WHY_FEATURES];
	size_t i, k, ntop = 0, o;
	double w;

	for (i = 0; i < n; i++) {
		w = feat[v[i]].w[r];
		if (w <= 0)
			continue;
		/* insert, largest first, keeping WHY_FEATURES */
		for (k = ntop; k > 0 && feat[top[k - 1]].w[r] < w; k--)
			if (k < WHY_FEATURES)
				top[k] = top[k - 1];
		if (k < WHY_FEATURES) {
			top[k] = v[i];
			if (ntop < WHY_FEATURES)
				ntop++;
		}
	}
	o = (size_t)snprintf(
	    why, cap, "word model %.2f >= %.2f:", p, threshold);
	for (k = 0; k < ntop && o < cap; k++)
		o += (size_t)snprintf(
		    why + o, cap - o, "%s '%s'", k ? "," : "", m->keys[top[k]]);
}

/* The model's probability for rule r (the whole message's or its best
 * window's), and why. */
double
pc_threats_model_score(const struct pc_threats_model *m,
    const struct pc_threats_mscore *s, enum pc_threats_rule r,
    double *threshold, char *why, size_t cap)
{
	double p;

	if (why && cap)
		why[0] = '\0';
	if (m == NULL || (int)r < 0 || r >= PC_THR_NRULES || !m->has[r] ||
	    s->seen.n == 0)
		return -1;
	*threshold = m->long_sentences > 0 && s->nsent > m->long_sentences &&
		m->threshold_long[r] > 0
	    ? m->threshold_long[r]
	    : m->threshold[r];
	p = s->whole ? s->whole_p[r]
		     : prob(m, s->feat, r, s->seen.v, s->seen.n);
	if (s->best_p[r] > p) {
		if (why && cap && s->best_p[r] >= *threshold)
			explain(m, s->feat, r, s->best[r].v, s->best[r].n,
			    s->best_p[r], *threshold, why, cap);
		return s->best_p[r];
	}
	if (why && cap && p >= *threshold)
		explain(m, s->feat, r, s->seen.v, s->seen.n, p, *threshold, why,
		    cap);
	return p;
}
