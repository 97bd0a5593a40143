/* Ed25519 office keys with OpenSSL 3 EVP: keygen, load, sign, verify. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "agent/lib/sha256.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "sign.h"

#define HMAC_KEY_LEN 32

/* The key id: hex SHA-256 of the DER SubjectPublicKeyInfo. */
int
pc_sign_key_id(char out[PC_SIGN_KEY_ID_LEN + 1], EVP_PKEY *key)
{
	unsigned char *der = NULL;
	int n;

	out[0] = '\0';
	if ((n = i2d_PUBKEY(key, &der)) <= 0)
		return pc_error_set(PC_ECRYPTO,
		    "cannot encode the public key to compute its key id");
	pc_sha256_hex(out, der, (size_t)n);
	OPENSSL_free(der);
	return 0;
}

/* Writes data to a new file (never replacing one) with mode, fsynced. */
static int
write_new(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd, saved;

	fd = open(
	    path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return pc_error_set(errno == EEXIST ? PC_EEXIST : PC_EIO,
		    "cannot create %s: %s", path, strerror(errno));
	if (fchmod(fd, mode) != 0 || pc_write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(path);
		return pc_error_set(
		    PC_EIO, "cannot write %s: %s", path, strerror(saved));
	}
	if (close(fd) != 0) {
		unlink(path);
		return pc_error_set(
		    PC_EIO, "cannot write %s: %s", path, strerror(errno));
	}
	return 0;
}

/* Creates the office HMAC key beside the signing key when absent. */
static int
make_hmac(const char *dir)
{
	unsigned char key[HMAC_KEY_LEN];
	char path[PATH_MAX];
	struct stat st;
	int r;

	snprintf(path, sizeof(path), "%s/office.hmac", dir);
	if (lstat(path, &st) == 0)
		return 0;
	if (RAND_bytes(key, sizeof(key)) != 1)
		return pc_error_set(
		    PC_ECRYPTO, "cannot get random bytes for %s", path);
	r = write_new(path, key, sizeof(key), 0600);
	OPENSSL_cleanse(key, sizeof(key));
	return r;
}

/* Copies a memory BIO's bytes out, or NULL. */
static char *
bio_text(BIO *bio, size_t *len_out)
{
	char *p, *out;
	long n;

	n = BIO_get_mem_data(bio, &p);
	if (n <= 0 || (out = malloc((size_t)n + 1)) == NULL)
		return NULL;
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
	*len_out = (size_t)n;
	return out;
}

/* Wipes a memory BIO's buffer before it is freed. */
static void
bio_wipe_free(BIO *bio)
{
	char *p;
	long n;

	if (bio == NULL)
		return;
	n = BIO_get_mem_data(bio, &p);
	if (n > 0)
		OPENSSL_cleanse(p, (size_t)n);
	BIO_free(bio);
}

/* Generates an Ed25519 key pair into dir, never overwriting. */
int
pc_sign_keygen(const char *dir, char key_id_out[PC_SIGN_KEY_ID_LEN + 1])
{
	char key_path[PATH_MAX], pub_path[PATH_MAX];
	EVP_PKEY *key = NULL;
	BIO *priv = NULL;
	char *priv_pem = NULL, *pub_pem = NULL;
	size_t priv_len = 0, pub_len = 0;
	struct stat st;
	int r;

	key_id_out[0] = '\0';
	if (snprintf(key_path, sizeof(key_path), "%s/office.key", dir) >=
		(int)sizeof(key_path) ||
	    snprintf(pub_path, sizeof(pub_path), "%s/office.pub", dir) >=
		(int)sizeof(pub_path))
		return pc_error_set(
		    PC_EUSAGE, "key folder path too long: %s", dir);
	if (lstat(key_path, &st) == 0 || lstat(pub_path, &st) == 0)
		return pc_error_set(PC_EEXIST,
		    "%s already holds an office key (office.key or office.pub); keygen never overwrites a key, choose another --out folder",
		    dir);
	if ((r = pc_mkdir_p(dir, 0700)) != 0)
		return r;
	if ((key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519")) == NULL) {
		r = pc_error_set(
		    PC_ECRYPTO, "cannot generate an Ed25519 key with OpenSSL");
		goto out;
	}
	if ((priv = BIO_new(BIO_s_secmem())) == NULL ||
	    !PEM_write_bio_PrivateKey(priv, key, NULL, NULL, 0, NULL, NULL) ||
	    (priv_pem = bio_text(priv, &priv_len)) == NULL) {
		r = pc_error_set(PC_ECRYPTO, "cannot encode the private key");
		goto out;
	}
	if ((r = pc_sign_public_pem(&pub_pem, &pub_len, key)) != 0 ||
	    (r = pc_sign_key_id(key_id_out, key)) != 0)
		goto out;
	if ((r = write_new(key_path, priv_pem, priv_len, 0600)) != 0)
		goto out;
	if ((r = write_new(pub_path, pub_pem, pub_len, 0644)) != 0) {
		unlink(key_path);
		goto out;
	}
	if ((r = make_hmac(dir)) != 0) {
		unlink(key_path);
		unlink(pub_path);
		goto out;
	}
out:
	if (priv_pem) {
		OPENSSL_cleanse(priv_pem, priv_len);
		free(priv_pem);
	}
	free(pub_pem);
	bio_wipe_free(priv);
	EVP_PKEY_free(key);
	ERR_clear_error();
	return r;
}

/* Refuses to prompt for a passphrase: office keys are not encrypted. */
static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

/* Refuses any key but Ed25519, naming what it is. */
static int
require_ed25519(EVP_PKEY *key, const char *path)
{
	const char *type;

	if (EVP_PKEY_get_id(key) == EVP_PKEY_ED25519)
		return 0;
	type = EVP_PKEY_get0_type_name(key);
	return pc_error_set(PC_ECRYPTO,
	    "%s holds a key of type %s, not Ed25519; make an office key with portcullis keygen --out DIR",
	    path, type ? type : "unknown");
}

/* RFC 8410 PKCS#8 of an Ed25519 private key: 16 bytes before the seed. */
static const unsigned char ed25519_pkcs8_head[16] = { 0x30, 0x2e, 0x02, 0x01,
	0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
	0x20 };

/*
 * Decodes the PEM keygen writes (an unencrypted Ed25519 PKCS#8 key, 48 bytes
 * of DER) without OpenSSL's PEM and decoder code, which frees buffers that
 * held the raw key without wiping them: the check children are forked after
 * scan checks the key, and would inherit those copies. Every buffer here is
 * wiped. PC_ENOTFOUND if pem is not that exact shape (the caller then lets
 * OpenSSL decode it, to accept other Ed25519 encodings or name the type).
 */
static int
ed25519_from_pem(EVP_PKEY **key_out, const char *pem, size_t len)
{
	static const char begin[] = "-----BEGIN PRIVATE KEY-----";
	static const char end[] = "-----END PRIVATE KEY-----";
	unsigned char b64[72], der[64];
	size_t i = 0, n = 0;
	int r = PC_ENOTFOUND;

	while (i < len &&
	    (pem[i] == ' ' || pem[i] == '\t' || pem[i] == '\r' ||
		pem[i] == '\n'))
		i++;
	if (len - i < sizeof(begin) - 1 ||
	    memcmp(pem + i, begin, sizeof(begin) - 1) != 0)
		return PC_ENOTFOUND;
	for (i += sizeof(begin) - 1; i < len && pem[i] != '-'; i++) {
		if (pem[i] == '\r' || pem[i] == '\n')
			continue;
		if (n == sizeof(b64) ||
		    !(isalnum((unsigned char)pem[i]) || pem[i] == '+' ||
			pem[i] == '/'))
			goto out;
		b64[n++] = (unsigned char)pem[i];
	}
	if (n != 64 || len - i < sizeof(end) - 1 ||
	    memcmp(pem + i, end, sizeof(end) - 1) != 0)
		goto out;
	for (i += sizeof(end) - 1; i < len; i++)
		if (pem[i] != '\r' && pem[i] != '\n')
			goto out;
	if (EVP_DecodeBlock(der, b64, (int)n) != 48 ||
	    memcmp(der, ed25519_pkcs8_head, sizeof(ed25519_pkcs8_head)) != 0)
		goto out;
	*key_out = EVP_PKEY_new_raw_private_key(
	    EVP_PKEY_ED25519, NULL, der + sizeof(ed25519_pkcs8_head), 32);
	r = *key_out ? 0 : PC_ECRYPTO;
out:
	OPENSSL_cleanse(b64, sizeof(b64));
	OPENSSL_cleanse(der, sizeof(der));
	return r;
}

/* Loads the office private key with owner, mode and type checks. */
int
pc_sign_load_private(EVP_PKEY **key_out, const char *path)
{
	struct pc_buf pem;
	EVP_PKEY *key = NULL;
	BIO *bio = NULL;
	int r;

	*key_out = NULL;
	if ((r = pc_secret_read(&pem, path)) != 0) {
		pc_buf_free(&pem);
		if (r == PC_ENOTFOUND)
			return pc_error_set(PC_ENOTFOUND,
			    "the signing key %s does not exist; create it with portcullis keygen --out DIR (or set report.signing_key)",
			    path);
		return r;
	}
	if (pem.len == 0 || pem.len > INT_MAX ||
	    (bio = BIO_new_mem_buf(pem.data, (int)pem.len)) == NULL) {
		r = pc_error_set(PC_ECRYPTO,
		    "the signing key %s is empty or unreadable; restore it from backup or make a new one with portcullis keygen",
		    path);
		goto out;
	}
	if ((r = ed25519_from_pem(&key, pem.data, pem.len)) == 0) {
		*key_out = key;
		key = NULL;
		goto out;
	}
	r = 0;
	key = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
	if (key == NULL) {
		r = pc_error_set(PC_ECRYPTO,
		    "the signing key %s is not a valid unencrypted PEM private key; restore it from backup or make a new one with portcullis keygen",
		    path);
		goto out;
	}
	if ((r = require_ed25519(key, path)) != 0)
		goto out;
	*key_out = key;
	key = NULL;
out:
	BIO_free(bio);
	pc_buf_free(&pem); /* wipes */
	EVP_PKEY_free(key);
	ERR_clear_error();
	return r;
}

/* Checks the private key without keeping it. */
int
pc_sign_check_private(const char *path)
{
	EVP_PKEY *key = NULL;
	int r;

	r = pc_sign_load_private(&key, path);
	EVP_PKEY_free(key);
	return r;
}

/* Parses an Ed25519 public key PEM. */
int
pc_sign_parse_public(
    EVP_PKEY **key_out, const char *name, const char *pem, size_t len)
{
	EVP_PKEY *key = NULL;
	BIO *bio = NULL;
	int r = 0;

	*key_out = NULL;
	if (len == 0 || len > PC_SIGN_PUB_MAX ||
	    (bio = BIO_new_mem_buf(pem, (int)len)) == NULL ||
	    (key = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL)) ==
		NULL) {
		r = pc_error_set(
		    PC_ECRYPTO, "%s is not a PEM public key", name);
		goto out;
	}
	if ((r = require_ed25519(key, name)) != 0)
		goto out;
	*key_out = key;
	key = NULL;
out:
	BIO_free(bio);
	EVP_PKEY_free(key);
	ERR_clear_error();
	return r;
}

/* Reads and parses a public key PEM file. */
int
pc_sign_load_public(EVP_PKEY **key_out, const char *path)
{
	struct pc_buf pem;
	int r;

	*key_out = NULL;
	if ((r = pc_file_read(&pem, path, PC_SIGN_PUB_MAX)) == 0)
		r = pc_sign_parse_public(key_out, path, pem.data, pem.len);
	pc_buf_free(&pem);
	return r;
}

/* The public key as PEM text. */
int
pc_sign_public_pem(char **pem_out, size_t *len_out, EVP_PKEY *key)
{
	BIO *bio;
	int r = 0;

	*pem_out = NULL;
	if ((bio = BIO_new(BIO_s_mem())) == NULL ||
	    !PEM_write_bio_PUBKEY(bio, key) ||
	    (*pem_out = bio_text(bio, len_out)) == NULL)
		r = pc_error_set(PC_ECRYPTO, "cannot encode the public key");
	BIO_free(bio);
	return r;
}

/* Signs data with pure Ed25519. */
int
pc_sign_data(unsigned char sig_out[PC_SIGN_SIG_LEN], EVP_PKEY *key,
    const void *data, size_t len)
{
	EVP_MD_CTX *ctx;
	size_t siglen = PC_SIGN_SIG_LEN;
	int r = 0;

	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit_ex(ctx, NULL, NULL, NULL, NULL, key, NULL) !=
		1 ||
	    EVP_DigestSign(ctx, sig_out, &siglen, data, len) != 1 ||
	    siglen != PC_SIGN_SIG_LEN)
		r = pc_error_set(PC_ECRYPTO,
		    "OpenSSL could not sign the report with the office key");
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return r;
}

/* Verifies a pure Ed25519 signature. */
int
pc_sign_verify(EVP_PKEY *pub, const void *data, size_t len,
    const unsigned char *sig, size_t sig_len)
{
	EVP_MD_CTX *ctx;
	int ok;

	if (sig_len != PC_SIGN_SIG_LEN)
		return pc_error_set(PC_EINVALID,
		    "bad signature: report.json.sig is %zu bytes, an Ed25519 signature is 64",
		    sig_len);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	ok = EVP_DigestVerifyInit_ex(ctx, NULL, NULL, NULL, NULL, pub, NULL) ==
		1 &&
	    EVP_DigestVerify(ctx, sig, sig_len, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	if (!ok)
		return pc_error_set(PC_EINVALID,
		    "bad signature: report.json does not match report.json.sig under this key (altered, or signed by another key)");
	return 0;
}
