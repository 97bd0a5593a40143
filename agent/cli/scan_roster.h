/* A roster scan: PDS's tenant-wide checks, split into a report per office. */
#ifndef PC_SCAN_ROSTER_H
#define PC_SCAN_ROSTER_H

#include <stdbool.h>

#include "agent/config.h"
#include "agent/policy.h"
#include "agent/runner.h"

/*
 * With cfg->roster: runs the roster checks (mfa) once over the tenant in
 * providers.microsoft365, then writes one report of scope
 * parliament-tenant per office the roster names, holding the findings of
 * that office's accounts, and one for pds-unassigned (accounts no office
 * claims, the tenant's own settings). Each goes to
 * out_dir/<office>/parliament-tenant/<YYYY-MM-DD>T<hhmmss>Z/, chained to
 * that folder's previous report, signed with report.signing_key (the PDS
 * key), and submitted when report.submit_url is set. Prints one line (or
 * with json one array element) per report. Returns the exit code: 2 if a
 * report could not be written (the others still are), else 3 if any is
 * incomplete, 1 if any has a finding at fail_on, 0.
 */
int pc_scan_roster(const struct pc_config *cfg, const struct pc_policy *policy,
    struct pc_run_opts *opts, const char *out_dir, bool json, bool quiet);

#endif
