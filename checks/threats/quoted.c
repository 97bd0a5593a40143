/* Quotation marks around a match: see quoted.h. */
#include <ctype.h>
#include <stdint.h>
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

/* Where the sentence's marks start: an opening mark right before the
 * first word ("\"I will...") is the sentence's. */
static const char *
sentence_start(const struct pc_threats_sentence *m, const char *text)
{
	const char *lo = text + m->toks[0].start;

	while (lo > text && text + m->toks[0].start - lo < 4 &&
	    (lo[-1] == '"' || lo[-1] == '\'' || (unsigned char)lo[-1] >= 0x80))
		lo--;
	return lo;
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
	/* inside someone's speech quoted from an earlier sentence */
	if (e <= m->speech_until || (m->speech_from > 0 && i >= m->speech_from))
		return true;
	lo = sentence_start(m, text);
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

bool
pc_threats_quoted_frame(const struct pc_threats_sentence *m, const char *text,
    int j, size_t i, size_t e, int t, int te)
{
	size_t a = (size_t)j < i ? (size_t)j : i, b = e;

	if ((size_t)t < a)
		a = (size_t)t;
	if ((size_t)te > b)
		b = (size_t)te;
	return pc_threats_quoted(m, text, a, b);
}

int
pc_threats_quote_scan(const struct pc_threats_sentence *m, const char *text,
    int depth, size_t *closed, size_t *opened)
{
	const char *p, *end;
	size_t len, w = 0;
	int d0 = depth;

	*closed = m->n;
	*opened = SIZE_MAX;
	if (m->n == 0)
		return depth;
	/* the marks and stops right after the last word ("dead.\""), not
	 * the next sentence's opening mark after a space */
	end = text + m->toks[m->n - 1].end;
	while (*end != '\0' && end - (text + m->toks[m->n - 1].end) < 8 &&
	    !isspace((unsigned char)*end) && !isalnum((unsigned char)*end))
		end++;
	for (p = sentence_start(m, text); p < end; p += len) {
		while (w < m->n && text + m->toks[w].start < p)
			w++;
		switch (mark_at(text, p, &len)) {
		case OPEN:
			if (depth++ == 0)
				*opened = w;
			break;
		case CLOSE:
			if (depth > 0 && --depth == 0 && d0 > 0 &&
			    *closed == m->n && *opened == SIZE_MAX)
				*closed = w;
			break;
		case NONE: break;
		}
	}
	return depth;
}
