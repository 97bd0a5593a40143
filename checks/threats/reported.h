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

/* Notes in m the words inside a quotation of someone's speech addressed
 * to the writer that runs across sentences ("he said, \"You'll never be
 * free of me. I'll find you...\""), opened after a speech verb in this
 * sentence or an earlier one (their state in st): they are reported. */
void pc_threats_speech_carry(struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text,
    struct pc_threats_msgstate *st);

/* Whether the reported harm [i, e) at target [t, te) (a pattern: its
 * own span twice) is someone else's threat at the one written to, passed
 * on ("they said they'll pay you a visit": a second-person word in the
 * target): the office's to act on, not the writer's casework ("he said
 * he'd kill her" may be the writer's own family; a quoted threat stays a
 * report). */
bool pc_threats_relayed(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text, size_t i, size_t e,
    size_t t, size_t te);

/* Holds a passed-on threat until the message ends (the writer may
 * disown it later: "I've rung 101"); a threat to life outranks. */
void pc_threats_relay(
    struct pc_threats_msgstate *st, enum pc_threats_rule rule, const char *why);

/* Notes reported speech around part: casework, not a threat to the
 * office (the first note kept). */
void pc_threats_casework(struct pc_threats_verdict *v, const char *part);

#endif
