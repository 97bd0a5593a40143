/* The store: staged uploads become read-only folders, never replaced. */
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/serve/index.h"
#include "agent/serve/store.h"

#include "store_fixture.h"

Test(store, commit_makes_read_only_folders_and_never_replaces,
    .init = setup, .fini = teardown)
{
	struct pc_store *s = NULL;
	struct pc_store_stage st;
	char name[64], path[512];
	struct pc_buf b;
	struct stat sb;

	cr_assert_eq(pc_store_open(&s, root), 0);
	stage(&st, s, "one");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-12-01T09:00:00Z", false, false), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(name, "2026-12-01T090000Z");
	snprintf(path, sizeof(path), "%s/reports/office-a/%s", root, name);
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0555);
	snprintf(path, sizeof(path), "%s/reports/office-a/%s/report.json",
	    root, name);
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0444);
	/* Same start time: a new folder beside it, the first untouched. */
	stage(&st, s, "two");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-12-01T09:00:00Z", false, false), 0);
	cr_assert_str_eq(name, "2026-12-01T090000Z-2");
	cr_assert_eq(pc_file_read(&b, path, 100), 0);
	cr_assert_str_eq(b.data, "one");
	pc_buf_free(&b);
	/* A broken chain goes aside. */
	stage(&st, s, "three");
	cr_assert_eq(pc_store_commit(name, &st, "office-a",
			 "2026-11-01T09:00:00Z", true, false), 0);
	cr_assert_str_eq(name, "chain-broken/2026-11-01T090000Z");
	pc_store_free(s);
}

Test(store, discarded_and_leftover_stages_leave_nothing,
    .init = setup, .fini = teardown)
{
	struct pc_store *s = NULL;
	struct pc_store_stage st, crashed;
	char path[512];
	struct stat sb;

	cr_assert_eq(pc_store_open(&s, root), 0);
	stage(&st, s, "one");
	pc_store_stage_discard(&st);
	cr_assert_neq(stat(st.dir, &sb), 0);
	/* A stage left by a killed server is removed at the next open. */
	stage(&crashed, s, "two");
	snprintf(path, sizeof(path), "%s", crashed.dir);
	pc_store_free(s);
	cr_assert_eq(stat(path, &sb), 0);
	cr_assert_eq(pc_store_open(&s, root), 0);
	cr_assert_neq(stat(path, &sb), 0);
	pc_store_free(s);
}

Test(store, index_finds_heads_and_rebuilds_from_files,
    .init = setup, .fini = teardown)
{
	struct pc_index *idx = NULL;
	struct pc_index_row row, got;
	char path[512];
	long long n = 0;

	snprintf(path, sizeof(path), "%s/index.sqlite", root);
	cr_assert_eq(pc_index_open(&idx, path), 0, "%s", pc_error_get());
	memset(&row, 0, sizeof(row));
	snprintf(row.office, sizeof(row.office), "office-a");
	snprintf(row.started_at, sizeof(row.started_at),
	    "2026-12-01T09:00:00Z");
	row.received_at = 1000;
	memset(row.sha256, 'a', 64);
	snprintf(row.folder, sizeof(row.folder), "2026-12-01T090000Z");
	row.chain = PC_INDEX_FIRST;
	cr_assert_eq(pc_index_insert(idx, &row), 0);
	memset(row.sha256, 'b', 64);
	snprintf(row.folder, sizeof(row.folder),
	    "chain-broken/2027-01-01T090000Z");
	row.chain = PC_INDEX_BROKEN;
	cr_assert_eq(pc_index_insert(idx, &row), 0);
	/* The same bytes cannot be indexed twice. */
	cr_assert_neq(pc_index_insert(idx, &row), 0);
	cr_assert_eq(pc_index_head(&got, idx, "office-a", false), 0);
	cr_assert_eq(got.sha256[0], 'a'); /* a broken report is no head */
	cr_assert_eq(pc_index_head(&got, idx, "office-b", false), PC_ENOTFOUND);
	cr_assert_eq(pc_index_find(&got, idx, row.sha256), 0);
	cr_assert_eq(got.chain, PC_INDEX_BROKEN);
	cr_assert_eq(pc_index_count_since(&n, idx, "office-a", 1000), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(pc_index_count_since(&n, idx, "office-a", 1001), 0);
	cr_assert_eq(n, 0);
	pc_index_close(idx);
}
