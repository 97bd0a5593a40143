/* Each part of the threats rules, on the shipped lexicons. */
#include "judge.h"

TestSuite(rules, .init = judge_setup, .fini = judge_teardown);

Test(rules, intent_harm_target)
{
	static const struct judged cases[] = {
		{ "I will kill you", 'L' },
		{ "I'm going to break your legs", 'T' },
		/* each part is needed, unless the verb is aimed straight at a
		 * person ("kill you") */
		{ "kill you", 'L' },
		{ "the kill count for you", '-' },
		{ "The stress will kill her", '-' },
		{ "I will kill", '-' },
		{ "I will visit you", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, explanation_names_the_parts_not_the_body)
{
	judge("Dear Ms Marsh, my address is 9 Elm Court. I will k1ll you.");
	cr_assert(strstr(judge_v.why[PC_THR_LIFE], "intent 'will'"));
	cr_assert(strstr(judge_v.why[PC_THR_LIFE], "obfuscated"));
	cr_assert(strstr(judge_v.why[PC_THR_LIFE], "target 'you'"));
	cr_assert_null(strstr(judge_v.why[PC_THR_LIFE], "Elm Court"));
}

Test(rules, window_limits_the_distance)
{
	cr_assert_eq(
	    judge(
		"I will, after the long summer recess and the party conference season is finally over, kill the time with you"),
	    '-');
}

Test(rules, negation_cancels)
{
	static const struct judged cases[] = {
		{ "I would never hurt you", '-' },
		{ "I won't kill you", '-' },
		/* a hedge is not a negation of the threat */
		{ "I'm not saying someone should shoot you", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, idioms_and_topics_allowed)
{
	static const struct judged cases[] = {
		{ "Please vote to kill the bill", '-' },
		{ "Could you shoot me an email?", '-' },
		{ "I could kill for a coffee", '-' },
		{ "Knife crime in your ward has doubled", '-' },
		{ "You will fight this to the death, I hope", '-' },
		{ "You'll knock them dead at the hustings", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, actor_is_not_the_target)
{
	static const struct judged cases[] = {
		{ "Close the library and you'll kill the only warm space we have",
		    '-' },
		{ "You will die for this", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, reported_speech_is_casework)
{
	cr_assert_eq(judge("My ex said he would kill her if she left"), '-');
	cr_assert(judge_v.casework);
	/* at the one written to: the office's, not the writer's casework */
	cr_assert_eq(
	    judge(
		"I was threatened with a knife and he said he would stab you next"),
	    'L');
}

Test(rules, conditional_and_third_person)
{
	static const struct judged cases[] = {
		{ "If you vote for this you won't see Christmas", 'L' },
		{ "Someone should shoot her", 'L' },
		{ "Somebody ought to give him a good kicking", 'T' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, veiled_without_harm_words)
{
	static const struct judged cases[] = {
		{ "People like you end up getting hurt", 'T' },
		{ "It would be a shame if something happened to your office",
		    'T' },
		{ "We know where the kids go to school", 'T' },
		{ "Watch your back.", 'T' },
		/* with a death word elsewhere in the message: to life */
		{ "I know where you live. Petrol is cheap.", 'L' },
		/* an explanation after a colon is literal */
		{ "We know where you live: right here, so come and see the flooding",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, arson_bombs_and_coded_menace)
{
	static const struct judged cases[] = {
		{ "I'll burn it to the ground.", 'L' },
		{ "There's a bomb in your office.", 'L' },
		{ "Your card is marked.", 'T' },
		{ "There's a bomb scare at the station, trains are late", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, murdered_mps)
{
	cr_assert_eq(judge("Cox was the first. You are next."), 'L');
}

Test(rules, abuse_strong_and_weak)
{
	static const struct judged cases[] = {
		{ "lying bitch", 'A' },
		{ "Stupid cow.", 'A' },
		{ "you idiot", 'A' },
		/* a weak word alone, or a person noun without an insult, is not */
		{ "The cow got out of the field again", '-' },
		{ "You are a woman of your word", '-' },
		{ "This is a bloody disgrace", '-' },
		/* sharp words: criticism, unless insulting words come with them */
		{ "You're a hypocrite on housing", '-' },
		{ "You're an absolute disgrace", 'A' },
		{ "lying hypocrite", 'A' },
		/* an institution as the subject is not a threat */
		{ "The council will kill him with these delays", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, obfuscation_forms)
{
	static const struct judged cases[] = {
		{ "i will k1ll u", 'L' },
		{ "y o u  w i l l  d i e", 'L' },
		{ "I will k.i.l.l you", 'L' },
		{ "you should be shooooot", 'L' },
		{ "I will \xd1\x95t\xd0\xb0"
		  "b you",
		    'L' },
		{ "\xf0\x9f\x94\xaa coming for you \xf0\x9f\x94\xaa", 'L' },
		{ "I will ki\xe2\x80\x8bll you", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, long_text_is_judged_in_chunks)
{
	size_t n = 300000, i;
	char *big = malloc(n + 32);

	cr_assert_not_null(big);
	for (i = 0; i < n; i++)
		big[i] = "the bins were late again. "[i % 26];
	memcpy(big + n, " I will stab you.", 18);
	cr_assert_eq(pc_threats_judge(judge_eng, big, n + 17, &judge_v), 0);
	cr_assert(judge_v.hit[PC_THR_LIFE]);
	free(big);
}

Test(rules, inflections_of_marked_harm_verbs)
{
	static const struct judged cases[] = {
		/* "smash~" in the lexicon: smashes, smashing, smashed */
		{ "Hope someone smashes her car up.", 'T' },
		{ "Your family will be burying you soon.", 'L' },
		{ "I hope your house burns down with you in it.", 'L' },
		/* a doubled consonant undone: slapping -> slap~ */
		{ "I will be slapping you next time.", 'T' },
		{ "I will be thumping you next time.", 'T' },
		/* not every word inflects: glass is marked whole only */
		{ "I need new glasses, can you help me?", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, negation_stays_in_its_clause)
{
	static const struct judged cases[] = {
		{ "If you don't change your vote, expect a visit from us.",
		    'T' },
		{ "I won't hurt you", '-' },
		{ "I would never, ever hurt you", '-' },
		{ "I won't, I promise you, hurt anyone", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, ellipsis_conditional_and_visit_forms)
{
	static const struct judged cases[] = {
		{ "Traitors used to hang and you will too.", 'L' },
		{ "Vote for it and you'll find out what happens to liars round here.",
		    'T' },
		{ "If you don't change your vote, expect a visit from us.",
		    'T' },
		{ "Traitors get the rope.", 'L' },
		/* the same words about ordinary things */
		{ "Staff at the council need better protection.", '-' },
		{ "Expect a letter from the council next week.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, veiled_consequences_without_harm_words)
{
	static const struct judged cases[] = {
		{ "If you ignore us again, we'll give you something to remember us by.",
		    'T' },
		{ "Back this bill and see how long your windows last.", 'T' },
		{ "Do it and your car won't be in one piece by morning.", 'T' },
		{ "Keep this up and you'll be leaving the surgery on a stretcher.",
		    'T' },
		{ "It's only a matter of time before someone hurts her.", 'T' },
		/* the same shapes about ordinary things */
		{ "It's only a matter of time before someone is hurt on that crossing.",
		    '-' },
		{ "If you vote for the cuts, you will pay for it in May.",
		    '-' },
		{ "Things are going to get very difficult for the food bank this winter.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, obfuscated_clitics_and_marks)
{
	cr_assert_eq(judge("y0u'r3 g0nna d1e"), 'L'); /* clitic in leet */
	cr_assert_eq(judge("I'll \305\237\342\200\240\303\245b \302\245ou"),
	    'L'); /* ş†åb ¥ou */
	cr_assert_eq(judge("ur d34d m8"), 'L');
}

Test(rules, clause_end_and_new_clause)
{
	/* `$` also ends at a comma */
	cr_assert_eq(
	    judge("Vote for the closure and you'll be sorry, I promise."), 'T');
	/* a negation does not reach past "when" */
	cr_assert_eq(
	    judge("You won't be smiling when I'm done with you."), 'T');
	cr_assert_eq(judge("I would never hurt you."), '-');
}

Test(rules, weapons_brought_and_veiled_places)
{
	cr_assert_eq(
	    judge("Next week I'm bringing a knife to the surgery."), 'L');
	cr_assert_eq(
	    judge("I'm coming to your office with a can of petrol."), 'L');
	cr_assert_eq(
	    judge("Keep talking and you'll end up in the canal."), 'L');
	cr_assert_eq(judge("We know where your husband works."), 'T');
	cr_assert_eq(
	    judge("Say one more word and I'll shut your mouth for you."), 'T');
	/* allowed: idioms and ordinary requests */
	cr_assert_eq(judge("You'll die laughing at the panto."), '-');
	cr_assert_eq(judge("Mind your back when lifting those boxes."), '-');
	cr_assert_eq(judge("You'll get a bashing in the press for this."), '-');
}

Test(rules, insults_criticism_and_word_lists)
{
	cr_assert_eq(judge("You are a gutless, two-faced fraud."), 'A');
	cr_assert_eq(judge("Brainless, spineless, useless."), 'A');
	cr_assert_eq(judge("You're the most useless MP we've ever had."), '-');
	cr_assert_eq(judge("Brain-dead career politician."), 'A');
	/* "a" sits in hundreds of phrases: every one must still match */
	cr_assert_eq(judge("What an excuse for a woman."), 'A');
}

Test(rules, two_part_menace_across_sentences)
{
	cr_assert_eq(
	    judge("Nice office. Lots of glass. Would be a pity."), 'T');
	cr_assert(strstr(judge_v.why[PC_THR_THREAT], "in the same message"));
	cr_assert_eq(judge("Lovely office! Shame the lift was broken."), '-');
	cr_assert_eq(
	    judge(
		"Nice car park behind the library. It would be a pity if the council sold it."),
	    '-');
}

Test(rules, near_future_stands_for_intent)
{
	static const struct judged cases[] = {
		/* a time right after the harm makes it a plan */
		{ "Your office burns tonight", 'L' },
		{ "You die on Friday, traitor", 'L' },
		{ "Her car gets smashed this weekend", 'T' },
		/* without a target, or with the time far away, nothing */
		{ "The bonfire burns tonight on the green", '-' },
		{ "My son was stabbed last night and you did nothing", '-' },
		{ "They burn the guy on the bonfire every year, come along with your kids on Saturday evening",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, phrases_of_several_words_in_one_alternative_are_split)
{
	/* "in hospital|a wheelchair" once read "hospital or a, then
	 * wheelchair": each phrase is now its own line */
	static const struct judged cases[] = {
		{ "We'll put you in a wheelchair", 'T' },
		{ "Traitors get hanged. You're a traitor.", 'L' },
		{ "Die you traitor", 'L' },
		{ "You'll need a bodyguard after this", 'T' },
		{ "Staff need protection from abusive patients", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, targets_by_what_is_theirs_and_by_title)
{
	static const struct judged cases[] = {
		/* the owner of the husband, the throat, the car is the target */
		{ "I will run your husband off the road", 'T' },
		{ "Gonna slit that smug throat of yours", 'L' },
		{ "I'll key that shiny Tesla of yours", 'T' },
		/* a title and a name stand for the MP when the office's names
		 * are not known */
		{ "I will kill Ms Halloran at the earliest opportunity", 'L' },
		{ "Mr Pritchard will be shot on Friday", 'L' },
		{ "Mr Pritchard will be speaking on Friday", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, intent_shared_by_a_joined_verb)
{
	static const struct judged cases[] = {
		{ "I am going to walk in with my late father's old service revolver and end you",
		    'L' },
		{ "We will come to your house, wait for you by the gate and batter you",
		    'T' },
		/* a joined verb still needs a harm and a target */
		{ "I am going to write to the council about the potholes and thank you",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, passive_after_want_or_need)
{
	static const struct judged cases[] = {
		{ "Her whole office wants hanging off the viaduct", 'L' },
		{ "That caseworker of hers needs shooting", 'L' },
		/* "need to" with an object: the subject is the actor */
		{ "You need to kill the bill", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, more_ways_to_say_kill_or_injure)
{
	static const struct judged cases[] = {
		{ "I intend to take your life", 'L' },
		{ "Somebody's going to silence her for good", 'L' },
		{ "some1 pls unalive her already", 'L' },
		{ "They'll be scraping you off the pavement", 'L' },
		{ "Someone ought to put a match to that office while she's sat in it",
		    'L' },
		{ "We will assassinate you", 'L' },
		{ "I'll leather you", 'T' },
		{ "Your tyres will be slashed by the weekend", 'T' },
		/* the same words of politics and budgets */
		{ "The media will crucify you for this U-turn", '-' },
		{ "You'll be slain in the polls if you back this", '-' },
		{ "Your funding will be slashed next year", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, a_first_sentence_without_any_lexicon_word)
{
	/* a fresh engine's first sentence with no candidate phrase once
	 * sorted candidates in counters never made (a NULL memset) */
	cr_assert_eq(judge("Pineapple."), '-');
	cr_assert_eq(judge("I will kill you"), 'L');
}

Test(rules, politics_denied_is_no_cover)
{
	static const struct judged cases[] = {
		/* "at the ballot box" makes a veiled "what's coming" politics,
		 * unless the writer denies it */
		{ "People like you get what's coming, and it won't be at the ballot box",
		    'T' },
		{ "You'll get what's coming to you at the ballot box", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, rewards_for_violence_and_graves)
{
	static const struct judged cases[] = {
		{ "The first person who sets fire to her office gets a pint off me",
		    'L' },
		{ "Your kids will be stood at your graveside", 'L' },
		{ "It's about time someone roughed up her caseworker", 'T' },
		{ "Happy to help, just shoot over the details when you can",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(rules, negations_idioms_and_scots_of_rounds_1_to_149)
{
	static const struct judged cases[] = {
		/* "doesn't" and its kin negate like "don't" */
		{ "I hope it doesn't kill you.", '-' },
		{ "Hope the hill at mile 20 doesn't kill you.", '-' },
		{ "It doesn't matter, I will kill you.", 'L' },
		/* cheering on, and beating at the ballot */
		{ "We'll egg you on from the gallery, go get em", '-' },
		{ "I'll be standing against you as an independent and I'll beat you, mark my words",
		    '-' },
		/* land management and the police beat (rounds 150-155) */
		{ "What I'd like you to see is the heather burning, the peat",
		    '-' },
		{ "She'll bring the new beat manager to the surgery.", '-' },
		{ "We'll burn the moor and you with it.", 'L' },
		/* Scots "telt": a report */
		{ "A gang o boys telt her they'd set her on fire", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* "court", "hearing", "trial" report a threat ("at the hearing he said
 * he would stab me") but as a place the writer goes to ("down to
 * Tannery Court", "outside the court") they report nothing. */
Test(rules, a_court_as_a_place_is_no_report)
{
	static const struct judged cases[] = {
		{ "I will come down to Tannery Court and slit his throat.",
		    'L' },
		{ "I will come down to the court and slit his throat.", 'L' },
		{ "I'll come to your office at Kings Court and stab you.",
		    'L' },
		{ "He was jailed at Leeds Crown Court for threatening to kill "
		  "me.",
		    '-' },
		{ "At the hearing he said he would stab me.", '-' },
		{ "In court he said he would stab me.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A negation right before a speech verb makes it the writer's denial
 * ("not even saying"), but not across a comma: "the man, who I won't
 * name, shouted that he would kill her" reports. */
Test(rules, a_comma_ends_a_negation_before_a_speech_verb)
{
	static const struct judged cases[] = {
		{ "One of the men, who I won't name, shouted at Mrs Lambe that "
		  "he would kill her, and then kicked over her trays.",
		    '-' },
		{ "I'm not even saying someone should hurt you.", 'T' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* What someone else threw or pushed through a door, told after the
 * event, is a report: the same words as a menace to come are not. */
Test(rules, what_someone_threw_is_a_report)
{
	static const struct judged cases[] = {
		{ "Last week kids threw a firework through her letterbox and it "
		  "burnt her hallway carpet.",
		    '-' },
		{ "Someone smashed his windows and pushed petrol through the "
		  "door.",
		    '-' },
		{ "Firework through your letterbox tonight.", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

/* The writer speaking of harming themselves is a welfare concern, not a
 * threat: no finding, and the word model is not asked (welfare); a
 * threat at someone else beside it still counts. "The pair of them" is
 * a target. */
Test(rules, self_harm_is_no_threat_and_pairs_are_targets)
{
	static const struct judged cases[] = {
		{ "I'll kill myself but I'm taking you with me.", 'L' },
		{ "Tell Malcolm and his puppet MP I'm going to stab the pair of "
		  "them at the AGM.",
		    'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
	cr_assert_eq(
	    judge("If the bailiffs come again I'll kill myself. I mean "
		  "it."),
	    '-');
	cr_assert(judge_v.welfare, "self-harm keeps the word model out");
	cr_assert(!judge_v.casework);
	cr_assert_eq(judge("I feel like ending it all some days."), '-');
	cr_assert(judge_v.welfare);
	/* "the deep end myself": no self-harm, the model may still judge */
	judge("Close the baths and I'll hold your Marnie under in the deep end "
	      "myself.");
	cr_assert(!judge_v.welfare);
}
