/* Writes a report's set of files as one directory, all or nothing. */
#ifndef PC_OUTPUT_H
#define PC_OUTPUT_H

#include <limits.h>

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

struct pc_output_file {
	const char *name; /* plain file name, no slash */
	const void *data;
	size_t len;
	mode_t mode;
};

/* Report files are 0640 and their folders 0750: readable by the owner
 * and the report group, never by everyone (names and findings). */
#define PC_OUTPUT_FILE_MODE 0640
#define PC_OUTPUT_DIR_MODE  0750
#define PC_OUTPUT_GROUP     "portcullis"

/* The group report files get: "portcullis" when that group exists, else
 * the running user's group. */
gid_t pc_output_group(void);

/* Gives path (a report folder) the report group and PC_OUTPUT_DIR_MODE;
 * -1 with errno set on failure. */
int pc_output_own_dir(const char *path);

/*
 * Creates parent/name holding the files: they are written and fsynced in a
 * hidden staging directory beside it, which is then renamed into place and
 * the parent fsynced. On any failure (disk full, read-only) the staging
 * directory is removed and parent/name does not appear, so a reader never
 * sees a partial report. Each file gets its mode exactly (not masked by
 * the umask) and the report group; the folder PC_OUTPUT_DIR_MODE. Fails
 * with PC_EEXIST if parent/name exists.
 */
int pc_output_write_dir(const char *parent, const char *name,
    const struct pc_output_file *files, size_t n);

/*
 * The same in steps, for many report folders at once (PDS's roster scan
 * writes one per office): pc_output_stage_dir writes the files into the
 * hidden staging folder without syncing (its path to staging_out); once
 * every folder is staged, pc_output_sync_fs syncs the file system once,
 * then pc_output_publish renames each into place, and a last
 * pc_output_sync_fs makes the names durable. A folder appears only after
 * its files are on disk, as with pc_output_write_dir, at two syncs in all
 * instead of eight per folder. A staging folder never published is
 * removed by pc_output_clean_partial after a day.
 */
int pc_output_stage_dir(char staging_out[PATH_MAX], const char *parent,
    const char *name, const struct pc_output_file *files, size_t n);
int pc_output_sync_fs(const char *path);
int pc_output_publish(const char *staging, const char *final);

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
int pc_output_clean_partial(
    const char *parent, time_t now, long max_age, size_t *removed_out);

#endif
