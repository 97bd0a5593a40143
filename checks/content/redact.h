/* Masked previews and keyed hashes: a report never holds a raw value. */
#ifndef PC_CONTENT_REDACT_H
#define PC_CONTENT_REDACT_H

#include <stddef.h>

#define PC_REDACT_PREVIEW_MAX 96
#define PC_REDACT_HMAC_HEX    65 /* 64 hex digits and a NUL */

/*
 * Writes a masked preview of a normalised value (see validators.h) into
 * out, in the style named by mask ("nino", "card", "token", "secret", "email",
 * "phone", "postcode", "last2", "bank", "iban", "private_key", "password",
 * "full"). Unknown styles mask everything. The preview never contains more
 * of the value than its style shows: NINO "AB ** ** ** C", card
 * "**** **** **** 4242", token "ghp_****...last4", email "s***@domain",
 * date of birth and driving licence nothing at all.
 */
void pc_redact_preview(
    char *out, size_t cap, const char *mask, const char *norm, size_t len);

/*
 * HMAC-SHA256 of the normalised value under key, as 64 lower-case hex
 * digits in out (PC_REDACT_HMAC_HEX bytes). The same value gives the same
 * hash under the same office key, so an item can be found again without
 * the report holding it. Returns 0 or PC_ECRYPTO.
 */
int pc_redact_hmac(char *out, const unsigned char *key, size_t keylen,
    const char *norm, size_t len);

/* The mask style for a validator name (used when a detector names none). */
const char *pc_redact_mask_for(const char *validator);

#endif
