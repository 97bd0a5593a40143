/* A capitalised name or a social-media handle after a harm verb as its
 * target (see name_object.h): inspect without --config, and a scan whose
 * staff list lacks the name people use, still see "kill Helen Ashworth"
 * and "k i l l @ImogenThwaiteMP" as aimed at a person. */
#include <ctype.h>

#include "name_object.h"

/* A social-media handle ("@ImogenThwaiteMP", "@dave_k"): '@' and three
 * or more characters, the '@' not inside an email address. */
static bool
handle(const char *text, const struct pc_threats_token *t)
{
	size_t s = t->start;

	if (text[s] != '@') {
		if (s == 0 || text[s - 1] != '@')
			return false;
		s--;
	}
	if (s > 0 &&
	    (isalnum((unsigned char)text[s - 1]) || text[s - 1] == '.' ||
		text[s - 1] == '_' || text[s - 1] == '-'))
		return false; /* "bob@example.net" */
	return t->end - s >= 4;
}

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
	if (handle(text, t))
		return true;
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
