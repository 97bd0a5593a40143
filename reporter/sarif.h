/* findings.sarif: the report's findings as SARIF 2.1.0 for tools. */
#ifndef PC_SARIF_H
#define PC_SARIF_H

#include <stddef.h>

#include "agent/report.h"

/*
 * Renders r's findings as a SARIF 2.1.0 log (OASIS): one run, tool
 * "portcullis", one rule per check/rule pair ("patch/security_update"),
 * one result per finding: level from severity (critical and high
 * "error", medium "warning", low and info "note"), message = title, a
 * logical location = subject (and a physical one when the subject is
 * "path:line"), the finding id as a partial fingerprint. A copy for tools;
 * report.json stays the signed record. Caller frees *text_out.
 */
int pc_sarif_render(
    char **text_out, size_t *len_out, const struct pc_report *r);

#endif
