/* Fuzz target: the mime extractor never crashes, leaks or breaks the sink
 * contract (begin/data/end properly nested) on any input. */
#include <stdint.h>
#include <stdlib.h>

#include "checks/content/extract.h"

static int open_unit;

/* Checks units are not nested. */
static int
fz_begin(void *arg, const struct pc_text_loc *loc)
{
	if (open_unit)
		abort();
	open_unit = 1;
	return 0;
}

/* Checks data arrives inside a unit. */
static int
fz_data(void *arg, const char *p, size_t n)
{
	if (!open_unit)
		abort();
	return 0;
}

/* Checks every unit that ends was begun. */
static int
fz_end(void *arg)
{
	if (!open_unit)
		abort();
	open_unit = 0;
	return 0;
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_text_sink sink = { fz_begin, fz_data, fz_end, NULL };
	struct pc_text_loc loc = { .path = "fuzz.mbox", .base_line = 1 };

	open_unit = 0;
	(void)pc_extract_mem((const char *)data, size, &loc, PC_DOC_MBOX, &sink,
	    NULL);
	if (open_unit)
		abort();
	return 0;
}
