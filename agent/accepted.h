/*
 * Accepted risks: the office's accepted file (report.accepted_file), a
 * list of finding ids it has decided to live with for now, each with a
 * reason, an owner on the staff list, the day it was accepted and an
 * expiry at most a year later. A scan copies each entry that matches a
 * finding into it ("accepted until <date>"): the finding stays listed in
 * every output but does not count towards fail_on or the exit code.
 */
#ifndef PC_ACCEPTED_H
#define PC_ACCEPTED_H

#include <stddef.h>

#include "agent/policy.h"
#include "agent/report.h"

#define PC_ACCEPTED_MAX 10000 /* entries in one file */

/* One entry of the file: strings owned, dates as written (checked). */
struct pc_accepted_entry {
	char *id, *reason, *owner, *accepted_on, *expires;
	int line;
};

struct pc_accepted {
	char *path; /* the file, as resolved */
	struct pc_accepted_entry *v;
	size_t n;
};

/*
 * Loads and checks the accepted file at path (the YAML loader and schema
 * tables of the config) for an office whose staff names are staff[0..n)
 * and a day `today` (days since 1970-01-01, UTC). Each error names
 * file:line and the fix: an id that is not a 32-character finding id or
 * is listed twice, no reason, an owner not on the staff list, a date that
 * is not YYYY-MM-DD, accepted_on after today, expires before accepted_on
 * or more than one year after it. Caller frees with pc_accepted_free().
 */
int pc_accepted_load(struct pc_accepted **out, const char *path,
    const char *const *staff, size_t nstaff, long today);

void pc_accepted_free(struct pc_accepted *a);

/*
 * Applies the entries to report r of a scan on day `today` (after the
 * office's history, so a finding in a moved file, whose moved_from is the
 * accepted id, keeps its acceptance). Each entry goes into
 * r->acceptances with its state: applied to the finding with its id (the
 * finding gets `accepted`, is not overdue and keeps its rule's own
 * route), expired (expires before today: the finding counts again) or
 * stale (no finding has the id). A finding routed to police_now (by its
 * rule or now) cannot be accepted: PC_ECONFIG naming the entry's line.
 * warn, if not NULL, is called once per expired or stale entry with one
 * line saying what and what to do.
 */
int pc_accepted_apply(struct pc_report *r, const struct pc_accepted *a,
    const struct pc_policy *p, long today,
    void (*warn)(const char *line, void *arg), void *arg);

#endif
