/* The PDS roster: which office each Parliament tenant account belongs to. */
#ifndef PC_ROSTER_H
#define PC_ROSTER_H

#include <stddef.h>

#define PC_ROSTER_MAX_BYTES   (32u << 20)
#define PC_ROSTER_MAX_ENTRIES 200000
#define PC_ROSTER_MAX_FIELD   256

/*
 * The file is CSV (RFC 4180: fields separated by commas, a field in double
 * quotes may hold commas and "" for a quote; CRLF or LF line ends; a UTF-8
 * byte order mark is skipped), one account a record:
 *   office_id,account,name
 * An optional first record "office_id,account,name" is the header. Blank
 * lines are skipped. office_id follows office.id's rule (pc_office_id_ok)
 * and is not pds-unassigned (that report is the accounts no office
 * claims); an account is listed once (compared case-insensitively).
 * Errors name "file:line" and the fix.
 */
struct pc_roster_entry {
	char *office_id, *account, *name;
	int line;
};

struct pc_roster {
	char *path;
	struct pc_roster_entry *entries; /* file order */
	size_t n;
	size_t *by_account; /* entry indices, sorted by account (no case) */
	char **offices;     /* distinct office ids, sorted; borrowed */
	size_t noffices;
};

/* Parses roster text named name; caller frees with pc_roster_free(). */
int pc_roster_parse(struct pc_roster **roster_out, const char *name,
    const char *text, size_t len);

/* Reads and parses the roster file at path. */
int pc_roster_load(struct pc_roster **roster_out, const char *path);

void pc_roster_free(struct pc_roster *roster);

/* The entry for account (case-insensitive), or NULL. Borrowed. */
const struct pc_roster_entry *pc_roster_find(
    const struct pc_roster *roster, const char *account);

#endif
