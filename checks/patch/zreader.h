/* A bounded streaming reader for compressed files (apt's package lists:
 * gzip, xz, lzma, zstd, bzip2, lz4), through the format's own library. */
#ifndef PC_PATCH_ZREADER_H
#define PC_PATCH_ZREADER_H

#include <stddef.h>
#include <sys/types.h>

/* Most decompressed bytes one file may produce (a bomb is refused). */
#define PC_Z_MAX_OUTPUT (1ULL << 30)
/* Most memory a decoder may use (xz dictionary, zstd window). */
#define PC_Z_MAX_MEMORY (256ULL << 20)

/* A compression format, chosen by the file name's ending. */
enum pc_zformat {
	PC_Z_PLAIN = 0,
	PC_Z_GZIP,  /* .gz */
	PC_Z_XZ,    /* .xz */
	PC_Z_LZMA,  /* .lzma (legacy "lzma_alone") */
	PC_Z_ZSTD,  /* .zst */
	PC_Z_BZIP2, /* .bz2 */
	PC_Z_LZ4,   /* .lz4 (LZ4 frame format) */
	PC_Z_NFORMATS,
};

struct pc_zreader;

/* The format a path's ending names (PC_Z_PLAIN for anything else). */
enum pc_zformat pc_zformat_of(const char *path);

/* The format's short name ("xz"), for messages. Static string. */
const char *pc_zformat_name(enum pc_zformat fmt);

/*
 * Starts reading the compressed stream(s) in fd (borrowed; the caller
 * closes it) as fmt, which must not be PC_Z_PLAIN. Concatenated streams
 * are read one after another. name is borrowed for messages. Free with
 * pc_zreader_free().
 */
int pc_zreader_open(
    struct pc_zreader **z_out, int fd, enum pc_zformat fmt, const char *name);

/* Reads up to n decompressed bytes; 0 at the end, <0 on a corrupt or
 * truncated file (with pc_error_set detail). A pc_deb822_read_fn. */
ssize_t pc_zreader_read(void *z, void *buf, size_t n);

/* Frees the reader; NULL-safe. */
void pc_zreader_free(struct pc_zreader *z);

#endif
