/* Streaming decompression of apt's package lists through the standard
 * libraries (zlib, liblzma, libzstd, libbz2, liblz4), bounded in output
 * and decoder memory, with truncation and trailing garbage refused. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bzlib.h>
#include <lz4frame.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "agent/lib/err.h"
#include "zreader.h"

#define INBUF_SIZE          65536
/* zstd window: 2^27 = 128 MiB, within PC_Z_MAX_MEMORY. */
#define ZSTD_WINDOW_LOG_MAX 27

struct pc_zreader {
	enum pc_zformat fmt;
	int fd;
	const char *name;
	unsigned char *in;
	size_t in_len, in_pos;
	bool in_eof;
	bool in_stream;  /* a stream has started and not yet ended */
	bool need_reset; /* a stream ended; the next one needs a fresh state */
	bool ended;      /* the format allows nothing after its stream */
	bool done;
	unsigned long long total;
	z_stream gz;
	lzma_stream xz;
	ZSTD_DCtx *zstd;
	bz_stream bz;
	LZ4F_dctx *lz4;
	bool live; /* the decoder state above was initialised */
};

static const char *const format_names[PC_Z_NFORMATS] = {
	"plain",
	"gzip",
	"xz",
	"lzma",
	"zstd",
	"bzip2",
	"lz4",
};

/* The format a path's ending names. */
enum pc_zformat
pc_zformat_of(const char *path)
{
	static const struct {
		const char *ext;
		enum pc_zformat fmt;
	} exts[] = {
		{ ".gz", PC_Z_GZIP },
		{ ".xz", PC_Z_XZ },
		{ ".lzma", PC_Z_LZMA },
		{ ".zst", PC_Z_ZSTD },
		{ ".bz2", PC_Z_BZIP2 },
		{ ".lz4", PC_Z_LZ4 },
	};
	size_t i, n = strlen(path), m;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		m = strlen(exts[i].ext);
		if (n > m && strcmp(path + n - m, exts[i].ext) == 0)
			return exts[i].fmt;
	}
	return PC_Z_PLAIN;
}

/* The format's short name. */
const char *
pc_zformat_name(enum pc_zformat fmt)
{
	return (unsigned)fmt < PC_Z_NFORMATS ? format_names[fmt] : "unknown";
}

/* Reports corrupt data with the library's reason. */
static int
corrupt(const struct pc_zreader *z, const char *why)
{
	return pc_error_set(PC_EPARSE,
	    "%s: corrupt %s data (%s); run sudo apt-get update to download the list again.",
	    z->name, format_names[z->fmt], why ? why : "bad data");
}

/* Starts the decoder for z->fmt. */
static int
decoder_init(struct pc_zreader *z)
{
	size_t zr;

	switch (z->fmt) {
	case PC_Z_GZIP:
		/* 16 + 15: gzip wrapper only, largest window. */
		if (inflateInit2(&z->gz, 16 + MAX_WBITS) != Z_OK)
			return pc_error_set(PC_ENOMEM, "out of memory");
		break;
	case PC_Z_XZ:
		if (lzma_stream_decoder(
			&z->xz, PC_Z_MAX_MEMORY, LZMA_CONCATENATED) != LZMA_OK)
			return pc_error_set(PC_ENOMEM, "out of memory");
		break;
	case PC_Z_LZMA:
		if (lzma_alone_decoder(&z->xz, PC_Z_MAX_MEMORY) != LZMA_OK)
			return pc_error_set(PC_ENOMEM, "out of memory");
		break;
	case PC_Z_ZSTD:
		if ((z->zstd = ZSTD_createDCtx()) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		zr = ZSTD_DCtx_setParameter(
		    z->zstd, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX);
		if (ZSTD_isError(zr)) {
			ZSTD_freeDCtx(z->zstd);
			z->zstd = NULL;
			return pc_error_set(
			    PC_ENOMEM, "zstd: %s", ZSTD_getErrorName(zr));
		}
		break;
	case PC_Z_BZIP2:
		if (BZ2_bzDecompressInit(&z->bz, 0, 0) != BZ_OK)
			return pc_error_set(PC_ENOMEM, "out of memory");
		break;
	case PC_Z_LZ4:
		if (LZ4F_isError(
			LZ4F_createDecompressionContext(&z->lz4, LZ4F_VERSION)))
			return pc_error_set(PC_ENOMEM, "out of memory");
		break;
	default:
		return pc_error_set(
		    PC_EPARSE, "%s: not a compressed format.", z->name);
	}
	z->live = true;
	return 0;
}

/* Ends the decoder; NULL-safe on a reader never started. */
static void
decoder_end(struct pc_zreader *z)
{
	if (!z->live)
		return;
	switch (z->fmt) {
	case PC_Z_GZIP: inflateEnd(&z->gz); break;
	case PC_Z_XZ:
	case PC_Z_LZMA: lzma_end(&z->xz); break;
	case PC_Z_ZSTD: ZSTD_freeDCtx(z->zstd); break;
	case PC_Z_BZIP2: BZ2_bzDecompressEnd(&z->bz); break;
	case PC_Z_LZ4: LZ4F_freeDecompressionContext(z->lz4); break;
	default: break;
	}
	z->live = false;
}

/* Starts reading fd as fmt. */
int
pc_zreader_open(
    struct pc_zreader **z_out, int fd, enum pc_zformat fmt, const char *name)
{
	struct pc_zreader *z;
	int ret;

	*z_out = NULL;
	if ((z = calloc(1, sizeof(*z))) == NULL ||
	    (z->in = malloc(INBUF_SIZE)) == NULL) {
		free(z);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	z->fmt = fmt;
	z->fd = fd;
	z->name = name;
	z->xz = (lzma_stream)LZMA_STREAM_INIT;
	if ((ret = decoder_init(z)) != 0) {
		pc_zreader_free(z);
		return ret;
	}
	*z_out = z;
	return 0;
}

/* Frees the reader. */
void
pc_zreader_free(struct pc_zreader *z)
{
	if (z == NULL)
		return;
	decoder_end(z);
	free(z->in);
	free(z);
}

/* Reads more compressed input; sets in_eof at the end of the file. */
static int
refill(struct pc_zreader *z)
{
	ssize_t got;

	do
		got = read(z->fd, z->in, INBUF_SIZE);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return pc_error_set(
		    PC_EIO, "cannot read %s: %s", z->name, strerror(errno));
	z->in_pos = 0;
	z->in_len = (size_t)got;
	z->in_eof = got == 0;
	return 0;
}

/* One gzip step: a member ends in Z_STREAM_END; another may follow. */
static int
step_gzip(struct pc_zreader *z, void *out, size_t n, size_t *produced)
{
	int r;

	if (z->need_reset) {
		if (inflateReset(&z->gz) != Z_OK)
			return corrupt(z, "cannot restart");
		z->need_reset = false;
	}
	z->gz.next_in = z->in + z->in_pos;
	z->gz.avail_in = (uInt)(z->in_len - z->in_pos);
	z->gz.next_out = out;
	z->gz.avail_out = (uInt)n;
	r = inflate(&z->gz, Z_NO_FLUSH);
	z->in_pos = z->in_len - z->gz.avail_in;
	*produced = n - z->gz.avail_out;
	if (r == Z_STREAM_END) {
		z->in_stream = false;
		z->need_reset = true;
	} else if (r != Z_OK && r != Z_BUF_ERROR) {
		return corrupt(z, z->gz.msg);
	}
	return 0;
}

/* Names an liblzma error. */
static const char *
lzma_reason(lzma_ret r)
{
	switch (r) {
	case LZMA_FORMAT_ERROR: return "not in the expected format";
	case LZMA_OPTIONS_ERROR: return "unsupported options";
	case LZMA_DATA_ERROR: return "corrupt stream";
	case LZMA_BUF_ERROR: return "unexpected end";
	default: return "decoder error";
	}
}

/* One xz/lzma step; LZMA_FINISH once all input has been given. */
static int
step_xz(struct pc_zreader *z, void *out, size_t n, size_t *produced)
{
	lzma_action action =
	    z->in_eof && z->in_pos == z->in_len ? LZMA_FINISH : LZMA_RUN;
	lzma_ret r;

	z->xz.next_in = z->in + z->in_pos;
	z->xz.avail_in = z->in_len - z->in_pos;
	z->xz.next_out = out;
	z->xz.avail_out = n;
	r = lzma_code(&z->xz, action);
	z->in_pos = z->in_len - z->xz.avail_in;
	*produced = n - z->xz.avail_out;
	if (r == LZMA_STREAM_END) {
		z->in_stream = false;
		z->ended = true;
		return 0;
	}
	if (r == LZMA_MEMLIMIT_ERROR)
		return pc_error_set(PC_ELIMIT,
		    "%s: decoding needs more than %llu MiB of memory; refusing it.",
		    z->name, PC_Z_MAX_MEMORY >> 20);
	if (r == LZMA_BUF_ERROR && action == LZMA_FINISH)
		return pc_error_set(PC_EPARSE,
		    "%s: the %s data ends early; the file looks truncated.",
		    z->name, format_names[z->fmt]);
	if (r != LZMA_OK && r != LZMA_BUF_ERROR)
		return corrupt(z, lzma_reason(r));
	/* With LZMA_CONCATENATED the stream only ends at LZMA_FINISH. */
	if (action == LZMA_RUN && z->in_pos > 0)
		z->in_stream = true;
	return 0;
}

/* One zstd step: 0 from the decoder means a frame just ended. */
static int
step_zstd(struct pc_zreader *z, void *out, size_t n, size_t *produced)
{
	ZSTD_inBuffer ib = { z->in + z->in_pos, z->in_len - z->in_pos, 0 };
	ZSTD_outBuffer ob = { out, n, 0 };
	size_t r = ZSTD_decompressStream(z->zstd, &ob, &ib);

	if (ZSTD_isError(r)) {
		if (ZSTD_getErrorCode(r) ==
		    ZSTD_error_frameParameter_windowTooLarge)
			return pc_error_set(PC_ELIMIT,
			    "%s: decoding needs more than %llu MiB of memory; refusing it.",
			    z->name, PC_Z_MAX_MEMORY >> 20);
		return corrupt(z, ZSTD_getErrorName(r));
	}
	z->in_pos += ib.pos;
	*produced = ob.pos;
	if (r == 0)
		z->in_stream = false;
	else if (ib.pos > 0 || ob.pos > 0)
		z->in_stream = true;
	return 0;
}

/* One bzip2 step: BZ_STREAM_END ends a stream; another may follow. */
static int
step_bzip2(struct pc_zreader *z, void *out, size_t n, size_t *produced)
{
	int r;

	if (z->need_reset) {
		BZ2_bzDecompressEnd(&z->bz);
		memset(&z->bz, 0, sizeof(z->bz));
		if (BZ2_bzDecompressInit(&z->bz, 0, 0) != BZ_OK) {
			z->live = false;
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		z->need_reset = false;
	}
	z->bz.next_in = (char *)z->in + z->in_pos;
	z->bz.avail_in = (unsigned)(z->in_len - z->in_pos);
	z->bz.next_out = out;
	z->bz.avail_out = (unsigned)n;
	r = BZ2_bzDecompress(&z->bz);
	z->in_pos = z->in_len - z->bz.avail_in;
	*produced = n - z->bz.avail_out;
	if (r == BZ_STREAM_END) {
		z->in_stream = false;
		z->need_reset = true;
	} else if (r != BZ_OK) {
		return corrupt(z,
		    r == BZ_DATA_ERROR_MAGIC ? "not bzip2 data"
					     : "corrupt stream");
	}
	return 0;
}

/* One LZ4 frame step: a hint of 0 means a frame just ended. */
static int
step_lz4(struct pc_zreader *z, void *out, size_t n, size_t *produced)
{
	size_t dst = n, src = z->in_len - z->in_pos, r;

	r = LZ4F_decompress(z->lz4, out, &dst, z->in + z->in_pos, &src, NULL);
	if (LZ4F_isError(r))
		return corrupt(z, LZ4F_getErrorName(r));
	z->in_pos += src;
	*produced = dst;
	if (r == 0)
		z->in_stream = false;
	else if (src > 0 || dst > 0)
		z->in_stream = true;
	return 0;
}

/* Runs one decoder step for z's format. */
static int
step(struct pc_zreader *z, void *out, size_t n, size_t *produced)
{
	*produced = 0;
	/* A gzip or bzip2 member starts when input is handed over. */
	if (z->in_pos < z->in_len &&
	    (z->fmt == PC_Z_GZIP || z->fmt == PC_Z_BZIP2))
		z->in_stream = true;
	switch (z->fmt) {
	case PC_Z_GZIP: return step_gzip(z, out, n, produced);
	case PC_Z_XZ:
	case PC_Z_LZMA: return step_xz(z, out, n, produced);
	case PC_Z_ZSTD: return step_zstd(z, out, n, produced);
	case PC_Z_BZIP2: return step_bzip2(z, out, n, produced);
	case PC_Z_LZ4: return step_lz4(z, out, n, produced);
	default: return corrupt(z, "unknown format");
	}
}

/* At the end of the input: done, truncated, or junk after the end. */
static int
at_end(struct pc_zreader *z)
{
	if (z->in_stream || (z->fmt == PC_Z_LZMA && !z->ended))
		return pc_error_set(PC_EPARSE,
		    "%s: the %s data ends early; the file looks truncated.",
		    z->name, format_names[z->fmt]);
	z->done = true;
	return 0;
}

/* Reads up to n decompressed bytes. */
ssize_t
pc_zreader_read(void *zp, void *buf, size_t n)
{
	struct pc_zreader *z = zp;
	size_t produced, before;
	int ret;

	if (n == 0 || z->done)
		return 0;
	if (n > INBUF_SIZE * 16)
		n = INBUF_SIZE * 16;
	for (;;) {
		if (z->in_pos == z->in_len && !z->in_eof &&
		    (ret = refill(z)) != 0)
			return ret;
		if (z->ended && (z->in_pos < z->in_len || !z->in_eof))
			return corrupt(z, "data after the end of the stream");
		if (z->ended)
			return at_end(z);
		before = z->in_pos;
		if ((ret = step(z, buf, n, &produced)) != 0)
			return ret;
		if (produced > 0) {
			z->total += produced;
			if (z->total > PC_Z_MAX_OUTPUT)
				return pc_error_set(PC_ELIMIT,
				    "%s decompresses to more than %llu MiB; refusing it.",
				    z->name, PC_Z_MAX_OUTPUT >> 20);
			return (ssize_t)produced;
		}
		if (z->ended)
			continue;
		/* At the end xz has had its LZMA_FINISH step in step_xz. */
		if (z->in_pos == z->in_len && z->in_eof)
			return at_end(z);
		if (z->in_pos == before && before < z->in_len)
			return corrupt(z, "the decoder made no progress");
	}
}
