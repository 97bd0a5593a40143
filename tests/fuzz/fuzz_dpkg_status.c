/* Fuzz target: the dpkg status parser never crashes or leaks, and what it
 * returns is consistent (every installed package has a valid version and
 * can be found by name). */
#include <stdint.h>
#include <stdlib.h>

#include "checks/patch/debversion.h"
#include "checks/patch/dpkg_status.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_dpkg_db *db = NULL;
	size_t i;

	if (pc_dpkg_status_parse(&db, "fuzz-status", (const char *)data,
	    size) != 0) {
		if (db != NULL)
			abort();
		return 0;
	}
	for (i = 0; i < db->npkgs; i++) {
		if (pc_debversion_check(db->pkgs[i].version) != 0)
			abort();
		if (pc_dpkg_find(db, db->pkgs[i].name, db->pkgs[i].arch) ==
		    NULL)
			abort();
	}
	pc_dpkg_db_free(db);
	return 0;
}
