/* Fuzz target: the threats tokeniser and rules never crash on any bytes,
 * and an explanation is always a short NUL-terminated line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/threats/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pc_threats_engine *eng;

/* Judges data and checks the verdict's strings. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *lex[] = { PC_SOURCE_DIR
		"/policies/lexicons/threats-words.yaml",
		PC_SOURCE_DIR "/policies/lexicons/threats-veiled.yaml",
		PC_SOURCE_DIR "/policies/lexicons/threats-allow.yaml",
		PC_SOURCE_DIR "/policies/lexicons/threats-abuse.yaml",
		PC_SOURCE_DIR "/policies/lexicons/threats-model.yaml" };
	const char *names[] = { "Helen Marsh" };
	struct pc_threats_verdict v;
	int r;

	if (eng == NULL && pc_threats_engine_new(&eng, lex, 5, names, 1) != 0)
		abort();
	if (pc_threats_judge(eng, (const char *)data, size, &v) != 0)
		return 0; /* out of memory is an error, never a crash */
	for (r = 0; r < PC_THR_NRULES; r++)
		if (strnlen(v.why[r], PC_THREATS_WHY_MAX) ==
			PC_THREATS_WHY_MAX ||
		    strchr(v.why[r], '\n') || (v.hit[r] && v.why[r][0] == '\0'))
			abort();
	return 0;
}
