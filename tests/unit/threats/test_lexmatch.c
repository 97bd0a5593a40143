/* Matching a sentence (lexmatch.c): a sentence of up to 64 words tests
 * a word's literals by a bit mask, a longer one by a binary search of the
 * word's sorted ids; both must find the same matches. A match starting
 * at a word reads only that word and the ones after it, so the same
 * words at the end of a longer sentence match the same, shifted. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "words_lexicon.h"

TestSuite(lexmatch, .init = words_setup, .fini = words_teardown);

/* Tokenises s (one sentence) and matches it; returns the word count. */
static size_t
match(const char *s, struct pc_threats_tokens *t, struct pc_threats_sentence *m)
{
	cr_assert_eq(pc_threats_tokenise(t, norm, s, strlen(s),
			 pc_threats_lex_known, pc_threats_lex_emoji, lex),
	    0, "%s", pc_error_get());
	cr_assert(t->n > 0 && t->v[t->n - 1].sentence == 0, "one sentence");
	cr_assert_eq(
	    pc_threats_lex_match(m, lex, t->v, t->n), 0, "%s", pc_error_get());
	return t->n;
}

/* The matches of s alone (a short sentence) and after pad words (a
 * sentence over 64 words) agree word for word and set for set; returns
 * how many (set, word) matches s has. */
static int
same_when_long(const char *s)
{
	struct pc_threats_tokens ts = { 0 }, tl = { 0 };
	struct pc_threats_sentence ms, ml;
	char longer[4096];
	size_t o = 0, i, n, nl, off;
	int set, a, b, found = 0;

	for (i = 0; i < 80; i++)
		o += (size_t)snprintf(longer + o, sizeof(longer) - o, "lorem ");
	snprintf(longer + o, sizeof(longer) - o, "%s", s);
	n = match(s, &ts, &ms);
	nl = match(longer, &tl, &ml);
	cr_assert(n <= 64 && nl > 64, "%zu and %zu words", n, nl);
	off = nl - n;
	for (set = 0; set < (int)ms.nsets; set++)
		for (i = 0; i < n; i++) {
			a = pc_threats_at(&ms, set, i);
			b = pc_threats_at(&ml, set, off + i);
			cr_expect_eq(a < 0 ? -1 : a + (int)off, b,
			    "\"%s\": set %d at word %zu: %d alone, %d long", s,
			    set, i, a, b);
			found += a >= 0;
		}
	pc_threats_sentence_free(&ms);
	pc_threats_sentence_free(&ml);
	pc_threats_tokens_free(&ts);
	pc_threats_tokens_free(&tl);
	return found;
}

Test(lexmatch, a_long_sentence_matches_as_a_short_one)
{
	cr_assert(
	    same_when_long("you will be killed and I know where you live") > 0);
	cr_assert(
	    same_when_long("someone should stab you, you deserve to die") > 0);
	cr_assert(same_when_long(
		      "I'm going to come round and smash your face in") > 0);
	cr_assert(same_when_long("u r a stupid cow and ur kids r next") > 0);
}

/* Every threat and abuse text of the src files, read as one sentence
 * (sentence stops and line breaks as spaces), when under 60 words. */
Test(lexmatch, the_src_texts_match_the_same_long_or_short)
{
	static const char *const files[] = {
		"tests/data/threats/src_threat.txt",
		"tests/data/threats/src_threats.txt",
		"tests/data/threats/src_abuse.txt",
		"tests/data/threats/src_more.txt",
	};
	char line[4096], *text, *p;
	size_t f, words, texts = 0;
	int found = 0;
	FILE *fp;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		cr_assert_not_null(fp = fopen(files[f], "r"), "%s", files[f]);
		while (fgets(line, sizeof(line), fp) != NULL) {
			if (line[0] == '#' ||
			    (text = strchr(line, '|')) == NULL ||
			    (text = strchr(text + 1, '|')) == NULL)
				continue;
			for (p = ++text, words = 1; *p; p++) {
				if (strchr(".!?;\n", *p) != NULL ||
				    (p[0] == '\\' && p[1] == 'n'))
					*p = ' ';
				words += *p == ' ';
			}
			if (words >= 60)
				continue;
			found += same_when_long(text);
			texts++;
		}
		fclose(fp);
	}
	cr_assert(texts > 100 && (size_t)found > texts, "%zu texts, %d matches",
	    texts, found);
}
