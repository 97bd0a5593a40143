/* Fuzz target: the PDS keyring parser must never crash, and every entry it
 * accepts has a well-formed office id, key id and window. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reporter/keyring.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses data as a keyring and checks what it accepted. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_keyring *ring = NULL;
	const struct pc_keyring_entry *e;
	size_t i;

	if (pc_keyring_parse(&ring, "fuzz", (const char *)data, size) != 0)
		return 0;
	for (i = 0; i < ring->n; i++) {
		e = &ring->entries[i];
		/* Office * always and only with scope=parliament-tenant. */
		if ((strcmp(e->office_id, "*") == 0) != e->tenant ||
		    (!e->tenant && !pc_keyring_office_id_ok(e->office_id)) ||
		    strlen(e->key_id) != PC_SIGN_KEY_ID_LEN ||
		    (e->valid_after[0] &&
			!pc_keyring_date_ok(e->valid_after, 10)) ||
		    (e->valid_before[0] &&
			!pc_keyring_date_ok(e->valid_before, 10)))
			abort();
		(void)pc_keyring_check(ring, e->office_id,
		    e->tenant ? "parliament-tenant" : NULL, e->key_id,
		    e->valid_after[0] ? e->valid_after : "2026-11-02", NULL);
	}
	pc_keyring_free(ring);
	return 0;
}
