/* One Google Drive file as files.list / permissions.list describe it,
 * read into the store-independent sharing model (sharing.h). */
#ifndef PC_EXPOSURE_GDRIVE_FILE_H
#define PC_EXPOSURE_GDRIVE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/json.h"
#include "sharing.h"

#define PC_GDRIVE_ID_MAX    128
#define PC_GDRIVE_PERMS_MAX 500 /* permissions read per file */

/* The office's own domains: a grant to an address in one stays inside. */
struct pc_gdrive_domains {
	const char *const *names;
	size_t n;
};

/* One file: its sharing model and what fetching it needs. */
struct pc_gdrive_file {
	struct pc_shared_file share; /* store, container, name, id, links */
	char mime[128];
	long long size;    /* bytes; -1 when Drive gives none (Google-native) */
	bool perms_inline; /* files.list gave its permissions */
	size_t perms;      /* permissions read */
};

/*
 * Reads one element of files.list's "files" into f (zeroed here) as a
 * file of store in container (the owner's address, or the shared drive's
 * name): id and name are required, the owner's address kept, and
 * "permissions", when present, added to the model against d. Returns 0
 * or PC_EPARSE / PC_ELIMIT with detail naming the field.
 */
int pc_gdrive_file_parse(struct pc_gdrive_file *f, const cJSON *j,
    enum pc_share_store store, const char *container,
    const struct pc_gdrive_domains *d);

/*
 * Adds one permissions array (files.list inline, or one page of
 * permissions.list) to f's model: "anyone" is a link anyone can open
 * (Drive's cannot expire), "domain" an organisation link for an office
 * domain and an outside grant otherwise, "user"/"group" a grant to the
 * address. Returns 0, PC_EPARSE or PC_ELIMIT.
 */
int pc_gdrive_perms_add(struct pc_gdrive_file *f, const cJSON *perms,
    const struct pc_gdrive_domains *d);

/* Does id look like a Drive id (letters, digits, '-' and '_' only)? */
bool pc_gdrive_id_ok(const char *id);

#endif
