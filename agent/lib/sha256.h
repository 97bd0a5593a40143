/* SHA-256 of a byte string as lowercase hex (report hashes, key ids). */
#ifndef PC_SHA256_H
#define PC_SHA256_H

#include <stddef.h>

/* Writes the hex SHA-256 of data[0..len) and a NUL to out. */
void pc_sha256_hex(char out[65], const void *data, size_t len);

#endif
