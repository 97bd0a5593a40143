/* Month to month: the previous report, hash chain, first seen, resolved. */
#ifndef PC_HISTORY_H
#define PC_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/policy.h"
#include "agent/report.h"

/*
 * True if name is a report folder name: "YYYY-MM-DDThhmmssZ", optionally
 * followed by "-N" (a second scan in the same second). Staging folders
 * (".name.partial-XXXXXX") and anything else are not reports.
 */
bool pc_history_name_ok(const char *name);

/* The report folder name for a scan started at iso ("2026-12-05T08:00:00Z"
 * -> "2026-12-05T080000Z"): scan, verify's chain and aggregate agree. */
void pc_history_stamp(char out[32], const char *iso);

/*
 * The office's previous report: in office_dir (<out>/<office-id>), the
 * lexically greatest report folder name that sorts before `before` (a
 * folder name; NULL = the latest of all). Its folder path goes to dir_out.
 * A folder with a report's name is a report even if its report.json is
 * gone: scan and verify both then say the chain is broken, never skip it. PC_ENOTFOUND when there is none (the first
 * report); PC_ELIMIT when office_dir holds over 100,000 entries.
 */
int pc_history_previous(
    char *dir_out, size_t dir_len, const char *office_dir, const char *before);

/*
 * Applies the office's history to a report the runner has just filled
 * (called in the parent before the report is written). With a previous
 * report in office_dir (see pc_history_previous, before = the folder name
 * r->started_at gives):
 * - previous_report_sha256 = hex SHA-256 of its report.json bytes;
 * - a finding with the same id keeps the earlier first_seen, is marked
 *   persisting, and its due date is recomputed from first_seen and the
 *   policy's due_days for its severity;
 * - a persisting finding whose due date is before `now` is marked overdue
 *   and, when its rule has overdue_escalate_to, moved to that route;
 * - a previous finding no longer present is listed in resolved[] when its
 *   check ran this time (pass or fail); a check that errored or was skipped
 *   resolves nothing.
 * No previous report: nothing changes (first report, chain starts here).
 * A previous report.json that cannot be read, does not parse, or names
 * another office is an error naming it (the chain must not silently break).
 */
int pc_history_apply(struct pc_report *r, const char *office_dir,
    const struct pc_policy *p, long long now);

/* Parses "YYYY-MM-DDThh:mm:ssZ" into unix time; -1 if malformed. */
long long pc_history_time_parse(const char *iso);

#endif
