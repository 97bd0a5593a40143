/* Walks a source folder safely: no symlinks out, no special files, caps. */
#ifndef PC_CONTENT_WALK_H
#define PC_CONTENT_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "agent/lib/fileio.h"

/* Why a file was not (fully) read; the walk goes on after each. */
enum pc_walk_event {
	PC_WALK_SKIPPED,    /* by design: special file, symlink, the agent's
			       own secret, replaced while listed */
	PC_WALK_UNREADABLE, /* could not be opened or read (permissions, I/O) */
	PC_WALK_CHANGED,    /* size or mtime changed while it was read */
	PC_WALK_NOT_READ,   /* content that should have been read and was
			       not: over the walk's file-size, file-count,
			       total-size or depth cap, or a reader's size,
			       expansion or depth limit */
};

struct pc_walk_opts {
	char *const *include; /* fnmatch globs on the path relative to the
				 root (and on the file name); none = all */
	size_t ninclude;
	char *const *exclude;
	size_t nexclude;
	uint64_t max_file_bytes; /* larger files are skipped; 0 = default */
	uint64_t
	    max_total_bytes; /* stop reading after this many; 0 = default */
	size_t max_files;    /* 0 = default */
	int max_depth;       /* 0 = default */
	/* Files never opened, by (device, inode): the agent's own secrets,
	 * whatever path (a hard link) reaches them. Borrowed. */
	const struct pc_file_id *deny;
	size_t ndeny;
};

#define PC_WALK_DEFAULT_MAX_FILE  (4ULL << 30)
#define PC_WALK_DEFAULT_MAX_TOTAL (64ULL << 30)
#define PC_WALK_DEFAULT_MAX_FILES 1000000
#define PC_WALK_DEFAULT_MAX_DEPTH 64

struct pc_walk_cb {
	/*
	 * A regular file, opened read-only without following symlinks. path
	 * is the root joined with the relative path. Returns 0 to go on; a
	 * negative pc_err is recorded as PC_WALK_UNREADABLE with the error
	 * detail as reason; a positive value stops the walk, which returns it.
	 */
	int (*file)(void *arg, int fd, const char *path, const struct stat *st);
	/* Reports a file that was skipped, unreadable or changed. */
	void (*event)(void *arg, enum pc_walk_event ev, const char *path,
	    const char *reason);
	void *arg;
};

/* What one walk saw, for the report's count line. */
struct pc_walk_stats {
	size_t files;      /* handed to cb->file */
	size_t skipped;    /* PC_WALK_SKIPPED events */
	size_t unreadable; /* PC_WALK_UNREADABLE events */
	size_t changed;    /* PC_WALK_CHANGED events */
	uint64_t bytes;    /* sizes of the files handed over */
};

/*
 * Walks root (a folder, or a single regular file) depth-first in name
 * order. Symbolic links inside are never followed (each is reported as
 * skipped, saying whether it points outside the folder or loops); FIFOs,
 * sockets and devices are skipped; each file is opened with O_NOFOLLOW
 * relative to its folder's descriptor and checked to be the same regular
 * file that was listed. Returns 0 when the walk finished (files may have
 * been skipped), a negative pc_err when root itself cannot be read, or the
 * positive value a callback stopped with.
 */
int pc_walk(const char *root, const struct pc_walk_opts *opts,
    const struct pc_walk_cb *cb, struct pc_walk_stats *stats_out);

/* True when the relative path passes the include/exclude globs. */
bool pc_walk_selected(const struct pc_walk_opts *opts, const char *relpath);

#endif
