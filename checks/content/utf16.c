/* Byte order marks and a streaming UTF-16 to UTF-8 decoder. */
#include "utf16.h"

/*
 * Excel's "Unicode Text" export and many Windows tools write UTF-16 with
 * a BOM; the matchers work on UTF-8, so such files are decoded on the way
 * in. Hostile input: any byte sequence decodes (bad surrogates become
 * U+FFFD) and the output never passes the caller's cap.
 */

#define REPLACEMENT 0xfffdu

/*
 * UTF-16 without a byte order mark (Windows exports), told by its NUL
 * pattern: in the first bytes, nearly every high byte of a code unit is
 * NUL and nearly every low byte a printable character or a line break.
 * Returns PC_BOM_UTF16LE/BE or PC_BOM_NONE.
 */
static enum pc_bom
utf16_by_nuls(const unsigned char *h, size_t n)
{
	size_t i, m = n < PC_UTF16_GUESS ? n : PC_UTF16_GUESS, units;
	size_t zero[2] = { 0, 0 }, text[2] = { 0, 0 };
	int side;

	m &= ~(size_t)1;
	units = m / 2;
	if (units < 8)
		return PC_BOM_NONE;
	for (i = 0; i < m; i++) {
		side = (int)(i & 1);
		if (h[i] == 0)
			zero[side]++;
		else if (h[i] >= 0x20 || h[i] == '\n' || h[i] == '\r' ||
		    h[i] == '\t')
			text[side]++;
	}
	/* 90 % of the units: a little non-Latin text is allowed */
	if (zero[1] * 10 >= units * 9 && text[0] * 10 >= units * 9)
		return PC_BOM_UTF16LE;
	if (zero[0] * 10 >= units * 9 && text[1] * 10 >= units * 9)
		return PC_BOM_UTF16BE;
	return PC_BOM_NONE;
}

/* The BOM at the start of head, or UTF-16 told by its NULs. */
enum pc_bom
pc_bom_detect(const char *head, size_t n, size_t *len_out)
{
	const unsigned char *h = (const unsigned char *)head;

	*len_out = 0;
	if (h == NULL)
		return PC_BOM_NONE;
	if (n >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf) {
		*len_out = 3;
		return PC_BOM_UTF8;
	}
	if (n >= 2 && h[0] == 0xff && h[1] == 0xfe) {
		*len_out = 2;
		return PC_BOM_UTF16LE;
	}
	if (n >= 2 && h[0] == 0xfe && h[1] == 0xff) {
		*len_out = 2;
		return PC_BOM_UTF16BE;
	}
	return utf16_by_nuls(h, n);
}

/* Starts a decoder. */
void
pc_utf16_init(struct pc_utf16 *d, bool big_endian)
{
	d->big_endian = big_endian;
	d->half = -1;
	d->high = 0;
}

/* Writes code point cp as UTF-8 (at most 4 bytes). */
static size_t
put_utf8(char *out, unsigned int cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Feeds one code unit; writes at most 7 bytes (U+FFFD and a code point). */
static size_t
unit(struct pc_utf16 *d, unsigned int u, char *out)
{
	size_t n = 0;

	if (d->high != 0) {
		if (u >= 0xdc00 && u <= 0xdfff) {
			n = put_utf8(out,
			    0x10000 + ((d->high - 0xd800) << 10) +
				(u - 0xdc00));
			d->high = 0;
			return n;
		}
		n = put_utf8(out, REPLACEMENT); /* high without low */
		d->high = 0;
	}
	if (u >= 0xd800 && u <= 0xdbff)
		d->high = u;
	else if (u >= 0xdc00 && u <= 0xdfff)
		n += put_utf8(out + n, REPLACEMENT); /* low without high */
	else
		n += put_utf8(out + n, u);
	return n;
}

/* Decodes a chunk of UTF-16. */
size_t
pc_utf16_decode(struct pc_utf16 *d, const char *in, size_t inlen,
    size_t *used_out, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0, n = 0;
	unsigned int a, b;

	while (i < inlen && cap - n >= PC_UTF16_SLACK) {
		if (d->half < 0) {
			if (inlen - i < 2) {
				d->half = p[i++];
				break;
			}
			a = p[i];
			b = p[i + 1];
			i += 2;
		} else {
			a = (unsigned int)d->half;
			b = p[i++];
			d->half = -1;
		}
		n += unit(
		    d, d->big_endian ? (a << 8) | b : (b << 8) | a, out + n);
	}
	*used_out = i;
	return n;
}

/* Ends the input. */
size_t
pc_utf16_finish(struct pc_utf16 *d, char *out)
{
	size_t n = 0;

	if (d->high != 0)
		n += put_utf8(out, REPLACEMENT);
	if (d->half >= 0)
		n += put_utf8(out + n, REPLACEMENT);
	d->high = 0;
	d->half = -1;
	return n;
}
