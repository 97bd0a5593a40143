/* PDF stream filters: FlateDecode (with PNG predictors), ASCIIHexDecode,
 * ASCII85Decode and RunLengthDecode, capped like the zip reader; other
 * filters (LZW, images, Crypt) are refused with a reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "agent/lib/err.h"
#include "pdf_int.h"

#define WHY(...) snprintf(d->why, sizeof(d->why), __VA_ARGS__)

/* Appends decoded bytes, enforcing the size and expansion caps. */
static int
put(struct pdf_doc *d, struct pc_buf *out, const void *p, size_t n,
    size_t consumed)
{
	if (out->len + n > PC_PDF_MAX_STREAM ||
	    d->decoded + out->len + n > PC_PDF_MAX_TOTAL)
		return pc_error_set(PC_ELIMIT,
		    "%s: a stream expands past the decoded size limit (possible decompression bomb); not read",
		    d->path);
	if (out->len + n > PC_PDF_RATIO_AFTER &&
	    out->len + n > ((uint64_t)consumed + 1) * PC_PDF_MAX_RATIO)
		return pc_error_set(PC_ELIMIT,
		    "%s: a stream expands more than %d times (a decompression bomb); not read",
		    d->path, PC_PDF_MAX_RATIO);
	return pc_buf_add(out, p, n) == 0
	    ? 0
	    : pc_error_set(PC_ENOMEM, "out of memory");
}

/* Inflates in (zlib or raw deflate); a damaged end keeps what came. */
static int
flate(struct pdf_doc *d, const unsigned char *in, size_t n, struct pc_buf *out,
    int wbits)
{
	unsigned char buf[32768];
	z_stream zs;
	int zr = Z_OK, r = 0;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, wbits) != Z_OK)
		return pc_error_set(PC_ENOMEM, "out of memory for inflate");
	zs.next_in = (unsigned char *)in;
	zs.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
	while (zr == Z_OK) {
		zs.next_out = buf;
		zs.avail_out = sizeof(buf);
		zr = inflate(&zs, Z_NO_FLUSH);
		if ((r = put(d, out, buf, sizeof(buf) - zs.avail_out,
			 (size_t)zs.total_in)) != 0)
			break;
		if (zr == Z_BUF_ERROR && zs.avail_in == 0)
			break; /* the data ended without an end marker */
	}
	inflateEnd(&zs);
	if (r != 0)
		return r;
	if (zr != Z_STREAM_END && out->len == 0) {
		if (wbits > 0)
			return flate(d, in, n, out, -MAX_WBITS);
		WHY("a compressed stream is damaged");
		return PC_EPARSE;
	}
	return 0;
}

/* Undoes PNG row predictors (10-15) in place into a new buffer. */
static int
png_unpredict(struct pdf_doc *d, struct pc_buf *b, const struct pdf_obj *parms)
{
	const struct pdf_obj *c = pdf_dict_get(parms, "Columns"),
			     *k = pdf_dict_get(parms, "Colors"),
			     *bpc = pdf_dict_get(parms, "BitsPerComponent");
	size_t cols = c && c->t == PDF_NUM && c->num >= 1 ? (size_t)c->num : 1;
	size_t colors =
	    k && k->t == PDF_NUM && k->num >= 1 ? (size_t)k->num : 1;
	size_t bits =
	    bpc && bpc->t == PDF_NUM && bpc->num >= 1 ? (size_t)bpc->num : 8;
	size_t bpp, row, i, o = 0, in;
	unsigned char *prev, *cur, *src = (unsigned char *)b->data;
	int a, up, ul, p, pa, pb, pc, type;

	if (b->len == 0)
		return 0;
	if (cols > 1u << 20 || colors > 32 || bits > 16) {
		WHY("a stream's predictor parameters are out of range");
		return PC_EPARSE;
	}
	bpp = (colors * bits + 7) / 8;
	row = (cols * colors * bits + 7) / 8;
	if ((prev = calloc(1, row)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (in = 0; in + 1 + row <= b->len; in += 1 + row) {
		cur = src + in + 1;
		type = src[in]; /* read before row 1 overwrites it */
		for (i = 0; i < row; i++) {
			a = i >= bpp ? src[o + i - bpp] : 0;
			up = prev[i];
			ul = i >= bpp ? prev[i - bpp] : 0;
			switch (type) {
			case 1: p = a; break;
			case 2: p = up; break;
			case 3: p = (a + up) / 2; break;
			case 4:
				pa = abs(up - ul);
				pb = abs(a - ul);
				pc = abs(a + up - 2 * ul);
				p = pa <= pb && pa <= pc ? a
				    : pb <= pc           ? up
							 : ul;
				break;
			default: p = 0;
			}
			/* the output trails the input, so in place is safe */
			src[o + i] = (unsigned char)(cur[i] + p);
		}
		memcpy(prev, src + o, row);
		o += row;
	}
	free(prev);
	b->len = o;
	b->data[o] = '\0';
	return 0;
}

/* ASCIIHexDecode. */
static int
ahx(struct pdf_doc *d, const unsigned char *in, size_t n, struct pc_buf *out)
{
	int hi = -1, v, r;
	unsigned char c;

	for (size_t i = 0; i < n && in[i] != '>'; i++) {
		c = in[i];
		v = c >= '0' && c <= '9'   ? c - '0'
		    : c >= 'a' && c <= 'f' ? c - 'a' + 10
		    : c >= 'A' && c <= 'F' ? c - 'A' + 10
					   : -1;
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		c = (unsigned char)(hi << 4 | v);
		hi = -1;
		if ((r = put(d, out, &c, 1, i)) != 0)
			return r;
	}
	if (hi >= 0) {
		c = (unsigned char)(hi << 4);
		return put(d, out, &c, 1, n);
	}
	return 0;
}

/* ASCII85Decode. */
static int
a85(struct pdf_doc *d, const unsigned char *in, size_t n, struct pc_buf *out)
{
	unsigned char group[4];
	uint64_t v = 0;
	int k = 0, j, r;
	size_t i = 0;

	if (n >= 2 && in[0] == '<' && in[1] == '~')
		i = 2;
	for (; i < n && in[i] != '~'; i++) {
		if (in[i] == 'z' && k == 0) {
			memset(group, 0, 4);
			if ((r = put(d, out, group, 4, i)) != 0)
				return r;
			continue;
		}
		if (in[i] < '!' || in[i] > 'u')
			continue;
		v = v * 85 + (uint64_t)(in[i] - '!');
		if (++k == 5) {
			if (v > UINT32_MAX) {
				WHY("an ASCII85 stream is damaged");
				return PC_EPARSE;
			}
			for (j = 0; j < 4; j++)
				group[j] = (unsigned char)(v >> (24 - 8 * j));
			if ((r = put(d, out, group, 4, i)) != 0)
				return r;
			k = 0;
			v = 0;
		}
	}
	if (k > 1) {
		for (j = k; j < 5; j++)
			v = v * 85 + 84;
		for (j = 0; j < k - 1; j++)
			group[j] = (unsigned char)(v >> (24 - 8 * j));
		return put(d, out, group, (size_t)k - 1, n);
	}
	return 0;
}

/* RunLengthDecode. */
static int
rle(struct pdf_doc *d, const unsigned char *in, size_t n, struct pc_buf *out)
{
	unsigned char run[128];
	size_t i = 0, len;
	int r;

	while (i < n && in[i] != 128) {
		if (in[i] < 128) {
			len = (size_t)in[i] + 1;
			if (i + 1 + len > n)
				len = n - i - 1;
			if ((r = put(d, out, in + i + 1, len, i)) != 0)
				return r;
			i += 1 + len;
		} else {
			if (i + 1 >= n)
				break;
			len = 257 - (size_t)in[i];
			memset(run, in[i + 1], len);
			if ((r = put(d, out, run, len, i)) != 0)
				return r;
			i += 2;
		}
	}
	return 0;
}

/* Applies one filter to in, into out. */
static int
one_filter(struct pdf_doc *d, const struct pdf_obj *f,
    const struct pdf_obj *parms, const unsigned char *in, size_t n,
    struct pc_buf *out)
{
	const struct pdf_obj *pred = pdf_dict_get(parms, "Predictor");
	int r;

	if (f == NULL || f->t != PDF_NAME) {
		WHY("a stream names its filter wrongly");
		return PC_EPARSE;
	}
	if (strcmp(f->str, "FlateDecode") == 0 || strcmp(f->str, "Fl") == 0) {
		if ((r = flate(d, in, n, out, MAX_WBITS + 32)) != 0)
			return r;
		if (pred != NULL && pred->t == PDF_NUM && pred->num >= 10)
			return png_unpredict(d, out, parms);
		if (pred != NULL && pred->t == PDF_NUM && pred->num > 1) {
			WHY("a stream uses the TIFF predictor, which portcullis does not read");
			return PC_EPARSE;
		}
		return 0;
	}
	if (strcmp(f->str, "ASCIIHexDecode") == 0 || strcmp(f->str, "AHx") == 0)
		return ahx(d, in, n, out);
	if (strcmp(f->str, "ASCII85Decode") == 0 || strcmp(f->str, "A85") == 0)
		return a85(d, in, n, out);
	if (strcmp(f->str, "RunLengthDecode") == 0 || strcmp(f->str, "RL") == 0)
		return rle(d, in, n, out);
	WHY("a stream uses the %.40s filter, which portcullis does not read",
	    f->str);
	return PC_EPARSE;
}

/* The decoded bytes of a stream. */
int
pdf_stream_decode(
    struct pdf_doc *d, const struct pdf_obj *stm, struct pc_buf *out)
{
	const struct pdf_obj *f = pdf_rget(d, stm, "Filter"),
			     *p = pdf_rget(d, stm, "DecodeParms"), *fi, *pi;
	struct pc_buf tmp;
	size_t i, nf;
	int r = 0;

	pc_buf_init(out, PC_PDF_MAX_STREAM);
	if (stm == NULL || stm->t != PDF_STREAM) {
		WHY("a stream is missing");
		return PC_EPARSE;
	}
	if (f == NULL || f->t == PDF_NULL) {
		if ((r = put(d, out, stm->str, stm->len, stm->len)) != 0) {
			pc_buf_free(out);
			return r;
		}
		d->decoded += out->len;
		return 0;
	}
	nf = f->t == PDF_ARRAY ? f->n : 1;
	if (nf > 8) {
		WHY("a stream has more than 8 filters");
		return PC_EPARSE;
	}
	for (i = 0; i < nf && r == 0; i++) {
		fi = pdf_resolve(d, f->t == PDF_ARRAY ? &f->items[i] : f);
		pi = p != NULL && p->t == PDF_ARRAY
		    ? pdf_resolve(d, i < p->n ? &p->items[i] : NULL)
		    : p;
		pc_buf_init(&tmp, PC_PDF_MAX_STREAM);
		r = i == 0
		    ? one_filter(d, fi, pi, (const unsigned char *)stm->str,
			  stm->len, &tmp)
		    : one_filter(d, fi, pi, (const unsigned char *)out->data,
			  out->len, &tmp);
		pc_buf_free(out);
		*out = tmp;
	}
	if (r != 0) {
		pc_buf_free(out);
		return r;
	}
	d->decoded += out->len;
	return 0;
}
