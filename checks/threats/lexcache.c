/* Threats lexicons: a bounded cache of the literal elements a word
 * matches. Finding them (three map lookups, up to nine inflected stems,
 * every prefix and wildcard alternative) was a large part of judging a
 * short message, and the same few hundred words recur in every one. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon_int.h"

struct wc_entry {
	char *k; /* the word's key, alt, col and wildcard flag; owns ids */
	size_t klen;
	int *ids;    /* in the order word_lits found them */
	int *sorted; /* the same ids ascending, for a binary search */
	size_t n;
};

struct lex_wcache {
	struct wc_entry e[PC_LEX_WCACHE_SLOTS];
};

/* What word_lits reads of a token, as one string (three lengths, the
 * key, alt and col, the wildcard flag); returns its length. */
static size_t
wc_key(const struct pc_threats_token *t, char *out)
{
	size_t a = strnlen(t->key, PC_THREATS_WORD_MAX - 1),
	       b = strnlen(t->alt, PC_THREATS_WORD_MAX - 1),
	       c = strnlen(t->col, PC_THREATS_WORD_MAX - 1);

	out[0] = (char)a;
	out[1] = (char)b;
	out[2] = (char)c;
	memcpy(out + 3, t->key, a);
	memcpy(out + 3 + a, t->alt, b);
	memcpy(out + 3 + a + b, t->col, c);
	out[3 + a + b + c] = (t->flags & PC_TOK_WILDCARD) ? '*' : '-';
	return a + b + c + 4;
}

/* FNV-1a. */
static size_t
wc_slot(const char *k, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h % PC_LEX_WCACHE_SLOTS;
}

/* A new, empty cache (NULL when out of memory: matching goes uncached). */
struct lex_wcache *
pc_lex_wcache_new(void)
{
	return calloc(1, sizeof(struct lex_wcache));
}

/* The literal ids cached for t, or NULL (*n set when found). */
const int *
pc_lex_wcache_get(
    struct lex_wcache *c, const struct pc_threats_token *t, size_t *n)
{
	const int *sorted;

	return pc_lex_wcache_find(c, t, n, &sorted);
}

/* The literal ids cached for t in their order and ascending (*sorted),
 * or NULL (*n and *sorted set when found). */
const int *
pc_lex_wcache_find(struct lex_wcache *c, const struct pc_threats_token *t,
    size_t *n, const int **sorted)
{
	char k[3 * PC_THREATS_WORD_MAX + 4];
	size_t len = wc_key(t, k);
	struct wc_entry *e = &c->e[wc_slot(k, len)];

	if (e->k == NULL || e->klen != len || memcmp(e->k, k, len) != 0)
		return NULL;
	*n = e->n;
	*sorted = e->sorted;
	return e->ids;
}

/* Sorts ids[0..n) ascending: a word matches tens of literals, rarely a
 * few hundred, and is sorted once when it enters the cache. */
void
pc_lex_ids_sort(int *ids, size_t n)
{
	size_t i, j;
	int v;

	for (i = 1; i < n; i++) {
		v = ids[i];
		for (j = i; j > 0 && ids[j - 1] > v; j--)
			ids[j] = ids[j - 1];
		ids[j] = v;
	}
}

/* Caches ids[0..n) for t (nothing when out of memory). */
void
pc_lex_wcache_put(struct lex_wcache *c, const struct pc_threats_token *t,
    const int *ids, size_t n)
{
	char k[3 * PC_THREATS_WORD_MAX + 4], *p;
	size_t len = wc_key(t, k);
	struct wc_entry *e = &c->e[wc_slot(k, len)];

	/* ids and their sorted copy first (int-aligned), then the key */
	if ((p = malloc(2 * n * sizeof(int) + len)) == NULL)
		return;
	free(e->k == NULL ? NULL : (char *)e->ids);
	e->ids = (int *)(void *)p;
	e->sorted = e->ids + n;
	if (n > 0) { /* a word that matches nothing may come with no array */
		memcpy(e->ids, ids, n * sizeof(int));
		memcpy(e->sorted, ids, n * sizeof(int));
		pc_lex_ids_sort(e->sorted, n);
	}
	memcpy(p + 2 * n * sizeof(int), k, len);
	e->k = p + 2 * n * sizeof(int);
	e->klen = len;
	e->n = n;
}

/* Frees the cache. */
void
pc_lex_wcache_free(struct lex_wcache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < PC_LEX_WCACHE_SLOTS; i++)
		if (c->e[i].k != NULL)
			free(c->e[i].ids);
	free(c);
}
