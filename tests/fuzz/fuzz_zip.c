/* Fuzz target: the zip extractor never crashes, leaks or breaks the sink
 * contract on any input. */
#include "extract_harness.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(data, size, "fuzz.docx", PC_DOC_OFFICE);
	return 0;
}
