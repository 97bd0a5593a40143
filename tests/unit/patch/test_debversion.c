/* Debian version comparison: dpkg's own test cases (lib/dpkg/t/t-version.c)
 * and a table checked against `dpkg --compare-versions` on Debian 12. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/patch/debversion.h"

/* Compares a and b, failing the test on a parse error. */
static int
cmp(const char *a, const char *b)
{
	int c = 99;

	cr_assert_eq(pc_debversion_compare(a, b, &c), 0, "%s vs %s: %s", a, b,
	    pc_error_get());
	return c;
}

Test(patch, debversion_dpkg_equality)
{
	/* t-version.c: test_version_compare() and parse equalities. */
	cr_expect_eq(cmp("0-0", "0-0"), 0);
	cr_expect_eq(cmp("0-00", "00-0"), 0);
	cr_expect_eq(cmp("1:2-3", "1:2-3"), 0);
	cr_expect_eq(cmp("0", "0:0"), 0);
	cr_expect_eq(cmp("0:0-0", "0-0"), 0);
	cr_expect_eq(cmp("0:0.0-0.0", "0.0-0.0"), 0);
	cr_expect_eq(cmp("1:0", "1:0"), 0);
	cr_expect_eq(cmp("0:0-0-0", "0-0-0"), 0);
	cr_expect_eq(cmp("0:0:0-0", "0:0:0-0"), 0);
	cr_expect_eq(cmp("0:09azAZ.-+~:-0", "0:09azAZ.-+~:-0"), 0);
	cr_expect_eq(cmp("0:0-azAZ09.+~", "0:0-azAZ09.+~"), 0);
	/* Leading and trailing blanks are allowed. */
	cr_expect_eq(cmp("  \t0:0-1", "0-1"), 0);
	cr_expect_eq(cmp("0:0-1\t  ", "0-1"), 0);
}

Test(patch, debversion_dpkg_order)
{
	/* t-version.c: epoch, upstream and revision differences. */
	cr_expect_lt(cmp("1-1", "2-1"), 0);
	cr_expect_lt(cmp("1-1", "1-2"), 0);
	cr_expect_lt(cmp("0:0-0", "1:0-0"), 0);
	cr_expect_gt(cmp("1:0-0", "0:0-0"), 0);
	cr_expect_lt(cmp("0a-0", "0b-0"), 0);
	cr_expect_gt(cmp("0b-0", "0a-0"), 0);
	cr_expect_lt(cmp("0-a", "0-b"), 0);
	cr_expect_gt(cmp("0-b", "0-a"), 0);
}

/* Expected results from dpkg --compare-versions (dpkg 1.21, Debian 12). */
static const struct {
	const char *a, *b;
	int want;
} table[] = {
	{ "1.0", "1.0", 0 }, { "1.0", "1.1", -1 }, { "1.1", "1.0", 1 },
	{ "1.0~rc1", "1.0", -1 }, { "1.0", "1.0~rc1", 1 },
	{ "1.0~rc1", "1.0~rc2", -1 }, { "1.0~~", "1.0~", -1 },
	{ "1.0~", "1.0", -1 }, { "1.0~~a", "1.0~~", 1 },
	{ "1.0", "1.0+1", -1 }, { "1.0", "1.0a", -1 }, { "1.0a", "1.0+", -1 },
	{ "1.0.1", "1.0a", 1 }, { "1:1.0", "2.0", 1 }, { "1:0", "0:9", 1 },
	{ "0:1.0", "1.0", 0 }, { "1.0-1", "1.0-2", -1 },
	{ "1.0-1", "1.0-1.1", -1 }, { "1.0-1", "1.0-1+deb12u1", -1 },
	{ "1.0-1+deb12u1", "1.0-1+deb12u2", -1 },
	{ "1.0-1+deb12u10", "1.0-1+deb12u9", 1 },
	{ "3.0.11-1~deb12u2", "3.0.11-1~deb12u1", 1 },
	{ "3.0.15-1~deb12u1", "3.0.11-1~deb12u2", 1 },
	{ "6.1.0-21", "6.1.0-25", -1 },
	{ "7.88.1-10+deb12u5", "7.88.1-10+deb12u8", -1 },
	{ "2.36-9+deb12u4", "2.36-9+deb12u9", -1 }, { "1.2.3", "1.2.3-0", 0 },
	{ "00", "0", 0 }, { "01", "1", 0 }, { "1.001", "1.1", 0 },
	{ "1.10", "1.9", 1 }, { "1.a", "1.b", -1 }, { "1.A", "1.a", -1 },
	{ "1.Z", "1.a", -1 }, { "0", "0:0", 0 }, { "0:0", "0:0-0", 0 },
	{ "1.0-1", "1.0-1~bpo1", 1 },
	{ "9.2p1-2+deb12u3", "9.2p1-2+deb12u2", 1 },
	{ "1:9.2p1-2", "9.2p1-2", 1 }, { "2.0.0~beta1", "2.0.0~alpha2", 1 },
	{ "0.9.8zh", "0.9.8", 1 }, { "1.0.0", "1.0.", 0 }, { "1.0.", "1.0+", 1 },
	{ "5.10.0-28", "5.10.0-8", 1 }, { "1.0~rc1-1", "1.0-1", -1 },
};

Test(patch, debversion_table_matches_dpkg)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		cr_expect_eq(cmp(table[i].a, table[i].b), table[i].want,
		    "%s vs %s", table[i].a, table[i].b);
		cr_expect_eq(cmp(table[i].b, table[i].a), -table[i].want,
		    "%s vs %s (reversed)", table[i].b, table[i].a);
	}
}

Test(patch, debversion_invalid)
{
	/* t-version.c's invalid versions, plus dpkg 1.21's empty revision. */
	static const char *const bad[] = { "", "  ", "0:", "0:0 0-1",
		"-1:0-1", "999999999999999999999999:0-1", "a:0-0", "A:0-0",
		"-0", "0:-0", "0:abc3-0", "0:0-0:0", "1.2.3-", "0:0-", "a",
		":1.0" };
	const char *upstream_bad = "!#@$%&/|\\<>()[]{};,_=*^'";
	const char *revision_bad = "!#@$%&/|\\<>()[]{}:;,_=*^'";
	char v[16];
	size_t i;
	int c = 7;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(pc_debversion_check(bad[i]), PC_EPARSE, "\"%s\"",
		    bad[i]);
		cr_expect_eq(pc_debversion_compare(bad[i], "1", &c), PC_EPARSE);
		cr_expect_eq(c, 0);
	}
	for (i = 0; upstream_bad[i]; i++) {
		snprintf(v, sizeof(v), "0:0%ca-0", upstream_bad[i]);
		cr_expect_neq(pc_debversion_check(v), 0, "%s", v);
	}
	for (i = 0; revision_bad[i]; i++) {
		snprintf(v, sizeof(v), "0:0-0%c", revision_bad[i]);
		cr_expect_neq(pc_debversion_check(v), 0, "%s", v);
	}
	cr_expect_eq(pc_debversion_compare("1.0", NULL, &c), PC_EPARSE);
}

Test(patch, debversion_error_names_version)
{
	cr_assert_eq(pc_debversion_check("1.0_1"), PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "1.0_1") != NULL);
}

Test(patch, debversion_length_cap)
{
	static char big[PC_DEBVERSION_MAX + 10];

	memset(big, '1', sizeof(big) - 1);
	cr_expect_eq(pc_debversion_check(big), PC_EPARSE);
	big[PC_DEBVERSION_MAX] = '\0';
	cr_expect_eq(pc_debversion_check(big), 0);
}

Test(patch, debversion_long_digit_runs)
{
	/* Digit runs longer than any integer type still compare exactly. */
	cr_expect_lt(cmp("1.99999999999999999999999999998",
	    "1.99999999999999999999999999999"), 0);
	cr_expect_gt(cmp("1.100000000000000000000000000000",
	    "1.99999999999999999999999999999"), 0);
}
