/* LZ4 frame decoding (format: lz4_Frame_format.md and lz4_Block_format.md
 * in the lz4 project), streaming one block at a time, with every length
 * and offset checked against the buffers. Checksums are not verified:
 * apt checked the file's hash when it downloaded it. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "lz4frame.h"

#define LZ4_MAGIC 0x184D2204u
#define WINDOW 65536u

struct pc_lz4 {
	int fd;
	const char *name;
	bool linked, block_checksum, content_checksum, in_frame, done;
	size_t block_max;
	unsigned char *in;  /* one compressed block */
	unsigned char *win; /* WINDOW of history, then the current block */
	size_t hist, pos, end;
	unsigned long long total;
};

/* Little-endian 32-bit value. */
static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Reads exactly n bytes; *eof_out set when the file ends before any. */
static int
read_exact(struct pc_lz4 *z, void *buf, size_t n, bool *eof_out)
{
	size_t got = 0;
	ssize_t r;

	if (eof_out != NULL)
		*eof_out = false;
	while (got < n) {
		r = read(z->fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return pc_error_set(PC_EIO, "cannot read %s: %s",
			    z->name, strerror(errno));
		if (r == 0) {
			if (got == 0 && eof_out != NULL) {
				*eof_out = true;
				return 0;
			}
			return pc_error_set(PC_EPARSE, "%s: the compressed data "
			    "ends early; the file looks truncated.", z->name);
		}
		got += (size_t)r;
	}
	return 0;
}

/* Reads a frame header; *eof_out when the file ends cleanly instead. */
static int
read_header(struct pc_lz4 *z, bool *eof_out)
{
	unsigned char h[4], fb[2], skip[8 + 4 + 1];
	size_t max, extra;
	int ret;

	if ((ret = read_exact(z, h, 4, eof_out)) != 0 || *eof_out)
		return ret;
	if (le32(h) != LZ4_MAGIC)
		return pc_error_set(PC_EPARSE, "%s is not an LZ4 frame file.",
		    z->name);
	if ((ret = read_exact(z, fb, 2, NULL)) != 0)
		return ret;
	if ((fb[0] >> 6) != 1 || (fb[0] & 0x02) || (fb[1] & 0x8f))
		return pc_error_set(PC_EPARSE, "%s: unsupported LZ4 frame "
		    "header.", z->name);
	switch ((fb[1] >> 4) & 7) {
	case 4: max = 64u << 10; break;
	case 5: max = 256u << 10; break;
	case 6: max = 1u << 20; break;
	case 7: max = 4u << 20; break;
	default:
		return pc_error_set(PC_EPARSE, "%s: bad LZ4 block size.",
		    z->name);
	}
	z->linked = !(fb[0] & 0x20);
	z->block_checksum = fb[0] & 0x10;
	z->content_checksum = fb[0] & 0x04;
	/* Content size (8), dictionary id (4), then the header checksum. */
	extra = ((fb[0] & 0x08) ? 8 : 0) + ((fb[0] & 0x01) ? 4 : 0) + 1;
	if ((ret = read_exact(z, skip, extra, NULL)) != 0)
		return ret;
	if (fb[0] & 0x01)
		return pc_error_set(PC_EPARSE, "%s: LZ4 dictionaries are not "
		    "supported.", z->name);
	if (max > z->block_max) {
		free(z->in);
		free(z->win);
		z->in = malloc(max);
		z->win = malloc(WINDOW + max);
		if (z->in == NULL || z->win == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		z->block_max = max;
	}
	z->hist = 0;
	z->in_frame = true;
	return 0;
}

/* Decodes one LZ4 block from src into z->win after the history. */
static int
decode_block(struct pc_lz4 *z, const unsigned char *src, size_t n,
    size_t *produced_out)
{
	unsigned char *out = z->win, *op = z->win + z->hist;
	unsigned char *oend = op + z->block_max;
	const unsigned char *ip = src, *iend = src + n;
	size_t lit, mlen, off;
	unsigned b;

	for (;;) {
		if (ip >= iend)
			goto corrupt;
		b = *ip++;
		lit = b >> 4;
		if (lit == 15)
			do {
				if (ip >= iend)
					goto corrupt;
				lit += *ip;
			} while (*ip++ == 255);
		if (lit > (size_t)(iend - ip) || lit > (size_t)(oend - op))
			goto corrupt;
		memcpy(op, ip, lit);
		op += lit;
		ip += lit;
		if (ip == iend)
			break; /* the last sequence has literals only */
		if (iend - ip < 2)
			goto corrupt;
		off = (size_t)ip[0] | (size_t)ip[1] << 8;
		ip += 2;
		if (off == 0 || off > (size_t)(op - out))
			goto corrupt;
		mlen = (b & 15) + 4;
		if ((b & 15) == 15)
			do {
				if (ip >= iend)
					goto corrupt;
				mlen += *ip;
			} while (*ip++ == 255);
		if (mlen > (size_t)(oend - op))
			goto corrupt;
		/* Byte by byte: a match may overlap what it copies. */
		while (mlen-- > 0) {
			*op = op[-(ptrdiff_t)off];
			op++;
		}
	}
	*produced_out = (size_t)(op - (z->win + z->hist));
	return 0;
corrupt:
	return pc_error_set(PC_EPARSE, "%s: corrupt LZ4 data.", z->name);
}

/* Decodes the next block into the window; sets z->done at the end. */
static int
next_block(struct pc_lz4 *z)
{
	unsigned char h[4];
	size_t size, produced = 0, keep;
	bool eof;
	int ret;

	if (!z->in_frame) {
		if ((ret = read_header(z, &eof)) != 0)
			return ret;
		if (eof) {
			z->done = true;
			return 0;
		}
	}
	/* Keep up to 64 KiB of what came before for linked blocks. */
	if (z->linked && z->end > 0) {
		keep = z->end < WINDOW ? z->end : WINDOW;
		memmove(z->win, z->win + z->end - keep, keep);
		z->hist = keep;
	} else {
		z->hist = 0;
	}
	z->pos = z->end = z->hist;
	if ((ret = read_exact(z, h, 4, NULL)) != 0)
		return ret;
	size = le32(h) & 0x7fffffffu;
	if (le32(h) == 0) {
		z->in_frame = false;
		z->pos = z->end = 0;
		if (z->content_checksum)
			return read_exact(z, h, 4, NULL);
		return 0;
	}
	if (size > z->block_max)
		return pc_error_set(PC_EPARSE, "%s: an LZ4 block is larger than "
		    "its frame allows.", z->name);
	if ((ret = read_exact(z, z->in, size, NULL)) != 0)
		return ret;
	if (le32(h) & 0x80000000u) {
		memcpy(z->win + z->hist, z->in, size);
		produced = size;
	} else if ((ret = decode_block(z, z->in, size, &produced)) != 0) {
		return ret;
	}
	if (z->block_checksum && (ret = read_exact(z, h, 4, NULL)) != 0)
		return ret;
	z->total += produced;
	if (z->total > PC_LZ4_MAX_OUTPUT)
		return pc_error_set(PC_ELIMIT, "%s decompresses to more than "
		    "%llu bytes.", z->name, PC_LZ4_MAX_OUTPUT);
	z->end = z->hist + produced;
	return 0;
}

/* Reads decompressed bytes. */
ssize_t
pc_lz4_read(void *src, void *buf, size_t n)
{
	struct pc_lz4 *z = src;
	int ret;

	while (z->pos == z->end && !z->done)
		if ((ret = next_block(z)) != 0)
			return ret;
	if (z->done)
		return 0;
	if (n > z->end - z->pos)
		n = z->end - z->pos;
	memcpy(buf, z->win + z->pos, n);
	z->pos += n;
	return (ssize_t)n;
}

/* Starts a reader. */
int
pc_lz4_open(struct pc_lz4 **z_out, int fd, const char *name)
{
	struct pc_lz4 *z;

	if ((z = calloc(1, sizeof(*z))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	z->fd = fd;
	z->name = name;
	*z_out = z;
	return 0;
}

/* Frees the reader. */
void
pc_lz4_free(struct pc_lz4 *z)
{
	if (z == NULL)
		return;
	free(z->in);
	free(z->win);
	free(z);
}
