/* A bounded cursor over bytes for binary formats (OpenSSH sshbuf_get_*). */
#ifndef PC_LIB_CURSOR_H
#define PC_LIB_CURSOR_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reads fixed-size fields from a borrowed byte range. Every get checks
 * that the field fits in what is left and returns PC_EPARSE (without
 * moving and without setting the error slot: the caller names the file
 * and field) when it does not, so a parser never does arithmetic on
 * lengths it read from its input. The bytes are borrowed for the
 * cursor's life.
 */
struct pc_cursor {
	const unsigned char *data;
	size_t len, pos;
};

/* Starts a cursor at the first of len bytes at data. */
void pc_cursor_init(struct pc_cursor *c, const void *data, size_t len);

/* Bytes left after the position. */
size_t pc_cursor_left(const struct pc_cursor *c);

/* Moves to absolute position pos (pos <= len). */
int pc_cursor_seek(struct pc_cursor *c, size_t pos);

/* Skips n bytes. */
int pc_cursor_skip(struct pc_cursor *c, size_t n);

/* Reads one byte. */
int pc_cursor_get_u8(struct pc_cursor *c, uint8_t *out);

/* Reads little-endian 16, 32 and 64-bit integers. */
int pc_cursor_get_u16le(struct pc_cursor *c, uint16_t *out);
int pc_cursor_get_u32le(struct pc_cursor *c, uint32_t *out);
int pc_cursor_get_u64le(struct pc_cursor *c, uint64_t *out);

/* Reads big-endian 16 and 32-bit integers. */
int pc_cursor_get_u16be(struct pc_cursor *c, uint16_t *out);
int pc_cursor_get_u32be(struct pc_cursor *c, uint32_t *out);

/* Borrows the next n bytes (*out points into the cursor's data). */
int pc_cursor_get_bytes(
    struct pc_cursor *c, const unsigned char **out, size_t n);

/* Takes the next n bytes as a cursor of their own. */
int pc_cursor_get_sub(struct pc_cursor *c, struct pc_cursor *sub_out, size_t n);

#endif
