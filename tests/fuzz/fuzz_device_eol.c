/* Fuzz target: the device end-of-life snapshot loader
 * (policies/eol-devices.yaml) and a classification on whatever it
 * accepts never crash, overrun or leak. */
#include <stdint.h>
#include <stdlib.h>

#include "checks/patch/device_eol.h"

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const versions[] = { "10.0.22631.4460", "15.6",
		"17.7.7", "14", "8", "12.1" };
	static const enum pc_device_os oses[] = { PC_DEV_WINDOWS,
		PC_DEV_MACOS, PC_DEV_IOS, PC_DEV_ANDROID, PC_DEV_ANDROID,
		PC_DEV_IPADOS };
	struct pc_deveol_verdict v;
	struct pc_deveol *d = NULL;
	size_t i;

	if (pc_deveol_parse(&d, "fuzz.yaml", (const char *)data, size) != 0)
		return 0;
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		(void)pc_deveol_classify(&v, d, &(struct pc_device_os_info){
		    .os = oses[i], .version = versions[i],
		    .android_patch_level = "2026-01-01" }, d->snapshot_t);
	pc_deveol_free(d);
	return 0;
}
