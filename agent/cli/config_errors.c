/* The command line's messages for a config that cannot be scanned yet. */
#include <stdio.h>

#include "agent/cli/cli.h"
#include "agent/config.h"
#include "agent/lib/err.h"

/* Prints each unfilled placeholder; -1 when there is any. */
int
pc_cli_placeholders(const struct pc_config *cfg)
{
	size_t i;

	if (cfg->nplaceholders_total == 0)
		return 0;
	for (i = 0; i < cfg->nplaceholders; i++)
		fprintf(stderr,
		    "portcullis: %s:%d: %s: still holds the starter config's placeholder (%s); fill in the office's own value, or delete the line\n",
		    cfg->path, cfg->placeholders[i].line,
		    cfg->placeholders[i].key, cfg->placeholders[i].mark);
	if (cfg->nplaceholders_total > cfg->nplaceholders)
		fprintf(stderr,
		    "portcullis: %s: %zu more placeholders not listed\n",
		    cfg->path, cfg->nplaceholders_total - cfg->nplaceholders);
	fprintf(stderr,
	    "portcullis: %s: %zu placeholder%s to fill in; nothing is scanned or signed until %s filled in\n",
	    cfg->path, cfg->nplaceholders_total,
	    cfg->nplaceholders_total == 1 ? "" : "s",
	    cfg->nplaceholders_total == 1 ? "it is" : "they are");
	return -1;
}

/* Prints the policy load error, naming the config's policy: line. */
void
pc_cli_policy_error(const struct pc_config *cfg)
{
	if (cfg->policy_line > 0)
		fprintf(stderr, "portcullis: %s:%d: policy: %s\n", cfg->path,
		    cfg->policy_line, pc_error_get());
	else
		fprintf(stderr,
		    "portcullis: %s: policy (the default; no policy: line): %s\n",
		    cfg->path, pc_error_get());
}
