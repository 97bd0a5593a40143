/* The matcher's Hyperscan databases: build, side thread, start of match. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "matcher_int.h"

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
compile_error(
    const struct pc_matcher_db *db, size_t i, hs_compile_error_t *cerr)
{
	const struct pc_detector *d = &db->set->items[db->id_det[i]];
	int r;

	r = pc_error_set(PC_ECONFIG,
	    "%s:%d: a pattern of detector %s does not compile: %s", d->file,
	    d->line, d->id, cerr ? cerr->message : "unknown error");
	hs_free_compile_error(cerr);
	return r;
}

/* Compiles pattern id alone in block mode, leftmost start of match. */
static hs_error_t
span_build(const struct pc_matcher_db *d, unsigned id, hs_database_t **db,
    hs_compile_error_t **cerr)
{
	hs_error_t e;

	*cerr = NULL;
	e = hs_compile(d->span_expr[id],
	    d->span_flags[id] | HS_FLAG_SOM_LEFTMOST, HS_MODE_BLOCK, NULL, db,
	    cerr);
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
	struct pc_matcher_db *d = arg;
	hs_compile_error_t *cerr;
	hs_database_t *db;
	size_t i;

	for (i = 0; i < d->npatterns; i++) {
		pthread_mutex_lock(&d->lock);
		if (d->bg_stop) {
			pthread_mutex_unlock(&d->lock);
			break;
		}
		if (d->span_state[i] != SPAN_NONE) {
			pthread_mutex_unlock(&d->lock);
			continue;
		}
		d->span_state[i] = SPAN_BUSY;
		pthread_mutex_unlock(&d->lock);
		if (span_build(d, (unsigned)i, &db, &cerr) != HS_SUCCESS)
			hs_free_compile_error(cerr);
		pthread_mutex_lock(&d->lock);
		d->span_db[i] = db;
		d->span_state[i] = db != NULL ? SPAN_DONE : SPAN_NONE;
		pthread_cond_broadcast(&d->cond);
		pthread_mutex_unlock(&d->lock);
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
	struct pc_matcher_db *d = m->d;
	hs_compile_error_t *cerr = NULL;
	hs_database_t *db = NULL;
	bool have;

	if (m->span_ready[id])
		return 0;
	pthread_mutex_lock(&d->lock);
	while (d->span_state[id] == SPAN_BUSY)
		pthread_cond_wait(&d->cond, &d->lock);
	have = d->span_state[id] == SPAN_DONE;
	if (!have)
		d->span_state[id] = SPAN_BUSY;
	pthread_mutex_unlock(&d->lock);
	if (!have) {
		hs_error_t e = span_build(d, id, &db, &cerr);
		pthread_mutex_lock(&d->lock);
		d->span_db[id] = db;
		d->span_state[id] = e == HS_SUCCESS ? SPAN_DONE : SPAN_NONE;
		pthread_cond_broadcast(&d->cond);
		pthread_mutex_unlock(&d->lock);
		if (e != HS_SUCCESS)
			return compile_error(d, id, cerr);
	}
	/* DONE is final: span_db[id] no longer changes */
	if (hs_alloc_scratch(d->span_db[id], &m->span_scratch) != HS_SUCCESS)
		return pc_error_set(
		    PC_ENOMEM, "Hyperscan could not allocate scratch memory.");
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
int
pc_matcher_find_start(
    struct pc_matcher *m, unsigned id, uint64_t to, uint64_t *from)
{
	struct span_want w = { 0, 0, false };
	const struct pc_matcher_db *d = m->d;
	uint64_t a = to > d->span_width[id] ? to - d->span_width[id] : 0;
	int r;

	if ((r = span_compile(m, id)) != 0)
		return r;
	if (a < m->win_start)
		a = m->win_start;
	w.end = to - a;
	if (hs_scan(d->span_db[id], m->win + (a - m->win_start),
		(unsigned)(to - a), 0, m->span_scratch, on_span,
		&w) != HS_SUCCESS ||
	    !w.found)
		return 0;
	*from = a + w.best;
	return 1;
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
compile_stream(const struct pc_matcher_db *m, const char **exprs,
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

/* The pattern lists one compile works on (freed by free_lists). */
struct pattern_lists {
	const char **exprs;
	char **forms; /* stream forms (stream_form), or NULL each */
	unsigned *flags, *ids;
	size_t total;
};

/* Frees what alloc_lists made. */
static void
free_lists(struct pattern_lists *pl)
{
	size_t i;

	for (i = 0; pl->forms != NULL && i < pl->total; i++)
		free(pl->forms[i]);
	free(pl->forms);
	free(pl->exprs);
	free(pl->flags);
	free(pl->ids);
}

/* Allocates the compile's lists and the matcher's per-pattern tables. */
static int
alloc_lists(struct pc_matcher_db *m, struct pattern_lists *pl, size_t total)
{
	pl->total = total;
	pl->exprs = calloc(total, sizeof(*pl->exprs));
	pl->forms = calloc(total, sizeof(*pl->forms));
	pl->flags = calloc(total, sizeof(*pl->flags));
	pl->ids = calloc(total, sizeof(*pl->ids));
	m->id_det = calloc(total, sizeof(*m->id_det));
	m->span_db = calloc(total, sizeof(*m->span_db));
	m->span_state = calloc(total, sizeof(*m->span_state));
	m->span_width = calloc(total, sizeof(*m->span_width));
	m->span_expr = calloc(total, sizeof(*m->span_expr));
	m->span_flags = calloc(total, sizeof(*m->span_flags));
	if (pl->exprs == NULL || pl->forms == NULL || pl->flags == NULL ||
	    pl->ids == NULL || m->id_det == NULL || m->span_db == NULL ||
	    m->span_width == NULL || m->span_state == NULL ||
	    m->span_expr == NULL || m->span_flags == NULL)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory compiling detectors.");
	return 0;
}

/*
 * Lists the enabled detectors' patterns, measures each one's longest
 * match (for the start search) and rewrites those whose stream form is
 * cheaper (stream_form).
 */
static int
collect_patterns(struct pc_matcher_db *m, struct pattern_lists *pl)
{
	const struct pc_detectors *set = m->set;
	hs_compile_error_t *cerr = NULL;
	hs_expr_info_t *info = NULL;
	size_t i, j, n = 0;

	for (i = 0; i < set->n; i++) {
		const struct pc_detector *d = &set->items[i];
		if (!d->enabled)
			continue;
		for (j = 0; j < d->npatterns; j++, n++) {
			pl->exprs[n] = d->patterns[j];
			pl->flags[n] = d->caseless ? HS_FLAG_CASELESS : 0;
			pl->ids[n] = (unsigned)n;
			m->id_det[n] = i;
		}
	}
	m->npatterns = n;
	for (i = 0; i < n; i++) {
		/* the block databases for starts are compiled on first use */
		m->span_expr[i] = pl->exprs[i];
		m->span_flags[i] = pl->flags[i];
		if (hs_expression_info(
			pl->exprs[i], pl->flags[i], &info, &cerr) != HS_SUCCESS)
			return compile_error(m, i, cerr);
		m->span_width[i] = info->max_width > PC_MATCH_MAX_LEN
		    ? PC_MATCH_MAX_LEN
		    : info->max_width;
		free(info);
		info = NULL;
		/* the stream database may scan a cheaper superset form */
		if ((pl->forms[i] = stream_form(pl->exprs[i])) != NULL)
			pl->exprs[i] = pl->forms[i];
	}
	return 0;
}

/*
 * Moves the rewritten forms into the side job (they get a database of
 * their own: the email one scans at ~20 GB/s alone but merged into the
 * main database it made the whole scan twice as slow, measured) and
 * compacts the rest. Returns how many stay in the main database.
 */
static size_t
split_side(const struct pc_matcher_db *m, struct pattern_lists *pl,
    struct side_job *sj)
{
	size_t i, j, k, n = m->npatterns, side[SIDE_MAX], nside = 0;

	for (i = 0; i < n; i++)
		if (pl->forms[i] != NULL && nside < SIDE_MAX && nside + 1 < n)
			side[nside++] = i;
	for (i = 0, j = 0, k = 0; i < n; i++) {
		if (k < nside && side[k] == i) {
			k++;
			continue;
		}
		pl->exprs[j] = pl->exprs[i];
		pl->flags[j] = pl->flags[i];
		pl->ids[j++] = (unsigned)i;
	}
	for (k = 0; k < nside; k++) {
		sj->exprs[k] = pl->forms[side[k]];
		sj->flags[k] = m->span_flags[side[k]];
		sj->ids[k] = (unsigned)side[k];
	}
	sj->n = nside;
	return j;
}

/*
 * Makes m a user of the databases d: its own scratch, streams, side
 * hits and per-pattern readiness (0, or an error; m->d is set either way
 * so that pc_matcher_db_free releases it).
 */
int
pc_matcher_attach(struct pc_matcher *m, struct pc_matcher_db *d)
{
	size_t nside = d->side_n;

	pthread_mutex_lock(&d->lock);
	d->refs++;
	pthread_mutex_unlock(&d->lock);
	m->d = d;
	m->set = d->set;
	if ((m->span_ready = calloc(d->npatterns, sizeof(*m->span_ready))) ==
	    NULL)
		return pc_error_set(PC_ENOMEM, "Out of memory in the matcher.");
	if (hs_alloc_scratch(d->db, &m->scratch) != HS_SUCCESS ||
	    hs_open_stream(d->db, 0, &m->stream) != HS_SUCCESS ||
	    (nside > 0 &&
		(hs_alloc_scratch(d->side_db, &m->scratch) != HS_SUCCESS ||
		    hs_open_stream(d->side_db, 0, &m->side_stream) !=
			HS_SUCCESS)))
		return pc_error_set(PC_ENOMEM,
		    "Hyperscan could not allocate its scratch or stream memory.");
	if (nside > 0 &&
	    (m->hits = calloc(nside * (SIDE_STEP + 1), sizeof(*m->hits))) ==
		NULL)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory compiling detectors.");
	return 0;
}

/* Frees the databases (no user left, helper stopped). */
static void
db_free(struct pc_matcher_db *d)
{
	size_t i;

	hs_free_database(d->side_db);
	hs_free_database(d->db);
	for (i = 0; d->span_db != NULL && i < d->npatterns; i++)
		hs_free_database(d->span_db[i]);
	free(d->span_db);
	free(d->span_state);
	free(d->span_width);
	free(d->span_expr);
	free(d->span_flags);
	free(d->id_det);
	if (d->locks) {
		pthread_cond_destroy(&d->cond);
		pthread_mutex_destroy(&d->lock);
	}
	free(d);
}

/* A new, empty set of databases for set (NULL when out of memory). */
static struct pc_matcher_db *
db_new(const struct pc_detectors *set)
{
	struct pc_matcher_db *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return NULL;
	d->set = set;
	if (pthread_mutex_init(&d->lock, NULL) != 0) {
		free(d);
		return NULL;
	}
	if (pthread_cond_init(&d->cond, NULL) != 0) {
		pthread_mutex_destroy(&d->lock);
		free(d);
		return NULL;
	}
	d->locks = true;
	return d;
}

/*
 * Compiles the enabled detectors' patterns into the stream database(s);
 * each pattern's block database for starts is compiled on first use.
 */
int
pc_matcher_compile(struct pc_matcher *m)
{
	const struct pc_detectors *set = m->set;
	struct pattern_lists pl = { 0 };
	struct side_job sj = { 0 };
	struct pc_matcher_db *d;
	pthread_t side_thread;
	size_t i, total = 0, nmain;
	bool threaded;
	int r;

	for (i = 0; i < set->n; i++)
		if (set->items[i].enabled)
			total += set->items[i].npatterns;
	if (total == 0)
		return pc_error_set(PC_EUSAGE,
		    "No detector is enabled, so there is nothing to look for.");
	if ((d = db_new(set)) == NULL)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory compiling detectors.");
	if ((r = alloc_lists(d, &pl, total)) != 0 ||
	    (r = collect_patterns(d, &pl)) != 0)
		goto out;
	nmain = split_side(d, &pl, &sj);
	/*
	 * The two compiles take about as long as each other (~0.03 s), so
	 * the side one runs on a second thread (a thread is allowed by the
	 * sandbox's seccomp filter); inline if no thread can be started.
	 */
	threaded = sj.n > 0 &&
	    pthread_create(&side_thread, NULL, compile_side, &sj) == 0;
	if (sj.n > 0 && !threaded)
		compile_side(&sj);
	r = compile_stream(d, pl.exprs, pl.flags, pl.ids, nmain, &d->db);
	if (threaded)
		pthread_join(side_thread, NULL);
	d->side_db = sj.db;
	if (r == 0 && sj.n > 0 && sj.rc != HS_SUCCESS)
		r = compile_error(d,
		    sj.cerr != NULL && sj.cerr->expression >= 0 &&
			    (size_t)sj.cerr->expression < sj.n
			? sj.ids[sj.cerr->expression]
			: 0,
		    sj.cerr);
	else if (sj.cerr != NULL)
		hs_free_compile_error(sj.cerr);
	if (r != 0)
		goto out;
	d->side_n = sj.n;
	r = pc_matcher_attach(m, d);
	d = NULL; /* m holds it now */
out:
	if (d != NULL)
		db_free(d);
	free_lists(&pl);
	return r;
}

/*
 * Starts the helper that compiles block databases ahead of need, on the
 * second core while this thread scans (~0.02 s per 100 MB of text). The
 * databases are the same either way; without a thread they are lazy.
 */
void
pc_matcher_start_ahead(struct pc_matcher_db *d)
{
	if (pthread_create(&d->bg, NULL, span_ahead, d) == 0)
		d->bg_on = true;
}

/*
 * Frees m's streams and scratch; the last user of the databases also
 * stops the helper thread and frees them.
 */
void
pc_matcher_db_free(struct pc_matcher *m)
{
	struct pc_matcher_db *d = m->d;
	bool last;

	if (m->stream != NULL)
		hs_close_stream(m->stream, NULL, NULL, NULL);
	if (m->side_stream != NULL)
		hs_close_stream(m->side_stream, NULL, NULL, NULL);
	hs_free_scratch(m->scratch);
	hs_free_scratch(m->span_scratch);
	free(m->span_ready);
	m->d = NULL;
	if (d == NULL)
		return;
	pthread_mutex_lock(&d->lock);
	last = --d->refs == 0;
	if (last)
		d->bg_stop = true;
	pthread_mutex_unlock(&d->lock);
	if (!last)
		return;
	if (d->bg_on)
		pthread_join(d->bg, NULL);
	db_free(d);
}
