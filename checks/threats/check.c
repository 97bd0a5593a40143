/*
 * The threats check as the registry sees it. The rule engine, lexicons and
 * protected details are built (engine.c, protect.c) and run by
 * `portcullis inspect --detectors threats`; the sandboxed child that reads
 * the config's sources is not yet wired, so the check says it is not
 * applicable, with why, rather than pass (the baseline policy keeps it
 * off until it is).
 */
#include "agent/check.h"
#include "settings.h"

/* Not applicable until the source reader is wired: never a pass. */
static int
threats_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	(void)cfg;
	return pc_needs_not_applicable(n, "the threats check does not read "
	    "the config's sources yet; check an export with portcullis "
	    "inspect --detectors threats --config FILE");
}

const struct check pc_check_threats = {
	.id = "threats",
	.title = "Threats, abuse and doxxing in the office's mail and "
		 "messages",
	.settings = &pc_threats_settings,
	.needs = threats_needs,
};
