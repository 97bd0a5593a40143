/* One big plain-text file read as chunks by several workers. */
#ifndef PC_CONTENT_CHUNK_H
#define PC_CONTENT_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract.h"
#include "text.h"

#define PC_CHUNK_MIN  (8u << 20) /* a file is cut into chunks this big */
#define PC_CHUNK_MAX  256        /* chunks per file, at most */
#define PC_CHUNK_LEAD (4u << 10) /* bytes read before and after a chunk */
#define PC_CHUNK_SEEK (1u << 20) /* how far a cut looks for a blank line */

/*
 * How it works. A plain-text file of at least 2 x PC_CHUNK_MIN bytes is
 * cut at paragraph starts (the line after a blank line: a newline, up to
 * seven spaces, tabs or CRs, a newline), the matcher's own record
 * boundary, so no line or paragraph record spans two chunks. Each chunk
 * is read as one exact unit from a 64 KiB boundary at least
 * PC_CHUNK_LEAD before it (the same reads as a whole-file read, so the
 * matcher scans the same pieces) to PC_CHUNK_LEAD past its end, and the
 * matcher reports only matches whose end is in the chunk
 * (pc_matcher_set_range): a match across a cut is found once, by the
 * chunk it ends in, with its context words on both sides, since a match
 * is at most 512 bytes and a context window 300. Offsets are the file's
 * (the unit's base offset is where its reads start); lines count from
 * there and are corrected when the chunk is reported (struct
 * pc_chunk_lines): the findings are those of one whole read.
 */

/* Newlines counted while a chunk was read. */
struct pc_chunk_lines {
	uint64_t before; /* between the unit's start and the chunk's */
	uint64_t in;     /* in the chunk itself */
};

/*
 * Offset in p[0..n) just after the first blank line (a paragraph start),
 * or n when there is none. A blank line is "\n", up to 7 of ' ', '\t',
 * '\r', then "\n".
 */
size_t pc_chunk_find_cut(const char *p, size_t n);

/*
 * Plans the chunks of the file open at fd (size bytes, read as kind) for
 * workers: 1 when it is read whole (small, not plain UTF-8 text, or one
 * worker), else n > 1 with cuts[0] = 0 < cuts[1] < ... < cuts[n] = size
 * (cuts has room for PC_CHUNK_MAX + 1).
 */
size_t pc_chunk_plan(int fd, const char *path, uint64_t size,
    enum pc_doc_kind kind, unsigned workers, uint64_t *cuts);

/*
 * Reads chunk [lo, hi) of the plain-text file at fd into sink as one
 * exact unit with its lead-in and lead-out (hi == UINT64_MAX: to the end
 * of the file), counting newlines into lines. The sink's matcher must be
 * told the range first (pc_matcher_set_range). 0, or an error: PC_EIO
 * when the file cannot be read, else the sink's (*stopped set).
 */
int pc_chunk_read(int fd, const char *path, uint64_t lo, uint64_t hi,
    const struct pc_text_sink *sink, struct pc_chunk_lines *lines,
    bool *stopped);

#endif
