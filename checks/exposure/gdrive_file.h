/* One Google Drive file as files.list / permissions.list describe it, and
 * who outside the office can open it. */
#ifndef PC_EXPOSURE_GDRIVE_FILE_H
#define PC_EXPOSURE_GDRIVE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/json.h"

/* Caps on what one file's description may hold (hostile input). */
#define PC_GDRIVE_NAME_MAX 256
#define PC_GDRIVE_ID_MAX 128
#define PC_GDRIVE_PERMS_MAX 500 /* permissions read per file */

/* The office's own domains: a grant to an address in one is not outside. */
struct pc_gdrive_domains {
	char *const *a; /* office.parliamentary_domains */
	size_t na;
	char *const *b; /* office.domains */
	size_t nb;
};

/* Who can open a file, from its permissions. */
struct pc_gdrive_audience {
	bool anyone;	  /* an "anyone" permission (a link anyone can open) */
	bool anyone_find; /* ... and it can be found by search */
	bool anyone_edit; /* ... and it lets them change the file */
	size_t domain_links; /* "domain" permissions for an office domain */
	size_t external;     /* users, groups or domains outside the office */
	char external_domains[160]; /* their domains, ", "-joined, unique */
	size_t perms;		    /* permissions read */
};

/* One file (strings owned; free with pc_gdrive_file_clear()). */
struct pc_gdrive_file {
	char *id, *name, *mime, *owner, *drive_id;
	long long size; /* bytes; -1 when Drive gives none (Google-native) */
	bool perms_inline; /* files.list gave its permissions */
	struct pc_gdrive_audience who;
};

/*
 * Reads one element of files.list's "files" into f (zeroed here): id and
 * name are required, the first owner's address kept, and "permissions"
 * (when present) classified against d. Returns 0 or PC_EPARSE with detail
 * naming the field.
 */
int pc_gdrive_file_parse(struct pc_gdrive_file *f, const cJSON *j,
    const struct pc_gdrive_domains *d);

/*
 * Adds one permissions array (files.list inline, or one page of
 * permissions.list) to who. Returns 0 or PC_EPARSE.
 */
int pc_gdrive_perms_add(struct pc_gdrive_audience *who, const cJSON *perms,
    const struct pc_gdrive_domains *d);

/* Is the address or domain name one of the office's own domains (or a
 * subdomain of one)? */
bool pc_gdrive_office_domain(const struct pc_gdrive_domains *d,
    const char *name);

/* Frees f's strings; NULL-safe. */
void pc_gdrive_file_clear(struct pc_gdrive_file *f);

#endif
