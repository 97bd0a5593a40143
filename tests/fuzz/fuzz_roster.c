/* Fuzz target: the PDS roster CSV (agent/roster.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/vocab.h"
#include "agent/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses data; every accepted entry must hold what the parser promises. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_roster *ro = NULL;
	size_t i;

	if (pc_roster_parse(&ro, "fuzz", (const char *)data, size) != 0)
		return 0;
	for (i = 0; i < ro->n; i++) {
		const struct pc_roster_entry *e = &ro->entries[i];

		if (!pc_office_id_ok(e->office_id) ||
		    pc_roster_find(ro, e->account) != e)
			abort();
	}
	for (i = 1; i < ro->noffices; i++)
		if (strcmp(ro->offices[i - 1], ro->offices[i]) >= 0)
			abort();
	pc_roster_free(ro);
	return 0;
}
