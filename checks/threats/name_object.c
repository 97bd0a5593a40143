/* A capitalised name after a harm verb as its target (see name_object.h):
 * inspect without --config, and a scan whose staff list lacks the name
 * people use, still see "kill Helen Ashworth" as aimed at a person. */
#include "name_object.h"

bool
pc_threats_name_object(
    const struct pc_threats_sentence *m, const char *text, size_t e)
{
	const struct pc_threats_token *t;
	const char *p;
	size_t set, len;

	if (e >= m->n)
		return false;
	t = &m->toks[e];
	p = text + t->start;
	len = t->end - t->start;
	if (len < 3 || *p < 'A' || *p > 'Z')
		return false;
	for (size_t k = 1; k < len; k++)
		if (p[k] < 'a' || p[k] > 'z')
			return false; /* "TRAFFIC", "O'Neill": not sure enough */
	for (set = 0; set < m->nsets; set++)
		if (pc_threats_at(m, (int)set, e) >= 0)
			return false; /* a lexicon word: "Kill Bill", "You" */
	return true;
}

bool
pc_threats_name_speaker(
    const struct pc_threats_sentence *m, size_t j, int first_person, int anyone)
{
	size_t k;

	for (k = j > 2 ? j - 2 : 0; k <= j && k < m->n; k++)
		if ((first_person >= 0 &&
			pc_threats_at(m, first_person, k) >= 0) ||
		    (anyone >= 0 && pc_threats_at(m, anyone, k) >= 0))
			return true;
	return false;
}
