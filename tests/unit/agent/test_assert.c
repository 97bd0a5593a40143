/* PC_ASSERT aborts on a broken invariant in test builds and names it. */
#include <signal.h>

#include <criterion/criterion.h>

#include "agent/lib/assert.h"
#include "agent/lib/buf.h"

Test(assert, a_holding_invariant_passes)
{
	int x = 2;

	PC_ASSERT(x == 2);
	cr_assert_eq(x, 2);
}

#ifndef NDEBUG
Test(assert, a_broken_invariant_aborts, .signal = SIGABRT)
{
	volatile int x = 1;

	PC_ASSERT(x == 2);
}
#else
/* Release (NDEBUG): compiled out, the condition not even evaluated. */
Test(assert, compiled_out_in_release)
{
	int calls = 0;

	PC_ASSERT(++calls == 2);
	cr_assert_eq(calls, 0);
}
#endif

/* A buffer that has been filled to its cap keeps its invariant. */
Test(assert, buffer_at_its_cap_keeps_the_invariant)
{
	struct pc_buf b;

	pc_buf_init(&b, 4);
	cr_assert_eq(pc_buf_add(&b, "abcd", 4), 0);
	cr_assert_neq(pc_buf_add(&b, "e", 1), 0);
	cr_assert_eq(b.len, 4);
	pc_buf_free(&b);
}
