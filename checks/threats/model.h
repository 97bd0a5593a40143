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
 * One weight vector per rule over one shared vocabulary.
 */
struct pc_threats_model;

/* Per-message scratch: which features the message has. */
struct pc_threats_mscore {
	unsigned char *mark; /* [nfeatures] */
	int *seen;           /* feature indices marked */
	size_t nseen, cap;
};

/* Parses a lexicon file's `model:` map (file names errors). */
int pc_threats_model_load(struct pc_threats_model **out,
    const struct pc_yaml_node *node, const char *file);
void pc_threats_model_free(struct pc_threats_model *m);

/* Whether every "@set" feature names a set of lex (else the model was
 * trained on other lexicons: an error saying to retrain it). */
int pc_threats_model_check_sets(
    const struct pc_threats_model *m, const struct pc_threats_lexicon *lex);

/* Scratch for m (freed with pc_threats_mscore_free). */
int pc_threats_mscore_init(
    struct pc_threats_mscore *s, const struct pc_threats_model *m);
void pc_threats_mscore_reset(struct pc_threats_mscore *s);
void pc_threats_mscore_free(struct pc_threats_mscore *s);

/* Notes the features of one sentence's words. */
int pc_threats_model_add(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_token *t, size_t n);

/* Notes a sentence's matched lexicon sets as "@set" features (the model
 * learns "a harm word and a target", not only these words). */
int pc_threats_model_add_sets(const struct pc_threats_model *m,
    struct pc_threats_mscore *s, const struct pc_threats_lexicon *lex,
    const struct pc_threats_sentence *sent);

/* The model's probability for rule r (-1 when it has no weights for r or
 * the message no known feature); its threshold in *threshold; the
 * strongest features for the rule in why ("score 0.91 >= 0.85: 'x', 'y'"). */
double pc_threats_model_score(const struct pc_threats_model *m,
    const struct pc_threats_mscore *s, enum pc_threats_rule r,
    double *threshold, char *why, size_t cap);

#endif
