/* Rounds 36-47's general forms on the shipped rule lexicons (no word
 * model): sabotage of a car, a death sentence or a weapon made ready,
 * damage short of life, a threat the writer reports and backs, and the
 * target's own words that are no report; beside them the victims and
 * idioms that must stay quiet. */
#include "judge.h"

TestSuite(forms_sabotage, .init = judge_setup, .fini = judge_teardown);

Test(forms_sabotage, sabotage_and_readied_weapons_are_threats_to_life)
{
	static const struct judged cases[] = {
		{ "Cut your car's brake pipes last night. Enjoy the drive.",
		    'L' },
		{ "Rigged something special under that grey Passat of yours.",
		    'L' },
		{ "I'll blow your constituency office sky high.", 'L' },
		{ "one more U-turn and I'm putting you six foot under", 'L' },
		{ "The court of the people found her guilty. The sentence is death.",
		    'L' },
		{ "The pipe bomb is finished. Friday is surgery day.", 'L' },
		{ "The gun is cleaned. You know why I am telling you this.",
		    'L' },
		{ "Your car is going to go up like a firework with you sat in it.",
		    'L' },
		/* the same words, harmless */
		{ "The garage says my brake pipes were worn and cut the cost.",
		    '-' },
		{ "Energy bills went sky high this winter.", '-' },
		{ "The sentence was two years, suspended.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_sabotage, damage_short_of_life_is_a_threat)
{
	static const struct judged cases[] = {
		{ "Dog muck through your letterbox every night until you change your vote.",
		    'T' },
		{ "Hope someone lobs a bucket of paint over her at the fete.",
		    'T' },
		{ "We're going to force our way into your surgery on Friday.",
		    'T' },
		{ "we'll put your office door in with the digger bucket", 'T' },
		{ "Your tyres will be flat every morning until you answer.",
		    'T' },
		{ "There'll be consequences for you personally, and I don't mean at the ballot box.",
		    'T' },
		{ "Your staff can start walking home in pairs.", 'T' },
		{ "I can't be responsible for what they do when they come down.",
		    'T' },
		/* a victim's report and lawful pressure stay quiet */
		{ "Someone put dog mess through my letterbox again last night.",
		    '-' },
		{ "We will be at your surgery on Friday with a petition.",
		    '-' },
		{ "You'll pay for this at the ballot box in May.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_sabotage, a_reported_threat_the_writer_backs)
{
	static const struct judged cases[] = {
		{ "The old boys were saying somebody should put a bullet in "
		  "him. I told them I'd lend them my rifle.",
		    'T' },
		{ "Some of the lads in the Crown say somebody ought to give that MP a proper kicking, and I would not be the one to stop them.",
		    'T' },
		{ "The dads at the club say someone should give the MP a kicking. Wouldn't blame them.",
		    'T' },
		/* a report alone is casework; a frightened parent is no backer */
		{ "The lads in the Crown say somebody ought to give that MP a kicking. Please be careful.",
		    '-' },
		{ "He said he would kill me. How do I get him referred to Prevent?",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_sabotage, the_targets_own_words_are_no_report)
{
	static const struct judged cases[] = {
		{ "After what you said about veterans, I will put you in hospital.",
		    'T' },
		{ "You said you would help and I will burn your office down.",
		    'L' },
		{ "I'll come and post a brick through your window.", 'T' },
		/* someone else's words stay a report */
		{ "I will tell the police he said he would kill me.", '-' },
		{ "After what he said, he told me he will put me in hospital.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_sabotage, passive_and_hypothetical_menace)
{
	static const struct judged cases[] = {
		{ "A lesson will be taught. It will hurt.", 'T' },
		{ "You will be made to regret what you did to us.", 'T' },
		{ "Payback is coming, and there will be bruises to show for it.",
		    'T' },
		{ "Heads will roll. Hers first, and I don't mean politically.",
		    'T' },
		{ "She is going to be knocked about a bit.", 'T' },
		{ "Imagine if your car blew up on the school run.", 'L' },
		{ "You will not see the new year.", 'L' },
		/* the same grammar, lawful */
		{ "The cuts will hurt small businesses in the ward.", '-' },
		{ "Imagine if your party lost the seat in May.", '-' },
		{ "I will not see my pension rise this year.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_sabotage, a_report_ends_where_the_writer_speaks)
{
	static const struct judged cases[] = {
		/* "post" a noun; a letter's "telling me" ended by "and I'll" */
		{ "Reply under the Hendry Moor post: i'll smash your face in",
		    'T' },
		{ "One more letter telling me I'm fit for work and I'll stab the first one of you I see.",
		    'L' },
		{ "I'll put it in writing so there's no confusion: I am going to kill you.",
		    'L' },
		/* a victim's report stays one */
		{ "He rang me and I'm scared, he says he will kill me.", '-' },
		{ "He posts that he will stab me when I leave work.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_sabotage, a_capitalised_name_after_the_harm_is_a_target)
{
	static const struct judged cases[] = {
		{ "I am going to kill Helen Ashworth.", 'L' },
		{ "I'll stab Quennell at the fete.", 'L' },
		{ "Someone should shoot Pryce and save us the bother.", 'L' },
		/* no speaker who means it, or no name */
		{ "They say the stress will kill Helen.", '-' },
		{ "I will kill the Bill at committee stage.", '-' },
		{ "I WILL KILL TIME AT THE LIBRARY.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A hope that the target's property is insured is a veiled threat of
 * damage; property insured against the weather is casework. */
Test(forms_sabotage, a_hope_that_your_property_is_insured)
{
	static const struct judged cases[] = {
		{ "Hope your car's insured.", 'T' },
		{ "Hope your house is well insured. That's all I'll say.",
		    'T' },
		{ "I hope your house is insured against flooding, because the "
		  "council won't pay.",
		    '-' },
		{ "Is my house insured for storm damage if the council's tree "
		  "falls on it?",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A stick or belt taken across the target's face, the target's blood
 * on the pavement, a smack outside the magistrates' court (a place the
 * writer waits at, no report). */
Test(forms_sabotage, sticks_blood_and_the_court_steps)
{
	static const struct judged cases[] = {
		{ "I'll take my stick across your stupid face if you set foot in "
		  "our sheltered housing again.",
		    'T' },
		{ "Your blood will be on the pavement of Dyer Street.", 'L' },
		{ "Your blood will be all over the street.", 'L' },
		{ "Your blood will boil when you read what the council did to "
		  "our street.",
		    '-' },
		{ "Tell Mr Drabble I'll be waiting outside the magistrates' court "
		  "and he'll get a smack in the mouth.",
		    'T' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A bat wrapped round the target's skull; the target's eulogy to start
 * writing (a funeral planned for a library stays benign). */
Test(forms_sabotage, bats_round_the_skull_and_eulogies)
{
	static const struct judged cases[] = {
		{ "I'll wrap a Gray-Nicolls round your skull until it caves in.",
		    'T' },
		{ "Graham might want to start writing the eulogy.", 'L' },
		{ "We should start planning the funeral for the old library, ha.",
		    '-' },
		{ "I'm writing the eulogy for my dad's funeral on Friday.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
