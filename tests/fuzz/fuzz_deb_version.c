/* Fuzz target: Debian version comparison never crashes, and is a total
 * order on valid versions (reflexive, antisymmetric). The input is two
 * versions separated by a newline. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/patch/debversion.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a, *b, *nl;
	int ab, ba, aa, ra, rb;

	if ((a = malloc(size + 1)) == NULL)
		return 0;
	memcpy(a, data, size);
	a[size] = '\0';
	nl = strchr(a, '\n');
	b = nl ? nl + 1 : a;
	if (nl != NULL)
		*nl = '\0';
	ra = pc_debversion_compare(a, b, &ab);
	rb = pc_debversion_compare(b, a, &ba);
	if ((ra == 0) != (rb == 0))
		abort();
	if (ra == 0) {
		if ((ab > 0) != (ba < 0) || (ab == 0) != (ba == 0))
			abort();
		if (pc_debversion_compare(a, a, &aa) != 0 || aa != 0)
			abort();
	} else if (ab != 0) {
		abort();
	}
	free(a);
	return 0;
}
