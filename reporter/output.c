/* Writes a report's set of files as one directory, all or nothing. */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "output.h"

/* The report group: portcullis when it exists, else the user's. */
gid_t
pc_output_group(void)
{
	struct group *g = getgrnam(PC_OUTPUT_GROUP);

	return g != NULL ? g->gr_gid : getegid();
}

/*
 * Gives fd the report group. A user who is not in the group "portcullis"
 * cannot give files to it (EPERM): they keep the user's own group, which
 * is the fallback anyway.
 */
static int
own_fd(int fd)
{
	if (fchown(fd, (uid_t)-1, pc_output_group()) != 0 && errno != EPERM)
		return -1;
	return 0;
}

/* Gives a report folder the report group and mode. */
int
pc_output_own_dir(const char *path)
{
	int fd, r;
	struct stat st;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) <
	    0)
		return -1;
	/* A folder another user made (root, before the unit's user) is left
	 * as its owner set it: only the owner may change it. */
	if (fstat(fd, &st) == 0 && st.st_uid != geteuid())
		r = 0;
	else
		r = own_fd(fd) == 0 && fchmod(fd, PC_OUTPUT_DIR_MODE) == 0 ? 0
									   : -1;
	close(fd);
	return r;
}

/* Writes one file completely and, with sync, fsyncs it. */
static int
write_file(const char *path, const struct pc_output_file *f, bool sync)
{
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (own_fd(fd) != 0 || fchmod(fd, f->mode) != 0 ||
	    pc_write_all(fd, f->data, f->len) != 0 ||
	    (sync && fsync(fd) != 0)) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

/* Removes the staging directory and what is in it. */
static void
remove_staging(const char *dir, const struct pc_output_file *files, size_t n)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		unlink(path);
	}
	rmdir(dir);
}

/* Writes the files into a new staging folder beside parent/name. */
static int
stage_dir(char staging[PATH_MAX], const char *parent, const char *name,
    const struct pc_output_file *files, size_t n, bool sync)
{
	char final[PATH_MAX], path[PATH_MAX];
	struct stat st;
	size_t i;
	int r;

	if (snprintf(final, sizeof(final), "%s/%s", parent, name) >=
		(int)sizeof(final) ||
	    snprintf(staging, PATH_MAX, "%s/.%s.partial-XXXXXX", parent,
		name) >= PATH_MAX)
		return pc_error_set(PC_EIO, "report path too long: %s", parent);
	if (lstat(final, &st) == 0)
		return pc_error_set(PC_EEXIST,
		    "cannot write the report: %s already exists", final);
	if (mkdtemp(staging) == NULL)
		return pc_error_set(PC_EIO,
		    "cannot write the report in %s: %s; check the folder exists and is writable",
		    parent, strerror(errno));
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", staging, files[i].name);
		if (write_file(path, &files[i], sync) != 0) {
			r = pc_error_set(PC_EIO,
			    "cannot write the report file %s/%s: %s; nothing was written",
			    final, files[i].name, strerror(errno));
			remove_staging(staging, files, n);
			return r;
		}
	}
	if (pc_output_own_dir(staging) != 0) {
		r = pc_error_set(PC_EIO, "cannot write the report %s: %s",
		    final, strerror(errno));
		remove_staging(staging, files, n);
		return r;
	}
	return 0;
}

/* Creates parent/name with the files, atomically. */
int
pc_output_write_dir(const char *parent, const char *name,
    const struct pc_output_file *files, size_t n)
{
	char staging[PATH_MAX], final[PATH_MAX];
	int dfd, r;

	if ((r = stage_dir(staging, parent, name, files, n, true)) != 0)
		return r;
	snprintf(final, sizeof(final), "%s/%s", parent, name);
	if (rename(staging, final) != 0) {
		r = pc_error_set(PC_EIO, "cannot write the report %s: %s",
		    final, strerror(errno));
		remove_staging(staging, files, n);
		return r;
	}
	if ((dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
}

/* Writes the files into a staging folder, unsynced (see output.h). */
int
pc_output_stage_dir(char staging_out[PATH_MAX], const char *parent,
    const char *name, const struct pc_output_file *files, size_t n)
{
	return stage_dir(staging_out, parent, name, files, n, false);
}

/* Syncs the file system holding path (every staged file at once). */
int
pc_output_sync_fs(const char *path)
{
	int fd, r;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return pc_error_set(
		    PC_EIO, "cannot open %s: %s", path, strerror(errno));
	r = syncfs(fd);
	close(fd);
	if (r != 0)
		return pc_error_set(PC_EIO,
		    "cannot sync the reports under %s to disk: %s; nothing was published",
		    path, strerror(errno));
	return 0;
}

/* Renames a synced staging folder to its final name. */
int
pc_output_publish(const char *staging, const char *final)
{
	if (rename(staging, final) != 0)
		return pc_error_set(PC_EIO, "cannot write the report %s: %s",
		    final, strerror(errno));
	return 0;
}

/* Is name a staging folder's name (".<stamp>.partial-XXXXXX")? */
static bool
is_partial_name(const char *name)
{
	return name[0] == '.' && strstr(name, ".partial-") != NULL &&
	    strchr(name, '/') == NULL;
}

/* Removes one stale staging folder: its regular files, then itself. */
static int
remove_partial(int pfd, const char *name)
{
	struct dirent *e;
	DIR *d;
	int dfd;

	dfd =
	    openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0 || (d = fdopendir(dfd)) == NULL) {
		if (dfd >= 0)
			close(dfd);
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (e->d_type == DT_REG)
			(void)unlinkat(dfd, e->d_name, 0);
	closedir(d);
	return unlinkat(pfd, name, AT_REMOVEDIR);
}

/* Removes stale staging folders in parent (see output.h). */
int
pc_output_clean_partial(
    const char *parent, time_t now, long max_age, size_t *removed_out)
{
	struct dirent *e;
	struct stat st;
	size_t removed = 0;
	DIR *d;
	int pfd;

	if (removed_out)
		*removed_out = 0;
	pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return errno == ENOENT
		    ? 0
		    : pc_error_set(PC_EIO,
			  "cannot read the report folder %s: %s", parent,
			  strerror(errno));
	if ((d = fdopendir(pfd)) == NULL) {
		close(pfd);
		return pc_error_set(PC_EIO,
		    "cannot read the report folder %s: %s", parent,
		    strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_partial_name(e->d_name) ||
		    fstatat(pfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
		    now - st.st_mtime <= max_age)
			continue;
		if (remove_partial(pfd, e->d_name) == 0)
			removed++;
	}
	closedir(d);
	if (removed_out)
		*removed_out = removed;
	return 0;
}
