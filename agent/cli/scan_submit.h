/* After a scan: queue the new report and send the outbox from a sandboxed child. */
#ifndef PC_SCAN_SUBMIT_H
#define PC_SCAN_SUBMIT_H

#include <stdbool.h>

#include "agent/config.h"

/*
 * When cfg names report.submit_url: copies report_dir into its office's
 * outbox, then forks a child that sandboxes itself (read-only: the outbox,
 * the CA file and the TLS trust; TCP connect only to the URL's port; the
 * seccomp allowlist of the checks) and sends the outbox oldest first. The
 * child parses the server's answers; the parent reads only the names of
 * the reports that were stored (a line each, checked against the outbox)
 * and removes those. Prints one line on stderr: submitted, or queued and
 * why. Never changes the scan's exit status; errors are only printed.
 */
void pc_scan_submit(
    const struct pc_config *cfg, const char *report_dir, bool quiet);

#endif
