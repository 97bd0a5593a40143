/* Fuzz target: finding protected details (n-grams, address shingles,
 * postcode, phone and registration shapes) never crashes, and every hit
 * is a stored person with a short masked preview. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/threats/protect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pc_protect *store;

/* A store with one detail of each kind. */
static void
make_store(void)
{
	if (pc_protect_new(&store, (const unsigned char *)"fuzz key", 8) ||
	    pc_protect_add(store, "A Person", PC_PROT_HOME_ADDRESS,
	    "14 Orchard Rise, Little Wexcombe") ||
	    pc_protect_add(store, "A Person", PC_PROT_POSTCODE, "EX7 2QD") ||
	    pc_protect_add(store, "A Person", PC_PROT_PHONE, "07700 900123") ||
	    pc_protect_add(store, "A Person", PC_PROT_CAR_REG, "HM19 KXT") ||
	    pc_protect_add(store, "A Person", PC_PROT_NAME, "Poppy Marsh") ||
	    pc_protect_add(store, "A Person", PC_PROT_SCHOOL,
	    "St Aldhelm's Primary"))
		abort();
}

/* Finds details in data and checks the hits. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_protect_hit hits[8];
	int n, i;

	if (store == NULL)
		make_store();
	n = pc_protect_find(store, (const char *)data, size, hits, 8);
	if (n > 8)
		abort();
	for (i = 0; i < n; i++)
		if (strcmp(hits[i].person, "A Person") != 0 ||
		    strnlen(hits[i].masked, sizeof(hits[i].masked)) ==
		    sizeof(hits[i].masked))
			abort();
	return 0;
}
