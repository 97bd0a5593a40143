/* The word model: a second opinion on threats and abuse that the rules
 * miss, learned from the labelled set's tune part (train_model.py). */
#ifndef PC_THREATS_MODEL_H
#define PC_THREATS_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/yaml.h"
#include "engine.h"
#include "lexicon.h"
#include "tokens.h"

/*
 * A logistic regression over the words and word pairs of a message (the
 * tokeniser's normalised keys, pairs within a sentence), each present
 * feature 1/sqrt(N) for the N distinct known features of the message.
 * One weight vector per rule over one shared vocabulary. A message's
 * probability is the larger of the whole message's and its best window's
 * of `window` sentences (model.window; 0: the whole message only).
 */
struct pc_threats_model;
struct pc_threats_mcache; /* model_cache.c: each word's features */

#define PC_THREATS_WINDOW_MAX 8 /* sentences in a window, at most */

/* One feature as a window's union and sum read it: its window stamp
 * next to its weights (the model's, copied), in one cache line. The
 * features are read at random over a vocabulary of tens of thousands:
 * stamps and weights in two arrays were two cache misses per feature,
 * most of judging a window. */
struct pc_threats_mfeat {
	double w[PC_THR_NRULES];
	unsigned stamp; /* the window epoch it was last seen in */
};

/* A list of feature indices. */
struct pc_threats_flist {
	int *v;
	size_t n, cap;
};

/*
 * Per-message scratch: the features of the whole message, and of the
 * last `window` sentences (a threat buried in a long rant is judged on
 * the sentences around it, not diluted by the whole letter): the best
 * window so far per rule. Memory is bounded by the vocabulary and the
 * window, whatever the message's length.
 */
struct pc_threats_mscore {
	unsigned char *mark;           /* [nfeatures]: seen in the message */
	struct pc_threats_mfeat *feat; /* [nfeatures]: weights, stamps */
	size_t nfeat;
	struct pc_threats_flist seen; /* the whole message's features */
	struct pc_threats_flist ring[PC_THREATS_WINDOW_MAX]; /* sentences */
	size_t nsent; /* sentences begun */
	unsigned epoch;
	double whole_p[PC_THR_NRULES]; /* the whole message's, when whole */
	bool whole;                    /* finished: whole_p is set */
	double best_p[PC_THR_NRULES];  /* best window */
	struct pc_threats_flist best[PC_THR_NRULES]; /* its features */
	struct pc_threats_flist tmp;
	struct pc_threats_mcache *cache; /* words' features, kept */
	struct pc_threats_flist *cur;    /* the sentence's ring list, or NULL */
};

/* Parses a lexicon file's `model:` map (file names errors). */
int pc_threats_model_load(struct pc_threats_model **out,
    const struct pc_yaml_node *node, const char *file);
void pc_threats_model_free(struct pc_threats_model *m);

/* Whether every "@set" feature names a set of lex (else the model was
 * trained on other lexicons: an error saying to retrain it); binds each
 * set to its feature (before pc_threats_model_add_sets). */
int pc_threats_model_check_sets(
    struct pc_threats_model *m, const struct pc_threats_lexicon *lex);

/* Scratch for m (freed with pc_threats_mscore_free). */
int pc_threats_mscore_init(
    struct pc_threats_mscore *s, const struct pc_threats_model *m);
void pc_threats_mscore_reset(struct pc_threats_mscore *s);
void pc_threats_mscore_free(struct pc_threats_mscore *s);

struct pc_threats_mword;
/* Notes the features of one sentence's words; mw[0..n), when not NULL,
 * their word features as the lexicon's word cache gave them (else looked
 * up here). */
int pc_threats_model_add(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_token *t, size_t n,
    const struct pc_threats_mword *mw);

/* Notes a sentence's matched lexicon sets as "@set" features (the model
 * learns "a harm word and a target", not only these words). */
int pc_threats_model_add_sets(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_lexicon *lex,
    const struct pc_threats_sentence *sent);

/* Ends a message: judges its last window (before scoring). */
int pc_threats_model_finish(
    const struct pc_threats_model *m, struct pc_threats_mscore *s);

/* The probability below which, for both rules, the model vetoes the
 * rules' threat and abuse hits (0: never). */
double pc_threats_model_veto(const struct pc_threats_model *m);

/* The model's probability for rule r (-1 when it has no weights for r or
 * the message no known feature); its threshold in *threshold (the rule's
 * threshold_long for a message over model.long_sentences); when the
 * probability reaches it, the strongest features in why ("word model
 * 0.91 >= 0.85: 'x', 'y'"; empty below). */
double pc_threats_model_score(const struct pc_threats_model *m,
    const struct pc_threats_mscore *s, enum pc_threats_rule r,
    double *threshold, char *why, size_t cap);

#endif
