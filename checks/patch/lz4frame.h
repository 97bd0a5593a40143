/* A bounded streaming reader for LZ4 frame files (apt's *.lz4 lists). */
#ifndef PC_PATCH_LZ4FRAME_H
#define PC_PATCH_LZ4FRAME_H

#include <stddef.h>
#include <sys/types.h>

/* Most decompressed bytes one file may produce (a bomb is refused). */
#define PC_LZ4_MAX_OUTPUT (1ULL << 30)

struct pc_lz4;

/*
 * Starts reading the LZ4 frame(s) in fd (borrowed; the caller closes it).
 * name is borrowed for messages. Free with pc_lz4_free().
 */
int pc_lz4_open(struct pc_lz4 **z_out, int fd, const char *name);

/* Reads up to n decompressed bytes; 0 at the end, <0 on a corrupt or
 * truncated file (with pc_error_set detail). A pc_deb822_read_fn. */
ssize_t pc_lz4_read(void *z, void *buf, size_t n);

/* Frees the reader; NULL-safe. */
void pc_lz4_free(struct pc_lz4 *z);

#endif
