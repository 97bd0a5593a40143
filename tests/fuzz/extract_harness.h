/* Shared by the extractor fuzz targets: runs one extractor on the input and
 * aborts if the sink contract breaks (units nested, data outside a unit,
 * an end without a begin, a unit left open). */
#ifndef PC_FUZZ_EXTRACT_HARNESS_H
#define PC_FUZZ_EXTRACT_HARNESS_H

#include <stdint.h>
#include <stdlib.h>

#include <string.h>

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

/* Checks a mark arrives inside a unit, its locator a C string. */
static int
fz_mark(void *arg, const struct pc_text_mark *mk)
{
	(void)arg;
	if (!open_unit)
		abort();
	if (mk->locator != NULL && strlen(mk->locator) > (1u << 20))
		abort();
	return 0;
}

/* Runs the extractor for type on one input named path. */
static void
fuzz_extract(const uint8_t *data, size_t size, const char *path,
    enum pc_doc_kind type)
{
	struct pc_text_sink sink = { fz_begin, fz_data, fz_end, NULL,
		fz_mark };
	struct pc_text_loc loc = { .path = path, .base_line = 1 };

	open_unit = 0;
	(void)pc_extract_mem((const char *)data, size, &loc, type, &sink,
	    NULL);
	if (open_unit)
		abort();
}

#endif
