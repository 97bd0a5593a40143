/* Google Drive file descriptions read into the sharing model: who can
 * open a file from Drive's permissions, and what is refused. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/exposure/gdrive_file.h"

static const char *const office[] = { "parliament.uk",
	"exampleshire-north-mp.org.uk" };
static const struct pc_gdrive_domains dom = { office, 2 };

/* Parses one files.list element from text into f. */
static int
parse(struct pc_gdrive_file *f, const char *text)
{
	cJSON *j = cJSON_Parse(text);
	int r;

	cr_assert_not_null(j, "test JSON: %s", text);
	r = pc_gdrive_file_parse(f, j, PC_SHARE_GDRIVE,
	    "alex.caseworker@parliament.uk", &dom);
	cJSON_Delete(j);
	return r;
}

/* The rule ids f breaks with content c, comma-joined. */
static const char *
rules_of(const struct pc_gdrive_file *f, const struct pc_share_content *c)
{
	static char out[256];
	enum pc_share_rule rules[PC_SHARE_NRULES];
	size_t i, n = pc_share_classify(rules, &f->share, c);

	size_t used = 0;

	out[0] = '\0';
	for (i = 0; i < n && used < sizeof(out); i++)
		used += (size_t)snprintf(out + used, sizeof(out) - used,
		    "%s%s", i ? "," : "", pc_share_rule_id(rules[i]));
	return out;
}

Test(gdrive_file, anyone_link_with_personal_data)
{
	struct pc_gdrive_file f;
	struct pc_share_content c;

	cr_assert_eq(parse(&f, "{\"id\":\"1abc\",\"name\":\"Cases\","
	    "\"mimeType\":\"application/vnd.google-apps.spreadsheet\","
	    "\"owners\":[{\"emailAddress\":\"alex.caseworker@parliament.uk\"}],"
	    "\"permissions\":[{\"type\":\"user\",\"role\":\"owner\","
	    "\"emailAddress\":\"alex.caseworker@parliament.uk\"},"
	    "{\"type\":\"anyone\",\"role\":\"reader\"}]}"), 0);
	cr_assert(f.perms_inline);
	cr_assert(f.share.anyone);
	cr_assert_not(f.share.anyone_edit);
	cr_assert_eq(f.share.external_total, 0);
	cr_assert_eq(f.size, -1, "Google-native files have no size");
	pc_share_content_init(&c);
	c.scanned = true;
	pc_share_content_add(&c, "uk_nino", true);
	cr_assert_str_eq(rules_of(&f, &c), "shared_anyone_personal_data");
	cr_assert_str_eq(f.share.owner, "alex.caseworker@parliament.uk");
}

Test(gdrive_file, drive_anyone_links_never_lack_expiry)
{
	struct pc_gdrive_file f;
	struct pc_share_content c;

	cr_assert_eq(parse(&f, "{\"id\":\"1\",\"name\":\"Rota\","
	    "\"permissions\":[{\"type\":\"anyone\",\"role\":\"writer\"}]}"), 0);
	pc_share_content_init(&c);
	c.scanned = true;
	cr_assert_str_eq(rules_of(&f, &c), "shared_edit_anyone,shared_anyone",
	    "no shared_no_expiry for Drive: its anyone links cannot expire");
}

Test(gdrive_file, office_domain_link_is_counted_not_a_finding)
{
	struct pc_gdrive_file f;

	cr_assert_eq(parse(&f, "{\"id\":\"1\",\"name\":\"Procedures\","
	    "\"permissions\":[{\"type\":\"domain\",\"role\":\"reader\","
	    "\"domain\":\"parliament.uk\"},{\"type\":\"user\",\"role\":"
	    "\"writer\",\"emailAddress\":\"sam.example@parliament.uk\"}]}"), 0);
	cr_assert_eq(f.share.org_links, 1);
	cr_assert_not(pc_share_beyond_office(&f.share));
	cr_assert_str_eq(rules_of(&f, NULL), "");
}

Test(gdrive_file, other_domain_and_outside_address_are_outside_grants)
{
	struct pc_gdrive_file f;
	struct pc_share_content c;

	cr_assert_eq(parse(&f, "{\"id\":\"1\",\"name\":\"Letter\","
	    "\"permissions\":[{\"type\":\"domain\",\"role\":\"reader\","
	    "\"domain\":\"council.example\"},{\"type\":\"user\",\"role\":"
	    "\"reader\",\"emailAddress\":\"cllr.jones@gmail.com\"},"
	    "{\"type\":\"group\",\"role\":\"reader\",\"emailAddress\":"
	    "\"press@exampleshire-north-mp.org.uk\"}]}"), 0);
	cr_assert_eq(f.share.external_total, 2,
	    "a group in the office's own domain stays inside");
	cr_assert_eq(f.share.internal_grants, 1);
	pc_share_content_init(&c);
	c.scanned = true;
	pc_share_content_add(&c, "personal_record", true);
	cr_assert_str_eq(rules_of(&f, &c), "shared_external_personal_data");
}

Test(gdrive_file, deleted_accounts_open_nothing)
{
	struct pc_gdrive_file f;

	cr_assert_eq(parse(&f, "{\"id\":\"1\",\"name\":\"Old\","
	    "\"permissions\":[{\"type\":\"user\",\"role\":\"reader\","
	    "\"emailAddress\":\"gone@gmail.com\",\"deleted\":true}]}"), 0);
	cr_assert_eq(f.share.external_total, 0);
	cr_assert_eq(f.perms, 1);
}

Test(gdrive_file, grant_without_address_is_outside)
{
	struct pc_gdrive_file f;

	cr_assert_eq(parse(&f, "{\"id\":\"1\",\"name\":\"x\","
	    "\"permissions\":[{\"type\":\"user\",\"role\":\"reader\"}]}"), 0);
	cr_assert_eq(f.share.external_total, 1, "fail closed");
}

Test(gdrive_file, no_inline_permissions_means_ask)
{
	struct pc_gdrive_file f;

	cr_assert_eq(parse(&f, "{\"id\":\"1\",\"name\":\"x\",\"size\":\"42\","
	    "\"driveId\":\"0AB\"}"), 0);
	cr_assert_not(f.perms_inline, "shared-drive files need "
	    "permissions.list");
	cr_assert_eq(f.size, 42);
}

Test(gdrive_file, hostile_descriptions_are_refused)
{
	static const char *const bad[] = {
		"{\"name\":\"no id\"}",
		"{\"id\":\"1\"}",
		"{\"id\":\"../x\",\"name\":\"n\"}",
		"{\"id\":\"1\",\"name\":\"n\",\"size\":\"-1\"}",
		"{\"id\":\"1\",\"name\":\"n\",\"size\":\"12a\"}",
		"{\"id\":\"1\",\"name\":\"n\",\"permissions\":{}}",
		"{\"id\":\"1\",\"name\":\"n\",\"permissions\":[{\"type\":"
		"\"wizard\"}]}",
		"{\"id\":\"1\",\"name\":\"n\",\"permissions\":[7]}",
		"{\"id\":\"1\",\"name\":\"n\",\"owners\":[\"x\"]}",
		"[]",
	};
	struct pc_gdrive_file f;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_lt(parse(&f, bad[i]), 0, "accepted: %s", bad[i]);
}

Test(gdrive_file, permissions_are_capped)
{
	struct pc_gdrive_file f;
	cJSON *perms = cJSON_CreateArray();
	int i;

	cr_assert_eq(parse(&f, "{\"id\":\"1\",\"name\":\"n\"}"), 0);
	for (i = 0; i <= PC_GDRIVE_PERMS_MAX; i++) {
		cJSON *p = cJSON_CreateObject();

		cJSON_AddStringToObject(p, "type", "anyone");
		cJSON_AddItemToArray(perms, p);
	}
	cr_assert_eq(pc_gdrive_perms_add(&f, perms, &dom), PC_ELIMIT);
	cJSON_Delete(perms);
}

Test(gdrive_file, subject_names_owner_file_and_id)
{
	struct pc_gdrive_file f;
	char s[512];

	cr_assert_eq(parse(&f, "{\"id\":\"1abc\",\"name\":\"Cases\"}"), 0);
	pc_share_subject(s, sizeof(s), &f.share);
	cr_assert_str_eq(s,
	    "gdrive:alex.caseworker@parliament.uk:Cases (1abc)");
}
