/* The threats tokeniser: words, clitics, split letters, emoji. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "words_lexicon.h"

static struct pc_threats_tokens toks;

static void
setup(void)
{
	words_setup();
}

static void
teardown(void)
{
	pc_threats_tokens_free(&toks);
	words_teardown();
}

/* Tokenises s and returns its keys joined by '/'. */
static const char *
keys(const char *s)
{
	static char out[512];
	size_t i, o = 0;

	cr_assert_eq(pc_threats_tokenise(&toks, norm, s, strlen(s),
			 pc_threats_lex_known, pc_threats_lex_emoji, lex),
	    0);
	out[0] = '\0';
	for (i = 0; i < toks.n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
		    i ? "/" : "", toks.v[i].key);
	return out;
}

TestSuite(tokens, .init = setup, .fini = teardown);

Test(tokens, clitics_split_off)
{
	cr_assert_str_eq(keys("you'll"), "you/'ll");
	cr_assert_str_eq(keys("I\xe2\x80\x99m"), "i/'rn"); /* skeleton m=rn */
	cr_assert_str_eq(keys("won't"), "won't");
}

Test(tokens, spaced_letters_join_into_lexicon_words)
{
	cr_assert_str_eq(keys("k i l l you"), "kill/you");
	cr_assert_str_eq(keys("y o u  w i l l  d i e"), "you/will/die");
	/* single words are not glued together when they spell nothing */
	cr_assert_str_eq(keys("u r a"), "u/r/a");
}

Test(tokens, punctuated_letters_join)
{
	cr_assert_str_eq(keys("k.i.l.l"), "kill");
	cr_assert_str_eq(keys("sc.u.m"), "scurn");
	/* ordinary hyphenated words stay apart */
	cr_assert_str_eq(keys("two-faced"), "two/faced");
}

Test(tokens, leet_symbols_stay_inside_words)
{
	cr_assert_str_eq(keys("ki||ed"), "killed");
	cr_assert_str_eq(keys("d!e now!"), "die/now");
}

/* A capital I passes for a small l inside a small-letter word: the
 * token's alternative key reads it so ("kiII", Greek "κiΙΙ"); a word in
 * capitals throughout keeps one reading. */
static const char *
alts(const char *s)
{
	static char out[512];
	size_t i, o = 0;

	keys(s);
	out[0] = '\0';
	for (i = 0; i < toks.n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s",
		    i ? "/" : "", toks.v[i].alt);
	return out;
}

Test(tokens, capital_i_read_as_small_l)
{
	cr_assert_str_eq(alts("kiII"), "kill");
	cr_assert_str_eq(alts("\xce\xbai\xce\x99\xce\x99"), "kill");
	cr_assert_str_eq(alts("KILL"), "");
	cr_assert_str_eq(keys("\xcf\x89ill"), "will"); /* Greek omega */
}

Test(tokens, emoji_become_words)
{
	cr_assert_str_eq(keys("\xf0\x9f\x94\xaa coming"), "knife/corning");
	cr_assert(toks.v[0].flags & PC_TOK_EMOJI);
}

Test(tokens, sentences_end_at_stops_and_blank_lines)
{
	keys("watch out. you will\nbe fine\n\nnew one");
	cr_assert_eq(toks.v[0].sentence, 0);
	cr_assert_eq(toks.v[2].sentence, 1);
	cr_assert_eq(toks.v[5].sentence, 1); /* one newline: same sentence */
	cr_assert_eq(toks.v[6].sentence, 2);
}

/* Round 122's "k.i.l.l. t.h.e. t.r.a.i.t.o.r." and round 124's
 * "w.a.t.c.h. y.o.u.r. b.a.c.k.": the dot closing each dotted word
 * ended a sentence, so the rules saw three one-word sentences. */
Test(tokens, a_dot_closing_a_dotted_word_keeps_the_sentence)
{
	cr_assert_str_eq(
	    keys("k.i.l.l. t.h.e. t.r.a.i.t.o.r. now"), "kill/the/traitor/now");
	cr_assert_eq(toks.v[0].sentence, 0);
	cr_assert_eq(toks.v[3].sentence, 0);
	keys("w.a.t.c.h. y.o.u.r. b.a.c.k.");
	cr_assert_eq(toks.v[2].sentence, 0);
	/* a word of several letters still ends its sentence, and so does a
	 * single letter after a space */
	keys("watch it. your back is next. plan B. then");
	cr_assert_eq(toks.v[2].sentence, 1);
	cr_assert_eq(toks.v[6].sentence, 2);
	cr_assert_eq(toks.v[8].sentence, 3);
}

/* Round 126's "Βοmb is nearly ready": the Greek capital beta folded to a
 * small beta, whose skeleton is "ß". A look-alike capital is read as the
 * Latin capital it looks like before case folding; a capital I
 * look-alike is left to the small-l reading. */
Test(tokens, look_alike_capitals_read_before_folding)
{
	/* Greek "Βοmb", Cyrillic "Вomb": b, o, m (as rn), b */
	cr_assert_str_eq(keys("\xce\x92\xce\xbfmb"), "bornb");
	cr_assert_str_eq(keys("\xd0\x92omb"), "bornb");
	/* Greek "ΗΑΤΕ" and "ΝΟ": h and n, not the n and v of η and ν */
	cr_assert_str_eq(keys("\xce\x97\xce\x91\xce\xa4\xce\x95"), "hate");
	cr_assert_str_eq(keys("\xce\x9d\xce\x9f"), "no");
	/* read as Latin throughout, still a disguise */
	cr_assert_str_eq(keys("\xce\x92\xce\x9f\xce\x9c\xce\x92"), "bornb");
	cr_assert(toks.v[0].flags & PC_TOK_OBFUSCATED);
	cr_assert_str_eq(keys("bomb"), "bornb");
	cr_assert_not(toks.v[0].flags & PC_TOK_OBFUSCATED);
	/* a small beta is still no b */
	cr_assert_str_neq(keys("\xce\xb2omb"), "bornb");
}
