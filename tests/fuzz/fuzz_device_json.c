/* Fuzz target: the device inventories' page parsers (Intune
 * managedDevices, Google mobile devices, ChromeOS devices) and the
 * verdict on every device they accept never crash, overrun or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/patch/devices.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A small snapshot: one release of each family, dated and undated. */
static const char snapshot[] =
    "version: 1\n"
    "snapshot_date: 2026-08-22\n"
    "source: fuzz\n"
    "warn_days: 60\n"
    "patch_level_max_days: 90\n"
    "windows:\n"
    "  - {build: 26200, release: \"11 25H2\", home_pro_end: 2027-10-12, "
    "enterprise_end: 2028-10-10}\n"
    "  - {build: 18363, release: \"10 1909\", home_pro_end: 2021-05-11, "
    "enterprise_end: 2022-05-10}\n"
    "macos:\n"
    "  - {cycle: \"26\", name: \"macOS 26\", latest: \"26.6.2\"}\n"
    "ios:\n"
    "  - {cycle: \"17\", name: \"iOS 17\", latest: \"17.7.7\", "
    "end: 2025-05-13}\n"
    "ipados:\n"
    "  - {cycle: \"18\", name: \"iPadOS 18\", latest: \"18.7.10\"}\n"
    "android:\n"
    "  - {cycle: \"16\", name: \"Android 16\"}\n";

/* Judges each device the way the check does, then drops it. */
static int
sink(void *arg, const struct pc_device *d)
{
	struct pc_deveol_verdict v;

	(void)pc_deveol_classify(&v, arg, &d->os, 1787356800LL);
	pc_error_clear();
	return 0;
}

/* One input: a page body for each inventory. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pc_deveol *eol;
	struct pc_devices_inv inv = { .id = "fuzz", .sink = sink };
	cJSON *page = NULL;

	if (eol == NULL && pc_deveol_parse(&eol, "fuzz.yaml", snapshot,
	    sizeof(snapshot) - 1) != 0)
		abort();
	inv.sink_arg = eol;
	inv.eol = eol;
	if (pc_json_parse(&page, (const char *)data, size, 1 << 20,
	    "fuzz") != 0) {
		pc_error_clear();
		return 0;
	}
	(void)pc_intune_devices_page(&inv, page);
	(void)pc_google_mobile_page(&inv, page);
	(void)pc_google_chromeos_page(&inv, page);
	pc_error_clear();
	cJSON_Delete(page);
	return 0;
}
