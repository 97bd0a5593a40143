/* Calendar dates as day numbers: parse, format, one year on. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agent/lib/date.h"

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
static long
from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

/* y-m-d of a day number (civil_from_days). */
static void
to_civil(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

/* Days in month m of year y. */
static unsigned
month_days(long y, unsigned m)
{
	static const unsigned days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Parses "YYYY-MM-DD". */
bool
pc_date_parse(long *days_out, const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	unsigned m, d;
	long y;
	size_t i;

	if (s == NULL || strlen(s) != sizeof(shape) - 1)
		return false;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i])
				    : s[i] != shape[i])
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return false;
	*days_out = from_civil(y, m, d);
	return true;
}

/* Formats a day number. */
void
pc_date_format(char out[11], long days)
{
	unsigned m, d;
	long y;

	to_civil(days, &y, &m, &d);
	snprintf(out, 11, "%04ld-%02u-%02u", y % 10000, m, d);
}

/* The UTC day of unix time t. */
long
pc_date_of_time(long long t)
{
	long long q = t / 86400;

	return (long)(t < 0 && t % 86400 ? q - 1 : q);
}

/* Unix time t as YYYY-MM-DD (UTC). */
void
pc_date_text(char *out, size_t n, long long t, const char *unknown)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, n, "%Y-%m-%d", &tm) == 0)
		snprintf(out, n, "%s", unknown);
}

/* The same day a year later; 29 February becomes 28 February. */
long
pc_date_add_year(long days)
{
	unsigned m, d;
	long y;

	to_civil(days, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	return from_civil(y + 1, m, d);
}
