/* Round 6's general capabilities on the shipped lexicons: dialect and
 * slang spellings, dropped-g inflections, hedges that are not reported
 * speech, and the idioms they must not swallow. */
#include "judge.h"

TestSuite(dialect, .init = judge_setup, .fini = judge_teardown);

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
