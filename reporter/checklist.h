/* The escalation checklist (checklist.md / checklist.html / CSV). */
#ifndef PC_CHECKLIST_H
#define PC_CHECKLIST_H

#include <stddef.h>

#include "agent/report.h"
#include "agent/routes.h"

enum pc_checklist_format {
	PC_CHECKLIST_MD,
	PC_CHECKLIST_HTML,
	PC_CHECKLIST_CSV, /* one row per step, with a justification column */
};

/*
 * Renders the checklist for r in the order people act (reporter/steps.h):
 * police first, then by due date, then by person; each step with what to
 * do, by when, its route's contact and wording, the finding ids and how
 * to confirm the fix. staff, if not NULL, is a full name (resolve a typed
 * one with pc_steps_staff_match()) and keeps only that person's steps
 * (steps with no owner belong to the digital lead). esc NULL: every step
 * says its route is unknown. Caller frees *text_out.
 */
int pc_checklist_render(char **text_out, size_t *len_out,
    const struct pc_report *r, const struct pc_escalation *esc,
    enum pc_checklist_format format, const char *staff);

#endif
