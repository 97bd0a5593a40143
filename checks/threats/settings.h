/* The threats check's settings (checks.threats in the config). */
#ifndef PC_THREATS_SETTINGS_H
#define PC_THREATS_SETTINGS_H

#include "agent/check.h"

struct pc_threats_settings {
	char *protected_file; /* doxxing: keyed hashes of private details */
};

extern const struct pc_check_settings pc_threats_settings;

#endif
