/* The word model's per-word cache (checks/threats/model_cache.c): each
 * word's features and each pair's and skip pair's, found by ids, are
 * exactly what the string lookups (pc_threats_model_find2, _find_skip)
 * find, for known and unknown words, reversed pairs, keys with a space,
 * and more words than slots. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/yaml.h"
#include "checks/threats/model_int.h"

static const char yaml[] = "model:\n"
			   "  kinds: [word, pair, prefix, skip]\n"
			   "  prefix: 3\n"
			   "  rules:\n"
			   "    threat: {threshold: 0.8, bias: -2}\n"
			   "  features:\n"
			   "    \"pineapple\": [6, 0]\n"
			   "    \"turnip\": [0, 6]\n"
			   "    \"pin~\": [1, 0]\n"
			   "    \"pineapple turnip\": [2, 0]\n"
			   "    \"you pineapple\": [3, 0]\n"
			   "    \"you you\": [1, 1]\n"
			   "    \"a b\": [1, 1]\n"
			   "    \"pineapple _ turnip\": [4, 0]\n"
			   "    \"you _ pineapple\": [5, 0]\n"
			   "    \"a _ b\": [1, 1]\n";

static struct pc_yaml_node *root;
static struct pc_threats_model *model;
static struct pc_threats_mcache *cache;

static void
setup(void)
{
	cr_assert_eq(pc_yaml_parse(&root, "test", yaml, strlen(yaml)), 0);
	cr_assert_eq(
	    pc_threats_model_load(&model, pc_yaml_get(root, "model"), "test"),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_threats_mcache_new(&cache, model), 0);
}

static void
teardown(void)
{
	pc_threats_mcache_free(cache);
	pc_threats_model_free(model);
	pc_yaml_free(root);
}

/* A token of key (its hash made as the tokeniser makes it). */
static struct pc_threats_token
tok(const char *key)
{
	struct pc_threats_token t;

	memset(&t, 0, sizeof(t));
	snprintf(t.key, sizeof(t.key), "%s", key);
	t.kh = pc_threats_token_hash(&t);
	return t;
}

/* Word w's cached features agree with the string lookups. */
static void
same_word(const char *w)
{
	struct pc_threats_token t = tok(w);
	struct pc_threats_mword v = pc_threats_mcache_word(cache, model, &t);

	cr_assert_eq(v.word, pc_threats_model_find2(model, w, NULL), "%s", w);
	cr_assert_eq(v.prefix, pc_threats_model_find_prefix(model, w), "%s", w);
}

/* The pair a b by ids agrees with the string lookup of "a b". */
static void
same_pair(const char *a, const char *b)
{
	struct pc_threats_token ta = tok(a), tb = tok(b);
	struct pc_threats_mword va, vb;

	va = pc_threats_mcache_word(cache, model, &ta);
	vb = pc_threats_mcache_word(cache, model, &tb);
	cr_assert_eq(pc_threats_mcache_pair(cache, model, va, a, vb, b),
	    pc_threats_model_find2(model, a, b), "'%s' '%s'", a, b);
	cr_assert_eq(pc_threats_mcache_skip(cache, model, va, a, vb, b),
	    pc_threats_model_find_skip(model, a, b), "'%s' _ '%s'", a, b);
}

TestSuite(model_cache, .init = setup, .fini = teardown);

Test(model_cache, words_and_prefixes_are_the_string_lookups)
{
	static const char *const words[] = { "pineapple", "turnip", "pinch",
		"pin", "you", "parsnip", "a", "b c", "a b c" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		same_word(words[i]);
		same_word(words[i]); /* the second time from the cache */
	}
}

Test(model_cache, pairs_are_the_string_lookups)
{
	static const char *const words[] = { "pineapple", "turnip", "you",
		"parsnip", "a", "b", "c", "b c", "a b" };
	size_t i, j, n = sizeof(words) / sizeof(words[0]);

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			same_pair(words[i], words[j]);
	/* found, and in their order only */
	same_pair("pineapple", "turnip");
	cr_assert_geq(pc_threats_model_find2(model, "pineapple", "turnip"), 0);
	cr_assert_eq(pc_threats_model_find2(model, "turnip", "pineapple"), -1);
	/* a skip pair is no pair, nor the other way round */
	cr_assert_geq(
	    pc_threats_model_find_skip(model, "pineapple", "turnip"), 0);
	cr_assert_eq(
	    pc_threats_model_find_skip(model, "turnip", "pineapple"), -1);
	cr_assert_eq(pc_threats_model_find_skip(model, "you", "you"), -1);
	cr_assert_neq(pc_threats_model_find_skip(model, "a", "b"),
	    pc_threats_model_find2(model, "a", "b"));
}

/* More words than slots: every answer is still the word's own. */
Test(model_cache, collisions_replace_never_answer_wrongly)
{
	char w[32];
	size_t i;

	for (i = 0; i < 40000; i++) {
		snprintf(w, sizeof(w), "w%zu", i);
		same_word(w);
		if (i % 1000 == 0) {
			same_word("pineapple");
			same_pair("you", "pineapple");
		}
	}
}
