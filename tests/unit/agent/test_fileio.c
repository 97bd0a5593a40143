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

/* Makes a credentials folder holding "m365" (mode 0440, owned by nobody
 * when root: the ownership systemd may give it) and points
 * $CREDENTIALS_DIRECTORY at it. */
static void
make_credentials(char *dir, size_t size)
{
	char path[256];

	snprintf(dir, size, "/tmp/pc-creds-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m365", dir);
	make_file(path, 0440);
	if (geteuid() == 0)
		cr_assert_eq(chown(path, 65534, 65534), 0);
	cr_assert_eq(setenv("CREDENTIALS_DIRECTORY", dir, 1), 0);
}

/* Removes make_credentials()'s folder and unsets the variable. */
static void
drop_credentials(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/m365", dir);
	unlink(path);
	rmdir(dir);
	unsetenv("CREDENTIALS_DIRECTORY");
}

Test(fileio, credential_is_read_by_base_name_with_systemd_ownership)
{
	char creds[64];
	struct pc_buf b;

	make_credentials(creds, sizeof(creds));
	/* The configured file need not exist, nor be readable, on disk. */
	cr_assert_eq(pc_secret_check("/nonexistent/secrets/m365"), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_secret_read(&b, "/nonexistent/secrets/m365"), 0, "%s",
	    pc_error_get());
	cr_assert_eq(b.len, 6);
	cr_assert_eq(memcmp(b.data, "s3cret", 6), 0);
	pc_buf_free(&b);
	drop_credentials(creds);
}

Test(fileio, missing_credential_falls_back_to_the_checked_file)
{
	char creds[64], dir[] = "/tmp/pc-fileio-XXXXXX", path[256];
	struct pc_buf b;

	make_credentials(creds, sizeof(creds));
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/github", dir);
	make_file(path, 0644);
	/* No "github" credential: the file on disk, with the usual rule. */
	cr_assert_eq(pc_secret_read(&b, path), PC_EPERM);
	cr_assert(strstr(pc_error_get(), "run chmod 600"), "%s",
	    pc_error_get());
	chmod(path, 0600);
	cr_assert_eq(pc_secret_read(&b, path), 0, "%s", pc_error_get());
	pc_buf_free(&b);
	cr_assert_eq(pc_secret_check("/nonexistent/secrets/github"),
	    PC_ENOTFOUND);
	unlink(path);
	rmdir(dir);
	drop_credentials(creds);
}

Test(fileio, credentials_ignored_without_an_absolute_directory)
{
	char creds[64];

	make_credentials(creds, sizeof(creds));
	cr_assert_eq(setenv("CREDENTIALS_DIRECTORY", creds + 1, 1), 0);
	cr_assert_eq(pc_secret_check("/nonexistent/secrets/m365"),
	    PC_ENOTFOUND);
	unsetenv("CREDENTIALS_DIRECTORY");
	cr_assert_eq(pc_secret_check("/nonexistent/secrets/m365"),
	    PC_ENOTFOUND);
	/* A base name that is not a file name never selects the folder. */
	cr_assert_eq(setenv("CREDENTIALS_DIRECTORY", creds, 1), 0);
	cr_assert_neq(pc_secret_check("/nonexistent/secrets/.."), 0);
	cr_assert_neq(pc_secret_check("/nonexistent/secrets/"), 0);
	drop_credentials(creds);
}
