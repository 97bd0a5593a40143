/* Masked previews and keyed hashes: a report never holds a raw value. */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "agent/lib/err.h"
#include "redact.h"

/* Appends a C string to out (truncating at cap). */
static void
put(char *out, size_t cap, size_t *n, const char *s)
{
	while (*s != '\0' && *n + 1 < cap)
		out[(*n)++] = *s++;
	out[*n] = '\0';
}

/* Appends k bytes of s to out (truncating at cap). */
static void
putn(char *out, size_t cap, size_t *n, const char *s, size_t k)
{
	while (k-- > 0 && *n + 1 < cap)
		out[(*n)++] = *s++;
	out[*n] = '\0';
}

/* Token prefix shown in a preview: up to the first '_' or '-', or 4. */
static size_t
token_prefix(const char *norm, size_t len)
{
	size_t i;

	if (len >= 11 && strncmp(norm, "github_pat_", 11) == 0)
		return 11;
	for (i = 0; i < len && i < 5; i++)
		if (norm[i] == '_' || norm[i] == '-')
			return i + 1;
	return len >= 4 ? 4 : 0;
}

/* Writes a masked preview of a normalised value in the given style. */
void
pc_redact_preview(
    char *out, size_t cap, const char *mask, const char *norm, size_t len)
{
	size_t n = 0, i;
	const char *at;

	if (cap == 0)
		return;
	out[0] = '\0';
	if (strcmp(mask, "nino") == 0 && len == 9) {
		putn(out, cap, &n, norm, 2);
		put(out, cap, &n, " ** ** ** ");
		putn(out, cap, &n, norm + 8, 1);
	} else if (strcmp(mask, "card") == 0 && len >= 12) {
		for (i = 0; i + 4 < len; i += 4)
			put(out, cap, &n, "**** ");
		putn(out, cap, &n, norm + len - 4, 4);
	} else if (strcmp(mask, "token") == 0 && len >= 12) {
		putn(out, cap, &n, norm, token_prefix(norm, len));
		put(out, cap, &n, "****\xe2\x80\xa6"); /* U+2026 ellipsis */
		putn(out, cap, &n, norm + len - 4, 4);
	} else if (strcmp(mask, "secret") == 0 && len >= 12) {
		put(out, cap, &n, "****\xe2\x80\xa6");
		putn(out, cap, &n, norm + len - 4, 4);
	} else if (strcmp(mask, "email") == 0 &&
	    (at = memchr(norm, '@', len)) != NULL && at > norm) {
		putn(out, cap, &n, norm, 1);
		put(out, cap, &n, "***");
		putn(out, cap, &n, at, len - (size_t)(at - norm));
	} else if (strcmp(mask, "phone") == 0 && len >= 10) {
		putn(out, cap, &n, norm, 2);
		for (i = 2; i + 2 < len; i++)
			put(out, cap, &n, "*");
		putn(out, cap, &n, norm + len - 2, 2);
	} else if (strcmp(mask, "postcode") == 0 &&
	    (at = memchr(norm, ' ', len)) != NULL) {
		putn(out, cap, &n, norm, (size_t)(at - norm));
		put(out, cap, &n, " ***");
	} else if (strcmp(mask, "last2") == 0 && len >= 6) {
		for (i = 0; i + 2 < len; i++)
			put(out, cap, &n, "*");
		putn(out, cap, &n, norm + len - 2, 2);
	} else if (strcmp(mask, "bank") == 0 && len == 14) {
		put(out, cap, &n, "**-**-** ******");
		putn(out, cap, &n, norm + 12, 2);
	} else if (strcmp(mask, "iban") == 0 && len == 22) {
		put(out, cap, &n, "GB** **** **** **** **** ");
		putn(out, cap, &n, norm + 20, 2);
	} else if (strcmp(mask, "private_key") == 0) {
		put(out, cap, &n, "-----BEGIN PRIVATE KEY----- ****");
	} else if (strcmp(mask, "password") == 0) {
		put(out, cap, &n, "********");
	} else if (strcmp(mask, "dob") == 0) {
		put(out, cap, &n, "**/**/****");
	} else {
		for (i = 0; i < len && i < 16; i++)
			put(out, cap, &n, "*");
	}
}

/* HMAC-SHA256 of the normalised value under key, as hex. */
int
pc_redact_hmac(char *out, const unsigned char *key, size_t keylen,
    const char *norm, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0, i;

	out[0] = '\0';
	if (key == NULL || keylen == 0 || keylen > 1024)
		return pc_error_set(PC_ECRYPTO,
		    "The HMAC key for content findings is missing or too long.");
	if (HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)norm,
		len, mac, &maclen) == NULL ||
	    maclen != 32)
		return pc_error_set(PC_ECRYPTO,
		    "HMAC-SHA256 of a content finding failed in OpenSSL.");
	for (i = 0; i < maclen; i++) {
		out[2 * i] = hex[mac[i] >> 4];
		out[2 * i + 1] = hex[mac[i] & 15];
	}
	out[2 * maclen] = '\0';
	OPENSSL_cleanse(mac, sizeof(mac));
	return 0;
}

/* The mask style for a validator name. */
const char *
pc_redact_mask_for(const char *validator)
{
	static const char *const map[][2] = { { "nino", "nino" },
		{ "nhs", "last2" }, { "card", "card" }, { "uk_bank", "bank" },
		{ "iban_gb", "iban" }, { "passport", "last2" },
		{ "dvla", "full" }, { "phone_uk", "phone" },
		{ "email", "email" }, { "postcode", "postcode" },
		{ "dob", "dob" }, { "private_key", "private_key" },
		{ "aws_key_id", "token" }, { "aws_secret", "secret" },
		{ "token", "token" }, { "password", "password" } };
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], validator) == 0)
			return map[i][1];
	return "full";
}
