/* Locator masking (issue 11, hole 2): personal data in file names and
 * Message-IDs becomes its masked preview; info-rated kinds stay. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/policy.h"
#include "checks/content/locmask.h"

static struct pc_policy *policy;
static struct pc_locmask *lm;

/* The shipped baseline and a masker over its detectors. */
static void
setup(void)
{
	cr_assert_eq(pc_policy_load(&policy, "policies/baseline.yaml"), 0);
	cr_assert_eq(pc_locmask_new(&lm, policy), 0);
}

/* Frees both. */
static void
teardown(void)
{
	pc_locmask_free(lm);
	pc_policy_free(policy);
}

/* Masks in and returns the result (static buffer). */
static const char *
mask(const char *in, bool *changed)
{
	static char out[1024];

	cr_assert_eq(pc_locmask_apply(lm, in, out, sizeof(out), changed), 0);
	return out;
}

TestSuite(locmask, .init = setup, .fini = teardown);

Test(locmask, ni_number_and_date_of_birth_in_a_file_name_are_masked)
{
	bool changed;
	const char *s = mask("/srv/share/Visit notes JT 48 61 27 B DOB "
	    "03-09-1957.txt:1", &changed);

	cr_assert(changed);
	cr_assert_null(strstr(s, "48 61 27"), "%s", s);
	cr_assert_null(strstr(s, "1957"), "%s", s);
	cr_assert(strstr(s, "/srv/share/Visit notes JT ** ** ** B") == s,
	    "%s", s);
	cr_assert(strstr(s, ".txt:1") != NULL, "the rest is kept: %s", s);
}

Test(locmask, card_number_in_a_message_id_is_masked)
{
	bool changed;
	const char *s = mask("inbox.mbox message <card-4921817364529177@mail."
	    "example.org>:12", &changed);

	cr_assert(changed);
	cr_assert_null(strstr(s, "4921817364529177"), "%s", s);
	cr_assert(strstr(s, "9177") != NULL, "last four shown: %s", s);
	cr_assert(strstr(s, "@mail.example.org>:12") != NULL, "%s", s);
}

Test(locmask, an_email_address_in_a_message_id_is_not_masked)
{
	bool changed = true;
	const char *in = "inbox.mbox message <alice.smith@example.org>:3";

	cr_assert_str_eq(mask(in, &changed), in);
	cr_assert(!changed, "the e-mail detector is info");
}

Test(locmask, text_without_personal_data_is_unchanged)
{
	bool changed = true;
	const char *in = "sam.example@parliament.uk has no second factor";

	cr_assert_str_eq(mask(in, &changed), in);
	cr_assert(!changed);
}

Test(locmask, a_short_buffer_is_cut_at_a_character_boundary)
{
	char out[12];
	bool changed;

	cr_assert_eq(pc_locmask_apply(lm, "caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9",
	    out, sizeof(out), &changed), 0);
	cr_assert_str_eq(out, "caf\xc3\xa9 caf\xc3\xa9");
}
