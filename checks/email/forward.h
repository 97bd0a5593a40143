/* Is a message a forward, and whose message did it forward? */
#ifndef PC_EMAIL_FORWARD_H
#define PC_EMAIL_FORWARD_H

#include <stdbool.h>
#include <stddef.h>

#include "addrlist.h"

#define PC_FWD_SCAN_MAX (256u << 10) /* bytes of a body part examined */

/* What a message's body says about a forwarded message inside it. */
struct pc_fwd_body {
	bool marker; /* "Forwarded message", "Begin forwarded message:" */
	bool block;  /* a quoted header block: From: then Sent:/Date: and
			To:/Subject: within the next lines (Outlook, Gmail,
			Apple Mail, Thunderbird) */
	char from[PC_ADDR_MAX]; /* the first block's sender, or "" */
};

/* True when subject starts (after [tags]) with a forward prefix: Fwd:,
 * Fw:, FW:, TR:, WG:, Fwd[2]: (any case). */
bool pc_fwd_subject(const char *subject);

/* True when subject starts with a reply prefix: Re:, AW:, SV:, Antw:. */
bool pc_fwd_subject_reply(const char *subject);

/*
 * Reads a body part's text (up to PC_FWD_SCAN_MAX bytes) for a forward
 * marker and the first forwarded header block; fills in what it finds
 * and keeps what out already holds (call it for each text part).
 */
void pc_fwd_body_scan(struct pc_fwd_body *out, const char *text, size_t len);

#endif
