/* Have I Been Pwned: its settings under providers.hibp. */
#ifndef PC_PROVIDER_HIBP_H
#define PC_PROVIDER_HIBP_H

#include "checks/providers/provider.h"

/* Its settings under providers.hibp, bound from pc_hibp_settings
 * (agent/config.h's struct pc_provider_settings). */
struct pc_hibp {
	bool present;
	char *api_key_file, *api_url;
	long requests_per_minute; /* 10 when left out */
};

extern const struct pc_provider_settings pc_hibp_settings;

/* cfg's providers.hibp: zeroed (present false) when the config leaves it
 * out. Borrowed from cfg. */
const struct pc_hibp *pc_hibp_cfg(const struct pc_config *cfg);

#endif
