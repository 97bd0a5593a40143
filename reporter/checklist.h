/* The escalation checklist (checklist.md / checklist.html). */
#ifndef PC_CHECKLIST_H
#define PC_CHECKLIST_H

#include <stddef.h>

#include "agent/report.h"
#include "agent/routes.h"

enum pc_checklist_format { PC_CHECKLIST_MD, PC_CHECKLIST_HTML };

/*
 * Renders the checklist for r: steps grouped by route (most urgent first),
 * then by owner, each with what to do, by when, the finding id and how to
 * confirm the fix. staff, if not NULL, keeps only that person's steps
 * (owner matched case-insensitively; steps with no owner belong to the
 * digital lead, matched by the name before " <address>" or the whole
 * text). esc NULL lists every step under "Other". Caller frees *text_out.
 */
int pc_checklist_render(char **text_out, size_t *len_out,
    const struct pc_report *r, const struct pc_escalation *esc,
    enum pc_checklist_format format, const char *staff);

#endif
