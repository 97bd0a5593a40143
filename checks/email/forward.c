/* Forward detection: subject prefixes and forwarded header blocks. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "forward.h"

#define BLOCK_WINDOW 600 /* bytes after From: where Sent:/To: must be */

/* Skips spaces and leading [tags] ("[EXTERNAL] ", "[SPAM?] "). */
static const char *
skip_tags(const char *s)
{
	const char *close;
	int n = 0;

	while (s != NULL) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '[' || n++ >= 4 || (close = strchr(s, ']')) == NULL ||
		    close - s > 40)
			break;
		s = close + 1;
	}
	return s;
}

/* True when s starts with one of the prefixes, then optional "[n]" or
 * "(n)", then ':' (case-insensitive). */
static bool
has_prefix(const char *s, const char *const *prefixes)
{
	size_t i, n;
	const char *p;

	s = skip_tags(s);
	if (s == NULL)
		return false;
	for (i = 0; prefixes[i] != NULL; i++) {
		n = strlen(prefixes[i]);
		if (strncasecmp(s, prefixes[i], n) != 0)
			continue;
		p = s + n;
		if (*p == '[' || *p == '(') {
			for (p++; isdigit((unsigned char)*p); p++)
				;
			if (*p != ']' && *p != ')')
				continue;
			p++;
		}
		while (*p == ' ')
			p++;
		if (*p == ':')
			return true;
	}
	return false;
}

/* Forward prefix. */
bool
pc_fwd_subject(const char *subject)
{
	static const char *const fwd[] = { "fwd", "fw", "tr", "wg", "enc", "rv",
		NULL };

	return has_prefix(subject, fwd);
}

/* Reply prefix. */
bool
pc_fwd_subject_reply(const char *subject)
{
	static const char *const re[] = { "re", "aw", "sv", "antw", "ref",
		NULL };

	return has_prefix(subject, re);
}

/* Is p (inside text) at the start of a word? */
static bool
word_start(const char *text, const char *p)
{
	return p == text || strchr(" \t\r\n>*|", p[-1]) != NULL;
}

/*
 * The position of the field name's colon when a header-block field
 * ("Sent:", "*From:*", "From :") starts at p, else NULL.
 */
static const char *
field_at(const char *text, const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(end - p) < n + 1 || !word_start(text, p) ||
	    strncasecmp(p, name, n) != 0)
		return NULL;
	for (p += n; p < end && (*p == '*' || *p == ' '); p++)
		;
	return p < end && *p == ':' ? p : NULL;
}

/* The first field of names in [p, end), or NULL. */
static const char *
find_field(
    const char *text, const char *p, const char *end, const char *const *names)
{
	size_t i;

	for (; p < end; p++)
		for (i = 0; names[i] != NULL; i++)
			if (field_at(text, p, end, names[i]) != NULL)
				return p;
	return NULL;
}

/* Does [p, end) contain needle (case-insensitive)? */
static const char *
find_text(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t)(end - p) >= n; p++)
		if (strncasecmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/*
 * Scans a body part. A forwarded header block is "From:" followed within
 * BLOCK_WINDOW bytes by "Sent:"/"Date:" and "To:"/"Subject:" (Outlook,
 * Gmail, Apple Mail; also inline, as an HTML part's text runs on one
 * line), or "From:" shortly after a forward marker (Thunderbird puts
 * Subject: and Date: first). The sender is the first address between
 * "From:" and the next field.
 */
void
pc_fwd_body_scan(struct pc_fwd_body *out, const char *text, size_t len)
{
	static const char *const when[] = { "sent", "date", NULL };
	static const char *const what[] = { "to", "subject", NULL };
	static const char *const any[] = { "sent", "date", "to", "subject",
		"cc", NULL };
	const char *end, *p, *colon, *win, *next, *marker = NULL, *m;
	size_t pos, start;

	if (text == NULL || out->block)
		return;
	end = text + (len < PC_FWD_SCAN_MAX ? len : PC_FWD_SCAN_MAX);
	if ((m = find_text(text, end, "forwarded message")) != NULL) {
		out->marker = true;
		marker = m;
	}
	for (p = text; p < end; p++) {
		if ((colon = field_at(text, p, end, "from")) == NULL)
			continue;
		win = end - p > BLOCK_WINDOW ? p + BLOCK_WINDOW : end;
		if (!(marker && marker < p && p - marker < BLOCK_WINDOW) &&
		    !(find_field(text, colon, win, when) &&
			find_field(text, colon, win, what)))
			continue;
		out->block = true;
		next = find_field(text, colon + 1, win, any);
		pos = 0;
		if (!pc_addr_scan(colon + 1,
			(size_t)((next ? next : win) - colon - 1), &pos, &start,
			out->from, sizeof(out->from)))
			out->from[0] = '\0';
		return;
	}
}
