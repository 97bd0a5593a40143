/* Abuse by word family and structure, and the benign contexts that
 * borrow threatening words, on the shipped lexicons (round 8's fresh
 * text: UK and dialect insults, slurs, misogynist tropes; games, sport,
 * "dead to me", complaint escalations, murdered MPs remembered, threats
 * quoted to condemn them). Sentences here are not the labelled set's. */
#include "judge.h"

TestSuite(abuse_general, .init = judge_setup, .fini = judge_teardown);

Test(abuse_general, dialect_insults_and_address)
{
	static const struct judged cases[] = {
		/* Scots, Irish, Northern, Black Country nouns, aimed */
		{ "ye absolute bampot", 'A' },
		{ "away ye go ya glaikit eejit", 'A' },
		{ "yer a wee gobshite so ye are", 'A' },
		{ "yow'm a saft wazzock", 'A' },
		{ "you great twonk", 'A' },
		{ "what an airhead", 'A' },
		{ "what a total muppet", 'A' },
		/* a sharp word said of a thing stays criticism */
		{ "The new parking scheme, what an absolute joke.", '-' },
		/* insult nouns in compounds, pests */
		{ "What a rat run this road has become.", '-' },
		{ "Filthy rats in the flat again and no reply.", '-' },
		{ "What a witch hunt.", '-' },
		{ "awa an bile yer heid", 'A' },
		{ "yous are a shower of wasters", 'A' },
		{ "ya dozy get", 'A' },
		{ "imagine being this dense", 'A' },
		{ "no wonder you're single", 'A' },
		/* the same words not aimed at anyone */
		{ "My granny calls everyone an eejit, bless her.", '-' },
		{ "The wee ones loved the library visit.", '-' },
		{ "Thank you for the tit box for the school garden.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, slurs_and_dehumanising_terms)
{
	static const struct judged cases[] = {
		/* a censored slur is still a slur; cigarettes never are */
		{ "the council is run by f*gs", 'A' },
		{ "Popped out for a pack of fags and missed your call.", '-' },
		{ "subhuman the lot of you", 'A' },
		{ "you and your mindless minions", '-' },
		{ "your staff are braindead sheep", 'A' },
		{ "The sheep on the common are out again.", '-' },
		{ "crawl back under whatever rock you came from", 'A' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, excrement_and_stupidity_structures)
{
	static const struct judged cases[] = {
		{ "you bag of sewage", 'A' },
		{ "what a heap of dung that man is", 'A' },
		{ "Are you dense or what?", 'A' },
		{ "is she stupid or just lazy", 'A' },
		{ "how thick are you", 'A' },
		{ "ur braindead", 'A' },
		{ "the absolute state of this councillor", 'A' },
		{ "u dense or wat", 'A' },
		{ "thick as pigshit that one", 'A' },
		{ "dumb as a box of rocks", 'A' },
		{ "brain the size of a peanut", 'A' },
		{ "The walls are thick as a brick.", '-' },
		/* criticism of a thing, not a person */
		{ "The plan is thick with jargon.", '-' },
		{ "Are you aware of the state of the road?", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, misogynist_tropes)
{
	static const struct judged cases[] = {
		{ "did daddy pay for your campaign too", 'A' },
		{ "who did you sleep with for that job", 'A' },
		{ "shrill hormonal woman", 'A' },
		{ "go and make me a sandwich love", 'A' },
		{ "nagging harpy", 'A' },
		/* the one-word-alternative fix: each of these never matched */
		{ "you make me want to puke", 'A' },
		{ "u make me sick", 'A' },
		{ "nobody likes you", 'A' },
		/* ordinary mail */
		{ "My daughter's hormonal treatment has been delayed again.",
		    '-' },
		{ "Did your office get my letter about Dad's care?", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, swearing_and_vile_to_someones_face)
{
	static const struct judged cases[] = {
		{ "fuck you", 'A' },
		{ "go feck yerself", 'A' },
		{ "ur so disgusting", 'A' },
		{ "she's well ugly", 'A' },
		{ "one brain cell between the lot of them", 'A' },
		{ "you absolute 🤡", 'A' },
		/* a complaint about a place or a practice */
		{ "the council fuck you about for months", '-' },
		{ "ur office is disgusting, the bins were never emptied", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, labels_misspellings_and_wasted_seats)
{
	static const struct judged cases[] = {
		/* a party label between the insult and its noun */
		{ "lying tory cow", 'A' },
		{ "you woke idiot", 'A' },
		{ "your an idiot", 'A' },
		{ "shut your ugly mouth", 'A' },
		{ "pathetic excuse of a man", 'A' },
		{ "a complete waste of a seat", 'A' },
		{ "withered old spinster", 'A' },
		/* the same words in politics and casework */
		{ "Voting for them is a waste of a vote.", '-' },
		{ "Your labour candidate was great at the hustings.", '-' },
		{ "Your cows got out onto the lane again.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, friendly_contests)
{
	static const struct judged cases[] = {
		{ "I'm going to kill him at darts tonight", '-' },
		{ "we'll smash you in the pub quiz", '-' },
		{ "I'll kill you at the match", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, games_sport_and_dead_to_me)
{
	static const struct judged cases[] = {
		{ "fortnite later? gonna headshot u all 🔫", '-' },
		{ "the boxer will knock him out in round two 🥊", '-' },
		{ "vote for the cuts and you're dead to me", '-' },
		/* without the game, the same words are threats */
		{ "gonna shoot u all 🔫", 'L' },
		{ "I'll knock you out", 'T' },
		{ "you're dead", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, escalations_memorials_and_condemned_quotes)
{
	static const struct judged cases[] = {
		{ "Final warning, then I'm going to the press about this.",
		    '-' },
		{ "This is your last chance before I contact my solicitor.",
		    '-' },
		{ "Our school assembly this week was about Jo Cox and kindness.",
		    '-' },
		{ "We raised £400 for the Jo Cox Foundation!", '-' },
		{ "I saw people tweet \"shoot the MP\" today. Disgusting.",
		    '-' },
		{ "Comments like \"hang her\" are vile. Reported.", '-' },
		/* the same openings as threats */
		{ "Last warning. Watch yourself.", 'T' },
		{ "Remember Jo Cox.", 'L' },
		{ "I will shoot the MP.", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(abuse_general, a_slur_quoted_after_a_speech_verb_is_casework)
{
	/* reported to the office (a tune message of the labelled set): a
	 * casework note, so the word model, which read it as abuse (0.83),
	 * is not asked for a second opinion */
	cr_assert_eq(
	    judge(
		"I need to report something. A man at the bus station shouted \"go back to where you came from, you p*ki\" at my daughter and then spat at her. She is fifteen. The police gave us a crime number but nothing since. Can you help?"),
	    '-');
}

/* An insult the writer denies in its own clause is no abuse; a denial
 * in another clause, or of something else, does not reach it. */
Test(abuse_general, insults_the_writer_denies)
{
	static const struct judged cases[] = {
		{ "We do not think you are a traitor. We think you are "
		  "overstretched.",
		    '-' },
		{ "I'm not calling you a liar, but the figures are wrong.",
		    '-' },
		{ "Nobody is saying you are a coward.", '-' },
		{ "I won't call you a traitor like the others do.", '-' },
		{ "You are a traitor.", 'A' },
		{ "I honestly think you are a traitor.", 'A' },
		/* the denial's clause ends before the insult */
		{ "I don't think, I know: you are a traitor.", 'A' },
		{ "Not a single reply, you useless cow", 'A' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
