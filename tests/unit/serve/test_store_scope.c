/*
 * The store keeps the parliament-tenant scope's chain apart from the
 * office's own: its own folder, its own head in the index, and a rebuild
 * from the files finds both chains.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/serve/index.h"
#include "agent/serve/store.h"

#include "store_fixture.h"

Test(store_scope, tenant_reports_chain_in_their_own_folder,
    .init = setup, .fini = teardown)
{
	struct pc_store *s = NULL;
	struct pc_store_stage st;
	char name[64], path[512];
	struct stat sb;

	cr_assert_eq(pc_store_open(&s, root), 0);
	stage(&st, s, "own");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-12-01T09:00:00Z", false, false), 0);
	cr_assert_str_eq(name, "2026-12-01T090000Z");
	/* The same second in the other scope is no clash: its own folder. */
	stage(&st, s, "tenant");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-12-01T09:00:00Z", false, true), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(name, "parliament-tenant/2026-12-01T090000Z");
	snprintf(path, sizeof(path), "%s/reports/office-a/%s/report.json",
	    root, name);
	cr_assert_eq(stat(path, &sb), 0);
	stage(&st, s, "tenant broken");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-11-01T09:00:00Z", true, true), 0);
	cr_assert_str_eq(name,
	    "parliament-tenant/chain-broken/2026-11-01T090000Z");
	pc_store_free(s);
}

/* Inserts a row of office-a with folder and a hash of letter c. */
static void
insert(struct pc_index *idx, const char *folder, char c,
    enum pc_index_chain chain)
{
	struct pc_index_row row;

	memset(&row, 0, sizeof(row));
	snprintf(row.office, sizeof(row.office), "office-a");
	snprintf(row.started_at, sizeof(row.started_at),
	    "2026-12-01T09:00:00Z");
	memset(row.sha256, c, 64);
	snprintf(row.folder, sizeof(row.folder), "%s", folder);
	row.chain = chain;
	cr_assert_eq(pc_index_insert(idx, &row), 0, "%s", pc_error_get());
}

Test(store_scope, each_scope_has_its_own_head, .init = setup,
    .fini = teardown)
{
	struct pc_index *idx = NULL;
	struct pc_index_row got;
	char path[512];

	snprintf(path, sizeof(path), "%s/index.sqlite", root);
	cr_assert_eq(pc_index_open(&idx, path), 0, "%s", pc_error_get());
	cr_assert_eq(pc_index_head(&got, idx, "office-a", true), PC_ENOTFOUND);
	insert(idx, "2026-11-01T090000Z", 'a', PC_INDEX_FIRST);
	/* A later tenant report (its folder sorts after every own one) is
	 * not the office's own head, and the other way round. */
	insert(idx, "parliament-tenant/2026-12-01T090000Z", 'b',
	    PC_INDEX_FIRST);
	insert(idx, "parliament-tenant/chain-broken/2027-01-01T090000Z", 'c',
	    PC_INDEX_BROKEN);
	cr_assert_eq(pc_index_head(&got, idx, "office-a", false), 0);
	cr_assert_eq(got.sha256[0], 'a');
	cr_assert_eq(pc_index_head(&got, idx, "office-a", true), 0);
	cr_assert_eq(got.sha256[0], 'b');
	pc_index_close(idx);
}

Test(store_scope, rebuild_counts_and_indexes_both_chains, .init = setup,
    .fini = teardown)
{
	struct pc_store *s = NULL;
	struct pc_store_stage st;
	char name[64];
	size_t files = 0;

	cr_assert_eq(pc_store_open(&s, root), 0);
	stage(&st, s, "own");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-12-01T09:00:00Z", false, false), 0);
	stage(&st, s, "tenant");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-12-01T09:00:00Z", false, true), 0);
	stage(&st, s, "tenant broken");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-11-01T09:00:00Z", true, true), 0);
	cr_assert_eq(pc_index_count_files(&files, s->reports), 0);
	cr_assert_eq(files, 3);
	pc_store_free(s);
}
