/* SHA-256 of a byte string as lowercase hex (report hashes, key ids). */
#ifndef PC_SHA256_H
#define PC_SHA256_H

#include <stddef.h>

/* Writes the hex SHA-256 of data[0..len) and a NUL to out. */
void pc_sha256_hex(char out[65], const void *data, size_t len);

/* One file of a manifest: its path and the hex SHA-256 of its bytes. */
struct pc_file_hash {
	char *path;
	char sha256[65];
};

/* Hex SHA-256 of a manifest: one "<sha256>  <path>\n" line per file, in
 * the order given (sha256sum's output format). */
void pc_sha256_manifest(
    char out[65], const struct pc_file_hash *files, size_t n);

#endif
