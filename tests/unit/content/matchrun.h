/* Test helper: runs text through the detectors' matcher, keeps findings. */
#ifndef PC_TEST_CONTENT_MATCHRUN_H
#define PC_TEST_CONTENT_MATCHRUN_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/content/detectors.h"
#include "checks/content/matcher.h"

#define MR_MAX 256
#define MR_UNUSED __attribute__((unused))

/* Findings seen (copied: the callback's strings are borrowed). */
struct mr {
	struct pc_detectors *set;
	struct pc_matcher *m;
	struct pc_text_sink sink;
	size_t n;
	char det[MR_MAX][64], preview[MR_MAX][PC_REDACT_PREVIEW_MAX];
	char contains[MR_MAX][PC_MATCH_CONTAINS_MAX], hmac[MR_MAX][65];
	char path[MR_MAX][256];
	enum pc_severity sev[MR_MAX];
	unsigned long long line[MR_MAX], col[MR_MAX], off[MR_MAX], len[MR_MAX];
};

/* Keeps one finding. */
MR_UNUSED static int
mr_on(void *arg, const struct pc_match *f)
{
	struct mr *r = arg;

	if (r->n >= MR_MAX)
		return 0;
	snprintf(r->det[r->n], 64, "%s", f->detector);
	snprintf(r->preview[r->n], sizeof(r->preview[0]), "%s", f->preview);
	snprintf(r->contains[r->n], sizeof(r->contains[0]), "%s", f->contains);
	snprintf(r->hmac[r->n], 65, "%s", f->hmac);
	snprintf(r->path[r->n], 256, "%s", f->path);
	r->sev[r->n] = f->severity;
	r->line[r->n] = f->line;
	r->col[r->n] = f->column;
	r->off[r->n] = f->offset;
	r->len[r->n] = f->length;
	r->n++;
	return 0;
}

/* Loads the shipped detectors (all enabled) and makes a matcher. */
MR_UNUSED static struct mr *
mr_new(void)
{
	static const unsigned char key[] = "test-office-hmac-key";
	struct mr *r = calloc(1, sizeof(*r));

	cr_assert_not_null(r);
	cr_assert_eq(pc_detectors_load_dir(&r->set,
			 PC_SOURCE_DIR "/policies/detectors"),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_matcher_new(&r->m, r->set, key, sizeof(key) - 1,
			 mr_on, r),
	    0, "%s", pc_error_get());
	pc_matcher_sink(r->m, &r->sink);
	return r;
}

/* Feeds text as one exact unit in chunks of chunk bytes (0: one call). */
MR_UNUSED static void
mr_feed(struct mr *r, const char *text, size_t len, size_t chunk)
{
	struct pc_text_loc loc = { .path = "mem.txt", .exact = true,
		.base_line = 1 };
	size_t i, k;

	r->n = 0;
	cr_assert_eq(r->sink.begin(r->sink.arg, &loc), 0);
	if (chunk == 0)
		chunk = len > 0 ? len : 1;
	for (i = 0; i < len; i += k) {
		k = len - i < chunk ? len - i : chunk;
		cr_assert_eq(r->sink.data(r->sink.arg, text + i, k), 0);
	}
	cr_assert_eq(r->sink.end(r->sink.arg), 0);
}

/* Index of the first finding of detector id, or -1. */
MR_UNUSED static int
mr_find(const struct mr *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->det[i], id) == 0)
			return (int)i;
	return -1;
}

/* Frees the helper. */
MR_UNUSED static void
mr_free(struct mr *r)
{
	pc_matcher_free(r->m);
	pc_detectors_free(r->set);
	free(r);
}

#endif
