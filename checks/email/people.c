/* Staff names in addresses, office domains, masked addresses. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "people.h"

#define WORD_MAX  64
#define WORDS_MAX 8

static const char *const titles[] = { "dr", "mr", "mrs", "ms", "miss", "mx",
	"sir", "dame", "rt", "hon", "mp", "lord", "lady", "prof", NULL };

/* True when w is a title or post-nominal to drop. */
static bool
is_title(const char *w)
{
	size_t i;

	for (i = 0; titles[i] != NULL; i++)
		if (strcmp(titles[i], w) == 0)
			return true;
	return false;
}

/* Splits name into lower-case letter words, titles dropped; count. */
static size_t
name_words(char words[WORDS_MAX][WORD_MAX], const char *name)
{
	size_t n = 0, k = 0;
	const char *p;

	for (p = name;; p++) {
		if (*p != '\0' && isalpha((unsigned char)*p)) {
			if (k + 1 < WORD_MAX)
				words[n][k++] =
				    (char)tolower((unsigned char)*p);
			continue;
		}
		/* Apostrophes and hyphens join a word: O'Brien, Smith-Jones. */
		if (*p == '\'' || *p == '-')
			continue;
		if (k > 0) {
			words[n][k] = '\0';
			k = 0;
			if (!is_title(words[n]) && n + 1 < WORDS_MAX)
				n++;
		}
		if (*p == '\0')
			break;
	}
	return n;
}

/* The letters of local before any +tag, lower case; false if too long. */
static bool
local_letters(char *out, size_t n, const char *local)
{
	size_t k = 0;
	const char *p;

	for (p = local; *p && *p != '+' && *p != '@'; p++) {
		if (isalpha((unsigned char)*p)) {
			if (k + 1 >= n)
				return false;
			out[k++] = (char)tolower((unsigned char)*p);
		} else if (!isdigit((unsigned char)*p) && *p != '.' &&
		    *p != '_' && *p != '-' && *p != '\'') {
			return false;
		}
	}
	out[k] = '\0';
	return k > 0;
}

/* True when l is a followed by b. */
static bool
is_concat(const char *l, const char *a, size_t alen, const char *b)
{
	return strncmp(l, a, alen) == 0 && strcmp(l + alen, b) == 0;
}

/* True when local is made of the person's name. */
bool
pc_email_local_names(const char *local, const char *name)
{
	char words[WORDS_MAX][WORD_MAX], l[2 * WORD_MAX + 8];
	const char *first, *last;
	size_t n, fl, ll;

	if (local == NULL || name == NULL ||
	    !local_letters(l, sizeof(l), local))
		return false;
	n = name_words(words, name);
	if (n == 0)
		return false;
	if (n == 1)
		return strlen(words[0]) >= 4 && strcmp(l, words[0]) == 0;
	first = words[0];
	last = words[n - 1];
	fl = strlen(first);
	ll = strlen(last);
	if (fl < 2 || ll < 2)
		return false;
	return is_concat(l, first, fl, last) || is_concat(l, last, ll, first) ||
	    is_concat(l, first, 1, last) ||
	    is_concat(l, last, ll, (char[]){ first[0], '\0' });
}

/* The staff member a local part names. */
const struct pc_staff *
pc_email_staff_named(const struct pc_config *cfg, const char *local)
{
	size_t i, j;

	for (i = 0; i < cfg->nstaff; i++) {
		const struct pc_staff *s = &cfg->staff[i];

		if (pc_email_local_names(local, s->name))
			return s;
		for (j = 0; j < s->naliases; j++)
			if (pc_email_local_names(local, s->aliases[j]))
				return s;
	}
	return NULL;
}

/* True when domain is d or a subdomain of d. */
static bool
domain_under(const char *domain, const char *d)
{
	size_t dl = strlen(domain), l = strlen(d);

	if (dl > 0 && domain[dl - 1] == '.')
		dl--;
	if (l == 0)
		return false;
	if (dl == l)
		return strncasecmp(domain, d, l) == 0;
	return dl > l && domain[dl - l - 1] == '.' &&
	    strncasecmp(domain + dl - l, d, l) == 0;
}

/* True when domain belongs to the office or Parliament. */
bool
pc_email_domain_is_office(const struct pc_config *cfg, const char *domain)
{
	size_t i;

	if (domain == NULL)
		return false;
	for (i = 0; i < cfg->office.ndomains; i++)
		if (domain_under(domain, cfg->office.parliamentary_domains[i]))
			return true;
	for (i = 0; i < cfg->office.nown_domains; i++)
		if (domain_under(domain, cfg->office.domains[i]))
			return true;
	return false;
}

/* The domain after the last @. */
const char *
pc_email_domain_of(const char *address)
{
	const char *at = address ? strrchr(address, '@') : NULL;

	return at && at != address && at[1] ? at + 1 : NULL;
}

/* "j***@gmail.com": the first character of the local part only. */
void
pc_email_mask(char *out, size_t n, const char *address)
{
	const char *d = pc_email_domain_of(address);
	char first =
	    address && isalnum((unsigned char)address[0]) ? address[0] : '*';
	char dom[256];
	size_t i;

	if (n == 0)
		return;
	snprintf(dom, sizeof(dom), "%s", d ? d : "?");
	for (i = 0; dom[i]; i++)
		if (!isalnum((unsigned char)dom[i]) && dom[i] != '.' &&
		    dom[i] != '-')
			dom[i] = '?';
	snprintf(out, n, "%c***@%s", first, dom);
}

/* True when the display name is the person's name: the same first and
 * last words (either order, titles dropped), as "Smith, Jane" is. */
bool
pc_email_names_equal(const char *display, const char *name)
{
	char a[WORDS_MAX][WORD_MAX], b[WORDS_MAX][WORD_MAX];
	size_t na, nb;

	if (display == NULL || name == NULL)
		return false;
	na = name_words(a, display);
	nb = name_words(b, name);
	if (na < 2 || nb < 2)
		return false;
	return (strcmp(a[0], b[0]) == 0 && strcmp(a[na - 1], b[nb - 1]) == 0) ||
	    (strcmp(a[0], b[nb - 1]) == 0 && strcmp(a[na - 1], b[0]) == 0);
}
