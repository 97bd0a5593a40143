/* A capitalised name or handle right after a harm verb as its target, when the
 * office's own names are not known ("I am going to kill Helen Ashworth",
 * "someone should shoot Pryce"). */
#ifndef PC_THREATS_NAME_OBJECT_H
#define PC_THREATS_NAME_OBJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "lexicon.h"

/*
 * Whether word e of m (text: what the words' offsets point into) reads as
 * a person's name: written with a capital and then small letters, at
 * least three letters, and no word of any lexicon set; or a social-media
 * handle ("@dave_k", not an email address's domain). The caller asks
 * this only for the word right after a harm, with a speaker who means it
 * ("I", "we", "someone should"), so "Israel will bomb Rafah" stays out.
 */
bool pc_threats_name_object(
    const struct pc_threats_sentence *m, const char *text, size_t e);

/* Whether one of the two words before the intent at j, or the intent's
 * own first word, is the writer (set first_person: "I", "we") or an
 * anyone (set anyone: "someone should", "somebody needs to"); -1 for an
 * absent set. */
bool pc_threats_name_speaker(const struct pc_threats_sentence *m, size_t j,
    int first_person, int anyone);

#endif
