/* SPF, DMARC and DKIM record reading (checks/email/records.c). */
#include <criterion/criterion.h>

#include "checks/email/records.h"

/* SPF verdict of one or more TXT records. */
static struct pc_spf
spf(const char *a, const char *b)
{
	char *txt[3] = { (char *)a, (char *)b, NULL };
	struct pc_spf s;

	pc_spf_eval(&s, txt, b ? 2 : (a ? 1 : 0));
	return s;
}

Test(records, spf)
{
	cr_assert_eq(spf(NULL, NULL).verdict, PC_SPF_MISSING);
	cr_assert_eq(spf("google-site-verification=abc", NULL).verdict,
	    PC_SPF_MISSING);
	cr_assert_eq(spf("v=spf10 -all", NULL).verdict, PC_SPF_MISSING);
	cr_assert_eq(spf("v=spf1 include:spf.protection.outlook.com -all",
	    NULL).verdict, PC_SPF_OK);
	cr_assert_eq(spf("V=SPF1 mx ~all", NULL).verdict, PC_SPF_OK);
	cr_assert_eq(spf("v=spf1 mx -all", "v=spf1 include:x.org -all")
	    .verdict, PC_SPF_MULTIPLE);
	cr_assert_eq(spf("v=spf1 mx -all", "v=spf1 include:x.org -all")
	    .nrecords, 2);
	cr_assert_eq(spf("v=spf1 +all", NULL).verdict, PC_SPF_PASS_ALL);
	cr_assert_eq(spf("v=spf1 a mx all", NULL).verdict, PC_SPF_PASS_ALL);
	cr_assert_eq(spf("v=spf1 mx ?all", NULL).verdict, PC_SPF_NEUTRAL);
	cr_assert_eq(spf("v=spf1 mx", NULL).verdict, PC_SPF_NEUTRAL);
	cr_assert_eq(spf("v=spf1 redirect=_spf.example.net", NULL).verdict,
	    PC_SPF_OK);
	cr_assert_eq(spf("v=spf1 -all +all", NULL).verdict, PC_SPF_OK,
	    "terms after the first all are never reached");
	cr_assert_eq(spf("v=spf1 include:allthings.example -all", NULL)
	    .verdict, PC_SPF_OK);
}

Test(records, spf_sends_nothing)
{
	cr_assert(spf("v=spf1 -all", NULL).sends_nothing);
	cr_assert(spf("  v=spf1   -all  ", NULL).sends_nothing);
	cr_assert(!spf("v=spf1 mx -all", NULL).sends_nothing);
	cr_assert(!spf("v=spf1 include:x.org -all", NULL).sends_nothing);
	cr_assert(!spf("v=spf1 ~all", NULL).sends_nothing);
	cr_assert(!spf("v=spf1 -all", "v=spf1 -all").sends_nothing);
}

/* DMARC verdict of TXT records at _dmarc. */
static struct pc_dmarc
dmarc(const char *a, const char *b)
{
	char *txt[3] = { (char *)a, (char *)b, NULL };
	struct pc_dmarc d;

	pc_dmarc_eval(&d, txt, b ? 2 : (a ? 1 : 0));
	return d;
}

Test(records, dmarc)
{
	cr_assert_eq(dmarc(NULL, NULL).verdict, PC_DMARC_MISSING);
	cr_assert_eq(dmarc("v=spf1 -all", NULL).verdict, PC_DMARC_MISSING);
	cr_assert_eq(dmarc("v=DMARC1; p=reject; rua=mailto:d@example.org",
	    NULL).verdict, PC_DMARC_OK);
	cr_assert_eq(dmarc("v=DMARC1;p=quarantine", NULL).verdict,
	    PC_DMARC_OK);
	cr_assert_eq(dmarc("v = DMARC1 ; p = Reject", NULL).verdict,
	    PC_DMARC_OK);
	cr_assert_eq(dmarc("v=DMARC1; p=none; rua=mailto:d@example.org",
	    NULL).verdict, PC_DMARC_NONE);
	cr_assert_str_eq(dmarc("v=DMARC1; p=none", NULL).policy, "none");
	cr_assert_eq(dmarc("v=DMARC1; rua=mailto:d@example.org", NULL)
	    .verdict, PC_DMARC_NONE, "no p= counts as none");
	cr_assert_eq(dmarc("v=DMARC1; p=bogus", NULL).verdict, PC_DMARC_NONE);
	cr_assert_eq(dmarc("p=reject; v=DMARC1", NULL).verdict,
	    PC_DMARC_MISSING, "v= must come first");
	cr_assert_eq(dmarc("v=DMARC1; p=reject", "v=DMARC1; p=none").verdict,
	    PC_DMARC_MISSING, "several records are ignored");
	cr_assert_eq(dmarc("v=DMARC1; sp=reject; p=none", NULL).verdict,
	    PC_DMARC_NONE, "sp= is not p=");
}

Test(records, dkim_key)
{
	char *key[] = { "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNAD" };
	char *nov[] = { "k=rsa; p=MIGf" };
	char *revoked[] = { "v=DKIM1; k=rsa; p=" };
	char *other[] = { "v=spf1 p=xyz -all" };
	char *spaced[] = { "v=DKIM1; p = MIGf MA0G" };

	cr_assert(pc_dkim_has_key(key, 1));
	cr_assert(pc_dkim_has_key(nov, 1));
	cr_assert(pc_dkim_has_key(spaced, 1));
	cr_assert(!pc_dkim_has_key(revoked, 1));
	cr_assert(!pc_dkim_has_key(other, 1));
	cr_assert(!pc_dkim_has_key(NULL, 0));
}

Test(records, mx_none)
{
	char *none[] = { "." };
	char *some[] = { ".", "mail.example.org" };

	cr_assert(pc_mx_none(NULL, 0));
	cr_assert(pc_mx_none(none, 1));
	cr_assert(!pc_mx_none(some, 2));
}
