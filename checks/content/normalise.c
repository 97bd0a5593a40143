/* Normalisation for matching, and the map from normalised to raw offsets. */
#include <stdlib.h>
#include <string.h>

#include "matcher_int.h"

/* Original offset of normalised offset p. */
uint64_t
pc_matcher_orig_of(const struct pc_matcher *m, uint64_t p)
{
	size_t lo = 0, hi = m->nedits;
	int64_t d = m->base_delta;

	while (lo < hi) { /* last edit with norm <= p */
		size_t mid = lo + (hi - lo) / 2;
		if (m->edits[mid].norm <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		d = m->edits[lo - 1].delta;
	return (uint64_t)((int64_t)p + d);
}

/* Records that original bytes now run delta ahead from norm position p. */
static void
add_edit(struct pc_matcher *m, uint64_t p, int64_t delta)
{
	if (m->nedits > 0 && m->edits[m->nedits - 1].norm == p) {
		m->edits[m->nedits - 1].delta = delta;
		return;
	}
	if (m->nedits < WIN_CAP + 1) {
		m->edits[m->nedits].norm = p;
		m->edits[m->nedits].delta = delta;
		m->nedits++;
		if (m->nedits > m->stats.edits_high)
			m->stats.edits_high = m->nedits;
	}
}

/* Length of the UTF-8 sequence led by byte c (1 for others). */
size_t
pc_matcher_seq_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 1;
}

/*
 * The replacement for a 2- or 3-byte sequence: an ASCII byte, 0 to drop
 * it, or -1 to keep it as it is.
 */
static int
normal_form(const unsigned char *s, size_t n)
{
	if ((s[1] & 0xc0) != 0x80 || (n == 3 && (s[2] & 0xc0) != 0x80))
		return -1; /* not UTF-8: bytes kept as they are */
	if (n == 2 && s[0] == 0xc2) {
		if (s[1] == 0xa0)
			return ' '; /* no-break space */
		if (s[1] == 0xad)
			return 0; /* soft hyphen */
		return -1;
	}
	if (n != 3)
		return -1;
	if (s[0] == 0xef && s[1] == 0xbc && s[2] >= 0x81)
		return 0x21 + (s[2] - 0x81); /* U+FF01..FF3F fullwidth */
	if (s[0] == 0xef && s[1] == 0xbd && s[2] <= 0x9e)
		return 0x60 + (s[2] - 0x80); /* U+FF40..FF5E fullwidth */
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 0; /* zero-width no-break space (BOM) */
	if (s[0] == 0xe2 && s[1] == 0x80) {
		if (s[2] <= 0x8a || s[2] == 0xaf)
			return ' '; /* en quad .. hair space, narrow nbsp */
		if (s[2] >= 0x8b && s[2] <= 0x8d)
			return 0; /* zero-width space, non-joiner, joiner */
		if (s[2] >= 0x90 && s[2] <= 0x93)
			return '-'; /* hyphens, figure dash, en dash */
		return -1;
	}
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0xa0)
		return 0; /* word joiner */
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return ' '; /* ideographic space */
	return -1;
}

/* True when any of the n bytes at p has its high bit set. */
static bool
any_high(const char *p, size_t n)
{
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		if (w & 0x8080808080808080ULL)
			return true;
	}
	for (; i < n; i++)
		if ((unsigned char)p[i] & 0x80)
			return true;
	return false;
}

/*
 * Normalises in[0..len) into out and returns the raw bytes used (a split
 * UTF-8 sequence at the end waits for more unless final). With m set, every
 * change records an edit in m so window offsets map back to raw bytes;
 * out_base is the window offset of out[0].
 */
static size_t
normalise_core(struct pc_matcher *m, uint64_t out_base, const char *in,
    size_t len, bool final, char *out, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	int64_t delta = 0;
	size_t i = 0, o = 0, k;
	int r;

	if (m != NULL)
		delta = m->nedits > 0 ? m->edits[m->nedits - 1].delta
				      : m->base_delta;
	while (i < len) {
		if (s[i] < 0x80) {
			out[o++] = (char)s[i++];
			continue;
		}
		k = pc_matcher_seq_len(s[i]);
		if (i + k > len) {
			if (!final)
				break;
			k = 1;
		}
		r = (k == 2 || k == 3) ? normal_form(s + i, k) : -1;
		if (r < 0) {
			memcpy(out + o, s + i, k);
			o += k;
		} else {
			if (r > 0)
				out[o++] = (char)r;
			if (m != NULL) {
				delta += (int64_t)k - (r > 0 ? 1 : 0);
				add_edit(m, out_base + o, delta);
			}
		}
		i += k;
	}
	*outlen = o;
	return i;
}

/* Normalises one piece of UTF-8 for matching (see matcher.h). */
size_t
pc_matcher_normalise(
    const char *in, size_t len, bool final, char *out, size_t *consumed)
{
	size_t o;

	*consumed = normalise_core(NULL, 0, in, len, final, out, &o);
	return o;
}

/*
 * Normalises raw bytes into the window at its end, recording an edit for
 * every change so offsets map back. Returns the raw bytes used.
 */
size_t
pc_matcher_normalise_into(struct pc_matcher *m, const char *in, size_t len,
    bool final, size_t *outlen)
{
	char *out = m->win + m->win_len;

	if (!any_high(in, len)) {
		memcpy(out, in, len);
		*outlen = len;
		return len;
	}
	return normalise_core(
	    m, m->win_start + m->win_len, in, len, final, out, outlen);
}
