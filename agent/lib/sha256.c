/* SHA-256 of a byte string as lowercase hex. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "sha256.h"

/* Hex SHA-256; aborts only if OpenSSL cannot hash at all. */
void
pc_sha256_hex(char out[65], const void *data, size_t len)
{
	unsigned char md[32];
	int i;

	if (!EVP_Digest(data, len, md, NULL, EVP_sha256(), NULL))
		abort();
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Hex SHA-256 of the manifest lines of files. */
void
pc_sha256_manifest(char out[65], const struct pc_file_hash *files, size_t n)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	EVP_MD_CTX *ctx;
	size_t i;

	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		abort();
	for (i = 0; i < n; i++)
		if (!EVP_DigestUpdate(ctx, files[i].sha256, 64) ||
		    !EVP_DigestUpdate(ctx, "  ", 2) ||
		    !EVP_DigestUpdate(
			ctx, files[i].path, strlen(files[i].path)) ||
		    !EVP_DigestUpdate(ctx, "\n", 1))
			abort();
	if (!EVP_DigestFinal_ex(ctx, md, NULL))
		abort();
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}
