/* Validators for secrets: private keys, cloud and SaaS tokens, passwords. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "validators_int.h"

/*
 * Private key block: the header names a private key and at least 40
 * base64 characters follow it (placeholders such as "..." refused).
 * Normalised value: the first body characters, which identify the key.
 */
bool
pc_v_private_key(const char *s, size_t len, struct pc_value *v)
{
	const char *hdr_end;
	size_t i, b64 = 0;

	value_init(v, len);
	if (len < 16)
		return false;
	hdr_end = memmem(s + 5, len - 5, "-----", 5);
	if (hdr_end == NULL)
		return false;
	i = (size_t)(hdr_end - s) + 5;
	if (is_placeholder(s + i, len - i) &&
	    contains_ci(s + i, len - i, "..."))
		return false;
	for (; i < len; i++) {
		char c = s[i];
		if (is_alnum((unsigned char)c) || c == '+' || c == '/') {
			b64++;
			if (!value_add(v, c))
				break;
		}
	}
	if (b64 < 40 || has_run(v->norm, v->len, 8))
		return false;
	if (contains_ci(s, len, "example") || contains_ci(s, len, "xxxx"))
		return false;
	return true;
}

/* AWS access key id: AKIA/ASIA/ABIA/ACCA + 16 base32 characters. */
bool
pc_v_aws_key_id(const char *s, size_t len, struct pc_value *v)
{
	size_t i;

	value_init(v, len);
	if (!squash_alnum(s, len, v) || v->len != 20 ||
	    memcmp(s, v->norm, 20) != 0)
		return false;
	if (memcmp(v->norm, "AKIA", 4) != 0 &&
	    memcmp(v->norm, "ASIA", 4) != 0 &&
	    memcmp(v->norm, "ABIA", 4) != 0 && memcmp(v->norm, "ACCA", 4) != 0)
		return false;
	for (i = 4; i < 20; i++)
		if (!is_upper((unsigned char)v->norm[i]) &&
		    !(v->norm[i] >= '2' && v->norm[i] <= '7'))
			return false;
	return !contains_ci(v->norm, 20, "example") &&
	    !has_run(v->norm + 4, 16, 6);
}

/* The value after the first ':' or '=' of an assignment, unquoted. */
static bool
assignment_value(const char *s, size_t len, size_t *vs, size_t *vl)
{
	size_t i = 0, e;

	while (i < len && s[i] != ':' && s[i] != '=')
		i++;
	while (i < len &&
	    (s[i] == ':' || s[i] == '=' || s[i] == ' ' || s[i] == '\t' ||
		s[i] == '"' || s[i] == '\'' || s[i] == '>'))
		i++;
	e = i;
	while (e < len && s[e] != '"' && s[e] != '\'' && s[e] != ' ' &&
	    s[e] != '\t' && s[e] != '<' && s[e] != '>' && s[e] != '\r' &&
	    s[e] != '\n')
		e++;
	if (e == i)
		return false;
	*vs = i;
	*vl = e - i;
	return true;
}

/* AWS secret access key in an assignment: 40 base64 characters. */
bool
pc_v_aws_secret(const char *s, size_t len, struct pc_value *v)
{
	size_t vs, vl, i;

	value_init(v, len);
	if (!assignment_value(s, len, &vs, &vl) || vl < 40)
		return false;
	vs += vl - 40; /* the pattern ends on the key */
	for (i = vs; i < vs + 40; i++)
		if (!value_add(v, s[i]))
			return false;
	v->vstart = vs;
	v->vlen = 40;
	if (is_placeholder(v->norm, 40))
		return false;
	return pc_shannon_entropy(v->norm, 40) >= 3.5;
}

/*
 * SaaS token with a fixed prefix (GitHub, Slack, Google, Microsoft):
 * the whole match, at least 30 characters, not a placeholder, with the
 * randomness of a generated value.
 */
bool
pc_v_token(const char *s, size_t len, struct pc_value *v)
{
	size_t i, digits = 0, letters = 0;

	value_init(v, len);
	if (len < 30)
		return false;
	for (i = 0; i < len; i++) {
		if (!value_add(v, s[i]))
			return false;
		if (is_digit((unsigned char)s[i]))
			digits++;
		else if (is_alnum((unsigned char)s[i]))
			letters++;
	}
	if (is_placeholder(s, len) || digits == 0 || letters < 8)
		return false;
	return pc_shannon_entropy(s, len) >= 3.5;
}

/*
 * The checksum GitHub puts in its tokens since April 2021: the last 6
 * characters are the CRC32 (zlib's IEEE polynomial) of the characters
 * before them (the random part, without the "ghp_" prefix), in base62
 * with the alphabet 0-9A-Za-z, left-padded with '0'. Sources: GitHub's
 * "Behind GitHub's new authentication token formats" (CRC32, Base62,
 * leading zeros); the alphabet and the span were checked against
 * revoked ghp_/gho_/ghu_/ghr_ tokens published as examples by secret
 * scanners (kingfisher), and agree with CredSweeper and Datadog's
 * scanner. A string passes by chance about once in 2^32.
 */
bool
pc_valid_github_checksum(const char *body, size_t n)
{
	static const char b62[] =
	    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	char want[6];
	uint32_t crc;
	size_t i;

	if (n <= 6 || n > 255)
		return false;
	for (i = 0; i < n; i++)
		if (!is_alnum((unsigned char)body[i]))
			return false;
	crc = (uint32_t)crc32(0L, (const Bytef *)body, (uInt)(n - 6));
	for (i = 6; i-- > 0; crc /= 62)
		want[i] = b62[crc % 62];
	return memcmp(want, body + n - 6, 6) == 0;
}

/*
 * GitHub tokens. ghp_ (classic PAT), gho_ (OAuth), ghu_ (app user) and
 * ghr_ (refresh) carry the checksum above: one that fails it was never
 * issued by GitHub (made up, truncated, edited) and is refused, so
 * documentation strings of the right shape are not critical findings.
 * ghs_ (app installation, short-lived) and github_pat_ (fine-grained)
 * keep the shape rule: no published checksum for them, and the ghs_
 * examples found did not carry this one, so refusing could drop a real
 * token.
 */
bool
pc_v_github_token(const char *s, size_t len, struct pc_value *v)
{
	if (!pc_v_token(s, len, v))
		return false;
	if (len > 4 && s[0] == 'g' && s[1] == 'h' && s[3] == '_' &&
	    (s[2] == 'p' || s[2] == 'o' || s[2] == 'u' || s[2] == 'r'))
		return pc_valid_github_checksum(s + 4, len - 4);
	return true;
}

/*
 * password=... / Password: ... assignments: a value of 8-128 characters
 * that is not a placeholder and looks chosen (a digit or symbol, or mixed
 * case of 12 or more), so prose such as "password: forgotten" is refused.
 */
bool
pc_v_password(const char *s, size_t len, struct pc_value *v)
{
	static const char *const words[] = { "password", "passwd", "null",
		"none", "true", "false", "undefined", "required", "optional",
		"string", "hidden", "secret", "os.environ", "process.env",
		"getenv", NULL };
	size_t vs, vl, i, lower = 0, upper = 0, other = 0;
	const char *val;

	value_init(v, len);
	if (!assignment_value(s, len, &vs, &vl) || vl < 8 || vl > 128)
		return false;
	val = s + vs;
	if (is_placeholder(val, vl) || val[0] == '$' || val[0] == '%' ||
	    val[0] == '{' || val[0] == '[' || val[0] == '(')
		return false;
	for (i = 0; words[i] != NULL; i++)
		if (vl == strlen(words[i]) && contains_ci(val, vl, words[i]))
			return false;
	if (contains_ci(val, vl, "os.environ") ||
	    contains_ci(val, vl, "getenv") ||
	    contains_ci(val, vl, "process.env"))
		return false;
	for (i = 0; i < vl; i++) {
		if (val[i] >= 'a' && val[i] <= 'z')
			lower++;
		else if (is_upper((unsigned char)val[i]))
			upper++;
		else
			other++;
		if (!value_add(v, val[i]))
			return false;
	}
	if (other == vl && all_same(val, vl))
		return false;
	if (other == 0 && !(lower && upper && vl >= 12))
		return false;
	if (val[vl - 1] == ',' || val[vl - 1] == ';') {
		v->len--;
		v->norm[v->len] = '\0';
		vl--;
	}
	v->vstart = vs;
	v->vlen = vl;
	return vl >= 8;
}
