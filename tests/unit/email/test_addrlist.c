/* Address lists (checks/email/addrlist.c), addresses in free text and
 * forward detection (forward.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "checks/email/addrlist.h"
#include "checks/email/forward.h"

/* Parses value expecting n addresses; returns them. */
static struct pc_addrs
parse(const char *value, size_t n)
{
	struct pc_addrs a;

	cr_assert_eq(pc_addrs_parse(&a, value), 0);
	cr_assert_eq(a.n, n, "%s: %zu addresses", value, a.n);
	return a;
}

Test(addrlist, display_names_quotes_and_case)
{
	struct pc_addrs a = parse("\"Smith, Jane\" <Jane.Smith@GMAIL.com>, "
	    "bob@example.org (Bob), Ann <ann@Example.NET>", 3);

	cr_assert_str_eq(a.v[0].name, "Smith, Jane");
	cr_assert_str_eq(a.v[0].addr, "Jane.Smith@gmail.com");
	cr_assert_str_eq(a.v[1].addr, "bob@example.org");
	cr_assert_str_eq(a.v[2].name, "Ann");
	cr_assert_str_eq(a.v[2].addr, "ann@example.net");
	pc_addrs_free(&a);
}

Test(addrlist, rfc2047_names)
{
	struct pc_addrs a = parse("=?utf-8?b?SmFuZSBTbWl0aA==?= "
	    "<js@gmail.com>, =?iso-8859-1?q?Ren=E9e_Dubois?= <rd@x.fr>", 2);

	cr_assert_str_eq(a.v[0].name, "Jane Smith");
	cr_assert_str_eq(a.v[1].name, "Ren\xc3\xa9" "e Dubois");
	pc_addrs_free(&a);
}

Test(addrlist, groups_are_opened)
{
	struct pc_addrs a = parse("Caseworkers: a@parliament.uk, "
	    "B <b@parliament.uk>;, c@gmail.com, Empty:;", 3);

	cr_assert_str_eq(a.v[0].addr, "a@parliament.uk");
	cr_assert_str_eq(a.v[1].addr, "b@parliament.uk");
	cr_assert_str_eq(a.v[2].addr, "c@gmail.com");
	pc_addrs_free(&a);
}

Test(addrlist, quoted_local_part_unquoted)
{
	struct pc_addrs a = parse("\"jane smith\"@gmail.com, "
	    "\"j\\\"s\"@hotmail.com", 2);

	cr_assert_str_eq(a.v[0].addr, "jane smith@gmail.com");
	cr_assert_str_eq(a.v[1].addr, "j\"s@hotmail.com");
	pc_addrs_free(&a);
}

Test(addrlist, junk_is_dropped_not_fatal)
{
	struct pc_addrs a;

	cr_assert_eq(pc_addrs_parse(&a, "undisclosed-recipients:;"), 0);
	cr_assert_eq(a.n, 0);
	pc_addrs_free(&a);
	cr_assert_eq(pc_addrs_parse(&a, "nobody, @, a@, @b.com, x@y"), 0);
	cr_assert_eq(a.n, 0, "no usable local@dotted.domain: %zu", a.n);
	pc_addrs_free(&a);
	cr_assert_eq(pc_addrs_parse(&a, NULL), 0);
	cr_assert_eq(a.n, 0);
}

Test(addrlist, addresses_in_text)
{
	const char *t = "Write to <a href=\"mailto:Office.EN@Gmail.COM?subject"
	    "=hi\">us</a> or jo@x.co.uk. Not a@b, not @gmail.com, not x@y.c1.";
	char out[PC_ADDR_MAX];
	size_t pos = 0, start;

	cr_assert(pc_addr_scan(t, strlen(t), &pos, &start, out, sizeof(out)));
	cr_assert_str_eq(out, "Office.EN@gmail.com");
	cr_assert_eq(strncmp(t + start - 7, "mailto:", 7), 0);
	cr_assert(pc_addr_scan(t, strlen(t), &pos, &start, out, sizeof(out)));
	cr_assert_str_eq(out, "jo@x.co.uk", "a final full stop is not the "
	    "domain's");
	cr_assert_not(pc_addr_scan(t, strlen(t), &pos, &start, out,
	    sizeof(out)));
}

Test(forward, subjects)
{
	static const char *const fwd[] = { "Fwd: x", "FW: x", "Fw:x",
		"[EXTERNAL] FW: x", "Fwd[2]: x", "TR: x", "WG: x", "fwd : x",
		NULL };
	static const char *const not[] = { "Re: x", "RE: FW: x",
		"Forward planning", "Fwd x", "", "FWD", NULL };
	size_t i;

	for (i = 0; fwd[i]; i++)
		cr_assert(pc_fwd_subject(fwd[i]), "%s", fwd[i]);
	for (i = 0; not[i]; i++)
		cr_assert_not(pc_fwd_subject(not[i]), "%s", not[i]);
	cr_assert(pc_fwd_subject_reply("RE: Surgery"));
	cr_assert(pc_fwd_subject_reply("[ext] AW: x"));
	cr_assert_not(pc_fwd_subject_reply("Reading list"));
}

/* Scans body; returns the result. */
static struct pc_fwd_body
scan(const char *body)
{
	struct pc_fwd_body b;

	memset(&b, 0, sizeof(b));
	pc_fwd_body_scan(&b, body, strlen(body));
	return b;
}

Test(forward, header_blocks)
{
	struct pc_fwd_body b;

	b = scan("FYI\n\n---------- Forwarded message ---------\nFrom: Bob "
	    "<bob@gmail.com>\nDate: Mon, 6 Jan 2025\nSubject: x\nTo: "
	    "<office@parliament.uk>\n\nbody\n");
	cr_assert(b.marker && b.block);
	cr_assert_str_eq(b.from, "bob@gmail.com");
	b = scan("________________\nFrom: Ann Lee [mailto:ann@example.net]\n"
	    "Sent: 20 January 2025\nTo: Chris\nSubject: Blue badge\n");
	cr_assert(!b.marker && b.block);
	cr_assert_str_eq(b.from, "ann@example.net");
	b = scan("-------- Forwarded Message --------\nSubject: \tx\nDate: \t"
	    "14 Jan\nFrom: \tEve <eve@example.co.uk>\nTo: \ty@z.uk\n");
	cr_assert_str_eq(b.from, "eve@example.co.uk", "Thunderbird order");
	b = scan("Begin forwarded message:\n\n> From: Dee <dee@example.com>\n"
	    "> Subject: x\n> Date: 13 Jan\n");
	cr_assert_str_eq(b.from, "dee@example.com", "Apple Mail, quoted");
	b = scan("For tonight. From: Hal <hal@example.net> Sent: 17 Feb "
	    "To: Chris Subject: Parking");
	cr_assert_str_eq(b.from, "hal@example.net", "an HTML part on one line");
	b = scan("*From:* Exchange User\n*Sent:* Monday\n*To:* Chris\n");
	cr_assert(b.block);
	cr_assert_str_eq(b.from, "", "no address shown");
}

Test(forward, not_blocks)
{
	struct pc_fwd_body b;

	b = scan("From: the minutes of the meeting we agreed...\nThanks\n");
	cr_assert_not(b.block);
	b = scan("On Mon, 6 Jan 2025, Bob wrote:\n> From now on\n> I will\n");
	cr_assert_not(b.block);
	b = scan("Wherefrom: x\nSent: y\nTo: z\n");
	cr_assert_not(b.block, "a field must start a word");
}
