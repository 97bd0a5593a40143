/* Writes a report's set of files as one directory, all or nothing. */
#ifndef PC_OUTPUT_H
#define PC_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

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

#endif
