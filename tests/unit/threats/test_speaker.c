/* Who speaks, whose object, and politics next door: the rules added for
 * rounds 15-18 of the labelled set, on the shipped lexicons (rules only). */
#include "judge.h"

TestSuite(speaker, .init = judge_setup, .fini = judge_teardown);

Test(speaker, the_writer_speaking_is_no_report)
{
	static const struct judged cases[] = {
		/* the writer's own speech verb, aimed at the target */
		{ "I am telling you now that I will stab you", 'L' },
		{ "I'm warning you, I will break your jaw", 'T' },
		{ "Telling you now I will burn your office down", 'L' },
		{ "just to say I will shoot you at the fete", 'L' },
		{ "ringing to tell you I'm going to batter you", 'T' },
		{ "I'm writing to say I will batter you", 'T' },
		/* someone else's words are still a report: casework */
		{ "My ex told me he will kill her", '-' },
		{ "A man was ranting that he would shoot my son", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(speaker, a_threat_at_the_one_written_to_passed_on_is_the_offices)
{
	static const struct judged cases[] = {
		/* someone else's threat at "you", passed on: the office's to
		 * act on, not the writer's casework (rounds 120-143) */
		{ "He rang to say he will batter you", 'T' },
		{ "He is telling everyone he will stab you", 'L' },
		{ "A man was ranting that he would shoot you", 'L' },
		{ "My neighbour told me he will kill you", 'L' },
		{ "Caller, no name. Said he knows where you live and he will stab you",
		    'L' },
		{ "His friends said they'd pay you a visit and break your legs.",
		    'T' },
		/* unless the writer stands against it: a well-wisher's
		 * warning, casework */
		{ "A bloke in the pub said he'd give you a slap. I told him to shut up.",
		    '-' },
		{ "My neighbour told me he will kill you. I have rung 101.",
		    '-' },
		{ "One of them said he'd like to see you hanged. Horrible.",
		    '-' },
		{ "Someone at work said he would stab you. Please be careful.",
		    '-' },
		/* a veiled threat passed on: "you" just before its words */
		{ "The lads say you won't make the count alive.", 'L' },
		{ "He said you won't make it home alive. I rang 101.", '-' },
		{ "Others are posting that people should turn up at your house. That's not what I'm about, they've crossed a line.",
		    '-' },
		/* at the office's own: the office, its caseworker, staff */
		{ "Several of them have said they plan to wreck the office.",
		    'T' },
		{ "My regulars say they'll rough up your caseworker if she comes "
		  "in again.",
		    'T' },
		{ "They said they would burn the office down. I have rung 101.",
		    '-' },
		{ "My neighbour said he would smash my windows.", '-' },
		/* the threat quoted, or at the writer's own: still a report */
		{ "He shouted 'I will stab you' at my daughter", '-' },
		{ "He said he would stab me", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
	cr_assert_eq(
	    judge("He said he'd kill you. I have told the police."), '-');
	cr_assert(judge_v.casework, "a disowned threat passed on is casework");
}

Test(speaker, a_speech_verb_that_describes_someone_is_no_report)
{
	static const struct judged cases[] = {
		/* a relative clause closed before the writer's own "I" */
		{ "To the receptionist who told me to calm down: I will bring a knife and you will bleed out.",
		    'L' },
		{ "The researcher who wrote that speech, Priya, I'm going to find her and beat her until she stops breathing.",
		    'L' },
		/* an order whose object is a speech verb, a condition six
		 * words back: the writer's own "I" after them */
		{ "Stop posting this rubbish through my door or I'll put a brick through yours.",
		    'T' },
		{ "If that caseworker of yours tells me to calm down once more I'll put him through the window.",
		    'T' },
		/* the writer's own words, their object the writer's own */
		{ "And when I've said my piece I'm going to knock her teeth down her throat.",
		    'T' },
		{ "I said my piece and he said he'd kill her", '-' },
		/* "what she said": a topic, not a report */
		{ "After what she said about veterans she gets a bullet.",
		    'L' },
		/* but a relative clause that goes on reporting reports */
		{ "The man who told me he will stab her is my ex", '-' },
		{ "My neighbour, who threatened me, said he would kill her",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(speaker, an_object_of_the_writers_own_takes_no_target_after_it)
{
	static const struct judged cases[] = {
		{ "gonna kill my sister if she takes my charger again", '-' },
		{ "I'll murder my dinner when he finally gets here", '-' },
		/* the target is the object */
		{ "gonna kill you if you vote for it", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(speaker, a_veiled_threat_beside_election_talk_is_politics)
{
	static const struct judged cases[] = {
		{ "Keep voting like this and you'll lose your seat at the election. Consider yourself warned.",
		    '-' },
		{ "Consider yourself warned. The voters will remember at the next election.",
		    '-' },
		/* not next to it, or a harm as well: still a threat */
		{ "Consider yourself warned. I have written to the council. The voters will remember at the next election.",
		    'T' },
		{ "Consider yourself warned. I will break your legs before the election.",
		    'T' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(speaker, veiled_forms_of_rounds_15_to_18)
{
	static const struct judged cases[] = {
		{ "You've been told.", 'T' },
		{ "There are men round here who will come, and they won't be bringing a petition.",
		    'T' },
		{ "She will be dragged out of that office by force.", 'T' },
		{ "The sentence will be carried out by rope or by bullet.",
		    'L' },
		{ "Whoever starts your car on Monday is in for a surprise.",
		    'L' },
		{ "There's a cartridge in the drawer with your name on it.",
		    'L' },
		/* the same words used harmlessly */
		{ "We're coming for the league title this season!", '-' },
		{ "We're watching your voting record on the bypass.", '-' },
		{ "Police advice: check under your car before driving.", '-' },
		{ "The vermin on the farm are eating the feed.", '-' },
		{ "You vermin.", 'A' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(speaker, veiled_forms_of_rounds_19_to_22)
{
	static const struct judged cases[] = {
		{ "Some of us are coming in for a very physical conversation.",
		    'T' },
		{ "After Friday we stop asking nicely.", 'T' },
		{ "We have measured you for the coffin already.", 'L' },
		{ "Somebody should do to her what was done to those two MPs.",
		    'L' },
		{ "I am going to break the receptionist's fingers", 'T' },
		{ "Your intern can expect a punch in the mouth.", 'T' },
		{ "I would not start your car in the morning.", 'L' },
		/* the same words used harmlessly */
		{ "Don't let the bastards grind you down, Tobias!", '-' },
		{ "We are holding a die-in outside your office on Friday.",
		    '-' },
		{ "His cricket team is going to get murdered on Sunday.", '-' },
		{ "She has an allergy that could kill her in minutes.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(speaker, questions_and_forms_of_rounds_23_to_26)
{
	static const struct judged cases[] = {
		/* a modal opening a question to the reader is no intent */
		{ "Could you raise the shooting of foxes with the minister?",
		    '-' },
		{ "Would you support longer sentences for arson?", '-' },
		{ "Would love to see you hang", 'L' },
		{ "the voters will kick you out in May", '-' },
		{ "you're a coward for voting that way", '-' },
		{ "you're a spineless coward", 'A' },
		/* street slang and rounds 23-26's veiled forms */
		{ "someone needs to wet him up", 'L' },
		{ "got a 9 and your name is on the first shell", 'L' },
		{ "Next week it's your car, then your office door.", 'T' },
		{ "From today your office is a legitimate target.", 'T' },
		{ "We know how to deal with traitors, and nobody finds the body.",
		    'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(speaker, politics_beside_one_veiled_threat_does_not_excuse_another)
{
	/* the second warning sits between two election sentences; the
	 * first stands alone and still threatens */
	cr_assert_eq(
	    judge(
		"Consider yourself warned. I have written to the council. The voters will remember at the election. Consider yourself warned. The election is in May."),
	    'T');
}
