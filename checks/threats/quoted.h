/* Whether words sit inside quotation marks: a threat quoted ("she read
 * out the threats: 'we'll burn you out'") is reported, not made. */
#ifndef PC_THREATS_QUOTED_H
#define PC_THREATS_QUOTED_H

#include <stdbool.h>
#include <stddef.h>

#include "lexicon.h"

/* Whether words [i, e) of the sentence lie between an opening quotation
 * mark before them and a closing one after them, both in the sentence
 * (text is what the words' offsets point into, NUL-terminated). An
 * apostrophe inside a word ("we'll") is no quotation mark. */
bool pc_threats_quoted(
    const struct pc_threats_sentence *m, const char *text, size_t i, size_t e);

/* Whether the whole frame (intent at j, harm [i, e), target [t, te)) is
 * inside quotation marks: a quoted threat ("'we'll burn you out'"), not
 * scare quotes round one word (I will "deal with" you). */
bool pc_threats_quoted_frame(const struct pc_threats_sentence *m,
    const char *text, int j, size_t i, size_t e, int t, int te);

/* Follows the quotation marks of sentence m, depth quotes open at its
 * start, and returns the depth at its end. *closed: the words before
 * the mark that closes a quote open at the start (m->n when none does);
 * *opened: the first word after the mark that opens the last quote
 * opened from depth 0 (SIZE_MAX when none). */
int pc_threats_quote_scan(const struct pc_threats_sentence *m, const char *text,
    int depth, size_t *closed, size_t *opened);

#endif
