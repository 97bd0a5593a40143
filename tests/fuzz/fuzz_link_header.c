/* Fuzz target: RFC 8288 Link header parsing and the next-link origin
 * check must never crash, and a found target is never empty. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses data as a Link header; checks the result against a base URL. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *next = NULL;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (pc_http_link_next(&next, text) == 0 && next != NULL) {
		if (next[0] == '\0')
			abort();
		(void)pc_http_same_origin("https://127.0.0.1:8443/ok/okta", next);
	}
	free(next);
	free(text);
	return 0;
}
