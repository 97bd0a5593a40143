/* PDF fonts: character codes to Unicode (ToUnicode CMaps, the standard
 * encodings and /Differences) and glyph widths (for word gaps). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

/* WinAnsiEncoding 0x80-0x9f (0xa0-0xff is Latin-1). */
static const uint16_t win_80[32] = { 0x20ac, 0, 0x201a, 0x192, 0x201e, 0x2026,
	0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0, 0x17d, 0, 0,
	0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
	0x161, 0x203a, 0x153, 0, 0x17e, 0x178 };

/* MacRomanEncoding 0x80-0xff. */
static const uint16_t mac_80[128] = { 0xc4, 0xc5, 0xc7, 0xc9, 0xd1, 0xd6, 0xdc,
	0xe1, 0xe0, 0xe2, 0xe4, 0xe3, 0xe5, 0xe7, 0xe9, 0xe8, 0xea, 0xeb, 0xed,
	0xec, 0xee, 0xef, 0xf1, 0xf3, 0xf2, 0xf4, 0xf6, 0xf5, 0xfa, 0xf9, 0xfb,
	0xfc, 0x2020, 0xb0, 0xa2, 0xa3, 0xa7, 0x2022, 0xb6, 0xdf, 0xae, 0xa9,
	0x2122, 0xb4, 0xa8, 0x2260, 0xc6, 0xd8, 0x221e, 0xb1, 0x2264, 0x2265,
	0xa5, 0xb5, 0x2202, 0x2211, 0x220f, 0x3c0, 0x222b, 0xaa, 0xba, 0x3a9,
	0xe6, 0xf8, 0xbf, 0xa1, 0xac, 0x221a, 0x192, 0x2248, 0x2206, 0xab, 0xbb,
	0x2026, 0xa0, 0xc0, 0xc3, 0xd5, 0x152, 0x153, 0x2013, 0x2014, 0x201c,
	0x201d, 0x2018, 0x2019, 0xf7, 0x25ca, 0xff, 0x178, 0x2044, 0x20ac,
	0x2039, 0x203a, 0xfb01, 0xfb02, 0x2021, 0xb7, 0x201a, 0x201e, 0x2030,
	0xc2, 0xca, 0xc1, 0xcb, 0xc8, 0xcd, 0xce, 0xcf, 0xcc, 0xd3, 0xd4,
	0xf8ff, 0xd2, 0xda, 0xdb, 0xd9, 0x131, 0x2c6, 0x2dc, 0xaf, 0x2d8, 0x2d9,
	0x2da, 0xb8, 0x2dd, 0x2db, 0x2c7 };

/* StandardEncoding above 0x7f: the letters and marks text uses. */
static const struct {
	uint8_t code;
	uint16_t cp;
} std_hi[] = { { 0xa1, 0xa1 }, { 0xa2, 0xa2 }, { 0xa3, 0xa3 }, { 0xa4, 0x2044 },
	{ 0xa5, 0xa5 }, { 0xa6, 0x192 }, { 0xa7, 0xa7 }, { 0xa8, 0xa4 },
	{ 0xa9, 0x27 }, { 0xaa, 0x201c }, { 0xab, 0xab }, { 0xac, 0x2039 },
	{ 0xad, 0x203a }, { 0xae, 0xfb01 }, { 0xaf, 0xfb02 }, { 0xb1, 0x2013 },
	{ 0xb2, 0x2020 }, { 0xb3, 0x2021 }, { 0xb4, 0xb7 }, { 0xb6, 0xb6 },
	{ 0xb7, 0x2022 }, { 0xb8, 0x201a }, { 0xb9, 0x201e }, { 0xba, 0x201d },
	{ 0xbb, 0xbb }, { 0xbc, 0x2026 }, { 0xbd, 0x2030 }, { 0xbf, 0xbf },
	{ 0xd0, 0x2014 }, { 0xe1, 0xc6 }, { 0xe3, 0xaa }, { 0xe8, 0x141 },
	{ 0xe9, 0xd8 }, { 0xea, 0x152 }, { 0xeb, 0xba }, { 0xf1, 0xe6 },
	{ 0xf5, 0x131 }, { 0xf8, 0x142 }, { 0xf9, 0xf8 }, { 0xfa, 0x153 },
	{ 0xfb, 0xdf } };

/* Glyph names /Differences uses most (letters map to themselves). */
static const struct {
	const char *name;
	uint16_t cp;
} glyphs[] = { { "space", ' ' }, { "exclam", '!' }, { "quotedbl", '"' },
	{ "numbersign", '#' }, { "dollar", '$' }, { "percent", '%' },
	{ "ampersand", '&' }, { "quotesingle", '\'' }, { "quoteright", 0x2019 },
	{ "parenleft", '(' }, { "parenright", ')' }, { "asterisk", '*' },
	{ "plus", '+' }, { "comma", ',' }, { "hyphen", '-' }, { "period", '.' },
	{ "slash", '/' }, { "zero", '0' }, { "one", '1' }, { "two", '2' },
	{ "three", '3' }, { "four", '4' }, { "five", '5' }, { "six", '6' },
	{ "seven", '7' }, { "eight", '8' }, { "nine", '9' }, { "colon", ':' },
	{ "semicolon", ';' }, { "less", '<' }, { "equal", '=' },
	{ "greater", '>' }, { "question", '?' }, { "at", '@' },
	{ "bracketleft", '[' }, { "backslash", '\\' }, { "bracketright", ']' },
	{ "asciicircum", '^' }, { "underscore", '_' }, { "grave", '`' },
	{ "quoteleft", 0x2018 }, { "braceleft", '{' }, { "bar", '|' },
	{ "braceright", '}' }, { "asciitilde", '~' }, { "sterling", 0xa3 },
	{ "endash", 0x2013 }, { "emdash", 0x2014 }, { "bullet", 0x2022 },
	{ "ellipsis", 0x2026 }, { "quotedblleft", 0x201c },
	{ "quotedblright", 0x201d }, { "fi", 0xfb01 }, { "fl", 0xfb02 },
	{ "Euro", 0x20ac }, { "nbspace", 0xa0 }, { "eacute", 0xe9 },
	{ "egrave", 0xe8 }, { "agrave", 0xe0 }, { "ccedilla", 0xe7 },
	{ "udieresis", 0xfc }, { "odieresis", 0xf6 }, { "adieresis", 0xe4 } };

struct cwidth {
	uint32_t lo, hi;
	float w;
};

struct pdf_font {
	bool cid;  /* Type0: multi-byte codes */
	bool ucs2; /* a predefined CMap whose codes are Unicode */
	struct pdf_cmap *tou, *enc_cmap;
	uint32_t enc[256];
	bool named[256]; /* a /Differences name was given for the code */
	float widths[256];
	float dw, scale; /* default width; glyph units to thousandths */
	struct cwidth *cw;
	size_t ncw;
};

struct pdf_fontcache {
	const struct pdf_obj *key[PC_PDF_MAX_FONTS];
	struct pdf_font *font[PC_PDF_MAX_FONTS];
	size_t n;
	struct pdf_font fallback;
};

/* The code point of a glyph name, or 0. */
static uint32_t
glyph_cp(const char *n)
{
	unsigned long v;
	char *end;
	size_t i;

	if (n[0] != '\0' && n[1] == '\0' &&
	    ((n[0] >= 'a' && n[0] <= 'z') || (n[0] >= 'A' && n[0] <= 'Z')))
		return (unsigned char)n[0];
	for (i = 0; i < sizeof(glyphs) / sizeof(glyphs[0]); i++)
		if (strcmp(n, glyphs[i].name) == 0)
			return glyphs[i].cp;
	if ((strncmp(n, "uni", 3) == 0 && strlen(n) == 7) ||
	    (n[0] == 'u' && strlen(n) >= 5 && strlen(n) <= 7)) {
		v = strtoul(n + (n[1] == 'n' ? 3 : 1), &end, 16);
		if (*end == '\0' && v > 0 && v <= 0x10ffff)
			return (uint32_t)v;
	}
	return 0;
}

/* Fills enc with a named base encoding. */
static void
base_encoding(uint32_t *enc, const struct pdf_obj *name)
{
	size_t i;

	for (i = 0; i < 256; i++)
		enc[i] = i >= 0x20 && i < 0x7f ? (uint32_t)i : 0;
	if (pdf_is_name(name, "MacRomanEncoding")) {
		for (i = 0; i < 128; i++)
			enc[0x80 + i] = mac_80[i];
	} else if (pdf_is_name(name, "WinAnsiEncoding") ||
	    pdf_is_name(name, "PDFDocEncoding")) {
		for (i = 0; i < 32; i++)
			enc[0x80 + i] = win_80[i];
		for (i = 0xa0; i < 256; i++)
			enc[i] = (uint32_t)i;
	} else { /* StandardEncoding, the default of a non-symbolic font */
		enc[0x27] = 0x2019;
		enc[0x60] = 0x2018;
		for (i = 0; i < sizeof(std_hi) / sizeof(std_hi[0]); i++)
			enc[std_hi[i].code] = std_hi[i].cp;
	}
}

/* A simple font's /Encoding: a name, or a dict with /Differences. */
static void
simple_encoding(struct pdf_doc *d, struct pdf_font *f, const struct pdf_obj *e)
{
	const struct pdf_obj *diff, *it;
	long code = -1;
	size_t i;

	if (e != NULL && e->t == PDF_DICT) {
		base_encoding(f->enc, pdf_rget(d, e, "BaseEncoding"));
		diff = pdf_rget(d, e, "Differences");
		for (i = 0; diff != NULL && diff->t == PDF_ARRAY && i < diff->n;
		     i++) {
			it = &diff->items[i];
			if (it->t == PDF_NUM)
				code = (long)it->num;
			else if (it->t == PDF_NAME && code >= 0 && code < 256) {
				f->named[code] = true;
				f->enc[code++] = glyph_cp(it->str);
			}
		}
	} else {
		base_encoding(f->enc, e);
	}
}

/* A CID font's /W array: "c [w1 w2 ...]" and "c1 c2 w". */
static void
cid_widths(struct pdf_doc *d, struct pdf_font *f, const struct pdf_obj *w)
{
	const struct pdf_obj *a, *b, *c;
	size_t i = 0, k, cap = 0;
	void *grown;

	while (w != NULL && w->t == PDF_ARRAY && i + 1 < w->n) {
		a = &w->items[i];
		b = pdf_resolve(d, &w->items[i + 1]);
		if (a->t != PDF_NUM || b == NULL || a->num < 0 ||
		    a->num > 65535 ||
		    (b->t == PDF_NUM && (b->num < a->num || b->num > 65535)))
			return;
		if (b->t == PDF_ARRAY) {
			k = b->n, i += 2;
		} else if (i + 2 < w->n && b->t == PDF_NUM &&
		    (c = &w->items[i + 2])->t == PDF_NUM) {
			k = 1, i += 3;
		} else {
			return;
		}
		if (f->ncw + k > 65536)
			return;
		if (f->ncw + k > cap) {
			cap = (f->ncw + k) * 2;
			if ((grown = realloc(f->cw, cap * sizeof(*f->cw))) ==
			    NULL)
				return;
			f->cw = grown;
		}
		if (b->t == PDF_ARRAY) {
			for (size_t j = 0; j < b->n; j++)
				f->cw[f->ncw++] = (struct cwidth){
					(uint32_t)a->num + (uint32_t)j,
					(uint32_t)a->num + (uint32_t)j,
					b->items[j].t == PDF_NUM
					    ? (float)b->items[j].num
					    : f->dw
				};
		} else {
			f->cw[f->ncw++] = (struct cwidth){ (uint32_t)a->num,
				(uint32_t)b->num, (float)w->items[i - 1].num };
		}
	}
}

/* A ToUnicode (or embedded encoding) CMap stream. */
static struct pdf_cmap *
cmap_stream(struct pdf_doc *d, const struct pdf_obj *s)
{
	struct pdf_cmap *m;
	struct pc_buf b;

	if (s == NULL || s->t != PDF_STREAM || pdf_stream_decode(d, s, &b) != 0)
		return NULL;
	m = pdf_cmap_parse((const unsigned char *)b.data, b.len);
	pc_buf_free(&b);
	return m;
}

static int cmp_cw(const void *a, const void *b);

/* Type0: the encoding CMap and the descendant's widths. */
static void
type0(struct pdf_doc *d, struct pdf_font *f, const struct pdf_obj *fd)
{
	const struct pdf_obj *e = pdf_rget(d, fd, "Encoding"),
			     *desc = pdf_rget(d, fd, "DescendantFonts"), *dw;

	f->cid = true;
	f->dw = 1000;
	if (e != NULL && e->t == PDF_NAME)
		f->ucs2 = strstr(e->str, "UCS2") != NULL ||
		    strstr(e->str, "UTF16") != NULL;
	else if (e != NULL && e->t == PDF_STREAM)
		f->enc_cmap = cmap_stream(d, e);
	if (desc != NULL && desc->t == PDF_ARRAY && desc->n > 0)
		desc = pdf_resolve(d, &desc->items[0]);
	if (desc == NULL || desc->t != PDF_DICT)
		return;
	if ((dw = pdf_rget(d, desc, "DW")) != NULL && dw->t == PDF_NUM)
		f->dw = (float)dw->num;
	cid_widths(d, f, pdf_rget(d, desc, "W"));
	if (f->ncw > 1)
		qsort(f->cw, f->ncw, sizeof(*f->cw), cmp_cw);
}

/* A simple font: encoding and /Widths. */
static void
simple(struct pdf_doc *d, struct pdf_font *f, const struct pdf_obj *fd)
{
	const struct pdf_obj *w = pdf_rget(d, fd, "Widths"),
			     *fc = pdf_rget(d, fd, "FirstChar"),
			     *m = pdf_rget(d, fd, "FontMatrix"), *it;
	long first = fc != NULL && fc->t == PDF_NUM ? (long)fc->num : 0;
	size_t i;

	simple_encoding(d, f, pdf_rget(d, fd, "Encoding"));
	f->dw = w != NULL ? 0 : 500; /* no widths: a standard 14 font */
	if (pdf_is_name(pdf_rget(d, fd, "Subtype"), "Type3") && m != NULL &&
	    m->t == PDF_ARRAY && m->n == 6 && m->items[0].t == PDF_NUM)
		f->scale = (float)(m->items[0].num * 1000);
	for (i = 0; i < 256; i++)
		f->widths[i] = f->dw;
	for (i = 0; w != NULL && w->t == PDF_ARRAY && i < w->n; i++) {
		it = pdf_resolve(d, &w->items[i]);
		if (first + (long)i >= 0 && first + (long)i < 256 &&
		    it != NULL && it->t == PDF_NUM)
			f->widths[first + (long)i] = (float)it->num;
	}
}

/* Loads a font from its dictionary. */
static struct pdf_font *
load(struct pdf_doc *d, const struct pdf_obj *fd)
{
	struct pdf_font *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->scale = 1;
	if (pdf_is_name(pdf_rget(d, fd, "Subtype"), "Type0"))
		type0(d, f, fd);
	else
		simple(d, f, fd);
	f->tou = cmap_stream(d, pdf_rget(d, fd, "ToUnicode"));
	return f;
}

/* The font for a font dictionary, cached. */
struct pdf_font *
pdf_font_get(struct pdf_doc *d, const struct pdf_obj *fref)
{
	const struct pdf_obj *fd = pdf_resolve(d, fref);
	struct pdf_fontcache *c = d->fonts;
	struct pdf_font *f;
	size_t i;

	if (c == NULL && (c = d->fonts = calloc(1, sizeof(*c))) != NULL) {
		base_encoding(c->fallback.enc, NULL);
		c->fallback.dw = 500;
		c->fallback.scale = 1;
		for (i = 0; i < 256; i++)
			c->fallback.widths[i] = 500;
	}
	if (c == NULL)
		return NULL;
	if (fd == NULL || fd->t != PDF_DICT)
		return &c->fallback; /* no font: WinAnsi guessed */
	for (i = 0; i < c->n; i++)
		if (c->key[i] == fd)
			return c->font[i];
	if (c->n == PC_PDF_MAX_FONTS || (f = load(d, fd)) == NULL)
		return &c->fallback;
	c->key[c->n] = fd;
	c->font[c->n++] = f;
	return f;
}

/* Frees the cached fonts. */
void
pdf_fonts_free(struct pdf_doc *d)
{
	struct pdf_fontcache *c = d->fonts;

	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n; i++) {
		pdf_cmap_free(c->font[i]->tou);
		pdf_cmap_free(c->font[i]->enc_cmap);
		free(c->font[i]->cw);
		free(c->font[i]);
	}
	free(c);
	d->fonts = NULL;
}

/* A CID's width: the last range starting at or before code (the /W
 * ranges are sorted by start when the font is loaded). */
static float
cid_width(const struct pdf_font *f, uint32_t code)
{
	size_t lo = 0, hi = f->ncw, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (f->cw[mid].lo <= code)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && code <= f->cw[lo - 1].hi)
		return f->cw[lo - 1].w;
	return f->dw;
}

static int
cmp_cw(const void *a, const void *b)
{
	const struct cwidth *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Decodes the next code. */
int
pdf_font_next(struct pdf_font *f, const unsigned char *s, size_t len,
    size_t *pos, char *out, size_t *outlen, double *width, bool *space)
{
	uint32_t code = 0, cps[8];
	size_t clen = 1, n = 0, i;

	bool mapped = true;

	if (*pos >= len)
		return 0;
	if (f->cid) {
		clen = pdf_cmap_code_len(f->enc_cmap, s + *pos, len - *pos);
		if (clen == 0)
			clen = pdf_cmap_code_len(f->tou, s + *pos, len - *pos);
		if (clen == 0)
			clen = 2;
	}
	if (clen > len - *pos)
		clen = len - *pos;
	for (i = 0; i < clen; i++)
		code = code << 8 | s[*pos + i];
	*pos += clen;
	*space = clen == 1 && code == 32;
	*width =
	    (f->cid ? cid_width(f, code) : f->widths[code & 0xff]) * f->scale;
	if ((n = pdf_cmap_lookup(f->tou, code, cps, 8)) == 0) {
		if (!f->cid && f->enc[code & 0xff] != 0)
			cps[n++] = f->enc[code & 0xff];
		else if (f->ucs2 && code != 0)
			cps[n++] = code;
		else if (f->cid || code >= 0x20 || f->named[code & 0xff])
			mapped = false;
		/* else: a simple font's control-range code with no name, a
		 * symbol in the font's own encoding (a TeX bullet): no text
		 * could stand there */
	}
	*outlen = 0;
	for (i = 0; i < n; i++)
		if (cps[i] >= 0x20 || cps[i] == '\t')
			*outlen += pdf_utf8(cps[i], out + *outlen);
	return mapped ? 1 : 2;
}
