/* The escalation routes (policies/escalation.yaml): who to call, how urgently,
 * and what to say. Loaded beside the policy; the checklist and the report
 * pages only render them. */
#ifndef PC_ROUTES_H
#define PC_ROUTES_H

#include <stddef.h>

/* One escalation route from policies/escalation.yaml. */
struct pc_route {
	char *id, *name, *when, *contact, *say;
	char *by;   /* optional: said on each step instead of its due date */
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
const struct pc_route *pc_escalation_find(
    const struct pc_escalation *esc, const char *id);

#endif
