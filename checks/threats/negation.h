/* Negation and denial: whether a "not" or "I'm not calling you" reaches a
 * word in its own clause. */
#ifndef PC_THREATS_NEGATION_H
#define PC_THREATS_NEGATION_H

#include <stdbool.h>
#include <stddef.h>

#include "lexicon.h"
#include "rules.h"

/* A negation starting in words [a, b), in the clause of word b (no
 * comma, colon or dash, nor a word starting a new clause, between). */
bool pc_threats_negated(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text, size_t a, size_t b);

/* Whether the writer denies the insult at word i in its own clause: "I'm
 * not calling you a liar", "we do not think you are a traitor". */
bool pc_threats_disclaimed(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text, size_t i);

#endif
