/* Fuzz target: the distro-info CSV reader never crashes, overruns or
 * leaks, and every release it returns has dates in order. Even first
 * bytes read as debian.csv, odd as ubuntu.csv. */
#include <stdint.h>
#include <stdlib.h>

#include "checks/patch/distro_info.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_eol *eol = NULL;
	size_t i;

	if (size < 1)
		return 0;
	if (pc_distro_info_parse(&eol, data[0] % 2 ? "ubuntu" : "debian",
		"fuzz.csv", (const char *)data + 1, size - 1, 90) != 0)
		return 0;
	for (i = 0; i < eol->nreleases; i++)
		if (eol->releases[i].extended_end_t != 0 &&
		    eol->releases[i].extended_end_t <
		    eol->releases[i].security_end_t)
			abort();
	pc_eol_free(eol);
	return 0;
}
