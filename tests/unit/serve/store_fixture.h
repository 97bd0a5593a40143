/*
 * The serve store tests' shared fixture: a temp store folder made and
 * removed around each test (the store makes its folders 0555), and a
 * helper that stages the three upload members. Included by test_store.c
 * and test_store_scope.c.
 */
#ifndef PC_TEST_STORE_FIXTURE_H
#define PC_TEST_STORE_FIXTURE_H

#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include "agent/serve/store.h"

static char root[64];

/* Makes the temp store folder. */
static void
setup(void)
{
	snprintf(root, sizeof(root), "/tmp/pc-store-test.XXXXXX");
	cr_assert_not_null(mkdtemp(root));
}

/* nftw: makes a folder writable again (the store makes them 0555). */
static int
writable(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	if (flag == FTW_D)
		chmod(path, 0755);
	return 0;
}

/* nftw: removes one path. */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	return remove(path);
}

/* Removes the temp store folder. */
static void
teardown(void)
{
	nftw(root, writable, 16, FTW_PHYS);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Stages the three files with the given report.json text. */
static void
stage(struct pc_store_stage *st, const struct pc_store *s, const char *json)
{
	const char *data[3] = { json, "sig", "pub" };
	int i;

	cr_assert_eq(pc_store_stage_new(st, s), 0, "%s", pc_error_get());
	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++) {
		cr_assert_eq(pc_store_stage_sink.begin(st,
				 (enum pc_upload_member)i, strlen(data[i])), 0);
		cr_assert_eq(pc_store_stage_sink.data(st,
				 (enum pc_upload_member)i, data[i],
				 strlen(data[i])), 0);
	}
	cr_assert_eq(pc_store_stage_sync(st), 0, "%s", pc_error_get());
}

#endif
