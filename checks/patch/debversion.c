/* Debian version parsing and comparison, following dpkg's parseversion()
 * and verrevcmp() (Debian Policy 5.6.12). */
#include <ctype.h>
#include <limits.h>
#include <string.h>

#include "agent/lib/err.h"
#include "debversion.h"

/* A parsed version: pointers into the caller's string, with lengths. */
struct debver {
	long epoch;
	const char *upstream;
	size_t upstream_len;
	const char *revision; /* "" when absent */
	size_t revision_len;
};

/* Whether c is an ASCII blank (dpkg's c_isblank). */
static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Whether c is an ASCII digit. */
static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Whether c is an ASCII letter. */
static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Splits s into epoch, upstream and revision, validating each part. */
static int
parse(struct debver *v, const char *s)
{
	const char *start, *end, *p, *colon, *hyphen;
	size_t i, len;
	long epoch = 0;

	if (s == NULL)
		return pc_error_set(PC_EPARSE, "a package version is missing.");
	len = strnlen(s, PC_DEBVERSION_MAX + 1);
	if (len > PC_DEBVERSION_MAX)
		return pc_error_set(PC_EPARSE,
		    "package version \"%.40s...\" is longer than %d characters.",
		    s, PC_DEBVERSION_MAX);
	start = s;
	while (is_blank((unsigned char)*start))
		start++;
	if (*start == '\0')
		return pc_error_set(PC_EPARSE, "a package version is empty.");
	end = start;
	while (*end != '\0' && !is_blank((unsigned char)*end))
		end++;
	for (p = end; *p != '\0'; p++)
		if (!is_blank((unsigned char)*p))
			return pc_error_set(PC_EPARSE,
			    "package version \"%s\" has embedded spaces.", s);
	colon = memchr(start, ':', (size_t)(end - start));
	if (colon != NULL) {
		if (colon == start)
			return pc_error_set(PC_EPARSE,
			    "package version \"%s\" has an empty epoch.", s);
		for (p = start; p < colon; p++) {
			if (!is_digit((unsigned char)*p))
				return pc_error_set(PC_EPARSE,
				    "package version \"%s\" has an epoch that is not a number.",
				    s);
			if (epoch > (INT_MAX - (*p - '0')) / 10)
				return pc_error_set(PC_EPARSE,
				    "package version \"%s\" has an epoch that is too big.",
				    s);
			epoch = epoch * 10 + (*p - '0');
		}
		start = colon + 1;
	}
	v->epoch = epoch;
	v->upstream = start;
	v->revision = "";
	v->revision_len = 0;
	hyphen = NULL;
	for (p = start; p < end; p++)
		if (*p == '-')
			hyphen = p;
	if (hyphen != NULL) {
		v->upstream_len = (size_t)(hyphen - start);
		v->revision = hyphen + 1;
		v->revision_len = (size_t)(end - hyphen - 1);
		if (v->revision_len == 0)
			return pc_error_set(PC_EPARSE,
			    "package version \"%s\" has an empty revision after its last hyphen.",
			    s);
	} else {
		v->upstream_len = (size_t)(end - start);
	}
	if (v->upstream_len == 0)
		return pc_error_set(PC_EPARSE,
		    "package version \"%s\" has an empty upstream version.", s);
	if (!is_digit((unsigned char)v->upstream[0]))
		return pc_error_set(PC_EPARSE,
		    "package version \"%s\" does not start with a digit.", s);
	for (i = 0; i < v->upstream_len; i++) {
		int c = (unsigned char)v->upstream[i];

		if (!is_digit(c) && !is_alpha(c) && strchr(".-+~:", c) == NULL)
			return pc_error_set(PC_EPARSE,
			    "package version \"%s\" has an invalid character in its upstream part.",
			    s);
	}
	for (i = 0; i < v->revision_len; i++) {
		int c = (unsigned char)v->revision[i];

		if (!is_digit(c) && !is_alpha(c) && strchr(".+~", c) == NULL)
			return pc_error_set(PC_EPARSE,
			    "package version \"%s\" has an invalid character in its revision.",
			    s);
	}
	return 0;
}

/* Sort weight of one non-digit character: '~' lowest, then the end of
 * the string and digits, then letters, then everything else. */
static int
order(int c)
{
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c != 0)
		return c + 256;
	return 0;
}

/* dpkg's verrevcmp over two length-bounded strings. */
static int
verrevcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

/* The character at an index, or 0 past the end. */
#define AT(s, n, k) ((k) < (n) ? (unsigned char)(s)[k] : 0)
	while (i < alen || j < blen) {
		int first_diff = 0;

		while ((i < alen && !is_digit(AT(a, alen, i))) ||
		    (j < blen && !is_digit(AT(b, blen, j)))) {
			int ac = order(AT(a, alen, i));
			int bc = order(AT(b, blen, j));

			if (ac != bc)
				return ac - bc;
			i++;
			j++;
		}
		while (AT(a, alen, i) == '0')
			i++;
		while (AT(b, blen, j) == '0')
			j++;
		while (is_digit(AT(a, alen, i)) && is_digit(AT(b, blen, j))) {
			if (first_diff == 0)
				first_diff = AT(a, alen, i) - AT(b, blen, j);
			i++;
			j++;
		}
		if (is_digit(AT(a, alen, i)))
			return 1;
		if (is_digit(AT(b, blen, j)))
			return -1;
		if (first_diff != 0)
			return first_diff;
	}
#undef AT
	return 0;
}

/* Checks that s is a valid Debian version. */
int
pc_debversion_check(const char *s)
{
	struct debver v;

	return parse(&v, s);
}

/* Compares two versions with dpkg's algorithm. */
int
pc_debversion_compare(const char *a, const char *b, int *cmp_out)
{
	struct debver va, vb;
	int r;

	*cmp_out = 0;
	if ((r = parse(&va, a)) != 0 || (r = parse(&vb, b)) != 0)
		return r;
	if (va.epoch != vb.epoch) {
		*cmp_out = va.epoch > vb.epoch ? 1 : -1;
		return 0;
	}
	r = verrevcmp(
	    va.upstream, va.upstream_len, vb.upstream, vb.upstream_len);
	if (r == 0)
		r = verrevcmp(
		    va.revision, va.revision_len, vb.revision, vb.revision_len);
	*cmp_out = r > 0 ? 1 : (r < 0 ? -1 : 0);
	return 0;
}
