/* SHA-256 of a byte string as lowercase hex. */
#include <stdio.h>
#include <stdlib.h>

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
