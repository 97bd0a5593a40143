/* The word model's lookups per word, cached: a word's own feature, its
 * prefix feature and its id among the words of the model's pairs, so a
 * word pair is found by two integers, not by hashing and comparing the
 * string "a b". The same few thousand words recur in every message, and
 * hashing and comparing each word's three feature strings was about a
 * tenth of judging one. Exact: a pair found here is the feature whose key
 * is the two words joined by a space, as pc_threats_model_find2 finds it
 * (a word with a space in it is looked up that way instead). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "bigtable.h"
#include "model_int.h"

#define MC_SLOTS   65536 /* words cached (a 64-byte slot each: 4 MB), */
#define MC_WAYS    2     /* in sets of two slots (the last used first) */
#define MC_KEY_MAX 47    /* longer words are looked up each time */

/* One cached word (one cache line). */
struct mc_entry {
	char key[MC_KEY_MAX]; /* the word's key, NUL-padded */
	uint8_t len;          /* its length; slot empty when word == 0 */
	uint32_t h;           /* the token's hash */
	struct pc_threats_mword v;
};

struct pc_threats_mcache {
	struct mc_entry *e; /* [MC_SLOTS] */
	char **vocab;       /* [nvocab] the words of the pairs */
	int *vslot;         /* [vcap] vocab index + 1, 0 free */
	uint64_t *pkey;     /* [pcap] (first id + 1) << 32 | second id + 1 */
	int *pfeat;         /* [pcap] the pair's feature */
	size_t nvocab, vcap, pcap;
};

/* FNV-1a of len bytes of s. */
static uint64_t
hash_n(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

/* The power of two at least twice n (at least 16). */
static size_t
table_cap(size_t n)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	return cap;
}

/* The vocabulary id of s[0..len), or -1; with add, added when new
 * (-2: out of memory). */
static int
vocab_id(struct pc_threats_mcache *c, const char *s, size_t len, bool add)
{
	size_t i;
	int v;

	for (i = hash_n(s, len) & (c->vcap - 1); (v = c->vslot[i] - 1) >= 0;
	     i = (i + 1) & (c->vcap - 1))
		if (strncmp(c->vocab[v], s, len) == 0 &&
		    c->vocab[v][len] == '\0')
			return v;
	if (!add)
		return -1;
	if ((c->vocab[c->nvocab] = strndup(s, len)) == NULL)
		return -2;
	c->vslot[i] = (int)++c->nvocab;
	return (int)c->nvocab - 1;
}

/* The pair table's first slot to probe for key k. */
static size_t
pair_home(const struct pc_threats_mcache *c, uint64_t k)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & (c->pcap - 1);
}

/* The pair table's slot for key k (its own, or the free one). */
static size_t
pair_slot(const struct pc_threats_mcache *c, uint64_t k)
{
	size_t i;

	for (i = pair_home(c, k); c->pkey[i] != 0 && c->pkey[i] != k;
	     i = (i + 1) & (c->pcap - 1))
		;
	return i;
}

/* The pair key of two ids (ids are below 2^31: the top bit is free). */
static uint64_t
pair_key(int a, int b)
{
	return ((uint64_t)(uint32_t)(a + 1) << 32) | (uint32_t)(b + 1);
}

#define SKIP_BIT (1ull << 63) /* in a skip pair's key ("a _ b") */

/* Indexes every feature with a space ("a b", "@a @b", "a _ b") by its
 * two words (split at the first space; a skip pair's "_ " dropped and
 * its key marked SKIP_BIT). */
static int
index_pairs(struct pc_threats_mcache *c, const struct pc_threats_model *m)
{
	const char *k, *sp;
	size_t f, npairs = 0, i;
	uint64_t key;
	int a, b, skip;

	for (f = 0; f < m->n; f++)
		if (strchr(m->keys[f], ' ') != NULL)
			npairs++;
	c->vcap = table_cap(2 * npairs);
	c->pcap = table_cap(npairs);
	if ((c->vocab = calloc(2 * npairs + 1, sizeof(*c->vocab))) == NULL ||
	    (c->vslot = calloc(c->vcap, sizeof(*c->vslot))) == NULL ||
	    (c->pkey = calloc(c->pcap, sizeof(*c->pkey))) == NULL ||
	    (c->pfeat = calloc(c->pcap, sizeof(*c->pfeat))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (f = 0; f < m->n; f++) {
		k = m->keys[f];
		if ((sp = strchr(k, ' ')) == NULL)
			continue;
		skip = (m->kinds & KIND_SKIP) && k[0] != '@' && sp[1] == '_' &&
		    sp[2] == ' ';
		if ((a = vocab_id(c, k, (size_t)(sp - k), true)) == -2 ||
		    (b = vocab_id(c, sp + 1 + 2 * skip,
			 strlen(sp + 1 + 2 * skip), true)) == -2)
			return pc_error_set(PC_ENOMEM, "out of memory");
		key = pair_key(a, b) | (skip ? SKIP_BIT : 0);
		i = pair_slot(c, key);
		if (c->pkey[i] == 0) { /* keys are distinct: always */
			c->pkey[i] = key;
			c->pfeat[i] = (int)f;
		}
	}
	return 0;
}

/* A new cache for model m (NULL m: none needed). */
int
pc_threats_mcache_new(
    struct pc_threats_mcache **out, const struct pc_threats_model *m)
{
	struct pc_threats_mcache *c;
	int r;

	*out = NULL;
	if (m == NULL)
		return 0;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->e = pc_threats_table_new(MC_SLOTS * sizeof(*c->e))) == NULL) {
		free(c);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if ((r = index_pairs(c, m)) != 0) {
		pc_threats_mcache_free(c);
		return r;
	}
	*out = c;
	return 0;
}

/* Frees the cache; NULL-safe. */
void
pc_threats_mcache_free(struct pc_threats_mcache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; c->vocab && i < c->nvocab; i++)
		free(c->vocab[i]);
	free(c->vocab);
	free(c->vslot);
	free(c->pkey);
	free(c->pfeat);
	pc_threats_table_free(c->e, MC_SLOTS * sizeof(*c->e));
	free(c);
}

/* The token's hash (the tokeniser's, else made here). */
static uint32_t
tok_hash(const struct pc_threats_token *t)
{
	return t->kh ? t->kh : pc_threats_token_hash(t);
}

/* Starts loading t's slot (asked a few words ahead). */
void
pc_threats_mcache_prefetch(
    const struct pc_threats_mcache *c, const struct pc_threats_token *t)
{
	const struct mc_entry *e;

	if (t->kh) {
		e = &c->e[(t->kh % (MC_SLOTS / MC_WAYS)) * MC_WAYS];
		__builtin_prefetch(e);
		__builtin_prefetch(e + 1);
	}
}

/* Looks word key up in the model. */
static void
fill(const struct pc_threats_mcache *c, const struct pc_threats_model *m,
    const char *key, size_t len, struct pc_threats_mword *v)
{
	v->word = pc_threats_model_find2(m, key, NULL);
	v->prefix = pc_threats_model_find_prefix(m, key);
	v->id = memchr(key, ' ', len) != NULL
	    ? PC_MWORD_SPACE
	    : vocab_id((struct pc_threats_mcache *)c, key, len, false);
}

/* Whether entry e holds word key (len bytes) of hash h. */
static bool
same(const struct mc_entry *e, uint32_t h, const char *key, size_t len)
{
	return e->len == len && e->h == h && memcmp(e->key, key, len) == 0;
}

/* Puts a word in its set's first slot, the first's moved to the second. */
static void
put(struct mc_entry *e, uint32_t h, const char *key, size_t len,
    struct pc_threats_mword v)
{
	e[1] = e[0];
	memset(e[0].key, 0, sizeof(e[0].key));
	memcpy(e[0].key, key, len);
	e[0].len = (uint8_t)len;
	e[0].h = h;
	e[0].v = v;
}

/* t's features: from the cache, or looked up and cached. */
struct pc_threats_mword
pc_threats_mcache_word(struct pc_threats_mcache *c,
    const struct pc_threats_model *m, const struct pc_threats_token *t)
{
	uint32_t h = tok_hash(t);
	struct mc_entry *e = &c->e[(h % (MC_SLOTS / MC_WAYS)) * MC_WAYS];
	struct pc_threats_mword v;
	size_t len = strnlen(t->key, PC_THREATS_WORD_MAX - 1);

	if (same(&e[0], h, t->key, len))
		return e[0].v;
	if (same(&e[1], h, t->key, len))
		v = e[1].v; /* swapped: the last used first */
	else if (fill(c, m, t->key, len, &v), len >= MC_KEY_MAX)
		return v;
	put(e, h, t->key, len, v);
	return v;
}

/* Starts loading the pair table's first slot for words a then b. */
void
pc_threats_mcache_pair_prefetch(const struct pc_threats_mcache *c,
    struct pc_threats_mword a, struct pc_threats_mword b)
{
	if (a.id >= 0 && b.id >= 0) {
		__builtin_prefetch(
		    &c->pkey[pair_home(c, pair_key(a.id, b.id))]);
		__builtin_prefetch(
		    &c->pfeat[pair_home(c, pair_key(a.id, b.id))]);
	}
}

/* The feature of the pair "a b" or, skip, the skip pair "a _ b", or -1:
 * by the two words' ids in the pair table, or by their strings when a
 * key has a space. */
static inline int
two_words(const struct pc_threats_mcache *c, const struct pc_threats_model *m,
    struct pc_threats_mword a, const char *akey, struct pc_threats_mword b,
    const char *bkey, bool skip)
{
	size_t i;

	if (a.id == PC_MWORD_SPACE || b.id == PC_MWORD_SPACE)
		return skip ? pc_threats_model_find_skip(m, akey, bkey)
			    : pc_threats_model_find2(m, akey, bkey);
	if (a.id < 0 || b.id < 0)
		return -1;
	i = pair_slot(c, pair_key(a.id, b.id) | (skip ? SKIP_BIT : 0));
	return c->pkey[i] != 0 ? c->pfeat[i] : -1;
}

/* The feature of the pair of words a then b (from
 * pc_threats_mcache_word), or -1; keys with a space are looked up by
 * their strings. */
int
pc_threats_mcache_pair(const struct pc_threats_mcache *c,
    const struct pc_threats_model *m, struct pc_threats_mword a,
    const char *akey, struct pc_threats_mword b, const char *bkey)
{
	return two_words(c, m, a, akey, b, bkey, false);
}

/* Starts loading the pair table's first slot for the skip pair "a _ b". */
void
pc_threats_mcache_skip_prefetch(const struct pc_threats_mcache *c,
    struct pc_threats_mword a, struct pc_threats_mword b)
{
	uint64_t k = pair_key(a.id, b.id) | SKIP_BIT;

	if (a.id >= 0 && b.id >= 0) {
		__builtin_prefetch(&c->pkey[pair_home(c, k)]);
		__builtin_prefetch(&c->pfeat[pair_home(c, k)]);
	}
}

/* The feature of the skip pair "a _ b" (a, a word, then b), or -1; keys
 * with a space are looked up by their strings. */
int
pc_threats_mcache_skip(const struct pc_threats_mcache *c,
    const struct pc_threats_model *m, struct pc_threats_mword a,
    const char *akey, struct pc_threats_mword b, const char *bkey)
{
	return two_words(c, m, a, akey, b, bkey, true);
}
