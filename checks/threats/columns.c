/* An export's columns in the extractors' marks: which column a mark
 * names, and the separator the extractor wrote before the next one. */
#include <string.h>

#include "sink.h"

/* Does locator name column (sink.h)? */
int
pc_threats_column_is(const char *locator, const char *column)
{
	const char *c = strstr(locator, ", column '");
	size_t n = strlen(column), l = strlen(locator);

	if (n == 0)
		return 0;
	if (c != NULL) /* CSV: row 4, column 'text' */
		return strncmp(c + 10, column, n) == 0 &&
		    strcmp(c + 10 + n, "'") == 0;
	/* JSON: "$.text" (a JSON line) or "...[3].tweet.full_text" */
	if (locator[0] != '$' || l < n + 2 ||
	    strcmp(locator + l - n, column) != 0 || locator[l - n - 1] != '.')
		return 0;
	return l == n + 2 || locator[l - n - 2] == ']';
}

/*
 * The length of data[0..len) without the separator an extractor wrote
 * before the field at next (NULL: the unit's end): CSV "; name: " or
 * "; ", JSON "\nkey: ", then trailing white space.
 */
size_t
pc_threats_column_trim(const char *data, size_t len, const char *next)
{
	const char *c, *nl;
	size_t n;

	if (next != NULL && (c = strstr(next, ", column '")) != NULL) {
		n = strlen(c + 10) - 1; /* the name, without its quote */
		if (len >= n + 4 && memcmp(data + len - 2, ": ", 2) == 0 &&
		    memcmp(data + len - n - 2, c + 10, n) == 0 &&
		    memcmp(data + len - n - 4, "; ", 2) == 0)
			len -= n + 4;
	} else if (next != NULL && strstr(next, ", column ") != NULL) {
		if (len >= 2 && memcmp(data + len - 2, "; ", 2) == 0)
			len -= 2;
	} else if (next != NULL && next[0] == '$' &&
	    (nl = memrchr(data, '\n', len)) != NULL) {
		len = (size_t)(nl - data);
	}
	while (len > 0 &&
	    (data[len - 1] == '\n' || data[len - 1] == '\r' ||
		data[len - 1] == ' ' || data[len - 1] == '\t'))
		len--;
	return len;
}
