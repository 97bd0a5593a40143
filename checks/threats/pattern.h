/* harassment_pattern: one sender, or one text from many senders,
 * contacting the office abusively again and again within a window. */
#ifndef PC_THREATS_PATTERN_H
#define PC_THREATS_PATTERN_H

#include <stddef.h>
#include <stdint.h>

#define PC_THREATS_SIG_K         16    /* MinHash values of a text */
#define PC_THREATS_PATTERN_CAP   50000 /* abusive messages remembered */
#define PC_THREATS_PATTERN_SHOWN 64    /* bytes of a shown sender */

/* One abusive message (flagged abuse, threat, threat_to_life or
 * doxxing). Borrowed for the call. */
struct pc_threats_pattern_msg {
	const char *sender_key;   /* keyed hash of the normalised sender, or
				   NULL when the message has none */
	const char *sender_shown; /* masked, or NULL */
	const char *subject;      /* "<source>: <Message-ID or row>" */
	const char *text;         /* what its sender wrote (quotes split off) */
	size_t len;
	int64_t when; /* date.h; PC_THREATS_NO_DATE when unknown */
};

/* One pattern found. Borrowed for the call. */
struct pc_threats_pattern_hit {
	int by_text;           /* 0: one sender; 1: one text, many senders */
	const char *group_key; /* sender key, or the text's hex signature */
	const char *shown;     /* the masked sender (by sender), or NULL */
	size_t nsenders;       /* distinct senders in the window */
	size_t n;              /* messages in the window */
	const char *const *subjects; /* n, oldest first (undated last) */
	int64_t first, last;         /* dates of the window (NO_DATE if none) */
	size_t undated;              /* of n, messages without a date */
};

typedef int (*pc_threats_pattern_fn)(
    void *arg, const struct pc_threats_pattern_hit *h);

struct pc_threats_tracker;

/* A tracker for threshold messages within window_days. Caller frees
 * with pc_threats_pattern_free(). */
int pc_threats_pattern_new(
    struct pc_threats_tracker **out, long threshold, long window_days);
/* Remembers one abusive message; past PC_THREATS_PATTERN_CAP messages
 * are counted as dropped (pc_threats_pattern_dropped). */
int pc_threats_pattern_add(
    struct pc_threats_tracker *p, const struct pc_threats_pattern_msg *m);
size_t pc_threats_pattern_dropped(const struct pc_threats_tracker *p);
/*
 * Calls fn once per sender with threshold messages within window_days,
 * then once per near-identical text sent by two or more senders that
 * many times. A message without a date counts in every window (it cannot
 * be shown to fall outside). Stops at fn's nonzero return.
 */
int pc_threats_pattern_finish(
    struct pc_threats_tracker *p, pc_threats_pattern_fn fn, void *arg);
void pc_threats_pattern_free(struct pc_threats_tracker *p);

/* The near-duplicate signature of a text: PC_THREATS_SIG_K MinHash
 * values over its word 3-shingles (case and punctuation ignored); 0
 * when the text has no word, else 1. */
int pc_threats_text_signature(
    uint64_t sig[PC_THREATS_SIG_K], const char *text, size_t len);
/* How many of two signatures' values agree (of PC_THREATS_SIG_K): an
 * estimate of the texts' shingle overlap. */
int pc_threats_signature_agree(const uint64_t *a, const uint64_t *b);

#endif
