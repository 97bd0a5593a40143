/* The matcher: one Hyperscan stream database per scan, fed as a text sink. */
#ifndef PC_CONTENT_MATCHER_H
#define PC_CONTENT_MATCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agent/lib/vocab.h"
#include "detectors.h"
#include "redact.h"
#include "text.h"

/* Caps that keep memory flat however large a unit is. */
#define PC_MATCH_PIECE        (64u << 10) /* bytes scanned per Hyperscan call */
#define PC_MATCH_HISTORY      (8u << 10)  /* bytes kept before the piece */
#define PC_MATCH_MAX_LEN      512         /* longer candidates are dropped */
#define PC_MATCH_MAX_PENDING  1024        /* candidates awaiting context */
#define PC_MATCH_RECORD_MAX   64          /* identifiers in one record */
#define PC_MATCH_RECORD_LINES 12          /* a paragraph record spans at most */
#define PC_MATCH_CONTAINS_MAX 256
#define PC_MATCH_LOCATOR_MAX  160 /* "row 14, column 'NI number'" */
#define PC_MATCH_MARKS        256 /* unit marks remembered (a ring) */

/* The aggregate rule id: several identifiers of one person together. */
#define PC_PERSONAL_RECORD "personal_record"

/*
 * One finding. offset and length are bytes in the original file when
 * exact is true (the bytes there are the identifier's), else bytes
 * within the decoded unit (mail part, zip member, CSV row as text): a
 * consumer shows those only as a "unit offset" and gives the locator.
 * line and column are 1-based; column counts bytes. The strings are
 * borrowed for the duration of the callback.
 *
 * A personal_record carries its identifiers in parts[0..nparts) (each a
 * whole finding of its own with the same record id, nparts 0) and the
 * count per kind in counts ("2 UK National Insurance numbers, 1 date of
 * birth"), so a consumer can list every identifier and still report the
 * record as one.
 */
struct pc_match {
	const char *detector; /* detector id, or PC_PERSONAL_RECORD */
	const char *title;
	enum pc_severity severity;
	const char *path;
	const char *message_id; /* or NULL */
	const char *member;     /* or NULL */
	bool exact;
	bool line_exact; /* line (not column) is the file's, though !exact */
	bool context;    /* a context word was near (detectors with context) */
	uint64_t line, column;
	uint64_t offset, length;
	char preview[PC_REDACT_PREVIEW_MAX];  /* masked, never raw */
	char hmac[PC_REDACT_HMAC_HEX];        /* of the normalised value */
	char contains[PC_MATCH_CONTAINS_MAX]; /* personal_record: "a+b+c" */
	char locator[PC_MATCH_LOCATOR_MAX];   /* "row 3, column 'NI'", or "" */
	uint64_t record; /* nonzero: the record (and its parts) share it */
	const struct pc_match *parts; /* personal_record: its identifiers */
	size_t nparts;
	char counts[PC_MATCH_CONTAINS_MAX]; /* personal_record: per kind */
};

/* Receives findings; a nonzero return stops the producer with it. */
typedef int (*pc_match_fn)(void *arg, const struct pc_match *m);

struct pc_matcher_stats {
	uint64_t units;
	uint64_t bytes;      /* bytes handed to the sink */
	uint64_t candidates; /* pattern matches seen */
	uint64_t rejected;   /* refused by a validator or an allow list */
	uint64_t findings;   /* reported through the callback */
	uint64_t dropped;    /* candidates lost to a cap (too long, queue) */
	/*
	 * High-water marks of the buffers that hold unit data, beside their
	 * fixed capacities: memory is bounded by construction, whatever the
	 * input's size or shape (tests assert high <= cap).
	 */
	size_t window_high, window_cap;   /* normalised bytes kept */
	size_t edits_high, edits_cap;     /* offset-map entries */
	size_t pending_high, pending_cap; /* candidates awaiting context */
};

struct pc_matcher;

/*
 * Compiles the enabled detectors of set into one Hyperscan stream-mode
 * database (start of match leftmost) and makes a matcher that reports to
 * fn(arg). key (keylen bytes, copied and wiped on free) keys the HMAC of
 * each value. set must outlive the matcher. Caller frees with
 * pc_matcher_free().
 */
int pc_matcher_new(struct pc_matcher **out, const struct pc_detectors *set,
    const unsigned char *key, size_t keylen, pc_match_fn fn, void *arg);

/*
 * As pc_matcher_new, but with no helper thread compiling every pattern's
 * start-of-match database ahead of need: each is compiled by the first
 * matcher that needs one (the others wait for it). For callers whose own
 * threads keep every core busy (the content scan's workers), where the
 * helper only took CPU from them and compiled patterns that never
 * matched (22 of 29 on office text: ~0.06 s of CPU per run).
 */
int pc_matcher_new_lazy(struct pc_matcher **out, const struct pc_detectors *set,
    const unsigned char *key, size_t keylen, pc_match_fn fn, void *arg);

/*
 * Makes a matcher over like's detectors that shares like's compiled
 * databases (read-only, so matchers on other threads may share them; each
 * has its own scratch and streams): no second compile. key, fn and arg
 * as for pc_matcher_new. like may be freed before it.
 */
int pc_matcher_new_shared(struct pc_matcher **out,
    const struct pc_matcher *like, const unsigned char *key, size_t keylen,
    pc_match_fn fn, void *arg);

/*
 * The next unit (only) is one chunk of a bigger exact unit, fed with
 * bytes before and after it (chunk.c): only matches whose end lies in
 * file offsets [lo, hi) are reported. They see the same bytes, context
 * words and overlapping matches around them as in one whole read, and
 * cut at a paragraph start their records are the same too.
 */
void pc_matcher_set_range(struct pc_matcher *m, uint64_t lo, uint64_t hi);

/* The text sink that feeds this matcher (valid until pc_matcher_free). */
void pc_matcher_sink(struct pc_matcher *m, struct pc_text_sink *sink_out);

/* Counters so far. */
void pc_matcher_stats(const struct pc_matcher *m, struct pc_matcher_stats *out);

/*
 * Normalises one piece of UTF-8 for matching (exposed for tests): full-
 * width ASCII to ASCII, Unicode spaces to a space, dashes to '-', zero-
 * width characters and soft hyphens removed. Writes at most len bytes to
 * out and returns the count; *consumed is the input used (an incomplete
 * sequence at the end is left for the next call unless final).
 */
size_t pc_matcher_normalise(
    const char *in, size_t len, bool final, char *out, size_t *consumed);

void pc_matcher_free(struct pc_matcher *m);

#endif
