/* A small bounded zip reader for office documents (docx, xlsx, odt). */
#ifndef PC_CONTENT_ZIP_H
#define PC_CONTENT_ZIP_H

#include <stddef.h>
#include <stdint.h>

#include "agent/lib/buf.h"

/* Caps against hostile archives (zip bombs, huge directories). */
#define PC_ZIP_MAX_ENTRIES 20000
#define PC_ZIP_MAX_CDIR    (8u << 20)
#define PC_ZIP_MAX_MEMBER  (64u << 20)  /* decompressed bytes per member */
#define PC_ZIP_MAX_TOTAL   (256u << 20) /* decompressed bytes per archive */
#define PC_ZIP_MAX_RATIO   100          /* decompressed / compressed */
#define PC_ZIP_RATIO_AFTER (1u << 20)   /* ratio enforced past this size */

struct pc_zip_entry {
	char *name;
	uint16_t method;
	uint16_t flags;
	uint64_t csize, usize;
	uint64_t local_offset;
};

struct pc_zip {
	int fd;          /* read with pread when >= 0 */
	const char *mem; /* otherwise read from memory */
	uint64_t size;
	const char *path; /* for messages */
	struct pc_zip_entry *entries;
	size_t nentries;
	uint64_t total_out; /* decompressed so far, for PC_ZIP_MAX_TOTAL */
};

/*
 * Reads the central directory of the archive in fd (or mem when fd < 0).
 * Refuses ZIP64, split archives and over-cap directories with PC_EPARSE or
 * PC_ELIMIT. Caller frees with pc_zip_close().
 */
int pc_zip_open(
    struct pc_zip *z, int fd, const char *mem, uint64_t size, const char *path);

/* The entry named name, or NULL. Borrowed from z. */
const struct pc_zip_entry *pc_zip_find(
    const struct pc_zip *z, const char *name);

/*
 * Decompresses one member into out (initialised here; caller frees with
 * pc_buf_free). Stored and deflate only; encrypted members are refused.
 * Fails with PC_ELIMIT when the member or the archive's total passes its
 * cap or the member expands more than PC_ZIP_MAX_RATIO times (a zip bomb).
 */
int pc_zip_read(
    struct pc_zip *z, const struct pc_zip_entry *e, struct pc_buf *out);

/* Frees the directory; NULL-safe. Does not close fd. */
void pc_zip_close(struct pc_zip *z);

#endif
