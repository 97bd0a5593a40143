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

/* A victim quoting speech addressed to them that runs over several
 * sentences: every sentence inside the quotation is reported, however
 * far from the speech verb; outside it, or about a third person (a
 * threat at the MP passed on), the words are judged as written. */
Test(quoted, speech_quoted_across_sentences_is_reported)
{
	static const struct judged cases[] = {
		{ "When I left, he said, \"You'll never be free of me. I'll find "
		  "you wherever you go and I'll make you wish you were dead.\" "
		  "He said it calmly.",
		    '-' },
		{ "He rang at midnight and said: \"Listen carefully. I will kill "
		  "you and your kids. Nobody will stop me.\" I have told the "
		  "police.",
		    '-' },
		{ "My neighbour shouted \"You're next. I'll burn your house "
		  "down.\" and ran off.",
		    '-' },
		{ "He texted me: \xE2\x80\x9CWatch it. I\xE2\x80\x99ll stab you "
		  "next time.\xE2\x80\x9D I have kept the text.",
		    '-' },
		/* the quotation closed: the writer's own sentence after it */
		{ "They texted \"we know where you live\". It went on. I will "
		  "stab you myself if you ignore this.",
		    'L' },
		/* a quotation the writer makes without a speech verb */
		{ "You think I'm joking. \"Funny,\" you'll say. I will kill you.",
		    'L' },
		/* a paragraph ends a quotation left open */
		{ "He said \"Fine.\n\nI will kill you if you close the clinic.",
		    'L' },
		/* no one addressed inside: a post about the MP passed on */
		{ "Posted on the forum: \"She's at the fete on Sunday. I'll be "
		  "there with my knife. I'll open her up.\"",
		    'L' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
