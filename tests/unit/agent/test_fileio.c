/* Secret files are refused unless private; atomic writes leave no debris. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"

/* Writes a small file with the given mode. */
static void
make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "s3cret", 6), 6);
	close(fd);
	chmod(path, mode);
}

Test(fileio, secret_0600_is_read)
{
	char dir[] = "/tmp/pc-fileio-XXXXXX", path[256];
	struct pc_buf b;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/token", dir);
	make_file(path, 0600);
	cr_assert_eq(pc_secret_read(&b, path), 0, "%s", pc_error_get());
	cr_assert_eq(b.len, 6);
	pc_buf_free(&b);
	unlink(path);
	rmdir(dir);
}

Test(fileio, secret_0644_is_refused_with_the_fix)
{
	char dir[] = "/tmp/pc-fileio-XXXXXX", path[256], want[300];
	struct pc_buf b;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/token", dir);
	make_file(path, 0644);
	cr_assert_eq(pc_secret_read(&b, path), PC_EPERM);
	snprintf(want, sizeof(want), "mode 0644 is too open; run chmod 600 %s",
	    path);
	cr_assert(strstr(pc_error_get(), want), "%s", pc_error_get());
	cr_assert_null(strstr(pc_error_get(), "s3cret"));
	unlink(path);
	rmdir(dir);
}

Test(fileio, secret_directory_is_refused)
{
	struct pc_buf b;

	cr_assert_neq(pc_secret_read(&b, "/tmp"), 0);
	cr_assert(strstr(pc_error_get(), "not a regular file"));
}

Test(fileio, atomic_write_replaces_whole_file)
{
	char dir[] = "/tmp/pc-fileio-XXXXXX", path[256];
	struct pc_buf b;
	struct stat st;
	DIR *d;
	struct dirent *de;
	int n = 0;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/report.json", dir);
	cr_assert_eq(pc_file_write_atomic(path, "{}\n", 3, 0644), 0);
	cr_assert_eq(pc_file_read(&b, path, 100), 0);
	cr_assert_str_eq(b.data, "{}\n");
	pc_buf_free(&b);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0644);
	d = opendir(dir);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	cr_assert_eq(n, 1, "no temp file is left behind");
	unlink(path);
	rmdir(dir);
}

Test(fileio, read_cap_is_enforced)
{
	struct pc_buf b;

	cr_assert_eq(pc_file_read(&b, "policies/baseline.yaml", 10),
	    PC_ELIMIT);
}
