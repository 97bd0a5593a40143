/* Append-only store of accepted reports: temp, fsync, rename, fsync folder. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/report.h"
#include "agent/serve/store.h"
#include "agent/history.h"

/* True for the errno values that mean the disk (or quota) is full. */
static bool
is_full(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EFBIG;
}

/* Sets the error for a failed file operation: PC_ELIMIT when full. */
static int
fs_error(const char *what, const char *path, int e)
{
	if (is_full(e))
		return pc_error_set(PC_ELIMIT, "store full: cannot %s %s: %s",
		    what, path, strerror(e));
	return pc_error_set(
	    PC_EIO, "cannot %s %s: %s", what, path, strerror(e));
}

/* Syncs a folder so a rename into it survives a crash. */
int
pc_store_sync_dir(const char *path)
{
	int fd, r = 0;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return fs_error("open", path, errno);
	if (fsync(fd) != 0)
		r = fs_error("sync", path, errno);
	close(fd);
	return r;
}

/* Removes the files of a leftover staging folder, then the folder. */
static void
remove_stage_dir(const char *path)
{
	char file[4096];
	int i;

	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++) {
		snprintf(file, sizeof(file), "%s/%s", path,
		    pc_upload_member_name((enum pc_upload_member)i));
		unlink(file);
	}
	rmdir(path);
}

/* Empties tmp/ of staging folders that a crash or kill left behind. */
static void
clean_tmp(const char *tmp)
{
	char path[4096];
	struct dirent *e;
	DIR *d;

	if ((d = opendir(tmp)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "up.", 3) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmp, e->d_name);
		remove_stage_dir(path);
	}
	closedir(d);
}

/* Joins two path parts into a new string; NULL when out of memory. */
static char *
join_dup(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

/* Opens the store. */
int
pc_store_open(struct pc_store **store_out, const char *dir)
{
	struct pc_store *s;
	int r;

	*store_out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->dir = strdup(dir)) == NULL ||
	    (s->reports = join_dup(dir, "reports")) == NULL ||
	    (s->tmp = join_dup(dir, "tmp")) == NULL) {
		pc_store_free(s);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if ((r = pc_mkdir_p(s->reports, 0755)) != 0 ||
	    (r = pc_mkdir_p(s->tmp, 0700)) != 0) {
		pc_store_free(s);
		return r;
	}
	clean_tmp(s->tmp);
	*store_out = s;
	return 0;
}

/* Frees the store handle (not the files). */
void
pc_store_free(struct pc_store *s)
{
	if (s == NULL)
		return;
	free(s->dir);
	free(s->reports);
	free(s->tmp);
	free(s);
}

/* Makes a staging folder. */
int
pc_store_stage_new(struct pc_store_stage *st, const struct pc_store *s)
{
	int i;

	memset(st, 0, sizeof(*st));
	st->store = s;
	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++)
		st->fd[i] = -1;
	snprintf(st->dir, sizeof(st->dir), "%s/up.XXXXXX", s->tmp);
	if (mkdtemp(st->dir) == NULL) {
		int e = errno;

		st->dir[0] = '\0';
		return fs_error("create a folder in", s->tmp, e);
	}
	return 0;
}

/* Sink: opens the member's file in the stage. */
static int
stage_begin(void *arg, enum pc_upload_member m, uint64_t size)
{
	struct pc_store_stage *st = arg;
	char path[4200];

	snprintf(
	    path, sizeof(path), "%s/%s", st->dir, pc_upload_member_name(m));
	st->fd[m] = open(
	    path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (st->fd[m] < 0) {
		st->full = is_full(errno);
		return fs_error("create", path, errno);
	}
	return 0;
}

/* Sink: appends member bytes. */
static int
stage_data(void *arg, enum pc_upload_member m, const void *p, size_t n)
{
	struct pc_store_stage *st = arg;

	if (pc_write_all(st->fd[m], p, n) != 0) {
		st->full = is_full(errno);
		return fs_error("write to", st->dir, errno);
	}
	return 0;
}

/* Sink: nothing to do until sync. */
static int
stage_end(void *arg, enum pc_upload_member m)
{
	return 0;
}

const struct pc_upload_sink pc_store_stage_sink = {
	stage_begin,
	stage_data,
	stage_end,
	NULL,
};

/* Syncs and closes the staged files, then the staging folder. */
int
pc_store_stage_sync(struct pc_store_stage *st)
{
	int i, r = 0;

	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++) {
		if (st->fd[i] < 0)
			continue;
		if (r == 0 &&
		    (fchmod(st->fd[i], 0444) != 0 || fsync(st->fd[i]) != 0)) {
			st->full = is_full(errno);
			r = fs_error("sync", st->dir, errno);
		}
		if (close(st->fd[i]) != 0 && r == 0) {
			st->full = is_full(errno);
			r = fs_error("close a file in", st->dir, errno);
		}
		st->fd[i] = -1;
	}
	return r != 0 ? r : pc_store_sync_dir(st->dir);
}

/* Removes a stage that was not accepted. */
void
pc_store_stage_discard(struct pc_store_stage *st)
{
	int i;

	if (st == NULL || st->dir[0] == '\0')
		return;
	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++)
		if (st->fd[i] >= 0) {
			close(st->fd[i]);
			st->fd[i] = -1;
		}
	remove_stage_dir(st->dir);
	st->dir[0] = '\0';
}

/* Makes folder path (mode 0755) unless it exists, syncing its parent. */
static int
ensure_dir(const char *path, const char *parent)
{
	if (mkdir(path, 0755) == 0)
		return pc_store_sync_dir(parent);
	if (errno == EEXIST)
		return 0;
	return fs_error("create", path, errno);
}

/* Moves a verified stage into place. */
int
pc_store_commit(char name_out[64], struct pc_store_stage *st,
    const char *office, const char *started_at, bool broken, bool tenant)
{
	char office_dir[4200], scope_dir[4300], parent[4400], target[4500];
	char stamp[32], prefix[64];
	int i, r;

	snprintf(office_dir, sizeof(office_dir), "%s/%s", st->store->reports,
	    office);
	/* A parliament-tenant report chains in <office>/parliament-tenant/,
	 * apart from the office's own. */
	snprintf(scope_dir, sizeof(scope_dir), "%s%s%s", office_dir,
	    tenant ? "/" : "", tenant ? PC_SCOPE_TENANT : "");
	snprintf(parent, sizeof(parent), "%s%s%s", scope_dir, broken ? "/" : "",
	    broken ? PC_STORE_BROKEN_DIR : "");
	snprintf(prefix, sizeof(prefix), "%s%s%s%s",
	    tenant ? PC_SCOPE_TENANT : "", tenant ? "/" : "",
	    broken ? PC_STORE_BROKEN_DIR : "", broken ? "/" : "");
	if ((r = ensure_dir(office_dir, st->store->reports)) != 0 ||
	    (tenant && (r = ensure_dir(scope_dir, office_dir)) != 0) ||
	    (broken && (r = ensure_dir(parent, scope_dir)) != 0))
		return r;
	pc_history_stamp(stamp, started_at);
	for (i = 1; i <= 9; i++) {
		snprintf(name_out, 64, "%s%s", prefix, stamp);
		if (i > 1)
			snprintf(name_out, 64, "%s%s-%d", prefix, stamp, i);
		snprintf(target, sizeof(target), "%s/%s", office_dir, name_out);
		/* renameat2 RENAME_NOREPLACE: an accepted folder is never
		 * replaced, even by a racing writer. */
		if (renameat2(AT_FDCWD, st->dir, AT_FDCWD, target,
			RENAME_NOREPLACE) == 0)
			break;
		if (errno != EEXIST && errno != ENOTEMPTY)
			return fs_error("store", target, errno);
	}
	if (i > 9)
		return pc_error_set(PC_EEXIST,
		    "the office already has 9 reports started at %s; scan again",
		    started_at);
	st->dir[0] = '\0'; /* no longer ours to discard */
	/* Read-only only now: moving a folder to another parent rewrites
	 * its "..", which needs write permission on it (without root). */
	if (chmod(target, 0555) != 0)
		return fs_error("protect", target, errno);
	return pc_store_sync_dir(parent);
}
