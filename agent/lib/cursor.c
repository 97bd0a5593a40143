/* A bounded cursor over bytes for binary formats (OpenSSH sshbuf_get_*). */
#include "agent/lib/assert.h"
#include "agent/lib/cursor.h"
#include "agent/lib/err.h"

/* Starts a cursor over len bytes at data. */
void
pc_cursor_init(struct pc_cursor *c, const void *data, size_t len)
{
	c->data = data;
	c->len = data != NULL ? len : 0;
	c->pos = 0;
}

/* Bytes left after the position. */
size_t
pc_cursor_left(const struct pc_cursor *c)
{
	return c->len - c->pos;
}

/* Moves to absolute position pos. */
int
pc_cursor_seek(struct pc_cursor *c, size_t pos)
{
	if (pos > c->len)
		return PC_EPARSE;
	c->pos = pos;
	return 0;
}

/* Skips n bytes. */
int
pc_cursor_skip(struct pc_cursor *c, size_t n)
{
	if (n > pc_cursor_left(c))
		return PC_EPARSE;
	c->pos += n;
	return 0;
}

/* Borrows the next n bytes. */
int
pc_cursor_get_bytes(struct pc_cursor *c, const unsigned char **out, size_t n)
{
	if (n > pc_cursor_left(c))
		return PC_EPARSE;
	*out = c->data + c->pos;
	c->pos += n;
	PC_ASSERT(c->pos <= c->len);
	return 0;
}

/* Reads one byte. */
int
pc_cursor_get_u8(struct pc_cursor *c, uint8_t *out)
{
	const unsigned char *p;

	if (pc_cursor_get_bytes(c, &p, 1) != 0)
		return PC_EPARSE;
	*out = p[0];
	return 0;
}

/* Reads n (<= 8) bytes as a little- or big-endian integer. */
static int
get_uint(struct pc_cursor *c, size_t n, int big, uint64_t *out)
{
	const unsigned char *p;
	uint64_t v = 0;
	size_t i;

	if (pc_cursor_get_bytes(c, &p, n) != 0)
		return PC_EPARSE;
	for (i = 0; i < n; i++)
		v |= (uint64_t)p[big ? n - 1 - i : i] << (8 * i);
	*out = v;
	return 0;
}

/* Reads a little-endian 16-bit integer. */
int
pc_cursor_get_u16le(struct pc_cursor *c, uint16_t *out)
{
	uint64_t v;

	if (get_uint(c, 2, 0, &v) != 0)
		return PC_EPARSE;
	*out = (uint16_t)v;
	return 0;
}

/* Reads a little-endian 32-bit integer. */
int
pc_cursor_get_u32le(struct pc_cursor *c, uint32_t *out)
{
	uint64_t v;

	if (get_uint(c, 4, 0, &v) != 0)
		return PC_EPARSE;
	*out = (uint32_t)v;
	return 0;
}

/* Reads a little-endian 64-bit integer. */
int
pc_cursor_get_u64le(struct pc_cursor *c, uint64_t *out)
{
	return get_uint(c, 8, 0, out);
}

/* Reads a big-endian 16-bit integer. */
int
pc_cursor_get_u16be(struct pc_cursor *c, uint16_t *out)
{
	uint64_t v;

	if (get_uint(c, 2, 1, &v) != 0)
		return PC_EPARSE;
	*out = (uint16_t)v;
	return 0;
}

/* Reads a big-endian 32-bit integer. */
int
pc_cursor_get_u32be(struct pc_cursor *c, uint32_t *out)
{
	uint64_t v;

	if (get_uint(c, 4, 1, &v) != 0)
		return PC_EPARSE;
	*out = (uint32_t)v;
	return 0;
}

/* Takes the next n bytes as a cursor of their own. */
int
pc_cursor_get_sub(struct pc_cursor *c, struct pc_cursor *sub_out, size_t n)
{
	const unsigned char *p;

	if (pc_cursor_get_bytes(c, &p, n) != 0)
		return PC_EPARSE;
	pc_cursor_init(sub_out, p, n);
	return 0;
}
