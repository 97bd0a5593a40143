/* The escalation checklist (checklist.md / checklist.html) and the routes
 * it is grouped by (policies/escalation.yaml). */
#ifndef PC_CHECKLIST_H
#define PC_CHECKLIST_H

#include <stddef.h>

#include "agent/report.h"

/* One escalation route from policies/escalation.yaml. */
struct pc_route {
	char *id, *name, *when, *contact, *say;
	char *by; /* optional: said on each step instead of its due date */
	long order; /* 1 = most urgent */
	int line;
};

struct pc_escalation {
	char *path;
	struct pc_route *routes;
	size_t n;
};

/* Loads and validates escalation.yaml (errors name file:line). Caller frees
 * with pc_escalation_free(). */
int pc_escalation_load(struct pc_escalation **esc_out, const char *path);

void pc_escalation_free(struct pc_escalation *esc);

/* The route with id, or NULL. Borrowed. */
const struct pc_route *pc_escalation_find(const struct pc_escalation *esc,
    const char *id);

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
