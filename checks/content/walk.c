/* Walks a source folder safely: no symlinks out, no special files, caps. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "walk.h"

/* State shared by one walk. */
struct walk {
	const struct pc_walk_opts *opts;
	const struct pc_walk_cb *cb;
	struct pc_walk_stats *stats;
	char root_real[PATH_MAX];
	const char *root; /* as configured, for the paths we report */
	uint64_t max_file, max_total;
	size_t max_files;
	int max_depth;
	bool total_hit;
};

/* Reports an event and counts it. */
static void
walk_event(
    struct walk *w, enum pc_walk_event ev, const char *path, const char *reason)
{
	if (ev == PC_WALK_SKIPPED || ev == PC_WALK_NOT_READ)
		w->stats->skipped++;
	else if (ev == PC_WALK_UNREADABLE)
		w->stats->unreadable++;
	else
		w->stats->changed++;
	if (w->cb->event != NULL)
		w->cb->event(w->cb->arg, ev, path, reason);
}

/* Does name match any glob in list (on the relative path or base name)? */
static bool
glob_any(char *const *list, size_t n, const char *relpath)
{
	const char *base = strrchr(relpath, '/');
	size_t i;

	base = base ? base + 1 : relpath;
	for (i = 0; i < n; i++)
		if (fnmatch(list[i], relpath, FNM_PATHNAME | FNM_PERIOD) == 0 ||
		    fnmatch(list[i], relpath, 0) == 0 ||
		    fnmatch(list[i], base, 0) == 0)
			return true;
	return false;
}

/* True when the relative path passes the include/exclude globs. */
bool
pc_walk_selected(const struct pc_walk_opts *opts, const char *relpath)
{
	if (opts == NULL)
		return true;
	if (glob_any(opts->exclude, opts->nexclude, relpath))
		return false;
	if (opts->ninclude == 0)
		return true;
	return glob_any(opts->include, opts->ninclude, relpath);
}

/* Says what kind of special file st is. */
static const char *
special_kind(const struct stat *st)
{
	if (S_ISFIFO(st->st_mode))
		return "a named pipe (FIFO)";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	if (S_ISCHR(st->st_mode))
		return "a character device";
	if (S_ISBLK(st->st_mode))
		return "a block device";
	return "not a regular file";
}

/* Explains a symlink at path without following it for reading. */
static void
symlink_reason(struct walk *w, const char *path, char *out, size_t outlen)
{
	char real[PATH_MAX];
	size_t rl = strlen(w->root_real);

	if (realpath(path, real) == NULL) {
		if (errno == ELOOP)
			snprintf(
			    out, outlen, "symbolic link loop; not followed");
		else
			snprintf(out, outlen,
			    "symbolic link to a missing or unreadable target (%s); not followed",
			    strerror(errno));
		return;
	}
	if (strncmp(real, w->root_real, rl) != 0 ||
	    (real[rl] != '/' && real[rl] != '\0'))
		snprintf(out, outlen,
		    "symbolic link to a path outside the source folder; never followed");
	else
		snprintf(out, outlen,
		    "symbolic link inside the source folder; not followed (its target is scanned where it lives)");
}

/* Hands one regular file (already listed as st) to the callback. */
static int
walk_file(struct walk *w, int dirfd, const char *name, const char *path,
    const struct stat *listed)
{
	struct stat st, after;
	char reason[256];
	int fd, r;

	if (w->opts && pc_file_id_in(w->opts->deny, w->opts->ndeny, listed)) {
		walk_event(w, PC_WALK_SKIPPED, path,
		    "is one of portcullis's own secret files (signing key, HMAC key or a provider secret), reached through another name; never read");
		return 0;
	}
	if (w->stats->files >= w->max_files) {
		walk_event(w, PC_WALK_NOT_READ, path,
		    "more files than the per-source limit; not read");
		return 0;
	}
	if ((uint64_t)listed->st_size > w->max_file) {
		snprintf(reason, sizeof(reason),
		    "larger than the %llu-byte per-file limit; not read",
		    (unsigned long long)w->max_file);
		walk_event(w, PC_WALK_NOT_READ, path, reason);
		return 0;
	}
	if (w->stats->bytes + (uint64_t)listed->st_size > w->max_total) {
		if (!w->total_hit)
			walk_event(w, PC_WALK_NOT_READ, path,
			    "the total size limit for one scan was reached; this and later files not read");
		w->total_hit = true;
		return 0;
	}
	/* O_NONBLOCK: a file swapped for a FIFO since listing cannot hang
	 * the open; O_NOFOLLOW: nor can one swapped for a symlink. */
	fd = openat(dirfd, name,
	    O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		snprintf(
		    reason, sizeof(reason), "cannot open: %s", strerror(errno));
		walk_event(w,
		    errno == ELOOP ? PC_WALK_SKIPPED : PC_WALK_UNREADABLE, path,
		    reason);
		return 0;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_ino != listed->st_ino || st.st_dev != listed->st_dev) {
		walk_event(w, PC_WALK_SKIPPED, path,
		    "replaced by something else while the folder was read; not read");
		close(fd);
		return 0;
	}
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	w->stats->files++;
	w->stats->bytes += (uint64_t)st.st_size;
	pc_error_clear();
	r = w->cb->file(w->cb->arg, fd, path, &st);
	if (r < 0) {
		walk_event(w, PC_WALK_UNREADABLE, path, pc_error_get());
		r = 0;
	} else if (r == 0 && fstat(fd, &after) == 0 &&
	    (after.st_size != st.st_size ||
		after.st_mtim.tv_sec != st.st_mtim.tv_sec ||
		after.st_mtim.tv_nsec != st.st_mtim.tv_nsec)) {
		walk_event(w, PC_WALK_CHANGED, path,
		    "the file changed while it was read; results may be incomplete, scan again later");
	}
	close(fd);
	return r;
}

/* Compares two directory entry names for a stable order. */
static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the names in a directory (sorted); caller frees each and the list. */
static int
list_dir(int fd, char ***names_out, size_t *n_out)
{
	struct dirent *de;
	char **names = NULL, **grown;
	size_t n = 0, alloc = 0;
	int dupfd;
	DIR *d;

	if ((dupfd = dup(fd)) < 0 || (d = fdopendir(dupfd)) == NULL) {
		if (dupfd >= 0)
			close(dupfd);
		return -errno;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			if ((grown = realloc(names, alloc * sizeof(*names))) ==
			    NULL)
				break;
			names = grown;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	*names_out = names;
	*n_out = n;
	return 0;
}

/* Walks the directory open at fd; path and rel name it. */
static int
walk_dir(struct walk *w, int fd, const char *path, const char *rel, int depth)
{
	char **names = NULL;
	char child[PATH_MAX], childrel[PATH_MAX], reason[320];
	struct stat st;
	size_t n = 0, i;
	int r = 0, sub;

	if ((r = list_dir(fd, &names, &n)) != 0) {
		snprintf(reason, sizeof(reason), "cannot list folder: %s",
		    strerror(-r));
		walk_event(w, PC_WALK_UNREADABLE, path, reason);
		return 0;
	}
	for (i = 0; i < n && r == 0; i++) {
		if ((size_t)snprintf(child, sizeof(child), "%s/%s", path,
			names[i]) >= sizeof(child) ||
		    (size_t)snprintf(childrel, sizeof(childrel), "%s%s%s", rel,
			rel[0] ? "/" : "", names[i]) >= sizeof(childrel)) {
			walk_event(w, PC_WALK_NOT_READ, path,
			    "a name inside is too long; not read");
			continue;
		}
		if (fstatat(fd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
			snprintf(reason, sizeof(reason), "cannot stat: %s",
			    strerror(errno));
			walk_event(w, PC_WALK_UNREADABLE, child, reason);
			continue;
		}
		if (S_ISLNK(st.st_mode)) {
			symlink_reason(w, child, reason, sizeof(reason));
			walk_event(w, PC_WALK_SKIPPED, child, reason);
		} else if (S_ISDIR(st.st_mode)) {
			if (w->opts != NULL &&
			    glob_any(
				w->opts->exclude, w->opts->nexclude, childrel))
				continue;
			if (depth + 1 > w->max_depth) {
				walk_event(w, PC_WALK_NOT_READ, child,
				    "folder nested deeper than the limit; not read");
				continue;
			}
			sub = openat(fd, names[i],
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				snprintf(reason, sizeof(reason),
				    "cannot open folder: %s", strerror(errno));
				walk_event(
				    w, PC_WALK_UNREADABLE, child, reason);
				continue;
			}
			r = walk_dir(w, sub, child, childrel, depth + 1);
			close(sub);
		} else if (!S_ISREG(st.st_mode)) {
			snprintf(reason, sizeof(reason), "%s; not read",
			    special_kind(&st));
			walk_event(w, PC_WALK_SKIPPED, child, reason);
		} else if (pc_walk_selected(w->opts, childrel)) {
			r = walk_file(w, fd, names[i], child, &st);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

/* Walks root depth-first, handing each regular file to cb. */
int
pc_walk(const char *root, const struct pc_walk_opts *opts,
    const struct pc_walk_cb *cb, struct pc_walk_stats *stats_out)
{
	struct walk w = { 0 };
	struct stat st;
	int fd = -1, r = 0;

	memset(stats_out, 0, sizeof(*stats_out));
	w.opts = opts;
	w.cb = cb;
	w.stats = stats_out;
	w.root = root;
	w.max_file = opts && opts->max_file_bytes ? opts->max_file_bytes
						  : PC_WALK_DEFAULT_MAX_FILE;
	w.max_total = opts && opts->max_total_bytes ? opts->max_total_bytes
						    : PC_WALK_DEFAULT_MAX_TOTAL;
	w.max_files = opts && opts->max_files ? opts->max_files
					      : PC_WALK_DEFAULT_MAX_FILES;
	w.max_depth = opts && opts->max_depth ? opts->max_depth
					      : PC_WALK_DEFAULT_MAX_DEPTH;
	/* The configured root may itself be a symlink (the operator chose
	 * it); everything below it is held to where it really is. */
	if (realpath(root, w.root_real) == NULL || stat(w.root_real, &st) != 0)
		return pc_error_set(errno == ENOENT ? PC_ENOTFOUND : PC_EIO,
		    "cannot read source %s: %s", root, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		fd = open(w.root_real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			r = pc_error_set(errno == EACCES ? PC_EPERM : PC_EIO,
			    "cannot read source folder %s: %s", root,
			    strerror(errno));
			goto out;
		}
		r = walk_dir(&w, fd, root, "", 0);
	} else if (S_ISREG(st.st_mode)) {
		/*
		 * A single-file source: opened by its resolved path, so a
		 * sandbox that may read only this file (inspect FILE) need
		 * not open its folder. O_NOFOLLOW and the inode check still
		 * hold: the path has no symlink left in it.
		 */
		r = walk_file(&w, AT_FDCWD, w.root_real, root, &st);
	} else {
		r = pc_error_set(PC_EIO,
		    "source %s is %s, not a file or folder", root,
		    special_kind(&st));
	}
out:
	if (fd >= 0)
		close(fd);
	return r;
}
