/* A message's date: mail Date headers and export date columns. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "date.h"

#define DATE_MAX_TOKENS 12

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; Hinnant's
 * days_from_civil). */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Seconds of a date and time, or PC_THREATS_NO_DATE when out of range. */
static int64_t
seconds_of(long y, long mo, long d, long h, long mi, long s, long zone)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	if (y < 1970 || y > 2199 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    s < 0 || s > 60)
		return PC_THREATS_NO_DATE;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s -
	    zone;
}

/* Reads n digits at *p into *out; false when they are not there. */
static bool
digits(const char **p, int n, long *out)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

/* Reads 1 or 2 digits. */
static bool
digits12(const char **p, long *out)
{
	return isdigit((unsigned char)(*p)[1]) ? digits(p, 2, out)
					       : digits(p, 1, out);
}

/* "HH:MM[:SS[.frac]]" at *p; true when a time was read. */
static bool
read_time(const char **p, long *h, long *mi, long *s)
{
	const char *q = *p;

	*s = 0;
	if (!digits12(&q, h) || *q++ != ':' || !digits(&q, 2, mi))
		return false;
	if (*q == ':' && (q++, !digits(&q, 2, s)))
		return false;
	if (*q == '.' || *q == ',')
		for (q++; isdigit((unsigned char)*q); q++)
			;
	*p = q;
	return true;
}

/* A zone "Z", "+01:00", "+0100", "-05"; its offset in seconds in *zone
 * (0 when none). False when something else follows. */
static bool
read_zone(const char *p, long *zone)
{
	long h = 0, m = 0;
	int sign;

	*zone = 0;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return true;
	if (*p == 'Z' || *p == 'z')
		return p[1] == '\0';
	if (*p != '+' && *p != '-')
		return strcasecmp(p, "UTC") == 0 || strcasecmp(p, "GMT") == 0;
	sign = *p++ == '-' ? -1 : 1;
	if (!digits(&p, 2, &h))
		return false;
	if (*p == ':')
		p++;
	if (*p != '\0' && !digits(&p, 2, &m))
		return false;
	*zone = sign * (h * 3600 + m * 60);
	return *p == '\0' && h <= 14 && m <= 59;
}

/* ISO 8601 "2025-02-03[T ]10:00[:00][Z|+01:00]". */
static int64_t
parse_iso(const char *p)
{
	long y, mo, d, h = 0, mi = 0, s = 0, zone = 0;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d))
		return PC_THREATS_NO_DATE;
	if ((*p == 'T' || *p == 't' || *p == ' ') &&
	    isdigit((unsigned char)p[1])) {
		p++;
		if (!read_time(&p, &h, &mi, &s))
			return PC_THREATS_NO_DATE;
	}
	if (!read_zone(p, &zone))
		return PC_THREATS_NO_DATE;
	return seconds_of(y, mo, d, h, mi, s, zone);
}

/* UK "03/02/2025[ 10:00[:00]]" (day first). */
static int64_t
parse_uk(const char *p)
{
	long y, mo, d, h = 0, mi = 0, s = 0;

	if (!digits12(&p, &d) || *p++ != '/' || !digits12(&p, &mo) ||
	    *p++ != '/' || !digits(&p, 4, &y))
		return PC_THREATS_NO_DATE;
	while (*p == ' ' || *p == ',')
		p++;
	if (*p != '\0' && !read_time(&p, &h, &mi, &s))
		return PC_THREATS_NO_DATE;
	while (*p == ' ')
		p++;
	return *p == '\0' ? seconds_of(y, mo, d, h, mi, s, 0)
			  : PC_THREATS_NO_DATE;
}

/* The month of a name ("Feb", "February"), 0 when none. */
static long
month_of(const char *w, size_t n)
{
	static const char *const names[] = { "jan", "feb", "mar", "apr", "may",
		"jun", "jul", "aug", "sep", "oct", "nov", "dec" };
	long i;

	if (n < 3)
		return 0;
	for (i = 0; i < 12; i++)
		if (strncasecmp(w, names[i], 3) == 0)
			return i + 1;
	return 0;
}

/* One word of an RFC 5322 or Twitter date. */
struct words {
	long y, mo, d, h, mi, s, zone;
	bool have_time;
};

/* Takes one word; false when it cannot be part of a date. */
static bool
take_word(struct words *w, const char *t, size_t n)
{
	char z[16];
	const char *p = t;

	if (isalpha((unsigned char)*t)) {
		if (w->mo == 0 && (w->mo = month_of(t, n)) != 0)
			return true;
		/* day names, and zone names read as UTC */
		return n <= 9;
	}
	if (*t == '+' || *t == '-') {
		if (n >= sizeof(z))
			return false;
		memcpy(z, t, n);
		z[n] = '\0';
		return read_zone(z, &w->zone);
	}
	if (memchr(t, ':', n) != NULL) {
		w->have_time = read_time(&p, &w->h, &w->mi, &w->s);
		return w->have_time && p == t + n;
	}
	if (n == 4 && w->y == 0)
		return digits(&p, 4, &w->y);
	if (n <= 2 && w->d == 0)
		return digits12(&p, &w->d) && p == t + n;
	return false;
}

/* "Mon, 3 Feb 2025 10:00:00 +0000 (GMT)" or "Wed Oct 10 20:19:24 +0000
 * 2018": words in any order, each read once. */
static int64_t
parse_words(const char *p)
{
	struct words w = { 0 };
	size_t n;
	int k = 0;

	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '(')
			break;
		n = strcspn(p, " ,\t(");
		if (++k > DATE_MAX_TOKENS || !take_word(&w, p, n))
			return PC_THREATS_NO_DATE;
		p += n;
	}
	if (w.y == 0 || w.mo == 0 || w.d == 0)
		return PC_THREATS_NO_DATE;
	return seconds_of(w.y, w.mo, w.d, w.h, w.mi, w.s, w.zone);
}

/* Unix seconds (10 digits) or milliseconds (13). */
static int64_t
parse_epoch(const char *p, size_t n)
{
	int64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	if (n == 13)
		v /= 1000;
	return v;
}

/* The date of s (date.h). */
int64_t
pc_threats_date_parse(const char *s)
{
	char buf[96];
	size_t n;

	if (s == NULL)
		return PC_THREATS_NO_DATE;
	while (*s == ' ' || *s == '\t' || *s == '"')
		s++;
	n = strlen(s);
	while (n > 0 &&
	    (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		s[n - 1] == '\n' || s[n - 1] == '"'))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return PC_THREATS_NO_DATE;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if ((n == 10 || n == 13) && strspn(buf, "0123456789") == n)
		return parse_epoch(buf, n);
	if (n >= 10 && buf[4] == '-' && isdigit((unsigned char)buf[0]))
		return parse_iso(buf);
	if (strchr(buf, '/') != NULL)
		return parse_uk(buf);
	return parse_words(buf);
}
