/* Validators for identity and money numbers: NINO, NHS, cards, bank, passport, DVLA. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "validators_int.h"

double
pc_shannon_entropy(const char *s, size_t n)
{
	unsigned counts[256] = { 0 };
	double h = 0.0, p;
	size_t i;

	if (n == 0)
		return 0.0;
	for (i = 0; i < n; i++)
		counts[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		if (counts[i] == 0)
			continue;
		p = (double)counts[i] / (double)n;
		h -= p * log2(p);
	}
	return h;
}

/* Luhn (ISO/IEC 7812) check over n decimal digits. */
bool
pc_valid_luhn(const char *digits, size_t n)
{
	unsigned sum = 0, d;
	size_t i;
	bool dbl = false;

	if (n == 0)
		return false;
	for (i = n; i-- > 0;) {
		if (!is_digit((unsigned char)digits[i]))
			return false;
		d = (unsigned)(digits[i] - '0');
		if (dbl) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

/* NHS number modulus 11 check over exactly 10 digits. */
bool
pc_valid_nhs_mod11(const char *digits, size_t n)
{
	unsigned sum = 0, check;
	size_t i;

	if (n != 10)
		return false;
	for (i = 0; i < 10; i++)
		if (!is_digit((unsigned char)digits[i]))
			return false;
	for (i = 0; i < 9; i++)
		sum += (unsigned)(digits[i] - '0') * (unsigned)(10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10)
		return false;
	return check == (unsigned)(digits[9] - '0');
}

/* IBAN mod 97 check over upper-case alphanumerics (ISO 13616). */
bool
pc_valid_iban_mod97(const char *iban, size_t n)
{
	unsigned rem = 0;
	size_t i, k;
	char c;

	if (n < 5 || n > 34)
		return false;
	for (k = 0; k < n; k++) {
		i = (k + 4) % n; /* the first four characters move to the end */
		c = iban[i];
		if (is_digit((unsigned char)c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else if (is_upper((unsigned char)c))
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			return false;
	}
	return rem == 1;
}

/*
 * NINO prefix rules (HMRC NIM39110): D F I Q U V never used in either
 * letter, O never second; BG GB KN NK NT TN ZZ never allocated; the
 * administrative prefixes OO CR FY MW NC PP PY PZ are not personal numbers.
 */
bool
pc_valid_nino_prefix(char a, char b)
{
	static const char *const banned[] = { "BG", "GB", "KN", "NK", "NT",
		"TN", "ZZ", "CR", "FY", "MW", "NC", "PP", "PY", "PZ", NULL };
	size_t i;

	if (!is_upper((unsigned char)a) || !is_upper((unsigned char)b))
		return false;
	if (strchr("DFIQUV", a) != NULL || strchr("DFIQUVO", b) != NULL)
		return false;
	for (i = 0; banned[i] != NULL; i++)
		if (banned[i][0] == a && banned[i][1] == b)
			return false;
	return true;
}

/* UK National Insurance number: prefix rules, six digits, suffix A-D. */
bool
pc_v_nino(const char *s, size_t len, struct pc_value *v)
{
	size_t i;

	value_init(v, len); /* any case: squash_alnum upper-cases */
	if (!squash_alnum(s, len, v) || v->len != 9)
		return false;
	if (!pc_valid_nino_prefix(v->norm[0], v->norm[1]))
		return false;
	for (i = 2; i < 8; i++)
		if (!is_digit((unsigned char)v->norm[i]))
			return false;
	if (all_same(v->norm + 2, 6))
		return false;
	return v->norm[8] >= 'A' && v->norm[8] <= 'D';
}

/* NHS number: mod 11; repeated digits and the 999 test range refused. */
bool
pc_v_nhs(const char *s, size_t len, struct pc_value *v)
{
	value_init(v, len);
	if (!squash_digits(s, len, v) || v->len != 10)
		return false;
	if (all_same(v->norm, 10) || memcmp(v->norm, "999", 3) == 0)
		return false;
	return pc_valid_nhs_mod11(v->norm, 10);
}

/* Leading digits of a card number as an integer (k <= 6 digits). */
static unsigned
card_prefix(const char *d, size_t k)
{
	unsigned x = 0;
	size_t i;

	for (i = 0; i < k; i++)
		x = x * 10 + (unsigned)(d[i] - '0');
	return x;
}

/* True when the issuer range allows a card number of n digits. */
static bool
card_issuer_ok(const char *d, size_t n)
{
	unsigned p2 = card_prefix(d, 2), p3 = card_prefix(d, 3);
	unsigned p4 = card_prefix(d, 4);

	if (d[0] == '4') /* Visa */
		return n == 13 || n == 16 || n == 19;
	if (p2 >= 51 && p2 <= 55) /* Mastercard */
		return n == 16;
	if (p4 >= 2221 && p4 <= 2720) /* Mastercard 2-series */
		return n == 16;
	if (p2 == 34 || p2 == 37) /* American Express */
		return n == 15;
	if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65) /* Discover */
		return n >= 16 && n <= 19;
	if (p4 >= 3528 && p4 <= 3589) /* JCB */
		return n >= 16 && n <= 19;
	if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39)
		return n >= 14 && n <= 19;      /* Diners Club */
	if (p2 == 50 || (p2 >= 56 && p2 <= 69)) /* Maestro, UnionPay */
		return n >= 12 && n <= 19;
	return false;
}

/* Payment card: issuer range and length, Luhn, not one repeated digit. */
bool
pc_v_card(const char *s, size_t len, struct pc_value *v)
{
	value_init(v, len);
	if (!squash_digits(s, len, v) || v->len < 12 || v->len > 19)
		return false;
	if (has_run(v->norm, v->len, 8))
		return false;
	return card_issuer_ok(v->norm, v->len) &&
	    pc_valid_luhn(v->norm, v->len);
}

/* Sort code and account: six digits then eight, neither all one digit. */
bool
pc_v_uk_bank(const char *s, size_t len, struct pc_value *v)
{
	char acc[8];
	size_t i = 0, run = 0;

	value_init(v, len);
	if (!squash_digits(s, len, v) || v->len != 14)
		return false;
	while (i < len && !is_digit((unsigned char)s[i]))
		i++;
	while (i + run < len && is_digit((unsigned char)s[i + run]))
		run++;
	if (run == 8) { /* account first: store as sort code, account */
		memcpy(acc, v->norm, 8);
		memmove(v->norm, v->norm + 8, 6);
		memcpy(v->norm + 6, acc, 8);
	}
	if (all_same(v->norm, 6) || all_same(v->norm + 6, 8))
		return false;
	return true;
}

/* GB IBAN: GB, 2 check digits, 4-letter bank code, 14 digits, mod 97. */
bool
pc_v_iban_gb(const char *s, size_t len, struct pc_value *v)
{
	size_t i;

	value_init(v, len);
	if (!squash_alnum(s, len, v) || v->len != 22)
		return false;
	if (v->norm[0] != 'G' || v->norm[1] != 'B')
		return false;
	for (i = 2; i < 22; i++) {
		bool letter = i >= 4 && i < 8;
		if (letter ? !is_upper((unsigned char)v->norm[i])
			   : !is_digit((unsigned char)v->norm[i]))
			return false;
	}
	return pc_valid_iban_mod97(v->norm, 22);
}

/* UK passport: nine digits, not one repeated digit or a counting run. */
bool
pc_v_passport(const char *s, size_t len, struct pc_value *v)
{
	value_init(v, len);
	if (!squash_alnum(s, len, v) || v->len != 9)
		return false;
	if (strspn(v->norm, "0123456789") != 9 || all_same(v->norm, 9))
		return false;
	return strcmp(v->norm, "123456789") != 0 &&
	    strcmp(v->norm, "012345678") != 0 &&
	    strcmp(v->norm, "987654321") != 0;
}

/* True for [A-Z9]{n} where 9s only pad after at least one letter. */
static bool
dvla_name(const char *s, size_t n)
{
	size_t i;
	bool padding = false;

	if (!is_upper((unsigned char)s[0]))
		return false;
	for (i = 1; i < n; i++) {
		if (s[i] == '9')
			padding = true;
		else if (!is_upper((unsigned char)s[i]) || padding)
			return false;
	}
	return true;
}

/*
 * DVLA driving licence: 5 surname characters padded with 9, decade digit,
 * month (01-12, +50 for women), day valid for that month, year digit,
 * 2 initials padded with 9, 1 character, 2 check letters.
 */
bool
pc_v_dvla(const char *s, size_t len, struct pc_value *v)
{
	const char *d;
	int month, day;

	value_init(v, len);
	if (!squash_alnum(s, len, v) || v->len != 16)
		return false;
	d = v->norm;
	if (!dvla_name(d, 5) || !dvla_name(d + 11, 2))
		return false;
	if (!is_digit((unsigned char)d[5]) || !is_digit((unsigned char)d[6]) ||
	    !is_digit((unsigned char)d[7]) || !is_digit((unsigned char)d[8]) ||
	    !is_digit((unsigned char)d[9]) || !is_digit((unsigned char)d[10]))
		return false;
	month = (d[6] - '0') * 10 + (d[7] - '0');
	if (month > 50)
		month -= 50;
	day = (d[8] - '0') * 10 + (d[9] - '0');
	if (month < 1 || month > 12 || day < 1 || day > month_days(month))
		return false;
	if (!is_alnum((unsigned char)d[13]))
		return false;
	return is_upper((unsigned char)d[14]) && is_upper((unsigned char)d[15]);
}

/* ICAO 9303 value of an MRZ character: digits, A=10..Z=35, '<' 0. */
static int
mrz_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return c == '<' ? 0 : -1;
}

/* ICAO 9303 check digit of s[0..n) (weights 7, 3, 1), or -1. */
static int
mrz_check(const char *s, size_t n)
{
	static const int w[3] = { 7, 3, 1 };
	int sum = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((v = mrz_value(s[i])) < 0)
			return -1;
		sum += v * w[i % 3];
	}
	return sum % 10;
}

/* True when s[at] is the check digit of s[from..from+n) ('<' is 0). */
static bool
mrz_digit_ok(const char *s, size_t from, size_t n, size_t at)
{
	int want = s[at] == '<' ? 0 : s[at] - '0';

	return (s[at] == '<' || is_digit((unsigned char)s[at])) &&
	    mrz_check(s + from, n) == want;
}

/*
 * Second line of a passport's machine-readable zone (ICAO 9303 TD3, 44
 * characters): the document number, date of birth, expiry, personal
 * number and composite check digits must all hold, so a line of that
 * shape that is not a real MRZ is refused. Normalised value: the
 * document number (what identifies the passport).
 */
bool
pc_v_passport_mrz(const char *s, size_t len, struct pc_value *v)
{
	char comp[40];
	size_t i, at;

	value_init(v, len);
	/* the match is line 1, a line break, line 2: line 2 is checked */
	if (len < 44 || (len > 44 && s[len - 45] != '\n'))
		return false;
	at = len - 44;
	s += at;
	if (!mrz_digit_ok(s, 0, 9, 9) || !mrz_digit_ok(s, 13, 6, 19) ||
	    !mrz_digit_ok(s, 21, 6, 27) || !mrz_digit_ok(s, 28, 14, 42))
		return false;
	memcpy(comp, s, 10);
	memcpy(comp + 10, s + 13, 7);
	memcpy(comp + 17, s + 21, 22);
	if (mrz_check(comp, 39) != s[43] - '0' ||
	    !is_digit((unsigned char)s[43]))
		return false;
	for (i = 0; i < 9 && s[i] != '<'; i++)
		if (!value_add(v, s[i]))
			return false;
	if (v->len < 5 || all_same(v->norm, v->len))
		return false;
	v->vstart = at;
	v->vlen = 44;
	return true;
}
