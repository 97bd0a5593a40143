/* The failure half of PC_ASSERT (agent/lib/assert.h). */
#include <stdio.h>
#include <stdlib.h>

#include "agent/lib/assert.h"

/* Names the broken invariant on stderr and aborts (no cleanup: the state
 * is not what the code believes, so nothing more is written). */
_Noreturn void
pc_assert_fail(const char *cond, const char *file, int line, const char *func)
{
	fprintf(stderr,
	    "portcullis: internal error: %s:%d: %s: invariant \"%s\" does not hold; please report it (SECURITY.md)\n",
	    file, line, func, cond);
	abort();
}
