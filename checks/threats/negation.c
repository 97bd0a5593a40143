/* Negation and denial: whether a "not" reaches a word. See negation.h. */
#include <stdint.h>

#include "negation.h"

/* Whether a comma, colon or dash ends the negation's clause before word
 * b: "If you don't change your vote, expect a visit" (a word or more
 * after the negation; "never, ever" stays one negation). */
static bool
clause_break(
    const struct pc_threats_sentence *m, const char *text, size_t j, size_t b)
{
	uint32_t p;

	if (j + 1 >= b)
		return false;
	for (p = m->toks[j + 1].end; p < m->toks[b].start; p++)
		if (text[p] == ',' || text[p] == ':' || text[p] == '(' ||
		    (text[p] == '-' && p > 0 && text[p - 1] == ' '))
			return true;
	return false;
}

/* Whether the writer denies the insult at word i in its own clause: "I'm
 * not calling you a liar", "we do not think you are a traitor". */
bool
pc_threats_disclaimed(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text, size_t i)
{
	size_t j;
	int e;

	for (j = i > 8 ? i - 8 : 0; s->disclaim >= 0 && j < i; j++)
		if ((e = pc_threats_at(m, s->disclaim, j)) >= 0 &&
		    e <= (int)i && i - (size_t)e <= 4 &&
		    !clause_break(m, text, j, i))
			return true;
	return false;
}

/* Whether a word starting a new clause ("when", "until") lies in words
 * (j, b]: "you won't be smiling | when I'm done with you". */
static bool
clause_word(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, size_t j, size_t b)
{
	size_t k;

	for (k = j + 1; s->clause_start >= 0 && k <= b && k < m->n; k++)
		if (pc_threats_at(m, s->clause_start, k) >= 0)
			return true;
	return false;
}

/* A negation starting in words [a, b), in the clause of word b. */
bool
pc_threats_negated(const struct pc_threats_sentence *m,
    const struct pc_threats_sets *s, const char *text, size_t a, size_t b)
{
	size_t j;

	for (j = a; j < b; j++)
		if (pc_threats_at(m, s->negation, j) >= 0 &&
		    !clause_break(m, text, j, b) && !clause_word(m, s, j, b))
			return true;
	return false;
}
