/* Each normaliser step of the threats rules. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/threats/normalise.h"
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

/* The comparison key of a word. */
static const char *
key_of(const char *word)
{
	static struct pc_threats_token t;

	memset(&t, 0, sizeof(t));
	cr_assert_eq(pc_threats_token_keys(&t, norm, word, strlen(word)), 0);
	return t.key;
}

Test(normalise, nfkc_and_case_fold)
{
	char out[64];

	pc_threats_fold(out, sizeof(out), "KILL", 4);
	cr_assert_str_eq(out, "kill");
	/* fullwidth and mathematical bold letters fold to ASCII */
	pc_threats_fold(out, sizeof(out),
	    "\xef\xbc\xab\xef\xbc\xa9\xef\xbc\xac\xef\xbc\xac", 12);
	cr_assert_str_eq(out, "kill");
	pc_threats_fold(
	    out, sizeof(out), "\xf0\x9d\x90\xa4\xf0\x9d\x90\xa2ll", 10);
	cr_assert_str_eq(out, "kill");
}

Test(normalise, zero_width_and_soft_hyphen_removed)
{
	char out[64];

	pc_threats_fold(out, sizeof(out), "ki\xe2\x80\x8bll", 7);
	cr_assert_str_eq(out, "kill");
	pc_threats_fold(out, sizeof(out),
	    "st\xc2\xad"
	    "ab",
	    6);
	cr_assert_str_eq(out, "stab");
	pc_threats_fold(out, sizeof(out), "d\xe2\x80\x8die", 6);
	cr_assert_str_eq(out, "die");
}

Test(normalise, invalid_utf8_does_not_stop_folding)
{
	char out[64];

	pc_threats_fold(out, sizeof(out),
	    "a\xff"
	    "b",
	    3);
	cr_assert_str_eq(out,
	    "a\xef\xbf\xbd"
	    "b");
}

Test(normalise, leetspeak_only_in_words_with_letters)
{
	char out[64];

	cr_assert(pc_threats_leet(out, sizeof(out), "k1ll", false));
	cr_assert_str_eq(out, "kill");
	cr_assert(pc_threats_leet(out, sizeof(out), "ki11", true));
	cr_assert_str_eq(out, "kill");
	cr_assert(pc_threats_leet(out, sizeof(out), "d3@d", false));
	cr_assert_str_eq(out, "dead");
	cr_assert(pc_threats_leet(out, sizeof(out), "sm@$h", false));
	cr_assert_str_eq(out, "smash");
	/* a number stays a number */
	cr_assert_not(pc_threats_leet(out, sizeof(out), "2025", false));
	cr_assert_str_eq(out, "2025");
}

Test(normalise, skeleton_maps_look_alike_letters, .init = setup,
    .fini = teardown)
{
	char stab[64], you[64];

	snprintf(stab, sizeof(stab), "%s", key_of("stab"));
	snprintf(you, sizeof(you), "%s", key_of("you"));
	/* Cyrillic dze and a: "ѕtаb" */
	cr_assert_str_eq(key_of("\xd1\x95t\xd0\xb0"
				"b"),
	    stab);
	/* Greek omicron in "yоu" */
	cr_assert_str_eq(key_of("y\xce\xbfu"), you);
	cr_assert_str_neq(stab, key_of("stub"));
}

Test(normalise, skeleton_leftovers_read_as_latin, .init = setup,
    .fini = teardown)
{
	char kill[64], that[64], and[64];

	snprintf(kill, sizeof(kill), "%s", key_of("kill"));
	snprintf(that, sizeof(that), "%s", key_of("that"));
	snprintf(and, sizeof(and), "%s", key_of("and"));
	/* TR39 gives the kra for Cyrillic ka and Greek kappa: "кill", "κιll" */
	cr_assert_str_eq(key_of("\xd0\xbaill"), kill);
	cr_assert_str_eq(key_of("\xce\xba\xce\xb9ll"), kill);
	/* a small capital for Greek tau, a mark under n for Greek eta */
	cr_assert_str_eq(key_of("\xcf\x84h\xce\xb1\xcf\x84"), that);
	cr_assert_str_eq(key_of("\xce\xb1\xce\xb7"
				"d"),
	    and);
	/* letters that stand for no Latin letter stay apart */
	cr_assert_str_neq(key_of("\xce\xbb\xce\xb9ll"), kill);
}

Test(normalise, small_capitals_read_before_the_skeleton, .init = setup,
    .fini = teardown)
{
	char murder[64];

	snprintf(murder, sizeof(murder), "%s", key_of("murder"));
	/* small capital M: TR39 alone takes it to a turned w (U+028D) */
	cr_assert_str_eq(key_of("\xe1\xb4\x8d\xe1\xb4\x9c\xca\x80\xe1\xb4\x85\xe1\xb4\x87\xca\x80"),
	    murder);
}

Test(normalise, leet_before_skeleton, .init = setup, .fini = teardown)
{
	/* the skeleton alone would read 1 as l: "k1ll" must still be kill,
	 * and "ki11" too (1 as l) */
	struct pc_threats_token t;

	memset(&t, 0, sizeof(t));
	cr_assert_eq(pc_threats_token_keys(&t, norm, "ki11", 4), 0);
	cr_assert(strcmp(t.key, key_of("kill")) == 0 ||
	    strcmp(t.alt, key_of("kill")) == 0);
	cr_assert_str_eq(key_of("k1ll"), key_of("kill"));
	cr_assert(t.flags & PC_TOK_OBFUSCATED);
}

Test(normalise, repeated_letters_collapse)
{
	char s[] = "diiiiie";

	cr_assert(pc_threats_has_run3(s));
	pc_threats_collapse(s);
	cr_assert_str_eq(s, "die");
	cr_assert_not(pc_threats_has_run3("kill"));
}
