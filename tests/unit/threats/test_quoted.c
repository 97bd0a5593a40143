/* Quotation marks around a threat: reported, not made (rules only). */
#include "judge.h"

TestSuite(quoted, .init = judge_setup, .fini = judge_teardown);

Test(quoted, a_threat_inside_quotation_marks_is_reported)
{
	static const struct judged cases[] = {
		{ "The messages said 'we will burn your house down' and worse.",
		    '-' },
		{ "Awful. \"I will stab you\" in my inbox again.", '-' },
		{ "She read out one: \xE2\x80\x9CI\xE2\x80\x99ll kill you\xE2\x80\x9D.",
		    '-' },
		{ "A man outside called her a 'slag' in the street.", '-' },
		/* apostrophes inside words are no quotation marks */
		{ "You'll get what's coming, I'll kill you", 'L' },
		/* scare quotes round one word: the threat is made */
		{ "I will \"deal with\" you and then I will kill you", 'L' },
		{ "I'm going to 'stab' you", 'L' },
		/* a quoted word of the MP's, the threat outside */
		{ "You voted 'no' so I will kill you", 'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
