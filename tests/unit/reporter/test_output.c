/* Stale staging folders from interrupted report writes are removed at the
 * next scan; young ones, other folders and links are left alone. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "reporter/output.h"

static char parent[64], elsewhere[64];

/* Makes folder path (with one file in it) and dates it age seconds ago. */
static void
make_dir(const char *path, long age)
{
	struct timespec ts[2];
	char file[256];
	int fd;

	cr_assert_eq(mkdir(path, 0700), 0, "%s", path);
	snprintf(file, sizeof(file), "%s/report.json", path);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	close(fd);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - age;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	cr_assert_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* Removes a folder made by make_dir. */
static void
remove_dir(const char *path)
{
	char file[256];

	snprintf(file, sizeof(file), "%s/report.json", path);
	unlink(file);
	rmdir(path);
}

/* Does path exist (without following a link)? */
static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

Test(output, stale_partial_folders_go_after_a_day_and_nothing_else)
{
	char old[128], young[128], other[128], link[128], target[128];
	size_t removed = 99;

	snprintf(parent, sizeof(parent), "/tmp/pc-output-XXXXXX");
	snprintf(elsewhere, sizeof(elsewhere), "/tmp/pc-output-else-XXXXXX");
	cr_assert_not_null(mkdtemp(parent));
	cr_assert_not_null(mkdtemp(elsewhere));
	snprintf(old, sizeof(old), "%s/.2026-11-01T020000Z.partial-aB3dE9",
	    parent);
	snprintf(young, sizeof(young), "%s/.2026-12-01T020000Z.partial-Zz0011",
	    parent);
	snprintf(other, sizeof(other), "%s/2026-11-01T020000Z", parent);
	snprintf(link, sizeof(link), "%s/.x.partial-link01", parent);
	snprintf(target, sizeof(target), "%s/victim", elsewhere);
	make_dir(old, 3 * 86400);
	make_dir(young, 600);
	make_dir(other, 3 * 86400);
	make_dir(target, 3 * 86400);
	cr_assert_eq(symlink(target, link), 0);
	cr_assert_eq(pc_output_clean_partial(parent, time(NULL),
	    PC_OUTPUT_PARTIAL_MAX_AGE, &removed), 0, "%s", pc_error_get());
	cr_assert_eq(removed, 1);
	cr_assert(!exists(old), "the day-old staging folder is removed");
	cr_assert(exists(young), "a scan may still be writing this one");
	cr_assert(exists(other), "a finished report is never touched");
	cr_assert(exists(link) && exists(target), "links are not followed");
	cr_assert_eq(pc_output_clean_partial("/tmp/pc-output-absent-folder",
	    time(NULL), PC_OUTPUT_PARTIAL_MAX_AGE, &removed), 0);
	cr_assert_eq(removed, 0);
	remove_dir(young);
	remove_dir(other);
	remove_dir(target);
	unlink(link);
	rmdir(parent);
	rmdir(elsewhere);
}
