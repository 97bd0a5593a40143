/* The tally of staff members' personal addresses in one mail source. */
#ifndef PC_EMAIL_MAILUSE_H
#define PC_EMAIL_MAILUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/config.h"
#include "mailread.h"
#include "personal.h"

#define PC_MAILUSE_MAX      4096       /* staff/address pairs per source */
#define PC_MAILUSE_SEEN_MAX (1u << 20) /* messages remembered for dedup */

/* One staff member's personal address as seen in the source. Dates are
 * "YYYY-MM-DD" or "" when no message had one. */
struct pc_mail_use {
	const struct pc_staff *staff;
	char addr[PC_ADDR_MAX];
	const char *personal; /* personal-mail pattern, or NULL (their name
				 in the address) */
	size_t msgs, sent, received;
	char first[11], last[11];
	/* casework: constituents' messages forwarded here from the office */
	size_t fwd, fwd_origin_unknown;
	char fwd_first[11], fwd_last[11];
};

struct pc_mailuse_stats {
	size_t messages;      /* handed to pc_mailuse_add */
	size_t duplicates;    /* the same message again (Message-ID), not
			      counted twice */
	size_t with_personal; /* messages with a staff personal address */
	size_t forwards;      /* of those, casework forwards */
	size_t no_address;    /* messages without From and To: skipped */
	size_t over_cap;      /* pairs past PC_MAILUSE_MAX, not kept */
	bool seen_full;       /* dedup memory full: later copies counted */
};

struct pc_mailuse;

/* A tally over cfg's staff and the personal-mail list (borrowed). Caller
 * frees with pc_mailuse_free(). */
int pc_mailuse_new(struct pc_mailuse **out, const struct pc_config *cfg,
    const struct pc_personal *personal);

void pc_mailuse_free(struct pc_mailuse *u);

/*
 * Adds one message: each From, Reply-To, To and Cc address that is a
 * staff member's personal one (see whose.h) counts the message once for
 * that pair; a message seen before (same Message-ID, else the same date,
 * sender and subject) counts nothing. It is casework forwarded when it is
 * a forward (Fwd:/FW: subject, a forward marker, an attached message, or
 * a quoted header block in a message that is not a reply), sent from an
 * office address, whose forwarded message's sender is not the office's
 * or staff (or is not shown), and the pair is a recipient.
 */
int pc_mailuse_add(struct pc_mailuse *u, const struct pc_mail_msg *m);

/* The pairs so far, in first-seen order. Borrowed. */
const struct pc_mail_use *pc_mailuse_list(
    const struct pc_mailuse *u, size_t *n_out);

const struct pc_mailuse_stats *pc_mailuse_stats(const struct pc_mailuse *u);

/* Starts again for the next source (the lists stay allocated). */
void pc_mailuse_reset(struct pc_mailuse *u);

#endif
