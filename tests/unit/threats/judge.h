/* One message through the threats engine on the shipped lexicons, and a
 * table of messages with the verdict each must get; shared by the rule
 * tests (test_rules.c, test_dialect.c). Each test file includes it once
 * and names it in its TestSuite(.., .init = judge_setup,
 * .fini = judge_teardown). */
#ifndef PC_TEST_THREATS_JUDGE_H
#define PC_TEST_THREATS_JUDGE_H

#include <criterion/criterion.h>
#include <string.h>

#include "labelled.h"

static struct pc_threats_engine *judge_eng;
static struct pc_threats_verdict judge_v;

static void
judge_setup(void)
{
	const char *lex[] = LAB_LEXICONS, *names[] = { "Helen Marsh" };

	cr_assert_eq(pc_threats_engine_new(
			 &judge_eng, lex, LAB_NRULE_LEXICONS, names, 1),
	    0, "%s", pc_error_get());
}

static void
judge_teardown(void)
{
	pc_threats_engine_free(judge_eng);
}

/* Judges s; returns 'L' threat to life, 'T' threat, 'A' abuse, '-'. */
static char
judge(const char *s)
{
	cr_assert_eq(pc_threats_judge(judge_eng, s, strlen(s), &judge_v), 0);
	return judge_v.hit[PC_THR_LIFE]  ? 'L'
	    : judge_v.hit[PC_THR_THREAT] ? 'T'
	    : judge_v.hit[PC_THR_ABUSE]  ? 'A'
					 : '-';
}

/* A message and the verdict judge() must give it. */
struct judged {
	const char *text;
	char want;
};

/* Judges every case; a mismatch names the message. */
static void
judge_all(const struct judged *cases, size_t n)
{
	size_t i;
	char got;

	for (i = 0; i < n; i++) {
		got = judge(cases[i].text);
		cr_expect_eq(got, cases[i].want, "\"%s\": got %c, want %c",
		    cases[i].text, got, cases[i].want);
	}
}

#endif
