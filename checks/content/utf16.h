/* Byte order marks and a streaming UTF-16 to UTF-8 decoder. */
#ifndef PC_CONTENT_UTF16_H
#define PC_CONTENT_UTF16_H

#include <stdbool.h>
#include <stddef.h>

/* The encoding a byte order mark at the start of a file announces. */
enum pc_bom {
	PC_BOM_NONE = 0,
	PC_BOM_UTF8,    /* EF BB BF */
	PC_BOM_UTF16LE, /* FF FE */
	PC_BOM_UTF16BE, /* FE FF */
};

/* Room the decoder keeps free in its output: one code point plus U+FFFD. */
#define PC_UTF16_SLACK 8

/*
 * Decoder state carried between chunks: a half code unit (odd byte
 * count so far) and a high surrogate waiting for its low half.
 */
struct pc_utf16 {
	bool big_endian;
	int half;          /* the pending byte, or -1 */
	unsigned int high; /* pending high surrogate, or 0 */
};

/* Bytes examined for UTF-16 without a BOM. */
#define PC_UTF16_GUESS 512

/*
 * The BOM at the start of head (n bytes); *len_out gets its length. With
 * no BOM, text whose code units' high bytes are nearly all NUL is
 * UTF-16 all the same (LE or BE, *len_out 0): Windows tools write it.
 */
enum pc_bom pc_bom_detect(const char *head, size_t n, size_t *len_out);

void pc_utf16_init(struct pc_utf16 *d, bool big_endian);

/*
 * Decodes UTF-16 from in (inlen bytes, BOM already skipped) into UTF-8
 * in out (cap bytes). Stops when the input is used up or fewer than
 * PC_UTF16_SLACK bytes of room are left; *used_out gets the input bytes
 * consumed. An unpaired surrogate becomes U+FFFD; U+0000 becomes a NUL
 * byte, as in the original. Returns the bytes written.
 */
size_t pc_utf16_decode(struct pc_utf16 *d, const char *in, size_t inlen,
    size_t *used_out, char *out, size_t cap);

/*
 * Ends the input: a dangling half unit or high surrogate becomes U+FFFD.
 * out needs PC_UTF16_SLACK bytes. Returns the bytes written.
 */
size_t pc_utf16_finish(struct pc_utf16 *d, char *out);

#endif
