/* Commands that read untrusted input in their own process confine it. */
#include <stdio.h>

#include "agent/cli/cli.h"
#include "agent/lib/err.h"
#include "agent/sandbox.h"

/*
 * inspect (files to check), verify and aggregate (report folders from
 * offices) parse what they read themselves, unlike scan, whose checks run
 * in sandboxed children: they confine the whole process to reading paths
 * (see pc_sandbox_apply_reader). Without Landlock the other layers still
 * hold and one line says reads are not confined: these are tools a person
 * runs, and fail-closed is for signed scan reports.
 */
int
pc_cli_confine(const char *cmd, const char *const *paths, size_t n)
{
	struct pc_sandbox_applied applied;

	if (pc_sandbox_apply_reader(paths, n, &applied) != 0) {
		pc_cli_error(pc_error_get());
		return -1;
	}
	if (!applied.landlock_fs)
		fprintf(stderr,
		    "portcullis: warning: this kernel has no Landlock, so %s is unconfined and could read files outside the paths it was given (seccomp, no-write and resource limits still apply).\n",
		    cmd);
	return 0;
}
