/*
 * The threats check as the registry sees it, in two parts: messages
 * (needs() declares the mail and export sources whose `checks:` names
 * threats, read-only, the protected-details file and the office HMAC
 * key; run.c reads them through the rule engine) and website (website.c:
 * doxxing on the office's pages).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/check.h"
#include "checks/exposure/exposure.h"
#include "check_int.h"
#include "settings.h"

/* Does the source name the threats check (explicitly)? */
bool
pc_threats_reads(const struct pc_source *s)
{
	size_t i;

	if (s->path == NULL || strcmp(s->kind, "website") == 0)
		return false;
	for (i = 0; i < s->nchecks; i++)
		if (strcmp(s->checks[i], "threats") == 0)
			return true;
	return false;
}

/* The check's settings, or an empty set. */
const struct pc_threats_settings *
pc_threats_settings_of(const struct pc_config *cfg)
{
	static const struct pc_threats_settings none;
	const struct pc_threats_settings *s =
	    pc_config_check_settings(cfg, "threats");

	return s ? s : &none;
}

/* The sources, the protected details and the office key; not applicable
 * when no source names threats. */
static int
threats_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	const char *prot = pc_threats_settings_of(cfg)->protected_file;
	size_t count = 0;
	int r;

	if ((r = pc_needs_add_sources(cfg, n, pc_threats_reads, &count)) != 0)
		return r;
	if (count == 0)
		return pc_needs_not_applicable(n,
		    "no mail or export source names this check (add threats to a source's checks:)");
	/* missing files are reported by run() for this check, not the scan */
	if (prot != NULL && access(prot, F_OK) == 0 &&
	    (r = pc_needs_add_path(n, prot)) != 0)
		return r;
	if ((r = pc_needs_add_office_key(cfg, n)) != 0)
		return r;
	return pc_needs_add_iconv(n);
}

/* The parts the runner runs in separate children: the messages with no
 * network, the website with no files but the protected details. */
static const struct pc_check_part threats_parts[] = {
	{ "messages", threats_needs, pc_threats_run },
	{ "website", pc_threats_needs_website, pc_threats_run_website },
	{ NULL, NULL, NULL },
};

const struct check pc_check_threats = {
	.id = "threats",
	.title =
	    "Threats, abuse and doxxing in the office's mail and messages, and doxxing on the office website",
	.settings = &pc_threats_settings,
	.parts = threats_parts,
};
