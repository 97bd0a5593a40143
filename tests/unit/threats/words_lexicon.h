/* Shared by the tokeniser and matcher tests: the normaliser and the
 * threats-words lexicon, loaded per test (include once per test file,
 * then call words_setup() and words_teardown() from the suite's own). */
#ifndef PC_TEST_WORDS_LEXICON_H
#define PC_TEST_WORDS_LEXICON_H

#include <criterion/criterion.h>

#include "agent/lib/err.h"
#include "checks/threats/lexicon.h"
#include "checks/threats/tokens.h"

static struct pc_threats_norm *norm;
static struct pc_threats_lexicon *lex;

static void
words_setup(void)
{
	const char *files[] = { "policies/lexicons/threats-words.yaml" };

	cr_assert_eq(pc_threats_norm_new(&norm), 0, "%s", pc_error_get());
	cr_assert_eq(pc_threats_lex_load(&lex, norm, files, 1, NULL, 0), 0,
	    "%s", pc_error_get());
}

static void
words_teardown(void)
{
	pc_threats_lex_free(lex);
	pc_threats_norm_free(norm);
}

#endif
