/* Fuzz target: the matcher never crashes, leaks or reports out-of-range
 * findings on any bytes, fed whole and in chunks split by the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/content/detectors.h"
#include "checks/content/matcher.h"

static struct pc_detectors *set;
static struct pc_matcher *matcher;
static size_t input_len;

/* Checks every finding lies inside the input and has a masked preview. */
static int
on_finding(void *arg, const struct pc_match *m)
{
	(void)arg;
	if (m->offset > input_len || m->length > input_len ||
	    m->offset + m->length > input_len || m->line == 0 ||
	    m->column == 0 || m->detector == NULL || strlen(m->hmac) != 64)
		abort();
	return 0;
}

/* Loads the shipped detectors once (the fuzz loop reuses the matcher). */
static void
setup(void)
{
	static const unsigned char key[] = "fuzz-key";

	if (matcher != NULL)
		return;
	if (pc_detectors_load_dir(&set, PC_SOURCE_DIR "/policies/detectors") !=
		0 ||
	    pc_matcher_new(&matcher, set, key, sizeof(key) - 1, on_finding,
		NULL) != 0)
		abort();
}

/* Feeds the input as one unit; the first byte chooses the chunk size. */
static void
feed(const uint8_t *data, size_t size, size_t chunk)
{
	struct pc_text_sink sink;
	struct pc_text_loc loc = { .path = "fuzz", .exact = true,
		.base_line = 1 };
	size_t i, k;

	pc_matcher_sink(matcher, &sink);
	if (sink.begin(sink.arg, &loc) != 0)
		abort();
	for (i = 0; i < size; i += k) {
		k = size - i < chunk ? size - i : chunk;
		if (sink.data(sink.arg, (const char *)data + i, k) != 0)
			abort();
	}
	if (sink.end(sink.arg) != 0)
		abort();
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	input_len = size;
	feed(data, size, size > 0 ? size : 1);
	feed(data, size, size > 0 ? (size_t)data[0] % 17 + 1 : 1);
	return 0;
}
