/* The bounded cursor: fields read in order, never past the end. */
#include <criterion/criterion.h>

#include "agent/lib/cursor.h"
#include "agent/lib/err.h"

Test(cursor, reads_little_and_big_endian_fields_in_order)
{
	static const unsigned char b[] = { 0x50, 0x4b, 0x03, 0x04, 0x01, 0x02,
		0x0a, 0x0b, 0x0c, 0x0d, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct pc_cursor c;
	uint32_t u32;
	uint16_t u16;
	uint64_t u64;
	uint8_t u8;

	pc_cursor_init(&c, b, sizeof(b));
	cr_assert_eq(pc_cursor_get_u32le(&c, &u32), 0);
	cr_assert_eq(u32, 0x04034b50u);
	cr_assert_eq(pc_cursor_get_u16be(&c, &u16), 0);
	cr_assert_eq(u16, 0x0102);
	cr_assert_eq(pc_cursor_get_u32be(&c, &u32), 0);
	cr_assert_eq(u32, 0x0a0b0c0du);
	cr_assert_eq(pc_cursor_get_u64le(&c, &u64), 0);
	cr_assert_eq(u64, 0x0807060504030201ull);
	cr_assert_eq(pc_cursor_left(&c), 0);
	cr_assert_eq(pc_cursor_get_u8(&c, &u8), PC_EPARSE);
}

Test(cursor, a_short_read_fails_and_does_not_move)
{
	static const unsigned char b[] = { 1, 2, 3 };
	struct pc_cursor c;
	uint32_t u32 = 77;
	uint16_t u16;

	pc_cursor_init(&c, b, sizeof(b));
	cr_assert_eq(pc_cursor_get_u32le(&c, &u32), PC_EPARSE);
	cr_assert_eq(u32, 77, "the out value is untouched on failure");
	cr_assert_eq(pc_cursor_left(&c), 3);
	cr_assert_eq(pc_cursor_get_u16le(&c, &u16), 0);
	cr_assert_eq(u16, 0x0201);
	cr_assert_eq(pc_cursor_get_u16le(&c, &u16), PC_EPARSE);
	cr_assert_eq(pc_cursor_left(&c), 1);
}

Test(cursor, skip_seek_and_sub_are_bounded)
{
	static const unsigned char b[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	struct pc_cursor c, sub;
	const unsigned char *p;
	uint8_t u8;

	pc_cursor_init(&c, b, sizeof(b));
	cr_assert_eq(pc_cursor_skip(&c, 9), PC_EPARSE);
	cr_assert_eq(pc_cursor_skip(&c, (size_t)-1), PC_EPARSE,
	    "a huge length read from input cannot wrap around");
	cr_assert_eq(pc_cursor_skip(&c, 2), 0);
	cr_assert_eq(pc_cursor_get_sub(&c, &sub, 3), 0);
	cr_assert_eq(pc_cursor_left(&sub), 3);
	cr_assert_eq(pc_cursor_get_u8(&sub, &u8), 0);
	cr_assert_eq(u8, 2);
	cr_assert_eq(pc_cursor_get_bytes(&sub, &p, 3), PC_EPARSE,
	    "a sub-cursor ends where its range ends");
	cr_assert_eq(pc_cursor_get_u8(&c, &u8), 0);
	cr_assert_eq(u8, 5);
	cr_assert_eq(pc_cursor_seek(&c, 9), PC_EPARSE);
	cr_assert_eq(pc_cursor_seek(&c, 8), 0);
	cr_assert_eq(pc_cursor_left(&c), 0);
	cr_assert_eq(pc_cursor_get_bytes(&c, &p, 0), 0);
}
