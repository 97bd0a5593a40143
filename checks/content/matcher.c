/* The matcher: one Hyperscan stream database per scan, fed as a text sink. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hs/hs.h>
#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "matcher.h"

/*
 * How it works. Each text unit is one Hyperscan stream, so a match that
 * spans the producer's chunks is found. Data is normalised (see
 * pc_matcher_normalise) into a window: the last PC_MATCH_HISTORY bytes
 * plus the piece being scanned, so a candidate's bytes and the context
 * words around it are at hand when its match is reported. Offsets are
 * kept in normalised bytes and mapped back to the original through a list
 * of edits. Candidates pass their validator at once, then wait until the
 * context window after them has arrived; then they are grouped by line
 * and paragraph into records, so several identifiers of one person become
 * one personal_record. Memory is fixed by the caps in matcher.h.
 * Patterns whose stream form was rewritten (stream_form) are scanned by a
 * small side database in the same steps, their ends merged in order.
 */

#define WIN_CAP (2 * PC_MATCH_HISTORY + PC_MATCH_PIECE)
#define MAX_WINDOW 300	      /* PC_DETECTOR_MAX_WINDOW */
#define SIDE_MAX 4	      /* patterns in the side database */
#define SIDE_STEP (16u << 10) /* bytes scanned per side/main round */

/* A match end from the side database, held until the main one catches up. */
struct hit {
	uint64_t to;
	unsigned id;
};

/* One normalisation edit: from norm position on, orig = norm + delta. */
struct edit {
	uint64_t norm;
	int64_t delta;
};

/* A validated candidate or a resolved identifier. */
struct cand {
	size_t det; /* index into set->items */
	uint64_t s, e; /* normalised stream offsets */
	uint64_t line, col, off, len, para;
	bool ctx_before, ctx;
	struct pc_value val;
};

struct pc_matcher {
	const struct pc_detectors *set;
	hs_database_t *db;	/* all patterns, stream mode, no SOM */
	hs_database_t *side_db; /* the rewritten ones (see stream_form) */
	hs_stream_t *side_stream;
	struct hit *hits; /* side matches of this step, by end */
	size_t nhits, next_hit, side_n;
	hs_database_t **span_db; /* per pattern, block mode, SOM leftmost */
	unsigned *span_width;	 /* per pattern, longest match (capped) */
	const char **span_expr;	 /* per pattern, its expression */
	unsigned *span_flags;	 /* per pattern, its compile flags */
	size_t npatterns;
	bool *span_ready; /* span_db[id] usable from this thread, scratch too */

	/*
	 * A helper thread compiles the block databases ahead of need on the
	 * second core; span_state and span_db are shared with it under
	 * bg_lock. Without the thread they are compiled on first use.
	 */
	pthread_t bg;
	bool bg_on, bg_stop;
	pthread_mutex_t bg_lock;
	pthread_cond_t bg_cond;
	unsigned char *span_state; /* SPAN_NONE, SPAN_BUSY, SPAN_DONE */

	hs_scratch_t *scratch, *span_scratch;
	hs_stream_t *stream;
	size_t *id_det; /* Hyperscan pattern id -> detector index */
	unsigned char *key;
	size_t keylen;
	pc_match_fn fn;
	void *arg;
	int stop; /* callback's nonzero return, or a negative error */
	struct pc_matcher_stats stats;

	/* the unit being read */
	bool open;
	char *path, *message_id, *member;
	bool exact;
	uint64_t base_offset, base_line;

	/* window of normalised bytes: win[0] is stream offset win_start */
	char *win;
	size_t win_len;
	uint64_t win_start;
	char carry[4]; /* incomplete UTF-8 sequence from the last chunk */
	size_t ncarry;
	uint64_t orig_pos; /* original bytes consumed */

	/* edits map normalised offsets back to original ones */
	struct edit *edits;
	size_t nedits;
	int64_t base_delta;

	/* line accounting up to counted (normalised offset) */
	uint64_t counted, lines, para;
	uint64_t last_nl; /* offset of the last '\n' before counted + 1; 0 none */
	uint64_t ls_orig; /* original offset where that line starts */

	struct cand *pending;
	size_t npending;
	struct cand *record;
	size_t nrecord;
};

/* Original offset of normalised offset p. */
static uint64_t
orig_of(const struct pc_matcher *m, uint64_t p)
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

/* Counts lines and paragraphs in the window up to normalised offset p. */
static void
count_to(struct pc_matcher *m, uint64_t p)
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
			while (c < nl && (*c == ' ' || *c == '\t' || *c == '\r'))
				c++;
			if (c == nl)
				m->para++;
		}
		m->lines++;
		m->last_nl = at + 1;
		m->ls_orig = orig_of(m, at + 1);
		q = nl + 1;
	}
	m->counted = p;
}

/* Newlines in the window between normalised offsets a and b. */
static uint64_t
count_nl(const struct pc_matcher *m, uint64_t a, uint64_t b)
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

/* True for a byte that can be part of a word (for whole-word context). */
static bool
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* True when a context word of det occurs whole in win[a..b). */
static bool
context_in(const struct pc_matcher *m, const struct pc_detector *det,
    uint64_t a, uint64_t b)
{
	const char *p = m->win + (a - m->win_start);
	size_t n = (size_t)(b - a), i, j, k, wl;
	const char *w;

	for (k = 0; k < det->ncontext; k++) {
		w = det->context[k];
		wl = strlen(w);
		for (i = 0; wl <= n && i + wl <= n; i++) {
			if ((p[i] | 0x20) != w[0] && p[i] != w[0])
				continue;
			for (j = 1; j < wl; j++) {
				char c = p[i + j];
				if (c >= 'A' && c <= 'Z')
					c = (char)(c + 32);
				if (c != w[j])
					break;
			}
			if (j < wl)
				continue;
			if (i > 0 && word_byte((unsigned char)p[i - 1]) &&
			    word_byte((unsigned char)w[0]))
				continue;
			if (i + wl < n && word_byte((unsigned char)p[i + wl]) &&
			    word_byte((unsigned char)w[wl - 1]))
				continue;
			return true;
		}
	}
	return false;
}

/* Reports one finding through the callback. */
static void
emit(struct pc_matcher *m, struct pc_match *out)
{
	int r;

	if (m->stop != 0)
		return;
	out->path = m->path;
	out->message_id = m->message_id;
	out->member = m->member;
	out->exact = m->exact;
	m->stats.findings++;
	if ((r = m->fn(m->arg, out)) != 0)
		m->stop = r;
}

/* Reports one identifier on its own. */
static void
emit_single(struct pc_matcher *m, const struct cand *c)
{
	const struct pc_detector *det = &m->set->items[c->det];
	struct pc_match out;

	memset(&out, 0, sizeof(out));
	out.detector = det->id;
	out.title = det->title;
	out.severity = c->ctx ? det->severity : det->severity_without;
	out.context = c->ctx && det->ncontext > 0;
	out.line = c->line;
	out.column = c->col;
	out.offset = c->off;
	out.length = c->len;
	pc_redact_preview(out.preview, sizeof(out.preview), det->mask,
	    c->val.norm, c->val.len);
	if (pc_redact_hmac(out.hmac, m->key, m->keylen, c->val.norm,
		c->val.len) != 0) {
		m->stop = PC_ECRYPTO;
		return;
	}
	emit(m, &out);
}

/* Reports the identifiers rec[idx[0..n)] as one personal_record. */
static void
emit_record(struct pc_matcher *m, const size_t *idx, size_t n)
{
	struct pc_match out;
	char joined[PC_VALUE_MAX * 4];
	size_t i, j, jl = 0, cl = 0;
	uint64_t end = 0;
	const struct cand *first = &m->record[idx[0]];
	enum pc_severity sev = PC_SEV_HIGH;

	memset(&out, 0, sizeof(out));
	out.detector = PC_PERSONAL_RECORD;
	out.title = "Personal record: several identifiers of one person";
	for (i = 0; i < n; i++) {
		const struct cand *c = &m->record[idx[i]];
		const struct pc_detector *det = &m->set->items[c->det];
		bool seen = false;
		if (det->severity > sev)
			sev = det->severity;
		if (c->off + c->len > end)
			end = c->off + c->len;
		for (j = 0; j < i; j++)
			if (m->record[idx[j]].det == c->det)
				seen = true;
		if (!seen) {
			cl += (size_t)snprintf(out.contains + cl,
			    sizeof(out.contains) - cl, "%s%s", cl ? "+" : "",
			    det->id);
			if (cl >= sizeof(out.contains))
				cl = sizeof(out.contains) - 1;
		}
		if (jl + c->val.len + 1 < sizeof(joined)) {
			memcpy(joined + jl, c->val.norm, c->val.len);
			jl += c->val.len;
			joined[jl++] = '\n';
		}
	}
	out.severity = sev;
	out.context = true;
	out.line = first->line;
	out.column = first->col;
	out.offset = first->off;
	out.length = end - first->off;
	snprintf(out.preview, sizeof(out.preview), "%zu identifiers: %s", n,
	    out.contains);
	if (pc_redact_hmac(out.hmac, m->key, m->keylen, joined, jl) != 0) {
		m->stop = PC_ECRYPTO;
		return;
	}
	emit(m, &out);
}

/* Counts distinct detectors among rec[idx[0..n)], and strong ones. */
static size_t
distinct_kinds(const struct pc_matcher *m, const size_t *idx, size_t n,
    size_t *strong_out)
{
	size_t i, j, d = 0, strong = 0;

	for (i = 0; i < n; i++) {
		bool seen = false;
		for (j = 0; j < i; j++)
			if (m->record[idx[j]].det == m->record[idx[i]].det)
				seen = true;
		if (seen)
			continue;
		d++;
		if (m->set->items[m->record[idx[i]].det].kind == PC_DET_STRONG)
			strong++;
	}
	*strong_out = strong;
	return d;
}

/* True when these identifiers make a personal record. */
static bool
is_record(const struct pc_matcher *m, const size_t *idx, size_t n)
{
	size_t strong, d = distinct_kinds(m, idx, n, &strong);

	return (d >= 2 && strong >= 1) || d >= 3;
}

/*
 * Flushes the buffered identifiers of one paragraph: each line with two
 * or more kinds (one strong) or three kinds becomes a personal_record;
 * what is left becomes one record when the paragraph holds three kinds
 * (one strong) within PC_MATCH_RECORD_LINES lines; the rest are reported
 * one by one.
 */
static void
flush_record(struct pc_matcher *m)
{
	size_t idx[PC_MATCH_RECORD_MAX], left[PC_MATCH_RECORD_MAX];
	bool used[PC_MATCH_RECORD_MAX] = { false };
	size_t i, j, n, nleft = 0, strong;

	for (i = 0; i < m->nrecord; i++) {
		if (used[i])
			continue;
		n = 0;
		for (j = i; j < m->nrecord; j++)
			if (!used[j] && m->record[j].line == m->record[i].line)
				idx[n++] = j;
		if (n >= 2 && is_record(m, idx, n)) {
			emit_record(m, idx, n);
			for (j = 0; j < n; j++)
				used[idx[j]] = true;
		}
	}
	for (i = 0; i < m->nrecord; i++)
		if (!used[i])
			left[nleft++] = i;
	if (nleft >= 3 &&
	    m->record[left[nleft - 1]].line - m->record[left[0]].line <
		PC_MATCH_RECORD_LINES &&
	    distinct_kinds(m, left, nleft, &strong) >= 3 && strong >= 1) {
		emit_record(m, left, nleft);
		nleft = 0;
	}
	for (i = 0; i < nleft; i++)
		emit_single(m, &m->record[left[i]]);
	m->nrecord = 0;
}

/* True when spans a and b overlap. */
static bool
overlaps(const struct cand *a, const struct cand *b)
{
	return a->s < b->e && b->s < a->e;
}

/* Adds a resolved identifier to the current record (or reports a secret). */
static void
add_resolved(struct pc_matcher *m, const struct cand *c)
{
	const struct pc_detector *det = &m->set->items[c->det];
	size_t i;

	if (det->kind == PC_DET_SECRET) {
		emit_single(m, c);
		return;
	}
	if (m->nrecord > 0) {
		const struct cand *f = &m->record[0];
		if (f->para != c->para ||
		    c->line - f->line >= PC_MATCH_RECORD_LINES * 4)
			flush_record(m);
	}
	for (i = m->nrecord; i-- > 0 && i + 8 >= m->nrecord;) {
		struct cand *o = &m->record[i];
		if (!overlaps(o, c))
			continue;
		/* one span, one finding: keep the longer, then the stronger */
		if (c->e - c->s > o->e - o->s ||
		    (c->e - c->s == o->e - o->s &&
			det->severity > m->set->items[o->det].severity))
			*o = *c;
		return;
	}
	if (m->nrecord == PC_MATCH_RECORD_MAX)
		flush_record(m);
	m->record[m->nrecord++] = *c;
}

/* Orders candidates by start, then longer first. */
static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e > y->e ? -1 : 1;
	return 0;
}

/*
 * Resolves pending candidates whose context window after them has been
 * read (all of them when final): context check, then into records.
 */
static void
resolve(struct pc_matcher *m, bool final)
{
	uint64_t now = m->win_start + m->win_len;
	size_t i, kept = 0;

	if (m->npending == 0)
		return;
	qsort(m->pending, m->npending, sizeof(*m->pending), cand_cmp);
	for (i = 0; i < m->npending; i++) {
		struct cand *c = &m->pending[i];
		const struct pc_detector *det = &m->set->items[c->det];
		uint64_t a, b;

		if (!final && c->e + MAX_WINDOW > now) {
			m->pending[kept++] = *c;
			continue;
		}
		c->ctx = det->ncontext == 0 || c->ctx_before;
		if (!c->ctx) {
			b = c->e + det->context_window;
			if (b > now)
				b = now;
			a = c->e;
			c->ctx = a >= m->win_start && context_in(m, det, a, b);
		}
		if (!c->ctx && det->context_required) {
			m->stats.rejected++;
			continue;
		}
		add_resolved(m, c);
	}
	m->npending = kept;
}

/* What the start-of-match search is looking for. */
struct span_want {
	unsigned long long end, best;
	bool found;
};

/* Block-mode callback: keeps the leftmost start of a match ending at end. */
static int
on_span(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *ctx)
{
	struct span_want *w = ctx;

	(void)id;
	(void)flags;
	if (to == w->end && (!w->found || from < w->best)) {
		w->best = from;
		w->found = true;
	}
	return 0;
}

/* Names the detector of pattern index i in a compile error. */
static int
compile_error(const struct pc_matcher *m, size_t i, hs_compile_error_t *cerr)
{
	const struct pc_detector *d = &m->set->items[m->id_det[i]];
	int r;

	r = pc_error_set(PC_ECONFIG, "%s:%d: a pattern of detector %s does "
				     "not compile: %s",
	    d->file, d->line, d->id, cerr ? cerr->message : "unknown error");
	hs_free_compile_error(cerr);
	return r;
}

enum { SPAN_NONE, SPAN_BUSY, SPAN_DONE };

/* Compiles pattern id alone in block mode, leftmost start of match. */
static hs_error_t
span_build(const struct pc_matcher *m, unsigned id, hs_database_t **db,
    hs_compile_error_t **cerr)
{
	hs_error_t e;

	*cerr = NULL;
	e = hs_compile(m->span_expr[id], m->span_flags[id] |
	    HS_FLAG_SOM_LEFTMOST, HS_MODE_BLOCK, NULL, db, cerr);
	if (e != HS_SUCCESS)
		*db = NULL;
	return e;
}

/*
 * Helper thread: compiles every pattern's block database in turn, skipping
 * those the scanning thread has claimed. A failure is left for the
 * scanning thread to meet (and report) itself.
 */
static void *
span_ahead(void *arg)
{
	struct pc_matcher *m = arg;
	hs_compile_error_t *cerr;
	hs_database_t *db;
	size_t i;

	for (i = 0; i < m->npatterns; i++) {
		pthread_mutex_lock(&m->bg_lock);
		if (m->bg_stop) {
			pthread_mutex_unlock(&m->bg_lock);
			break;
		}
		if (m->span_state[i] != SPAN_NONE) {
			pthread_mutex_unlock(&m->bg_lock);
			continue;
		}
		m->span_state[i] = SPAN_BUSY;
		pthread_mutex_unlock(&m->bg_lock);
		if (span_build(m, (unsigned)i, &db, &cerr) != HS_SUCCESS)
			hs_free_compile_error(cerr);
		pthread_mutex_lock(&m->bg_lock);
		m->span_db[i] = db;
		m->span_state[i] = db != NULL ? SPAN_DONE : SPAN_NONE;
		pthread_cond_broadcast(&m->bg_cond);
		pthread_mutex_unlock(&m->bg_lock);
	}
	return NULL;
}

/*
 * Makes pattern id's block database (leftmost start of match) usable, the
 * first time one of its matches needs a start: the helper thread's copy if
 * it has one (waiting if it is being compiled), else compiled here. Most
 * patterns never match a given input, and compiling them all up front was
 * most of the start-up, so without the helper this is lazy.
 */
static int
span_compile(struct pc_matcher *m, unsigned id)
{
	hs_compile_error_t *cerr = NULL;
	hs_database_t *db = NULL;
	bool have = false;

	if (m->span_ready[id])
		return 0;
	if (m->bg_on) {
		pthread_mutex_lock(&m->bg_lock);
		while (m->span_state[id] == SPAN_BUSY)
			pthread_cond_wait(&m->bg_cond, &m->bg_lock);
		have = m->span_state[id] == SPAN_DONE;
		if (!have)
			m->span_state[id] = SPAN_BUSY;
		pthread_mutex_unlock(&m->bg_lock);
	}
	if (!have) {
		if (span_build(m, id, &db, &cerr) != HS_SUCCESS) {
			if (m->bg_on) {
				pthread_mutex_lock(&m->bg_lock);
				m->span_state[id] = SPAN_NONE;
				pthread_cond_broadcast(&m->bg_cond);
				pthread_mutex_unlock(&m->bg_lock);
			}
			return compile_error(m, id, cerr);
		}
		if (m->bg_on)
			pthread_mutex_lock(&m->bg_lock);
		m->span_db[id] = db;
		if (m->bg_on) {
			m->span_state[id] = SPAN_DONE;
			pthread_cond_broadcast(&m->bg_cond);
			pthread_mutex_unlock(&m->bg_lock);
		}
	}
	if (hs_alloc_scratch(m->span_db[id], &m->span_scratch) != HS_SUCCESS)
		return pc_error_set(PC_ENOMEM, "Hyperscan could not allocate "
					       "scratch memory.");
	m->span_ready[id] = true;
	return 0;
}

/*
 * Finds where the match of pattern id that ends at stream offset to
 * starts: the stream database reports ends only (start-of-match tracking
 * for every pattern makes the database too large), so the pattern is run
 * again in block mode with leftmost start over the bytes before to.
 * Returns 1 when found, 0 when no match ends there, or a negative error.
 */
static int
find_start(struct pc_matcher *m, unsigned id, uint64_t to, uint64_t *from)
{
	struct span_want w = { 0, 0, false };
	uint64_t a = to > m->span_width[id] ? to - m->span_width[id] : 0;
	int r;

	if ((r = span_compile(m, id)) != 0)
		return r;
	if (a < m->win_start)
		a = m->win_start;
	w.end = to - a;
	if (hs_scan(m->span_db[id], m->win + (a - m->win_start),
		(unsigned)(to - a), 0, m->span_scratch, on_span,
		&w) != HS_SUCCESS ||
	    !w.found)
		return 0;
	*from = a + w.best;
	return 1;
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
	uint64_t a, nl_in, ls, start = 0;
	const char *nlp;
	bool allowed;
	int r;

	(void)flags;
	m->stats.candidates++;
	if (to > m->win_start + m->win_len) {
		m->stats.dropped++;
		return 0;
	}
	r = find_start(m, id, to, &start);
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
	c.det = m->id_det[id];
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
		if (o->det != c.det || !overlaps(o, &c))
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
	count_to(m, to);
	nl_in = count_nl(m, from, to);
	c.line = m->base_line + m->lines - nl_in;
	c.para = m->para;
	nlp = memrchr(m->win, '\n', (size_t)(from - m->win_start));
	if (nlp != NULL)
		ls = orig_of(m, m->win_start + (uint64_t)(nlp - m->win) + 1);
	else
		ls = m->last_nl > 0 && m->last_nl <= m->win_start ? m->ls_orig
								    : 0;
	c.off = orig_of(m, from);
	c.len = orig_of(m, to) - c.off;
	c.col = c.off - ls + 1;
	if (m->exact)
		c.off += m->base_offset;
	if (det->ncontext > 0) {
		a = from > det->context_window ? from - det->context_window : 0;
		if (a < m->win_start)
			a = m->win_start;
		c.ctx_before = context_in(m, det, a, from);
	}
	if (m->npending == PC_MATCH_MAX_PENDING) {
		m->stats.dropped++;
		resolve(m, true); /* queue full: decide with what is here */
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
	if (m->nhits == m->side_n * (SIDE_STEP + 1)) {
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
		e = hs_scan_stream(m->stream, p, (unsigned)len, 0, m->scratch,
		    on_main, m);
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

	if (m->side_db == NULL)
		return hs_scan_stream(m->stream, p, (unsigned)len, 0,
		    m->scratch, on_match, m);
	while (len > 0 && e == HS_SUCCESS) {
		n = len < SIDE_STEP ? len : SIDE_STEP;
		e = scan_step(m, p, n, false);
		p += n;
		len -= n;
	}
	return e;
}

/* Length of the UTF-8 sequence led by byte c (1 for others). */
static size_t
seq_len(unsigned char c)
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
		delta = m->nedits > 0 ? m->edits[m->nedits - 1].delta :
		    m->base_delta;
	while (i < len) {
		if (s[i] < 0x80) {
			out[o++] = (char)s[i++];
			continue;
		}
		k = seq_len(s[i]);
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
pc_matcher_normalise(const char *in, size_t len, bool final, char *out,
    size_t *consumed)
{
	size_t o;

	*consumed = normalise_core(NULL, 0, in, len, final, out, &o);
	return o;
}

/*
 * Normalises raw bytes into the window at its end, recording an edit for
 * every change so offsets map back. Returns the raw bytes used.
 */
static size_t
normalise_into(struct pc_matcher *m, const char *in, size_t len, bool final,
    size_t *outlen)
{
	char *out = m->win + m->win_len;

	if (!any_high(in, len)) {
		memcpy(out, in, len);
		*outlen = len;
		return len;
	}
	return normalise_core(m, m->win_start + m->win_len, in, len, final,
	    out, outlen);
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
	count_to(m, new_start);
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
		used = normalise_into(m, p, piece, final, &outlen);
		if (used == 0)
			break; /* an incomplete sequence at the end: carry it */
		m->win_len += outlen;
		if (m->win_len > m->stats.window_high)
			m->stats.window_high = m->win_len;
		e = scan_both(m, m->win + m->win_len - outlen, outlen);
		if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED) {
			m->stop = pc_error_set(PC_EIO, "Pattern matching failed "
						       "in %s (Hyperscan error "
						       "%d).",
			    m->path, (int)e);
			break;
		}
		m->orig_pos += used;
		resolve(m, false);
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
		return pc_error_set(PC_EINVALID, "A text unit began before the "
						 "previous one ended.");
	free(m->path);
	free(m->message_id);
	free(m->member);
	m->path = dup_loc(loc->path != NULL ? loc->path : "");
	m->message_id = dup_loc(loc->message_id);
	m->member = dup_loc(loc->member);
	if (m->path == NULL || (loc->message_id && !m->message_id) ||
	    (loc->member && !m->member))
		return m->stop = pc_error_set(PC_ENOMEM, "Out of memory in the "
							 "matcher.");
	m->exact = loc->exact;
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
	m->open = true;
	m->stats.units++;
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
		return pc_error_set(PC_EINVALID, "Text arrived outside a unit.");
	m->stats.bytes += len;
	if (m->ncarry > 0 && len > 0) {
		need = seq_len((unsigned char)m->carry[0]);
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
	if (m->side_db != NULL && m->stop == 0) {
		e = scan_step(m, NULL, 0, true);
	} else {
		e = hs_reset_stream(m->stream, 0, m->scratch,
		    m->stop == 0 ? on_match : NULL, m);
		if (m->side_db != NULL &&
		    hs_reset_stream(m->side_stream, 0, m->scratch, NULL, m) !=
			HS_SUCCESS)
			e = HS_UNKNOWN_ERROR;
	}
	if (e != HS_SUCCESS && m->stop == 0)
		m->stop = pc_error_set(PC_EIO, "Pattern matching failed at the "
					       "end of %s.",
		    m->path);
	if (m->stop == 0) {
		resolve(m, true);
		flush_record(m);
	}
	m->npending = 0;
	m->nrecord = 0;
	return m->stop;
}

/*
 * The form of expr the stream database scans for, or NULL for expr itself.
 * The stream database only has to report every end of a match (a
 * superset is fine): find_start confirms each end with the pattern as
 * written. A leading "\\b[class]+" (or "[class]+") keeps Hyperscan
 * tracking a run through most words of ordinary text (the email pattern
 * alone cost 0.12 s per 100 MB); "[class]" ends wherever it could end, so
 * that is what the stream database gets.
 */
static char *
stream_form(const char *expr)
{
	const char *p = expr, *cls, *q;
	char *out;
	size_t n;

	if (strncmp(p, "\\b", 2) == 0)
		p += 2;
	if (*p != '[')
		return NULL;
	cls = p;
	q = p + 1;
	if (*q == '^')
		q++;
	if (*q == ']')
		q++; /* a leading ']' is a member */
	while (*q != '\0' && *q != ']') {
		if (*q == '\\' && q[1] != '\0')
			q++;
		else if (*q == '[')
			return NULL; /* [:name:] and the like: leave it alone */
		q++;
	}
	if (*q != ']' || q[1] != '+' || q[2] == '?' || q[2] == '+' ||
	    q[2] == '*' || q[2] == '{')
		return NULL;
	n = (size_t)(q + 1 - cls);
	if ((out = malloc(n + strlen(q + 2) + 1)) == NULL)
		return NULL;
	memcpy(out, cls, n);
	memcpy(out + n, q + 2, strlen(q + 2) + 1);
	return out;
}

/* Compiles n expressions into a stream database; errors name the detector. */
static int
compile_stream(const struct pc_matcher *m, const char **exprs,
    const unsigned *flags, const unsigned *ids, size_t n, hs_database_t **db)
{
	hs_compile_error_t *cerr = NULL;

	if (hs_compile_multi(exprs, flags, ids, (unsigned)n, HS_MODE_STREAM,
		NULL, db, &cerr) == HS_SUCCESS)
		return 0;
	*db = NULL;
	return compile_error(m,
	    cerr != NULL && cerr->expression >= 0 &&
		    (size_t)cerr->expression < n
		? ids[cerr->expression]
		: 0,
	    cerr);
}

/* The side database's compile, run on a second thread. */
struct side_job {
	const char *exprs[SIDE_MAX];
	unsigned flags[SIDE_MAX], ids[SIDE_MAX];
	size_t n;
	hs_database_t *db;
	hs_compile_error_t *cerr;
	hs_error_t rc;
};

/* Compiles the side database (thread body; errors are left in the job). */
static void *
compile_side(void *arg)
{
	struct side_job *sj = arg;

	sj->rc = hs_compile_multi(sj->exprs, sj->flags, sj->ids,
	    (unsigned)sj->n, HS_MODE_STREAM, NULL, &sj->db, &sj->cerr);
	if (sj->rc != HS_SUCCESS)
		sj->db = NULL;
	return NULL;
}

/*
 * Compiles the enabled detectors' patterns into the stream database(s);
 * each pattern's block database for starts is compiled on first use.
 */
static int
compile_db(struct pc_matcher *m)
{
	const struct pc_detectors *set = m->set;
	const char **exprs = NULL;
	char **forms = NULL;
	unsigned *flags = NULL, *ids = NULL;
	size_t i, j, k, n = 0, total = 0, side[SIDE_MAX], nside = 0;
	hs_compile_error_t *cerr = NULL;
	hs_expr_info_t *info = NULL;
	struct side_job sj = { 0 };
	pthread_t side_thread;
	bool threaded;
	int r = 0;

	for (i = 0; i < set->n; i++)
		if (set->items[i].enabled)
			total += set->items[i].npatterns;
	if (total == 0)
		return pc_error_set(PC_EUSAGE, "No detector is enabled, so there "
					       "is nothing to look for.");
	exprs = calloc(total, sizeof(*exprs));
	forms = calloc(total, sizeof(*forms));
	flags = calloc(total, sizeof(*flags));
	ids = calloc(total, sizeof(*ids));
	m->id_det = calloc(total, sizeof(*m->id_det));
	m->span_db = calloc(total, sizeof(*m->span_db));
	m->span_ready = calloc(total, sizeof(*m->span_ready));
	m->span_state = calloc(total, sizeof(*m->span_state));
	m->span_width = calloc(total, sizeof(*m->span_width));
	m->span_expr = calloc(total, sizeof(*m->span_expr));
	m->span_flags = calloc(total, sizeof(*m->span_flags));
	if (exprs == NULL || forms == NULL || flags == NULL || ids == NULL ||
	    m->id_det == NULL || m->span_db == NULL || m->span_width == NULL ||
	    m->span_ready == NULL || m->span_state == NULL ||
	    m->span_expr == NULL || m->span_flags == NULL) {
		r = pc_error_set(PC_ENOMEM, "Out of memory compiling detectors.");
		goto out;
	}
	for (i = 0; i < set->n; i++) {
		const struct pc_detector *d = &set->items[i];
		if (!d->enabled)
			continue;
		for (j = 0; j < d->npatterns; j++, n++) {
			exprs[n] = d->patterns[j];
			flags[n] = d->caseless ? HS_FLAG_CASELESS : 0;
			ids[n] = (unsigned)n;
			m->id_det[n] = i;
		}
	}
	m->npatterns = n;
	for (i = 0; i < n; i++) {
		/* the block databases for starts are compiled on first use */
		m->span_expr[i] = exprs[i];
		m->span_flags[i] = flags[i];
		if (hs_expression_info(exprs[i], flags[i], &info, &cerr) !=
		    HS_SUCCESS) {
			r = compile_error(m, i, cerr);
			goto out;
		}
		m->span_width[i] = info->max_width > PC_MATCH_MAX_LEN
		    ? PC_MATCH_MAX_LEN
		    : info->max_width;
		free(info);
		info = NULL;
		/* the stream database may scan a cheaper superset form */
		if ((forms[i] = stream_form(exprs[i])) != NULL)
			exprs[i] = forms[i];
	}
	/*
	 * The rewritten forms go into a side database of their own: the
	 * email one scans at ~20 GB/s alone but merged into the main
	 * database it made the whole scan twice as slow (measured).
	 */
	for (i = 0; i < n; i++)
		if (forms[i] != NULL && nside < SIDE_MAX && nside + 1 < n)
			side[nside++] = i;
	for (i = 0, j = 0, k = 0; i < n; i++) {
		if (k < nside && side[k] == i) {
			k++;
			continue;
		}
		exprs[j] = exprs[i];
		flags[j] = flags[i];
		ids[j++] = (unsigned)i;
	}
	for (k = 0; k < nside; k++) {
		sj.exprs[k] = forms[side[k]];
		sj.flags[k] = m->span_flags[side[k]];
		sj.ids[k] = (unsigned)side[k];
	}
	sj.n = nside;
	/*
	 * The two compiles take about as long as each other (~0.03 s), so
	 * the side one runs on a second thread (a thread is allowed by the
	 * sandbox's seccomp filter); inline if no thread can be started.
	 */
	threaded = nside > 0 &&
	    pthread_create(&side_thread, NULL, compile_side, &sj) == 0;
	if (nside > 0 && !threaded)
		compile_side(&sj);
	r = compile_stream(m, exprs, flags, ids, j, &m->db);
	if (threaded)
		pthread_join(side_thread, NULL);
	m->side_db = sj.db;
	if (r == 0 && nside > 0 && sj.rc != HS_SUCCESS)
		r = compile_error(m,
		    sj.cerr != NULL && sj.cerr->expression >= 0 &&
			    (size_t)sj.cerr->expression < nside
			? sj.ids[sj.cerr->expression]
			: 0,
		    sj.cerr);
	else if (sj.cerr != NULL)
		hs_free_compile_error(sj.cerr);
	if (r != 0)
		goto out;
	if (hs_alloc_scratch(m->db, &m->scratch) != HS_SUCCESS ||
	    hs_open_stream(m->db, 0, &m->stream) != HS_SUCCESS ||
	    (nside > 0 &&
		(hs_alloc_scratch(m->side_db, &m->scratch) != HS_SUCCESS ||
		    hs_open_stream(m->side_db, 0, &m->side_stream) !=
			HS_SUCCESS))) {
		r = pc_error_set(PC_ENOMEM, "Hyperscan could not allocate its "
					    "scratch or stream memory.");
		goto out;
	}
	m->side_n = nside;
	if (nside > 0 &&
	    (m->hits = calloc(nside * (SIDE_STEP + 1), sizeof(*m->hits))) ==
		NULL)
		r = pc_error_set(PC_ENOMEM, "Out of memory compiling detectors.");
out:
	for (i = 0; forms != NULL && i < total; i++)
		free(forms[i]);
	free(forms);
	free(exprs);
	free(flags);
	free(ids);
	return r;
}

/*
 * Starts the helper that compiles block databases ahead of need, on the
 * second core while this thread scans (~0.02 s per 100 MB of text). The
 * databases are the same either way; without a thread they are lazy.
 */
static void
start_ahead(struct pc_matcher *m)
{
	if (pthread_mutex_init(&m->bg_lock, NULL) != 0)
		return;
	if (pthread_cond_init(&m->bg_cond, NULL) != 0) {
		pthread_mutex_destroy(&m->bg_lock);
		return;
	}
	if (pthread_create(&m->bg, NULL, span_ahead, m) != 0) {
		pthread_cond_destroy(&m->bg_cond);
		pthread_mutex_destroy(&m->bg_lock);
		return;
	}
	m->bg_on = true;
}

/* Makes a matcher over the enabled detectors of set. */
int
pc_matcher_new(struct pc_matcher **out, const struct pc_detectors *set,
    const unsigned char *key, size_t keylen, pc_match_fn fn, void *arg)
{
	struct pc_matcher *m;
	int r;

	*out = NULL;
	if (key == NULL || keylen == 0 || keylen > 1024 || fn == NULL)
		return pc_error_set(PC_EUSAGE, "The matcher needs an HMAC key "
					       "of 1 to 1024 bytes and a "
					       "callback.");
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return pc_error_set(PC_ENOMEM, "Out of memory making a matcher.");
	m->set = set;
	m->fn = fn;
	m->arg = arg;
	m->keylen = keylen;
	m->key = malloc(keylen);
	m->win = malloc(WIN_CAP);
	m->edits = calloc(WIN_CAP + 1, sizeof(*m->edits));
	m->pending = calloc(PC_MATCH_MAX_PENDING, sizeof(*m->pending));
	m->record = calloc(PC_MATCH_RECORD_MAX, sizeof(*m->record));
	if (m->key == NULL || m->win == NULL || m->edits == NULL ||
	    m->pending == NULL || m->record == NULL) {
		pc_matcher_free(m);
		return pc_error_set(PC_ENOMEM, "Out of memory making a matcher.");
	}
	memcpy(m->key, key, keylen);
	if ((r = compile_db(m)) != 0) {
		pc_matcher_free(m);
		return r;
	}
	start_ahead(m);
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
	size_t i;

	if (m == NULL)
		return;
	if (m->bg_on) {
		pthread_mutex_lock(&m->bg_lock);
		m->bg_stop = true;
		pthread_mutex_unlock(&m->bg_lock);
		pthread_join(m->bg, NULL);
		pthread_cond_destroy(&m->bg_cond);
		pthread_mutex_destroy(&m->bg_lock);
	}
	if (m->stream != NULL)
		hs_close_stream(m->stream, NULL, NULL, NULL);
	if (m->side_stream != NULL)
		hs_close_stream(m->side_stream, NULL, NULL, NULL);
	hs_free_database(m->side_db);
	free(m->hits);
	hs_free_scratch(m->scratch);
	hs_free_scratch(m->span_scratch);
	hs_free_database(m->db);
	for (i = 0; m->span_db != NULL && i < m->npatterns; i++)
		hs_free_database(m->span_db[i]);
	free(m->span_db);
	free(m->span_ready);
	free(m->span_state);
	free(m->span_width);
	free(m->span_expr);
	free(m->span_flags);
	if (m->key != NULL)
		OPENSSL_cleanse(m->key, m->keylen);
	if (m->win != NULL)
		OPENSSL_cleanse(m->win, WIN_CAP);
	if (m->pending != NULL)
		OPENSSL_cleanse(m->pending,
		    PC_MATCH_MAX_PENDING * sizeof(*m->pending));
	if (m->record != NULL)
		OPENSSL_cleanse(m->record,
		    PC_MATCH_RECORD_MAX * sizeof(*m->record));
	free(m->key);
	free(m->win);
	free(m->edits);
	free(m->pending);
	free(m->record);
	free(m->id_det);
	free(m->path);
	free(m->message_id);
	free(m->member);
	free(m);
}
