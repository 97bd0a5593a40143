/* The patch check: this computer's pending security updates, reboot,
 * automatic updates, package-list age and operating-system support. */
#ifndef PC_PATCH_PATCH_H
#define PC_PATCH_PATCH_H

#include "agent/check.h"

/* Default for how many days old apt's package lists may be. */
#define PC_PATCH_MAX_LIST_AGE_DAYS 7

/* What one run of the check looks at (tests fill it directly). */
struct pc_patch_opts {
	const char *root;     /* the system's root folder, "/" normally */
	const char *eol_path; /* policies/eol.yaml */
	long long now;        /* Unix time of the scan */
	long max_list_age_days;
};

/*
 * Runs every part of the check against opts, emitting findings and counts
 * through ctx. A part whose files cannot be read or parsed is reported
 * with pc_check_incomplete() and the others still run; the return value is
 * then the first such error (with its pc_error_set() detail).
 */
int pc_patch_scan(struct pc_check_ctx *ctx, const struct pc_patch_opts *opts);

/* The parts: [0] "local" (this computer), [1] "devices" (inventories). */
extern const struct pc_check_part pc_patch_parts[];

extern const struct check pc_check_patch;

#endif
