/* Quotation marks around a match: see quoted.h. */
#include <ctype.h>
#include <string.h>

#include "quoted.h"

enum mark { NONE, OPEN, CLOSE };

/* Whether the byte is part of a word (a letter, a digit, or UTF-8). */
static bool
wordish(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* The quotation mark starting at p (its length in *len), judged by the
 * bytes around it; lo is the first byte that may be looked at. */
static enum mark
mark_at(const char *lo, const char *p, size_t *len)
{
	unsigned char before = p > lo ? (unsigned char)p[-1] : ' ';
	const unsigned char *u = (const unsigned char *)p;
	unsigned char after;

	*len = 1;
	if (u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] == 0x9C || u[2] == 0x9D || u[2] == 0x98 || u[2] == 0x99)) {
		*len = 3;
		if (u[2] == 0x9C || u[2] == 0x98)
			return OPEN;
		if (u[2] == 0x9D)
			return CLOSE;
	} else if (u[0] != '"' && u[0] != '\'')
		return NONE;
	after = u[*len];
	/* a straight quote or a right single mark: by what is around it;
	 * between two word bytes it is an apostrophe ("we'll", "it’s") */
	if (wordish(before) && wordish(after))
		return NONE;
	if (!wordish(before) &&
	    (wordish(after) || after == '\'' || after == '"'))
		return OPEN;
	if (wordish(before) || strchr(".,!?;:)", before) != NULL)
		return CLOSE;
	return u[0] == '"' && !wordish(after) ? CLOSE : NONE;
}

bool
pc_threats_quoted(
    const struct pc_threats_sentence *m, const char *text, size_t i, size_t e)
{
	const char *lo, *p, *a, *b, *end;
	size_t len;
	int depth = 0;

	if (m->n == 0 || i >= e || e > m->n)
		return false;
	lo = text + m->toks[0].start;
	/* an opening mark right before the first word ("\"I will...") */
	while (lo > text && text + m->toks[0].start - lo < 4 &&
	    (lo[-1] == '"' || lo[-1] == '\'' || (unsigned char)lo[-1] >= 0x80))
		lo--;
	a = text + m->toks[i].start;
	b = text + m->toks[e - 1].end;
	/* the sentence's own closing mark may follow its last word */
	end = text + m->toks[m->n - 1].end;
	for (p = lo; p < a; p += len)
		switch (mark_at(text, p, &len)) {
		case OPEN: depth++; break;
		case CLOSE: depth -= depth > 0; break;
		case NONE: break;
		}
	if (depth == 0)
		return false;
	for (p = b; *p != '\0' && p < end + 4; p += len)
		if (mark_at(text, p, &len) == CLOSE)
			return true;
	return false;
}
