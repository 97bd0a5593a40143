/* Rounds 27-31's general forms on the shipped rule lexicons (no word
 * model): groups of staff as targets, misspelt past tenses, asides that
 * are no report, veiled threats to life without a harm word, and the
 * idioms and welfare reports beside them that must stay quiet. */
#include "judge.h"

TestSuite(forms, .init = judge_setup, .fini = judge_teardown);

Test(forms, groups_of_staff_are_targets)
{
	static const struct judged cases[] = {
		{ "Your staff lied to me. I will kill every one of them.",
		    'L' },
		{ "I will shoot whoever is on the front desk.", 'L' },
		{ "I'll stab each and every one of you.", 'L' },
		{ "I will kill the first canvasser I see.", 'L' },
		{ "Shoot the Pryce-Whitby woman on the doorstep.", 'L' },
		/* the same words about things, not people */
		{ "I will check every one of them before Friday.", '-' },
		{ "Whoever is on the front desk was very kind.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms, misspelt_past_tense)
{
	static const struct judged cases[] = {
		{ "ur going to be murderd just wait", 'L' },
		{ "ima slit ur throte at the hustings", 'L' },
		{ "you lot will be slaughterd", 'L' },
		{ "The order was delivered on Monday.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms, an_aside_is_no_report)
{
	static const struct judged cases[] = {
		{ "If they take my kids like they're saying I will shoot whoever is on the front desk.",
		    'L' },
		{ "As I said, I will burn your office down.", 'L' },
		/* a report stays a report */
		{ "He said he would kill me if I went to the police.", '-' },
		{ "It was like he threatened to stab her in the street.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms, veiled_threats_to_life)
{
	static const struct judged cases[] = {
		{ "You'll pay in blood for the hospital closure.", 'L' },
		{ "Make sure your will is up to date before the vote.", 'L' },
		{ "Her office would go up nicely, it's all timber.", 'L' },
		{ "People like you in my country, they disappear one day.",
		    'T' },
		/* the same words, harmless */
		{ "Prices would go up nicely if you backed the scheme.", '-' },
		{ "Our solicitors can help make your will for free.", '-' },
		{ "Blood donors will be at the surgery on Friday.", '-' },
		{ "There was a bomb scare at the station, is the office ok?",
		    '-' },
		{ "I put the chicken in the oven before the surgery.", '-' },
		{ "The police saw him stab the woman on Friday.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms, idioms_and_welfare_stay_quiet)
{
	static const struct judged cases[] = {
		{ "I will kill you at the Fellbridge pub quiz on Friday, Dev.",
		    '-' },
		{ "hi sorry, I am shooting you this email to ask about my case",
		    '-' },
		{ "I'll be at the hustings to shoot down every claim your party makes.",
		    '-' },
		{ "A man in our corridor tried to hang himself on Sunday.",
		    '-' },
		{ "We got back in the kitchen at the community centre, thanks.",
		    '-' },
		/* the abuse the kitchen idiom is */
		{ "get back in the kitchen love", 'A' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
