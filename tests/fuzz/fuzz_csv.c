/* Fuzz target: the csv extractor never crashes, leaks or breaks the sink
 * contract on any input. */
#include "extract_harness.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(data, size, "fuzz.csv", PC_DOC_CSV);
	return 0;
}
