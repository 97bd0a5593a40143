/* Word normalisation for the threats rules: fold, leetspeak, skeleton. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>
#include <utf8proc.h>

#include "agent/lib/err.h"
#include "bigtable.h"
#include "normalise.h"

#include "tokens.h"

/* words remembered (8 MB), in sets of CACHE_WAYS: a mailbox's vocabulary
 * passes 8,192 words; the bench mailbox's 28,000 written forms in 16,384
 * sets missed about 8,000 times each pass over it (each miss a fold and a
 * skeleton again) */
#define CACHE_SLOTS 65536
#define CACHE_WAYS  2  /* the last used first (direct-mapped missed often) */
#define CACHE_WORD  32 /* longer words are not cached */
#define CACHE_KEYS  88 /* key, alt and col with their NULs */

/* A word's keys, remembered: mail repeats its words, and the fold and
 * skeleton are the costly part of tokenising. Two cache lines: the word,
 * then the keys packed (a word whose keys do not fit is not cached). */
struct cache_slot {
	char word[CACHE_WORD];
	uint32_t kh;
	uint8_t flags;
	uint8_t len[3]; /* of key, alt and col in keys */
	char keys[CACHE_KEYS];
};

struct pc_threats_norm {
	USpoofChecker *spoof;
	struct cache_slot *cache;
};

/* Opens ICU's spoof checker for skeletons. */
int
pc_threats_norm_new(struct pc_threats_norm **out)
{
	UErrorCode st = U_ZERO_ERROR;
	struct pc_threats_norm *n;

	*out = NULL;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	n->spoof = uspoof_open(&st);
	/* slots on cache-line boundaries (one slot, two lines), on huge
	 * pages */
	n->cache = pc_threats_table_new(CACHE_SLOTS * sizeof(*n->cache));
	if (U_FAILURE(st) || n->cache == NULL) {
		if (!U_FAILURE(st))
			uspoof_close(n->spoof);
		pc_threats_table_free(
		    n->cache, CACHE_SLOTS * sizeof(*n->cache));
		free(n);
		return pc_error_set(PC_EIO,
		    "cannot open ICU's confusable data (%s); reinstall libicu72",
		    u_errorName(st));
	}
	*out = n;
	return 0;
}

/* Frees the normaliser. */
void
pc_threats_norm_free(struct pc_threats_norm *n)
{
	if (n == NULL)
		return;
	uspoof_close(n->spoof);
	pc_threats_table_free(n->cache, CACHE_SLOTS * sizeof(*n->cache));
	free(n);
}

/* The first slot of the set a word hashes to (FNV-1a). */
static struct cache_slot *
slot_of(struct pc_threats_norm *n, const char *word, size_t len)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)word[i]) * 16777619u;
	return &n->cache[(h % (CACHE_SLOTS / CACHE_WAYS)) * CACHE_WAYS];
}

/* Starts loading a word's cache slot: the tokeniser asks a few words
 * ahead, as the slots (8 MB) are mostly not in the CPU's caches. */
void
pc_threats_norm_prefetch(
    struct pc_threats_norm *n, const char *word, size_t len)
{
	const char *p;
	size_t k;

	if (len == 0 || len >= CACHE_WORD)
		return;
	p = (const char *)slot_of(n, word, len);
	for (k = 0; k < CACHE_WAYS * sizeof(struct cache_slot); k += 64)
		__builtin_prefetch(p + k);
}

/* Fills t's keys, flags and kh from the cache: true when the word is
 * there. */
bool
pc_threats_norm_get(struct pc_threats_norm *n, const char *word, size_t len,
    struct pc_threats_token *t)
{
	struct cache_slot *c, tmp;
	const char *k;

	if (len == 0 || len >= CACHE_WORD)
		return false;
	c = slot_of(n, word, len);
	if (memcmp(c->word, word, len) != 0 || c->word[len] != '\0') {
		if (memcmp(c[1].word, word, len) != 0 || c[1].word[len] != '\0')
			return false;
		tmp = c[0]; /* the last used first */
		c[0] = c[1];
		c[1] = tmp;
	}
	k = c->keys;
	memcpy(t->key, k, c->len[0] + 1u);
	k += c->len[0] + 1u;
	memcpy(t->alt, k, c->len[1] + 1u);
	k += c->len[1] + 1u;
	memcpy(t->col, k, c->len[2] + 1u);
	t->flags = c->flags;
	t->kh = c->kh;
	return true;
}

/* Remembers t's keys, flags and kh for word (not when too long). */
void
pc_threats_norm_put(struct pc_threats_norm *n, const char *word, size_t len,
    const struct pc_threats_token *t)
{
	struct cache_slot *c;
	size_t l[3];
	char *k;

	if (len == 0 || len >= CACHE_WORD)
		return;
	l[0] = strnlen(t->key, sizeof(t->key) - 1);
	l[1] = strnlen(t->alt, sizeof(t->alt) - 1);
	l[2] = strnlen(t->col, sizeof(t->col) - 1);
	if (l[0] + l[1] + l[2] + 3 > CACHE_KEYS)
		return;
	c = slot_of(n, word, len);
	c[1] = c[0]; /* the first slot's word moves to the second */
	memcpy(c->word, word, len);
	c->word[len] = '\0';
	k = c->keys;
	memcpy(k, t->key, l[0]);
	k[l[0]] = '\0';
	k += l[0] + 1;
	memcpy(k, t->alt, l[1]);
	k[l[1]] = '\0';
	k += l[1] + 1;
	memcpy(k, t->col, l[2]);
	k[l[2]] = '\0';
	c->len[0] = (uint8_t)l[0];
	c->len[1] = (uint8_t)l[1];
	c->len[2] = (uint8_t)l[2];
	c->flags = t->flags;
	c->kh = t->kh;
}

/* Default-ignorable characters stripped from words. */
bool
pc_threats_invisible(int cp)
{
	return cp == 0x00AD || cp == 0x034F || cp == 0x180E ||
	    (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x2064) || cp == 0xFEFF ||
	    (cp >= 0xFE00 && cp <= 0xFE0F);
}

/* Copies in to a valid-UTF-8 buffer, invalid bytes as U+FFFD. */
static size_t
sanitise(char *out, size_t cap, const char *in, size_t len)
{
	size_t i = 0, o = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	while (i < len && o + 4 < cap) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)in + i,
		    (utf8proc_ssize_t)(len - i), &cp);
		if (k < 1) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		if (!pc_threats_invisible(cp)) {
			memcpy(out + o, in + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	out[o] = '\0';
	return o;
}

/* NFKC + case fold without default ignorables or combining marks
 * ("kíll", "şhoot"), truncated to cap. */
size_t
pc_threats_fold(char *out, size_t cap, const char *in, size_t len)
{
	char tmp[4 * PC_THREATS_WORD_MAX];
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t r;
	size_t n;

	if (cap == 0)
		return 0;
	n = sanitise(tmp, sizeof(tmp), in, len);
	r = utf8proc_map((const utf8proc_uint8_t *)tmp, (utf8proc_ssize_t)n, &m,
	    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
		UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STRIPMARK);
	if (r < 0) {
		out[0] = '\0';
		return 0;
	}
	n = (size_t)r < cap - 1 ? (size_t)r : cap - 1;
	while (n > 0 && n < (size_t)r && (m[n] & 0xC0) == 0x80)
		n--; /* do not cut a character in half */
	memcpy(out, m, n);
	out[n] = '\0';
	free(m);
	return n;
}

/* The letter a leetspeak character stands for, or 0. */
static char
leet_of(unsigned char c, bool one_as_l)
{
	switch (c) {
	case '0': return 'o';
	case '1': return one_as_l ? 'l' : 'i';
	case '3': return 'e';
	case '4': return 'a';
	case '5': return 's';
	case '7': return 't';
	case '9': return 'g';
	case '@': return 'a';
	case '$': return 's';
	case '!': return 'i';
	case '|': return 'l';
	case '+': return 't';
	default: return 0;
	}
}

/* Leetspeak to letters for words with at least one ASCII letter. */
bool
pc_threats_leet(char *out, size_t cap, const char *in, bool one_as_l)
{
	bool letter = false, changed = false;
	size_t i, o = 0;
	char l;

	for (i = 0; in[i]; i++)
		letter |= (in[i] >= 'a' && in[i] <= 'z');
	for (i = 0; in[i] && o + 1 < cap; i++) {
		if (letter && (l = leet_of((unsigned char)in[i], one_as_l))) {
			out[o++] = l;
			changed = true;
		} else if (letter && (unsigned char)in[i] == 0xE2 &&
		    (unsigned char)in[i + 1] == 0x82 &&
		    (unsigned char)in[i + 2] == 0xAC) {
			out[o++] = 'e'; /* the euro sign */
			i += 2;
			changed = true;
		} else if (letter && (unsigned char)in[i] == 0xE2 &&
		    (unsigned char)in[i + 1] == 0x80 &&
		    (unsigned char)in[i + 2] == 0xA0) {
			out[o++] = 't'; /* the dagger */
			i += 2;
			changed = true;
		} else if (letter && (unsigned char)in[i] == 0xC2 &&
		    (unsigned char)in[i + 1] == 0xA5) {
			out[o++] = 'y'; /* the yen sign */
			i += 1;
			changed = true;
		} else
			out[o++] = in[i];
	}
	out[o] = '\0';
	return changed;
}

/* The Latin letter a skeleton's non-ASCII letter stands for, or 0: TR39
 * maps Cyrillic к and Greek κ to the kra ĸ, Greek τ and Cyrillic т to
 * the small capital ᴛ, which are no k or t to a reader. Taken from the
 * character's Unicode name, not a table. */
static char
latin_base(UChar32 c)
{
	static const char cap[] = "LATIN LETTER SMALL CAPITAL ";
	char name[80];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;

	if (c == 0x0138) /* LATIN SMALL LETTER KRA */
		return 'k';
	if (c == 0x0131) /* LATIN SMALL LETTER DOTLESS I */
		return 'i';
	if (c == 0x03C9 || c == 0x0461) /* Greek and Cyrillic omega: "ωill" */
		return 'w';
	n = u_charName(
	    c, U_UNICODE_CHAR_NAME, name, (int32_t)sizeof(name), &st);
	if (U_FAILURE(st) || n != (int32_t)sizeof(cap) ||
	    strncmp(name, cap, sizeof(cap) - 1) != 0)
		return 0;
	return (char)(name[n - 1] - 'A' + 'a');
}

/* Rewrites a skeleton's leftover look-alikes to ASCII in place: combining
 * marks dropped ("n̩" from Greek η), small capitals and the kra to their
 * letters. Other characters stay. */
static void
skeleton_to_latin(char *s)
{
	int32_t i = 0, o = 0, len = (int32_t)strlen(s), start;
	UChar32 c;
	char l;

	while (i < len) {
		start = i;
		U8_NEXT(s, i, len, c);
		if (c >= 0x80 && u_charType(c) == U_NON_SPACING_MARK)
			continue;
		if (c >= 0x80 && (l = latin_base(c)) != 0) {
			s[o++] = l;
			continue;
		}
		memmove(s + o, s + start, (size_t)(i - start));
		o += i - start;
	}
	s[o] = '\0';
}

/* The TR39 skeleton of a word; ASCII letters and digits map to
 * themselves in ICU's data except a few (0/O, 1/l, rn/m), so the
 * skeleton is taken of both the text and the lexicon. */
int
pc_threats_skeleton(
    struct pc_threats_norm *n, char *out, size_t cap, const char *in)
{
	UErrorCode st = U_ZERO_ERROR;
	char pre[128];
	int32_t r;

	/* small capitals read as their letters first: TR39 takes the small
	 * capital M to a turned w ("ᴍᴜʀᴅᴇʀ" was no murder) */
	if (strlen(in) < sizeof(pre)) {
		memcpy(pre, in, strlen(in) + 1);
		skeleton_to_latin(pre);
		in = pre;
	}
	r = uspoof_getSkeletonUTF8(n->spoof, 0, in, -1, out, (int32_t)cap, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR ||
	    st == U_STRING_NOT_TERMINATED_WARNING) {
		out[0] = '\0'; /* too long to be a lexicon word */
		return 0;
	}
	if (U_FAILURE(st) || r < 0)
		return pc_error_set(
		    PC_EIO, "confusable skeleton: %s", u_errorName(st));
	skeleton_to_latin(out);
	return 0;
}

/* Writes in with each non-ASCII capital whose skeleton is one Latin
 * capital as that letter, small: case folding first would lose what it
 * looks like (Greek "Β" folds to "β", whose skeleton is "ß": "Βοmb" was
 * no bomb; "Η", "Ν" fold to "η", "ν", read as n and v). Returns the
 * length written (a character that does not fit is dropped). */
size_t
pc_threats_latin_capitals(struct pc_threats_norm *n, char *out, size_t cap,
    const char *in, size_t len)
{
	int32_t i = 0, start, r;
	size_t o = 0, w;
	UErrorCode st;
	UChar32 c;
	char one[8], sk[16];

	if (cap == 0)
		return 0;
	while (i < (int32_t)len) {
		start = i;
		U8_NEXT(in, i, (int32_t)len, c);
		w = (size_t)(i - start);
		if (c >= 0x80 && u_isupper(c) && w < sizeof(one)) {
			memcpy(one, in + start, w);
			one[w] = '\0';
			st = U_ZERO_ERROR;
			r = uspoof_getSkeletonUTF8(
			    n->spoof, 0, one, -1, sk, (int32_t)sizeof(sk), &st);
			/* not I: a capital I look-alike may be a small l
			 * (the tokeniser's capital_i_as_l) */
			if (U_SUCCESS(st) && r == 1 && sk[0] >= 'A' &&
			    sk[0] <= 'Z' && sk[0] != 'I') {
				if (o + 1 < cap)
					out[o++] = (char)(sk[0] - 'A' + 'a');
				continue;
			}
		}
		if (o + w < cap) {
			memcpy(out + o, in + start, w);
			o += w;
		}
	}
	out[o] = '\0';
	return o;
}

/* Collapses runs of a repeated character to one, in place. */
void
pc_threats_collapse(char *s)
{
	size_t i, o = 0;

	for (i = 0; s[i]; i++)
		if (o == 0 || s[i] != s[o - 1])
			s[o++] = s[i];
	s[o] = '\0';
}

/* True when s has three or more of one character in a row. */
bool
pc_threats_has_run3(const char *s)
{
	size_t i;

	for (i = 0; s[i] && s[i + 1] && s[i + 2]; i++)
		if (s[i] == s[i + 1] && s[i] == s[i + 2])
			return true;
	return false;
}
