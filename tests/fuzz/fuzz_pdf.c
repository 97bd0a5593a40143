/* Fuzz target: the PDF reader (objects, xref tables and streams, object
 * streams, the repair scan, filters, fonts, CMaps, content streams)
 * never crashes, leaks or breaks the sink contract on any input. */
#include "extract_harness.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_extract(data, size, "fuzz.pdf", PC_DOC_PDF);
	return 0;
}
