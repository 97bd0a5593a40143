/* The threats engine from a policy's `checks.threats.lexicons`. */
#include <stdlib.h>

#include "agent/lib/err.h"
#include "agent/policy.h"
#include "engine.h"

#define LEX_MAX 16

/* Loads the engine from the lexicon files the policy names. */
int
pc_threats_engine_from_policy(struct pc_threats_engine **out,
    const struct pc_policy *pol, const char *const *names, size_t nnames)
{
	const struct pc_policy_check *pc = pc_policy_find_check(pol, "threats");
	char *paths[LEX_MAX];
	size_t i, n = 0;
	int r = 0;

	*out = NULL;
	if (pc == NULL || pc->nlexicons == 0 || pc->nlexicons > LEX_MAX)
		return pc_error_set(PC_ECONFIG,
		    "%s: checks.threats.lexicons: expected 1 to %d lexicon files",
		    pol->path, LEX_MAX);
	for (i = 0; i < pc->nlexicons && r == 0; i++)
		if ((paths[n++] = pc_policy_path_of(pol, pc->lexicons[i])) ==
		    NULL)
			r = pc_error_set(PC_ENOMEM, "out of memory");
	if (r == 0)
		r = pc_threats_engine_new(
		    out, (const char *const *)paths, n, names, nnames);
	for (i = 0; i < n; i++)
		free(paths[i]);
	return r;
}
