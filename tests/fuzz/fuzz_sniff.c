/* Fuzz target: kind sniffing (mail header blocks, UTF-16 without a BOM)
 * and the extractor it picks; the harness checks the sink contract. */
#include "extract_harness.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(data, size, "fuzz-input", PC_DOC_AUTO);
	return 0;
}
