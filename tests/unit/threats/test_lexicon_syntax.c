/* Lexicon phrase syntax the loader refuses, with the file, the line and
 * the fix; and a set of thousands of phrases (its arrays grown by
 * doubling) that still finds its first and last. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "checks/threats/lexicon_int.h"
#include "checks/threats/tokens.h"

static struct pc_threats_norm *norm;

static void
setup(void)
{
	cr_assert_eq(pc_threats_norm_new(&norm), 0, "%s", pc_error_get());
}

static void
teardown(void)
{
	pc_threats_norm_free(norm);
}

TestSuite(lexicon_syntax, .init = setup, .fini = teardown);

/* Loads text as a lexicon file; its path goes to path. */
static int
load(const char *text, struct pc_threats_lexicon **lex, char *path)
{
	const char *files[] = { path };
	FILE *f;
	int fd, r;

	snprintf(path, 64, "/tmp/pc-lexsyntax-XXXXXX");
	cr_assert_geq(fd = mkstemp(path), 0);
	cr_assert_not_null(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
	r = pc_threats_lex_load(lex, norm, files, 1, NULL, 0);
	unlink(path);
	return r;
}

/* Asserts that the phrases (set s's lines, from line 5) are refused
 * naming the file, line and words (what), with fix in the message. */
static void
refused(const char *phrases, int line, const char *what, const char *fix)
{
	struct pc_threats_lexicon *lex = NULL;
	char text[256], path[64], want[128];

	snprintf(text, sizeof(text), "lexicon: t\nversion: 1\nsets:\n  s:\n%s",
	    phrases);
	cr_assert_neq(load(text, &lex, path), 0);
	snprintf(want, sizeof(want), "%s:%d: '%s'", path, line, what);
	cr_assert_not_null(strstr(pc_error_get(), want), "%s", pc_error_get());
	cr_assert_not_null(strstr(pc_error_get(), fix), "%s", pc_error_get());
}

Test(lexicon_syntax, a_question_mark_after_a_word_is_refused)
{
	struct pc_threats_lexicon *lex = NULL;
	char path[64];

	refused("    - go\n    - with you still? inside\n", 6, "still?",
	    "write the phrase with and without");
	/* "?" alone is the one-word gap */
	cr_assert_eq(load("lexicon: t\nversion: 1\nsets:\n  s:\n"
			  "    - with you ? inside\n",
			 &lex, path),
	    0, "%s", pc_error_get());
	pc_threats_lex_free(lex);
}

/* Whether set s matches from word 0 of text. */
static bool
matches(struct pc_threats_lexicon *lex, const char *text)
{
	struct pc_threats_tokens t = { 0 };
	struct pc_threats_sentence m;
	bool r;

	cr_assert_eq(pc_threats_tokenise(&t, norm, text, strlen(text),
			 pc_threats_lex_known, pc_threats_lex_emoji, lex),
	    0, "%s", pc_error_get());
	cr_assert_eq(
	    pc_threats_lex_match(&m, lex, t.v, t.n), 0, "%s", pc_error_get());
	r = pc_threats_at(&m, pc_threats_lex_set(lex, "s"), 0) >= 0;
	pc_threats_sentence_free(&m);
	pc_threats_tokens_free(&t);
	return r;
}

/* Word i of a made-up vocabulary: letters only (digits would be read
 * as leetspeak), "zqaaa", "zqaab", ... */
static const char *
word(int i, char *out)
{
	int k;

	out[0] = 'z';
	out[1] = 'q';
	for (k = 5; k >= 2; k--, i /= 26)
		out[k] = (char)('a' + i % 26);
	out[6] = '\0';
	return out;
}

Test(lexicon_syntax, thousands_of_phrases_load_and_match)
{
	struct pc_threats_lexicon *lex = NULL;
	char path[64], w[8], v[8], text[32];
	struct pc_buf b;
	int i;

	pc_buf_init(&b, 1 << 20);
	pc_buf_adds(&b, "lexicon: t\nversion: 1\nsets:\n  s:\n");
	for (i = 0; i < 5000; i++) {
		pc_buf_addf(&b, "    - %s|%s end\n", word(2 * i, w),
		    word(2 * i + 1, v));
	}
	pc_buf_add(&b, "", 1);
	cr_assert_eq(load(b.data, &lex, path), 0, "%s", pc_error_get());
	snprintf(text, sizeof(text), "%s end", word(0, w));
	cr_assert(matches(lex, text), "%s", text);
	snprintf(text, sizeof(text), "%s end", word(9999, w));
	cr_assert(matches(lex, text), "%s", text);
	snprintf(text, sizeof(text), "%s end", word(10000, w));
	cr_assert_not(matches(lex, text), "%s", text);
	snprintf(text, sizeof(text), "%s", word(5, w));
	cr_assert_not(matches(lex, text), "%s", text);
	pc_threats_lex_free(lex);
	pc_buf_free(&b);
}

Test(lexicon_syntax, a_two_word_negative_among_contracted_ones_is_refused)
{
	struct pc_threats_lexicon *lex = NULL;
	char path[64];

	refused("    - i won't|will not stop them\n", 5, "won't|will not",
	    "lines of their own");
	/* each on its own line; and "will|shall not" is two words meant */
	cr_assert_eq(
	    load("lexicon: t\nversion: 1\nsets:\n  s:\n"
		 "    - i won't stop them\n    - i will not stop them\n"
		 "    - you will|shall not|never see\n",
		&lex, path),
	    0, "%s", pc_error_get());
	cr_assert(matches(lex, "I will not stop them"));
	cr_assert(matches(lex, "you shall never see"));
	pc_threats_lex_free(lex);
}
