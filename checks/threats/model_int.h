/* The word model's insides, shared by its loader (model_load.c) and its
 * scorer (model.c). */
#ifndef PC_THREATS_MODEL_INT_H
#define PC_THREATS_MODEL_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* The most lexicon sets the model reads (the lexicons have about 90; a
 * sentence's matched sets are listed in an array of this size). */
#define PC_MODEL_SETS_MAX 256

#define PAIR_MAX (2 * PC_THREATS_WORD_MAX + 2)

struct pc_threats_model {
	char **keys;      /* [n] feature: "word", "word word", "a _ b"... */
	double *w;        /* [n * PC_THR_NRULES] */
	int *slot;        /* [cap] open addressing: feature index + 1, 0 free */
	uint64_t *h;      /* [n] each feature's hash: most probes end on it */
	int *set_feature; /* [nsets]: the "@set" feature of each set, or -1 */
	int *set_pair;    /* [nsets * nsets]: "@a @b" (a before b), or -1 */
	size_t nsets;
	unsigned kinds; /* KIND_* bits: the feature kinds looked up */
	size_t prefix;  /* letters of a prefix feature ("threa~") */
	size_t n, cap;
	size_t window; /* sentences in a window; 0: whole messages only */
	char *file;    /* where it was read, for errors */
	bool has[PC_THR_NRULES];
	double bias[PC_THR_NRULES], threshold[PC_THR_NRULES];
	/* a message of more than long_sentences sentences (0: none) is
	 * held to threshold_long[r] where it is set (0: threshold[r]): its
	 * score is the best of many windows, so benign letters reach a
	 * given probability more often than short messages do */
	double threshold_long[PC_THR_NRULES];
	size_t long_sentences;
	double veto; /* rule hits stand only where a rule's p reaches it; 0:
			never vetoed */
};

/* The feature kinds (model.kinds; without it, word, pair and set). */
enum {
	KIND_WORD = 1,     /* a word */
	KIND_PAIR = 2,     /* two words in a row */
	KIND_SET = 4,      /* "@set": a lexicon set matched in a sentence */
	KIND_SET_PAIR = 8, /* "@a @b": two sets matched in one sentence */
	KIND_PREFIX = 16,  /* "threa~": a word's first `prefix` letters */
	KIND_SKIP = 32,    /* "i _ you": two words with one word between */
};

#define PREFIX_MAX 16 /* letters of a prefix, at most */

/* FNV-1a of a feature key (the table's hash). */
uint64_t pc_threats_model_hash(const char *s);

/* The index of the feature "a" (b NULL) or "a b", or -1. */
int pc_threats_model_find2(
    const struct pc_threats_model *m, const char *a, const char *b);
/* The skip pair "a _ b" (a, one word, then b), or -1. */
int pc_threats_model_find_skip(
    const struct pc_threats_model *m, const char *a, const char *b);
/* The prefix feature of a word ("threa~"), or -1. */
int pc_threats_model_find_prefix(
    const struct pc_threats_model *m, const char *w);

/* A word's features (model_cache.c): its own, its prefix's, and its id
 * among the words of the model's pairs (-1: in none; PC_MWORD_SPACE: a
 * key with a space, whose pairs are looked up by their strings). */
struct pc_threats_mword {
	int word, prefix, id;
};
#define PC_MWORD_SPACE (-2)

int pc_threats_mcache_new(
    struct pc_threats_mcache **out, const struct pc_threats_model *m);
void pc_threats_mcache_free(struct pc_threats_mcache *c);
void pc_threats_mcache_prefetch(
    const struct pc_threats_mcache *c, const struct pc_threats_token *t);
struct pc_threats_mword pc_threats_mcache_word(struct pc_threats_mcache *c,
    const struct pc_threats_model *m, const struct pc_threats_token *t);
void pc_threats_mcache_pair_prefetch(const struct pc_threats_mcache *c,
    struct pc_threats_mword a, struct pc_threats_mword b);
int pc_threats_mcache_pair(const struct pc_threats_mcache *c,
    const struct pc_threats_model *m, struct pc_threats_mword a,
    const char *akey, struct pc_threats_mword b, const char *bkey);
/* The same for the skip pair "a _ b" (a word between a and b). */
void pc_threats_mcache_skip_prefetch(const struct pc_threats_mcache *c,
    struct pc_threats_mword a, struct pc_threats_mword b);
int pc_threats_mcache_skip(const struct pc_threats_mcache *c,
    const struct pc_threats_model *m, struct pc_threats_mword a,
    const char *akey, struct pc_threats_mword b, const char *bkey);

#endif
