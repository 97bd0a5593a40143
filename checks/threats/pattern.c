/*
 * harassment_pattern: the abusive messages of a scan grouped by sender
 * (its keyed hash) and by near-identical text (MinHash bands, each
 * candidate pair checked on the whole signature), then a sliding window
 * of window_days over each group's dates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "date.h"
#include "pattern.h"

#define PAT_ROWS        2 /* MinHash values per band */
#define PAT_BANDS       (PC_THREATS_SIG_K / PAT_ROWS) /* candidate keys */
#define PAT_AGREE       10 /* of 16: near-identical */
#define PAT_SUBJECT_MAX 300

struct rec {
	char *sender_key, *shown, *subject;
	int64_t when;
	int has_sig;
	uint64_t sig[PC_THREATS_SIG_K];
};

struct pc_threats_tracker {
	long threshold, window_days;
	struct rec *recs;
	size_t n, cap, dropped;
	size_t *parent; /* union-find over recs, for texts */
};

/* A band's key for candidate pairs. */
struct band {
	uint64_t value;
	size_t band, rec;
};

/* A new tracker. */
int
pc_threats_pattern_new(
    struct pc_threats_tracker **out, long threshold, long window_days)
{
	struct pc_threats_tracker *p;

	*out = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	p->threshold = threshold > 0 ? threshold : 3;
	p->window_days = window_days > 0 ? window_days : 30;
	*out = p;
	return 0;
}

/* Remembers one abusive message. */
int
pc_threats_pattern_add(
    struct pc_threats_tracker *p, const struct pc_threats_pattern_msg *m)
{
	struct rec *r, *grown;
	size_t cap;

	if (p->n >= PC_THREATS_PATTERN_CAP) {
		p->dropped++;
		return 0;
	}
	if (p->n == p->cap) {
		cap = p->cap ? p->cap * 2 : 64;
		if ((grown = realloc(p->recs, cap * sizeof(*grown))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		p->recs = grown;
		p->cap = cap;
	}
	r = &p->recs[p->n];
	memset(r, 0, sizeof(*r));
	r->when = m->when;
	r->sender_key = m->sender_key ? strdup(m->sender_key) : NULL;
	r->shown = m->sender_shown
	    ? strndup(m->sender_shown, PC_THREATS_PATTERN_SHOWN)
	    : NULL;
	r->subject = strndup(m->subject ? m->subject : "", PAT_SUBJECT_MAX);
	if ((m->sender_key && !r->sender_key) ||
	    (m->sender_shown && !r->shown) || !r->subject) {
		free(r->sender_key);
		free(r->shown);
		free(r->subject);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	r->has_sig =
	    m->text ? pc_threats_text_signature(r->sig, m->text, m->len) : 0;
	p->n++;
	return 0;
}

/* Messages not remembered (past the cap). */
size_t
pc_threats_pattern_dropped(const struct pc_threats_tracker *p)
{
	return p->dropped;
}

/* Dates in order, undated last. */
static int
cmp_when(int64_t a, int64_t b)
{
	if (a == b)
		return 0;
	if (a == PC_THREATS_NO_DATE)
		return 1;
	if (b == PC_THREATS_NO_DATE)
		return -1;
	return a < b ? -1 : 1;
}

static struct pc_threats_tracker *sort_p; /* qsort has no argument */

/* By sender key, then date. */
static int
cmp_sender(const void *a, const void *b)
{
	const struct rec *x = &sort_p->recs[*(const size_t *)a];
	const struct rec *y = &sort_p->recs[*(const size_t *)b];
	int c = strcmp(x->sender_key, y->sender_key);

	return c ? c : cmp_when(x->when, y->when);
}

/* The union-find root of i. */
static size_t
root_of(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* By text group, then date. */
static int
cmp_group(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	size_t ri = root_of(sort_p->parent, i), rj = root_of(sort_p->parent, j);

	if (ri != rj)
		return ri < rj ? -1 : 1;
	return cmp_when(sort_p->recs[i].when, sort_p->recs[j].when);
}

/* By band, then value. */
static int
cmp_band(const void *a, const void *b)
{
	const struct band *x = a, *y = b;

	if (x->band != y->band)
		return x->band < y->band ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

/* Distinct senders among idx[0..n) (no sender: each its own). */
static size_t
count_senders(const struct pc_threats_tracker *p, const size_t *idx, size_t n)
{
	size_t i, j, count = 0;

	for (i = 0; i < n; i++) {
		const char *k = p->recs[idx[i]].sender_key;

		for (j = 0; k != NULL && j < i; j++)
			if (p->recs[idx[j]].sender_key &&
			    strcmp(p->recs[idx[j]].sender_key, k) == 0)
				break;
		count += k == NULL || j == i;
		if (count >= 64) /* "many" is enough */
			break;
	}
	return count;
}

/*
 * The widest window of one group idx[0..n) (sorted by date, undated
 * last): reports it when it holds threshold messages (and, for a text,
 * two senders or more).
 */
static int
judge_group(struct pc_threats_tracker *p, const size_t *idx, size_t n,
    int by_text, const char *key, pc_threats_pattern_fn fn, void *arg)
{
	const char **subjects = NULL;
	size_t dated = 0, i = 0, j, best_i = 0, best_n = 0, k, m;
	int64_t span = (int64_t)p->window_days * 86400;
	struct pc_threats_pattern_hit h = { .by_text = by_text,
		.group_key = key };
	size_t *win = NULL;
	int r = 0;

	if (n < (size_t)p->threshold)
		return 0;
	while (dated < n && p->recs[idx[dated]].when != PC_THREATS_NO_DATE)
		dated++;
	for (j = 0; j < dated; j++) {
		while (p->recs[idx[j]].when - p->recs[idx[i]].when > span)
			i++;
		if (j - i + 1 > best_n) {
			best_n = j - i + 1;
			best_i = i;
		}
	}
	m = best_n + (n - dated);
	if (m < (size_t)p->threshold)
		return 0;
	if ((win = malloc(m * sizeof(*win))) == NULL ||
	    (subjects = malloc(m * sizeof(*subjects))) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (k = 0; k < best_n; k++)
		win[k] = idx[best_i + k];
	for (k = dated; k < n; k++)
		win[best_n + k - dated] = idx[k];
	for (k = 0; k < m; k++)
		subjects[k] = p->recs[win[k]].subject;
	h.nsenders = count_senders(p, win, m);
	if (by_text && h.nsenders < 2)
		goto out; /* one sender: its own group reports it */
	h.shown = by_text ? NULL : p->recs[win[0]].shown;
	h.n = m;
	h.subjects = subjects;
	h.undated = n - dated;
	h.first = best_n ? p->recs[win[0]].when : PC_THREATS_NO_DATE;
	h.last = best_n ? p->recs[win[best_n - 1]].when : PC_THREATS_NO_DATE;
	r = fn(arg, &h);
out:
	free(win);
	free(subjects);
	return r;
}

/* Each sender's messages. */
static int
by_sender(struct pc_threats_tracker *p, size_t *idx, pc_threats_pattern_fn fn,
    void *arg)
{
	size_t i, j, n = 0;
	int r = 0;

	for (i = 0; i < p->n; i++)
		if (p->recs[i].sender_key != NULL)
			idx[n++] = i;
	sort_p = p;
	qsort(idx, n, sizeof(*idx), cmp_sender);
	for (i = 0; i < n && r == 0; i = j) {
		for (j = i + 1; j < n &&
		     strcmp(p->recs[idx[j]].sender_key,
			 p->recs[idx[i]].sender_key) == 0;
		     j++)
			;
		r = judge_group(
		    p, idx + i, j - i, 0, p->recs[idx[i]].sender_key, fn, arg);
	}
	return r;
}

/* Joins near-identical texts: a shared band, then most values agree. */
static int
join_texts(struct pc_threats_tracker *p)
{
	struct band *b;
	size_t i, j, k, n = 0;

	if ((b = malloc(p->n * PAT_BANDS * sizeof(*b) + 1)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < p->n; i++) {
		p->parent[i] = i;
		for (k = 0; p->recs[i].has_sig && k < PAT_BANDS; k++)
			b[n++] = (struct band){ .band = k,
				.rec = i,
				.value = p->recs[i].sig[k * PAT_ROWS] ^
				    (p->recs[i].sig[k * PAT_ROWS + 1] * 31) };
	}
	qsort(b, n, sizeof(*b), cmp_band);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && b[j].band == b[i].band &&
		     b[j].value == b[i].value;
		     j++)
			if (pc_threats_signature_agree(p->recs[b[i].rec].sig,
				p->recs[b[j].rec].sig) >= PAT_AGREE)
				p->parent[root_of(p->parent, b[j].rec)] =
				    root_of(p->parent, b[i].rec);
	}
	free(b);
	return 0;
}

/* Each near-identical text's messages. */
static int
by_text(struct pc_threats_tracker *p, size_t *idx, pc_threats_pattern_fn fn,
    void *arg)
{
	size_t i, j, k, n = 0, root;
	uint64_t low;
	char key[40];
	int r;

	if ((r = join_texts(p)) != 0)
		return r;
	for (i = 0; i < p->n; i++)
		if (p->recs[i].has_sig)
			idx[n++] = i;
	sort_p = p;
	qsort(idx, n, sizeof(*idx), cmp_group);
	for (i = 0; i < n && r == 0; i = j) {
		root = root_of(p->parent, idx[i]);
		for (j = i + 1; j < n && root_of(p->parent, idx[j]) == root;
		     j++)
			;
		/* the group's name: the lowest first value of its members */
		for (low = UINT64_MAX, k = i; k < j; k++)
			if (p->recs[idx[k]].sig[0] < low)
				low = p->recs[idx[k]].sig[0];
		snprintf(key, sizeof(key), "%016llx", (unsigned long long)low);
		r = judge_group(p, idx + i, j - i, 1, key, fn, arg);
	}
	return r;
}

/* Reports every pattern (pattern.h). */
int
pc_threats_pattern_finish(
    struct pc_threats_tracker *p, pc_threats_pattern_fn fn, void *arg)
{
	size_t *idx = NULL;
	int r;

	if (p->n == 0)
		return 0;
	if ((idx = malloc(p->n * sizeof(*idx))) == NULL ||
	    (p->parent = malloc(p->n * sizeof(*p->parent))) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = by_sender(p, idx, fn, arg)) == 0)
		r = by_text(p, idx, fn, arg);
out:
	free(idx);
	free(p->parent);
	p->parent = NULL;
	return r;
}

/* Frees the tracker. */
void
pc_threats_pattern_free(struct pc_threats_tracker *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->recs[i].sender_key);
		free(p->recs[i].shown);
		free(p->recs[i].subject);
	}
	free(p->recs);
	free(p->parent);
	free(p);
}
