/* The identity of an exposure finding (agent/findings.h, pc_finding_id):
 * what was found, where relative to its source, and where inside the
 * file's content whatever the file's path. */
#ifndef PC_EXPOSURE_IDENTITY_H
#define PC_EXPOSURE_IDENTITY_H

#include <stdbool.h>

#include "checks/content/matcher.h"

/* The last file hashed: findings of one file come together. */
struct pc_exposure_file_hash {
	char path[4096];
	char sha256[65]; /* "" when it could not be read */
};

struct pc_exposure_identity {
	const char *key;        /* the keyed hash of the value (borrowed) */
	char locator[2048];     /* path below the source root + place in file */
	char content_key[2048]; /* file content hash + place; "" = none */
};

/*
 * Fills id for match m found under the source root (NULL for a website:
 * the URL is the locator and there is no content key). The file's
 * SHA-256 is read once per file through cache.
 */
void pc_exposure_identity(struct pc_exposure_identity *id,
    const struct pc_match *m, const char *root,
    struct pc_exposure_file_hash *cache);

/* The path of p below root ("a/b.txt"), or p itself when it is not below
 * it; root naming p itself gives p's base name. Borrowed from p. */
const char *pc_exposure_relpath(const char *p, const char *root);

#endif
