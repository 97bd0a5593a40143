/* Whose is the quoted text: the writer's own earlier message (the same
 * address or name in its From, a bare forward) or someone else's. */
#include <criterion/criterion.h>
#include <string.h>

#include "checks/threats/own_quote.h"
#include "checks/threats/quote.h"

/* Whether body's quoted part is its sender's own (the new text split
 * off as the sink does). */
static bool
own(const char *sender, const char *body)
{
	struct pc_buf text;
	char why[64] = "";
	bool r;

	pc_buf_init(&text, 1 << 20);
	cr_assert_eq(
	    pc_threats_quote_split(&text, body, strlen(body), NULL), 0);
	r = pc_threats_quote_is_own(sender, body, strlen(body),
	    text.data ? text.data : "", text.len, why, sizeof(why));
	cr_assert_eq(r, why[0] != '\0', "a reason is given when own");
	pc_buf_free(&text);
	return r;
}

static const char fwd_gary[] =
    "Still waiting.\n\n---------- Forwarded message ---------\n"
    "From: Gary Holt <G.Holt1968@example.net>\nDate: Mon, 3 Nov 2025\n"
    "Subject: the bypass\n\nYou'll regret this.\n";

Test(own_quote, same_address_in_the_forwarded_from_is_own)
{
	cr_assert(own("Gary Holt <g.holt1968@example.net>", fwd_gary));
	cr_assert(own("g.holt1968@example.net", fwd_gary));
	cr_assert_not(own("Anne Other <anne@example.net>", fwd_gary));
	/* the same name at another address is another sender */
	cr_assert_not(own("Gary Holt <gary@work.example>", fwd_gary));
}

Test(own_quote, a_name_without_an_address_matches_by_name)
{
	static const char outlook[] =
	    "RESENDING\n\nFrom: Paul Greenhalgh\nSent: Sat 25/10/2025 00:14\n"
	    "To: office@example.org.uk\nSubject: traitor\n\nYou'll hang.\n";

	cr_assert(own("Paul Greenhalgh <pg@example.net>", outlook));
	cr_assert(own("\"paul greenhalgh\"", outlook));
	cr_assert_not(own("Paula Green <pg@example.net>", outlook));
}

Test(own_quote, attribution_lines_match_by_address)
{
	static const char reply[] =
	    "Still true.\n\nOn Fri, 31 Oct 2025 at 17:00, Owen Sutcliffe <osutcliffe@example.net> wrote:\n> Your office stinks.\n";

	cr_assert(own("osutcliffe@example.net", reply));
	cr_assert_not(own("Tomasz <tomasz@office.example>", reply));
}

Test(own_quote, a_bare_forward_is_the_forwarders_message)
{
	static const char bare[] =
	    "---------- Forwarded message ---------\nFrom: Craig <c@example.com>\nDate: Sat, 1 Nov 2025\n\nThere's a bomb.\n";
	static const char quoted[] = "\n> you will hang\n";

	cr_assert(own(NULL, bare));
	cr_assert(own("someone.else@example.net", bare));
	cr_assert(own(NULL, quoted));
}

Test(own_quote, unknown_sender_or_no_header_is_not_own)
{
	static const char noted[] =
	    "FYI, this came in overnight; logged with the police.\n\n"
	    "> I will kill you\n";

	cr_assert_not(own(NULL, fwd_gary));
	cr_assert_not(own("Gary Holt <g.holt1968@example.net>", noted));
}
