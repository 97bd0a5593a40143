/* Whose is the text a message quotes or forwards? A reply that only
 * quotes an earlier threat is not a new threat (the earlier message is),
 * but a writer who re-sends or forwards their own earlier message sends
 * its threat again, and a bare forward with no word of comment passes
 * the forwarded text on as the message. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "own_quote.h"

#define OWN_NAME_MAX 128

/* [p, e) without blanks, '>' marks, quotes and '*' at either end. */
static void
trim(const char **p, const char **e)
{
	while (*p < *e && strchr(" \t\r>\"'*", **p) != NULL)
		(*p)++;
	while (*e > *p && strchr(" \t\r\"'*,", (*e)[-1]) != NULL)
		(*e)--;
}

/* Splits "Name <addr>" (or a bare address) into name and address, each
 * lower-cased; either may come out empty. */
static void
parse_person(const char *p, const char *e, char *name, char *addr)
{
	const char *lt = memchr(p, '<', (size_t)(e - p)), *gt, *at;
	const char *ne = lt ? lt : e, *a = NULL, *ae = NULL;
	size_t i, n;

	name[0] = addr[0] = '\0';
	if (lt && (gt = memchr(lt, '>', (size_t)(e - lt))) != NULL) {
		a = lt + 1;
		ae = gt;
	} else if ((at = memchr(p, '@', (size_t)(e - p))) != NULL) {
		for (a = at; a > p && !isspace((unsigned char)a[-1]); a--)
			;
		for (ae = at; ae < e && !isspace((unsigned char)*ae); ae++)
			;
		ne = a;
	}
	if (a != NULL) {
		trim(&a, &ae);
		n = (size_t)(ae - a) < OWN_NAME_MAX - 1 ? (size_t)(ae - a)
							: OWN_NAME_MAX - 1;
		for (i = 0; i < n; i++)
			addr[i] = (char)tolower((unsigned char)a[i]);
		addr[n] = '\0';
	}
	trim(&p, &ne);
	n = (size_t)(ne - p) < OWN_NAME_MAX - 1 ? (size_t)(ne - p)
						: OWN_NAME_MAX - 1;
	for (i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)p[i]);
	name[n] = '\0';
}

/* The person the first "From:" line or "On ..., X <a> wrote:" line of
 * body names (a "From:" among the writer's own lines counts too: rare,
 * and it then names the writer); false if none. */
static bool
earlier_author(const char *body, size_t len, char *name, char *addr)
{
	const char *p = body, *end = body + len, *e, *s;

	for (; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		s = p;
		while (s < e && strchr(" \t>*", *s) != NULL)
			s++;
		if ((size_t)(e - s) > 5 && strncasecmp(s, "from:", 5) == 0) {
			parse_person(s + 5, e, name, addr);
			return name[0] != '\0' || addr[0] != '\0';
		}
		if ((size_t)(e - s) > 10 && strncasecmp(s, "on ", 3) == 0 &&
		    (size_t)(e - s) < 300 && memchr(s, '<', (size_t)(e - s)) &&
		    (e[-1] == ':' || (e > s + 1 && e[-2] == ':'))) {
			parse_person(s, e, name, addr);
			name[0] =
			    '\0'; /* the date leads; the address decides */
			return addr[0] != '\0';
		}
		if (e == end)
			break;
	}
	return false;
}

/* Whether text holds a letter, a digit or any non-ASCII character (an
 * emoji is a comment too). */
static bool
has_word(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (isalnum((unsigned char)text[i]) || (text[i] & 0x80))
			return true;
	return false;
}

bool
pc_threats_quote_is_own(const char *sender, const char *body, size_t len,
    const char *own, size_t own_len, char *why, size_t cap)
{
	char qn[OWN_NAME_MAX], qa[OWN_NAME_MAX];
	char sn[OWN_NAME_MAX], sa[OWN_NAME_MAX];

	if (!has_word(own, own_len)) {
		snprintf(why, cap, "forwarded without a word of comment");
		return true;
	}
	if (sender == NULL || !earlier_author(body, len, qn, qa))
		return false;
	parse_person(sender, sender + strlen(sender), sn, sa);
	if (qa[0] != '\0' && sa[0] != '\0') {
		if (strcmp(qa, sa) != 0)
			return false;
	} else if (qn[0] == '\0' || strcmp(qn, sn) != 0)
		return false;
	snprintf(why, cap, "the sender's own earlier message");
	return true;
}
