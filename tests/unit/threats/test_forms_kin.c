/* Rounds 114-119's general forms on the shipped rule lexicons (no word
 * model): a named person's family or things as the target inside a
 * phrase ("runs Oduya's kids over"), a face rearranged, dragged over the
 * counter, "the last one she ever sees", "bad things happen to MPs
 * who...", "find out what it's like to lose a child", "MPs have been
 * killed before", and a capital I written for a small l ("kiII",
 * Greek "κiΙΙ"); beside them the twins that must stay quiet (grief for
 * a lost child, the last time a voter supports the MP, a proverb). */
#include "judge.h"

TestSuite(forms_kin, .init = judge_setup, .fini = judge_teardown);

Test(forms_kin, a_named_persons_family_inside_a_phrase)
{
	static const struct judged cases[] = {
		{ "I hope someone runs Oduya's kids over on the school run.",
		    'L' },
		{ "gonna punch Lattimer's lights out at the protest", 'T' },
		/* a name's things that nobody threatens */
		{ "Someone ran over Mrs Oduya's cat on the school run.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_kin, injuries_and_hints_without_a_harm_verb)
{
	static const struct judged cases[] = {
		{ "Tell your husband he'll get his face rearranged.", 'T' },
		{ "I'm coming in and dragging you over the counter by your tie.",
		    'T' },
		{ "Bad things happen to MPs who laugh at food bank queues.",
		    'T' },
		{ "Maybe you should find out what it's like to lose a child.",
		    'T' },
		{ "Expect company on the back lanes, and not the friendly kind.",
		    'T' },
		{ "MPs have been killed before and you won't be the last.",
		    'L' },
		/* the same words in grief, politics and proverbs */
		{ "You don't know what it's like to lose a child.", '-' },
		{ "That was the last time you'll ever see me vote for you.",
		    '-' },
		{ "Bad things happen to good people, my nan used to say.",
		    '-' },
		{ "The bailiffs dragged my sofa across the road.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_kin, a_capital_i_for_a_small_l)
{
	static const struct judged cases[] = {
		{ "I will kiII you at the count.", 'L' },
		{ "\xce\x99 \xcf\x89ill \xce\xbai\xce\x99\xce\x99 you at the count.",
		    'L' }, /* Greek: "Ι ωill κiΙΙ" */
		/* capitals throughout, and a name with a capital I */
		{ "KILL THE BILL", '-' },
		{ "McIntyre will kill the bill at third reading.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
