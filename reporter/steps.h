/* The checklist's steps in the order people must act (checklist.md/.html/.csv). */
#ifndef PC_STEPS_H
#define PC_STEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/report.h"
#include "agent/routes.h"

/*
 * One step: a finding, or several findings fixed by one action (a
 * machine's security updates: one command lists every package). The
 * findings stay separate in report.json; only the checklist joins them.
 */
struct pc_step {
	const struct pc_report_finding **f; /* nf >= 1, borrowed from the
					       report */
	size_t nf;
	const struct pc_route *route; /* NULL: not in escalation.yaml */
	bool now;                     /* its route has `by` (police): first */
	char day[11];                 /* due day, YYYY-MM-DD */
	enum pc_severity severity;    /* the most severe of f[] */
	bool overdue;
	const char *owner;  /* the finding's owner; NULL: no one named */
	const char *person; /* who does it: owner, else the digital lead's
			       name (pc_steps.lead); NULL if there is none */
	int owner_rank;     /* most severe step of this person and day */
	char *title;        /* owned; NULL: f[0]->title */
	char *subject;      /* owned; NULL: f[0]->subject */
	char *remediation;  /* owned; NULL: f[0]->remediation */
};

struct pc_steps {
	struct pc_step *v;
	size_t n;
	char *lead; /* the digital lead's name, NULL when not named */
};

/*
 * Builds the steps of r in the order people act: first every step whose
 * route has its own `by` (call the police now), by route order; then all
 * others by due day (overdue days first, as they are earliest); within a
 * day by person (steps no one owns are the digital lead's), the person
 * with the most severe step first; within a person most severe first.
 * Findings the office accepted (f->accepted) are not steps. A machine's security updates with the same
 * route, owner, day and severity become one step. staff, if not NULL, is
 * a full name from pc_steps_staff_match(): only that person's steps (the
 * digital lead also gets steps no one owns). Caller frees with
 * pc_steps_free().
 */
int pc_steps_build(struct pc_steps *out, const struct pc_report *r,
    const struct pc_escalation *esc, const char *staff);

void pc_steps_free(struct pc_steps *s);

/*
 * Resolves a --staff query to one person: an exact name (any case), else
 * the one name that contains the query (any case). The names are the
 * report's office.staff, the findings' owners and the digital lead's name.
 * On success *name_out is the full name (caller frees) and *exact_out
 * says whether it was typed in full; otherwise the error names every
 * person (PC_ENOTFOUND) or the people the query could mean (PC_EINVALID).
 */
int pc_steps_staff_match(char **name_out, bool *exact_out,
    const struct pc_report *r, const char *query);

/* The digital lead's name: the text before " <address>", or all of it.
 * Writes at most n bytes to out; "" when the report names no lead. */
void pc_steps_lead_name(char *out, size_t n, const struct pc_report *r);

#endif
