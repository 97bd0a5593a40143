/* A byte source for the extractors: a file or memory, UTF-16 decoded. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"

/* Does reading the source need a buffer of the caller's? */
bool
pc_src_copies(const struct src *s)
{
	return s->fd >= 0 || s->utf16;
}

/* Reads the next raw chunk (up to cap bytes) into buf; 0 at the end. */
ssize_t
pc_src_read(struct src *s, char *buf, size_t cap, const char **p_out)
{
	ssize_t n;
	size_t m;

	if (s->fd < 0) {
		m = s->off >= s->memlen ? 0 : s->memlen - (size_t)s->off;
		m = m < cap ? m : cap;
		*p_out = s->mem + s->off;
		s->off += m;
		return (ssize_t)m;
	}
	do
		n = pread(s->fd, buf, cap, (off_t)s->off);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return pc_error_set(
		    PC_EIO, "cannot read %s: %s", s->path, strerror(errno));
	*p_out = buf;
	s->off += (uint64_t)n;
	return n;
}

/* Reads and decodes UTF-16 until some text is in buf (cap >= CHUNK). */
static ssize_t
src_next_utf16(struct src *s, char *buf, size_t cap)
{
	size_t n = 0, used;
	ssize_t got;

	while (n == 0 && !(s->eof && s->raw_pos == s->raw_len)) {
		if (s->raw_pos == s->raw_len) {
			if ((got = pc_src_read(s, s->raw, CHUNK, &s->rawp)) < 0)
				return got;
			s->raw_len = (size_t)got;
			s->raw_pos = 0;
			if (got == 0) {
				s->eof = true;
				n = pc_utf16_finish(&s->dec, buf);
				break;
			}
		}
		n += pc_utf16_decode(&s->dec, s->rawp + s->raw_pos,
		    s->raw_len - s->raw_pos, &used, buf + n, cap - n);
		s->raw_pos += used;
	}
	return (ssize_t)n;
}

/* Reads the next chunk of text (up to cap bytes); 0 at the end. */
ssize_t
pc_src_next(struct src *s, char *buf, size_t cap, const char **p_out)
{
	if (!s->utf16)
		return pc_src_read(s, buf, cap, p_out);
	*p_out = buf;
	return src_next_utf16(s, buf, cap);
}

/*
 * Sets the source up for the encoding the BOM in head announces: UTF-16
 * is decoded; a UTF-8 BOM is skipped unless kind is plain text.
 */
int
pc_src_encoding(
    struct src *s, const char *head, size_t n, enum pc_doc_kind kind)
{
	enum pc_bom bom;
	size_t skip;

	switch ((bom = pc_bom_detect(head, n, &skip))) {
	case PC_BOM_UTF16LE:
	case PC_BOM_UTF16BE:
		if (kind == PC_DOC_OFFICE)
			return 0;
		if (s->fd >= 0 && (s->raw = malloc(CHUNK)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		pc_utf16_init(&s->dec, bom == PC_BOM_UTF16BE);
		s->utf16 = true;
		s->off = skip;
		return 0;
	case PC_BOM_UTF8:
		if (kind != PC_DOC_TEXT && kind != PC_DOC_OFFICE)
			s->off = skip;
		return 0;
	default: return 0;
	}
}

/* Reads the whole source into memory (capped) for whole-document parsers. */
int
pc_src_slurp(struct src *s, struct pc_buf *out, size_t cap, const char *what)
{
	char *buf;
	const char *p;
	ssize_t n;
	int r = 0;

	pc_buf_init(out, cap);
	if ((buf = malloc(CHUNK)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	while ((n = pc_src_next(s, buf, CHUNK, &p)) > 0)
		if (pc_buf_add(out, p, (size_t)n) != 0) {
			r = pc_error_set(PC_ELIMIT,
			    "%s: %s larger than the %zu-byte limit; not read",
			    s->path, what, cap);
			break;
		}
	if (r == 0 && n < 0)
		r = (int)n;
	free(buf);
	if (r != 0)
		pc_buf_free(out);
	return r;
}
