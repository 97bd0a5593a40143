/* Link-shared documents: which rules a shared file breaks, from its
 * permissions and what its content scan found. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "checks/exposure/sharing.h"

static const char *const domains[] = { "parliament.uk",
	"exampleshire-north.org.uk", "exampleshire.onmicrosoft.com" };
#define NDOMAINS (sizeof(domains) / sizeof(domains[0]))

/* The rules as ids joined by spaces, for readable assertions. */
static const char *
rules_of(const struct pc_shared_file *f, const struct pc_share_content *c)
{
	static char buf[512];
	enum pc_share_rule r[PC_SHARE_NRULES];
	size_t i, n = pc_share_classify(r, f, c), used = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
		    "%s%s", i ? " " : "", pc_share_rule_id(r[i]));
	return buf;
}

/* A OneDrive file of Sam's. */
static void
onedrive(struct pc_shared_file *f)
{
	pc_share_init(f, PC_SHARE_ONEDRIVE, "sam.example@parliament.uk",
	    "/Casework/cases.xlsx", NULL);
}

/* A content result read in full with n NI numbers. */
static void
scanned(struct pc_share_content *c, size_t ninos)
{
	size_t i;

	pc_share_content_init(c);
	c->scanned = true;
	for (i = 0; i < ninos; i++)
		pc_share_content_add(c, "uk_nino", true);
}

Test(sharing, org_only_link_is_counted_not_a_finding)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_link(&f, PC_SHARE_SCOPE_ORG, true, NULL);
	scanned(&c, 3);
	cr_assert_not(pc_share_beyond_office(&f));
	cr_assert_str_eq(rules_of(&f, &c), "");
	cr_assert_str_eq(rules_of(&f, NULL), "");
	cr_assert_eq(f.org_links, 1);
}

Test(sharing, anyone_link_with_personal_data_is_critical_rule)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_link(&f, PC_SHARE_SCOPE_ANYONE, false,
	    "2027-01-01T00:00:00Z");
	scanned(&c, 4);
	cr_assert(pc_share_beyond_office(&f));
	cr_assert_str_eq(rules_of(&f, &c), "shared_anyone_personal_data");
}

Test(sharing, anyone_link_clean_file_is_shared_anyone)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_link(&f, PC_SHARE_SCOPE_ANYONE, false, "2027-01-01");
	scanned(&c, 0);
	cr_assert_str_eq(rules_of(&f, &c), "shared_anyone");
}

Test(sharing, anyone_unscanned_is_never_a_clean_bill)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_link(&f, PC_SHARE_SCOPE_ANYONE, false, "2027-01-01");
	pc_share_content_init(&c);
	snprintf(c.not_scanned, sizeof(c.not_scanned), "over the size cap");
	cr_assert_str_eq(rules_of(&f, &c), "shared_anyone content_not_scanned");
	cr_assert_str_eq(rules_of(&f, NULL),
	    "shared_anyone content_not_scanned");
}

Test(sharing, partly_read_file_with_personal_data_still_counts)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_link(&f, PC_SHARE_SCOPE_ANYONE, false, "2027-01-01");
	pc_share_content_init(&c);
	pc_share_content_add(&c, "uk_nhs_number", true);
	cr_assert_str_eq(rules_of(&f, &c), "shared_anyone_personal_data");
}

Test(sharing, edit_link_without_expiry)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_link(&f, PC_SHARE_SCOPE_ANYONE, true, NULL);
	scanned(&c, 0);
	cr_assert_str_eq(rules_of(&f, &c),
	    "shared_edit_anyone shared_anyone shared_no_expiry");
}

Test(sharing, secrets_alone_are_not_personal_data)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_link(&f, PC_SHARE_SCOPE_ANYONE, false, "2027-01-01");
	scanned(&c, 0);
	pc_share_content_add(&c, "private_key", false);
	cr_assert_str_eq(rules_of(&f, &c), "shared_anyone");
}

Test(sharing, external_grant_outside_every_office_domain)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_grant(&f, "jo@PARLIAMENT.uk", true, NULL, domains,
	    NDOMAINS);
	pc_share_add_grant(&f, "case.team@mp.parliament.uk", false, NULL,
	    domains, NDOMAINS);
	pc_share_add_grant(&f, "lee@exampleshire-north.org.uk", false, NULL,
	    domains, NDOMAINS);
	pc_share_add_grant(&f, "a@exampleshire.onmicrosoft.com", false, NULL,
	    domains, NDOMAINS);
	scanned(&c, 2);
	cr_assert_eq(f.internal_grants, 4);
	cr_assert_not(pc_share_beyond_office(&f));
	cr_assert_str_eq(rules_of(&f, &c), "");

	/* a look-alike domain is outside: notparliament.uk, parliament.uk.evil */
	pc_share_add_grant(&f, "x@notparliament.uk", false, NULL, domains,
	    NDOMAINS);
	pc_share_add_grant(&f, "y@parliament.uk.evil.example", false,
	    "2027-01-01", domains, NDOMAINS);
	pc_share_add_grant(&f, "cllr.smith@gmail.com", false, "2027-01-01",
	    domains, NDOMAINS);
	cr_assert_eq(f.external_total, 3);
	cr_assert_str_eq(rules_of(&f, &c),
	    "shared_external_personal_data shared_no_expiry");
}

Test(sharing, external_grant_clean_file_is_not_a_finding)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	onedrive(&f);
	pc_share_add_grant(&f, "cllr.smith@gmail.com", false, "2027-01-01",
	    domains, NDOMAINS);
	scanned(&c, 0);
	cr_assert_str_eq(rules_of(&f, &c), "");
	/* ... but one that could not be read is */
	cr_assert_str_eq(rules_of(&f, NULL), "content_not_scanned");
}

Test(sharing, address_without_domain_is_outside)
{
	struct pc_shared_file f;

	onedrive(&f);
	pc_share_add_grant(&f, "", false, "2027-01-01", domains, NDOMAINS);
	pc_share_add_grant(&f, "nobody@", false, "2027-01-01", domains,
	    NDOMAINS);
	cr_assert_eq(f.external_total, 2);
	cr_assert_not(pc_share_domain_inside(NULL, domains, NDOMAINS));
}

Test(sharing, expiry_only_for_microsoft_365)
{
	struct pc_shared_file f;
	struct pc_share_content c;

	pc_share_init(&f, PC_SHARE_GDRIVE, "sam@exampleshire-north.org.uk",
	    "cases", "1AbC");
	pc_share_add_link(&f, PC_SHARE_SCOPE_ANYONE, false, NULL);
	pc_share_add_grant(&f, "cllr.smith@gmail.com", false, NULL, domains,
	    NDOMAINS);
	scanned(&c, 0);
	cr_assert_str_eq(rules_of(&f, &c), "shared_anyone");

	pc_share_init(&f, PC_SHARE_SHAREPOINT, "https://t.sharepoint.com/"
	    "sites/office", "/Shared Documents/x.csv", NULL);
	pc_share_add_grant(&f, "cllr.smith@gmail.com", false, NULL, domains,
	    NDOMAINS);
	cr_assert_str_eq(rules_of(&f, &c), "shared_no_expiry");
}

Test(sharing, subjects_per_store)
{
	struct pc_shared_file f;
	char s[2048];

	onedrive(&f);
	pc_share_subject(s, sizeof(s), &f);
	cr_assert_str_eq(s, "onedrive:sam.example@parliament.uk:"
	    "/Casework/cases.xlsx");
	pc_share_init(&f, PC_SHARE_SHAREPOINT, "https://t.sharepoint.com/"
	    "sites/office", "Shared Documents/a.docx", NULL);
	pc_share_subject(s, sizeof(s), &f);
	cr_assert_str_eq(s, "sharepoint:https://t.sharepoint.com/sites/"
	    "office:/Shared Documents/a.docx");
	pc_share_init(&f, PC_SHARE_GDRIVE, "sam@x.org.uk", "cases", "1AbC");
	pc_share_subject(s, sizeof(s), &f);
	cr_assert_str_eq(s, "gdrive:sam@x.org.uk:cases (1AbC)");
	pc_share_init(&f, PC_SHARE_GDRIVE_SHARED, "Casework", "cases", "9Z");
	pc_share_subject(s, sizeof(s), &f);
	cr_assert_str_eq(s, "gdrive-shared:Casework:cases (9Z)");
}

Test(sharing, evidence_counts_kinds_never_values_and_masks_addresses)
{
	struct pc_shared_file f;
	struct pc_share_content c;
	char ev[2048];

	onedrive(&f);
	snprintf(f.since, sizeof(f.since), "2024-03-01");
	pc_share_add_link(&f, PC_SHARE_SCOPE_ANYONE, false, NULL);
	pc_share_add_grant(&f, "cllr.smith@gmail.com", true, NULL, domains,
	    NDOMAINS);
	scanned(&c, 3);
	pc_share_content_add(&c, "date_of_birth", true);
	pc_share_evidence(ev, sizeof(ev), &f, &c, PC_SHARE_ANYONE_PERSONAL);
	cr_assert(strstr(ev, "anyone with the link (view, no expiry)"), "%s",
	    ev);
	cr_assert(strstr(ev, "uk_nino 3, date_of_birth 1"), "%s", ev);
	cr_assert(strstr(ev, "shared since 2024-03-01"), "%s", ev);
	cr_assert(strstr(ev, "@gmail.com"), "%s", ev);
	cr_assert_null(strstr(ev, "cllr.smith"), "%s", ev);
	cr_assert(strstr(ev, "Share -> Manage access -> remove 'Anyone with "
	    "the link'"), "%s", ev);

	pc_share_content_init(&c);
	snprintf(c.not_scanned, sizeof(c.not_scanned), "pdf is not read");
	pc_share_evidence(ev, sizeof(ev), &f, &c, PC_SHARE_NOT_SCANNED);
	cr_assert(strstr(ev, "not fully read: pdf is not read"), "%s", ev);
}

Test(sharing, kinds_past_the_cap_still_count)
{
	struct pc_share_content c;
	char id[16];
	int i;

	pc_share_content_init(&c);
	for (i = 0; i < PC_SHARE_MAX_KINDS + 4; i++) {
		snprintf(id, sizeof(id), "k%d", i);
		pc_share_content_add(&c, id, true);
	}
	cr_assert_eq(c.nkinds, PC_SHARE_MAX_KINDS);
	cr_assert_eq(c.personal, PC_SHARE_MAX_KINDS + 4);
}
