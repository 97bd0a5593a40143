/* Bounded file reads, secret files with permission checks, atomic writes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"

/* Reads all of fd into out, failing past cap. */
static int
read_fd(struct pc_buf *out, int fd, const char *path, size_t cap)
{
	char chunk[65536];
	ssize_t n;
	int r;

	pc_buf_init(out, cap);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = pc_error_set(PC_EIO, "cannot read %s: %s", path,
			    strerror(errno));
			break;
		}
		if (n == 0) {
			r = 0;
			break;
		}
		if ((r = pc_buf_add(out, chunk, (size_t)n)) != 0) {
			pc_buf_free(out);
			if (r == PC_ELIMIT)
				r = pc_error_set(PC_ELIMIT,
				    "%s is larger than the %zu-byte limit",
				    path, cap);
			break;
		}
	}
	/* The chunk may hold a secret (pc_secret_read): the parent forks
	 * check children later, and they must not find it on the stack. */
	explicit_bzero(chunk, sizeof(chunk));
	return r;
}

/* Opens path read-only and checks it is a regular file. */
static int
open_regular(const char *path, struct stat *st_out)
{
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return pc_error_set(errno == ENOENT ? PC_ENOTFOUND : PC_EIO,
		    "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, st_out) != 0 || !S_ISREG(st_out->st_mode)) {
		close(fd);
		return pc_error_set(PC_EIO, "%s is not a regular file", path);
	}
	return fd;
}

/* Reads a whole regular file, capped. */
int
pc_file_read(struct pc_buf *out, const char *path, size_t cap)
{
	struct stat st;
	int fd, r;

	pc_buf_init(out, cap);
	if ((fd = open_regular(path, &st)) < 0)
		return fd;
	r = read_fd(out, fd, path, cap);
	close(fd);
	return r;
}

/* Applies the owner/mode rule for secrets to an open file's stat. */
static int
check_secret_stat(const char *path, const struct stat *st)
{
	struct passwd *owner;

	/* On an installed system the keys belong to the service user: a scan
	 * by hand as root must not lead the office to take them away. */
	if (st->st_uid != geteuid() && (owner = getpwuid(st->st_uid)) &&
	    strcmp(owner->pw_name, "portcullis") == 0)
		return pc_error_set(PC_EPERM,
		    "refusing secret file %s: it belongs to the portcullis service user; run the scan as the service (sudo systemctl start portcullis.service) rather than changing its owner",
		    path);
	if (st->st_uid != geteuid())
		return pc_error_set(PC_EPERM,
		    "refusing secret file %s: owned by uid %u, not the running user (uid %u); run chown %u %s",
		    path, (unsigned)st->st_uid, (unsigned)geteuid(),
		    (unsigned)geteuid(), path);
	if (st->st_mode & 077)
		return pc_error_set(PC_EPERM,
		    "refusing secret file %s: mode %04o is too open; run chmod 600 %s",
		    path, (unsigned)(st->st_mode & 07777), path);
	return 0;
}

/*
 * Where a secret is read from. Under systemd with LoadCredential=, the
 * service's $CREDENTIALS_DIRECTORY holds each secret under a credential id
 * equal to the configured file's base name, so the file on disk can stay
 * root-only. Returns true (path in cred) when that credential exists;
 * otherwise the configured path is used, with the usual owner/mode rule.
 */
static bool
credential_path(char *cred, size_t size, const char *path)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	const char *base = strrchr(path, '/');
	struct stat st;

	base = base ? base + 1 : path;
	if (dir == NULL || dir[0] != '/' || base[0] == '\0' ||
	    strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return false;
	if (snprintf(cred, size, "%s/%s", dir, base) >= (int)size)
		return false;
	return lstat(cred, &st) == 0;
}

/*
 * Opens a secret: the systemd credential when there is one (accepted with
 * the owner and mode systemd gave it: its folder is private to the
 * service), else the configured file after the owner/mode check. The name
 * used in messages goes to shown (PATH_MAX bytes).
 */
static int
open_secret(const char *path, char *shown)
{
	struct stat st;
	int fd, r;

	if (credential_path(shown, PATH_MAX, path))
		return open_regular(shown, &st);
	snprintf(shown, PATH_MAX, "%s", path);
	if ((fd = open_regular(path, &st)) < 0)
		return fd;
	if ((r = check_secret_stat(path, &st)) != 0) {
		close(fd);
		return r;
	}
	return fd;
}

/* Checks a secret file's type, owner and mode. */
int
pc_secret_check(const char *path)
{
	char shown[PATH_MAX];
	int fd;

	if ((fd = open_secret(path, shown)) < 0)
		return fd;
	close(fd);
	return 0;
}

/* Reads a secret file after checking its owner and mode. */
int
pc_secret_read(struct pc_buf *out, const char *path)
{
	char shown[PATH_MAX];
	int fd, r;

	pc_buf_init_secret(out, 1 << 20);
	if ((fd = open_secret(path, shown)) < 0)
		return fd;
	r = read_fd(out, fd, shown, 1 << 20);
	close(fd);
	return r;
}

/* Writes all bytes to fd. */
int
pc_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes a file atomically via temp file, fsync and rename. */
int
pc_file_write_atomic(
    const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	int fd = -1, dfd = -1, r = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >=
	    (int)sizeof(tmp))
		return pc_error_set(PC_EIO, "path too long: %s", path);
	if ((fd = mkstemp(tmp)) < 0)
		return pc_error_set(
		    PC_EIO, "cannot write %s: %s", path, strerror(errno));
	if (fchmod(fd, mode) != 0 || pc_write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		r = pc_error_set(
		    PC_EIO, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		r = pc_error_set(
		    PC_EIO, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		r = pc_error_set(
		    PC_EIO, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	if ((dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >=
	    0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
out:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return r;
}

/* Creates a directory and its parents. */
int
pc_mkdir_p(const char *dir, mode_t mode)
{
	char path[PATH_MAX];
	size_t i, n;

	n = strlen(dir);
	if (n == 0 || n >= sizeof(path))
		return pc_error_set(PC_EIO, "bad directory path \"%s\"", dir);
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, mode) != 0 && errno != EEXIST)
			return pc_error_set(PC_EIO,
			    "cannot create directory %s: %s", path,
			    strerror(errno));
		path[i] = dir[i];
	}
	return 0;
}

/* Orders names bytewise. */
static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists a folder's names, filtered, sorted and capped. */
int
pc_dir_names(char ***names_out, size_t *n_out, const char *dir,
    int (*keep)(const char *name), size_t cap)
{
	char **names = NULL, **grown;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	DIR *d;
	int r = 0;

	*names_out = NULL;
	*n_out = 0;
	if ((d = opendir(dir)) == NULL)
		return pc_error_set(errno == ENOENT ? PC_ENOTFOUND : PC_EIO,
		    "cannot open folder %s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (keep ? !keep(de->d_name) : de->d_name[0] == '.')
			continue;
		if (n >= cap) {
			r = pc_error_set(PC_ELIMIT,
			    "%s holds more than %zu files", dir, cap);
			break;
		}
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			if ((grown = realloc(names, alloc * sizeof(*names))) ==
			    NULL) {
				r = pc_error_set(PC_ENOMEM, "out of memory");
				break;
			}
			names = grown;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			r = pc_error_set(PC_ENOMEM, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	*names_out = names;
	*n_out = n;
	return r;
}

/* Frees a name list. */
void
pc_dir_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* True when st is one of the n files in ids. */
int
pc_file_id_in(const struct pc_file_id *ids, size_t n, const struct stat *st)
{
	size_t i;

	for (i = 0; ids != NULL && i < n; i++)
		if (ids[i].dev == st->st_dev && ids[i].ino == st->st_ino)
			return 1;
	return 0;
}
