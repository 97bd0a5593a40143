/* Threats lexicons: finding every set's matches in one sentence. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "lexicon_int.h"

#define WORD_LITS_MAX                                                          \
	1024 /* literal elements one word may match ("a",
                            * "you" start or sit in hundreds of phrases) */

struct mctx {
	const struct pc_threats_lexicon *lex;
	struct pc_threats_sentence *s;
	const int *lits;      /* literal ids per word, from litoff */
	const int *slits;     /* the same, each word's ascending */
	const uint64_t *mask; /* lit -> its words (n <= 64), or NULL */
	const size_t *litoff; /* [n + 1] */
	int set;
	size_t start;
	size_t *span; /* [2 * set]: first start, last start + 1 (0: none) */
	int *hits;    /* the sets matched, nhits */
	size_t nhits;
};

/* a with '*' in it equals b with any one character there. */
static bool
wild_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && *a != '*')
			return false;
	return *a == *b;
}

/* Adds id to ids[0..*n) once. */
static void
add_id(int *ids, size_t *n, int id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (ids[i] == id)
			return;
	if (*n < WORD_LITS_MAX)
		ids[(*n)++] = id;
}

/* Adds the ids of a map entry (an entry's ids are distinct: the first
 * entry is copied without the search). */
static void
add_entry(int *ids, size_t *n, const struct lex_map_entry *e)
{
	size_t i;

	if (e && *n == 0) {
		for (i = 0; i < e->n && i < WORD_LITS_MAX; i++)
			ids[i] = e->ids[i];
		*n = i;
		return;
	}
	for (i = 0; e && i < e->n; i++)
		add_id(ids, n, e->ids[i]);
}

/* Adds the ids of the "word~" literals whose word key is an inflected
 * form of: -s, -es, -ies, -ed, -ied, -ing, -ying, the dropped-g -in of
 * speech and dialect ("comin", "kickin"), the misspelt -erd ("murderd",
 * "slaughterd"), with a doubled last consonant undone ("stabbing",
 * "stabbin") or an e restored ("hated"). */
static void
add_stems(
    const struct pc_threats_lexicon *lex, const char *key, int *ids, size_t *n)
{
	static const struct {
		const char *suffix, *repl;
	} rules[] = { { "ying", "ie" }, { "ies", "y" }, { "ied", "y" },
		{ "ing", "" }, { "ing", "e" }, { "es", "" }, { "ed", "" },
		{ "ed", "e" }, { "s", "" }, { "in", "" }, { "in", "e" },
		{ "erd", "er" } };
	char stem[PC_THREATS_WORD_MAX];
	size_t i, l = strlen(key), sl, k;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		sl = strlen(rules[i].suffix);
		if (l < sl + 3 || l >= sizeof(stem) ||
		    strcmp(key + l - sl, rules[i].suffix) != 0)
			continue;
		k = l - sl;
		snprintf(
		    stem, sizeof(stem), "%.*s%s", (int)k, key, rules[i].repl);
		add_entry(ids, n, pc_lex_map_get(&lex->inflect, stem));
		/* stabbing -> stab */
		if (*rules[i].repl == '\0' && k >= 4 &&
		    stem[k - 1] == stem[k - 2] &&
		    strchr("aeiou", stem[k - 1]) == NULL) {
			stem[k - 1] = '\0';
			add_entry(ids, n, pc_lex_map_get(&lex->inflect, stem));
		}
	}
}

/* Adds the ids of the literal "-ing" word a dropped-g form spells
 * ("lookin" is "looking", "waitin" is "waiting"). */
static void
dropped_g(
    const struct pc_threats_lexicon *lex, const char *key, int *ids, size_t *n)
{
	char full[PC_THREATS_WORD_MAX];
	size_t l = strlen(key);

	if (l < 4 || l + 2 > sizeof(full) || strcmp(key + l - 2, "in") != 0)
		return;
	snprintf(full, sizeof(full), "%sg", key);
	add_entry(ids, n, pc_lex_map_get(&lex->bykey, full));
}

/* The literal element ids word t matches. */
static size_t
word_lits(const struct pc_threats_lexicon *lex,
    const struct pc_threats_token *t, int *ids)
{
	const struct lex_alt *a;
	size_t n = 0, i;

	add_entry(ids, &n, pc_lex_map_get(&lex->bykey, t->key));
	add_entry(ids, &n, pc_lex_map_get(&lex->bykey, t->alt));
	add_entry(ids, &n, pc_lex_map_get(&lex->bycol, t->col));
	dropped_g(lex, t->key, ids, &n);
	if (lex->inflect.n > 0)
		add_stems(lex, t->key, ids, &n);
	for (i = 0; i < lex->nprefix; i++) {
		a = &lex->alts[lex->prefix_alts[i]];
		if (a->key[0] == '\0')
			continue;
		/* first bytes first: most words share none with a prefix */
		if ((t->key[0] == a->key[0] &&
			strncmp(t->key, a->key, strlen(a->key)) == 0) ||
		    (t->alt[0] == a->key[0] &&
			strncmp(t->alt, a->key, strlen(a->key)) == 0) ||
		    (t->col[0] &&
			(a->col[0] == '\0' ||
			    (t->col[0] == a->col[0] &&
				strncmp(t->col, a->col, strlen(a->col)) == 0))))
			add_id(ids, &n, a->el);
	}
	if (t->flags & PC_TOK_WILDCARD)
		for (i = 0; i < lex->nalts; i++)
			if (!lex->alts[i].prefix &&
			    wild_eq(t->key, lex->alts[i].key))
				add_id(ids, &n, lex->alts[i].el);
	return n;
}

/* Whether word i matches literal element lit: a bit of the sentence's
 * mask, or in a sentence longer than 64 words a binary search of its
 * ascending ids ("you" matches hundreds). */
static bool
has_lit(const struct mctx *c, size_t i, int lit)
{
	size_t lo = c->litoff[i], hi = c->litoff[i + 1], mid;

	if (c->mask != NULL)
		return (c->mask[lit] >> i) & 1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->slits[mid] < lit)
			lo = mid + 1;
		else if (c->slits[mid] > lit)
			hi = mid;
		else
			return true;
	}
	return false;
}

/* Records a match of c->set from c->start to end (keeps the longest). */
static void
record(struct mctx *c, size_t end)
{
	short *e = &c->s->ends[((size_t)c->set * c->s->n + c->start) *
	    PC_LEX_MAX_ENDS];
	size_t k, min = 0;

	/* a set's rows are made at its first match: most sets match nothing
	 * in a sentence, and clearing every row of every set was a large
	 * part of matching a short one */
	if (c->span[2 * c->set + 1] == 0) {
		memset(&c->s->ends[(size_t)c->set * c->s->n * PC_LEX_MAX_ENDS],
		    0xff, c->s->n * PC_LEX_MAX_ENDS * sizeof(short));
		c->hits[c->nhits++] = c->set;
	}

	if (c->span[2 * c->set + 1] == 0 || c->start < c->span[2 * c->set])
		c->span[2 * c->set] = c->start;
	if (c->start + 1 > c->span[2 * c->set + 1])
		c->span[2 * c->set + 1] = c->start + 1;
	for (k = 0; k < PC_LEX_MAX_ENDS; k++) {
		if (e[k] == (short)end)
			return;
		if (e[k] < 0)
			break;
		if (e[k] < e[min])
			min = k;
	}
	if (k == PC_LEX_MAX_ENDS) { /* full: the longest four are kept */
		if (e[min] > (short)end)
			return;
		k = min;
	}
	e[k] = (short)end;
	/* the longest first, for pc_threats_at (which ends are kept does
	 * not depend on the order they came in, nor on their places) */
	if (k > 0 && e[k] > e[0]) {
		e[k] = e[0];
		e[0] = (short)end;
	}
}

/* Matches a phrase's code from p at word i, recording each end: a
 * literal, any word or an end steps on; a gap or a set's ends branch
 * (depth first, in the order the elements' matches were recorded). */
static void
match_from(struct mctx *c, const uint32_t *p, size_t i)
{
	const short *e;
	size_t g, n = c->s->n;
	uint32_t op;

	for (;; p++) {
		op = *p;
		switch (LEX_OP_KIND(op)) {
		case EL_LIT:
			if (i >= n || !has_lit(c, i, (int)LEX_OP_ARG(op)))
				return;
			i++;
			break;
		case EL_ANY:
			if (i >= n)
				return;
			i++;
			break;
		case EL_END: /* the sentence's end, or a clause's */
			if (i != n &&
			    !(i > 0 &&
				(c->s->toks[i - 1].flags & PC_TOK_CLAUSE_END)))
				return;
			break;
		case EL_GAP:
			for (g = 0; g <= LEX_OP_ARG(op) && i + g <= n; g++)
				match_from(c, p + 1, i + g);
			return;
		case EL_SET:
			if (i >= n ||
			    c->span[2 * LEX_OP_ARG(op) + 1] == 0) /* no match */
				return;
			e = &c->s->ends[((size_t)LEX_OP_ARG(op) * n + i) *
			    PC_LEX_MAX_ENDS];
			for (g = 0; g < PC_LEX_MAX_ENDS && e[g] >= 0; g++)
				match_from(c, p + 1, (size_t)e[g]);
			return;
		default: /* LEX_OP_DONE */ record(c, i); return;
		}
	}
}

/* Orders candidates by set order, then word: a stable counting sort on
 * the set order (they were made word by word), as a stable sort on
 * (set order, word) would, in O(n + sets). The order is w->sorted. */
static void
order_cands(
    const struct pc_threats_lexicon *lex, struct lex_scratch *w, size_t n)
{
	size_t *at = w->at, i, sum = 0, c;

	memset(at, 0, (lex->nsets + 1) * sizeof(*at));
	for (i = 0; i < n; i++)
		at[w->cands[i].pos]++;
	for (i = 0; i <= lex->nsets; i++) {
		c = at[i];
		at[i] = sum;
		sum += c;
	}
	for (i = 0; i < n; i++)
		w->sorted[at[w->cands[i].pos]++] = w->cands[i];
}

/* Drops the candidates whose second element is a literal the next word
 * lacks (by the sentence's mask): match_from would return there at once,
 * and most candidates are that ("you" starts hundreds of phrases). Keeps
 * the others' order; *ordered says whether they are in set order. */
static size_t
drop_cands(const struct mctx *c, struct lex_cand *cv, size_t nc, bool *ordered)
{
	const uint32_t *code = c->lex->code;
	size_t i, k = 0, at;
	uint32_t op;
	int pos = -1;

	*ordered = true;
	for (i = 0; i < nc; i++) {
		op = code[cv[i].code];
		at = (size_t)cv[i].word + 1;
		if (LEX_OP_KIND(op) == EL_LIT &&
		    (at >= c->s->n || !((c->mask[LEX_OP_ARG(op)] >> at) & 1)))
			continue;
		if (cv[i].pos < pos)
			*ordered = false;
		pos = cv[i].pos;
		cv[k++] = cv[i];
	}
	return k;
}

/* Orders the candidates sentence_lits listed (w->cands, *nc of them; the
 * hopeless dropped first when the sentence has a mask): *cv_out is
 * w->cands when already in order, else w->sorted. */
static int
candidates(const struct mctx *c, struct lex_scratch *w, size_t *nc,
    const struct lex_cand **cv_out)
{
	bool ordered = false;
	int r;

	*cv_out = w->cands;
	if (*nc > 0 && c->mask != NULL)
		*nc = drop_cands(c, w->cands, *nc, &ordered);
	if (*nc == 0 || ordered) /* nothing to order */
		return 0;
	if ((r = pc_lex_scratch_cands(w, *nc, c->lex->nsets)) != 0)
		return r;
	order_cands(c->lex, w, *nc);
	*cv_out = w->sorted;
	return 0;
}

/* Runs the phrases of group gr whose word's literal is word p's. */
static void
byl_word(struct mctx *c, const struct lex_set *set, const struct lex_sfg *gr,
    size_t p)
{
	const struct lex_sfl *v = set->byl;
	size_t k, lo, hi, mid;
	int lit;

	for (k = c->litoff[p]; k < c->litoff[p + 1]; k++) {
		lit = c->lits[k];
		if (!((gr->bloom[(lit >> 6) & 3] >> (lit & 63)) & 1))
			continue;
		for (lo = gr->a, hi = gr->b; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (v[mid].lit < lit)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < gr->b && v[lo].lit == lit; lo++)
			match_from(c, c->lex->code + v[lo].code, p + 1);
	}
}

/* Runs the phrases of group gr whose word is one of words [p, p + gap]
 * by the sentence's mask: each of the group's literals once, its words
 * in the window read from the literal's bits (cheaper than each word's
 * literals when the group has fewer literals than the window's words). */
static void
byl_mask(struct mctx *c, const struct lex_set *set, const struct lex_sfg *gr,
    size_t p)
{
	const struct lex_sfl *v = set->byl;
	uint64_t win = (((uint64_t)2 << gr->gap) - 1) << p, bits = 0, b;
	size_t lo;
	int lit = -1;

	for (lo = gr->a; lo < gr->b; lo++) {
		if (v[lo].lit != lit) {
			lit = v[lo].lit;
			bits = c->mask[lit] & win;
		}
		for (b = bits; b != 0; b &= b - 1)
			match_from(c, c->lex->code + v[lo].code,
			    (size_t)__builtin_ctzll(b) + 1);
	}
}

/* Runs the phrases "{ref} word ..." ("{ref} *N word ...") of group gr
 * whose word's literal is a word's right after (up to N words after) a
 * match of ref, as match_from would reach them (in another order: which
 * ends record() keeps does not depend on it). */
static void
byl_group(struct mctx *c, const struct lex_set *set, const struct lex_sfg *gr)
{
	const short *e;
	size_t i, g, p, to, n = c->s->n;
	int ref = gr->ref;

	for (i = c->span[2 * ref]; i < c->span[2 * ref + 1]; i++) {
		e = &c->s->ends[((size_t)ref * n + i) * PC_LEX_MAX_ENDS];
		c->start = i;
		for (g = 0; g < PC_LEX_MAX_ENDS && e[g] >= 0; g++) {
			p = (size_t)e[g];
			to = p + (size_t)gr->gap + 1 < n
			    ? p + (size_t)gr->gap + 1
			    : n;
			if (p >= n)
				continue;
			/* the mask when the group's literals are fewer than
			 * the window's words' */
			if (c->mask != NULL && gr->gap < 62 &&
			    gr->b - gr->a < c->litoff[to] - c->litoff[p]) {
				byl_mask(c, set, gr, p);
				continue;
			}
			for (; p < to; p++)
				byl_word(c, set, gr, p);
		}
	}
}

/* Matches set k of the order's set-first phrases. */
static void
setfirst_all(struct mctx *c, const struct lex_set *set)
{
	const uint32_t *code;
	size_t f, i, from, to;
	int ref;

	for (f = 0; f < set->ngroups; f++)
		byl_group(c, set, &set->groups[f]);
	for (f = 0; f < set->nrest; f++) {
		/* a set starts a phrase only where it matched: from its
		 * first start to its last (none: not tried) */
		ref = set->setfirst_ref[f];
		from = ref >= 0 ? c->span[2 * ref] : 0;
		to = ref >= 0 ? c->span[2 * ref + 1] : c->s->n;
		code = c->lex->code + set->setfirst_code[f];
		/* "{ref} {next} ...": nothing where next matched nowhere */
		if (set->setfirst_next[f] >= 0 &&
		    c->span[2 * (size_t)set->setfirst_next[f] + 1] == 0)
			continue;
		for (i = from; i < to; i++) {
			/* ref >= 0: the phrase starts with {ref} */
			if (ref >= 0 &&
			    c->s->ends[((size_t)ref * c->s->n + i) *
				PC_LEX_MAX_ENDS] < 0)
				continue;
			c->start = i;
			match_from(c, code, i);
		}
	}
}

/* Matches every set in dependency order: the literal-first candidates,
 * then phrases starting with a set reference where that set matched.
 * Only the sets with candidates or set-first phrases are visited (most
 * of the 50 have neither in a sentence), in the same order. */
static void
match_all(struct mctx *c, const struct lex_cand *cv, size_t nc)
{
	const struct pc_threats_lexicon *lex = c->lex;
	size_t q = 0, s = 0, k, kc, ks;

	for (;;) {
		kc = q < nc ? (size_t)cv[q].pos : SIZE_MAX;
		ks = s < lex->nsfpos ? (size_t)lex->sfpos[s] : SIZE_MAX;
		if ((k = kc < ks ? kc : ks) == SIZE_MAX)
			break;
		c->set = lex->order[k];
		/* a candidate's first literal matched at its word */
		for (; q < nc && (size_t)cv[q].pos == k; q++) {
			c->start = (size_t)cv[q].word;
			match_from(
			    c, lex->code + cv[q].code, (size_t)cv[q].word + 1);
		}
		if (ks == k) {
			setfirst_all(c, &lex->sets[c->set]);
			s++;
		}
	}
}

/* Appends the candidates of word i (phrases whose first literal is one
 * of its ids[0..m)) to w->cands[*nc...]: from the word cache's copy, or
 * looked up literal by literal (first: NULL). */
static int
word_cands(const struct pc_threats_lexicon *lex, struct lex_scratch *w,
    size_t i, const int *ids, size_t m, const struct lex_first *first,
    size_t nfirst, size_t *nc)
{
	size_t k, a, b, n = *nc;
	int r;

	if (first != NULL) {
		if (n + nfirst > w->candcap &&
		    (r = pc_lex_scratch_cands(w, n + nfirst, lex->nsets)) != 0)
			return r;
		for (k = 0; k < nfirst; k++, n++) {
			w->cands[n].pos = first[k].pos;
			w->cands[n].word = (int)i;
			w->cands[n].code = first[k].code;
		}
		*nc = n;
		return 0;
	}
	for (k = 0; k < m; k++) {
		a = lex->first_off[ids[k]];
		b = lex->first_off[ids[k] + 1];
		if (n + (b - a) > w->candcap &&
		    (r = pc_lex_scratch_cands(w, n + (b - a), lex->nsets)) != 0)
			return r;
		for (; a < b; a++, n++) {
			w->cands[n].pos = lex->first[a].pos;
			w->cands[n].word = (int)i;
			w->cands[n].code = lex->first[a].code;
		}
	}
	*nc = n;
	return 0;
}

/* Copies word i's ids tested at a word (ascending too when the sentence
 * is longer than 64 words) into w's arrays at *nlits. */
static int
copy_lits(const struct pc_threats_lexicon *lex, struct lex_scratch *w, size_t n,
    const int *src, const int *sorted, size_t m, size_t *nlits)
{
	int r;

	if ((*nlits + m > w->litcap || *nlits + m > w->slitcap) &&
	    (r = pc_lex_scratch_reserve(w, n, lex->nsets, *nlits, m)) != 0)
		return r;
	if (m > 0)
		memcpy(w->lits + *nlits, src, m * sizeof(*src));
	/* the ascending copy is for has_lit's binary search: a sentence of
	 * up to 64 words uses the mask instead */
	if (m > 0 && n > 64) {
		memcpy(
		    w->slits + *nlits, sorted ? sorted : src, m * sizeof(*src));
		if (sorted == NULL)
			pc_lex_ids_sort(w->slits + *nlits, m);
	}
	*nlits += m;
	return 0;
}

/* The ids of ids[0..n) tested at a word (lex->inner; all without it),
 * in their order, in inner; their count. */
static size_t
inner_lits(
    const struct pc_threats_lexicon *lex, const int *ids, size_t n, int *inner)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (lex->inner == NULL || lex->inner[ids[i]])
			inner[k++] = ids[i];
	return k;
}

/* Fills w's literal ids of each word that are tested at a word (as found,
 * and ascending: a literal that only starts phrases is found through the
 * candidates, and about half of a word's are that), their offsets, and
 * the candidates (phrases whose first literal matched, word by word) in
 * w->cands (*nc of them). */
static int
sentence_lits(const struct pc_threats_lexicon *lex, struct lex_scratch *w,
    const struct pc_threats_token *toks, size_t n, size_t *nc)
{
	int ids[WORD_LITS_MAX], inner[WORD_LITS_MAX];
	struct lex_wword ww;
	size_t i, m, nlits = 0, c0;
	int r;

	*nc = 0;
	w->litoff[0] = 0;
	for (i = 0; lex->wcache && i < n && i < 4; i++)
		pc_lex_wcache_prefetch(lex->wcache, &toks[i]);
	for (i = 0; i < n; i++) {
		if (lex->wcache && i + 4 < n) /* the entries are 3 MB */
			pc_lex_wcache_prefetch(lex->wcache, &toks[i + 4]);
		if (lex->wcache == NULL ||
		    !pc_lex_wcache_word(lex->wcache, &toks[i], &ww)) {
			m = word_lits(lex, &toks[i], ids);
			ww.ids = ids;
			ww.inner = inner;
			ww.sorted = NULL;
			ww.first = NULL;
			ww.n = m;
			ww.ninner = inner_lits(lex, ids, m, inner);
			ww.nfirst = 0;
			ww.mw = NULL;
		}
		if (lex->mcache != NULL)
			pc_lex_wcache_mword(lex, w, &toks[i], i, ww.mw);
		if ((r = copy_lits(lex, w, n, ww.inner, ww.sorted, ww.ninner,
			 &nlits)) != 0)
			return r;
		w->litoff[i + 1] = nlits;
		c0 = *nc;
		if ((r = word_cands(lex, w, i, ww.ids, ww.n, ww.first,
			 ww.nfirst, nc)) != 0)
			return r;
		if (lex->wcache && ww.ids == ids) /* looked up: cache it */
			pc_lex_wcache_put_first(lex->wcache, &toks[i], ids,
			    ww.n, inner, ww.ninner, w->cands + c0, *nc - c0,
			    lex->mcache != NULL ? &w->mw[i] : NULL);
	}
	return 0;
}

/* Gives s its ends array of need shorts: the one the last sentence freed
 * when it is large enough (a malloc and free of a few KB per sentence
 * was a visible part of matching a short one), else a new one. */
static int
take_ends(struct pc_threats_sentence *s, struct lex_scratch *w, size_t need)
{
	if (w->spare != NULL && w->sparecap >= need) {
		s->ends = w->spare;
		s->endscap = w->sparecap;
		w->spare = NULL;
	} else if ((s->ends = malloc(need * sizeof(short))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	else
		s->endscap = need;
	s->pool = w;
	return 0;
}

/* Finds every set's matches in one sentence. */
int
pc_threats_lex_match(struct pc_threats_sentence *s,
    const struct pc_threats_lexicon *lex, const struct pc_threats_token *toks,
    size_t n)
{
	struct lex_scratch *w = lex->scratch;
	const struct lex_cand *cv = NULL;
	struct mctx c = { 0 };
	size_t nc = 0, i, k;
	int r = 0;

	memset(s, 0, sizeof(*s));
	s->toks = toks;
	s->n = n;
	s->nsets = lex->nsets;
	if (n == 0)
		return 0;
	if (n > 30000)
		return pc_error_set(PC_ELIMIT, "sentence of %zu words", n);
	if (w == NULL)
		return pc_error_set(PC_ECONFIG,
		    "threats lexicon has no work arrays (not loaded)");
	if ((r = pc_lex_scratch_reserve(w, n, lex->nsets, 0, 0)) != 0)
		return r;
	if ((r = take_ends(s, w, lex->nsets * n * PC_LEX_MAX_ENDS)) != 0)
		return r;
	/* rows are cleared at a set's first match (record()); span says
	 * which sets have rows */
	memset(w->span, 0, (2 * lex->nsets + 2) * sizeof(*w->span));
	c.lex = lex;
	c.s = s;
	c.span = w->span;
	c.hits = w->hits;
	if ((r = sentence_lits(lex, w, toks, n, &nc)) == 0) {
		c.lits = w->lits; /* fixed from here to the end */
		c.slits = w->slits;
		c.litoff = w->litoff;
	}
	if (r == 0 && n <= 64 &&
	    (r = pc_lex_scratch_mask(w, (size_t)lex->nlits)) == 0) {
		for (i = 0; i < n; i++)
			for (k = w->litoff[i]; k < w->litoff[i + 1]; k++)
				w->mask[w->lits[k]] |= (uint64_t)1 << i;
		c.mask = w->mask;
	}
	if (r == 0)
		r = candidates(&c, w, &nc, &cv);
	if (r != 0) {
		pc_threats_sentence_free(s);
		if (c.mask != NULL)
			for (k = 0; k < w->litoff[n]; k++)
				w->mask[w->lits[k]] = 0;
		return r;
	}
	match_all(&c, cv, nc);
	s->span = w->span;
	s->hits = w->hits;
	s->nhits = c.nhits;
	s->mw = lex->mcache != NULL ? w->mw : NULL;
	if (c.mask != NULL) /* zero again for the next sentence */
		for (k = 0; k < w->litoff[n]; k++)
			w->mask[w->lits[k]] = 0;
	return 0;
}

/* Frees a sentence's matches. */
void
pc_threats_sentence_free(struct pc_threats_sentence *s)
{
	struct lex_scratch *w = s->pool;

	/* kept for the next sentence when the pool has none, or a smaller
	 * one (it then grows to the longest sentence's, 200 words at most
	 * from the tokeniser: 80 KB over 50 sets) */
	if (w != NULL && s->ends != NULL &&
	    (w->spare == NULL || w->sparecap < s->endscap)) {
		free(w->spare);
		w->spare = s->ends;
		w->sparecap = s->endscap;
	} else
		free(s->ends);
	s->ends = NULL;
	s->pool = NULL;
}

/* The start of a match of set covering word i. */
int
pc_threats_covering(const struct pc_threats_sentence *s, int set, size_t i)
{
	size_t a = i > 16 ? i - 16 : 0;

	for (; a <= i; a++)
		if (pc_threats_at(s, set, a) > (int)i)
			return (int)a;
	return -1;
}

/* Lexicon lookups for the tokeniser. */
bool
pc_threats_lex_known(void *arg, const char *key)
{
	const struct pc_threats_lexicon *lex = arg;

	return pc_lex_map_get(&lex->words, key) != NULL;
}

/* The word an emoji stands for. */
const char *
pc_threats_lex_emoji(void *arg, int cp)
{
	const struct pc_threats_lexicon *lex = arg;
	size_t i;

	if (cp < 0x2000)
		return NULL;
	for (i = 0; i < lex->nemoji; i++)
		if (lex->emoji[i].cp == cp)
			return lex->emoji[i].word;
	return NULL;
}

/* The index of a set by name. */
int
pc_threats_lex_set(const struct pc_threats_lexicon *lex, const char *name)
{
	size_t i;

	for (i = 0; i < lex->nsets; i++)
		if (strcmp(lex->sets[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* A window size by name. */
long
pc_threats_lex_window(
    const struct pc_threats_lexicon *lex, const char *name, long def)
{
	size_t i;

	for (i = 0; i < lex->nwindows; i++)
		if (strcmp(lex->windows[i].name, name) == 0)
			return lex->windows[i].value;
	return def;
}

/* The patterns. */
const struct pc_threats_pattern *
pc_threats_lex_patterns(const struct pc_threats_lexicon *lex, size_t *n_out)
{
	*n_out = lex->npats;
	return lex->pats;
}

/* The word model a lexicon file gave, or NULL. */
const struct pc_threats_model *
pc_threats_lex_model(const struct pc_threats_lexicon *lex)
{
	return lex->model;
}

/* The name of set i ("harm_life"), or NULL. */
const char *
pc_threats_lex_set_name(const struct pc_threats_lexicon *lex, size_t i)
{
	return i < lex->nsets ? lex->sets[i].name : NULL;
}
