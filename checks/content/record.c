/* Context words and records: resolved candidates -> findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "matcher_int.h"

/* True for a byte that can be part of a word (for whole-word context). */
static bool
word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c >= 0x80;
}

/* True when a context word of det occurs whole in win[a..b). */
bool
pc_matcher_context_in(const struct pc_matcher *m, const struct pc_detector *det,
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
	m->stats.findings++;
	if ((r = m->fn(m->arg, out)) != 0)
		m->stop = r;
}

/* Fills the unit's strings and c's position and locator into out. */
static void
place(const struct pc_matcher *m, const struct cand *c, struct pc_match *out)
{
	const char *u = m->unit_locator;

	out->path = m->path;
	out->message_id = m->message_id;
	out->member = m->member;
	out->exact = c->exact;
	out->line_exact = c->exact || m->lines_exact;
	out->line = c->line;
	out->column = c->col;
	out->offset = c->off;
	out->length = c->len;
	if (u != NULL && u[0] != '\0' && c->locator[0] != '\0')
		snprintf(out->locator, sizeof(out->locator), "%s, %s", u,
		    c->locator);
	else
		snprintf(out->locator, sizeof(out->locator), "%s",
		    u != NULL && u[0] != '\0' ? u : c->locator);
}

/* Describes one identifier as a finding of its own (0, or an error). */
static int
single_of(
    const struct pc_matcher *m, const struct cand *c, struct pc_match *out)
{
	const struct pc_detector *det = &m->set->items[c->det];

	memset(out, 0, sizeof(*out));
	out->detector = det->id;
	out->title = det->title;
	out->severity = c->ctx ? det->severity : det->severity_without;
	out->context = c->ctx && det->ncontext > 0;
	place(m, c, out);
	pc_redact_preview(out->preview, sizeof(out->preview), det->mask,
	    c->val.norm, c->val.len);
	if (pc_redact_hmac(
		out->hmac, m->key, m->keylen, c->val.norm, c->val.len) != 0)
		return PC_ECRYPTO;
	return 0;
}

/* Reports one identifier on its own. */
static void
emit_single(struct pc_matcher *m, const struct cand *c)
{
	struct pc_match out;

	if (single_of(m, c, &out) != 0) {
		m->stop = PC_ECRYPTO;
		return;
	}
	emit(m, &out);
}

/*
 * A detector's title in the plural and, unless it starts with an
 * acronym, in lower case ("dates of birth", "UK postcodes").
 */
static void
plural_title(char *out, size_t n, const char *title, size_t count)
{
	const char *of = strstr(title, " of ");
	size_t len = strlen(title), head = of ? (size_t)(of - title) : len;
	const char *suffix = count == 1          ? ""
	    : head > 0 && title[head - 1] == 's' ? "es"
						 : "s";

	snprintf(out, n, "%.*s%s%s", (int)head, title, suffix, title + head);
	if (out[0] >= 'A' && out[0] <= 'Z' && out[1] >= 'a' && out[1] <= 'z')
		out[0] = (char)(out[0] + 32);
}

/* Writes "2 UK National Insurance numbers, 1 date of birth" into out. */
static void
count_kinds(const struct pc_matcher *m, const size_t *idx, size_t n, char *out,
    size_t outsz)
{
	size_t i, j, k, used = 0;
	char name[128];

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t det = m->record[idx[i]].det;
		bool seen = false;
		for (j = 0; j < i; j++)
			if (m->record[idx[j]].det == det)
				seen = true;
		if (seen)
			continue;
		for (j = i, k = 0; j < n; j++)
			if (m->record[idx[j]].det == det)
				k++;
		plural_title(name, sizeof(name), m->set->items[det].title, k);
		if (used < outsz)
			used += (size_t)snprintf(out + used, outsz - used,
			    "%s%zu %s", used ? ", " : "", k, name);
	}
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
	out.record = ++m->records;
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
		if (single_of(m, c, &m->parts[i]) != 0) {
			m->stop = PC_ECRYPTO;
			return;
		}
		m->parts[i].record = out.record;
	}
	out.severity = sev;
	out.context = true;
	place(m, first, &out);
	/* the span of the record: exact only when every part is */
	for (i = 0; i < n; i++)
		if (!m->parts[i].exact)
			out.exact = false;
	out.length = out.exact ? end - first->off : 0;
	if (!out.exact)
		out.offset = first->uoff;
	out.parts = m->parts;
	out.nparts = n;
	count_kinds(m, idx, n, out.counts, sizeof(out.counts));
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
distinct_kinds(
    const struct pc_matcher *m, const size_t *idx, size_t n, size_t *strong_out)
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
void
pc_matcher_flush_record(struct pc_matcher *m)
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
	for (i = 0; i < m->nrecord; i++) {
		if (used[i])
			continue;
		if (m->record[i].lone) {
			m->stats.rejected++; /* no context word, alone */
			continue;
		}
		left[nleft++] = i;
	}
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

/* Adds a resolved identifier to the current record (or reports a secret). */
static void
add_resolved(struct pc_matcher *m, const struct cand *c)
{
	const struct pc_detector *det = &m->set->items[c->det];
	size_t i;

	if (det->kind == PC_DET_SECRET) {
		/* an earlier paragraph's identifiers go first: findings in
		 * the order of their paragraphs (a file read in chunks
		 * reports the same) */
		if (m->nrecord > 0 && m->record[0].para != c->para)
			pc_matcher_flush_record(m);
		emit_single(m, c);
		return;
	}
	if (m->nrecord > 0) {
		const struct cand *f = &m->record[0];
		if (f->para != c->para ||
		    c->line - f->line >= PC_MATCH_RECORD_LINES * 4)
			pc_matcher_flush_record(m);
	}
	for (i = m->nrecord; i-- > 0 && i + 8 >= m->nrecord;) {
		struct cand *o = &m->record[i];
		if (!pc_matcher_overlaps(o, c))
			continue;
		/* one span, one finding: keep the longer, then the stronger */
		if (c->e - c->s > o->e - o->s ||
		    (c->e - c->s == o->e - o->s &&
			det->severity > m->set->items[o->det].severity))
			*o = *c;
		return;
	}
	if (m->nrecord == PC_MATCH_RECORD_MAX)
		pc_matcher_flush_record(m);
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
void
pc_matcher_resolve(struct pc_matcher *m, bool final)
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
		if (m->ranged &&
		    (c->rend < m->range_lo || c->rend >= m->range_hi))
			continue; /* another chunk's (matcher.h) */
		c->ctx = det->ncontext == 0 || c->ctx_before;
		if (!c->ctx) {
			b = c->e + det->context_window;
			if (b > now)
				b = now;
			a = c->e;
			c->ctx = a >= m->win_start &&
			    pc_matcher_context_in(m, det, a, b);
		}
		if (!c->ctx && det->context_required) {
			if (!det->context_or_line) {
				m->stats.rejected++;
				continue;
			}
			/* kept only if its line makes a record (below) */
			c->lone = true;
			c->ctx = true;
		}
		add_resolved(m, c);
	}
	m->npending = kept;
}
