/* RFC 5322 address lists (From, To, Cc, Reply-To) as name/address pairs. */
#ifndef PC_EMAIL_ADDRLIST_H
#define PC_EMAIL_ADDRLIST_H

#include <stdbool.h>
#include <stddef.h>

#define PC_ADDRS_MAX     512 /* addresses kept from one header */
#define PC_ADDR_MAX      320 /* bytes of one address (RFC 5321: 254) */
#define PC_ADDR_NAME_MAX 256 /* bytes of one display name kept */

/* One mailbox: the display name (decoded, may be "") and the address
 * with the domain in lower case. A quoted local part keeps its text
 * without the quotes ("john smith"@example.org -> john smith@...). */
struct pc_addr {
	char name[PC_ADDR_NAME_MAX];
	char addr[PC_ADDR_MAX];
};

struct pc_addrs {
	struct pc_addr *v;
	size_t n, cap;
	size_t dropped; /* mailboxes past the cap or without an address */
};

/*
 * Parses an address-list header value (raw with RFC 2047 encoded-words,
 * or already decoded) with GMime: display names, quoted strings,
 * comments, angle addresses, groups ("Team: a@x, b@y;" gives a and b)
 * and obsolete forms. Mailboxes without a usable local@domain are
 * dropped (counted). Never fails on bad input; returns 0 or PC_ENOMEM.
 * Caller frees with pc_addrs_free().
 */
int pc_addrs_parse(struct pc_addrs *out, const char *value);

void pc_addrs_free(struct pc_addrs *a);

/* Splits addr at its last '@': the local part into local (truncated to
 * n), and returns the domain; NULL when it has no '@'. */
const char *pc_addr_split(const char *addr, char *local, size_t n);

/*
 * Finds the next address written in free text (a web page, a forwarded
 * header block) at or after *pos: local@domain with a dotted domain whose
 * last label is 2+ letters. Copies it (domain lower case) into out (n
 * bytes), sets *start_out to its offset and *pos past it; false when
 * there is none.
 */
bool pc_addr_scan(const char *text, size_t len, size_t *pos, size_t *start_out,
    char *out, size_t n);

#endif
