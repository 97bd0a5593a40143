/* Literal elements with the same alternatives share one id (lexclass.c),
 * and what a phrase matches is unchanged: alternatives in another order
 * are the same element; a prefix (`kill*`), an inflected form (`kill~`)
 * or other words are not. A set keeps the four longest ends of its
 * matches at a word, and pc_threats_at gives the longest. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "agent/lib/err.h"
#include "checks/threats/lexicon_int.h"
#include "checks/threats/tokens.h"

static struct pc_threats_norm *norm;
static struct pc_threats_lexicon *lex;

static const char yaml[] = "lexicon: test\n"
			   "version: 1\n"
			   "sets:\n"
			   "  insult:\n"
			   "    - \"you|ya idiot\"\n"
			   "    - \"ya|you moron\"\n"
			   "    - \"you fool\"\n"
			   "  kill:\n"
			   "    - \"kill~ you\"\n"
			   "    - \"kill you\"\n"
			   "    - \"kill* you\"\n"
			   "  go:\n"
			   "    - \"go\"\n"
			   "    - \"go on\"\n"
			   "    - \"go on and\"\n"
			   "    - \"go on and on\"\n"
			   "    - \"go on and on and\"\n";

static void
setup(void)
{
	char path[] = "/tmp/pc-lexclass-XXXXXX";
	const char *files[] = { path };
	FILE *f;
	int fd;

	cr_assert_geq(fd = mkstemp(path), 0);
	cr_assert_not_null(f = fdopen(fd, "w"));
	fputs(yaml, f);
	fclose(f);
	cr_assert_eq(pc_threats_norm_new(&norm), 0, "%s", pc_error_get());
	cr_assert_eq(pc_threats_lex_load(&lex, norm, files, 1, NULL, 0), 0,
	    "%s", pc_error_get());
	unlink(path);
}

static void
teardown(void)
{
	pc_threats_lex_free(lex);
	pc_threats_norm_free(norm);
}

TestSuite(lexclass, .init = setup, .fini = teardown);

/* The longest match of set name starting at word 0 of s, or -1. */
static int
longest(const char *s, const char *name)
{
	struct pc_threats_tokens t = { 0 };
	struct pc_threats_sentence m;
	int end;

	cr_assert_eq(pc_threats_tokenise(&t, norm, s, strlen(s),
			 pc_threats_lex_known, pc_threats_lex_emoji, lex),
	    0, "%s", pc_error_get());
	cr_assert_eq(
	    pc_threats_lex_match(&m, lex, t.v, t.n), 0, "%s", pc_error_get());
	end = pc_threats_at(&m, pc_threats_lex_set(lex, name), 0);
	pc_threats_sentence_free(&m);
	pc_threats_tokens_free(&t);
	return end;
}

Test(lexclass, the_same_alternatives_are_one_element)
{
	/* you|ya and ya|you; you (four times); idiot, moron, fool; kill~,
	 * kill, kill*: 8 of the 12 written elements (and go, on, and) */
	cr_assert_eq(lex->nlits, 11, "%d literal ids", lex->nlits);
}

Test(lexclass, matching_is_unchanged)
{
	cr_expect_eq(longest("ya moron", "insult"), 2);
	cr_expect_eq(longest("you idiot", "insult"), 2);
	cr_expect_eq(longest("ya fool", "insult"), -1, "ya is not you");
	cr_expect_eq(longest("kill you", "kill"), 2);
	cr_expect_eq(longest("killing you", "kill"), 2, "kill~ and kill*");
	cr_expect_eq(longest("killer you", "kill"), 2, "kill* only");
	cr_expect_eq(longest("skill you", "kill"), -1);
}

Test(lexclass, the_longest_of_more_than_four_ends)
{
	/* ends 1 to 5 at word 0: the four longest are kept */
	cr_expect_eq(longest("go on and on and", "go"), 5);
	cr_expect_eq(longest("go on and on", "go"), 4);
	cr_expect_eq(longest("go", "go"), 1);
}
