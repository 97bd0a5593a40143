/* Near-duplicate signatures of texts: MinHash over word 3-shingles. */
#include <ctype.h>
#include <string.h>

#include "pattern.h"

#define SIG_SHINGLE 3

/* splitmix64's finaliser: a well-mixed 64-bit value of x. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Is c part of a word (letters, digits, any byte of a UTF-8 letter)? */
static int
word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* The next word at or after *pos: its FNV-1a hash, lower-cased; 0 when
 * there is none. */
static int
next_word(const char *t, size_t len, size_t *pos, uint64_t *h)
{
	size_t i = *pos;

	while (i < len && !word_byte((unsigned char)t[i]))
		i++;
	if (i >= len)
		return 0;
	*h = 0xcbf29ce484222325ULL;
	for (; i < len && word_byte((unsigned char)t[i]); i++) {
		*h ^= (unsigned char)tolower((unsigned char)t[i]);
		*h *= 0x100000001b3ULL;
	}
	*pos = i;
	return 1;
}

/* Lowers each MinHash value with one shingle's hash. */
static void
take_shingle(uint64_t sig[PC_THREATS_SIG_K], uint64_t shingle)
{
	uint64_t v;
	int k;

	for (k = 0; k < PC_THREATS_SIG_K; k++) {
		v = mix(shingle ^ mix((uint64_t)k + 1));
		if (v < sig[k])
			sig[k] = v;
	}
}

/* The MinHash signature of text (pattern.h). */
int
pc_threats_text_signature(
    uint64_t sig[PC_THREATS_SIG_K], const char *text, size_t len)
{
	uint64_t w[SIG_SHINGLE] = { 0 }, h;
	size_t pos = 0, n = 0;
	int k;

	for (k = 0; k < PC_THREATS_SIG_K; k++)
		sig[k] = UINT64_MAX;
	while (next_word(text, len, &pos, &h)) {
		memmove(w, w + 1, sizeof(w) - sizeof(w[0]));
		w[SIG_SHINGLE - 1] = h;
		if (++n >= SIG_SHINGLE)
			take_shingle(sig, mix(w[0]) ^ mix(w[1] + 1) ^ w[2]);
	}
	if (n == 0)
		return 0;
	if (n < SIG_SHINGLE) /* a short text is one shingle */
		take_shingle(sig, mix(w[0]) ^ mix(w[1] + 1) ^ w[2]);
	return 1;
}

/* Agreeing values of two signatures. */
int
pc_threats_signature_agree(const uint64_t *a, const uint64_t *b)
{
	int k, n = 0;

	for (k = 0; k < PC_THREATS_SIG_K; k++)
		n += a[k] == b[k];
	return n;
}
