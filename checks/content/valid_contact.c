/* Validators for contact details and dates: phone, email, postcode, date of birth. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "validators_int.h"

/* Ofcom numbers reserved for drama and examples: never someone's phone. */
static const char *const drama_prefixes[] = { "07700900", "01632", "02079460",
	"01134960", "01144960", "01154960", "01164960", "01174960", "01184960",
	"01214960", "01314960", "01414960", "01514960", "01614960", "01914980",
	"02896496", "02920180", "02890180", "08081570", "09098790", "03069990",
	NULL };

/*
 * UK phone number of a person or household: geographic 01/02 or mobile
 * 071-075, 077-079, 07624; +44 / 0044 / +44 (0) forms are normalised to
 * the national form. Non-geographic (03, 08, 09) and pagers are refused.
 */
bool
pc_v_phone_uk(const char *s, size_t len, struct pc_value *v)
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
		if (strncmp(
			nat, drama_prefixes[k], strlen(drama_prefixes[k])) == 0)
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
bool
pc_v_email(const char *s, size_t len, struct pc_value *v)
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
bool
pc_v_postcode(const char *s, size_t len, struct pc_value *v)
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
 * The month named just before position at ("April 3"): its number, and
 * where its name starts in *start_out; 0 when there is none.
 */
static int
month_before(const char *s, size_t at, size_t *start_out)
{
	size_t e = at, b;

	while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == ','))
		e--;
	b = e;
	while (b > 0 &&
	    ((s[b - 1] >= 'a' && s[b - 1] <= 'z') ||
		(s[b - 1] >= 'A' && s[b - 1] <= 'Z')))
		b--;
	if (e - b < 3)
		return 0;
	*start_out = b;
	return month_from_name(s + b, e - b);
}
/*
 * Date of birth after a DOB word: the first digit starts the date,
 * d/m/yyyy (also - and .), yyyy-mm-dd or "d Month yyyy"; a real calendar
 * day with a birth year from 1900 to this year. Normalised yyyy-mm-dd.
 */
bool
pc_v_dob(const char *s, size_t len, struct pc_value *v)
{
	size_t i = 0, start, mstart = 0, after_day = 0;
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
		after_day = i;
		while (i < len &&
		    !(is_upper((unsigned char)s[i]) ||
			(s[i] >= 'a' && s[i] <= 'z')))
			i++;
		while (i < len &&
		    (s[i] == 's' || s[i] == 't' || s[i] == 'n' || s[i] == 'd' ||
			s[i] == 'r' || s[i] == 'h') &&
		    month_from_name(s + i, len - i) == 0)
			i++; /* ordinal suffix: 1st, 2nd, 3rd, 4th */
		while (i < len && s[i] == ' ')
			i++;
		if (i + 3 < len && to_lower(s[i]) == 'o' &&
		    to_lower(s[i + 1]) == 'f' && s[i + 2] == ' ')
			i += 3; /* "3rd of April" */
		m = month_from_name(s + i, len - i);
		if (m == 0 && (m = month_before(s, start, &mstart)) > 0) {
			start = mstart; /* "April 3, 1957": the value starts */
			i = after_day;
		}
		while (i < len && !is_digit((unsigned char)s[i]))
			i++;
		y = read_num(s, len, &i, 4);
	}
	if (y < 1900 || y > this_year() || m < 1 || m > 12 || d < 1 ||
	    d > month_days(m))
		return false;
	if (m == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return false;
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	for (a = 0; buf[a] != '\0'; a++)
		value_add(v, buf[a]);
	v->vstart = start;
	v->vlen = i - start;
	return true;
}
