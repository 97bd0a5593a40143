/*
 * The PDS roster: CSV (quoted fields, "" escapes, CRLF, a header, a BOM),
 * errors naming file:line, an account listed once, office ids as office.id.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/roster.h"

/* Parses text as "roster.csv". */
static int
parse(struct pc_roster **ro, const char *text)
{
	pc_error_clear();
	return pc_roster_parse(ro, "roster.csv", text, strlen(text));
}

/* Asserts text is refused naming roster.csv:line and saying what. */
static void
refused(const char *text, int line, const char *what)
{
	struct pc_roster *ro = NULL;
	char want[32];

	cr_assert_eq(parse(&ro, text), PC_ECONFIG, "accepted: %s", text);
	cr_assert_null(ro);
	snprintf(want, sizeof(want), "roster.csv:%d:", line);
	cr_assert(strstr(pc_error_get(), want) != NULL, "\"%s\" lacks %s",
	    pc_error_get(), want);
	cr_assert(strstr(pc_error_get(), what) != NULL, "\"%s\" lacks %s",
	    pc_error_get(), what);
}

Test(roster, reads_quoted_fields_header_bom_and_crlf)
{
	struct pc_roster *ro = NULL;
	const struct pc_roster_entry *e;

	cr_assert_eq(parse(&ro, "\xef\xbb\xbfoffice_id,account,name\r\n"
				"exampleshire-north,sam.example@parliament.uk,"
				"\"Example, Sam\"\r\n"
				"\n"
				"westshire-south, jo@parliament.uk ,"
				"\"Jo \"\"JJ\"\" Bloggs\"\n"
				"westshire-south,Al@Parliament.uk,\"Al\nSmith\""),
	    PC_ECONFIG, "a line break in a name is not a name");
	cr_assert(strstr(pc_error_get(), "roster.csv:5:") != NULL, "%s",
	    pc_error_get());
	cr_assert_eq(parse(&ro, "\xef\xbb\xbfoffice_id,account,name\r\n"
				"exampleshire-north,sam.example@parliament.uk,"
				"\"Example, Sam\"\r\n"
				"\n"
				"westshire-south, jo@parliament.uk ,"
				"\"Jo \"\"JJ\"\" Bloggs\"\n"
				"westshire-south,Al@Parliament.uk,Al Smith"),
	    0, "%s", pc_error_get());
	cr_assert_eq(ro->n, 3);
	cr_assert_str_eq(ro->entries[0].name, "Example, Sam");
	cr_assert_eq(ro->entries[0].line, 2);
	cr_assert_str_eq(ro->entries[1].account, "jo@parliament.uk");
	cr_assert_str_eq(ro->entries[1].name, "Jo \"JJ\" Bloggs");
	cr_assert_eq(ro->entries[1].line, 4);
	cr_assert_eq(ro->noffices, 2);
	cr_assert_str_eq(ro->offices[0], "exampleshire-north");
	cr_assert_str_eq(ro->offices[1], "westshire-south");
	e = pc_roster_find(ro, "al@PARLIAMENT.uk");
	cr_assert_not_null(e);
	cr_assert_str_eq(e->office_id, "westshire-south");
	cr_assert_null(pc_roster_find(ro, "nobody@parliament.uk"));
	pc_roster_free(ro);
}

Test(roster, empty_roster_has_no_offices)
{
	struct pc_roster *ro = NULL;

	cr_assert_eq(parse(&ro, "office_id,account,name\n"), 0);
	cr_assert_eq(ro->n, 0);
	cr_assert_eq(ro->noffices, 0);
	cr_assert_null(pc_roster_find(ro, "a@b"));
	pc_roster_free(ro);
}

Test(roster, refuses_bad_records_naming_the_line)
{
	refused("a,b@c,d\nx,y@z\n", 2, "expected 3 fields");
	refused("a,b@c,d,e\n", 1, "got 4");
	refused("a,b@c,d\nBad_Office,e@f,g\n", 2, "not an office id");
	refused("-lead,e@f,g\n", 1, "not an office id");
	refused("pds-unassigned,e@f,g\n", 1, "leave the account out");
	refused("a,not-an-address,g\n", 1, "not an account name");
	refused("a,two words@x,g\n", 1, "not an account name");
	refused("a,e@f,\n", 1, "name: expected");
	refused("a,e@f,\"open\n", 1, "not closed");
	refused("a,e@f,\"x\"y\n", 1, "after the closing quote");
	refused("a,e@f,x\"y\n", 1, "quote inside unquoted");
}

Test(roster, refuses_an_account_listed_twice)
{
	refused("a,sam@parliament.uk,Sam\nb,x@parliament.uk,X\n"
		"b,SAM@parliament.uk,Sam Again\n",
	    3, "listed twice (also on line 1)");
}

Test(roster, refuses_a_field_over_the_cap)
{
	char text[PC_ROSTER_MAX_FIELD + 64];

	memset(text, 'a', sizeof(text));
	memcpy(text, "a,e@f,", 6);
	text[sizeof(text) - 1] = '\0';
	refused(text, 1, "longer than");
}
