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

#endif
