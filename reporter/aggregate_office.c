/* One office in the fleet view: how urgent it is, joining both scopes. */
#include <stdbool.h>

#include "aggregate.h"

/* True if one part needs PDS's attention. */
bool
pc_fleet_part_attention(const struct pc_fleet_office *o)
{
	return o->state != PC_FLEET_VERIFIED || o->policy_approved == 0 ||
	    o->overdue || pc_fleet_open_critical(o) > 0 || !o->complete;
}

/* Critical findings of one part the office has not accepted. */
size_t
pc_fleet_open_critical(const struct pc_fleet_office *o)
{
	return o->by_severity[PC_SEV_CRITICAL] - o->accepted_critical;
}

/* True if the office (either part) needs PDS's attention. */
bool
pc_fleet_office_attention(const struct pc_fleet_office *o)
{
	return pc_fleet_part_attention(o) ||
	    (o->tenant && pc_fleet_part_attention(o->tenant));
}

/* Word for an office's state. */
const char *
pc_fleet_state_name(enum pc_fleet_state st)
{
	switch (st) {
	case PC_FLEET_UNVERIFIED: return "UNVERIFIED";
	case PC_FLEET_UNREADABLE: return "UNREADABLE";
	case PC_FLEET_MISSING: return "MISSING";
	case PC_FLEET_VERIFIED: return "verified";
	}
	return "unknown";
}

/* Urgency rank of one part: unverified, missing, policy modified,
 * overdue, critical (not accepted), incomplete, accepted, ok. */
int
pc_fleet_part_rank(const struct pc_fleet_office *o)
{
	if (o->state == PC_FLEET_UNVERIFIED || o->state == PC_FLEET_UNREADABLE)
		return 0;
	if (o->state == PC_FLEET_MISSING)
		return 1;
	/* A modified policy can silence every other signal below. */
	if (o->policy_approved == 0)
		return 2;
	if (o->overdue)
		return 3;
	if (pc_fleet_open_critical(o) > 0)
		return 4;
	if (!o->complete)
		return 5;
	if (o->accepted > 0)
		return 6;
	return 7;
}
