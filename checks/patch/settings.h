/* The patch check's settings (checks.patch in the config). */
#ifndef PC_PATCH_SETTINGS_H
#define PC_PATCH_SETTINGS_H

#include "agent/check.h"

struct pc_patch_settings {
	char *root;             /* the system examined; "/" by default */
	long max_list_age_days; /* package lists older are stale */
};

extern const struct pc_check_settings pc_patch_settings;

#endif
