/* Threats lexicons: the work arrays of matching one sentence, kept
 * between sentences. Judging a short message allocated and freed each of
 * them per sentence; they grow to the longest sentence seen (a sentence
 * is at most 30,000 words, the tokeniser cuts them at 200) and are freed
 * with the lexicon. */
#include <stdlib.h>

#include "agent/lib/err.h"
#include "lexicon_int.h"

/* New, empty work arrays (NULL when out of memory). */
struct lex_scratch *
pc_lex_scratch_new(void)
{
	return calloc(1, sizeof(struct lex_scratch));
}

/* Grows *p (elements of size bytes, *cap of them) to hold need. */
static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t nc = *cap ? *cap : 64;
	void *nv;

	if (need <= *cap)
		return 0;
	while (nc < need)
		nc *= 2;
	if ((nv = realloc(*p, nc * size)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	*p = nv;
	*cap = nc;
	return 0;
}

/* Makes room for a sentence of n words over nsets sets, the literal ids
 * already held (nlits) and m more. */
int
pc_lex_scratch_reserve(
    struct lex_scratch *w, size_t n, size_t nsets, size_t nlits, size_t m)
{
	int r;

	if ((r = grow((void **)&w->lits, &w->litcap, nlits + m,
		 sizeof(*w->lits))) != 0)
		return r;
	if ((r = grow((void **)&w->slits, &w->slitcap, nlits + m,
		 sizeof(*w->slits))) != 0)
		return r;
	if ((r = grow((void **)&w->litoff, &w->offcap, n + 1,
		 sizeof(*w->litoff))) != 0)
		return r;
	if ((r = grow((void **)&w->hits, &w->hitcap, nsets + 1,
		 sizeof(*w->hits))) != 0 ||
	    (r = grow((void **)&w->mw, &w->mwcap, n, sizeof(*w->mw))) != 0)
		return r;
	return grow(
	    (void **)&w->span, &w->spancap, 2 * nsets + 2, sizeof(*w->span));
}

/* Makes room for ncand candidates and the counting sort's nsets + 1
 * counters. */
int
pc_lex_scratch_cands(struct lex_scratch *w, size_t ncand, size_t nsets)
{
	int r;

	if ((r = grow((void **)&w->cands, &w->candcap, ncand,
		 sizeof(*w->cands))) != 0 ||
	    (r = grow((void **)&w->sorted, &w->sortcap, ncand,
		 sizeof(*w->sorted))) != 0)
		return r;
	return grow((void **)&w->at, &w->atcap, nsets + 1, sizeof(*w->at));
}

/* Makes the literal mask, all zero, for nlits literals (once: the
 * lexicon does not change). */
int
pc_lex_scratch_mask(struct lex_scratch *w, size_t nlits)
{
	if (w->mask == NULL &&
	    (w->mask = calloc(nlits + 1, sizeof(*w->mask))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Frees the work arrays; NULL-safe. */
void
pc_lex_scratch_free(struct lex_scratch *w)
{
	if (w == NULL)
		return;
	free(w->lits);
	free(w->slits);
	free(w->litoff);
	free(w->span);
	free(w->hits);
	free(w->cands);
	free(w->sorted);
	free(w->at);
	free(w->mask);
	free(w->spare);
	free(w->mw);
	free(w);
}
