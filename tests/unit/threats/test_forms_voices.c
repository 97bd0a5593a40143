/* Rounds 60-71's general forms on the shipped rule lexicons (no word
 * model): social-media handles as targets, a caller's own call that is
 * no report, slang and dialect harm, veiled ends (a body bag, a bullet
 * between the eyes, until she stops breathing), and endorsements of a
 * quoted call to harm; beside them the twins that must stay quiet. */
#include "judge.h"

TestSuite(forms_voices, .init = judge_setup, .fini = judge_teardown);

Test(forms_voices, a_handle_after_the_harm_is_its_target)
{
	static const struct judged cases[] = {
		{ "i am going to k i l l @RuthPembertonMP", 'L' },
		{ "someone should stab @pemberton_ruth tbh", 'L' },
		/* the domain of an email address is no handle */
		{ "I will shoot bob@pemberton.example a message", '-' },
		{ "shoot me a DM @RuthPembertonMP", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_voices, a_callers_own_call_is_no_report)
{
	static const struct judged cases[] = {
		{ "hi its Wayne I'm ringing about the bins I'm going to stab you when I see you",
		    'L' },
		{ "I am writing regarding my PIP and I will burn your office down",
		    'L' },
		/* the call is the writer's, the threat still someone else's */
		{ "I'm ringing because my ex keeps saying he will stab me",
		    '-' },
		{ "I'm writing about my neighbour, he said he would kill me",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_voices, veiled_ends_and_slang_harm)
{
	static const struct judged cases[] = {
		{ "Best bring a body bag to Saturday's surgery.", 'L' },
		{ "keep it up and see if u live till easter", 'L' },
		{ "He'll get a bullet between the eyes before polling day.",
		    'L' },
		{ "I'll beat him until he stops breathing.", 'L' },
		{ "Where's a sniper when you need one.", 'L' },
		{ "ima dip u outside the office", 'L' },
		{ "I shall box your ears at the next surgery.", 'T' },
		/* a weapon taken to someone: a threat to life */
		{ "I'll take my cricket bat to you, see if I don't.", 'L' },
		{ "You want to hope I don't catch you in town.", 'T' },
		{ "She wants to watch herself walking home.", 'T' },
		{ "Don't expect to get back to your car in one piece.", 'T' },
		/* the same words, lawful or kind */
		{ "I'd take a bullet for your caseworker, she was brilliant.",
		    '-' },
		{ "Hope you got home in one piece after the storm!", '-' },
		{ "We know which school our twins will go to: none, if the bus is cut.",
		    '-' },
		{ "I'll shoot off another letter to the Gazette tonight.",
		    '-' },
		{ "The body bag shortage in the pandemic was a scandal.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_voices, limbs_pushes_and_hands_on)
{
	static const struct judged cases[] = {
		{ "Come round here again and I'll break your leg.", 'T' },
		{ "I'm going to shove you in the river at the regatta.", 'T' },
		{ "One day I'll push you in front of the 8:15.", 'L' },
		{ "I will get my hands on you at the surgery.", 'T' },
		{ "I like watching you sleep on the train.", 'T' },
		/* the same words elsewhere */
		{ "I broke my leg in March and the council lost my blue badge.",
		    '-' },
		{ "Please push the council on the bus cuts.", '-' },
		{ "Can you get your hands on the planning report?", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_voices, backing_a_quoted_call_to_harm)
{
	static const struct judged cases[] = {
		/* the endorsement alone, as the new text of a reply */
		{ "and I'll join in", '-' },
		/* with the report in the same message, it is the writer's */
		{ "The lads say someone should give her a kicking. Count me in.",
		    'T' },
		{ "My cousins say they will batter him and I'm not going to stop them.",
		    'T' },
		{ "The lads say someone should give her a kicking. Call the police.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
