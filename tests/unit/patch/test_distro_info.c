/* distro-info-data's CSV tables: live Debian and Ubuntu end-of-life dates,
 * and precise errors on damaged tables. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/patch/distro_info.h"

/* Parses text as os's table. */
static int
parse(struct pc_eol **eol, const char *os, const char *text)
{
	return pc_distro_info_parse(eol, os, "t.csv", text, strlen(text), 90);
}

/* The release with VERSION_ID version, asserted present. */
static const struct pc_eol_release *
find(const struct pc_eol *eol, const char *os, const char *version)
{
	struct pc_osrelease o = { .id = (char *)os, .version_id =
		(char *)version };
	const struct pc_eol_release *r = pc_eol_find(eol, &o);

	cr_assert_not_null(r, "%s %s", os, version);
	return r;
}

Test(patch, distro_info_ubuntu)
{
	struct pc_eol *eol = NULL;
	const struct pc_eol_release *r;

	cr_assert_eq(parse(&eol, "ubuntu", "version,codename,series,created,"
	    "release,eol,eol-server,eol-esm,eol-legacy\n"
	    "24.04 LTS,Noble Numbat,noble,2023-10-12,2024-04-25,2029-05-31,"
	    "2029-05-31,2034-04-25,2036-04-29\n"
	    "25.10,Questing Quokka,questing,2025-04-17,2025-10-09,2026-07-09\n"
	    "26.04 LTS,Resolute Raccoon,resolute,2025-10-09,2026-04-23,"
	    "2031-05-29,2031-05-29,2036-04-23,2038-04-27\n"
	    "26.10,Stonking Stingray,stonking,2026-04-23\n"), 0, "%s",
	    pc_error_get());
	cr_expect_eq(eol->nreleases, 3);
	cr_expect_eq(eol->warn_days, 90);
	r = find(eol, "ubuntu", "26.04");
	cr_expect_str_eq(r->name, "Ubuntu 26.04 LTS (Resolute Raccoon)");
	cr_expect_str_eq(r->codename, "resolute");
	cr_expect_str_eq(r->security_end, "2031-05-29");
	cr_expect_str_eq(r->extended_end, "2036-04-23");
	cr_expect_str_eq(r->extended_name, "Ubuntu Pro (ESM)");
	/* An interim release: no ESM. */
	r = find(eol, "ubuntu", "25.10");
	cr_expect_null(r->extended_end);
	cr_expect_eq(r->extended_end_t, 0);
	pc_eol_free(eol);
}

Test(patch, distro_info_debian)
{
	struct pc_eol *eol = NULL;
	const struct pc_eol_release *r;
	struct pc_osrelease testing = { .id = "debian", .codename = "forky" };

	cr_assert_eq(parse(&eol, "debian", "version,codename,series,created,"
	    "release,eol,eol-lts,eol-elts\r\n"
	    "12,Bookworm,bookworm,2021-08-14,2023-06-10,2026-06-10,"
	    "2028-06-30,2033-06-30\r\n"
	    "14,Forky,forky,2025-08-09\r\n"
	    ",Sid,sid,1993-08-16\r\n\r\n"), 0, "%s", pc_error_get());
	cr_expect_eq(eol->nreleases, 1);
	r = find(eol, "debian", "12");
	cr_expect_str_eq(r->name, "Debian 12 (bookworm)");
	cr_expect_str_eq(r->security_end, "2026-06-10");
	/* Commercial ELTS is not counted: LTS is the end. */
	cr_expect_str_eq(r->extended_end, "2028-06-30");
	cr_expect_str_eq(r->extended_name, "Debian LTS");
	/* Testing has no dates yet: not in the table. */
	cr_expect_null(pc_eol_find(eol, &testing));
	pc_eol_free(eol);
}

Test(patch, distro_info_shipped_tables_parse)
{
	struct pc_eol *eol = NULL;

	/* The machine's own distro-info-data, when installed. */
	if (pc_distro_info_load(&eol, "debian", "/usr/share/distro-info/"
	    "debian.csv", 90) == PC_ENOTFOUND)
		return;
	cr_assert_not_null(eol, "%s", pc_error_get());
	cr_expect_str_eq(find(eol, "debian", "12")->security_end,
	    "2026-07-11");
	pc_eol_free(eol);
	cr_assert_eq(pc_distro_info_load(&eol, "ubuntu", "/usr/share/"
	    "distro-info/ubuntu.csv", 90), 0, "%s", pc_error_get());
	cr_expect_str_eq(find(eol, "ubuntu", "24.04")->extended_end,
	    "2034-04-25");
	pc_eol_free(eol);
}

Test(patch, distro_info_errors)
{
	struct pc_eol *eol = NULL;

	cr_expect_eq(parse(&eol, "debian", "a,b\n1,2\n"), PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "t.csv:1: expected a header") !=
	    NULL, "%s", pc_error_get());
	cr_expect_eq(parse(&eol, "debian", "version,codename,series,eol\n"
	    "12,Bookworm,bookworm,2026-02-30\n"), PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "t.csv:2:") != NULL, "%s",
	    pc_error_get());
	cr_expect_eq(parse(&eol, "debian", "version,codename,series,eol,"
	    "eol-lts\n12,Bookworm,bookworm,2026-06-10,2025-01-01\n"),
	    PC_EPARSE);
	cr_expect_eq(parse(&eol, "debian", "version,codename,series,eol\n"
	    "12,\"Book,worm\",bookworm,2026-06-10\n"), PC_EPARSE);
	cr_expect_eq(parse(&eol, "debian", ""), PC_EPARSE);
	cr_expect_eq(pc_distro_info_load(&eol, "debian", "/nonexistent.csv",
	    90), PC_ENOTFOUND);
	cr_expect_null(eol);
}
