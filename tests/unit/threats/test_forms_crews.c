/* Rounds 120-143's general forms on the shipped rule lexicons (no word
 * model): a crew set on the MP or sent round ("setting my tenants on
 * you", "sending the lads round to yours"), held under "until she stops
 * kicking", shoved about, black eyes, a passive wound, a stopped heart,
 * the town hall, a broken nose, a dialect face, bounties, a gun emoji
 * pointed at the reader, both barrels, a last Christmas; beside them the
 * twins that must stay quiet (volunteers sent round, a toddler who stops
 * kicking off, a victim's own black eye, a doctor's warning, a library
 * closing, a last letter, clay shooting). */
#include "judge.h"

TestSuite(forms_crews, .init = judge_setup, .fini = judge_teardown);

Test(forms_crews, a_crew_set_on_the_target_or_sent_round)
{
	static const struct judged cases[] = {
		{ "You set the licensing team on me, so I'm setting my tenants on you.",
		    'T' },
		{ "Keep it up and I am sending the lads round to yours.", 'T' },
		{ "We'll set the boys after her once the vote is done.", 'T' },
		/* help, and a complaint about someone else's dogs */
		{ "I am sending my grandson round to fix the gate on Friday.",
		    '-' },
		{ "My neighbour set his dog on my cat again, please help.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_crews, held_under_shoved_about_and_black_eyes)
{
	static const struct judged cases[] = {
		{ "Someone ought to hold her under the water until she stops kicking.",
		    'L' },
		{ "we will be at the surgery\nwe will shove her about", 'T' },
		{ "You'll go home with two black eyes if you turn up.", 'T' },
		/* a toddler, and a victim telling what was done to them */
		{ "The nursery says to wait until she stops kicking off about naps.",
		    '-' },
		{ "The bouncer shoved me about and I had two black eyes for a week.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Rounds 126-131: a name that "will be shot in the head", "whoever stops
 * her heart", a bomb at the town hall where the MP speaks. */
Test(forms_crews, a_passive_wound_a_stopped_heart_and_the_town_hall)
{
	static const struct judged cases[] = {
		{ "Delphine Thackray will be shot in the head.", 'L' },
		{ "Whoever stops her heart gets a crate from me.", 'L' },
		{ "Going to blow up the town hall while she is speaking.",
		    'L' },
		{ "We are going to smash the town hall windows.", 'T' },
		/* a victim's past, an idiom, a doctor, a library */
		{ "My nephew was shot in the head in 2019 and nobody was charged.",
		    '-' },
		{ "You will be stabbed in the back by your own party.", '-' },
		{ "The surgeon said the drug could stop his heart.", '-' },
		{ "The council is going to kill the town hall library.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Rounds 132-137: a broken nose, a dialect face knocked in ("bake"), a
 * head kicked in, "she gets shot", bounties for drowning or running
 * over, a gun emoji pointed at the reader. */
Test(forms_crews, faces_heads_bounties_and_emoji)
{
	static const struct judged cases[] = {
		{ "I'm going to break his nose the next time I see him.", 'T' },
		{ "I'll knock your bake in if I see you at Stormont.", 'T' },
		{ "I'm breaking his nose the next time I see him.", 'T' },
		{ "You are getting your head kicked in, mate.", 'T' },
		{ "Tell him she gets shot if he doesn't change his vote.",
		    'L' },
		{ "Whoever drowns that minister off the pier drinks free.",
		    'L' },
		{ "Whoever runs her over gets a pint.", 'L' },
		{ "pemby \xf0\x9f\xab\xb5\xf0\x9f\x94\xab\xf0\x9f\x92\x80",
		    'L' },
		/* a punishment, a soldier's past, a list, a laugh */
		{ "She is getting a slap on the wrist from the Commissioner.",
		    '-' },
		{ "My son gets shot at in Helmand and you cut his pension.",
		    '-' },
		{ "The amnesty bin takes any weapon: knife, gun, axe.", '-' },
		{ "This speech made me \xf0\x9f\x92\x80\xf0\x9f\x92\x80 you are a legend",
		    '-' },
		{ "He told me I'd get my head kicked in if I reported him.",
		    '-' },
		{ "He broke my nose the next time I saw him.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Rounds 138-143: a bounty to whoever finishes him, no throat left,
 * both barrels for her, the last Christmas together, a wife kissed
 * goodbye, knocked on his arse. */
Test(forms_crews, bounties_barrels_and_last_christmases)
{
	static const struct judged cases[] = {
		{ "5,000 in BTC to whoever finishes him.", 'L' },
		{ "Next time she won't have a throat to hang up with.", 'L' },
		{ "Friday, with my twelve bore, and both barrels are for you.",
		    'L' },
		{ "It's the last one the four of you will ever have together.",
		    'L' },
		{ "Tell Martin to kiss his wife goodbye before he leaves.",
		    'L' },
		{ "I will knock him on his arse at the match.", 'T' },
		/* a last letter, clay shooting, a pension and a seat */
		{ "This is the last letter you will ever get from me.", '-' },
		{ "Both barrels are for clays: I hold a shotgun certificate.",
		    '-' },
		{ "Kiss your pension goodbye under this government.", '-' },
		{ "If you vote for this, kiss your seat goodbye.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
