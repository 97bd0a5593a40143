/* Ed25519 office keys: keygen, loading with checks, signing, verifying. */
#ifndef PC_SIGN_H
#define PC_SIGN_H

#include <stddef.h>

#include <openssl/evp.h>

#define PC_SIGN_SIG_LEN    64
#define PC_SIGN_KEY_ID_LEN 64   /* hex characters, without the NUL */
#define PC_SIGN_PUB_MAX    4096 /* cap on a public key PEM file */

/*
 * Creates DIR/office.key (PKCS#8 PEM, mode 0600), DIR/office.pub (PEM) and,
 * when absent, DIR/office.hmac (32 random bytes, mode 0600; the exposure
 * check's evidence HMAC key). Refuses with PC_EEXIST when office.key or
 * office.pub exists. Creates DIR (mode 0700) if needed. The key id (hex
 * SHA-256 of the public key DER) goes to key_id_out.
 */
int pc_sign_keygen(const char *dir, char key_id_out[PC_SIGN_KEY_ID_LEN + 1]);

/*
 * Loads the office private key: pc_secret_read (owner and mode 0600),
 * a PEM that parses, and an Ed25519 key (RSA, EC and others refused). The
 * file's bytes are wiped. Caller frees with EVP_PKEY_free().
 */
int pc_sign_load_private(EVP_PKEY **key_out, const char *path);

/* Checks the private key loads as above, without keeping it. */
int pc_sign_check_private(const char *path);

/* Parses an Ed25519 public key PEM (bytes, name for messages). Caller frees
 * with EVP_PKEY_free(). */
int pc_sign_parse_public(
    EVP_PKEY **key_out, const char *name, const char *pem, size_t len);

/* Reads and parses a public key PEM file (capped at PC_SIGN_PUB_MAX). */
int pc_sign_load_public(EVP_PKEY **key_out, const char *path);

/* The public key as PEM text; caller frees *pem_out. */
int pc_sign_public_pem(char **pem_out, size_t *len_out, EVP_PKEY *key);

/* The key id: hex SHA-256 of the public key's DER (SubjectPublicKeyInfo). */
int pc_sign_key_id(char out[PC_SIGN_KEY_ID_LEN + 1], EVP_PKEY *key);

/* Signs data with Ed25519 (pure, no prehash): 64 bytes into sig_out. */
int pc_sign_data(unsigned char sig_out[PC_SIGN_SIG_LEN], EVP_PKEY *key,
    const void *data, size_t len);

/*
 * Verifies an Ed25519 signature over data. 0 when valid; PC_EINVALID when
 * the signature is not 64 bytes or does not match.
 */
int pc_sign_verify(EVP_PKEY *pub, const void *data, size_t len,
    const unsigned char *sig, size_t sig_len);

#endif
