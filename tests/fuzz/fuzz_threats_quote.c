/* Fuzz target: the quote splitter never crashes, and what it keeps is
 * whole lines of the input, in order, never more than the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/threats/quote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Splits data and checks the kept text is a subsequence of its lines. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *p;
	struct pc_buf out;
	size_t quoted = 0, pos = 0, i;

	pc_buf_init(&out, 1 << 26);
	if (pc_threats_quote_split(&out, in, size, &quoted) != 0)
		abort();
	if (out.len > size)
		abort();
	for (i = 0; i < out.len; i++) { /* each kept byte appears in order */
		p = memchr(in + pos, out.data[i], size - pos);
		if (p == NULL)
			abort();
		pos = (size_t)(p - in) + 1;
	}
	pc_buf_free(&out);
	return 0;
}
