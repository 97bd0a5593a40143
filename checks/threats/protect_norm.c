/* Normalising protected details: the same form from any way of writing. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "protect.h"

/* Upper-case letters and digits of in, nothing else. */
static size_t
alnum_upper(char *out, size_t cap, const char *in, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 1 < cap; i++)
		if (isalnum((unsigned char)in[i]))
			out[o++] = (char)toupper((unsigned char)in[i]);
	out[o] = '\0';
	return o;
}

/* A UK postcode without its space ("ex7 2qd" -> "EX72QD"): outward code
 * of 2-4 characters starting with a letter, inward digit + 2 letters. */
size_t
pc_protect_norm_postcode(char *out, size_t cap, const char *in, size_t len)
{
	size_t n = alnum_upper(out, cap, in, len);

	if (n < 5 || n > 7 || !isalpha((unsigned char)out[0]) ||
	    !isdigit((unsigned char)out[n - 3]) ||
	    !isalpha((unsigned char)out[n - 2]) ||
	    !isalpha((unsigned char)out[n - 1]) ||
	    !isdigit(
		(unsigned char)(isalpha((unsigned char)out[1]) ? out[2]
							       : out[1]))) {
		out[0] = '\0';
		return 0;
	}
	return n;
}

/* A UK phone number as national digits ("+44 (0)7700 900123" ->
 * "07700900123"); 10 or 11 digits. */
size_t
pc_protect_norm_phone(char *out, size_t cap, const char *in, size_t len)
{
	char d[32];
	size_t i, n = 0, s = 0;

	for (i = 0; i < len && n + 1 < sizeof(d); i++)
		if (isdigit((unsigned char)in[i]))
			d[n++] = in[i];
	d[n] = '\0';
	if (n > 2 && d[0] == '4' && d[1] == '4') {
		s = 2;
		if (d[2] == '0')
			s = 3; /* "+44 (0)..." */
		d[--s] = '0';
	} else if (n > 4 && strncmp(d, "0044", 4) == 0) {
		s = 4;
		if (d[4] == '0')
			s = 5;
		d[--s] = '0';
	}
	if (n - s < 10 || n - s > 11 || d[s] != '0' || cap <= n - s) {
		out[0] = '\0';
		return 0;
	}
	memcpy(out, d + s, n - s);
	out[n - s] = '\0';
	return n - s;
}

/* A vehicle registration without spaces, upper case. */
size_t
pc_protect_norm_reg(char *out, size_t cap, const char *in, size_t len)
{
	size_t n = alnum_upper(out, cap, in, len);

	if (n < 2 || n > 8) {
		out[0] = '\0';
		return 0;
	}
	return n;
}

/* Street words written short, and their long form. */
static const char *const abbrev[][2] = { { "rd", "road" }, { "ln", "lane" },
	{ "ave", "avenue" }, { "av", "avenue" }, { "cl", "close" },
	{ "cres", "crescent" }, { "dr", "drive" }, { "gdns", "gardens" },
	{ "pl", "place" }, { "sq", "square" }, { "tce", "terrace" },
	{ "terr", "terrace" }, { "ct", "court" }, { "gr", "grove" },
	{ "lt", "little" }, { "gt", "great" }, { "pk", "park" },
	{ "hse", "house" }, { "nr", "near" }, { "prim", "primary" },
	{ "sch", "school" }, { NULL, NULL } };

/* Appends one word of a words form, long form for a short one; "no",
 * "number" and "flat" before a house number are dropped by the caller. */
static size_t
put_word(char *out, size_t cap, size_t o, const char *w, size_t n)
{
	size_t k;

	for (k = 0; abbrev[k][0]; k++)
		if (strlen(abbrev[k][0]) == n &&
		    memcmp(abbrev[k][0], w, n) == 0) {
			w = abbrev[k][1];
			n = strlen(w);
			break;
		}
	if (o + n + 2 > cap)
		return o;
	if (o > 0)
		out[o++] = ' ';
	memcpy(out + o, w, n);
	return o + n;
}

/* Words in lower case, apostrophes dropped ("St Aldhelm's" -> "st
 * aldhelms"), street abbreviations written out ("Tanners Ln" -> "tanners
 * lane"), "no."/"number" dropped. */
size_t
pc_protect_norm_words(char *out, size_t cap, const char *in, size_t len)
{
	char w[64];
	size_t i, n = 0, o = 0;

	if (cap == 0)
		return 0;
	for (i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)in[i] : ' ';

		if (c == '\'' ||
		    (c == 0xE2 && i + 2 < len &&
			(unsigned char)in[i + 1] == 0x80 &&
			(unsigned char)in[i + 2] == 0x99)) {
			if (c == 0xE2)
				i += 2;
			continue;
		}
		if (isalnum(c) || c >= 0x80) {
			if (n + 1 < sizeof(w))
				w[n++] = (char)tolower(c);
			continue;
		}
		if (n == 0)
			continue;
		if (!((n == 2 && memcmp(w, "no", 2) == 0) ||
			(n == 6 && memcmp(w, "number", 6) == 0) ||
			(n == 4 && memcmp(w, "flat", 4) == 0)))
			o = put_word(out, cap, o, w, n);
		n = 0;
	}
	out[o] = '\0';
	return o;
}
