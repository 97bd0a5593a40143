/* os-release parsing, eol.yaml loading and the support state on a day. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/patch/eol.h"

#define DAY 86400LL
/* 2026-11-23 00:00 UTC */
#define NOW 1795392000LL

/* Loads the shipped policies/eol.yaml. */
static struct pc_eol *
shipped(void)
{
	struct pc_eol *eol = NULL;

	cr_assert_eq(pc_eol_load(&eol, "policies/eol.yaml"), 0, "%s",
	    pc_error_get());
	return eol;
}

/* Parses os-release text. */
static void
osr(struct pc_osrelease *os, const char *text)
{
	cr_assert_eq(pc_osrelease_parse(os, "os-release", text, strlen(text)),
	    0, "%s", pc_error_get());
}

Test(patch, osrelease_quoting)
{
	struct pc_osrelease os;

	osr(&os, "# comment\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
	    "ID=debian\nVERSION_ID='12'\nVERSION_CODENAME=bookworm\n"
	    "NAME=\"A \\\"quoted\\\" name\"\n\n");
	cr_expect_str_eq(os.id, "debian");
	cr_expect_str_eq(os.version_id, "12");
	cr_expect_str_eq(os.codename, "bookworm");
	cr_expect_str_eq(os.pretty_name, "Debian GNU/Linux 12 (bookworm)");
	pc_osrelease_free(&os);
	cr_expect_eq(pc_osrelease_parse(&os, "x", "NAME=x\n", 7), PC_EPARSE);
	cr_expect_eq(pc_osrelease_parse(&os, "x", "garbage\n", 8), PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "x:1:") != NULL);
}

Test(patch, eol_shipped_file_is_valid)
{
	struct pc_eol *eol = shipped();
	static const char *const want[][2] = { { "debian", "10" },
		{ "debian", "11" }, { "debian", "12" }, { "debian", "13" },
		{ "ubuntu", "18.04" }, { "ubuntu", "20.04" },
		{ "ubuntu", "22.04" }, { "ubuntu", "24.04" },
		{ "ubuntu", "26.04" } };
	struct pc_osrelease os = { 0 };
	size_t i;

	cr_expect_eq(eol->warn_days, 90);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		os.id = (char *)want[i][0];
		os.version_id = (char *)want[i][1];
		cr_expect_not_null(pc_eol_find(eol, &os), "%s %s", want[i][0],
		    want[i][1]);
	}
	pc_eol_free(eol);
}

Test(patch, eol_find_variants)
{
	struct pc_eol *eol = shipped();
	struct pc_osrelease os;
	const struct pc_eol_release *r;

	/* Debian testing has no VERSION_ID: matched by codename. */
	osr(&os, "ID=debian\nVERSION_CODENAME=trixie\n");
	r = pc_eol_find(eol, &os);
	cr_assert_not_null(r);
	cr_expect_str_eq(r->version, "13");
	pc_osrelease_free(&os);
	/* A derivative built on bookworm. */
	osr(&os, "ID=raspbian\nID_LIKE=debian\nVERSION_ID=\"12\"\n"
	    "VERSION_CODENAME=bookworm\n");
	r = pc_eol_find(eol, &os);
	cr_assert_not_null(r);
	cr_expect_str_eq(r->codename, "bookworm");
	pc_osrelease_free(&os);
	/* Unknown systems are not matched. */
	osr(&os, "ID=fedora\nVERSION_ID=40\n");
	cr_expect_null(pc_eol_find(eol, &os));
	pc_osrelease_free(&os);
	osr(&os, "ID=debian\nVERSION_CODENAME=sid\n");
	cr_expect_null(pc_eol_find(eol, &os));
	pc_osrelease_free(&os);
	pc_eol_free(eol);
}

Test(patch, eol_states)
{
	struct pc_eol *eol = shipped();
	struct pc_osrelease os = { .id = "debian" };
	const struct pc_eol_release *r;

	os.version_id = "10";
	r = pc_eol_find(eol, &os);
	cr_expect_eq(pc_eol_state(eol, r, NOW), PC_EOL_ENDED);
	/* The end date itself is still a supported day. */
	cr_expect_eq(pc_eol_state(eol, r, r->extended_end_t),
	    PC_EOL_FINAL_SOON);
	cr_expect_eq(pc_eol_state(eol, r, r->extended_end_t + DAY),
	    PC_EOL_ENDED);
	cr_expect_eq(pc_eol_state(eol, r, r->security_end_t - 100 * DAY),
	    PC_EOL_SUPPORTED);
	cr_expect_eq(pc_eol_state(eol, r, r->security_end_t - 30 * DAY),
	    PC_EOL_ENDING_SOON);
	cr_expect_eq(pc_eol_state(eol, r, r->security_end_t + 2 * DAY),
	    PC_EOL_EXTENDED);
	os.version_id = "11";
	cr_expect_eq(pc_eol_state(eol, pc_eol_find(eol, &os), NOW),
	    PC_EOL_ENDED);
	os.version_id = "12";
	cr_expect_eq(pc_eol_state(eol, pc_eol_find(eol, &os), NOW),
	    PC_EOL_EXTENDED);
	os.version_id = "13";
	cr_expect_eq(pc_eol_state(eol, pc_eol_find(eol, &os), NOW),
	    PC_EOL_SUPPORTED);
	pc_eol_free(eol);
}

Test(patch, eol_bad_files)
{
	static const char *const bad[] = {
		"version: 1\nwarn_days: 90\nreleases:\n  - {os: debian, "
		"version: \"9\", name: x, security_end: 2020-02-30}\n",
		"version: 1\nwarn_days: 90\nreleases:\n  - {os: debian, "
		"version: \"9\", name: x, security_end: soon}\n",
		"version: 1\nwarn_days: 90\nreleases:\n  - {os: debian, "
		"version: \"9\", name: x, security_end: 2020-01-01, "
		"extended_end: 2019-01-01}\n",
		"version: 1\nwarn_days: 90\nreleases:\n  - {os: debian, "
		"name: x, security_end: 2020-01-01}\n",
		"version: 1\nwarn_days: 90\nreleases:\n  - {os: debian, "
		"version: \"9\", name: x, security_end: 2020-01-01, "
		"typo: 1}\n",
		"version: 1\nreleases: []\n",
	};
	struct pc_eol *eol = NULL;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_neq(pc_eol_parse(&eol, "eol.yaml", bad[i],
		    strlen(bad[i])), 0, "case %zu", i);
		cr_expect_null(eol);
		cr_expect(strstr(pc_error_get(), "eol.yaml") != NULL, "%s",
		    pc_error_get());
	}
}
