/* Writes a report's set of files as one directory, all or nothing. */
#ifndef PC_OUTPUT_H
#define PC_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

struct pc_output_file {
	const char *name; /* plain file name, no slash */
	const void *data;
	size_t len;
	mode_t mode;
};

/*
 * Creates parent/name holding the files: they are written and fsynced in a
 * hidden staging directory beside it, which is then renamed into place and
 * the parent fsynced. On any failure (disk full, read-only) the staging
 * directory is removed and parent/name does not appear, so a reader never
 * sees a partial report. Fails with PC_EEXIST if parent/name exists.
 */
int pc_output_write_dir(const char *parent, const char *name,
    const struct pc_output_file *files, size_t n);

/* How old a staging folder left by an interrupted write must be before
 * pc_output_clean_partial() removes it. */
#define PC_OUTPUT_PARTIAL_MAX_AGE (24 * 3600)

/*
 * Removes the hidden staging folders (".<name>.partial-XXXXXX") that an
 * interrupted write (a killed scan, a power cut) left in parent, if their
 * last change is older than max_age seconds before now: a younger one may
 * belong to a scan still writing. Only folders this user owns and the
 * regular files in them are removed; symbolic links are never followed.
 * Sets *removed_out (may be NULL). A parent that does not exist yet is not
 * an error.
 */
int pc_output_clean_partial(const char *parent, time_t now, long max_age,
    size_t *removed_out);

#endif
