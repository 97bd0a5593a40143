/* Office keys: keygen's files, refusals of unusable keys, and Ed25519
 * signatures that stock OpenSSL agrees with. */
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "agent/lib/sha256.h"
#include "fixture.h"

static char *dir;

/* A fresh key folder for each test. */
static void
setup(void)
{
	dir = fx_tmpdir();
}

/* Removes it. */
static void
teardown(void)
{
	fx_rmrf(dir);
	free(dir);
}

TestSuite(sign, .init = setup, .fini = teardown);

/* Writes key as an unencrypted PEM private key file with mode. */
static void
write_private(const char *path, EVP_PKEY *key, mode_t mode)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	cr_assert(PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL));
	fclose(f);
	cr_assert_eq(chmod(path, mode), 0);
}

Test(sign, keygen_writes_0600_pkcs8_key_and_public_pem)
{
	char id[PC_SIGN_KEY_ID_LEN + 1], path[4096];
	struct stat st;
	char *text;
	size_t i;

	fx_keygen(dir, id);
	fx_path(path, sizeof(path), dir, "office.key");
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0600, "office.key mode %o",
	    st.st_mode & 0777);
	text = fx_slurp(path);
	cr_assert(strncmp(text, "-----BEGIN PRIVATE KEY-----", 27) == 0,
	    "office.key is not PKCS#8 PEM: %.40s", text);
	OPENSSL_cleanse(text, strlen(text));
	free(text);
	fx_path(path, sizeof(path), dir, "office.pub");
	text = fx_slurp(path);
	cr_assert(strncmp(text, "-----BEGIN PUBLIC KEY-----", 26) == 0);
	free(text);
	cr_assert_eq(strlen(id), 64);
	for (i = 0; i < 64; i++)
		cr_assert(strchr("0123456789abcdef", id[i]) != NULL);
}

Test(sign, key_id_is_sha256_of_the_public_key_der_as_openssl_prints_it)
{
	char id[PC_SIGN_KEY_ID_LEN + 1], pub[4096], der_path[4096],
	    sha[65];
	struct pc_buf der;

	fx_keygen(dir, id);
	fx_path(pub, sizeof(pub), dir, "office.pub");
	fx_path(der_path, sizeof(der_path), dir, "office.der");
	cr_assert_eq(fx_run((char *[]){ "openssl", "pkey", "-pubin", "-in",
			 pub, "-outform", "DER", "-out", der_path, NULL }),
	    0);
	der = fx_read(der_path);
	cr_assert_eq(der.len, 44); /* Ed25519 SubjectPublicKeyInfo */
	pc_sha256_hex(sha, der.data, der.len);
	pc_buf_free(&der);
	cr_assert_str_eq(id, sha);
}

Test(sign, keygen_refuses_to_overwrite_a_key)
{
	char id[PC_SIGN_KEY_ID_LEN + 1], id2[PC_SIGN_KEY_ID_LEN + 1];
	char path[4096];
	char *before, *after;

	fx_keygen(dir, id);
	fx_path(path, sizeof(path), dir, "office.key");
	before = fx_slurp(path);
	cr_assert_eq(pc_sign_keygen(dir, id2), PC_EEXIST);
	cr_assert(strstr(pc_error_get(), "never overwrites") != NULL, "%s",
	    pc_error_get());
	after = fx_slurp(path);
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
}

Test(sign, round_trip_and_one_flipped_byte)
{
	unsigned char sig[PC_SIGN_SIG_LEN];
	char path[4096], msg[] = "{\"schema\":\"portcullis-report/1\"}\n";
	EVP_PKEY *priv = NULL, *pub = NULL;

	fx_keygen(dir, NULL);
	fx_path(path, sizeof(path), dir, "office.key");
	cr_assert_eq(pc_sign_load_private(&priv, path), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_sign_data(sig, priv, msg, strlen(msg)), 0);
	fx_path(path, sizeof(path), dir, "office.pub");
	cr_assert_eq(pc_sign_load_public(&pub, path), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_sign_verify(pub, msg, strlen(msg), sig, sizeof(sig)),
	    0);
	msg[3] ^= 1;
	cr_assert_eq(pc_sign_verify(pub, msg, strlen(msg), sig, sizeof(sig)),
	    PC_EINVALID);
	msg[3] ^= 1;
	sig[10] ^= 0x80;
	cr_assert_eq(pc_sign_verify(pub, msg, strlen(msg), sig, sizeof(sig)),
	    PC_EINVALID);
	EVP_PKEY_free(priv);
	EVP_PKEY_free(pub);
}

Test(sign, signature_of_63_or_65_bytes_is_refused)
{
	unsigned char sig[PC_SIGN_SIG_LEN + 1] = { 0 };
	char path[4096];
	EVP_PKEY *priv = NULL, *pub = NULL;

	fx_keygen(dir, NULL);
	fx_path(path, sizeof(path), dir, "office.key");
	cr_assert_eq(pc_sign_load_private(&priv, path), 0);
	cr_assert_eq(pc_sign_data(sig, priv, "x", 1), 0);
	fx_path(path, sizeof(path), dir, "office.pub");
	cr_assert_eq(pc_sign_load_public(&pub, path), 0);
	cr_assert_eq(pc_sign_verify(pub, "x", 1, sig, 63), PC_EINVALID);
	cr_assert_eq(pc_sign_verify(pub, "x", 1, sig, 65), PC_EINVALID);
	cr_assert_eq(pc_sign_verify(pub, "x", 1, sig, 0), PC_EINVALID);
	cr_assert_eq(pc_sign_verify(pub, "x", 1, sig, 64), 0);
	EVP_PKEY_free(priv);
	EVP_PKEY_free(pub);
}

Test(sign, signs_what_openssl_pkeyutl_verifies)
{
	unsigned char sig[PC_SIGN_SIG_LEN];
	char key[4096], pub[4096], data[4096], sigp[4096];
	const char msg[] = "exact bytes of a report\n";
	EVP_PKEY *priv = NULL;

	fx_keygen(dir, NULL);
	fx_path(key, sizeof(key), dir, "office.key");
	fx_path(pub, sizeof(pub), dir, "office.pub");
	fx_path(data, sizeof(data), dir, "data");
	fx_path(sigp, sizeof(sigp), dir, "data.sig");
	cr_assert_eq(pc_sign_load_private(&priv, key), 0);
	cr_assert_eq(pc_sign_data(sig, priv, msg, strlen(msg)), 0);
	EVP_PKEY_free(priv);
	fx_write(data, msg, strlen(msg));
	fx_write(sigp, sig, sizeof(sig));
	cr_assert_eq(fx_run((char *[]){ "openssl", "pkeyutl", "-verify",
			 "-pubin", "-inkey", pub, "-rawin", "-in", data,
			 "-sigfile", sigp, NULL }),
	    0);
}

Test(sign, too_open_key_is_refused_with_the_chmod_to_run)
{
	char path[4096];
	EVP_PKEY *key = NULL;

	fx_keygen(dir, NULL);
	fx_path(path, sizeof(path), dir, "office.key");
	cr_assert_eq(chmod(path, 0644), 0);
	cr_assert_eq(pc_sign_load_private(&key, path), PC_EPERM);
	cr_assert_null(key);
	cr_assert(strstr(pc_error_get(), "chmod 600") != NULL, "%s",
	    pc_error_get());
	cr_assert_neq(pc_sign_check_private(path), 0);
}

Test(sign, rsa_key_is_refused)
{
	char path[4096];
	EVP_PKEY *rsa, *key = NULL;

	rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	cr_assert_not_null(rsa);
	fx_path(path, sizeof(path), dir, "office.key");
	write_private(path, rsa, 0600);
	EVP_PKEY_free(rsa);
	cr_assert_eq(pc_sign_load_private(&key, path), PC_ECRYPTO);
	cr_assert_null(key);
	cr_assert(strstr(pc_error_get(), "not Ed25519") != NULL, "%s",
	    pc_error_get());
}

Test(sign, p256_key_is_refused)
{
	char path[4096];
	EVP_PKEY *ec, *key = NULL;

	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	cr_assert_not_null(ec);
	fx_path(path, sizeof(path), dir, "office.key");
	write_private(path, ec, 0600);
	EVP_PKEY_free(ec);
	cr_assert_eq(pc_sign_load_private(&key, path), PC_ECRYPTO);
	cr_assert_null(key);
	cr_assert(strstr(pc_error_get(), "not Ed25519") != NULL, "%s",
	    pc_error_get());
}

Test(sign, corrupt_pem_key_is_refused)
{
	const char bad[] = "-----BEGIN PRIVATE KEY-----\n"
			   "MC4CAQAwBQYDK2VwBCIEI!!!not base64!!!\n"
			   "-----END PRIVATE KEY-----\n";
	char path[4096];
	EVP_PKEY *key = NULL;

	fx_path(path, sizeof(path), dir, "office.key");
	fx_write(path, bad, strlen(bad));
	cr_assert_eq(chmod(path, 0600), 0);
	cr_assert_eq(pc_sign_load_private(&key, path), PC_ECRYPTO);
	cr_assert_null(key);
	cr_assert(strstr(pc_error_get(), "not a valid") != NULL, "%s",
	    pc_error_get());
}

Test(sign, empty_key_file_is_refused)
{
	char path[4096];
	EVP_PKEY *key = NULL;

	fx_path(path, sizeof(path), dir, "office.key");
	fx_write(path, "", 0);
	cr_assert_eq(chmod(path, 0600), 0);
	cr_assert_eq(pc_sign_load_private(&key, path), PC_ECRYPTO);
	cr_assert_null(key);
}

Test(sign, missing_key_says_how_to_make_one)
{
	char path[4096];
	EVP_PKEY *key = NULL;

	fx_path(path, sizeof(path), dir, "office.key");
	cr_assert_eq(pc_sign_load_private(&key, path), PC_ENOTFOUND);
	cr_assert(strstr(pc_error_get(), "portcullis keygen") != NULL);
}

Test(sign, public_key_of_the_wrong_type_or_garbage_is_refused)
{
	char path[4096];
	EVP_PKEY *ec, *key = NULL;
	FILE *f;

	ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	fx_path(path, sizeof(path), dir, "ec.pub");
	f = fopen(path, "w");
	cr_assert(PEM_write_PUBKEY(f, ec));
	fclose(f);
	EVP_PKEY_free(ec);
	cr_assert_eq(pc_sign_load_public(&key, path), PC_ECRYPTO);
	cr_assert_null(key);
	cr_assert_eq(pc_sign_parse_public(&key, "x.pub", "garbage", 7),
	    PC_ECRYPTO);
	cr_assert_eq(pc_sign_parse_public(&key, "x.pub", "", 0), PC_ECRYPTO);
	cr_assert_null(key);
}

/*
 * Memory scan for a secret: every readable private mapping of this process
 * (heap, stacks, anonymous memory; not files, not ASan's vast shadow) is
 * read through /proc/self/mem, so the scan itself never touches freed
 * memory, and each place where prefix (8 bytes) starts is compared by
 * SHA-256 over n bytes with want. Returns how many copies were found.
 */
static int
count_copies(const unsigned char prefix[8], size_t n, const char want[65])
{
	static unsigned char chunk[(1 << 20) + 256];
	char line[512], perms[8], path[256], sha[65];
	unsigned long lo, hi, at;
	FILE *maps;
	int mem, found = 0;
	ssize_t got;
	size_t off, len;

	maps = fopen("/proc/self/maps", "r");
	mem = open("/proc/self/mem", O_RDONLY);
	cr_assert(maps && mem >= 0);
	while (fgets(line, sizeof(line), maps)) {
		path[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi,
			perms, path) < 3)
			continue;
		if (perms[0] != 'r' || perms[3] != 'p' || hi - lo > (1ul << 30) ||
		    path[0] == '/' || strcmp(path, "[vvar]") == 0 ||
		    strcmp(path, "[vsyscall]") == 0)
			continue;
		for (at = lo; at < hi; at += 1 << 20) {
			len = hi - at < sizeof(chunk) ? hi - at : sizeof(chunk);
			got = pread(mem, chunk, len, (off_t)at);
			if (got <= 0)
				continue;
			for (off = 0; off + n <= (size_t)got; off++) {
				unsigned char *p = memchr(chunk + off, prefix[0],
				    (size_t)got - n + 1 - off);

				if (p == NULL)
					break;
				off = (size_t)(p - chunk);
				if (memcmp(p, prefix, 8) != 0)
					continue;
				pc_sha256_hex(sha, p, n);
				found += strcmp(sha, want) == 0;
			}
		}
	}
	fclose(maps);
	close(mem);
	OPENSSL_cleanse(chunk, sizeof(chunk));
	return found;
}

/* What to look for: the raw 32-byte seed and the PEM's base64 line, each
 * as an 8-byte prefix and a SHA-256 (the secret itself is wiped). */
struct key_traces {
	unsigned char seed_prefix[8], b64_prefix[8];
	char seed_sha[65], b64_sha[65];
	size_t b64_len;
};

/* Reads the PEM at path without portcullis code and notes its traces. */
static void
key_traces(struct key_traces *t, const char *path)
{
	unsigned char pem[512], der[128];
	char *b64, *end;
	ssize_t n;
	int fd, m;

	fd = open(path, O_RDONLY);
	cr_assert_geq(fd, 0);
	n = read(fd, pem, sizeof(pem) - 1);
	close(fd);
	cr_assert_gt(n, 0);
	pem[n] = '\0';
	b64 = strchr((char *)pem, '\n') + 1;
	end = strchr(b64, '\n');
	t->b64_len = (size_t)(end - b64);
	/* PKCS#8 Ed25519: 16 bytes of structure, then the 32-byte seed. */
	m = EVP_DecodeBlock(der, (unsigned char *)b64, (int)t->b64_len);
	cr_assert_geq(m, 48);
	/* In base64, the first 22 characters carry the DER header; from the
	 * 25th on, only the seed. */
	memcpy(t->b64_prefix, b64 + 24, 8);
	pc_sha256_hex(t->b64_sha, b64 + 24, t->b64_len - 24);
	t->b64_len -= 24;
	memcpy(t->seed_prefix, der + 16, 8);
	pc_sha256_hex(t->seed_sha, der + 16, 32);
	OPENSSL_cleanse(pem, sizeof(pem));
	OPENSSL_cleanse(der, sizeof(der));
}

Test(sign, no_copy_of_the_private_key_is_left_in_memory)
{
	unsigned char sig[PC_SIGN_SIG_LEN];
	struct key_traces t;
	char path[4096];
	EVP_PKEY *key = NULL;

	/* The key is made in another process, so this one has never held
	 * it before the code under test loads it. */
	fx_path(path, sizeof(path), dir, "office.key");
	cr_assert_eq(fx_run((char *[]){ "openssl", "genpkey", "-algorithm",
			 "ED25519", "-out", path, NULL }),
	    0);
	cr_assert_eq(chmod(path, 0600), 0);
	key_traces(&t, path);
	cr_assert_eq(count_copies(t.seed_prefix, 32, t.seed_sha), 0,
	    "the test itself left the key in memory");
	cr_assert_eq(count_copies(t.b64_prefix, t.b64_len, t.b64_sha), 0,
	    "the test itself left the PEM in memory");
	/* scan checks the key before the check children are forked: nothing
	 * of it may be left for a child to find. */
	cr_assert_eq(pc_sign_check_private(path), 0, "%s", pc_error_get());
	cr_assert_eq(count_copies(t.seed_prefix, 32, t.seed_sha), 0,
	    "the raw private key is left in memory after the key check");
	cr_assert_eq(count_copies(t.b64_prefix, t.b64_len, t.b64_sha), 0,
	    "the private key PEM is left in memory after the key check");
	/* After signing, the key is wiped too. */
	cr_assert_eq(pc_sign_load_private(&key, path), 0);
	cr_assert_eq(pc_sign_data(sig, key, "x", 1), 0);
	EVP_PKEY_free(key);
	cr_assert_eq(count_copies(t.seed_prefix, 32, t.seed_sha), 0,
	    "the raw private key is left in memory after signing");
	cr_assert_eq(count_copies(t.b64_prefix, t.b64_len, t.b64_sha), 0,
	    "the private key PEM is left in memory after signing");
}
