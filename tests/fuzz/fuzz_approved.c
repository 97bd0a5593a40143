/* Fuzz target: the approved-policies parser must never crash, and every
 * entry it accepts has a 64-hex hash that pc_approved_find finds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reporter/approved.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses data as an approved-policies file and checks what it accepted. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_approved *a = NULL;
	size_t i;

	if (pc_approved_parse(&a, "fuzz", (const char *)data, size) != 0)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strlen(a->entries[i].sha256) != 64 ||
		    a->entries[i].policy_id == NULL ||
		    pc_approved_find(a, a->entries[i].sha256) == NULL)
			abort();
	pc_approved_free(a);
	return 0;
}
