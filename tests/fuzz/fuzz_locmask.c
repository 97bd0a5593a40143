/* Fuzz target: locator masking never crashes on any bytes, always ends
 * its output with a NUL inside the buffer, and masking its own output
 * again changes nothing (a masked preview is never itself a value). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/policy.h"
#include "checks/content/locmask.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pc_policy *policy;
static struct pc_locmask *lm;

/* Loads the shipped baseline and its detectors once. */
static void
setup(void)
{
	if (lm != NULL)
		return;
	if (pc_policy_load(&policy, PC_SOURCE_DIR "/policies/baseline.yaml") !=
		0 ||
	    pc_locmask_new(&lm, policy) != 0)
		abort();
}

/* Masks data (as a C string, capped like a subject) twice. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char in[1025], out[1025], again[1025];
	bool changed;

	setup();
	if (size > 1024)
		size = 1024;
	memcpy(in, data, size);
	in[size] = '\0';
	if (pc_locmask_apply(lm, in, out, sizeof(out), &changed) != 0)
		return 0;
	if (memchr(out, '\0', sizeof(out)) == NULL)
		abort();
	if (!changed && strcmp(in, out) != 0)
		abort();
	if (pc_locmask_apply(lm, out, again, sizeof(again), &changed) == 0 &&
	    changed && strlen(out) < sizeof(out) - 1)
		abort();
	return 0;
}
