/* Quote splitter: the new text of a mail reply, without what it quotes. */
#ifndef PC_THREATS_QUOTE_H
#define PC_THREATS_QUOTE_H

#include <stddef.h>

#include "agent/lib/buf.h"

/*
 * Appends to out the lines of body the sender wrote: drops lines quoted
 * with '>', the "On ... wrote:" line before them, and everything from an
 * Outlook "From: ... Sent: ..." header block, an "-----Original
 * Message-----" line or a forwarded-message marker to the end, and a
 * legal disclaimer's paragraph ("This email and any attachments are
 * confidential..."), no one's words. Sets
 * *quoted_out to the number of lines dropped. Returns 0 or PC_ENOMEM.
 */
int pc_threats_quote_split(
    struct pc_buf *out, const char *body, size_t len, size_t *quoted_out);

/*
 * Appends to rest what pc_threats_quote_split drops: the quoted lines
 * without their '>' marks, and everything from a marker or header block
 * on ("Forwarded so she can see it. Couldn't agree more." above a group
 * chat). Returns 0 or PC_ENOMEM.
 */
int pc_threats_quote_rest(struct pc_buf *rest, const char *body, size_t len);

#endif
