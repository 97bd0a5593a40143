/* The matcher: one Hyperscan stream database per scan, fed as a text sink. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "matcher_int.h"

/* Counts lines and paragraphs in the window up to normalised offset p. */
void
pc_matcher_count_to(struct pc_matcher *m, uint64_t p)
{
	const char *base = m->win, *q, *end, *nl;
	uint64_t at;

	if (p <= m->counted)
		return;
	q = base + (m->counted - m->win_start);
	end = base + (p - m->win_start);
	while (q < end && (nl = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		at = m->win_start + (uint64_t)(nl - base);
		if (m->last_nl > 0 && at + 1 - m->last_nl <= 8 &&
		    m->last_nl > m->win_start) {
			/* blank line: only spaces between two newlines */
			const char *c = base + (m->last_nl - m->win_start);
			while (
			    c < nl && (*c == ' ' || *c == '\t' || *c == '\r'))
				c++;
			if (c == nl)
				m->para++;
		}
		m->lines++;
		m->last_nl = at + 1;
		m->ls_orig = pc_matcher_orig_of(m, at + 1);
		q = nl + 1;
	}
	m->counted = p;
}

/* Newlines in the window between normalised offsets a and b. */
uint64_t
pc_matcher_count_nl(const struct pc_matcher *m, uint64_t a, uint64_t b)
{
	const char *q = m->win + (a - m->win_start);
	const char *end = m->win + (b - m->win_start), *nl;
	uint64_t n = 0;

	while (q < end && (nl = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		n++;
		q = nl + 1;
	}
	return n;
}

/*
 * Sets c's line, column, raw offset and length from the match at
 * [from, to) of the window: the value's own span when the validator
 * found one inside ("15/09/1961" after "DOB: "), then places it (exact
 * file position, locator).
 */
static void
position(struct pc_matcher *m, struct cand *c, uint64_t from, uint64_t to,
    size_t len)
{
	uint64_t nl_in, ls, vfrom, vto;
	const char *nlp;

	/* where the value itself is ("15/09/1961" after "DOB: ") */
	if (c->val.vlen > 0 && c->val.vstart + c->val.vlen <= len) {
		vfrom = from + c->val.vstart;
		vto = vfrom + c->val.vlen;
	} else {
		vfrom = from;
		vto = to;
	}
	pc_matcher_count_to(m, to);
	nl_in = pc_matcher_count_nl(m, vfrom, to);
	c->line = m->base_line + m->lines - nl_in;
	c->para = m->para;
	nlp = memrchr(m->win, '\n', (size_t)(vfrom - m->win_start));
	if (nlp != NULL)
		ls = pc_matcher_orig_of(
		    m, m->win_start + (uint64_t)(nlp - m->win) + 1);
	else
		ls = m->last_nl > 0 && m->last_nl <= m->win_start ? m->ls_orig
								  : 0;
	c->off = pc_matcher_orig_of(m, vfrom);
	c->len = pc_matcher_orig_of(m, vto) - c->off;
	c->col = c->off - ls + 1;
	c->uoff = c->off;
	pc_matcher_place(m, c);
}

/* Hyperscan match callback: validates a candidate and queues it. */
static int
on_match(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *ctx)
{
	struct pc_matcher *m = ctx;
	const struct pc_detector *det;
	struct cand c;
	const char *p;
	size_t len, i;
	uint64_t a, start = 0;
	bool allowed;
	int r;

	(void)flags;
	m->stats.candidates++;
	if (to > m->win_start + m->win_len) {
		m->stats.dropped++;
		return 0;
	}
	r = pc_matcher_find_start(m, id, to, &start);
	if (r < 0) {
		m->stop = r;
		return 1; /* stop the scan: the error is in m->stop */
	}
	if (r == 0) {
		m->stats.dropped++;
		return 0;
	}
	from = start;
	if (to <= from || to - from > PC_MATCH_MAX_LEN || from < m->win_start) {
		m->stats.dropped++;
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.det = m->d->id_det[id];
	det = &m->set->items[c.det];
	p = m->win + (from - m->win_start);
	len = (size_t)(to - from);
	if (!det->validator->fn(p, len, &c.val)) {
		m->stats.rejected++;
		return 0;
	}
	allowed = pc_detector_allowed(det, c.val.norm);
	c.s = from;
	c.e = to;
	/* the same detector matching a longer span at the same place */
	for (i = m->npending; i-- > 0 && m->npending - i <= 16;) {
		struct cand *o = &m->pending[i];
		if (o->det != c.det || !pc_matcher_overlaps(o, &c))
			continue;
		if (c.e - c.s <= o->e - o->s)
			return 0;
		memmove(o, o + 1, (m->npending - i - 1) * sizeof(*o));
		m->npending--;
		break;
	}
	/* An allowed value still displaces the shorter matches inside it
	 * ("office@x.org" in the allowed "office@x.org.uk"), then goes. */
	if (allowed) {
		m->stats.rejected++;
		return 0;
	}
	position(m, &c, from, to, len);
	c.rend = pc_matcher_orig_of(m, to) + m->base_offset;
	if (det->ncontext > 0) {
		a = from > det->context_window ? from - det->context_window : 0;
		if (a < m->win_start)
			a = m->win_start;
		c.ctx_before = pc_matcher_context_in(m, det, a, from);
	}
	if (m->npending == PC_MATCH_MAX_PENDING) {
		m->stats.dropped++;
		pc_matcher_resolve(
		    m, true); /* queue full: decide with what is here */
	}
	m->pending[m->npending++] = c;
	if (m->npending > m->stats.pending_high)
		m->stats.pending_high = m->npending;
	return 0;
}

/* Side-database callback: keeps the end for the ordered merge. */
static int
on_side(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *ctx)
{
	struct pc_matcher *m = ctx;

	(void)from;
	(void)flags;
	if (m->nhits == m->d->side_n * (SIDE_STEP + 1)) {
		m->stats.dropped++; /* cannot happen: one end per byte each */
		return 0;
	}
	m->hits[m->nhits].to = to;
	m->hits[m->nhits].id = id;
	m->nhits++;
	return 0;
}

/* Hands on_match the held side matches that end at or before to. */
static int
drain_hits(struct pc_matcher *m, unsigned long long to)
{
	while (m->next_hit < m->nhits && m->hits[m->next_hit].to <= to) {
		const struct hit *h = &m->hits[m->next_hit++];
		if (on_match(h->id, 0, h->to, 0, m) != 0)
			return 1;
	}
	return 0;
}

/*
 * Main-database callback when there is a side database: the side matches
 * ending first go before it, so on_match sees ends in order (its line and
 * paragraph counting runs forwards only).
 */
static int
on_main(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *ctx)
{
	struct pc_matcher *m = ctx;

	if (drain_hits(m, to) != 0)
		return 1;
	return on_match(id, from, to, flags, m);
}

/*
 * Scans len normalised bytes at p with both databases: in steps, the side
 * database first (its ends held), then the main one merging them in.
 * end is true at the end of the unit (end-of-data matches, and reset).
 */
static hs_error_t
scan_step(struct pc_matcher *m, const char *p, size_t len, bool end)
{
	hs_error_t e = HS_SUCCESS, es;

	m->nhits = 0;
	m->next_hit = 0;
	if (end)
		es = hs_reset_stream(m->side_stream, 0, m->scratch, on_side, m);
	else
		es = hs_scan_stream(m->side_stream, p, (unsigned)len, 0,
		    m->scratch, on_side, m);
	if (end)
		e = hs_reset_stream(m->stream, 0, m->scratch, on_main, m);
	else
		e = hs_scan_stream(
		    m->stream, p, (unsigned)len, 0, m->scratch, on_main, m);
	if (e == HS_SUCCESS && drain_hits(m, (unsigned long long)-1) != 0)
		e = HS_SCAN_TERMINATED;
	return e != HS_SUCCESS ? e : es;
}

/* Scans len normalised bytes at p through the stream database(s). */
static hs_error_t
scan_both(struct pc_matcher *m, const char *p, size_t len)
{
	hs_error_t e = HS_SUCCESS;
	size_t n;

	if (m->d->side_db == NULL)
		return hs_scan_stream(
		    m->stream, p, (unsigned)len, 0, m->scratch, on_match, m);
	while (len > 0 && e == HS_SUCCESS) {
		n = len < SIDE_STEP ? len : SIDE_STEP;
		e = scan_step(m, p, n, false);
		p += n;
		len -= n;
	}
	return e;
}

/* Drops old bytes so that room more bytes fit, keeping the history. */
static void
make_room(struct pc_matcher *m, size_t room)
{
	size_t keep, drop, i, j;
	uint64_t new_start;

	if (m->win_len + room <= WIN_CAP)
		return;
	keep = m->win_len < PC_MATCH_HISTORY ? m->win_len : PC_MATCH_HISTORY;
	drop = m->win_len - keep;
	new_start = m->win_start + drop;
	pc_matcher_count_to(m, new_start);
	memmove(m->win, m->win + drop, keep);
	m->win_start = new_start;
	m->win_len = keep;
	/* edits before the window fold into the base delta */
	for (i = 0; i < m->nedits && m->edits[i].norm <= new_start; i++)
		m->base_delta = m->edits[i].delta;
	for (j = 0; i < m->nedits; i++, j++)
		m->edits[j] = m->edits[i];
	m->nedits = j;
}

/* Scans raw bytes of the open unit (normalised, in pieces). */
static int
scan_bytes(struct pc_matcher *m, const char *p, size_t len, bool final)
{
	size_t used, outlen, piece;
	hs_error_t e;

	while (len > 0 && m->stop == 0) {
		piece = len < PC_MATCH_PIECE ? len : PC_MATCH_PIECE;
		make_room(m, piece);
		used = pc_matcher_normalise_into(m, p, piece, final, &outlen);
		if (used == 0)
			break; /* an incomplete sequence at the end: carry it */
		m->win_len += outlen;
		if (m->win_len > m->stats.window_high)
			m->stats.window_high = m->win_len;
		e = scan_both(m, m->win + m->win_len - outlen, outlen);
		if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED) {
			m->stop = pc_error_set(PC_EIO,
			    "Pattern matching failed in %s (Hyperscan error %d).",
			    m->path, (int)e);
			break;
		}
		m->orig_pos += used;
		pc_matcher_resolve(m, false);
		p += used;
		len -= used;
	}
	if (len > 0 && len <= sizeof(m->carry) && m->stop == 0) {
		memcpy(m->carry, p, len);
		m->ncarry = len;
	}
	return m->stop;
}

/* Copies an optional location string (capped). */
static char *
dup_loc(const char *s)
{
	return s == NULL ? NULL : strndup(s, 4096);
}

/* Sink begin: a new unit, a fresh stream. */
static int
sink_begin(void *arg, const struct pc_text_loc *loc)
{
	struct pc_matcher *m = arg;

	if (m->stop != 0)
		return m->stop;
	if (m->open)
		return pc_error_set(PC_EINVALID,
		    "A text unit began before the previous one ended.");
	free(m->path);
	free(m->message_id);
	free(m->member);
	m->path = dup_loc(loc->path != NULL ? loc->path : "");
	m->message_id = dup_loc(loc->message_id);
	m->member = dup_loc(loc->member);
	if (m->path == NULL || (loc->message_id && !m->message_id) ||
	    (loc->member && !m->member))
		return m->stop = pc_error_set(
			   PC_ENOMEM, "Out of memory in the matcher.");
	m->exact = loc->exact;
	m->lines_exact = loc->lines_exact;
	m->base_offset = loc->base_offset;
	m->base_line = loc->base_line > 0 ? loc->base_line : 1;
	m->win_len = 0;
	m->win_start = 0;
	m->ncarry = 0;
	m->orig_pos = 0;
	m->nedits = 0;
	m->base_delta = 0;
	m->counted = 0;
	m->lines = 0;
	m->para = 0;
	m->last_nl = 0;
	m->ls_orig = 0;
	m->npending = 0;
	m->nrecord = 0;
	m->nmarks = 0;
	m->mark_head = 0;
	free(m->unit_locator);
	m->unit_locator = dup_loc(loc->locator);
	if (loc->locator != NULL && m->unit_locator == NULL)
		return m->stop = pc_error_set(
			   PC_ENOMEM, "Out of memory in the matcher.");
	m->open = true;
	if (!m->ranged || m->range_lo == 0)
		m->stats.units++; /* a file read in chunks is one unit */
	return 0;
}

/* Sink data: carry-over of a split UTF-8 sequence, then scan. */
static int
sink_data(void *arg, const char *p, size_t len)
{
	struct pc_matcher *m = arg;
	char joined[8];
	size_t need, take;

	if (m->stop != 0)
		return m->stop;
	if (!m->open)
		return pc_error_set(
		    PC_EINVALID, "Text arrived outside a unit.");
	m->stats.bytes += len;
	if (m->ncarry > 0 && len > 0) {
		need = pc_matcher_seq_len((unsigned char)m->carry[0]);
		take = need > m->ncarry ? need - m->ncarry : 0;
		if (take > len)
			take = len;
		memcpy(joined, m->carry, m->ncarry);
		memcpy(joined + m->ncarry, p, take);
		need = m->ncarry + take;
		m->ncarry = 0;
		if (scan_bytes(m, joined, need, false) != 0)
			return m->stop;
		if (m->ncarry > 0)
			return 0; /* still incomplete: all of p is in carry */
		p += take;
		len -= take;
	}
	return scan_bytes(m, p, len, false);
}

/* Sink end: end-of-data matches, then every pending decision. */
static int
sink_end(void *arg)
{
	struct pc_matcher *m = arg;
	hs_error_t e;
	char carry[4];
	size_t n = m->ncarry;

	if (!m->open)
		return m->stop;
	m->open = false;
	if (m->stop == 0 && n > 0) {
		memcpy(carry, m->carry, n);
		m->ncarry = 0;
		scan_bytes(m, carry, n, true);
	}
	if (m->d->side_db != NULL && m->stop == 0) {
		e = scan_step(m, NULL, 0, true);
	} else {
		e = hs_reset_stream(m->stream, 0, m->scratch,
		    m->stop == 0 ? on_match : NULL, m);
		if (m->d->side_db != NULL &&
		    hs_reset_stream(m->side_stream, 0, m->scratch, NULL, m) !=
			HS_SUCCESS)
			e = HS_UNKNOWN_ERROR;
	}
	if (e != HS_SUCCESS && m->stop == 0)
		m->stop = pc_error_set(PC_EIO,
		    "Pattern matching failed at the end of %s.", m->path);
	if (m->stop == 0) {
		pc_matcher_resolve(m, true);
		pc_matcher_flush_record(m);
	}
	m->npending = 0;
	m->nrecord = 0;
	m->ranged = false;
	return m->stop;
}

/* The next unit is one chunk of a file (see matcher.h). */
void
pc_matcher_set_range(struct pc_matcher *m, uint64_t lo, uint64_t hi)
{
	m->ranged = true;
	m->range_lo = lo;
	m->range_hi = hi;
}

/* Allocates a matcher's own buffers (NULL when out of memory). */
static struct pc_matcher *
alloc_matcher(const struct pc_detectors *set, const unsigned char *key,
    size_t keylen, pc_match_fn fn, void *arg)
{
	struct pc_matcher *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->set = set;
	m->fn = fn;
	m->arg = arg;
	m->keylen = keylen;
	m->key = malloc(keylen);
	m->win = malloc(WIN_CAP);
	m->edits = calloc(WIN_CAP + 1, sizeof(*m->edits));
	m->pending = calloc(PC_MATCH_MAX_PENDING, sizeof(*m->pending));
	m->record = calloc(PC_MATCH_RECORD_MAX, sizeof(*m->record));
	m->marks = calloc(PC_MATCH_MARKS, sizeof(*m->marks));
	m->parts = calloc(PC_MATCH_RECORD_MAX, sizeof(*m->parts));
	if (m->key == NULL || m->win == NULL || m->edits == NULL ||
	    m->pending == NULL || m->record == NULL || m->marks == NULL ||
	    m->parts == NULL) {
		pc_matcher_free(m);
		return NULL;
	}
	memcpy(m->key, key, keylen);
	return m;
}

/* Checks a matcher's key and callback. */
static int
check_args(const unsigned char *key, size_t keylen, pc_match_fn fn)
{
	if (key == NULL || keylen == 0 || keylen > 1024 || fn == NULL)
		return pc_error_set(PC_EUSAGE,
		    "The matcher needs an HMAC key of 1 to 1024 bytes and a callback.");
	return 0;
}

/* Makes a matcher; ahead: a helper thread compiles block databases. */
static int
new_matcher(struct pc_matcher **out, const struct pc_detectors *set,
    const unsigned char *key, size_t keylen, pc_match_fn fn, void *arg,
    bool ahead)
{
	struct pc_matcher *m;
	int r;

	*out = NULL;
	if ((r = check_args(key, keylen, fn)) != 0)
		return r;
	if ((m = alloc_matcher(set, key, keylen, fn, arg)) == NULL)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory making a matcher.");
	if ((r = pc_matcher_compile(m)) != 0) {
		pc_matcher_free(m);
		return r;
	}
	if (ahead)
		pc_matcher_start_ahead(m->d);
	*out = m;
	return 0;
}

/* Makes a matcher over the enabled detectors of set. */
int
pc_matcher_new(struct pc_matcher **out, const struct pc_detectors *set,
    const unsigned char *key, size_t keylen, pc_match_fn fn, void *arg)
{
	return new_matcher(out, set, key, keylen, fn, arg, true);
}

/* As pc_matcher_new, block databases compiled on first use only. */
int
pc_matcher_new_lazy(struct pc_matcher **out, const struct pc_detectors *set,
    const unsigned char *key, size_t keylen, pc_match_fn fn, void *arg)
{
	return new_matcher(out, set, key, keylen, fn, arg, false);
}

/* Makes a matcher sharing like's compiled databases. */
int
pc_matcher_new_shared(struct pc_matcher **out, const struct pc_matcher *like,
    const unsigned char *key, size_t keylen, pc_match_fn fn, void *arg)
{
	struct pc_matcher *m;
	int r;

	*out = NULL;
	if ((r = check_args(key, keylen, fn)) != 0)
		return r;
	if ((m = alloc_matcher(like->set, key, keylen, fn, arg)) == NULL)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory making a matcher.");
	if ((r = pc_matcher_attach(m, like->d)) != 0) {
		pc_matcher_free(m);
		return r;
	}
	*out = m;
	return 0;
}

/* The text sink that feeds this matcher. */
void
pc_matcher_sink(struct pc_matcher *m, struct pc_text_sink *sink_out)
{
	sink_out->begin = sink_begin;
	sink_out->data = sink_data;
	sink_out->end = sink_end;
	sink_out->arg = m;
	sink_out->mark = pc_matcher_sink_mark;
}

/* Counters so far. */
void
pc_matcher_stats(const struct pc_matcher *m, struct pc_matcher_stats *out)
{
	*out = m->stats;
	out->window_cap = WIN_CAP;
	out->edits_cap = WIN_CAP + 1;
	out->pending_cap = PC_MATCH_MAX_PENDING;
}

/* Frees the matcher, wiping the key and any buffered values. */
void
pc_matcher_free(struct pc_matcher *m)
{
	if (m == NULL)
		return;
	pc_matcher_db_free(m);
	free(m->hits);
	if (m->key != NULL)
		OPENSSL_cleanse(m->key, m->keylen);
	if (m->win != NULL)
		OPENSSL_cleanse(m->win, WIN_CAP);
	if (m->pending != NULL)
		OPENSSL_cleanse(
		    m->pending, PC_MATCH_MAX_PENDING * sizeof(*m->pending));
	if (m->record != NULL)
		OPENSSL_cleanse(
		    m->record, PC_MATCH_RECORD_MAX * sizeof(*m->record));
	free(m->key);
	free(m->win);
	free(m->edits);
	free(m->pending);
	free(m->record);
	free(m->marks);
	free(m->parts);
	free(m->unit_locator);
	free(m->path);
	free(m->message_id);
	free(m->member);
	free(m);
}
