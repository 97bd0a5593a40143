/* A capitalised name after a harm verb as its target (see name_object.h):
 * inspect without --config, and a scan whose staff list lacks the name
 * people use, still see "kill Helen Ashworth" as aimed at a person. */
#include <string.h>

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
pc_threats_name_speaker(const struct pc_threats_sentence *m, size_t j)
{
	static const char *const who[] = { "i", "we", "someone", "somebody",
		"anyone", "anybody", "ill", "ima", "imma" };
	size_t k, w;

	/* "I am going to", "I'll", "someone should": the speaker is at
	 * most two words before the intent, or the intent word itself */
	for (k = j > 2 ? j - 2 : 0; k <= j && k < m->n; k++)
		for (w = 0; w < sizeof(who) / sizeof(who[0]); w++)
			if (strcmp(m->toks[k].key, who[w]) == 0)
				return true;
	return false;
}
