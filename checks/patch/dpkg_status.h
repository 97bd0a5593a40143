/* The dpkg status database: which packages are installed, at which version. */
#ifndef PC_PATCH_DPKG_STATUS_H
#define PC_PATCH_DPKG_STATUS_H

#include <stddef.h>

#include "deb822.h"

/* Caps on /var/lib/dpkg/status (a large desktop has ~5,000 packages). */
#define PC_DPKG_MAX_PACKAGES 100000
#define PC_DPKG_MAX_STANZA   (4u << 20)

/* One installed package ("Status: install ok installed" or hold). */
struct pc_dpkg_pkg {
	char *name;
	char *version;
	char *arch;
	char *source; /* source package name, without its "(version)" */
};

/* The installed packages, sorted by name then architecture. */
struct pc_dpkg_db {
	struct pc_dpkg_pkg *pkgs;
	size_t npkgs;
	size_t nrecords; /* all records, installed or not */
};

/*
 * Reads a dpkg status file from path, streaming. Errors name file and line
 * ("...var/lib/dpkg/status:1234: line longer than 65536 bytes.") for
 * truncated files, over-long lines or records, bad versions and missing
 * fields. Caller frees with pc_dpkg_db_free().
 */
int pc_dpkg_status_load(struct pc_dpkg_db **db_out, const char *path);

/* The same from bytes in memory; name is used in messages. */
int pc_dpkg_status_parse(
    struct pc_dpkg_db **db_out, const char *name, const char *data, size_t len);

/* The installed package with name and arch ("all" matches any), or NULL.
 * Borrowed from db. */
const struct pc_dpkg_pkg *pc_dpkg_find(
    const struct pc_dpkg_db *db, const char *name, const char *arch);

/* Frees db; NULL-safe. */
void pc_dpkg_db_free(struct pc_dpkg_db *db);

#endif
