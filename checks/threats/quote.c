/* Quote splitter: the new text of a mail reply, without what it quotes. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "quote.h"

#define QUOTE_HEADER_SCAN 6 /* lines after "From:" that may hold "Sent:" */

struct line {
	const char *p;
	size_t n; /* without the newline and trailing spaces/CR */
};

/* The line starting at *pos, advancing *pos past its newline. */
static struct line
next_line(const char *body, size_t len, size_t *pos)
{
	struct line l = { body + *pos, 0 };
	const char *nl = memchr(body + *pos, '\n', len - *pos);
	size_t end = nl ? (size_t)(nl - body) : len;

	l.n = end - *pos;
	*pos = nl ? end + 1 : len;
	while (l.n > 0 &&
	    (l.p[l.n - 1] == '\r' || l.p[l.n - 1] == ' ' ||
		l.p[l.n - 1] == '\t'))
		l.n--;
	while (l.n > 0 && (l.p[0] == ' ' || l.p[0] == '\t')) {
		l.p++;
		l.n--;
	}
	return l;
}

/* Whether the line starts with prefix, ignoring case. */
static int
starts(struct line l, const char *prefix)
{
	size_t n = strlen(prefix);

	return l.n >= n && strncasecmp(l.p, prefix, n) == 0;
}

/* Whether the line ends with suffix, ignoring case. */
static int
ends(struct line l, const char *suffix)
{
	size_t n = strlen(suffix);

	return l.n >= n && strncasecmp(l.p + l.n - n, suffix, n) == 0;
}

/* Whether the line contains s, ignoring case. */
static int
contains(struct line l, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= l.n; i++)
		if (strncasecmp(l.p + i, s, n) == 0)
			return 1;
	return 0;
}

/* A marker after which the rest of the body is an earlier message. */
static int
is_marker(struct line l)
{
	if (l.n > 0 && l.p[0] == '-' &&
	    (contains(l, "original message") ||
		contains(l, "forwarded message")))
		return 1;
	return starts(l, "begin forwarded message") ||
	    (l.n >= 20 && strspn(l.p, "_") == l.n);
}

/* The first line of a legal disclaimer or a mail system's notice: no
 * one's words, and a word model reading them learns an office's
 * boilerplate ("privileged", "intended recipient") as a sign. */
static int
is_disclaimer(struct line l)
{
	static const char *const opens[] = { "disclaimer",
		"confidentiality notice", "confidentiality:",
		"important notice:", "legal notice:", "this email and any",
		"this e-mail and any", "this message and any",
		"the information contained in this",
		"the information in this e", "the information in this message",
		"this email has been scanned", "this e-mail has been scanned",
		"if you are not the intended", "if you have received this e",
		"if you have received this message", NULL };
	static const char *const confidential[] = { "this email is ",
		"this e-mail is ", "this message is ", "this email may ",
		"this e-mail may ", "this message may ", NULL };
	size_t k;

	for (k = 0; opens[k] != NULL; k++)
		if (starts(l, opens[k]))
			return 1;
	for (k = 0; confidential[k] != NULL; k++)
		if (starts(l, confidential[k]) &&
		    (contains(l, "confidential") || contains(l, "privileged") ||
			contains(l, "intended ") || contains(l, "legally")))
			return 1;
	return 0;
}

/* "From: x" followed within a few lines by "Sent:" or "Date:". */
static int
is_header_block(const char *body, size_t len, size_t pos, struct line l)
{
	struct line m;
	int k;

	if (!starts(l, "from:") && !starts(l, "*from:*"))
		return 0;
	for (k = 0; k < QUOTE_HEADER_SCAN && pos < len; k++) {
		m = next_line(body, len, &pos);
		if (starts(m, "sent:") || starts(m, "date:") ||
		    starts(m, "*sent:*"))
			return 1;
	}
	return 0;
}

/* "On <date>, <name> wrote:" on one line or wrapped over two. Sets
 * *pos past it. */
static int
is_attribution(const char *body, size_t len, size_t *pos, struct line l)
{
	size_t p = *pos;
	struct line m;

	if (l.n > 400)
		return 0;
	if (ends(l, "wrote:") || ends(l, "writes:"))
		return starts(l, "on ") || starts(l, "le ") || l.n < 120;
	if (!starts(l, "on ") || p >= len)
		return 0;
	m = next_line(body, len, &p);
	if (m.n < 200 && (ends(m, "wrote:") || ends(m, "writes:"))) {
		*pos = p;
		return 1;
	}
	return 0;
}

/* The first non-blank line from pos starts with '>'. */
static int
quote_follows(const char *body, size_t len, size_t pos)
{
	struct line m;

	while (pos < len) {
		m = next_line(body, len, &pos);
		if (m.n > 0)
			return m.p[0] == '>';
	}
	return 1;
}

/* Adds line [start, end) of body to b (NULL: nowhere), without its
 * leading '>' marks and spaces when unquote. A quoted attribution ("On
 * ..., X wrote:") is left out of b: judged, its "wrote" would make the
 * quoted message under it a report. */
static int
add_line(
    struct pc_buf *b, const char *body, size_t start, size_t end, bool unquote)
{
	struct line l;
	size_t pos;

	if (unquote) {
		while (
		    start < end && (body[start] == '>' || body[start] == ' '))
			start++;
		pos = start;
		l = next_line(body, end, &pos);
		if (is_attribution(body, end, &pos, l))
			return 0;
	}
	if (b != NULL && pc_buf_add(b, body + start, end - start) != 0)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Sorts body's lines: the sender's own into out, what it quotes or
 * forwards into rest (either may be NULL). */
static int
split(struct pc_buf *out, struct pc_buf *rest, const char *body, size_t len,
    size_t *quoted_out)
{
	size_t pos = 0, start, quoted = 0;
	struct line l;

	while (pos < len) {
		start = pos;
		l = next_line(body, len, &pos);
		if (l.n > 0 && l.p[0] == '>') {
			quoted++;
			if (add_line(rest, body, start, pos, true))
				return PC_ENOMEM;
			continue;
		}
		if (is_marker(l) || is_header_block(body, len, pos, l))
			break;
		if (is_attribution(body, len, &pos, l)) {
			/* "X wrote:" not starting "On" only counts before a
			 * quote, so "here is what he wrote:" stays text */
			if (!quote_follows(body, len, pos) &&
			    !starts(l, "on ") && !starts(l, "le ")) {
				if (add_line(out, body, start, pos, false))
					return PC_ENOMEM;
				continue;
			}
			quoted++;
			if (!quote_follows(body, len, pos))
				break;
			continue;
		}
		if (is_disclaimer(l)) { /* its paragraph, no one's words */
			while (pos < len && l.n > 0)
				l = next_line(body, len, &pos);
			continue;
		}
		if (add_line(out, body, start, pos, false) != 0)
			return PC_ENOMEM;
	}
	while (pos < len) {
		start = pos;
		next_line(body, len, &pos);
		quoted++;
		if (add_line(rest, body, start, pos, true))
			return PC_ENOMEM;
	}
	if (quoted_out)
		*quoted_out = quoted;
	return 0;
}

/* Appends the sender's own lines of body to out. */
int
pc_threats_quote_split(
    struct pc_buf *out, const char *body, size_t len, size_t *quoted_out)
{
	return split(out, NULL, body, len, quoted_out);
}

/* Appends what body quotes or forwards to rest. */
int
pc_threats_quote_rest(struct pc_buf *rest, const char *body, size_t len)
{
	return split(NULL, rest, body, len, NULL);
}
