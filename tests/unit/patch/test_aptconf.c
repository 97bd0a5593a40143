/* apt.conf syntax: flat and nested names, comments, #clear, file order,
 * and which files apt reads. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/patch/aptconf.h"

/* Parses text into a fresh conf. */
static void
parse(struct pc_aptconf *c, const char *text)
{
	memset(c, 0, sizeof(*c));
	cr_assert_eq(pc_aptconf_parse(c, "t.conf", text, strlen(text)), 0,
	    "%s", pc_error_get());
}

Test(patch, aptconf_flat)
{
	struct pc_aptconf c;

	parse(&c, "APT::Periodic::Update-Package-Lists \"1\";\n"
	    "APT::Periodic::Unattended-Upgrade \"1\";\n");
	cr_expect(pc_aptconf_enabled(&c.unattended_upgrade));
	cr_expect(pc_aptconf_enabled(&c.update_lists));
	cr_expect_str_eq(c.unattended_upgrade.file, "t.conf");
	cr_expect_eq(c.unattended_upgrade.line, 2);
	pc_aptconf_free(&c);
}

Test(patch, aptconf_nested_and_comments)
{
	struct pc_aptconf c;

	parse(&c, "// APT::Periodic::Unattended-Upgrade \"0\";\n"
	    "/* APT::Periodic::Unattended-Upgrade \"0\"; */\n"
	    "# a note\n"
	    "apt { periodic {\n"
	    "  update-package-lists 7;  // bare value, any case\n"
	    "  Unattended-Upgrade \"always\";\n"
	    "  }; };\n"
	    "Unattended-Upgrade::Origins-Pattern { \"origin=Debian\"; "
	    "\"o=x\"; };\n"
	    "Dpkg::Options {\"--force-confdef\";};\n");
	cr_expect_str_eq(c.update_lists.value, "7");
	cr_expect_str_eq(c.unattended_upgrade.value, "always");
	cr_expect(pc_aptconf_enabled(&c.unattended_upgrade));
	pc_aptconf_free(&c);
}

Test(patch, aptconf_disabled_values)
{
	struct pc_aptconf c;

	parse(&c, "APT::Periodic::Unattended-Upgrade \"0\";\n"
	    "APT::Periodic::Update-Package-Lists \"\";\n");
	cr_expect_not(pc_aptconf_enabled(&c.unattended_upgrade));
	cr_expect_not(pc_aptconf_enabled(&c.update_lists));
	pc_aptconf_free(&c);
	parse(&c, "APT::Periodic::Unattended-Upgrade \"1\";\n"
	    "#clear APT::Periodic;\n");
	cr_expect_null(c.unattended_upgrade.value);
	cr_expect_not(pc_aptconf_enabled(&c.unattended_upgrade));
	pc_aptconf_free(&c);
	parse(&c, "");
	cr_expect_not(pc_aptconf_enabled(&c.unattended_upgrade));
	pc_aptconf_free(&c);
}

Test(patch, aptconf_later_wins)
{
	static const char later[] = "APT::Periodic::Unattended-Upgrade \"0\";";
	struct pc_aptconf c;

	parse(&c, "APT::Periodic::Unattended-Upgrade \"1\";\n");
	cr_assert_eq(pc_aptconf_parse(&c, "99.conf", later, sizeof(later) - 1),
	    0);
	cr_expect_str_eq(c.unattended_upgrade.value, "0");
	cr_expect_str_eq(c.unattended_upgrade.file, "99.conf");
	pc_aptconf_free(&c);
}

Test(patch, aptconf_syntax_errors)
{
	static const char *const bad[] = {
		"APT::Periodic::Unattended-Upgrade \"1\"",
		"APT { Periodic { Unattended-Upgrade \"1\"; };",
		"};",
		"APT::X \"1\" \"2\";",
		"APT::X \"1;\n",
		"/* never closed",
	};
	struct pc_aptconf c;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&c, 0, sizeof(c));
		cr_expect_eq(pc_aptconf_parse(&c, "bad.conf", bad[i],
		    strlen(bad[i])), PC_EPARSE, "%s", bad[i]);
		cr_expect(strstr(pc_error_get(), "bad.conf:") != NULL);
		pc_aptconf_free(&c);
	}
}

Test(patch, aptconf_depth_cap)
{
	static char text[PC_APTCONF_MAX_DEPTH * 4 + 64];
	struct pc_aptconf c = { 0 };
	size_t i, o = 0;

	for (i = 0; i <= PC_APTCONF_MAX_DEPTH; i++) {
		memcpy(text + o, "a { ", 4);
		o += 4;
	}
	cr_expect_eq(pc_aptconf_parse(&c, "deep.conf", text, o), PC_EPARSE);
	pc_aptconf_free(&c);
}

Test(patch, aptconf_dir_order_and_names)
{
	struct pc_aptconf c = { 0 };

	/* uptodate: 20auto-upgrades turns both on; 99off.bak is not a name
	 * apt reads, so its "0" does not count. */
	cr_assert_eq(pc_aptconf_load(&c, "tests/data/patch/uptodate/etc/apt"),
	    0, "%s", pc_error_get());
	cr_expect_eq(c.nfiles, 2);
	cr_expect(pc_aptconf_enabled(&c.unattended_upgrade));
	cr_expect(strstr(c.unattended_upgrade.file, "20auto-upgrades") !=
	    NULL);
	pc_aptconf_free(&c);
	memset(&c, 0, sizeof(c));
	cr_assert_eq(pc_aptconf_load(&c, "tests/data/patch/pending/etc/apt"),
	    0);
	cr_expect_not(pc_aptconf_enabled(&c.unattended_upgrade));
	cr_expect(pc_aptconf_enabled(&c.update_lists));
	pc_aptconf_free(&c);
	memset(&c, 0, sizeof(c));
	cr_expect_eq(pc_aptconf_load(&c, "/nonexistent/etc/apt"), 0);
	cr_expect_eq(c.nfiles, 0);
	pc_aptconf_free(&c);
}
