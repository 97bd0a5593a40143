/* Messages back from the MIME reader's text units (headers, parts). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "mailread.h"

enum unit_kind { UNIT_NONE, UNIT_HEADERS, UNIT_INNER, UNIT_TEXT };

struct pc_mailread {
	pc_mail_msg_fn fn;
	void *arg;
	bool open; /* a message is being read */
	char *path, *message_id;
	uint64_t base_offset; /* where the message starts in its file */
	enum unit_kind kind;
	struct pc_buf headers, inner, text;
	bool attached;
	char attached_from[PC_ADDR_MAX];
	struct pc_fwd_body body;
	size_t messages;
};

/* A new reader. */
int
pc_mailread_new(struct pc_mailread **out, pc_mail_msg_fn fn, void *arg)
{
	struct pc_mailread *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (r == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r->fn = fn;
	r->arg = arg;
	pc_buf_init(&r->headers, PC_MAIL_HEADERS_MAX);
	pc_buf_init(&r->inner, PC_MAIL_HEADERS_MAX);
	pc_buf_init(&r->text, PC_FWD_SCAN_MAX);
	*out = r;
	return 0;
}

/* Forgets the message being read. */
static void
reset(struct pc_mailread *r)
{
	free(r->path);
	free(r->message_id);
	r->path = r->message_id = NULL;
	r->open = false;
	r->attached = false;
	r->attached_from[0] = '\0';
	memset(&r->body, 0, sizeof(r->body));
	pc_buf_reset(&r->headers);
}

/* Frees the reader. */
void
pc_mailread_free(struct pc_mailread *r)
{
	if (r == NULL)
		return;
	reset(r);
	pc_buf_free(&r->headers);
	pc_buf_free(&r->inner);
	pc_buf_free(&r->text);
	free(r);
}

/* The value of the header line name in a unit's text, into a new
 * string (NULL when absent or out of memory: *oom set). */
static char *
header_value(const struct pc_buf *b, const char *name, bool *oom)
{
	const char *p = b->data, *end = p + b->len, *e;
	size_t n = strlen(name);

	while (p != NULL && p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		if ((size_t)(e - p) > n + 1 && strncasecmp(p, name, n) == 0 &&
		    p[n] == ':' && p[n + 1] == ' ') {
			char *v = strndup(p + n + 2, (size_t)(e - p - n - 2));

			*oom |= v == NULL;
			return v;
		}
		p = e + 1;
	}
	return NULL;
}

/* Parses one address header of the unit into a. */
static int
addrs_of(const struct pc_buf *b, const char *name, struct pc_addrs *a)
{
	bool oom = false;
	char *v = header_value(b, name, &oom);
	int r;

	if (oom)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r = pc_addrs_parse(a, v);
	free(v);
	return r;
}

/* "2025-02-03" from the unit's "Date: 2025-02-03T09:12:00Z". */
static void
date_of(const struct pc_buf *b, char out[11])
{
	bool oom = false;
	char *v = header_value(b, "Date", &oom);
	int i;

	out[0] = '\0';
	if (v == NULL)
		return;
	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? v[i] != '-'
				       : !isdigit((unsigned char)v[i]))
			break;
	if (i == 10) {
		memcpy(out, v, 10);
		out[10] = '\0';
	}
	free(v);
}

/* Hands the message read so far to the callback. */
int
pc_mailread_flush(struct pc_mailread *r)
{
	struct pc_mail_msg m;
	bool oom = false;
	char *subject = NULL;
	int rc;

	if (!r->open)
		return 0;
	memset(&m, 0, sizeof(m));
	m.path = r->path;
	m.message_id = r->message_id;
	if ((rc = addrs_of(&r->headers, "From", &m.from)) != 0 ||
	    (rc = addrs_of(&r->headers, "Reply-To", &m.reply_to)) != 0 ||
	    (rc = addrs_of(&r->headers, "To", &m.to)) != 0 ||
	    (rc = addrs_of(&r->headers, "Cc", &m.cc)) != 0)
		goto out;
	subject = header_value(&r->headers, "Subject", &oom);
	if (oom) {
		rc = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	m.subject = subject ? subject : "";
	date_of(&r->headers, m.date);
	m.attached_message = r->attached;
	memcpy(m.attached_from, r->attached_from, sizeof(m.attached_from));
	m.body = r->body;
	r->messages++;
	rc = r->fn(r->arg, &m);
out:
	free(subject);
	pc_addrs_free(&m.from);
	pc_addrs_free(&m.reply_to);
	pc_addrs_free(&m.to);
	pc_addrs_free(&m.cc);
	reset(r);
	return rc;
}

/* Starts a unit: a new message's headers, an attached message's
 * headers (same file and place), a text part, or something else. */
static int
on_begin(void *arg, const struct pc_text_loc *loc)
{
	struct pc_mailread *r = arg;
	const char *path = loc->path ? loc->path : "";
	int rc;

	r->kind = UNIT_NONE;
	if (loc->member != NULL && strcmp(loc->member, "headers") == 0) {
		if (r->open && strcmp(r->path, path) == 0 &&
		    r->base_offset == loc->base_offset) {
			r->kind = UNIT_INNER;
			pc_buf_reset(&r->inner);
			return 0;
		}
		if ((rc = pc_mailread_flush(r)) != 0)
			return rc;
		r->path = strdup(path);
		r->message_id =
		    loc->message_id ? strdup(loc->message_id) : NULL;
		if (r->path == NULL || (loc->message_id && !r->message_id))
			return pc_error_set(PC_ENOMEM, "out of memory");
		r->base_offset = loc->base_offset;
		r->open = true;
		r->kind = UNIT_HEADERS;
		return 0;
	}
	if (r->open && loc->member != NULL &&
	    strncasecmp(loc->member, "text/", 5) == 0) {
		r->kind = UNIT_TEXT;
		pc_buf_reset(&r->text);
	}
	return 0;
}

/* Keeps a unit's bytes, up to its cap. */
static int
on_data(void *arg, const char *p, size_t len)
{
	struct pc_mailread *r = arg;
	struct pc_buf *b = r->kind == UNIT_HEADERS ? &r->headers
	    : r->kind == UNIT_INNER                ? &r->inner
	    : r->kind == UNIT_TEXT                 ? &r->text
						   : NULL;
	size_t cap =
	    r->kind == UNIT_TEXT ? PC_FWD_SCAN_MAX : PC_MAIL_HEADERS_MAX;

	if (b == NULL || b->len >= cap)
		return 0;
	if (len > cap - b->len)
		len = cap - b->len;
	return pc_buf_add(b, p, len);
}

/* Ends a unit: an attached message's sender, a text part's forward
 * marks. */
static int
on_end(void *arg)
{
	struct pc_mailread *r = arg;
	struct pc_addrs a;
	int rc = 0;

	if (r->kind == UNIT_INNER) {
		if (!r->attached &&
		    (rc = addrs_of(&r->inner, "From", &a)) == 0) {
			if (a.n > 0)
				memcpy(r->attached_from, a.v[0].addr,
				    sizeof(r->attached_from));
			pc_addrs_free(&a);
		}
		r->attached = true;
	} else if (r->kind == UNIT_TEXT) {
		pc_fwd_body_scan(&r->body, r->text.data, r->text.len);
	}
	r->kind = UNIT_NONE;
	return rc;
}

/* The sink over this reader. */
void
pc_mailread_sink(struct pc_mailread *r, struct pc_text_sink *sink)
{
	memset(sink, 0, sizeof(*sink));
	sink->begin = on_begin;
	sink->data = on_data;
	sink->end = on_end;
	sink->arg = r;
}

/* Messages handed on. */
size_t
pc_mailread_messages(const struct pc_mailread *r)
{
	return r->messages;
}
