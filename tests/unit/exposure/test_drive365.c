/* OneDrive delta rebuilt into paths, shared folders passing their links to
 * their files, permissions read into the model, redirect hosts vetted. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/json.h"
#include "checks/exposure/drive365.h"

/* A tree from a JSON array of delta entries. */
static void
tree_of(struct pc_d365_tree *t, const char *json)
{
	cJSON *j = cJSON_Parse(json);
	const cJSON *it;

	cr_assert_not_null(j);
	memset(t, 0, sizeof(*t));
	cJSON_ArrayForEach(it, j)
		cr_assert_eq(pc_d365_tree_add(t, it), 0);
	cr_assert_eq(pc_d365_tree_finish(t), 0);
	cJSON_Delete(j);
}

Test(drive365, paths_from_parent_ids_deleted_skipped_shared_inherited)
{
	struct pc_d365_tree t;
	const struct pc_d365_item *it;
	const char *since;
	char path[256];

	tree_of(&t, "[{\"id\":\"r\",\"name\":\"root\",\"root\":{}},"
	    "{\"id\":\"f\",\"name\":\"Referrals\",\"folder\":{},"
	    "\"parentReference\":{\"id\":\"r\"},\"shared\":{"
	    "\"sharedDateTime\":\"2023-11-20T09:00:00Z\"}},"
	    "{\"id\":\"a\",\"name\":\"old.csv\",\"parentReference\":"
	    "{\"id\":\"f\"}},"
	    "{\"id\":\"b\",\"name\":\"notes.docx\",\"parentReference\":"
	    "{\"id\":\"f\"}},"
	    "{\"id\":\"c\",\"name\":\"mine.txt\",\"parentReference\":"
	    "{\"id\":\"r\"}},"
	    "{\"id\":\"a\",\"deleted\":{},\"parentReference\":{\"id\":\"f\"}}]");
	cr_assert_eq(t.n, 4);
	cr_assert_eq(t.deleted, 1);
	cr_assert_null(pc_d365_tree_find(&t, "a"));
	it = pc_d365_tree_find(&t, "b");
	cr_assert_eq(pc_d365_tree_path(path, sizeof(path), &t, it), 0);
	cr_assert_str_eq(path, "/Referrals/notes.docx");
	cr_assert(pc_d365_tree_shared(&t, it, &since));
	cr_assert_str_eq(since, "2023-11-20");
	cr_assert_not(pc_d365_tree_shared(&t, pc_d365_tree_find(&t, "c"),
	    &since));
	pc_d365_tree_free(&t);
}

Test(drive365, parent_loop_and_missing_parent_are_errors)
{
	struct pc_d365_tree t;
	char path[256];

	tree_of(&t, "[{\"id\":\"x\",\"name\":\"x\",\"parentReference\":"
	    "{\"id\":\"y\"}},{\"id\":\"y\",\"name\":\"y\",\"parentReference\":"
	    "{\"id\":\"x\"}},{\"id\":\"z\",\"name\":\"z\",\"parentReference\":"
	    "{\"id\":\"gone\"}}]");
	cr_assert_neq(pc_d365_tree_path(path, sizeof(path), &t,
	    pc_d365_tree_find(&t, "x")), 0);
	cr_assert_neq(pc_d365_tree_path(path, sizeof(path), &t,
	    pc_d365_tree_find(&t, "z")), 0);
	pc_d365_tree_free(&t);
}

Test(drive365, permissions_into_the_model)
{
	static const char *const doms[] = { "parliament.uk" };
	struct pc_shared_file f;
	cJSON *j = cJSON_Parse("[{\"roles\":[\"owner\"],\"grantedToV2\":"
	    "{\"user\":{\"email\":\"evil@gmail.com\"}}},"
	    "{\"roles\":[\"read\"],\"link\":{\"scope\":\"organization\","
	    "\"type\":\"view\"}},"
	    "{\"roles\":[\"write\"],\"link\":{\"scope\":\"anonymous\","
	    "\"type\":\"edit\"},\"expirationDateTime\":\"2030-01-01\"},"
	    "{\"roles\":[\"read\"],\"grantedToIdentitiesV2\":[{\"user\":"
	    "{\"email\":\"jo@parliament.uk\"}},{\"user\":{\"email\":"
	    "\"cllr@gmail.com\"}}]},"
	    "{\"roles\":[\"read\"],\"link\":{\"scope\":\"somethingnew\"}}]");

	pc_share_init(&f, PC_SHARE_ONEDRIVE, "sam@parliament.uk", "/x", NULL);
	cr_assert_eq(pc_d365_perms_add(&f, j, doms, 1), 0);
	cr_assert_eq(f.org_links, 1);
	cr_assert(f.anyone);
	cr_assert(f.anyone_edit);
	/* the unknown scope is treated as anyone, and it has no expiry */
	cr_assert(f.anyone_no_expiry);
	cr_assert_eq(f.internal_grants, 1);
	cr_assert_eq(f.external_total, 1);
	cr_assert_str_eq(f.external[0].address, "cllr@gmail.com");
	cJSON_Delete(j);
}

Test(drive365, redirects_only_to_content_hosts_over_https)
{
	static const char *const hosts[] = { "t.sharepoint.com",
		"127.0.0.1:8443" };

	cr_assert(pc_d365_host_allowed("https://t.sharepoint.com/x?y", hosts,
	    2));
	cr_assert(pc_d365_host_allowed("https://T.sharepoint.com:443/x", hosts,
	    2));
	cr_assert(pc_d365_host_allowed("https://127.0.0.1:8443/c", hosts, 2));
	cr_assert_not(pc_d365_host_allowed("http://t.sharepoint.com/x", hosts,
	    2));
	cr_assert_not(pc_d365_host_allowed("https://t.sharepoint.com.evil/x",
	    hosts, 2));
	cr_assert_not(pc_d365_host_allowed("https://t.sharepoint.com@evil/x",
	    hosts, 2));
	cr_assert_not(pc_d365_host_allowed("https://127.0.0.1:9999/c", hosts,
	    2));
	cr_assert_not(pc_d365_host_allowed(NULL, hosts, 2));
}
