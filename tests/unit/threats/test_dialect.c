/* Round 6's general capabilities on the shipped lexicons: dialect and
 * slang spellings, dropped-g inflections, hedges that are not reported
 * speech, and the idioms they must not swallow. */
#include <criterion/criterion.h>
#include <string.h>

#include "labelled.h"

static struct pc_threats_engine *eng;
static struct pc_threats_verdict v;

static void
setup(void)
{
	const char *lex[] = LAB_LEXICONS, *names[] = { "Helen Marsh" };

	cr_assert_eq(pc_threats_engine_new(&eng, lex, LAB_NLEXICONS, names, 1),
	    0, "%s", pc_error_get());
}

static void
teardown(void)
{
	pc_threats_engine_free(eng);
}

/* Judges s; returns 'L' threat to life, 'T' threat, 'A' abuse, '-'. */
static char
judge(const char *s)
{
	cr_assert_eq(pc_threats_judge(eng, s, strlen(s), &v), 0);
	return v.hit[PC_THR_LIFE]  ? 'L'
	    : v.hit[PC_THR_THREAT] ? 'T'
	    : v.hit[PC_THR_ABUSE]  ? 'A'
				   : '-';
}

/* A message and the verdict judge() must give it. */
struct judged {
	const char *text;
	char want;
};

/* Judges every case; a mismatch names the message. */
static void
judge_all(const struct judged *cases, size_t n)
{
	size_t i;
	char got;

	for (i = 0; i < n; i++) {
		got = judge(cases[i].text);
		cr_expect_eq(got, cases[i].want, "\"%s\": got %c, want %c",
		    cases[i].text, got, cases[i].want);
	}
}

TestSuite(dialect, .init = setup, .fini = teardown);

Test(dialect, spellings_of_intent_target_and_body)
{
	static const struct judged cases[] = {
		{ "am gonnae kick yer heid in", 'T' },
		{ "ah'll gie ye a doin", 'T' },
		{ "I'll lamp thee", 'T' },
		{ "your car will get done over", 'T' },
		{ "ye'll be swingin fae a lamppost", 'L' },
		{ "u better sleep wiv one eye open", 'T' },
		{ "ill be waitin outside ur gaff wiv a bat", 'L' },
		{ "ur days r numbered m8", 'T' },
		/* the same words in ordinary mail */
		{ "Whit time's yer surgery on Setterday?", '-' },
		{ "The team got done over 4-0 at the weekend.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(dialect, dropped_g_inflections)
{
	static const struct judged cases[] = {
		{ "im gonna be stabbin u", 'L' },
		{ "we're gonna be smashin your windows", 'T' },
		/* a name ending in -in is not an inflection that fires */
		{ "Putin will be in the news again.", '-' },
		/* a literal -ing word of a phrase, g dropped */
		{ "ur husband better start lookin over his shoulder", 'T' },
		{ "I'm lookin forward to the surgery.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(dialect, hedges_are_not_reported_speech)
{
	static const struct judged cases[] = {
		{ "Just saying accidents happen to people like you.", 'T' },
		{ "not a threat, you're getting a bullet one day", 'L' },
		/* a real report stays casework */
		{ "He said he would kill me if I went to the police.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(dialect, idioms_stay_idioms)
{
	static const struct judged cases[] = {
		{ "We'll be smashing it at the fun run.", '-' },
		{ "If you back the rail link you'll be a dead cert for my vote.",
		    '-' },
		{ "Our group wants to meet you about the killing of foxes.",
		    '-' },
		{ "Patients are left to die in agony without the bill.", '-' },
		{ "I hope you die in agony.", 'L' },
		{ "I'm going to come down to your office and smash it up.",
		    'T' },
		{ "Your office door isn't very strong is it.", 'T' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
