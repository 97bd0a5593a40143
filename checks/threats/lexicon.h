/* Threats lexicons (policies/lexicons/ YAML): word sets and phrases. */
#ifndef PC_THREATS_LEXICON_H
#define PC_THREATS_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

#include "tokens.h"

struct pc_threats_lexicon;
struct lex_scratch;

/* A set's match in one sentence: words [start, end). */
#define PC_LEX_MAX_ENDS 4

/* A pattern: a match of set alone is a finding of rule. */
struct pc_threats_pattern {
	int set;
	char *rule;
	char *part;
};

/*
 * Loads lexicon files (YAML, see policies/lexicons/README.md) and adds
 * each name in names (the MP's name and aliases) to the "target" set,
 * whole and word by word. Errors name file:line. Caller frees with
 * pc_threats_lex_free().
 */
int pc_threats_lex_load(struct pc_threats_lexicon **out,
    struct pc_threats_norm *norm, const char *const *paths, size_t npaths,
    const char *const *names, size_t nnames);
void pc_threats_lex_free(struct pc_threats_lexicon *lex);

/* The index of a set by name, or -1. */
int pc_threats_lex_set(const struct pc_threats_lexicon *lex, const char *name);
/* A window size from the files' `windows:` (default when absent). */
long pc_threats_lex_window(
    const struct pc_threats_lexicon *lex, const char *name, long def);
/* The word model a lexicon file gave (model.h), or NULL. */
const struct pc_threats_model *pc_threats_lex_model(
    const struct pc_threats_lexicon *lex);
struct pc_threats_mcache;
/* Gives the lexicon the model's word lookups (borrowed; NULL: none), so
 * its word cache holds each word's model features too: one lookup per
 * word for both. */
void pc_threats_lex_set_mcache(
    struct pc_threats_lexicon *lex, struct pc_threats_mcache *mc);
/* The patterns (set -> rule) in load order. Borrowed. */
const struct pc_threats_pattern *pc_threats_lex_patterns(
    const struct pc_threats_lexicon *lex, size_t *n_out);

/* Callbacks for pc_threats_tokenise(): arg is the lexicon. */
bool pc_threats_lex_known(void *lex, const char *key);
const char *pc_threats_lex_emoji(void *lex, int cp);

/* Matches of every set in one sentence (words toks[0..n)). */
struct pc_threats_sentence {
	const struct pc_threats_token *toks;
	size_t n;
	size_t nsets;
	short *ends; /* [set][word][PC_LEX_MAX_ENDS], -1 when none */
	/* [2 * set + 1] nonzero when the set matched (the lexicon's work
	 * array: valid until its next match) */
	const size_t *span;
	const int
	    *hits; /* the sets matched (nhits), in no order; valid as span */
	size_t nhits;
	/* words [0, speech_until) are inside a quotation of someone's
	 * speech that opened in an earlier sentence (set by the rules) */
	size_t speech_until;
	size_t speech_from;       /* and words [speech_from, n) when nonzero */
	size_t endscap;           /* shorts in ends */
	struct lex_scratch *pool; /* where a freed ends is kept for reuse */
	/* [n]: each word's model features, from the word cache (NULL when
	 * the lexicon has no model cache); valid as span */
	const struct pc_threats_mword *mw;
};

/* Finds every set's matches in toks[0..n) (one sentence). Caller frees
 * with pc_threats_sentence_free(), before the lexicon (which keeps a
 * freed sentence's array for the next). Not reentrant: the word cache and
 * the work arrays are the lexicon's, so one thread matches at a time. */
int pc_threats_lex_match(struct pc_threats_sentence *s,
    const struct pc_threats_lexicon *lex, const struct pc_threats_token *toks,
    size_t n);
void pc_threats_sentence_free(struct pc_threats_sentence *s);

/* The name of set i, or NULL past the last; whether set has a match in
 * the sentence (the word model's "@set" features). */
const char *pc_threats_lex_set_name(
    const struct pc_threats_lexicon *lex, size_t i);
static inline bool
pc_threats_any(const struct pc_threats_sentence *s, int set)
{
	size_t i;

	if (s->span != NULL) /* the matcher noted each set's first and last */
		return s->span[2 * (size_t)set + 1] != 0;
	for (i = 0; i < s->n; i++)
		if (s->ends[((size_t)set * s->n + i) * PC_LEX_MAX_ENDS] >= 0)
			return true;
	return false;
}

/* The longest match of set starting at word i: its end, or -1 (inline:
 * the rules ask it several times per word). */
static inline int
pc_threats_at(const struct pc_threats_sentence *s, int set, size_t i)
{
	if (set < 0 || i >= s->n || s->ends == NULL ||
	    (s->span != NULL && s->span[2 * (size_t)set + 1] == 0))
		return -1;
	/* the matcher keeps the longest first (-1: no match at i) */
	return s->ends[((size_t)set * s->n + i) * PC_LEX_MAX_ENDS];
}

/* The start of a match of set that covers word i, or -1. */
int pc_threats_covering(const struct pc_threats_sentence *s, int set, size_t i);

#endif
