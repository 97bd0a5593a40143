/* Unit tests for RS256 JWTs: the signature verifies with OpenSSL, the
 * parts decode to what was signed, and non-RSA keys are refused. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/jwt.h"

/* PEM (PKCS#8) of key, caller frees. */
static char *
pem_of(EVP_PKEY *key, size_t *len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p, *out;
	long n;

	cr_assert(PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL, NULL));
	n = BIO_get_mem_data(b, &p);
	out = malloc((size_t)n + 1);
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	BIO_free(b);
	return out;
}

Test(jwt, base64url_round_trip)
{
	struct pc_buf e, d;
	const char *v[] = { "", "f", "fo", "foo", "foob", "\xff\xfe\xfd?>" };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		pc_buf_init(&e, 1024);
		pc_buf_init(&d, 1024);
		cr_assert_eq(pc_base64url_encode(&e, v[i], strlen(v[i])), 0);
		cr_assert(e.len == 0 || strpbrk(e.data, "+/=") == NULL);
		cr_assert_eq(pc_base64url_decode(&d, e.data ? e.data : "",
		    e.len), 0);
		cr_assert_eq(d.len, strlen(v[i]));
		cr_assert(d.len == 0 || memcmp(d.data, v[i], d.len) == 0);
		pc_buf_free(&e);
		pc_buf_free(&d);
	}
	pc_buf_init(&d, 1024);
	cr_assert_neq(pc_base64url_decode(&d, "ab+c", 4), 0);
	pc_buf_free(&d);
}

Test(jwt, rs256_signature_verifies_with_openssl)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	const char *claims = "{\"iss\":\"sa@p.iam.gserviceaccount.com\","
	    "\"aud\":\"https://oauth2.googleapis.com/token\"}";
	char *pem, *jwt = NULL, *dot1, *dot2;
	struct pc_buf hdr, body, sig;
	EVP_MD_CTX *md;
	size_t pem_len;

	cr_assert_not_null(key);
	pem = pem_of(key, &pem_len);
	cr_assert_eq(pc_jwt_sign_rs256(&jwt, claims, "kid-1", pem, pem_len),
	    0, "%s", pc_error_get());
	dot1 = strchr(jwt, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	cr_assert(dot1 && dot2 && strchr(dot2 + 1, '.') == NULL);
	pc_buf_init(&hdr, 4096);
	pc_buf_init(&body, 4096);
	pc_buf_init(&sig, 4096);
	cr_assert_eq(pc_base64url_decode(&hdr, jwt, (size_t)(dot1 - jwt)), 0);
	cr_assert_str_eq(hdr.data,
	    "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"kid-1\"}");
	cr_assert_eq(pc_base64url_decode(&body, dot1 + 1,
	    (size_t)(dot2 - dot1 - 1)), 0);
	cr_assert_str_eq(body.data, claims);
	cr_assert_eq(pc_base64url_decode(&sig, dot2 + 1, strlen(dot2 + 1)), 0);
	cr_assert_eq(sig.len, 256);
	md = EVP_MD_CTX_new();
	cr_assert_eq(EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key),
	    1);
	cr_assert_eq(EVP_DigestVerify(md, (unsigned char *)sig.data, sig.len,
	    (unsigned char *)jwt, (size_t)(dot2 - jwt)), 1);
	/* A changed claim no longer verifies. */
	EVP_MD_CTX_free(md);
	md = EVP_MD_CTX_new();
	jwt[dot1 - jwt + 3] ^= 1;
	cr_assert_eq(EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key),
	    1);
	cr_assert_neq(EVP_DigestVerify(md, (unsigned char *)sig.data, sig.len,
	    (unsigned char *)jwt, (size_t)(dot2 - jwt)), 1);
	EVP_MD_CTX_free(md);
	pc_buf_free(&hdr);
	pc_buf_free(&body);
	pc_buf_free(&sig);
	pc_jwt_free(jwt);
	free(pem);
	EVP_PKEY_free(key);
}

Test(jwt, refuses_non_rsa_and_garbage_keys)
{
	EVP_PKEY *ec = EVP_EC_gen("P-256");
	char *pem, *jwt = NULL;
	size_t len;

	pem = pem_of(ec, &len);
	cr_assert_eq(pc_jwt_sign_rs256(&jwt, "{}", NULL, pem, len),
	    PC_ECRYPTO);
	cr_assert(strstr(pc_error_get(), "not an RSA key"));
	cr_assert_null(jwt);
	free(pem);
	EVP_PKEY_free(ec);
	cr_assert_eq(pc_jwt_sign_rs256(&jwt, "{}", NULL, "-----BEGIN PRIVATE "
	    "KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", 60), PC_ECRYPTO);
	cr_assert(strstr(pc_error_get(), "not a readable PEM"));
}
