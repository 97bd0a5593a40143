/* Validators: checksums and shape rules run on Hyperscan candidates. */
#ifndef PC_CONTENT_VALIDATORS_H
#define PC_CONTENT_VALIDATORS_H

#include <stdbool.h>
#include <stddef.h>

/* Longest normalised value kept (a private key's first body bytes). */
#define PC_VALUE_MAX 192

/*
 * What a validator makes of a candidate: the normalised value (what is
 * hashed, compared with allowlists and masked; NUL-terminated) and where
 * the value itself lies inside the candidate (a password after its key
 * name, a date after "DOB:"), as start and length in candidate bytes.
 */
struct pc_value {
	char norm[PC_VALUE_MAX];
	size_t len;
	size_t vstart, vlen;
};

/*
 * Returns true when the candidate bytes s[0..len) are a real instance
 * (checksum, shape, not a placeholder) and fills v. Never reads outside
 * s[0..len). Documented example values are the detectors' allow lists.
 */
typedef bool (*pc_validator_fn)(const char *s, size_t len, struct pc_value *v);

struct pc_validator {
	const char *name; /* as named in policies/detectors/<name>.yaml */
	pc_validator_fn fn;
};

/* The validator called name, or NULL. */
const struct pc_validator *pc_validator_find(const char *name);

/* Names of all validators, NULL-terminated (for error messages). */
const char *const *pc_validator_names(void);

/* Checks used directly by tests and other validators. */
bool pc_valid_luhn(const char *digits, size_t n);
bool pc_valid_nhs_mod11(const char *digits, size_t n);
bool pc_valid_iban_mod97(const char *iban, size_t n);
bool pc_valid_nino_prefix(char a, char b);
double pc_shannon_entropy(const char *s, size_t n);
/* GitHub's token checksum over body (the part after "ghp_"). */
bool pc_valid_github_checksum(const char *body, size_t n);

#endif
