/* Bounded file reads, secret files with permission checks, atomic writes. */
#ifndef PC_FILEIO_H
#define PC_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

#include "agent/lib/buf.h"

/*
 * Reads the whole regular file at path into out (initialised here, caller
 * frees with pc_buf_free). Refuses directories and files over cap with a
 * message naming the file.
 */
int pc_file_read(struct pc_buf *out, const char *path, size_t cap);

/*
 * Reads a secret or key file. Refuses it unless it is a regular file owned
 * by the running user with no group/other permission bits, and says which
 * chmod/chown to run. When $CREDENTIALS_DIRECTORY is set (systemd's
 * LoadCredential=) and holds a credential named as path's base name, that
 * is read instead, with the owner and mode systemd gave it. Caller wipes
 * and frees with pc_buf_free().
 */
int pc_secret_read(struct pc_buf *out, const char *path);

/* Checks a secret file (or its systemd credential, as pc_secret_read)
 * without reading it. */
int pc_secret_check(const char *path);

/*
 * Writes len bytes to path atomically: a temp file in the same directory,
 * fsync, rename, fsync of the directory. On any failure the temp file is
 * removed and path is untouched.
 */
int pc_file_write_atomic(
    const char *path, const void *data, size_t len, mode_t mode);

/* Writes all len bytes to fd, retrying short writes and EINTR; -1 with
 * errno set on failure. */
int pc_write_all(int fd, const void *data, size_t len);

/*
 * Lists the names in dir that keep() accepts (NULL: all but dot files),
 * sorted bytewise; more than cap names is PC_ELIMIT, a missing folder
 * PC_ENOTFOUND. Caller frees with pc_dir_names_free().
 */
int pc_dir_names(char ***names_out, size_t *n_out, const char *dir,
    int (*keep)(const char *name), size_t cap);

/* Frees a pc_dir_names() list. */
void pc_dir_names_free(char **names, size_t n);

/* A file's identity: what a hard link or a second path to it shares. */
struct pc_file_id {
	dev_t dev;
	ino_t ino;
};

struct stat;

/* True when st is one of the n files in ids (NULL-safe). */
int pc_file_id_in(
    const struct pc_file_id *ids, size_t n, const struct stat *st);

/* Creates dir and its parents with mode (like mkdir -p). */
int pc_mkdir_p(const char *dir, mode_t mode);

#endif
