/*
 * PC_ASSERT: invariants the code guarantees by construction (a length
 * within its capacity, a protocol state that cannot be skipped). Checked
 * in debug and test builds, where a broken invariant aborts with its
 * place; compiled out with NDEBUG (Release), where the code's own bounds
 * checks still fail closed. Never use it for input checks: bad input is
 * an error with a message (agent/lib/err.h), not an assertion.
 */
#ifndef PC_LIB_ASSERT_H
#define PC_LIB_ASSERT_H

#ifdef NDEBUG
#define PC_ASSERT(cond) ((void)0)
#else
#define PC_ASSERT(cond)                                                        \
	((cond) ? (void)0 : pc_assert_fail(#cond, __FILE__, __LINE__, __func__))
#endif

/* Prints "portcullis: internal error: FILE:LINE: FUNC: COND" and aborts. */
_Noreturn void pc_assert_fail(
    const char *cond, const char *file, int line, const char *func);

#endif
