/* The MP's names from the staff list. */
#include <strings.h>

#include "targets.h"

/* The names and aliases of staff whose role is MP. */
size_t
pc_threats_mp_names(const struct pc_config *cfg, const char **names, size_t max)
{
	const struct pc_staff *s;
	size_t i, k, n = 0;

	for (i = 0; cfg && i < cfg->nstaff; i++) {
		s = &cfg->staff[i];
		if (s->role == NULL || strcasecmp(s->role, "MP") != 0)
			continue;
		if (s->name && n < max)
			names[n++] = s->name;
		for (k = 0; k < s->naliases && n < max; k++)
			names[n++] = s->aliases[k];
	}
	return n;
}
