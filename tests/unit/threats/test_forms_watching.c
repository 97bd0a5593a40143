/* Rounds 84-89's general forms on the shipped rule lexicons (no word
 * model): watching and following told to the target, a weapon brought
 * along, lampposts and hands round a throat, a reported threat the
 * writer waves through ("not my problem"), damage to the office; beside
 * them the twins that must stay quiet (an election to be won, a petition
 * brought, a campaign followed). */
#include "judge.h"

TestSuite(forms_watching, .init = judge_setup, .fini = judge_teardown);

Test(forms_watching, watching_and_following_told_to_the_target)
{
	static const struct judged cases[] = {
		{ "I've been a few rows behind you on the bus all week.", 'T' },
		{ "Just so you know I know where your kids play.", 'T' },
		{ "We know when the last person leaves the office.", 'T' },
		{ "Enjoy your last quiet weekend, Helen.", 'T' },
		{ "Wait till we catch your caseworker in the car park.", 'T' },
		{ "Two of us have been taking it in turns to sit outside your house.",
		    'T' },
		/* the same places and times, harmless */
		{ "I've been following your campaign on the bypass for months.",
		    '-' },
		{ "Just so you know, the surgery has moved to the library.",
		    '-' },
		{ "Enjoy your weekend, Helen, and thanks for the visit.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_watching, weapons_brought_lampposts_and_throats)
{
	static const struct judged cases[] = {
		{ "Bring a knife to Saturday's surgery, someone.", 'L' },
		{ "The only good MP is one swinging from a lamppost.", 'L' },
		{ "All night I think of my hands round your throat.", 'L' },
		{ "Your office will be a crater by Christmas.", 'L' },
		{ "We'll spray every wall of your office until you listen.",
		    'T' },
		{ "Lock the gates and we'll kick the doors in.", 'T' },
		/* a weapon named in a campaign or a report */
		{ "Please bring your knife crime petition to the surgery.",
		    '-' },
		{ "Can you bring a gun safety leaflet to the fete?", '-' },
		{ "The police found a knife in his bag at the school gate.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_watching, a_reported_threat_waved_through_is_the_writers)
{
	static const struct judged cases[] = {
		{ "My mates say they'll kick his head in. Not my problem.",
		    'T' },
		{ "The lads reckon she needs a kicking and I'll buy them a pint.",
		    'T' },
		{ "My brother says he's going to batter you and im not going to stop him.",
		    'T' },
		/* the endorse lines that wrote "'ve told" as one alternative
		 * and never matched */
		{ "They said they'd pay him a visit. I've told them to go ahead.",
		    'T' },
		{ "His cousin says he owes you a bullet. I have told him where your office is.",
		    'L' },
		{ "They're saying someone should put a bullet in Garrowby. I would not stop them.",
		    'T' },
		{ "Half the market were saying someone's going to slap that Brannock woman, and I'd hold their coat.",
		    'T' },
		/* reported to warn the office */
		{ "My neighbour said he'd kick your head in. I've told the police.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_watching, an_election_to_be_won_is_no_beating)
{
	static const struct judged cases[] = {
		{ "We're going to beat you at the next general election.",
		    '-' },
		{ "We will put up our own candidate and we will beat you.",
		    '-' },
		{ "We'll thrash you in the polls.", '-' },
		{ "I will beat you senseless.", 'T' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Rounds 90-95: a condition the writer sets before their own threat; a
 * polite letter's "I am writing to confirm"; and the twins: a report of
 * someone's threat inside a condition, violent words as metaphors */
Test(forms_watching, conditions_letters_and_metaphors)
{
	static const struct judged cases[] = {
		{ "If she says one more word I'm going down there to slap her.",
		    'T' },
		{ "I am writing to confirm that I will be bringing a knife to your surgery.",
		    'L' },
		{ "I'll have the blade with me this time.", 'L' },
		{ "I will set my dogs on you.", 'T' },
		{ "Plenty of room in the crusher for a politician.", 'L' },
		{ "If he says he will kill you, call 999.", '-' },
		{ "I am writing to tell you my neighbour said he would stab me.",
		    '-' },
		{ "The VAT threshold is a noose round the neck of every trader.",
		    '-' },
		{ "She needs a kick up the backside about the bus route.",
		    '-' },
		{ "I would hate for anything to happen to the local library.",
		    '-' },
		{ "We know where you live: you live here, same as us.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* The same phrases' words in a victim's or a council's casework: the
 * phrases above ask for the writer's "we'll", a target or a person */
Test(forms_watching, the_same_words_in_casework_stay_quiet)
{
	static const struct judged cases[] = {
		{ "People keep dumping rubbish outside my house every week.",
		    '-' },
		{ "The council hung banners from the lampposts on the high street.",
		    '-' },
		{ "Someone tried to kick my door in last night.", '-' },
		{ "My house is in ashes after the fire.", '-' },
		{ "After what happened to Jo Cox I worry for your safety.",
		    '-' },
		{ "How do you feel about open surgeries after what happened to "
		  "Sir David Amess? Do you ever feel unsafe?",
		    '-' },
		{ "Remember what happened to Amess at his surgery.", 'L' },
		{ "A man has been sitting outside my house in a van every night.",
		    '-' },
		{ "We will fight this closure by whatever means necessary.",
		    '-' },
		{ "I wanted you to know we know how hard you work.", '-' },
		{ "Two MPs killed in eight years, please take security seriously.",
		    '-' },
		{ "We'll be visiting after dark.", 'T' },
		{ "Build the gallows on the Parade.", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
