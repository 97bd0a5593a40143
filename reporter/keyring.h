/* The PDS keyring: which office key may sign which office's reports. */
#ifndef PC_KEYRING_H
#define PC_KEYRING_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/report.h"
#include "sign.h"

#define PC_KEYRING_MAX_BYTES (8u << 20)
#define PC_KEYRING_MAX_LINE  1024

/*
 * One line (format in reporter/README.md, modelled on OpenSSH
 * allowed_signers):
 *   <office-id> <key-id-hex> [valid-after=YYYY-MM-DD]
 *       [valid-before=YYYY-MM-DD] [revoked] [scope=parliament-tenant]
 * valid-after is inclusive, valid-before exclusive; dates are report
 * dates (UTC). Blank lines and lines starting with # are ignored.
 * The PDS key, which signs the split of the Parliament tenant's scan, is
 * listed once as "* <key-id> scope=parliament-tenant": it may sign any
 * office's parliament-tenant report and nothing else, and no office key
 * may sign a parliament-tenant report. Office * without that option, or
 * the option with another office, is refused.
 */
struct pc_keyring_entry {
	char *office_id;
	char key_id[PC_SIGN_KEY_ID_LEN + 1];
	char valid_after[11];  /* "" when open */
	char valid_before[11]; /* "" when open */
	bool revoked;
	bool tenant; /* scope=parliament-tenant (office_id is "*") */
	int line;
};

#define PC_KEYRING_ANY_OFFICE "*"

struct pc_keyring {
	char *path;
	struct pc_keyring_entry *entries;
	size_t n;
};

/* Parses keyring text; errors name "name:line". Caller frees with
 * pc_keyring_free(). */
int pc_keyring_parse(struct pc_keyring **ring_out, const char *name,
    const char *text, size_t len);

/* Reads and parses a keyring file. */
int pc_keyring_load(struct pc_keyring **ring_out, const char *path);

void pc_keyring_free(struct pc_keyring *ring);

/*
 * Checks that key_id may sign office_id's report of scope (NULL or
 * "office": the office's own; "parliament-tenant": PDS's split of the
 * tenant scan) dated date (YYYY-MM-DD).
 * 0 when a matching, unrevoked line's window holds date (*entry_out, if
 * given, borrows it); PC_EINVALID otherwise, the message saying which:
 * unknown key, revoked key, key outside its validity window, or wrong
 * scope (an office key on a tenant report, the PDS key on an office's).
 */
int pc_keyring_check(const struct pc_keyring *ring, const char *office_id,
    const char *scope, const char *key_id, const char *date,
    const struct pc_keyring_entry **entry_out);

/* True if s is a well-formed YYYY-MM-DD date. */
bool pc_keyring_date_ok(const char *s, size_t len);

/* True if s is a usable office id: 1-64 of [a-z0-9-], no leading '-'. */
bool pc_keyring_office_id_ok(const char *s);

#endif
