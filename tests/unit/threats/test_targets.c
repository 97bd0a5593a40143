/* The MP's names from the staff list: role matched without case, aliases
 * included, other roles left out. */
#include <criterion/criterion.h>

#include "checks/threats/targets.h"

Test(threats_targets, mp_role_any_case_with_aliases)
{
	char *aliases[] = { "Christopher Member", "Mr Member" };
	struct pc_staff staff[4];
	struct pc_config cfg;
	const char *names[8];

	memset(staff, 0, sizeof(staff));
	memset(&cfg, 0, sizeof(cfg));
	staff[0].name = "Sam Example";
	staff[0].role = "digital lead";
	staff[1].name = "Chris Member MP";
	staff[1].role = "mp";
	staff[1].aliases = aliases;
	staff[1].naliases = 2;
	staff[2].name = "Alex Member";
	staff[2].role = "member";           /* not the MP */
	staff[3].name = "Priya Researcher"; /* no role */
	cfg.staff = staff;
	cfg.nstaff = 4;
	cr_assert_eq(pc_threats_mp_names(&cfg, names, 8), 3);
	cr_expect_str_eq(names[0], "Chris Member MP");
	cr_expect_str_eq(names[1], "Christopher Member");
	cr_expect_str_eq(names[2], "Mr Member");
	cr_expect_eq(pc_threats_mp_names(&cfg, names, 2), 2, "capped at max");
	cr_expect_eq(pc_threats_mp_names(NULL, names, 8), 0);
}
