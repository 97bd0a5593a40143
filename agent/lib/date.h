/* Calendar dates "YYYY-MM-DD" as day numbers (proleptic Gregorian, UTC). */
#ifndef PC_DATE_H
#define PC_DATE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Parses exactly "YYYY-MM-DD" (years 1970-9999, a day that exists in
 * that month) into days since 1970-01-01. false when s is anything else
 * ("2027-02-30", "2027-2-1", "2027-02-01x").
 */
bool pc_date_parse(long *days_out, const char *s);

/* Formats days since 1970-01-01 as "YYYY-MM-DD". */
void pc_date_format(char out[11], long days);

/* The UTC day of unix time t, as days since 1970-01-01. */
long pc_date_of_time(long long t);

/* Formats unix time t as its UTC day "YYYY-MM-DD" into out (n bytes),
 * or unknown when the C library cannot ("an unknown date"). */
void pc_date_text(char *out, size_t n, long long t, const char *unknown);

/* The same day one year later (29 February -> 28 February). */
long pc_date_add_year(long days);

#endif
