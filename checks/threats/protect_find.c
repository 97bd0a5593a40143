/* Finding protected details in a text: candidate spans, normalised and
 * hashed, compared with the store. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "protect.h"

#define FIND_MAX_WORDS  20000 /* words of one text examined */
#define FIND_NGRAM      5
#define FIND_STREET_GAP 6

struct word {
	size_t s, e;   /* bytes in the text */
	char form[48]; /* normalised ("" when dropped: "no", "number") */
};

struct finder {
	const struct pc_protect *p;
	const char *text;
	struct word *w;
	size_t n;
	struct pc_protect_hit *hits;
	size_t nhits, max;
};

static const char *const street_words[] = { "road", "street", "lane", "close",
	"rise", "avenue", "drive", "way", "court", "crescent", "gardens",
	"place", "grove", "terrace", "walk", "hill", "row", "mews", "square",
	"view", "park", "green", "vale", "meadows", "fields", "gate", "parade",
	"hollow", "chase", "croft", NULL };

/* Masks a span: the first character of each word, digits of a house
 * number, everything else '*'. */
static void
mask(char *out, size_t cap, const char *t, size_t s, size_t e, bool digits)
{
	size_t i, o = 0;
	bool start = true;

	for (i = s; i < e && o + 1 < cap; i++) {
		unsigned char c = (unsigned char)t[i];

		if (!isalnum(c)) {
			out[o++] = (c == '\n' || c == '\r' || c == '\t' ||
				       c == '"' || c == '\\')
			    ? ' '
			    : (char)c;
			start = true;
			continue;
		}
		out[o++] = (start || (digits && isdigit(c))) ? (char)c : '*';
		start = false;
	}
	out[o] = '\0';
}

/* Records a hit for every entry of a words kind (or of kind k) whose
 * hash is mac. */
static void
match(struct finder *f, const char *tag, const unsigned char *mac, size_t s,
    size_t e, bool digits)
{
	const struct pc_protect_entry *en;
	size_t i, k;
	bool words = strcmp(tag, "words") == 0;

	for (i = 0; i < f->p->n && f->nhits < f->max; i++) {
		en = &f->p->v[i];
		if (memcmp(en->mac, mac, PC_PROTECT_MAC_LEN) != 0)
			continue;
		if (words !=
		    (en->kind == PC_PROT_HOME_ADDRESS ||
			en->kind == PC_PROT_SCHOOL || en->kind == PC_PROT_NAME))
			continue;
		for (k = 0; k < f->nhits; k++)
			if (f->hits[k].kind == en->kind &&
			    strcmp(f->hits[k].person, en->person) == 0)
				break;
		if (k < f->nhits)
			continue;
		f->hits[f->nhits].kind = en->kind;
		f->hits[f->nhits].person = en->person;
		mask(f->hits[f->nhits].masked, sizeof(f->hits[0].masked),
		    f->text, s, e, digits || en->kind == PC_PROT_HOME_ADDRESS);
		f->nhits++;
	}
}

/* Hashes tag:form and matches it. */
static int
try_form(
    struct finder *f, const char *tag, const char *form, size_t s, size_t e)
{
	unsigned char mac[PC_PROTECT_MAC_LEN];
	int r;

	if (form[0] == '\0')
		return 0;
	if ((r = pc_protect_mac(f->p, tag, form, mac)) != 0)
		return r;
	match(f, tag, mac, s, e, false);
	return 0;
}

/* Splits the text into words with normalised forms. */
static int
split_words(struct finder *f, const char *t, size_t len)
{
	size_t i = 0, s;
	struct word *nv;
	size_t cap = 0;

	while (i < len && f->n < FIND_MAX_WORDS) {
		while (i < len && !isalnum((unsigned char)t[i]) &&
		    (unsigned char)t[i] < 0x80)
			i++;
		s = i;
		while (i < len &&
		    (isalnum((unsigned char)t[i]) ||
			(unsigned char)t[i] >= 0x80 ||
			(t[i] == '\'' && i + 1 < len &&
			    isalnum((unsigned char)t[i + 1]))))
			i++;
		if (i == s)
			continue;
		if (f->n == cap) {
			cap = cap ? 2 * cap : 256;
			if ((nv = realloc(f->w, cap * sizeof(*nv))) == NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
			f->w = nv;
		}
		f->w[f->n].s = s;
		f->w[f->n].e = i;
		pc_protect_norm_words(
		    f->w[f->n].form, sizeof(f->w[0].form), t + s, i - s);
		f->n++;
	}
	return 0;
}

/* Word n-grams (2 to FIND_NGRAM words), dropped words skipped. */
static int
ngrams(struct finder *f)
{
	char gram[256];
	size_t i, j, k, o;
	int r;

	for (i = 0; i < f->n; i++) {
		if (f->w[i].form[0] == '\0')
			continue;
		o = (size_t)snprintf(gram, sizeof(gram), "%s", f->w[i].form);
		for (j = i + 1, k = 1; j < f->n && k < FIND_NGRAM; j++) {
			if (f->w[j].form[0] == '\0')
				continue;
			o += (size_t)snprintf(
			    gram + o, sizeof(gram) - o, " %s", f->w[j].form);
			if (o >= sizeof(gram))
				break;
			k++;
			if ((r = try_form(
				 f, "words", gram, f->w[i].s, f->w[j].e)) != 0)
				return r;
		}
	}
	return 0;
}

/* Whether a form is a house number ("14", "14a"). */
static bool
house_number(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n >= 1 && n <= 4 &&
	    (s[n] == '\0' ||
		(isalpha((unsigned char)s[n]) && s[n + 1] == '\0'));
}

/* Whether a form is a street word. */
static bool
street_word(const char *s)
{
	size_t k;

	for (k = 0; street_words[k]; k++)
		if (strcmp(street_words[k], s) == 0)
			return true;
	return false;
}

/* "number street" shingles: a house number with a street name of two
 * or three words ending in a street word near it ("Orchard Rise, number
 * 14"). */
static int
shingles(struct finder *f)
{
	char form[160];
	size_t i, j, a, lo, hi;
	int r;

	for (i = 0; i < f->n; i++) {
		if (!house_number(f->w[i].form))
			continue;
		lo = i > FIND_STREET_GAP ? i - FIND_STREET_GAP : 0;
		hi = i + FIND_STREET_GAP < f->n ? i + FIND_STREET_GAP : f->n;
		for (j = lo; j < hi; j++) {
			if (j == i || !street_word(f->w[j].form))
				continue;
			for (a = j >= 2 ? j - 2 : 0; a < j; a++) {
				if (a <= i && i <= j)
					continue;
				if (a + 2 == j && f->w[a + 1].form[0] == '\0')
					continue;
				snprintf(form, sizeof(form), "%s %s%s%s %s",
				    f->w[i].form, f->w[a].form,
				    a + 2 == j ? " " : "",
				    a + 2 == j ? f->w[a + 1].form : "",
				    f->w[j].form);
				if ((r = try_form(f, "words", form,
					 f->w[i < a ? i : a].s,
					 f->w[i > j ? i : j].e)) != 0)
					return r;
			}
		}
	}
	return 0;
}

/* Postcodes and registrations: one word, or two words joined. */
static int
shapes(struct finder *f)
{
	char both[128], form[32];
	size_t i, n;
	int r;

	for (i = 0; i < f->n; i++) {
		n = f->w[i].e - f->w[i].s;
		if (n >= 5 && n <= 7 &&
		    pc_protect_norm_postcode(
			form, sizeof(form), f->text + f->w[i].s, n) &&
		    (r = try_form(f, "postcode", form, f->w[i].s, f->w[i].e)))
			return r;
		if (n == 7 &&
		    pc_protect_norm_reg(
			form, sizeof(form), f->text + f->w[i].s, n) &&
		    (r = try_form(f, "car_reg", form, f->w[i].s, f->w[i].e)))
			return r;
		if (i + 1 >= f->n || n < 2 || n > 4 ||
		    f->w[i + 1].e - f->w[i + 1].s != 3 ||
		    f->w[i + 1].s - f->w[i].e > 3)
			continue;
		snprintf(both, sizeof(both), "%.*s%.*s", (int)n,
		    f->text + f->w[i].s, 3, f->text + f->w[i + 1].s);
		if (pc_protect_norm_postcode(
			form, sizeof(form), both, strlen(both)) &&
		    (r = try_form(
			 f, "postcode", form, f->w[i].s, f->w[i + 1].e)))
			return r;
		if (n == 4 &&
		    pc_protect_norm_reg(
			form, sizeof(form), both, strlen(both)) &&
		    (r = try_form(
			 f, "car_reg", form, f->w[i].s, f->w[i + 1].e)))
			return r;
	}
	return 0;
}

/* Phone numbers: runs of digits, spaces and + ( ) - . holding 10 to 13
 * digits. */
static int
phones(struct finder *f, size_t len)
{
	unsigned char mac[PC_PROTECT_MAC_LEN];
	const char *t = f->text;
	char form[32];
	size_t i = 0, s, e, digits;
	int r;

	while (i < len) {
		if (!isdigit((unsigned char)t[i]) && t[i] != '+' &&
		    t[i] != '(') {
			i++;
			continue;
		}
		for (s = i, digits = 0; i < len &&
		     (isdigit((unsigned char)t[i]) || strchr(" +()-.", t[i]));
		     i++)
			digits += isdigit((unsigned char)t[i]) != 0;
		for (e = i; e > s && !isdigit((unsigned char)t[e - 1]); e--)
			;
		if (digits >= 10 && digits <= 14 &&
		    pc_protect_norm_phone(form, sizeof(form), t + s, e - s)) {
			if ((r = pc_protect_mac(f->p, "phone", form, mac)) != 0)
				return r;
			match(f, "phone", mac, s, s + 2 < e ? s + 2 : e, true);
			if (f->nhits &&
			    f->hits[f->nhits - 1].kind == PC_PROT_PHONE)
				snprintf(f->hits[f->nhits - 1].masked,
				    sizeof(f->hits[0].masked), "%.2s*********",
				    form);
		}
		if (i == s)
			i++;
	}
	return 0;
}

/* The byte length of a Unicode space at t (no-break, en/em/thin and
 * other U+2000 spaces, narrow no-break, ideographic), or 0. */
static size_t
unicode_space(const unsigned char *t, size_t left)
{
	if (left >= 2 && t[0] == 0xc2 && t[1] == 0xa0)
		return 2;
	if (left >= 3 && t[0] == 0xe2 && t[1] == 0x80 &&
	    (t[2] <= 0x8a || t[2] == 0xaf))
		return 3;
	if (left >= 3 && t[0] == 0xe3 && t[1] == 0x80 && t[2] == 0x80)
		return 3;
	return 0;
}

/* A copy of text with Unicode spaces as ASCII spaces (same length, so
 * offsets hold: "EX7&nbsp;2QD" on a web page), or NULL when it has
 * none or memory ran out (then text is read as it is). */
static char *
ascii_spaces(const char *text, size_t len)
{
	size_t i, k, n;
	char *copy = NULL;

	for (i = 0; i < len; i++) {
		if ((unsigned char)text[i] < 0xc2 ||
		    (n = unicode_space(
			 (const unsigned char *)text + i, len - i)) == 0)
			continue;
		if (copy == NULL) {
			if ((copy = malloc(len)) == NULL)
				return NULL;
			memcpy(copy, text, len);
		}
		for (k = 0; k < n; k++)
			copy[i + k] = ' ';
		i += n - 1;
	}
	return copy;
}

/* Finds protected details in text. */
int
pc_protect_find(const struct pc_protect *p, const char *text, size_t len,
    struct pc_protect_hit *hits, size_t max)
{
	struct finder f = { p, text, NULL, 0, hits, 0, max };
	char *spaced;
	int r;

	if (p == NULL || p->n == 0 || max == 0)
		return 0;
	if ((spaced = ascii_spaces(text, len)) != NULL)
		f.text = text = spaced;
	if ((r = split_words(&f, text, len)) == 0 && (r = ngrams(&f)) == 0 &&
	    (r = shingles(&f)) == 0 && (r = shapes(&f)) == 0)
		r = phones(&f, len);
	free(f.w);
	free(spaced);
	return r != 0 ? r : (int)f.nhits;
}
