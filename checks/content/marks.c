/* Unit marks: where a match is for a person, and verbatim file offsets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "matcher_int.h"

/*
 * Extractors mark positions inside a unit (struct pc_text_mark): a CSV
 * cell, a JSON value, an xlsx cell, a paragraph. The matcher keeps the
 * last PC_MATCH_MARKS of them by raw unit offset; a candidate takes the
 * locator of the last mark at or before its start, and a true file
 * offset when that mark is verbatim and no later mark falls inside it.
 * A candidate older than every kept mark gets neither: a locator or an
 * offset is true or absent, never a guess.
 */

/* The i-th kept mark, oldest first. */
static struct mark *
mark_at(struct pc_matcher *m, size_t i)
{
	return &m->marks[(m->mark_head + i) % PC_MATCH_MARKS];
}

/* Sink mark: remembers where the unit's next byte is. */
int
pc_matcher_sink_mark(void *arg, const struct pc_text_mark *mk)
{
	struct pc_matcher *m = arg;
	uint64_t raw, end;
	struct mark *k;

	if (m->stop != 0)
		return m->stop;
	if (!m->open)
		return pc_error_set(
		    PC_EINVALID, "A text mark arrived outside a unit.");
	raw = m->orig_pos + m->ncarry;
	if (m->nmarks > 0 && mark_at(m, m->nmarks - 1)->raw == raw) {
		k = mark_at(m, m->nmarks - 1); /* nothing between: replace */
	} else if (m->nmarks < PC_MATCH_MARKS) {
		k = mark_at(m, m->nmarks++);
	} else {
		k = &m->marks[m->mark_head];
		m->mark_head = (m->mark_head + 1) % PC_MATCH_MARKS;
	}
	end = m->win_start + m->win_len;
	k->raw = raw;
	/* lines before the mark, without moving the matcher's own count */
	k->uline = m->lines +
	    (m->counted < end ? pc_matcher_count_nl(m, m->counted, end) : 0);
	k->verbatim = mk->verbatim;
	k->offset = mk->offset;
	k->line = mk->line;
	k->line_start = mk->line_start;
	snprintf(k->locator, sizeof(k->locator), "%s",
	    mk->locator != NULL ? mk->locator : "");
	return 0;
}

/* Index of the last kept mark at or before raw offset off, or -1. */
static long
mark_find(struct pc_matcher *m, uint64_t off)
{
	size_t lo = 0, hi = m->nmarks;

	while (lo < hi) { /* first mark after off */
		size_t mid = lo + (hi - lo) / 2;
		if (mark_at(m, mid)->raw <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/*
 * Places candidate c, whose off/len/line/col are raw unit positions:
 * exact units map by their base offset; otherwise a verbatim mark gives
 * the file position; the locator comes from the mark.
 */
void
pc_matcher_place(struct pc_matcher *m, struct cand *c)
{
	const struct mark *k;
	uint64_t nl_before;
	long i;

	c->exact = m->exact;
	if (m->exact)
		c->off += m->base_offset;
	if (m->nmarks == 0 || (i = mark_find(m, c->off)) < 0)
		return;
	k = mark_at(m, (size_t)i);
	snprintf(c->locator, sizeof(c->locator), "%s", k->locator);
	if (m->exact || !k->verbatim)
		return;
	if ((size_t)i + 1 < m->nmarks &&
	    mark_at(m, (size_t)i + 1)->raw < c->off + c->len)
		return; /* the match runs across a mark: not verbatim */
	nl_before = c->line - m->base_line; /* unit newlines before it */
	if (nl_before < k->uline)
		return;
	if (nl_before == k->uline)
		c->col = k->offset - k->line_start + (c->off - k->raw) + 1;
	c->line = k->line + (nl_before - k->uline);
	c->off = k->offset + (c->off - k->raw);
	c->exact = true;
}
