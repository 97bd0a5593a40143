/* Fuzz target: the html extractor never crashes, leaks or breaks the sink
 * contract on any input. */
#include "extract_harness.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(data, size, "fuzz.html", PC_DOC_HTML);
	return 0;
}
