/* Whose is the text a message quotes or forwards (own_quote.c). */
#ifndef PC_THREATS_OWN_QUOTE_H
#define PC_THREATS_OWN_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Whether what body quotes or forwards is the writer's own to judge:
 * own (the writer's new lines, quotes split off) holds no word at all
 * (a bare forward), or the earlier message's "From:" (or "On ..., X <a>
 * wrote:") names sender, the mail's From or the export's author: the
 * same address, or the same name when either gives no address. Writes
 * the reason to why.
 */
bool pc_threats_quote_is_own(const char *sender, const char *body, size_t len,
    const char *own, size_t own_len, char *why, size_t cap);

#endif
