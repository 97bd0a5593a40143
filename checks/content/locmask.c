/* Masks personal data in locators: file names, Message-IDs, URLs, keys. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/check.h"
#include "agent/lib/err.h"
#include "locmask.h"
#include "matcher.h"

#define SPANS_MAX 64

/* One value found in the locator: bytes [from, to) and its mask. */
struct span {
	size_t from, to;
	char preview[PC_REDACT_PREVIEW_MAX];
};

struct pc_locmask {
	struct pc_detectors *set;
	struct pc_matcher *matcher;
	struct pc_text_sink sink;
	pthread_mutex_t lock;
	/* the spans of the locator being matched (lock held) */
	struct span spans[SPANS_MAX];
	size_t nspans;
	size_t len;
	bool overflow;
};

/* Keeps one match's span (and, for a record, each identifier's). */
static void
keep_span(struct pc_locmask *lm, const struct pc_match *m)
{
	struct span *s;

	if (m->length == 0 || m->offset >= lm->len)
		return;
	if (lm->nspans == SPANS_MAX) {
		lm->overflow = true;
		return;
	}
	s = &lm->spans[lm->nspans++];
	s->from = (size_t)m->offset;
	s->to = m->offset + m->length > lm->len
	    ? lm->len
	    : (size_t)(m->offset + m->length);
	snprintf(s->preview, sizeof(s->preview), "%s",
	    m->preview[0] ? m->preview : "***");
}

/* Matcher callback: every value found, and a record's identifiers. */
static int
on_match(void *arg, const struct pc_match *m)
{
	struct pc_locmask *lm = arg;
	size_t i;

	if (m->nparts == 0)
		keep_span(lm, m);
	for (i = 0; i < m->nparts; i++)
		keep_span(lm, &m->parts[i]);
	return 0;
}

/* The severity a detector's findings get: its exposure rule's, else its
 * own (the higher of with and without context). */
static enum pc_severity
rated(const struct pc_policy *p, const struct pc_detector *d)
{
	const struct pc_policy_check *pc =
	    p ? pc_policy_find_check(p, "exposure") : NULL;
	const struct pc_rule *r = pc ? pc_policy_find_rule(pc, d->id) : NULL;

	if (r != NULL)
		return r->severity;
	return d->severity > d->severity_without ? d->severity
						 : d->severity_without;
}

/* Makes a masker over the policy's detectors rated above info. */
int
pc_locmask_new(struct pc_locmask **out, const struct pc_policy *policy)
{
	static const unsigned char unused_key[32] = { 0 };
	struct pc_locmask *lm;
	char *dir = NULL;
	size_t i;
	int r;

	*out = NULL;
	if ((lm = calloc(1, sizeof(*lm))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if (pthread_mutex_init(&lm->lock, NULL) != 0) {
		free(lm);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	/* no policy (a check run by a unit test): the shipped detectors */
	dir = policy ? pc_policy_path_of(policy, "detectors")
		     : strdup(pc_detectors_default_dir());
	if (dir == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_detectors_load_dir(&lm->set, dir)) != 0)
		goto out;
	for (i = 0; i < lm->set->n; i++)
		lm->set->items[i].enabled = lm->set->items[i].enabled &&
		    rated(policy, &lm->set->items[i]) > PC_SEV_INFO;
	/* The hashes the matcher computes are not used: previews only. */
	if ((r = pc_matcher_new(&lm->matcher, lm->set, unused_key,
		 sizeof(unused_key), on_match, lm)) != 0)
		goto out;
	pc_matcher_sink(lm->matcher, &lm->sink);
	*out = lm;
	lm = NULL;
out:
	free(dir);
	pc_locmask_free(lm);
	return r;
}

/* Orders spans by start. */
static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

/* Appends n bytes of s to out at *at, within cap (NUL kept). */
static void
put(char *out, size_t cap, size_t *at, const char *s, size_t n)
{
	if (*at + 1 >= cap)
		return;
	if (n > cap - 1 - *at) {
		n = cap - 1 - *at;
		/* never cut inside a UTF-8 sequence */
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(out + *at, s, n);
	*at += n;
	out[*at] = '\0';
}

/* Writes in with the spans found replaced by their masks. */
static void
rewrite(struct pc_locmask *lm, const char *in, char *out, size_t cap)
{
	size_t i, at = 0, from = 0;

	out[0] = '\0';
	qsort(lm->spans, lm->nspans, sizeof(lm->spans[0]), span_cmp);
	for (i = 0; i < lm->nspans; i++) {
		struct span *s = &lm->spans[i];

		if (s->to <= from)
			continue; /* inside one already masked */
		if (s->from > from)
			put(out, cap, &at, in + from, s->from - from);
		put(out, cap, &at, s->preview, strlen(s->preview));
		from = s->to;
	}
	put(out, cap, &at, in + from, lm->len - from);
}

/* Masks the values found in one locator. */
int
pc_locmask_apply(
    struct pc_locmask *lm, const char *in, char *out, size_t cap, bool *changed)
{
	struct pc_text_loc loc = { .path = "", .exact = true, .base_line = 1 };
	int r;

	if (changed)
		*changed = false;
	if (cap == 0)
		return pc_error_set(PC_EUSAGE, "no room for a masked locator");
	pthread_mutex_lock(&lm->lock);
	lm->nspans = 0;
	lm->overflow = false;
	lm->len = strlen(in);
	if ((r = lm->sink.begin(lm->sink.arg, &loc)) == 0 &&
	    (r = lm->sink.data(lm->sink.arg, in, lm->len)) == 0)
		r = lm->sink.end(lm->sink.arg);
	else
		(void)lm->sink.end(lm->sink.arg);
	if (r == 0 && lm->overflow)
		r = pc_error_set(PC_ELIMIT,
		    "a locator holds more than %d personal values; it was not reported",
		    SPANS_MAX);
	if (r == 0) {
		rewrite(lm, in, out, cap);
		if (changed)
			*changed = lm->nspans > 0;
	} else {
		out[0] = '\0';
	}
	pthread_mutex_unlock(&lm->lock);
	return r;
}

/* Frees a masker. */
void
pc_locmask_free(struct pc_locmask *lm)
{
	if (lm == NULL)
		return;
	pc_matcher_free(lm->matcher);
	pc_detectors_free(lm->set);
	pthread_mutex_destroy(&lm->lock);
	free(lm);
}

/* The hook's constructor: a masker as an opaque pointer. */
static int
hook_make(void **out, const struct pc_policy *policy)
{
	struct pc_locmask *lm = NULL;
	int r = pc_locmask_new(&lm, policy);

	*out = lm;
	return r;
}

/* The hook's mask call. */
static int
hook_apply(void *lm, const char *in, char *out, size_t cap, bool *changed)
{
	return pc_locmask_apply(lm, in, out, cap, changed);
}

/* The hook's free. */
static void
hook_free(void *lm)
{
	pc_locmask_free(lm);
}

/* The hook the child's emit calls (agent/check.h): the content pipeline
 * provides it, the core only holds the pointer. */
const struct pc_locator_masker pc_locator_masker = { hook_make, hook_apply,
	hook_free };
