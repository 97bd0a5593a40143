/* The quote splitter: a reply is judged on what its sender wrote. */
#include <criterion/criterion.h>
#include <string.h>

#include "checks/threats/quote.h"

static struct pc_buf out;

/* The new text of body. */
static const char *
split(const char *body, size_t *quoted)
{
	pc_buf_reset(&out);
	cr_assert_eq(
	    pc_threats_quote_split(&out, body, strlen(body), quoted), 0);
	cr_assert_eq(pc_buf_add(&out, "", 1), 0);
	return out.data;
}

static void
setup(void)
{
	pc_buf_init(&out, 1 << 20);
}

static void
teardown(void)
{
	pc_buf_free(&out);
}

TestSuite(quote, .init = setup, .fini = teardown);

Test(quote, angle_bracket_lines_dropped)
{
	size_t q;

	cr_assert_str_eq(
	    split("Thanks.\n> I will kill you\n>> older\n", &q), "Thanks.\n");
	cr_assert_eq(q, 2);
}

Test(quote, on_wrote_line_dropped_even_when_wrapped)
{
	cr_assert_str_eq(
	    split(
		"Logged.\n\nOn Mon, 3 Mar 2025 at 22:01, angry <a@b.c>\nwrote:\n> you will die\n",
		NULL),
	    "Logged.\n\n");
	cr_assert_str_eq(
	    split(
		"Fine.\nOn 12 May 2025, at 09:40, Tom wrote:\n> Dear Mr Carr\n",
		NULL),
	    "Fine.\n");
}

Test(quote, new_text_after_a_quote_is_kept)
{
	cr_assert_str_eq(
	    split(
		"> Helen will not support it.\n\nThen Helen will die.\n", NULL),
	    "\nThen Helen will die.\n");
}

Test(quote, outlook_header_block_ends_the_new_text)
{
	cr_assert_str_eq(
	    split(
		"See below.\n\nFrom: x@example.net\nSent: 04 March 2025 02:13\nTo: office\n\nI will stab you.\n",
		NULL),
	    "See below.\n\n");
	cr_assert_str_eq(
	    split("FYI\n-----Original Message-----\nI will stab you\n", NULL),
	    "FYI\n");
	cr_assert_str_eq(split("Fwd\n-------- Forwarded Message --------\n"
			       "burn\n",
			     NULL),
	    "Fwd\n");
}

Test(quote, a_from_line_alone_is_text)
{
	cr_assert_str_eq(
	    split("From: a constituent who is angry\nI will stab you\n", NULL),
	    "From: a constituent who is angry\nI will stab you\n");
}

Test(quote, here_is_what_he_wrote_is_text)
{
	cr_assert_str_eq(split("Here is what he wrote:\nyou are next\n", NULL),
	    "Here is what he wrote:\nyou are next\n");
}

Test(quote, the_rest_is_what_is_quoted_or_forwarded)
{
	static const char mail[] = "Couldn't agree more.\n"
				   "> Lee: her office light is on\n"
				   ">> older\n"
				   "---------- Forwarded message ---------\n"
				   "From: a@example.net\n";

	cr_assert_eq(pc_threats_quote_rest(&out, mail, sizeof(mail) - 1), 0);
	pc_buf_add(&out, "", 1);
	cr_assert_str_eq(out.data,
	    "Lee: her office light is on\nolder\nFrom: a@example.net\n");
}

Test(quote, the_rest_leaves_out_nested_attributions)
{
	/* a reply to an auto-reply that quotes the writer's first mail:
	 * "dan wrote:" judged above it would make the mail a report */
	static const char mail[] =
	    "Auto-reply again.\n"
	    "On Mon, 3 Nov 2025, Office wrote:\n"
	    "> Thank you for contacting us.\n"
	    "> On Sun, 2 Nov 2025, dan@example.net wrote:\n"
	    ">> > I will murder you.\n";

	cr_assert_eq(pc_threats_quote_rest(&out, mail, sizeof(mail) - 1), 0);
	pc_buf_add(&out, "", 1);
	cr_assert_str_eq(
	    out.data, "Thank you for contacting us.\nI will murder you.\n");
}

/* A legal disclaimer's paragraph is no one's words: dropped to its blank
 * line, with what follows kept; a sentence that only starts alike stays. */
Test(quote, a_disclaimer_paragraph_is_dropped)
{
	size_t q;

	cr_assert_str_eq(
	    split("See you Friday.\n\nThis email and any attachments are "
		  "confidential.\nIf you are not the intended recipient, "
		  "delete it.\n\nP.S. bring the forms\n",
		&q),
	    "See you Friday.\n\nP.S. bring the forms\n");
	cr_assert_eq(q, 0);
	cr_assert_str_eq(split("DISCLAIMER: privileged.\n", &q), "");
	cr_assert_str_eq(split("This email is confidential and may be legally "
			       "privileged.\nThanks\n",
			     &q),
	    "");
	/* the writer's own sentence about their email */
	cr_assert_str_eq(split("This email is my last warning.\n", &q),
	    "This email is my last warning.\n");
}
