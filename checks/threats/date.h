/* A message's date from a mail Date header or an export's date column. */
#ifndef PC_THREATS_DATE_H
#define PC_THREATS_DATE_H

#include <stdint.h>

#define PC_THREATS_NO_DATE INT64_MIN

/*
 * Seconds since 1970 (UTC) of s: RFC 5322 ("Mon, 3 Feb 2025 10:00:00
 * +0000", day name and zone optional), ISO 8601 ("2025-02-03",
 * "2025-02-03T10:00:00Z", "2025-02-03 10:00:00+01:00"), Twitter's
 * "Wed Oct 10 20:19:24 +0000 2018", a UK "03/02/2025" (day first), or
 * Unix seconds or milliseconds. PC_THREATS_NO_DATE when s is none of
 * these or out of range (years 1970 to 2199).
 */
int64_t pc_threats_date_parse(const char *s);

#endif
