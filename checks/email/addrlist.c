/* Address lists through GMime's RFC 5322 parser, flattened and capped. */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "agent/lib/err.h"
#include "addrlist.h"

#define GROUP_DEPTH_MAX 4

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

/* Initialises GMime once (g_mime_init counts its callers). */
static void
gmime_init_once(void)
{
	g_mime_init();
}

/* Copies src into dst (n bytes) with control characters as spaces. */
static void
copy_clean(char *dst, size_t n, const char *src)
{
	size_t i;

	snprintf(dst, n, "%s", src ? src : "");
	for (i = 0; dst[i] != '\0'; i++)
		if ((unsigned char)dst[i] < 0x20 || dst[i] == 0x7f)
			dst[i] = ' ';
}

/*
 * The address as kept: the local part unquoted (quotes and backslash
 * escapes dropped), the domain in lower case. False when it is not
 * local@domain with a dotted domain of letters, digits and hyphens.
 */
static bool
normalise_addr(char *out, size_t n, const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;
	size_t k = 0, i;
	bool dot = false;

	if (at == NULL || at == addr || at[1] == '\0' || n < 4)
		return false;
	for (i = 0; addr + i < at && k + 2 < n; i++) {
		if (addr[i] == '"')
			continue;
		if (addr[i] == '\\' && addr + i + 1 < at)
			i++;
		if ((unsigned char)addr[i] < 0x20 || addr[i] == 0x7f)
			return false;
		out[k++] = addr[i];
	}
	if (k == 0 || addr + i < at)
		return false;
	out[k++] = '@';
	for (i = 1; at[i] != '\0'; i++) {
		unsigned char c = (unsigned char)at[i];

		if (!isalnum(c) && c != '-' && c != '.' && c < 0x80)
			return false;
		if (k + 1 >= n)
			return false;
		dot |= c == '.';
		out[k++] = (char)tolower(c);
	}
	out[k] = '\0';
	return dot && out[k - 1] != '.';
}

/* Makes room for one more mailbox. */
static int
grow(struct pc_addrs *out)
{
	struct pc_addr *v;
	size_t cap = out->cap ? out->cap * 2 : 4;

	if (out->n < out->cap)
		return 0;
	if ((v = realloc(out->v, cap * sizeof(*v))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	out->v = v;
	out->cap = cap;
	return 0;
}

/* Adds each mailbox of list (groups opened) to out. */
static int
add_list(struct pc_addrs *out, InternetAddressList *list, int depth)
{
	int i, n = list ? internet_address_list_length(list) : 0, r;

	for (i = 0; i < n; i++) {
		InternetAddress *ia =
		    internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			if (depth >= GROUP_DEPTH_MAX) {
				out->dropped++;
				continue;
			}
			if ((r = add_list(out,
				 internet_address_group_get_members(
				     INTERNET_ADDRESS_GROUP(ia)),
				 depth + 1)) != 0)
				return r;
			continue;
		}
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia) ||
		    out->n >= PC_ADDRS_MAX) {
			out->dropped++;
			continue;
		}
		if ((r = grow(out)) != 0)
			return r;
		if (!normalise_addr(out->v[out->n].addr, PC_ADDR_MAX,
			internet_address_mailbox_get_addr(
			    INTERNET_ADDRESS_MAILBOX(ia)))) {
			out->dropped++;
			continue;
		}
		copy_clean(out->v[out->n].name, PC_ADDR_NAME_MAX,
		    internet_address_get_name(ia));
		out->n++;
	}
	return 0;
}

/* Parses an address list header value. */
int
pc_addrs_parse(struct pc_addrs *out, const char *value)
{
	InternetAddressList *list;
	int r;

	memset(out, 0, sizeof(*out));
	if (value == NULL || value[0] == '\0')
		return 0;
	pthread_once(&gmime_once, gmime_init_once);
	list = internet_address_list_parse(NULL, value);
	r = add_list(out, list, 0);
	if (list != NULL)
		g_object_unref(list);
	if (r != 0)
		pc_addrs_free(out);
	return r;
}

/* Frees the parsed list. */
void
pc_addrs_free(struct pc_addrs *a)
{
	if (a == NULL)
		return;
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

/* Splits addr at its last '@'. */
const char *
pc_addr_split(const char *addr, char *local, size_t n)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	if (at == NULL)
		return NULL;
	if (n > 0)
		snprintf(local, n, "%.*s", (int)(at - addr), addr);
	return at + 1;
}

/* May c be in a local part written in free text? */
static bool
local_char(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
	    c == '-' || c == '\'';
}

/* May c be in a domain? */
static bool
domain_char(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.';
}

/* Is text[s..e) a domain with a final label of 2+ letters? */
static bool
domain_ok(const char *d, size_t len)
{
	size_t i, last = 0, labels = 1;

	if (len < 4 || d[0] == '.' || d[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		if (d[i] == '.') {
			if (i + 1 == len || d[i + 1] == '.')
				return false;
			labels++;
			last = i + 1;
		}
	}
	if (labels < 2 || len - last < 2)
		return false;
	for (i = last; i < len; i++)
		if (!isalpha((unsigned char)d[i]))
			return false;
	return true;
}

/* Finds the next address in free text. */
bool
pc_addr_scan(const char *text, size_t len, size_t *pos, size_t *start_out,
    char *out, size_t n)
{
	size_t at, s, e, i, k;

	for (at = *pos; at < len; at++) {
		if (text[at] != '@')
			continue;
		for (s = at; s > 0 && local_char((unsigned char)text[s - 1]) &&
		     at - s < 64;
		     s--)
			;
		while (s < at && (text[s] == '.' || text[s] == '\''))
			s++;
		for (e = at + 1; e < len &&
		     domain_char((unsigned char)text[e]) && e - at < 254;
		     e++)
			;
		while (e > at + 1 && (text[e - 1] == '.' || text[e - 1] == '-'))
			e--;
		if (s == at || text[at - 1] == '.' ||
		    !domain_ok(text + at + 1, e - at - 1) || e - s + 1 > n) {
			continue;
		}
		for (i = s, k = 0; i < e; i++)
			out[k++] = i > at
			    ? (char)tolower((unsigned char)text[i])
			    : text[i];
		out[k] = '\0';
		*start_out = s;
		*pos = e;
		return true;
	}
	*pos = len;
	return false;
}
