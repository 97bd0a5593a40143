/*
 * The registry of checks and providers: adding a check is one folder and
 * one line in pc_checks; adding a provider, its files in
 * checks/providers/ and one line in providers (its settings).
 */
#include <string.h>

#include "agent/check.h"
#include "checks/providers/github.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "checks/providers/hibp.h"
#include "checks/providers/okta.h"
#include "checks/providers/slack.h"

/* Each check folder exports one struct check. */

extern const struct check pc_check_patch;
extern const struct check pc_check_mfa;
extern const struct check pc_check_exposure;
extern const struct check pc_check_email;
extern const struct check pc_check_threats;

const struct check *const pc_checks[] = {
	&pc_check_patch,
	&pc_check_mfa,
	&pc_check_exposure,
	&pc_check_email,
	&pc_check_threats,
	NULL,
};

/* Each provider's settings under providers.<name>, in the order the
 * starter config shows them. */
static const struct pc_provider_settings *const providers[] = {
	&pc_m365_settings,
	&pc_google_settings,
	&pc_github_settings,
	&pc_slack_settings,
	&pc_okta_settings,
	&pc_hibp_settings,
	NULL,
};

const struct pc_config_tables pc_registry = { pc_checks, providers };

/* The registered check with id, or NULL. */
const struct check *
pc_check_find(const char *id)
{
	size_t i;

	for (i = 0; pc_checks[i] != NULL; i++)
		if (strcmp(pc_checks[i]->id, id) == 0)
			return pc_checks[i];
	return NULL;
}
