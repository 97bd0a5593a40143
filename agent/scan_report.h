/* Fills the report header before a scan and writes the report after it. */
#ifndef PC_SCAN_REPORT_H
#define PC_SCAN_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "policy.h"
#include "reporter/report.h"

/*
 * Fills office, agent, host, policy and start time, and makes sure
 * out_dir/<office-id>/ exists and is writable, so a bad folder is refused
 * before any check runs.
 */
int pc_scan_report_prepare(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, long long now,
    bool no_sandbox);

/*
 * Writes the report folder out_dir/<office-id>/<YYYY-MM-DD>T<hhmmss>Z/
 * all or nothing; its path goes to dir_out.
 */
int pc_scan_report_write(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, char *dir_out,
    size_t dir_len);

#endif
