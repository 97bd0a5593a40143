/* RS256 JSON Web Tokens (Google service-account assertions) and base64url. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cjson/cJSON.h>

#include "agent/lib/err.h"
#include "agent/lib/jwt.h"

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Appends base64url without padding. */
int
pc_base64url_encode(struct pc_buf *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	char q[4];
	size_t i;
	int r;

	for (i = 0; i + 2 < len; i += 3) {
		q[0] = b64url[p[i] >> 2];
		q[1] = b64url[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		q[2] = b64url[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		q[3] = b64url[p[i + 2] & 63];
		if ((r = pc_buf_add(out, q, 4)) != 0)
			return r;
	}
	if (len - i == 1) {
		q[0] = b64url[p[i] >> 2];
		q[1] = b64url[(p[i] & 3) << 4];
		return pc_buf_add(out, q, 2);
	}
	if (len - i == 2) {
		q[0] = b64url[p[i] >> 2];
		q[1] = b64url[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		q[2] = b64url[(p[i + 1] & 15) << 2];
		return pc_buf_add(out, q, 3);
	}
	return 0;
}

/* Value of one base64url character, -1 if outside the alphabet. */
static int
b64_value(char c)
{
	const char *p = c ? strchr(b64url, c) : NULL;

	return p ? (int)(p - b64url) : -1;
}

/* Decodes base64url (padding optional). */
int
pc_base64url_decode(struct pc_buf *out, const char *text, size_t len)
{
	unsigned int acc = 0;
	int bits = 0, v, r;
	unsigned char byte;
	size_t i;

	while (len > 0 && text[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return pc_error_set(
		    PC_EPARSE, "base64url text has a bad length");
	for (i = 0; i < len; i++) {
		if ((v = b64_value(text[i])) < 0)
			return pc_error_set(PC_EPARSE,
			    "base64url text has a character outside its alphabet at offset %zu",
			    i);
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			byte = (unsigned char)(acc >> bits);
			if ((r = pc_buf_add(out, &byte, 1)) != 0)
				return r;
		}
	}
	return 0;
}

/* Loads a PEM private key and insists it is RSA. */
static int
load_rsa_key(EVP_PKEY **key_out, const char *pem, size_t pem_len)
{
	BIO *bio = NULL;
	EVP_PKEY *key = NULL;
	int r = 0;

	*key_out = NULL;
	if (pem_len > 64 * 1024 || pem_len > (size_t)INT32_MAX)
		return pc_error_set(
		    PC_ECRYPTO, "the private key is too large to be a PEM key");
	if ((bio = BIO_new_mem_buf(pem, (int)pem_len)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	if (key == NULL) {
		r = pc_error_set(PC_ECRYPTO,
		    "the private key is not a readable PEM private key");
		goto out;
	}
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) {
		r = pc_error_set(PC_ECRYPTO,
		    "the private key is not an RSA key (RS256 needs RSA)");
		goto out;
	}
	if (EVP_PKEY_get_bits(key) < 2048) {
		r = pc_error_set(PC_ECRYPTO,
		    "the RSA private key has %d bits; at least 2048 are needed",
		    EVP_PKEY_get_bits(key));
		goto out;
	}
	*key_out = key;
	key = NULL;
out:
	EVP_PKEY_free(key);
	BIO_free(bio);
	return r;
}

/* Signs claims_json as an RS256 JWT. */
int
pc_jwt_sign_rs256(char **jwt_out, const char *claims_json, const char *key_id,
    const char *pem, size_t pem_len)
{
	struct pc_buf jwt;
	EVP_PKEY *key = NULL;
	EVP_MD_CTX *md = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	cJSON *hdr = NULL;
	char *hdr_text = NULL;
	int r;

	*jwt_out = NULL;
	pc_buf_init(&jwt, 64 * 1024);
	if ((r = load_rsa_key(&key, pem, pem_len)) != 0)
		goto out;
	if ((hdr = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(hdr, "alg", "RS256") == NULL ||
	    cJSON_AddStringToObject(hdr, "typ", "JWT") == NULL ||
	    (key_id && cJSON_AddStringToObject(hdr, "kid", key_id) == NULL) ||
	    (hdr_text = cJSON_PrintUnformatted(hdr)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_base64url_encode(&jwt, hdr_text, strlen(hdr_text))) != 0 ||
	    (r = pc_buf_add(&jwt, ".", 1)) != 0 ||
	    (r = pc_base64url_encode(&jwt, claims_json, strlen(claims_json))) !=
		0)
		goto out;
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(
		md, NULL, &siglen, (unsigned char *)jwt.data, jwt.len) != 1 ||
	    (sig = OPENSSL_malloc(siglen)) == NULL ||
	    EVP_DigestSign(
		md, sig, &siglen, (unsigned char *)jwt.data, jwt.len) != 1) {
		r = pc_error_set(
		    PC_ECRYPTO, "signing the JWT with the RSA key failed");
		goto out;
	}
	if ((r = pc_buf_add(&jwt, ".", 1)) != 0 ||
	    (r = pc_base64url_encode(&jwt, sig, siglen)) != 0)
		goto out;
	*jwt_out = pc_buf_take(&jwt, NULL);
	if (*jwt_out == NULL)
		r = pc_error_set(PC_ENOMEM, "out of memory");
out:
	OPENSSL_free(sig);
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(key);
	cJSON_free(hdr_text);
	cJSON_Delete(hdr);
	pc_buf_free(&jwt);
	return r;
}

/* Wipes and frees a JWT string. */
void
pc_jwt_free(char *jwt)
{
	if (jwt == NULL)
		return;
	OPENSSL_cleanse(jwt, strlen(jwt));
	free(jwt);
}
