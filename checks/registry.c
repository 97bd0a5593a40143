/* The registry of checks: adding a check is one folder and one line here. */
#include <string.h>

#include "agent/check.h"

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
