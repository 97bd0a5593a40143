/* Shared by the matcher's files (not for other folders). */
#ifndef PC_CONTENT_MATCHER_INT_H
#define PC_CONTENT_MATCHER_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <hs/hs.h>

#include "matcher.h"

/*
 * How it works. Each text unit is one Hyperscan stream, so a match that
 * spans the producer's chunks is found. Data is normalised (normalise.c)
 * into a window: the last PC_MATCH_HISTORY bytes plus the piece being
 * scanned, so a candidate's bytes and the context words around it are at
 * hand when its match is reported. Offsets are kept in normalised bytes
 * and mapped back to the original through a list of edits. Candidates
 * pass their validator at once (matcher.c), then wait until the context
 * window after them has arrived; then they are grouped by line and
 * paragraph into records (record.c), so several identifiers of one person
 * become one personal_record. Memory is fixed by the caps in matcher.h.
 * The databases (matcher_db.c): patterns whose stream form was rewritten
 * are scanned by a small side database in the same steps, their ends
 * merged in order; starts are found per candidate in block mode.
 */

#define WIN_CAP    (2 * PC_MATCH_HISTORY + PC_MATCH_PIECE)
#define MAX_WINDOW 300         /* PC_DETECTOR_MAX_WINDOW */
#define SIDE_MAX   4           /* patterns in the side database */
#define SIDE_STEP  (16u << 10) /* bytes scanned per side/main round */

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
	size_t det;    /* index into set->items */
	uint64_t s, e; /* normalised stream offsets */
	uint64_t line, col, off, len, para;
	uint64_t uoff; /* raw offset in the unit */
	bool ctx_before, ctx;
	bool exact;    /* off/line/col are in the original file */
	bool lone;     /* no context word: kept only in a record of its line */
	uint64_t rend; /* match end in the file (raw, + base_offset) */
	struct pc_value val;
	char locator[PC_MATCH_LOCATOR_MAX];
};

/* A unit mark (struct pc_text_mark) at a raw unit offset. */
struct mark {
	uint64_t raw;   /* raw unit bytes before it */
	uint64_t uline; /* unit lines counted before it (m->lines) */
	bool verbatim;
	uint64_t offset, line, line_start;
	char locator[PC_MATCH_LOCATOR_MAX];
};

/*
 * The compiled databases, shared by every matcher made from one (each
 * matcher has its own scratch and streams): compiled once per scan, not
 * once per worker. A helper thread compiles the block databases ahead of
 * need; span_state and span_db are shared with it and with the other
 * matchers under lock. refs counts the matchers using it.
 */
struct pc_matcher_db {
	const struct pc_detectors *set;
	hs_database_t *db;      /* all patterns, stream mode, no SOM */
	hs_database_t *side_db; /* the rewritten ones (see stream_form) */
	size_t side_n;
	hs_database_t **span_db; /* per pattern, block mode, SOM leftmost */
	unsigned *span_width;    /* per pattern, longest match (capped) */
	const char **span_expr;  /* per pattern, its expression */
	unsigned *span_flags;    /* per pattern, its compile flags */
	size_t npatterns;
	size_t *id_det; /* Hyperscan pattern id -> detector index */
	pthread_t bg;
	bool bg_on, bg_stop, locks;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned char *span_state; /* SPAN_NONE, SPAN_BUSY, SPAN_DONE */
	unsigned refs;
};

struct pc_matcher {
	const struct pc_detectors *set;
	struct pc_matcher_db *d; /* shared databases */
	hs_stream_t *side_stream;
	struct hit *hits; /* side matches of this step, by end */
	size_t nhits, next_hit;
	bool *span_ready; /* d->span_db[id] usable here (scratch grown) */

	hs_scratch_t *scratch, *span_scratch;
	hs_stream_t *stream;
	unsigned char *key;
	size_t keylen;
	pc_match_fn fn;
	void *arg;
	int stop; /* callback's nonzero return, or a negative error */
	struct pc_matcher_stats stats;

	/* the unit being read */
	bool open;
	char *path, *message_id, *member;
	bool exact, lines_exact;
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
	uint64_t
	    last_nl; /* offset of the last '\n' before counted + 1; 0 none */
	uint64_t ls_orig; /* original offset where that line starts */

	struct cand *pending;
	size_t npending;
	struct cand *record;
	size_t nrecord;

	/* marks of the unit being read: a ring, oldest dropped */
	struct mark *marks;
	size_t nmarks, mark_head; /* count kept, index of the oldest */
	char *unit_locator;       /* the unit's loc->locator, or NULL */
	uint64_t records;         /* record ids handed out */
	struct pc_match *parts;   /* a record's parts as reported */

	/* the unit is one chunk of a file: report matches ending in it */
	bool ranged;
	uint64_t range_lo, range_hi;
};

/* marks.c: places a candidate (exactness, file line, locator). */
void pc_matcher_place(struct pc_matcher *m, struct cand *c);
/* marks.c: the sink's mark callback. */
int pc_matcher_sink_mark(void *arg, const struct pc_text_mark *mk);
/* matcher.c: newlines in the window between normalised offsets a and b. */
uint64_t pc_matcher_count_nl(
    const struct pc_matcher *m, uint64_t a, uint64_t b);

enum { SPAN_NONE, SPAN_BUSY, SPAN_DONE };

/* True when spans a and b overlap. */
static inline bool
pc_matcher_overlaps(const struct cand *a, const struct cand *b)
{
	return a->s < b->e && b->s < a->e;
}

/* normalise.c: original offset of normalised window offset p. */
uint64_t pc_matcher_orig_of(const struct pc_matcher *m, uint64_t p);
/* normalise.c: length of the UTF-8 sequence led by byte c (1 for others). */
size_t pc_matcher_seq_len(unsigned char c);
/* normalise.c: normalises raw bytes onto the window's end; returns used. */
size_t pc_matcher_normalise_into(struct pc_matcher *m, const char *in,
    size_t len, bool final, size_t *outlen);

/* matcher.c: counts lines and paragraphs up to normalised offset p. */
void pc_matcher_count_to(struct pc_matcher *m, uint64_t p);

/* record.c: true when a context word of det occurs whole in win[a..b). */
bool pc_matcher_context_in(const struct pc_matcher *m,
    const struct pc_detector *det, uint64_t a, uint64_t b);
/* record.c: decides pending candidates whose context has been read. */
void pc_matcher_resolve(struct pc_matcher *m, bool final);
/* record.c: reports the buffered identifiers of one paragraph. */
void pc_matcher_flush_record(struct pc_matcher *m);

/* matcher_db.c: compiles the stream database(s) for m->set into m->d. */
int pc_matcher_compile(struct pc_matcher *m);
/* matcher_db.c: m uses the databases d (0, or an error). */
int pc_matcher_attach(struct pc_matcher *m, struct pc_matcher_db *d);
/* matcher_db.c: starts the thread compiling block databases ahead. */
void pc_matcher_start_ahead(struct pc_matcher_db *d);
/* matcher_db.c: start of pattern id's match ending at to (1 found, 0 not). */
int pc_matcher_find_start(
    struct pc_matcher *m, unsigned id, uint64_t to, uint64_t *from);
/* matcher_db.c: frees m's streams and scratch, and the databases when
 * m was their last user (stopping the helper thread). */
void pc_matcher_db_free(struct pc_matcher *m);

#endif
