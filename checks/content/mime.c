/* Mail extraction with GMime: .eml, mbox, Maildir files -> text units. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <gmime/gmime.h>

#include "agent/lib/err.h"
#include "extract_int.h"
#include "mbox_resync.h"

/* One message being read: where it is, for every unit it makes. */
struct msg_ctx {
	struct pc_emit *e;
	struct pc_text_loc loc; /* path, message_id, base_offset/line */
	bool mbox;              /* unescape ">From " lines */
	int fd;                 /* the file when read from one, else -1 */
	char *message_id;       /* owned */
	char part[96];          /* MIME part path being read ("1.2") */
	char where[112];        /* "part 1.2" */
	char *win;              /* MIME_WIN bytes of fd from win_off */
	uint64_t win_off;
	size_t win_len;
};

/* The file's bytes at a message or part are read back (line counts, the
 * verbatim check) through one window, not a pread per message. */
#define MIME_WIN 65536

/* Points *p at up to want bytes of m->fd from off; returns how many (0 at
 * the end or on an error). */
static size_t
win_get(struct msg_ctx *m, uint64_t off, size_t want, const char **p)
{
	ssize_t got;

	if (m->win == NULL && (m->win = malloc(MIME_WIN)) == NULL)
		return 0;
	if (off < m->win_off || off >= m->win_off + m->win_len) {
		got = pread(m->fd, m->win, MIME_WIN, (off_t)off);
		m->win_off = off;
		m->win_len = got > 0 ? (size_t)got : 0;
		if (got <= 0)
			return 0;
	}
	*p = m->win + (off - m->win_off);
	if (want > m->win_off + m->win_len - off)
		want = (size_t)(m->win_off + m->win_len - off);
	return want;
}

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

/* Initialises GMime once per process. */
static void
gmime_init_once(void)
{
	g_mime_init();
}

/* Undoes mbox "From " quoting: one '>' comes off each ">+From " line. */
static size_t
unquote_from(char *s, size_t len)
{
	size_t i = 0, o = 0, k;
	bool bol = true;

	while (i < len) {
		if (bol && s[i] == '>') {
			for (k = i; k < len && s[k] == '>'; k++)
				;
			if (len - k >= 5 && memcmp(s + k, "From ", 5) == 0)
				i++; /* drop one '>' */
		}
		bol = s[i] == '\n';
		s[o++] = s[i++];
	}
	return o;
}

/* Appends a header line "Name: value\n" to b when value is set. A line
 * break inside the decoded value (an encoded-word may carry one) becomes
 * a space, so a value can never pose as another header line. */
static void
header_line(GString *b, const char *name, const char *value)
{
	size_t i;

	if (value == NULL || value[0] == '\0')
		return;
	g_string_append(b, name);
	g_string_append(b, ": ");
	for (i = 0; value[i] != '\0'; i++)
		g_string_append_c(
		    b, value[i] == '\r' || value[i] == '\n' ? ' ' : value[i]);
	g_string_append_c(b, '\n');
}

/* Appends "Date: 2025-02-03T09:12:00Z" (UTC) when the message has a date
 * GMime can read; readers of the unit need no date parser of their own. */
static void
date_line(GString *b, GMimeMessage *msg)
{
	GDateTime *d = g_mime_message_get_date(msg), *utc;
	gchar *s;

	if (d == NULL || (utc = g_date_time_to_utc(d)) == NULL)
		return;
	s = g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ");
	g_date_time_unref(utc);
	header_line(b, "Date", s);
	g_free(s);
}

/*
 * Fills in the IDN form of every mailbox whose domain is plain ASCII:
 * GMime would run it through libidn2 (NFC, UTS 46) only to keep the
 * domain as written, since an ASCII domain's ASCII form differs at most
 * in case, or fails and is kept. That lookup was the largest cost of a
 * small message. Other domains are left to GMime.
 */
static void
ascii_idn(InternetAddressList *l, int depth)
{
	InternetAddressMailbox *mb;
	InternetAddress *a;
	const char *p;
	int i, n = internet_address_list_length(l);

	for (i = 0; i < n; i++) {
		a = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_GROUP(a) && depth < 4) {
			ascii_idn(internet_address_group_get_members(
				      INTERNET_ADDRESS_GROUP(a)),
			    depth + 1);
			continue;
		}
		if (!INTERNET_ADDRESS_IS_MAILBOX(a))
			continue;
		mb = INTERNET_ADDRESS_MAILBOX(a);
		if (mb->idn_addr != NULL || mb->addr == NULL || mb->at <= 0)
			continue;
		for (p = mb->addr + mb->at + 1; *p && !(*p & 0x80); p++)
			;
		if (*p == '\0')
			mb->idn_addr = g_strdup(mb->addr);
	}
}

/* Appends an address list header, decoded. */
static void
address_line(GString *b, const char *name, InternetAddressList *l)
{
	char *s;

	if (l == NULL || internet_address_list_length(l) == 0)
		return;
	ascii_idn(l, 0);
	s = internet_address_list_to_string(l, NULL, FALSE);
	header_line(b, name, s);
	g_free(s);
}

/* The headers people read (decoded) and the date (UTC), as one unit,
 * handed to the sink in one piece (each piece is a scan call). */
static int
emit_headers(struct msg_ctx *m, GMimeMessage *msg)
{
	struct pc_text_loc loc = m->loc;
	struct pc_emit *e = m->e;
	GString *b;
	int r;

	loc.member = "headers";
	if ((r = pc_emit_begin(e, &loc)) != 0)
		return r;
	b = g_string_sized_new(256);
	address_line(b, "From", g_mime_message_get_from(msg));
	address_line(b, "Reply-To", g_mime_message_get_reply_to(msg));
	address_line(b, "To", g_mime_message_get_to(msg));
	address_line(b, "Cc", g_mime_message_get_cc(msg));
	header_line(b, "Subject", g_mime_message_get_subject(msg));
	date_line(b, msg);
	r = pc_emit_data(e, b->str, b->len);
	g_string_free(b, TRUE);
	if (r != 0)
		return r;
	return pc_emit_end(e);
}

/* Decodes a part's content (transfer encoding only) into a byte array. */
static int
decode_part(GMimePart *part, GByteArray **out, const char *path)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem;
	gint64 len;

	*out = NULL;
	if (content == NULL)
		return 0;
	len = g_mime_stream_length(g_mime_data_wrapper_get_stream(content));
	if (len < 0 || len > (gint64)PC_EXTRACT_MAX_PART)
		return pc_error_set(PC_ELIMIT,
		    "%s: a mail part larger than the %u-byte limit was not read",
		    path, PC_EXTRACT_MAX_PART);
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(content, mem) < 0) {
		g_object_unref(mem);
		return pc_error_set(
		    PC_EPARSE, "%s: a mail part could not be decoded", path);
	}
	/* The stream frees its array unless told it does not own it. */
	*out = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	g_object_unref(mem);
	return 0;
}

/* Converts bytes in charset to UTF-8 (NULL charset = already UTF-8). */
static char *
to_utf8(const GByteArray *b, const char *charset, size_t *len_out)
{
	char *s = NULL;
	gsize w = 0;

	if (b->len > 0 && charset != NULL &&
	    strcasecmp(charset, "utf-8") != 0 &&
	    strcasecmp(charset, "us-ascii") != 0)
		s = g_convert_with_fallback((const char *)b->data,
		    (gssize)b->len, "UTF-8", g_mime_charset_iconv_name(charset),
		    "?", NULL, &w, NULL);
	if (s == NULL) {
		s = g_malloc(b->len + 1);
		if (b->len > 0)
			memcpy(s, b->data, b->len);
		s[b->len] = '\0';
		w = b->len;
	}
	*len_out = w;
	return s;
}

static int walk_object(struct msg_ctx *m, GMimeObject *obj, int depth);
static uint64_t count_lines(struct msg_ctx *m, uint64_t from, uint64_t to);

/*
 * Is a decoded text part the file's own bytes? Only when its transfer
 * encoding is the identity (7bit, 8bit, binary), the charset conversion
 * and mbox unquoting left it unchanged, and the bytes at the part's place
 * in the file are these very bytes (read back and compared: an offset is
 * reported only when it is true). Sets *off_out to that place.
 */
static bool
part_verbatim(struct msg_ctx *m, GMimePart *part, const GByteArray *raw,
    const char *text, size_t len, uint64_t *off_out)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeContentEncoding enc;
	GMimeStream *cs;
	const char *buf;
	uint64_t off, done = 0;
	size_t got;

	if (m->fd < 0 || content == NULL || len == 0 || len != raw->len ||
	    memcmp(text, raw->data, len) != 0)
		return false;
	enc = g_mime_data_wrapper_get_encoding(content);
	if (enc != GMIME_CONTENT_ENCODING_DEFAULT &&
	    enc != GMIME_CONTENT_ENCODING_7BIT &&
	    enc != GMIME_CONTENT_ENCODING_8BIT &&
	    enc != GMIME_CONTENT_ENCODING_BINARY)
		return false;
	if ((cs = g_mime_data_wrapper_get_stream(content)) == NULL ||
	    cs->bound_start < 0)
		return false;
	off = (uint64_t)cs->bound_start;
	while (done < len) {
		got = win_get(m, off + done, len - done, &buf);
		if (got == 0 || memcmp(buf, text + done, got) != 0)
			return false;
		done += got;
	}
	*off_out = off;
	return true;
}

/* Emits one leaf part: text parts as text, attachments by their type. */
static int
walk_part(struct msg_ctx *m, GMimePart *part)
{
	GMimeContentType *ct =
	    g_mime_object_get_content_type(GMIME_OBJECT(part));
	const char *fname = g_mime_part_get_filename(part);
	struct pc_text_loc loc = m->loc;
	enum pc_doc_kind kind = PC_DOC_AUTO;
	GByteArray *raw = NULL;
	char *text = NULL, *type = NULL;
	uint64_t off;
	size_t len = 0;
	int r;

	type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	loc.member = fname ? fname : (type ? type : "part");
	loc.exact = false;
	snprintf(
	    m->where, sizeof(m->where), "part %s", m->part[0] ? m->part : "1");
	loc.locator = m->where;
	if (decode_part(part, &raw, m->loc.path) != 0) {
		pc_emit_skip(m->e, pc_error_get());
		r = 0;
		goto out;
	}
	if (raw == NULL) {
		r = 0;
		goto out;
	}
	m->e->in_mail++;
	if (ct && g_mime_content_type_is_type(ct, "text", "*")) {
		text = to_utf8(raw,
		    g_mime_content_type_get_parameter(ct, "charset"), &len);
		if (m->mbox)
			len = unquote_from(text, len);
		if (g_mime_content_type_is_type(ct, "text", "html"))
			kind = PC_DOC_HTML;
		else if (g_mime_content_type_is_type(ct, "text", "csv"))
			kind = PC_DOC_CSV;
		else if (fname == NULL)
			kind = PC_DOC_TEXT;
		if (kind == PC_DOC_TEXT &&
		    part_verbatim(m, part, raw, text, len, &off)) {
			/* the file's own bytes: offsets and lines are true */
			loc.base_line = m->loc.base_line +
			    count_lines(m, m->loc.base_offset, off);
			loc.base_offset = off;
			m->e->in_mail--;
			r = pc_extract_mem_emit(m->e, text, len, &loc, kind);
			m->e->in_mail++;
		} else {
			r = pc_extract_mem_emit(m->e, text, len, &loc, kind);
		}
	} else {
		r = pc_extract_mem_emit(
		    m->e, (const char *)raw->data, raw->len, &loc, PC_DOC_AUTO);
	}
	m->e->in_mail--;
	if (r != 0 && m->e->rc == 0) {
		if (m->e->open)
			(void)pc_emit_end(m->e);
		pc_emit_skip(m->e, pc_error_get());
		r = m->e->rc;
	}
out:
	g_free(type);
	g_free(text);
	if (raw != NULL)
		g_byte_array_free(raw, TRUE);
	return r;
}

/* Walks a MIME tree, depth-capped. */
static int
walk_object(struct msg_ctx *m, GMimeObject *obj, int depth)
{
	GMimeMessage *inner;
	size_t len;
	int i, n, r = 0;

	if (obj == NULL)
		return 0;
	if (depth > PC_EXTRACT_MAX_MIME_DEPTH)
		return pc_error_set(PC_ELIMIT,
		    "%s: a mail message nested deeper than %d levels was refused",
		    m->loc.path, PC_EXTRACT_MAX_MIME_DEPTH);
	if (GMIME_IS_MULTIPART(obj)) {
		/* parts are numbered as IMAP does: 1, 2, 2.1 ... */
		len = strlen(m->part);
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n && r == 0; i++) {
			snprintf(m->part + len, sizeof(m->part) - len, "%s%d",
			    len ? "." : "", i + 1);
			r = walk_object(m,
			    g_mime_multipart_get_part(GMIME_MULTIPART(obj), i),
			    depth + 1);
		}
		m->part[len] = '\0';
	} else if (GMIME_IS_MESSAGE_PART(obj)) {
		inner =
		    g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (inner != NULL && (r = emit_headers(m, inner)) == 0)
			r = walk_object(
			    m, g_mime_message_get_mime_part(inner), depth + 1);
	} else if (GMIME_IS_PART(obj)) {
		r = walk_part(m, GMIME_PART(obj));
	}
	return r;
}

/* Reads one parsed message into units. */
static int
walk_message(struct msg_ctx *m, GMimeMessage *msg)
{
	const char *id = g_mime_message_get_message_id(msg);
	int r;

	free(m->message_id);
	m->message_id = NULL;
	if (id != NULL && (m->message_id = strndup(id, 998)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	m->loc.message_id = m->message_id;
	m->part[0] = '\0';
	m->e->res->messages++;
	if ((r = emit_headers(m, msg)) != 0)
		return r;
	return walk_object(m, g_mime_message_get_mime_part(msg), 1);
}

/* Counts newlines in m->fd between two offsets (mbox line numbers). */
static uint64_t
count_lines(struct msg_ctx *m, uint64_t from, uint64_t to)
{
	const char *buf, *q, *e;
	uint64_t n = 0;
	size_t got;

	while (from < to) {
		if ((got = win_get(m, from,
			 (size_t)(to - from < MIME_WIN ? to - from : MIME_WIN),
			 &buf)) == 0)
			break;
		for (q = buf, e = buf + got;
		     (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
			n++;
		from += got;
	}
	return n;
}

/* Parses messages from a stream: one (eml) or many (mbox). */
static int
parse_stream(struct msg_ctx *m, GMimeStream *stream, int fd, bool mbox)
{
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *msg;
	uint64_t off, last_off = 0, line = 1;
	gint64 pos, next;
	unsigned resynced = 0;
	size_t count = 0;
	int r = 0;

	g_mime_parser_set_format(
	    parser, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
	while (r == 0 && !g_mime_parser_eos(parser)) {
		if (++count > PC_EXTRACT_MAX_MESSAGES) {
			pc_emit_skip(m->e,
			    "more messages than the limit; the rest of the mailbox was not read");
			break;
		}
		pos = g_mime_parser_tell(parser);
		msg = g_mime_parser_construct_message(parser, NULL);
		if (msg == NULL) {
			if (count == 1 && !mbox)
				r = pc_error_set(PC_EPARSE,
				    "%s: not readable as a mail message",
				    m->loc.path);
			else if (count == 1)
				r = pc_error_set(PC_EPARSE,
				    "%s: not readable as an mbox mailbox",
				    m->loc.path);
			else if (mbox &&
			    (next = pc_mbox_next_from(stream, pos + 1)) >= 0 &&
			    g_mime_stream_seek(
				stream, next, GMIME_STREAM_SEEK_SET) == next) {
				/* a body line starting "From " not escaped
				 * (mboxo) opens a "message" GMime cannot
				 * read, and it reads no further: say so,
				 * and read on from the next "From " line */
				if (!resynced++)
					pc_emit_skip(m->e,
					    "a message could not be read (a line starting 'From ' inside a body?); the mailbox was read on from the next message");
				g_mime_parser_init_with_stream(parser, stream);
				g_mime_parser_set_format(
				    parser, GMIME_FORMAT_MBOX);
				continue;
			}
			break;
		}
		if (mbox) {
			off = (uint64_t)g_mime_parser_get_mbox_marker_offset(
			    parser);
			if (fd >= 0 && off > last_off)
				line += count_lines(m, last_off, off);
			last_off = off > last_off ? off : last_off;
			m->loc.base_offset = off;
			m->loc.base_line = line;
		}
		r = walk_message(m, msg);
		g_object_unref(msg);
		if (r != 0 && m->e->rc == 0) {
			if (m->e->open)
				(void)pc_emit_end(m->e);
			if (!mbox)
				break; /* one message: refuse the file */
			pc_emit_skip(m->e, pc_error_get());
			r = 0;
		}
		if (!mbox)
			break;
	}
	g_object_unref(parser);
	if (m->e->rc != 0)
		return m->e->rc;
	return r;
}

/* Mail from an open file: one message (.eml, Maildir) or an mbox. */
int
pc_extract_mail_fd(struct pc_emit *e, int fd, const char *path, bool mbox)
{
	struct msg_ctx m = { 0 };
	GMimeStream *stream;
	int dupfd, r;

	pthread_once(&gmime_once, gmime_init_once);
	e->res->kind = mbox ? PC_DOC_MBOX : PC_DOC_EML;
	if ((dupfd = dup(fd)) < 0)
		return pc_error_set(
		    PC_EIO, "cannot read %s: %s", path, strerror(errno));
	if (lseek(dupfd, 0, SEEK_SET) < 0) {
		close(dupfd);
		return pc_error_set(
		    PC_EIO, "cannot read %s: %s", path, strerror(errno));
	}
	stream = g_mime_stream_fs_new(dupfd); /* owns dupfd */
	m.e = e;
	m.loc.path = path;
	m.loc.base_line = 1;
	m.mbox = mbox;
	m.fd = fd;
	r = parse_stream(&m, stream, fd, mbox);
	g_object_unref(stream);
	free(m.message_id);
	free(m.win);
	return r;
}

/* A message held in memory (an attachment, a fuzz input). */
int
pc_extract_mail_mem(struct pc_emit *e, const char *data, size_t len,
    const struct pc_text_loc *loc, bool mbox)
{
	struct msg_ctx m = { 0 };
	GMimeStream *stream;
	int r;

	pthread_once(&gmime_once, gmime_init_once);
	if (e->depth >= 4)
		return pc_error_set(PC_ELIMIT,
		    "%s: mail attached inside mail deeper than the limit; not read",
		    loc->path);
	stream = g_mime_stream_mem_new_with_buffer(data, len);
	m.e = e;
	m.loc = *loc;
	m.loc.exact = false;
	e->depth++;
	m.mbox = mbox;
	m.fd = -1;
	r = parse_stream(&m, stream, -1, mbox);
	e->depth--;
	g_object_unref(stream);
	free(m.message_id);
	free(m.win);
	return r;
}
