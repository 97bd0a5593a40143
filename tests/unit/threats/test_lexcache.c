/* The word -> literal ids cache (lexcache.c): a hit returns exactly what
 * was put for that word; any other word, alternative spelling, collocate
 * or wildcard flag misses; a collision replaces, never answers wrongly. */
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "checks/threats/lexicon_int.h"

/* A token with the given key, alt and col (NULL = empty). */
static struct pc_threats_token
tok(const char *key, const char *alt, const char *col, bool wildcard)
{
	struct pc_threats_token t;

	memset(&t, 0, sizeof(t));
	snprintf(t.key, sizeof(t.key), "%s", key);
	snprintf(t.alt, sizeof(t.alt), "%s", alt ? alt : "");
	snprintf(t.col, sizeof(t.col), "%s", col ? col : "");
	if (wildcard)
		t.flags |= PC_TOK_WILDCARD;
	return t;
}

Test(lexcache, a_hit_returns_what_was_put)
{
	struct lex_wcache *c = pc_lex_wcache_new();
	struct pc_threats_token t = tok("kill", "kil", NULL, false);
	static const int ids[] = { 3, 17, 42 };
	const int *got;
	size_t n = 99;

	cr_assert_not_null(c);
	cr_assert_null(pc_lex_wcache_get(c, &t, &n), "empty cache misses");
	pc_lex_wcache_put(c, &t, ids, 3);
	got = pc_lex_wcache_get(c, &t, &n);
	cr_assert_not_null(got);
	cr_assert_eq(n, 3);
	cr_assert_arr_eq(got, ids, sizeof(ids));
	pc_lex_wcache_free(c);
}

Test(lexcache, a_word_matching_nothing_is_cached_as_nothing)
{
	struct lex_wcache *c = pc_lex_wcache_new();
	struct pc_threats_token t = tok("parliament", NULL, NULL, false);
	size_t n = 99;

	pc_lex_wcache_put(c, &t, NULL, 0);
	cr_assert_not_null(pc_lex_wcache_get(c, &t, &n));
	cr_assert_eq(n, 0);
	pc_lex_wcache_free(c);
}

Test(lexcache, every_part_of_the_token_is_in_the_key)
{
	struct lex_wcache *c = pc_lex_wcache_new();
	struct pc_threats_token t = tok("stab", "stab", "stabbing", false);
	struct pc_threats_token other[] = {
		tok("stab", "stab", "stabbed", false),  /* collocate */
		tok("stab", "stob", "stabbing", false), /* alternative */
		tok("stab", "stab", "stabbing", true),  /* wildcard flag */
		tok("sta", "bstab", "stabbing", false), /* same bytes, split */
	};
	static const int ids[] = { 7 };
	size_t i, n;

	pc_lex_wcache_put(c, &t, ids, 1);
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		cr_assert_null(
		    pc_lex_wcache_get(c, &other[i], &n), "case %zu", i);
	pc_lex_wcache_free(c);
}

/* More words than slots: each lookup misses or returns that word's own
 * ids (the cache is bounded: collisions replace). */
Test(lexcache, collisions_replace_never_answer_wrongly)
{
	struct lex_wcache *c = pc_lex_wcache_new();
	struct pc_threats_token t;
	char w[32];
	const int *got;
	int id;
	size_t i, n, hits = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(w, sizeof(w), "word%zu", i);
		t = tok(w, NULL, NULL, false);
		id = (int)i;
		pc_lex_wcache_put(c, &t, &id, 1);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(w, sizeof(w), "word%zu", i);
		t = tok(w, NULL, NULL, false);
		if ((got = pc_lex_wcache_get(c, &t, &n)) == NULL)
			continue;
		hits++;
		cr_assert_eq(n, 1);
		cr_assert_eq(got[0], (int)i, "word%zu answered %d", i, got[0]);
	}
	cr_assert(hits > 0 && hits <= PC_LEX_WCACHE_SLOTS, "%zu hits", hits);
	pc_lex_wcache_free(c);
}

/* find returns the ids in the order they were put (the candidates'
 * order) and the same ids ascending (for the binary search). */
Test(lexcache, find_gives_the_put_order_and_the_ids_ascending)
{
	struct lex_wcache *c = pc_lex_wcache_new();
	struct pc_threats_token t = tok("you", NULL, NULL, false);
	static const int ids[] = { 42, 3, 17, 900, 0, 5 };
	static const int asc[] = { 0, 3, 5, 17, 42, 900 };
	const int *got, *sorted;
	size_t n = 0;

	pc_lex_wcache_put(c, &t, ids, 6);
	got = pc_lex_wcache_find(c, &t, &n, &sorted);
	cr_assert_not_null(got);
	cr_assert_eq(n, 6);
	cr_assert_arr_eq(got, ids, sizeof(ids));
	cr_assert_arr_eq(sorted, asc, sizeof(asc));
	pc_lex_wcache_free(c);
}
