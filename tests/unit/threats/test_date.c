/* Message dates: mail Date headers and export date columns. */
#include <criterion/criterion.h>

#include "checks/threats/date.h"

#define D20250203 1738540800LL /* 2025-02-03T00:00:00Z */

Test(date, rfc5322_with_and_without_day_name_and_zone)
{
	cr_assert_eq(pc_threats_date_parse("Mon, 3 Feb 2025 10:00:00 +0000"),
	    D20250203 + 36000);
	cr_assert_eq(pc_threats_date_parse("3 Feb 2025 10:00:00 +0100"),
	    D20250203 + 32400);
	cr_assert_eq(pc_threats_date_parse("Mon, 03 Feb 2025 10:00 GMT"),
	    D20250203 + 36000);
	cr_assert_eq(
	    pc_threats_date_parse("Mon, 3 Feb 2025 10:00:00 -0500 (EST)"),
	    D20250203 + 36000 + 18000);
}

Test(date, iso8601_forms)
{
	cr_assert_eq(pc_threats_date_parse("2025-02-03"), D20250203);
	cr_assert_eq(
	    pc_threats_date_parse("2025-02-03T10:00:00Z"), D20250203 + 36000);
	cr_assert_eq(pc_threats_date_parse("2025-02-03 10:00:00.123+01:00"),
	    D20250203 + 32400);
	cr_assert_eq(
	    pc_threats_date_parse(" \"2025-02-03T10:00\" "), D20250203 + 36000);
}

Test(date, twitter_uk_and_epoch)
{
	cr_assert_eq(pc_threats_date_parse("Mon Feb 03 10:00:00 +0000 2025"),
	    D20250203 + 36000);
	cr_assert_eq(pc_threats_date_parse("03/02/2025"), D20250203);
	cr_assert_eq(
	    pc_threats_date_parse("3/2/2025 10:00"), D20250203 + 36000);
	cr_assert_eq(pc_threats_date_parse("1738540800"), D20250203);
	cr_assert_eq(pc_threats_date_parse("1738540800000"), D20250203);
}

Test(date, not_a_date)
{
	const char *bad[] = { NULL, "", "yesterday", "2025-13-01", "2025-02-30",
		"31/02/2025", "12345", "Feb 2025", "1969-12-31",
		"2025-02-03T25:00", "2025-02-03 junk", "Mon, 3 Feb 2025 +99" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_eq(pc_threats_date_parse(bad[i]), PC_THREATS_NO_DATE,
		    "%s", bad[i] ? bad[i] : "NULL");
}
