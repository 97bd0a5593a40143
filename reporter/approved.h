/* PDS's approved policies: which policy hashes an office may scan with. */
#ifndef PC_APPROVED_H
#define PC_APPROVED_H

#include <stddef.h>

#define PC_APPROVED_MAX_BYTES (1u << 20)
#define PC_APPROVED_MAX_LINE  1024
#define PC_APPROVED_FILE      "approved-policies"

/*
 * One line: <sha256> <policy-id> <version>, where sha256 is the hash over
 * a policy's manifest (what `portcullis policy lint` prints and a report
 * carries as policy.sha256). Blank lines and lines starting with # are
 * ignored; anything else malformed is an error naming file:line.
 */
struct pc_approved_entry {
	char sha256[65];
	char *policy_id;
	long version;
	int line;
};

struct pc_approved {
	char *path;
	struct pc_approved_entry *entries;
	size_t n;
};

/* Parses approved-policies text; errors name "name:line". Caller frees
 * with pc_approved_free(). */
int pc_approved_parse(
    struct pc_approved **out, const char *name, const char *text, size_t len);

/* Reads and parses the file at path. */
int pc_approved_load(struct pc_approved **out, const char *path);

void pc_approved_free(struct pc_approved *a);

/* The line approving sha256, or NULL: the policy was modified. Borrowed. */
const struct pc_approved_entry *pc_approved_find(
    const struct pc_approved *a, const char *sha256);

/* The default file: approved-policies in the keyring's folder, when it
 * exists; NULL otherwise (no keyring, or no such file). Caller frees. */
char *pc_approved_default_path(const char *keyring_path);

#endif
