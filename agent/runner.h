/* Runs checks in forked, sandboxed children and collects their findings. */
#ifndef PC_RUNNER_H
#define PC_RUNNER_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "agent/report.h"

struct pc_run_opts {
	int jobs;        /* children at once; <= 0 = number of cores */
	bool no_sandbox; /* operator override, recorded in the report */
	char **only;     /* run only these ids (NULL = all) */
	size_t nonly;
	FILE *progress;     /* NULL = quiet */
	bool progress_live; /* stderr is a terminal: live line */
	long long now;      /* scan start (unix time) */
	long default_max_findings;
	bool probe; /* run each check's probe, not its run
				   (config check); no probe = skipped */
};

/*
 * Runs checks (NULL-terminated) under the policy: each enabled check in its
 * own child, jobs at a time; appends one pc_report_check per check and its
 * validated findings to report. A check that crashes, times out, breaks
 * the sandbox or the protocol is recorded as error with a reason; the run
 * goes on. Returns nonzero only for failures of the parent itself.
 */
int pc_runner_run(struct pc_report *report, const struct check *const *checks,
    const struct pc_config *cfg, const struct pc_policy *policy,
    const struct pc_run_opts *opts);

#endif
