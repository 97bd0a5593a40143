/* Whose address is it: the office's, a staff member's personal one, or
 * someone else's (a constituent's, a council's). */
#ifndef PC_EMAIL_WHOSE_H
#define PC_EMAIL_WHOSE_H

#include <stdbool.h>

#include "agent/config.h"
#include "personal.h"

struct pc_whose {
	bool office;                  /* Parliament's or office.domains */
	const struct pc_staff *staff; /* whose it is, when known */
	const char *personal;         /* the personal-mail pattern, or NULL */
	bool staff_personal;          /* a staff member's non-office address */
};

/*
 * Classifies addr (lower-case domain) with its display name (may be ""):
 * an office address (staff set when it is someone's on the staff list or
 * names them); or a staff member's non-office address — their staff-list
 * email, their name or an alias in the local part or in one or two
 * adjacent segments of it (jane.smith.home, alexcaseworker.exampleshire;
 * any domain outside the office's), or their full name as the display name of an address
 * at a personal mail service; or anyone else's (staff NULL). A
 * constituent writing from Gmail is someone else's.
 */
void pc_email_whose(struct pc_whose *out, const struct pc_config *cfg,
    const struct pc_personal *personal, const char *addr, const char *display);

#endif
