/* One big plain-text file read as chunks by several workers (chunk.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "chunk.h"
#include "extract_int.h"
#include "utf16.h"

/* Offset just after the first blank line in p[0..n), or n. */
size_t
pc_chunk_find_cut(const char *p, size_t n)
{
	const char *q = p, *end = p + n, *nl, *c;

	while (q < end && (nl = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		for (c = nl + 1; c < end && c - nl <= 8 &&
		     (*c == ' ' || *c == '\t' || *c == '\r');
		     c++)
			;
		if (c < end && *c == '\n' && c - nl <= 8)
			return (size_t)(c + 1 - p);
		q = nl + 1;
	}
	return n;
}

/* pread that retries on EINTR. */
static ssize_t
read_at(int fd, char *buf, size_t n, uint64_t off)
{
	ssize_t r;

	do
		r = pread(fd, buf, n, (off_t)off);
	while (r < 0 && errno == EINTR);
	return r;
}

/* True when the file is read as one exact unit of UTF-8 text. */
static bool
plain_text(int fd, const char *path, enum pc_doc_kind kind, char *head)
{
	char text[PC_EXTRACT_SNIFF];
	const char *t;
	size_t skip, tlen;
	ssize_t n = read_at(fd, head, PC_EXTRACT_SNIFF, 0);
	enum pc_bom bom;

	if (n <= 0)
		return false;
	if (kind == PC_DOC_AUTO) {
		kind = pc_extract_kind(path, head, (size_t)n);
	} else if (kind == PC_DOC_TEXT) {
		t = pc_extract_sniff_text(head, (size_t)n, text, &tlen);
		if (pc_extract_looks_binary(t, tlen))
			return false;
	}
	bom = pc_bom_detect(head, (size_t)n, &skip);
	return kind == PC_DOC_TEXT &&
	    (bom == PC_BOM_NONE || bom == PC_BOM_UTF8);
}

/* The first paragraph start at or after off (within PC_CHUNK_SEEK), or 0. */
static uint64_t
cut_after(int fd, uint64_t off, uint64_t size, char *buf)
{
	uint64_t at = off;
	ssize_t n;
	size_t c;

	while (at < off + PC_CHUNK_SEEK && at < size) {
		/* overlap the reads by 8 bytes: a blank line across two */
		if ((n = read_at(fd, buf, CHUNK, at)) <= 0)
			return 0;
		c = pc_chunk_find_cut(buf, (size_t)n);
		if (c < (size_t)n)
			return at + c;
		if ((size_t)n <= 8)
			return 0;
		at += (uint64_t)n - 8;
	}
	return 0;
}

/* Plans the chunks of a big plain-text file (chunk.h). */
size_t
pc_chunk_plan(int fd, const char *path, uint64_t size, enum pc_doc_kind kind,
    unsigned workers, uint64_t *cuts)
{
	uint64_t want, step, at;
	size_t n = 1, k;
	char *buf;

	cuts[0] = 0;
	cuts[1] = size;
	if (workers < 2 || size < 2 * (uint64_t)PC_CHUNK_MIN)
		return 1;
	want = size / PC_CHUNK_MIN;
	if (want > PC_CHUNK_MAX)
		want = PC_CHUNK_MAX;
	step = size / want;
	if ((buf = malloc(CHUNK)) == NULL)
		return 1;
	if (!plain_text(fd, path, kind, buf)) {
		free(buf);
		return 1;
	}
	for (k = 1; k < want; k++) {
		at = cut_after(fd, k * step, size, buf);
		/* a cut needs a whole lead-in after the one before */
		if (at > cuts[n - 1] + 2 * PC_CHUNK_LEAD &&
		    at + 2 * PC_CHUNK_LEAD < size)
			cuts[n++] = at;
	}
	cuts[n] = size;
	free(buf);
	return n;
}

/* Newlines in p[0..n), eight bytes at a time (a byte loop cost 8 % of
 * a chunked scan's CPU). */
static uint64_t
newlines(const char *p, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL,
		       low7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t c = 0, w, t;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		w ^= ones * '\n'; /* a newline is now a zero byte */
		/* high bit set exactly in each zero byte (no borrows) */
		t = ~(((w & low7) + low7) | w | low7);
		c += ((t >> 7) * ones) >> 56; /* add up the 0/1 bytes */
	}
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* Counts newlines of p[0..n) that lie at file offsets [lo, hi). */
static uint64_t
count_nl(const char *p, size_t n, uint64_t off, uint64_t lo, uint64_t hi)
{
	uint64_t a = lo > off ? lo - off : 0, b = hi - off;

	if (hi <= off || lo >= off + n)
		return 0;
	if (b > n)
		b = n;
	return newlines(p + a, (size_t)(b - a));
}

/* Reads chunk [lo, hi) with its lead-in and lead-out (chunk.h). */
int
pc_chunk_read(int fd, const char *path, uint64_t lo, uint64_t hi,
    const struct pc_text_sink *sink, struct pc_chunk_lines *lines,
    bool *stopped)
{
	struct pc_text_loc loc = { 0 };
	/* reads at the 64 KiB boundaries a whole-file read uses */
	uint64_t from =
	    lo > PC_CHUNK_LEAD ? (lo - PC_CHUNK_LEAD) / CHUNK * CHUNK : 0;
	uint64_t end =
	    hi > UINT64_MAX - PC_CHUNK_LEAD ? UINT64_MAX : hi + PC_CHUNK_LEAD;
	uint64_t off = from;
	size_t want;
	ssize_t n = 0;
	char *buf;
	int r, e;

	memset(lines, 0, sizeof(*lines));
	*stopped = false;
	if ((buf = malloc(CHUNK)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	loc.path = path;
	loc.exact = true;
	loc.lines_exact = true;
	loc.base_offset = from;
	loc.base_line = 1;
	if ((r = sink->begin(sink->arg, &loc)) != 0) {
		*stopped = true;
		free(buf);
		return r;
	}
	while (off < end) {
		want = end - off < CHUNK ? (size_t)(end - off) : CHUNK;
		if ((n = read_at(fd, buf, want, off)) <= 0)
			break;
		lines->before += count_nl(buf, (size_t)n, off, from, lo);
		lines->in += count_nl(buf, (size_t)n, off, lo, hi);
		if ((r = sink->data(sink->arg, buf, (size_t)n)) != 0) {
			*stopped = true;
			break;
		}
		off += (uint64_t)n;
	}
	e = errno;
	free(buf);
	if (r != 0) {
		(void)sink->end(sink->arg);
		return r;
	}
	if (n < 0) {
		(void)sink->end(sink->arg);
		return pc_error_set(
		    PC_EIO, "cannot read %s: %s", path, strerror(e));
	}
	if ((r = sink->end(sink->arg)) != 0)
		*stopped = true;
	return r;
}
