/* Validators: checksums and shape rules run on Hyperscan candidates. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "validators.h"

/* True for an ASCII digit. */
static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* True for an ASCII upper-case letter. */
static bool
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/* True for an ASCII letter or digit. */
static bool
is_alnum(int c)
{
	return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}

/* Upper-case of an ASCII letter, other bytes unchanged. */
static char
to_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
}

/* Lower-case of an ASCII letter, other bytes unchanged. */
static char
to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Starts v empty, with the whole candidate as the value's span. */
static void
value_init(struct pc_value *v, size_t len)
{
	v->norm[0] = '\0';
	v->len = 0;
	v->vstart = 0;
	v->vlen = len;
}

/* Appends one byte to v->norm; false when it would not fit. */
static bool
value_add(struct pc_value *v, char c)
{
	if (v->len + 1 >= sizeof(v->norm))
		return false;
	v->norm[v->len++] = c;
	v->norm[v->len] = '\0';
	return true;
}

/* Copies the letters and digits of s, upper-cased, into v->norm. */
static bool
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
static bool
squash_digits(const char *s, size_t len, struct pc_value *v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (is_digit((unsigned char)s[i]) && !value_add(v, s[i]))
			return false;
	return true;
}

/* True when all n bytes of s are the same. */
static bool
all_same(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (s[i] != s[0])
			return false;
	return n > 0;
}

/* True when s has a run of at least k equal bytes. */
static bool
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
static bool
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
static const char *const placeholder_words[] = { "example", "xxxx", "dummy",
	"sample", "placeholder", "your_", "your-", "redacted", "changeit",
	"<", "${", "{{", "%s", "****", "....", NULL };

/* True when a secret value looks like a documentation placeholder. */
static bool
is_placeholder(const char *s, size_t n)
{
	size_t i;

	for (i = 0; placeholder_words[i] != NULL; i++)
		if (contains_ci(s, n, placeholder_words[i]))
			return true;
	return has_run(s, n, 6);
}

/* Shannon entropy of the byte distribution of s, in bits per byte. */
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
static bool
v_nino(const char *s, size_t len, struct pc_value *v)
{
	size_t i;

	value_init(v, len);
	for (i = 0; i < len; i++) /* lower-case letters are not NINOs */
		if (s[i] >= 'a' && s[i] <= 'z')
			return false;
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
static bool
v_nhs(const char *s, size_t len, struct pc_value *v)
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
		return n >= 14 && n <= 19; /* Diners Club */
	if (p2 == 50 || (p2 >= 56 && p2 <= 69)) /* Maestro, UnionPay */
		return n >= 12 && n <= 19;
	return false;
}

/* Payment card: issuer range and length, Luhn, not one repeated digit. */
static bool
v_card(const char *s, size_t len, struct pc_value *v)
{
	value_init(v, len);
	if (!squash_digits(s, len, v) || v->len < 12 || v->len > 19)
		return false;
	if (has_run(v->norm, v->len, 8))
		return false;
	return card_issuer_ok(v->norm, v->len) && pc_valid_luhn(v->norm, v->len);
}

/* Sort code and account: six digits then eight, neither all one digit. */
static bool
v_uk_bank(const char *s, size_t len, struct pc_value *v)
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
static bool
v_iban_gb(const char *s, size_t len, struct pc_value *v)
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
static bool
v_passport(const char *s, size_t len, struct pc_value *v)
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

/* Days in a month (Feb 29 accepted: leap years are not checked here). */
static int
month_days(int m)
{
	static const int days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	return (m >= 1 && m <= 12) ? days[m - 1] : 0;
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
static bool
v_dvla(const char *s, size_t len, struct pc_value *v)
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

/* Ofcom numbers reserved for drama and examples: never someone's phone. */
static const char *const drama_prefixes[] = { "07700900", "01632",
	"02079460", "01134960", "01144960", "01154960", "01164960",
	"01174960", "01184960", "01214960", "01314960", "01414960",
	"01514960", "01614960", "01914980", "02896496", "02920180",
	"02890180", "08081570", "09098790", "03069990", NULL };

/*
 * UK phone number of a person or household: geographic 01/02 or mobile
 * 071-075, 077-079, 07624; +44 / 0044 / +44 (0) forms are normalised to
 * the national form. Non-geographic (03, 08, 09) and pagers are refused.
 */
static bool
v_phone_uk(const char *s, size_t len, struct pc_value *v)
{
	char d[24], nat[24];
	size_t n = 0, i, k, skip = 0;
	bool plus = memchr(s, '+', len) != NULL;

	value_init(v, len);
	for (i = 0; i < len; i++) {
		if (!is_digit((unsigned char)s[i]))
			continue;
		if (n + 1 >= sizeof(d))
			return false;
		d[n++] = s[i];
	}
	d[n] = '\0';
	if (n > 4 && memcmp(d, "0044", 4) == 0)
		skip = 4;
	else if (plus && n > 2 && memcmp(d, "44", 2) == 0)
		skip = 2;
	else if (n == 0 || d[0] != '0')
		return false;
	if (skip > 0) { /* +44 7700 ..., +44 (0)20 ...: national form */
		if (d[skip] == '0')
			skip++;
		nat[0] = '0';
		memcpy(nat + 1, d + skip, n - skip + 1);
		n = n - skip + 1;
	} else {
		memcpy(nat, d, n + 1);
	}
	if (n < 10 || n > 11)
		return false;
	if (nat[1] == '1') {
		/* geographic: 10 or 11 digits */
	} else if (nat[1] == '2' || nat[1] == '7') {
		if (n != 11)
			return false;
		if (nat[1] == '7' && (nat[2] == '0' || nat[2] == '6') &&
		    memcmp(nat, "07624", 5) != 0)
			return false; /* personal numbering and pagers */
	} else {
		return false; /* 03, 08, 09: organisations and services */
	}
	if (has_run(nat + 1, n - 1, 7))
		return false;
	for (k = 0; drama_prefixes[k] != NULL; k++)
		if (strncmp(nat, drama_prefixes[k], strlen(drama_prefixes[k])) ==
		    0)
			return false;
	for (k = 0; k < n; k++)
		value_add(v, nat[k]);
	return true;
}

/* RFC 2606/6761 reserved names: documentation, never a person's address. */
static bool
reserved_domain(const char *dom, size_t n)
{
	static const char *const names[] = { "example.com", "example.net",
		"example.org", NULL };
	static const char *const tlds[] = { ".example", ".test", ".invalid",
		".localhost", NULL };
	size_t i, k;

	for (i = 0; names[i] != NULL; i++) {
		k = strlen(names[i]);
		if (n == k && memcmp(dom, names[i], k) == 0)
			return true;
		if (n > k && dom[n - k - 1] == '.' &&
		    memcmp(dom + n - k, names[i], k) == 0)
			return true;
	}
	for (i = 0; tlds[i] != NULL; i++) {
		k = strlen(tlds[i]);
		if (n > k && memcmp(dom + n - k, tlds[i], k) == 0)
			return true;
	}
	return false;
}

/*
 * Email address: a local part of 1-64 bytes, a domain of dot-separated
 * labels (letters, digits, hyphens not at the ends) with an alphabetic
 * top-level label; reserved example domains refused. Lower-cased.
 */
static bool
v_email(const char *s, size_t len, struct pc_value *v)
{
	const char *at = memchr(s, '@', len);
	size_t local, i, label = 0, tld_alpha = 0, dots = 0;
	char c;

	value_init(v, len);
	if (at == NULL || len > 254)
		return false;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || s[0] == '.' || s[local - 1] == '.')
		return false;
	for (i = local + 1; i < len; i++) {
		c = to_lower(s[i]);
		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			dots++;
			label = 0;
			tld_alpha = 0;
			continue;
		}
		if (!is_alnum((unsigned char)c) && c != '-')
			return false;
		if (label == 0 && c == '-')
			return false;
		label++;
		if (c >= 'a' && c <= 'z')
			tld_alpha++;
	}
	if (dots == 0 || label < 2 || tld_alpha != label)
		return false;
	for (i = 0; i < len; i++)
		if (!value_add(v, to_lower(s[i])))
			return false;
	return !reserved_domain(v->norm + local + 1, len - local - 1);
}

/*
 * Full UK postcode (BS 7666 positional rules): outward A9, A99, A9A, AA9,
 * AA99 or AA9A; inward a digit and two letters without C I K M O V.
 * Normalised as "OUT IN" upper-case.
 */
static bool
v_postcode(const char *s, size_t len, struct pc_value *v)
{
	char pc[8];
	size_t n = 0, i, out;
	const char *inward_ok = "ABDEFGHJLNPQRSTUWXYZ";

	value_init(v, len);
	for (i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (!is_alnum((unsigned char)s[i]) || n >= 7)
			return false;
		pc[n++] = to_upper(s[i]);
	}
	if (n < 5)
		return false;
	pc[n] = '\0';
	out = n - 3;
	if (strcmp(pc, "GIR0AA") == 0)
		goto ok;
	if (!is_digit((unsigned char)pc[out]) ||
	    strchr(inward_ok, pc[out + 1]) == NULL ||
	    strchr(inward_ok, pc[out + 2]) == NULL)
		return false;
	if (!is_upper((unsigned char)pc[0]) || strchr("QVX", pc[0]) != NULL)
		return false;
	if (is_digit((unsigned char)pc[1])) { /* A9, A99, A9A */
		if (out == 2)
			goto ok;
		if (out != 3)
			return false;
		if (is_digit((unsigned char)pc[2]))
			goto ok;
		if (strchr("ABCDEFGHJKSTUW", pc[2]) != NULL)
			goto ok;
		return false;
	}
	/* AA9, AA99, AA9A */
	if (!is_upper((unsigned char)pc[1]) || strchr("IJZ", pc[1]) != NULL)
		return false;
	if (out < 3 || out > 4 || !is_digit((unsigned char)pc[2]))
		return false;
	if (out == 4 && !is_digit((unsigned char)pc[3]) &&
	    strchr("ABEHMNPRVWXY", pc[3]) == NULL)
		return false;
ok:
	for (i = 0; i < out; i++)
		value_add(v, pc[i]);
	value_add(v, ' ');
	for (i = out; i < n; i++)
		value_add(v, pc[i]);
	return true;
}

/* Month number for a three-letter English month prefix, or 0. */
static int
month_from_name(const char *s, size_t n)
{
	static const char *const names[12] = { "jan", "feb", "mar", "apr",
		"may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
	int i;

	if (n < 3)
		return 0;
	for (i = 0; i < 12; i++)
		if (to_lower(s[0]) == names[i][0] &&
		    to_lower(s[1]) == names[i][1] &&
		    to_lower(s[2]) == names[i][2])
			return i + 1;
	return 0;
}

/* Reads up to max digits at s[*i]; -1 when there is none. */
static int
read_num(const char *s, size_t len, size_t *i, int max)
{
	int x = 0, k = 0;

	while (*i < len && k < max && is_digit((unsigned char)s[*i])) {
		x = x * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k == 0 ? -1 : x;
}

/* The current year (UTC). */
static int
this_year(void)
{
	struct tm tm;
	time_t now = time(NULL);

	if (gmtime_r(&now, &tm) == NULL)
		return 2100;
	return tm.tm_year + 1900;
}

/*
 * Date of birth after a DOB word: the first digit starts the date,
 * d/m/yyyy (also - and .), yyyy-mm-dd or "d Month yyyy"; a real calendar
 * day with a birth year from 1900 to this year. Normalised yyyy-mm-dd.
 */
static bool
v_dob(const char *s, size_t len, struct pc_value *v)
{
	size_t i = 0, start;
	int a, b, y, m, d;
	char buf[16];

	value_init(v, len);
	while (i < len && !is_digit((unsigned char)s[i]))
		i++;
	start = i;
	a = read_num(s, len, &i, 4);
	if (a < 0 || i >= len)
		return false;
	if (i - start == 4) { /* yyyy-mm-dd */
		y = a;
		i++;
		m = read_num(s, len, &i, 2);
		if (i >= len)
			return false;
		i++;
		d = read_num(s, len, &i, 2);
	} else if (s[i] == '/' || s[i] == '-' || s[i] == '.') {
		d = a;
		i++;
		b = read_num(s, len, &i, 2);
		if (i >= len)
			return false;
		m = b;
		i++;
		y = read_num(s, len, &i, 4);
	} else {
		d = a;
		while (i < len && !(is_upper((unsigned char)s[i]) ||
				       (s[i] >= 'a' && s[i] <= 'z')))
			i++;
		while (i < len && (s[i] == 's' || s[i] == 't' || s[i] == 'n' ||
				      s[i] == 'd' || s[i] == 'r' || s[i] == 'h') &&
		    month_from_name(s + i, len - i) == 0)
			i++; /* ordinal suffix: 1st, 2nd, 3rd, 4th */
		while (i < len && s[i] == ' ')
			i++;
		m = month_from_name(s + i, len - i);
		while (i < len && !is_digit((unsigned char)s[i]))
			i++;
		y = read_num(s, len, &i, 4);
	}
	if (y < 1900 || y > this_year() || m < 1 || m > 12 || d < 1 ||
	    d > month_days(m))
		return false;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	for (a = 0; buf[a] != '\0'; a++)
		value_add(v, buf[a]);
	v->vstart = start;
	v->vlen = i - start;
	return true;
}

/*
 * Private key block: the header names a private key and at least 40
 * base64 characters follow it (placeholders such as "..." refused).
 * Normalised value: the first body characters, which identify the key.
 */
static bool
v_private_key(const char *s, size_t len, struct pc_value *v)
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
	if (is_placeholder(s + i, len - i) && contains_ci(s + i, len - i, "..."))
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
static bool
v_aws_key_id(const char *s, size_t len, struct pc_value *v)
{
	size_t i;

	value_init(v, len);
	if (!squash_alnum(s, len, v) || v->len != 20 ||
	    memcmp(s, v->norm, 20) != 0)
		return false;
	if (memcmp(v->norm, "AKIA", 4) != 0 && memcmp(v->norm, "ASIA", 4) != 0 &&
	    memcmp(v->norm, "ABIA", 4) != 0 && memcmp(v->norm, "ACCA", 4) != 0)
		return false;
	for (i = 4; i < 20; i++)
		if (!is_upper((unsigned char)v->norm[i]) &&
		    !(v->norm[i] >= '2' && v->norm[i] <= '7'))
			return false;
	return !contains_ci(v->norm, 20, "example") && !has_run(v->norm + 4, 16, 6);
}

/* The value after the first ':' or '=' of an assignment, unquoted. */
static bool
assignment_value(const char *s, size_t len, size_t *vs, size_t *vl)
{
	size_t i = 0, e;

	while (i < len && s[i] != ':' && s[i] != '=')
		i++;
	while (i < len && (s[i] == ':' || s[i] == '=' || s[i] == ' ' ||
			      s[i] == '\t' || s[i] == '"' || s[i] == '\'' ||
			      s[i] == '>'))
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
static bool
v_aws_secret(const char *s, size_t len, struct pc_value *v)
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
static bool
v_token(const char *s, size_t len, struct pc_value *v)
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
	static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz";
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
static bool
v_github_token(const char *s, size_t len, struct pc_value *v)
{
	if (!v_token(s, len, v))
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
static bool
v_password(const char *s, size_t len, struct pc_value *v)
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
	if (contains_ci(val, vl, "os.environ") || contains_ci(val, vl, "getenv") ||
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

static const struct pc_validator validators[] = {
	{ "nino", v_nino },
	{ "nhs", v_nhs },
	{ "card", v_card },
	{ "uk_bank", v_uk_bank },
	{ "iban_gb", v_iban_gb },
	{ "passport", v_passport },
	{ "dvla", v_dvla },
	{ "phone_uk", v_phone_uk },
	{ "email", v_email },
	{ "postcode", v_postcode },
	{ "dob", v_dob },
	{ "private_key", v_private_key },
	{ "aws_key_id", v_aws_key_id },
	{ "aws_secret", v_aws_secret },
	{ "token", v_token },
	{ "github_token", v_github_token },
	{ "password", v_password },
	{ NULL, NULL },
};

/* The validator called name, or NULL. */
const struct pc_validator *
pc_validator_find(const char *name)
{
	size_t i;

	for (i = 0; validators[i].name != NULL; i++)
		if (strcmp(validators[i].name, name) == 0)
			return &validators[i];
	return NULL;
}

/* Names of all validators, NULL-terminated. */
const char *const *
pc_validator_names(void)
{
	static const char *names[sizeof(validators) / sizeof(validators[0])];
	size_t i;

	for (i = 0; validators[i].name != NULL; i++)
		names[i] = validators[i].name;
	names[i] = NULL;
	return names;
}
