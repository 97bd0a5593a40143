/* Personal mail domains, staff names in local parts, office domains and
 * masking (checks/email/personal.c, people.c), and the shipped list. */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/email/people.h"
#include "checks/email/personal.h"

Test(personal, shipped_list_loads_and_matches)
{
	struct pc_personal *l = NULL;
	static const char *const personal[] = { "gmail.com", "GoogleMail.com",
		"outlook.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr",
		"live.co.uk", "live.com", "yahoo.com", "yahoo.co.uk",
		"icloud.com", "me.com", "aol.com", "btinternet.com", "sky.com",
		"virginmedia.com", "protonmail.com", "protonmail.ch",
		"proton.me", "gmail.com.", NULL };
	static const char *const office[] = { "parliament.uk",
		"exampleshire-north-mp.org.uk", "hotmail.evil.example.com",
		"nothotmail.com", "gmail.co", "mail.gmail.com",
		"hotmail", "live.a.b.c", "outlook.co.uk.example", NULL };
	size_t i;

	cr_assert_eq(pc_personal_load(&l, "policies/personal_domains.yaml"),
	    0, "%s", pc_error_get());
	for (i = 0; personal[i]; i++)
		cr_assert_not_null(pc_personal_match(l, personal[i]), "%s",
		    personal[i]);
	for (i = 0; office[i]; i++)
		cr_assert_null(pc_personal_match(l, office[i]), "%s",
		    office[i]);
	cr_assert_str_eq(pc_personal_match(l, "hotmail.co.uk"), "hotmail.*");
	pc_personal_free(l);
}

Test(personal, bad_entries_are_refused)
{
	static const char *const bad[][1] = { { "Gmail.com" }, { "*.com" },
		{ "gmail" }, { "gm ail.com" }, { "-x.com" }, { "x..com" },
		{ "" }, { ".*" } };
	struct pc_personal *l = NULL;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_neq(pc_personal_new(&l, bad[i], 1), 0, "%s",
		    bad[i][0]);
		cr_assert_null(l);
	}
	cr_assert(pc_personal_pattern_valid("yahoo.*"));
	cr_assert(pc_personal_pattern_valid("blueyonder.co.uk"));
}

Test(personal, bad_file_names_the_line)
{
	struct pc_personal *l = NULL;
	char path[] = "/tmp/pc-personal-XXXXXX";
	int fd = mkstemp(path);

	cr_assert(fd >= 0);
	cr_assert(write(fd, "domains:\n  - gmail.com\n  - Bad Entry\n", 36) ==
	    36);
	close(fd);
	cr_assert_neq(pc_personal_load(&l, path), 0);
	cr_assert(strstr(pc_error_get(), ":3: domains[1]") != NULL, "%s",
	    pc_error_get());
	unlink(path);
}

Test(people, name_in_local_part)
{
	static const char *const yes[] = { "jane.smith", "jsmith", "smithj",
		"janesmith1979", "j.smith", "Jane_Smith", "smith.jane",
		"jane-smith+news", "JSmith", "j.smith.1", NULL };
	static const char *const no[] = { "john.jones", "jane", "smith",
		"janes", "info", "office", "jane.smithers", "jj.smith",
		"mrs.smith", "", NULL };
	size_t i;

	for (i = 0; yes[i]; i++)
		cr_assert(pc_email_local_names(yes[i], "Jane Smith"), "%s",
		    yes[i]);
	for (i = 0; no[i]; i++)
		cr_assert(!pc_email_local_names(no[i], "Jane Smith"), "%s",
		    no[i]);
	cr_assert(pc_email_local_names("chris.member", "Chris Member MP"));
	cr_assert(pc_email_local_names("cmember", "Dr Chris Member MP"));
	cr_assert(pc_email_local_names("jane.smith", "Jane Anne Smith"),
	    "middle names are ignored");
	cr_assert(pc_email_local_names("pobrien", "Pat O'Brien"));
	cr_assert(pc_email_local_names("priya", "Priya"));
	cr_assert(!pc_email_local_names("al", "Al"), "too short alone");
}

Test(people, staff_by_name_or_alias)
{
	struct pc_staff staff[2] = { 0 };
	char *aliases[] = { "Jo Bloggs" };
	struct pc_config cfg = { 0 };

	staff[0].name = "Jane Smith";
	staff[1].name = "Joanna Bloggs-Green";
	staff[1].aliases = aliases;
	staff[1].naliases = 1;
	cfg.staff = staff;
	cfg.nstaff = 2;
	cr_assert_eq(pc_email_staff_named(&cfg, "janesmith1979"), &staff[0]);
	cr_assert_eq(pc_email_staff_named(&cfg, "jo.bloggs"), &staff[1]);
	cr_assert_eq(pc_email_staff_named(&cfg, "jbloggsgreen"), &staff[1]);
	cr_assert_null(pc_email_staff_named(&cfg, "casework"));
}

Test(people, office_domains_and_masking)
{
	char *parl[] = { "parliament.uk" };
	char *own[] = { "exampleshire-north-mp.org.uk" };
	struct pc_config cfg = { 0 };
	char m[64];

	cfg.office.parliamentary_domains = parl;
	cfg.office.ndomains = 1;
	cfg.office.domains = own;
	cfg.office.nown_domains = 1;
	cr_assert(pc_email_domain_is_office(&cfg, "parliament.uk"));
	cr_assert(pc_email_domain_is_office(&cfg, "PARLIAMENT.UK."));
	cr_assert(pc_email_domain_is_office(&cfg, "mail.parliament.uk"));
	cr_assert(pc_email_domain_is_office(&cfg,
	    "exampleshire-north-mp.org.uk"));
	cr_assert(!pc_email_domain_is_office(&cfg, "notparliament.uk"));
	cr_assert(!pc_email_domain_is_office(&cfg, "gmail.com"));
	cr_assert(!pc_email_domain_is_office(&cfg, NULL));
	cr_assert_str_eq(pc_email_domain_of("a@b.org"), "b.org");
	cr_assert_null(pc_email_domain_of("nobody"));
	cr_assert_null(pc_email_domain_of("@b.org"));
	pc_email_mask(m, sizeof(m), "jane.smith@gmail.com");
	cr_assert_str_eq(m, "j***@gmail.com");
	pc_email_mask(m, sizeof(m), "not-an-address");
	cr_assert_str_eq(m, "n***@?");
}
