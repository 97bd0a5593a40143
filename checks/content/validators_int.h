/* Shared by the validator files (not for other folders). */
#ifndef PC_CONTENT_VALIDATORS_INT_H
#define PC_CONTENT_VALIDATORS_INT_H

#include <stdint.h>
#include <string.h>

#include "validators.h"

/* True for an ASCII digit. */
static inline bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* True for an ASCII upper-case letter. */
static inline bool
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/* True for an ASCII letter or digit. */
static inline bool
is_alnum(int c)
{
	return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}

/* Upper-case of an ASCII letter, other bytes unchanged. */
static inline char
to_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
}

/* Lower-case of an ASCII letter, other bytes unchanged. */
static inline char
to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Starts v empty, with the whole candidate as the value's span. */
static inline void
value_init(struct pc_value *v, size_t len)
{
	v->norm[0] = '\0';
	v->len = 0;
	v->vstart = 0;
	v->vlen = len;
}

/* Appends one byte to v->norm; false when it would not fit. */
static inline bool
value_add(struct pc_value *v, char c)
{
	if (v->len + 1 >= sizeof(v->norm))
		return false;
	v->norm[v->len++] = c;
	v->norm[v->len] = '\0';
	return true;
}

/* Copies the letters and digits of s, upper-cased, into v->norm. */
static inline bool
squash_alnum(const char *s, size_t len, struct pc_value *v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (is_alnum((unsigned char)s[i]) &&
		    !value_add(v, to_upper(s[i])))
			return false;
	return true;
}

/* Copies the digits of s into v->norm. */
static inline bool
squash_digits(const char *s, size_t len, struct pc_value *v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (is_digit((unsigned char)s[i]) && !value_add(v, s[i]))
			return false;
	return true;
}

/* True when all n bytes of s are the same. */
static inline bool
all_same(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (s[i] != s[0])
			return false;
	return n > 0;
}

/* True when s has a run of at least k equal bytes. */
static inline bool
has_run(const char *s, size_t n, size_t k)
{
	size_t i, run = 1;

	for (i = 1; i < n; i++) {
		run = s[i] == s[i - 1] ? run + 1 : 1;
		if (run >= k)
			return true;
	}
	return false;
}

/* True when s contains needle, ignoring ASCII case. */
static inline bool
contains_ci(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i, j;

	for (i = 0; k <= n && i <= n - k; i++) {
		for (j = 0; j < k; j++)
			if (to_lower(s[i + j]) != needle[j])
				break;
		if (j == k)
			return true;
	}
	return false;
}

/* Words that mark a token or password as a placeholder in documentation. */
static const char *const pc_placeholder_words[] = { "example", "xxxx", "dummy",
	"sample", "placeholder", "your_", "your-", "redacted", "changeit", "<",
	"${", "{{", "%s", "****", "....", NULL };

/* True when a secret value looks like a documentation placeholder. */
static inline bool
is_placeholder(const char *s, size_t n)
{
	size_t i;

	for (i = 0; pc_placeholder_words[i] != NULL; i++)
		if (contains_ci(s, n, pc_placeholder_words[i]))
			return true;
	return has_run(s, n, 6);
}

/* Days in a month (Feb 29 accepted: leap years are not checked here). */
static inline int
month_days(int m)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	return (m >= 1 && m <= 12) ? days[m - 1] : 0;
}

/* One validator per detector shape; see the table in validators.c. */
bool pc_v_nino(const char *s, size_t len, struct pc_value *v);
bool pc_v_nhs(const char *s, size_t len, struct pc_value *v);
bool pc_v_card(const char *s, size_t len, struct pc_value *v);
bool pc_v_uk_bank(const char *s, size_t len, struct pc_value *v);
bool pc_v_iban_gb(const char *s, size_t len, struct pc_value *v);
bool pc_v_passport(const char *s, size_t len, struct pc_value *v);
bool pc_v_passport_mrz(const char *s, size_t len, struct pc_value *v);
bool pc_v_dvla(const char *s, size_t len, struct pc_value *v);
bool pc_v_phone_uk(const char *s, size_t len, struct pc_value *v);
bool pc_v_email(const char *s, size_t len, struct pc_value *v);
bool pc_v_postcode(const char *s, size_t len, struct pc_value *v);
bool pc_v_dob(const char *s, size_t len, struct pc_value *v);
bool pc_v_private_key(const char *s, size_t len, struct pc_value *v);
bool pc_v_aws_key_id(const char *s, size_t len, struct pc_value *v);
bool pc_v_aws_secret(const char *s, size_t len, struct pc_value *v);
bool pc_v_token(const char *s, size_t len, struct pc_value *v);
bool pc_v_github_token(const char *s, size_t len, struct pc_value *v);
bool pc_v_password(const char *s, size_t len, struct pc_value *v);

#endif
