/* The capped buffer, and the secret variant that never leaves a copy. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"

Test(buf, grows_to_its_cap_and_no_further)
{
	struct pc_buf b;
	char chunk[100];

	memset(chunk, 'x', sizeof(chunk));
	pc_buf_init(&b, 250);
	cr_assert_eq(pc_buf_add(&b, chunk, 100), 0);
	cr_assert_eq(pc_buf_add(&b, chunk, 100), 0);
	cr_assert_eq(pc_buf_add(&b, chunk, 100), PC_ELIMIT);
	cr_assert_eq(b.len, 200, "a refused add leaves the buffer as it was");
	cr_assert_eq(b.data[200], '\0');
	pc_buf_free(&b);
}

Test(buf, a_secret_buffer_keeps_its_bytes_across_grows)
{
	struct pc_buf b;
	char expect[5000];
	size_t i;

	pc_buf_init_secret(&b, 1 << 20);
	cr_assert(b.secret);
	for (i = 0; i < sizeof(expect); i++) {
		expect[i] = (char)('a' + i % 26);
		cr_assert_eq(pc_buf_add(&b, &expect[i], 1), 0);
	}
	cr_assert_gt(b.alloc, 64, "it grew several times");
	cr_assert_eq(memcmp(b.data, expect, sizeof(expect)), 0);
	pc_buf_free(&b);
	cr_assert_null(b.data);
}

Test(buf, resetting_a_secret_buffer_wipes_what_it_held)
{
	struct pc_buf b;
	size_t i;

	pc_buf_init_secret(&b, 1024);
	cr_assert_eq(pc_buf_adds(&b, "token-abcdef"), 0);
	pc_buf_reset(&b);
	cr_assert_eq(b.len, 0);
	for (i = 0; i < 12; i++)
		cr_assert_eq(b.data[i], '\0', "byte %zu kept its value", i);
	pc_buf_free(&b);
}

Test(buf, a_plain_buffer_is_not_secret)
{
	struct pc_buf b;

	pc_buf_init(&b, 16);
	cr_assert_not(b.secret);
	pc_buf_free(&b);
}
