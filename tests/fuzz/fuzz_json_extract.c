/* Fuzz target: the JSON extractor (paths, raw value offsets); the
 * harness checks the sink contract. */
#include "extract_harness.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(data, size, "fuzz.json", PC_DOC_JSON);
	return 0;
}
