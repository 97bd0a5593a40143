/* Reported speech before a threat's words: see reported.c. */
#ifndef PC_THREATS_REPORTED_H
#define PC_THREATS_REPORTED_H

#include <stdbool.h>
#include <stddef.h>

#include "lexicon.h"
#include "rules.h"

/* Whether reported speech comes before word i of the sentence ("he
 * said", "I was threatened"), not the writer's own speech to the target
 * ("I told you", "I am telling you now", "just to say"), nor a speech
 * verb inside quotation marks; text is what the words point into. */
bool pc_threats_reported_before(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text, size_t i);

#endif
