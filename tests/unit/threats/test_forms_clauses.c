/* Rounds 96-101's general forms on the shipped rule lexicons (no word
 * model): a target that is the harm's second object ("shoot the planning
 * officer and then the mp"), the writer's own clause after a report
 * ("...because I will"), "dead once I catch you", things thrown at a
 * head, a limp, accidents to people who cross the writer; beside them
 * the twins that must stay quiet (a hazard that could break a neck, a
 * bill killed before the target's own clause, a reported threat). */
#include "judge.h"

TestSuite(forms_clauses, .init = judge_setup, .fini = judge_teardown);

Test(forms_clauses, a_target_joined_as_a_second_object)
{
	static const struct judged cases[] = {
		{ "im gonna shoot the planning officer and then the mp.", 'L' },
		{ "I'll batter the manager and then you.", 'T' },
		/* the target opens a clause of its own, or is reported */
		{ "I'm going to kill the bill and then you'll see.", '-' },
		{ "He said he'd shoot the dog and then me, so I rang the police.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_clauses, the_writers_own_clause_after_a_report)
{
	static const struct judged cases[] = {
		{ "If Sergeant Hale is charged you will need a bodyguard, because I will personally smash your face in.",
		    'T' },
		/* "you'd better hide" (a threat-to-life pattern) is the
		 * writer's too once the condition's court word is behind it */
		{ "If he is convicted you'd better hide, cos I will break your legs.",
		    'L' },
		/* a condition a few words before the court word */
		{ "If the court hasn't convicted him by May, I'll stab you myself.",
		    'L' },
		{ "If the police haven't charged him by Friday I'll give you the beating he gave me.",
		    'T' },
		/* the report stands when no clause of the writer's follows */
		{ "If the police say he threatened to kill me, I will ring you.",
		    '-' },
		{ "He was charged because he said he would smash my face in.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_clauses, dead_once_caught_thrown_at_a_head_and_limps)
{
	static const struct judged cases[] = {
		{ "you're both dead once i catch you.", 'L' },
		{ "Ellie, you're dead when I find you.", 'L' },
		{ "i'll come in and throw her computer at her head", 'T' },
		{ "Vote for it and I'll make sure you limp for the rest of your career.",
		    'T' },
		{ "People who cross this town tend to have accidents.", 'T' },
		{ "I'm going to leave a pig's head on your office step.", 'T' },
		/* the same words, harmless */
		{ "My dog will limp for a week after that pothole.", '-' },
		{ "The kids threw snowballs at the office windows and laughed.",
		    '-' },
		{ "Anyone who crossed the picket line was called a scab.",
		    '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_clauses, the_writers_own_clause_under_an_order_or_a_time)
{
	static const struct judged cases[] = {
		{ "the next time he tells me to fill in a form i will strangle him",
		    'L' },
		{ "Tell that Ross who keeps ringing me back that I'll slap him silly.",
		    'T' },
		{ "If she backs the 20mph zone I say we all go down the office and drag her out by her hair.",
		    'T' },
		/* the reports stand */
		{ "The next time he said he would kill me, I rang the police.",
		    '-' },
		{ "Tell the police he threatened to kill me.", '-' },
		{ "Tell the MP my neighbour said he'd burn my house down and I want him evicted.",
		    '-' },
		{ "I said we were scared he would kill her.", '-' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_clauses, a_hazard_that_could_break_a_neck)
{
	static const struct judged cases[] = {
		{ "The state of Dale Lane, you'd break your neck on it.", '-' },
		{ "Those kerbs: you'll break your ankle tripping over them.",
		    '-' },
		/* the same words as a threat */
		{ "I'll break your neck in two if you come near me.", 'T' },
		{ "I'll break your neck on the steps of the town hall.", 'T' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}

Test(forms_clauses, sayings_of_political_mail)
{
	static const struct judged cases[] = {
		{ "There will be blood on your hands if another child falls through the cracks.",
		    '-' },
		{ "The minister's reply is a slap in the face to every carer.",
		    '-' },
		{ "The bypass is the hill she'll die on politically.", '-' },
		{ "We'd love you to come and read a lesson at the Harvest Festival.",
		    '-' },
		/* the same words as threats */
		{ "There will be blood, and it will be yours.", 'L' },
		{ "I'll give you a slap in the face for that.", 'T' },
		{ "I'll teach you a lesson you won't forget.", 'T' },
	};

	judge_all(cases, sizeof(cases) / sizeof(cases[0]));
}
