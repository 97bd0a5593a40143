/* RS256 JSON Web Tokens (Google service-account assertions) and base64url. */
#ifndef PC_JWT_H
#define PC_JWT_H

#include <stddef.h>

#include "agent/lib/buf.h"

/* Appends base64url (RFC 4648 section 5, no padding) of data to out. */
int pc_base64url_encode(struct pc_buf *out, const void *data, size_t len);

/*
 * Decodes base64url text (padding optional) into out (initialised by the
 * caller). PC_EPARSE on a character outside the alphabet.
 */
int pc_base64url_decode(struct pc_buf *out, const char *text, size_t len);

/*
 * Builds header.claims.signature: header {"alg":"RS256","typ":"JWT"}
 * (plus "kid" when key_id is not NULL), claims_json as given, signed with
 * RSA PKCS#1 v1.5 + SHA-256 by the PEM private key (PKCS#8 or PKCS#1).
 * Refuses a key that is not RSA or shorter than 2048 bits. Caller wipes
 * and frees *jwt_out with pc_jwt_free().
 */
int pc_jwt_sign_rs256(char **jwt_out, const char *claims_json,
    const char *key_id, const char *pem, size_t pem_len);

/* Wipes and frees a string made by pc_jwt_sign_rs256 (NULL-safe). */
void pc_jwt_free(char *jwt);

#endif
