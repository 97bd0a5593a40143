/* A small bounded zip reader for office documents (docx, xlsx, odt). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "agent/lib/cursor.h"
#include "agent/lib/err.h"
#include "zip.h"

#define EOCD_SIG    0x06054b50u
#define CDIR_SIG    0x02014b50u
#define LOCAL_SIG   0x04034b50u
#define EOCD_MIN    22
#define EOCD_SEARCH (65535 + EOCD_MIN)

/* Reads exactly len bytes at off from the archive. */
static int
zread(const struct pc_zip *z, uint64_t off, void *dst, size_t len)
{
	size_t got = 0;
	ssize_t n;

	if (off > z->size || len > z->size - off)
		return pc_error_set(
		    PC_EPARSE, "%s: zip archive points past its end", z->path);
	if (z->fd < 0) {
		memcpy(dst, z->mem + off, len);
		return 0;
	}
	while (got < len) {
		n = pread(
		    z->fd, (char *)dst + got, len - got, (off_t)(off + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return pc_error_set(PC_EIO,
			    "%s: cannot read zip archive: %s", z->path,
			    n < 0 ? strerror(errno) : "file shrank");
		got += (size_t)n;
	}
	return 0;
}

/*
 * Finds the end-of-central-directory record, searching back from the end
 * for its signature with a comment that fits; *pos_out is its position
 * in tail.
 */
static int
find_eocd(const struct pc_zip *z, unsigned char *tail, size_t *taillen,
    size_t *pos_out)
{
	size_t n = z->size < EOCD_SEARCH ? (size_t)z->size : EOCD_SEARCH;
	struct pc_cursor c;
	uint32_t sig;
	uint16_t comment;
	size_t i;
	int r;

	if (z->size < EOCD_MIN)
		return pc_error_set(
		    PC_EPARSE, "%s: too short to be a zip archive", z->path);
	if ((r = zread(z, z->size - n, tail, n)) != 0)
		return r;
	*taillen = n;
	pc_cursor_init(&c, tail, n);
	for (i = n - EOCD_MIN + 1; i-- > 0;) {
		if (pc_cursor_seek(&c, i) != 0 ||
		    pc_cursor_get_u32le(&c, &sig) != 0 || sig != EOCD_SIG ||
		    pc_cursor_skip(&c, 16) != 0 ||
		    pc_cursor_get_u16le(&c, &comment) != 0 ||
		    comment > pc_cursor_left(&c))
			continue;
		*pos_out = i;
		return 0;
	}
	return pc_error_set(PC_EPARSE,
	    "%s: not a zip archive (no end of central directory)", z->path);
}

/* The end-of-central-directory fields this reader uses. */
struct eocd {
	uint16_t disk, cdir_disk, count_here, count;
	uint32_t cdir_size, cdir_off;
};

/* Reads the end-of-central-directory record at the cursor. */
static int
get_eocd(struct pc_cursor *c, struct eocd *d)
{
	if (pc_cursor_skip(c, 4) != 0 ||
	    pc_cursor_get_u16le(c, &d->disk) != 0 ||
	    pc_cursor_get_u16le(c, &d->cdir_disk) != 0 ||
	    pc_cursor_get_u16le(c, &d->count_here) != 0 ||
	    pc_cursor_get_u16le(c, &d->count) != 0 ||
	    pc_cursor_get_u32le(c, &d->cdir_size) != 0 ||
	    pc_cursor_get_u32le(c, &d->cdir_off) != 0)
		return PC_EPARSE;
	return 0;
}

/*
 * Reads one central-directory entry at the cursor into e (its name
 * copied). Returns 0, PC_EPARSE when damaged or PC_ENOMEM.
 */
static int
get_entry(struct pc_cursor *c, struct pc_zip_entry *e)
{
	const unsigned char *name;
	uint32_t sig, csize, usize, local;
	uint16_t nl, xl, cl;

	if (pc_cursor_get_u32le(c, &sig) != 0 || sig != CDIR_SIG ||
	    pc_cursor_skip(c, 4) != 0 || /* versions */
	    pc_cursor_get_u16le(c, &e->flags) != 0 ||
	    pc_cursor_get_u16le(c, &e->method) != 0 ||
	    pc_cursor_skip(c, 8) != 0 || /* time, date, CRC-32 */
	    pc_cursor_get_u32le(c, &csize) != 0 ||
	    pc_cursor_get_u32le(c, &usize) != 0 ||
	    pc_cursor_get_u16le(c, &nl) != 0 ||
	    pc_cursor_get_u16le(c, &xl) != 0 ||
	    pc_cursor_get_u16le(c, &cl) != 0 ||
	    pc_cursor_skip(c, 8) != 0 || /* disk, attributes */
	    pc_cursor_get_u32le(c, &local) != 0 ||
	    pc_cursor_get_bytes(c, &name, nl) != 0 ||
	    pc_cursor_skip(c, (size_t)xl + cl) != 0)
		return PC_EPARSE;
	e->csize = csize;
	e->usize = usize;
	e->local_offset = local;
	if ((e->name = strndup((const char *)name, nl)) == NULL)
		return PC_ENOMEM;
	return 0;
}

/* Reads the central directory. */
int
pc_zip_open(
    struct pc_zip *z, int fd, const char *mem, uint64_t size, const char *path)
{
	unsigned char *tail = NULL, *cdir = NULL;
	size_t taillen = 0, pos = 0, i;
	struct pc_cursor c;
	struct eocd d;
	int r;

	memset(z, 0, sizeof(*z));
	z->fd = fd;
	z->mem = mem;
	z->size = size;
	z->path = path;
	if ((tail = malloc(EOCD_SEARCH)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = find_eocd(z, tail, &taillen, &pos)) != 0)
		goto out;
	pc_cursor_init(&c, tail, taillen);
	if (pc_cursor_seek(&c, pos) != 0 || get_eocd(&c, &d) != 0) {
		r = pc_error_set(PC_EPARSE,
		    "%s: damaged zip end of central directory", path);
		goto out;
	}
	if (d.disk != 0 || d.cdir_disk != 0 || d.count_here != d.count) {
		r = pc_error_set(PC_EPARSE,
		    "%s: split zip archives are not supported", path);
		goto out;
	}
	if (d.count == 0xffff || d.cdir_off == 0xffffffffu) {
		r = pc_error_set(
		    PC_EPARSE, "%s: ZIP64 archives are not supported", path);
		goto out;
	}
	if (d.count > PC_ZIP_MAX_ENTRIES || d.cdir_size > PC_ZIP_MAX_CDIR) {
		r = pc_error_set(PC_ELIMIT,
		    "%s: zip archive has more entries than the limit", path);
		goto out;
	}
	if ((cdir = malloc((size_t)d.cdir_size + 1)) == NULL ||
	    (z->entries = calloc(d.count + 1u, sizeof(*z->entries))) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = zread(z, d.cdir_off, cdir, d.cdir_size)) != 0)
		goto out;
	pc_cursor_init(&c, cdir, d.cdir_size);
	for (i = 0; i < d.count; i++) {
		if ((r = get_entry(&c, &z->entries[i])) != 0) {
			r = r == PC_ENOMEM
			    ? pc_error_set(PC_ENOMEM, "out of memory")
			    : pc_error_set(PC_EPARSE,
				  "%s: damaged zip central directory", path);
			goto out;
		}
		z->nentries = i + 1;
	}
	r = 0;
out:
	free(tail);
	free(cdir);
	if (r != 0)
		pc_zip_close(z);
	return r;
}

/* The entry named name, or NULL. */
const struct pc_zip_entry *
pc_zip_find(const struct pc_zip *z, const char *name)
{
	size_t i;

	for (i = 0; i < z->nentries; i++)
		if (strcmp(z->entries[i].name, name) == 0)
			return &z->entries[i];
	return NULL;
}

/* Appends decompressed bytes, enforcing the member/total/ratio caps. */
static int
take_out(struct pc_zip *z, const struct pc_zip_entry *e, struct pc_buf *out,
    const unsigned char *p, size_t n, uint64_t consumed)
{
	if (out->len + n > PC_ZIP_MAX_MEMBER ||
	    z->total_out + n > PC_ZIP_MAX_TOTAL)
		return pc_error_set(PC_ELIMIT,
		    "%s: %s expands past the decompressed size limit (possible zip bomb); not read",
		    z->path, e->name);
	if (out->len + n > PC_ZIP_RATIO_AFTER &&
	    out->len + n > (consumed + 1) * PC_ZIP_MAX_RATIO)
		return pc_error_set(PC_ELIMIT,
		    "%s: %s expands more than %d times (a zip bomb); not read",
		    z->path, e->name, PC_ZIP_MAX_RATIO);
	z->total_out += n;
	return pc_buf_add(out, p, n);
}

/* Decompresses one member into out. */
int
pc_zip_read(struct pc_zip *z, const struct pc_zip_entry *e, struct pc_buf *out)
{
	unsigned char lh[30], in[16384], buf[32768];
	uint64_t off, left, consumed = 0;
	struct pc_cursor c;
	uint32_t sig;
	uint16_t nl, xl;
	z_stream zs;
	bool inited = false;
	size_t n;
	int r, zr = Z_OK;

	pc_buf_init(out, PC_ZIP_MAX_MEMBER);
	memset(&zs, 0, sizeof(zs));
	if (e->flags & 1)
		return pc_error_set(PC_EPARSE, "%s: %s is encrypted; not read",
		    z->path, e->name);
	if (e->method != 0 && e->method != 8)
		return pc_error_set(PC_EPARSE,
		    "%s: %s uses zip compression method %u, which is not supported",
		    z->path, e->name, e->method);
	if ((r = zread(z, e->local_offset, lh, sizeof(lh))) != 0)
		goto out;
	pc_cursor_init(&c, lh, sizeof(lh));
	if (pc_cursor_get_u32le(&c, &sig) != 0 || sig != LOCAL_SIG ||
	    pc_cursor_seek(&c, 26) != 0 || pc_cursor_get_u16le(&c, &nl) != 0 ||
	    pc_cursor_get_u16le(&c, &xl) != 0) {
		r = pc_error_set(
		    PC_EPARSE, "%s: damaged zip entry %s", z->path, e->name);
		goto out;
	}
	off = e->local_offset + sizeof(lh) + nl + xl;
	if (off > z->size || e->csize > z->size - off) {
		r = pc_error_set(PC_EPARSE,
		    "%s: zip entry %s runs past the end of the archive",
		    z->path, e->name);
		goto out;
	}
	left = e->csize;
	if (e->method == 0) {
		while (left > 0) {
			n = left < sizeof(buf) ? (size_t)left : sizeof(buf);
			if ((r = zread(z, off, buf, n)) != 0 ||
			    (r = take_out(z, e, out, buf, n, consumed + n)) !=
				0)
				goto out;
			off += n;
			left -= n;
			consumed += n;
		}
		r = 0;
		goto out;
	}
	if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
		r = pc_error_set(PC_ENOMEM, "out of memory for inflate");
		goto out;
	}
	inited = true;
	while (zr != Z_STREAM_END) {
		if (zs.avail_in == 0) {
			if (left == 0) {
				r = pc_error_set(PC_EPARSE,
				    "%s: zip entry %s is truncated", z->path,
				    e->name);
				goto out;
			}
			n = left < sizeof(in) ? (size_t)left : sizeof(in);
			if ((r = zread(z, off, in, n)) != 0)
				goto out;
			off += n;
			left -= n;
			consumed += n;
			zs.next_in = in;
			zs.avail_in = (uInt)n;
		}
		zs.next_out = buf;
		zs.avail_out = sizeof(buf);
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			r = pc_error_set(PC_EPARSE,
			    "%s: zip entry %s is damaged (%s)", z->path,
			    e->name, zs.msg ? zs.msg : "inflate error");
			goto out;
		}
		if ((r = take_out(z, e, out, buf, sizeof(buf) - zs.avail_out,
			 consumed)) != 0)
			goto out;
	}
	r = 0;
out:
	if (inited)
		inflateEnd(&zs);
	if (r != 0)
		pc_buf_free(out);
	return r;
}

/* Frees the directory. */
void
pc_zip_close(struct pc_zip *z)
{
	size_t i;

	if (z == NULL)
		return;
	for (i = 0; i < z->nentries; i++)
		free(z->entries[i].name);
	free(z->entries);
	z->entries = NULL;
	z->nentries = 0;
}
