/* Fuzz target: the apt.conf parser never crashes or leaks; a value it
 * keeps always names the file it came from. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/patch/aptconf.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_aptconf conf;

	memset(&conf, 0, sizeof(conf));
	(void)pc_aptconf_parse(&conf, "fuzz.conf", (const char *)data, size);
	if (conf.unattended_upgrade.value != NULL &&
	    conf.unattended_upgrade.file == NULL)
		abort();
	if (conf.update_lists.value != NULL && conf.update_lists.file == NULL)
		abort();
	(void)pc_aptconf_enabled(&conf.unattended_upgrade);
	pc_aptconf_free(&conf);
	return 0;
}
