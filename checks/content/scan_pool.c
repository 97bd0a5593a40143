/* The content scan's worker pool: files read in parallel, reported in order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "scan_int.h"

/*
 * How it works. The walk (the caller's thread) makes a job per file (its
 * descriptor duplicated) and per note, in walk order, at most
 * PC_SCAN_INFLIGHT per worker outstanding. Each worker has a matcher of
 * its own and takes the oldest job not yet taken; what the report must
 * see is copied into the job. Whoever finishes a job delivers every
 * finished job at the head of the list, in order, under the lock, so
 * the report sees walk order from one thread at a time. A job whose
 * copies pass PC_SCAN_JOB_BYTES waits until it is the head and then
 * reports directly: memory stays bounded however many findings a file
 * has.
 */

/* Frees a finding copied by keep(). */
static void
item_free(struct item *it)
{
	free(it->parts);
	free(it->path);
	free(it->message_id);
	free(it->member);
	free(it->reason);
}

/* Frees a job and its copies, closing its descriptor. */
static void
job_free(struct job *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->n; i++)
		item_free(&j->items[i]);
	free(j->items);
	if (j->fd >= 0)
		close(j->fd);
	free(j->path);
	free(j);
}

/* Room for one more item in j (0, or PC_ENOMEM). */
static int
grow(struct job *j)
{
	struct item *p;
	size_t alloc;

	if (j->n < j->alloc)
		return 0;
	alloc = j->alloc ? j->alloc * 2 : 16;
	if ((p = realloc(j->items, alloc * sizeof(*p))) == NULL)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory in the content scan.");
	j->items = p;
	j->alloc = alloc;
	return 0;
}

/* Copies a finding (and a record's parts) into j. */
static int
keep(struct job *j, const struct pc_match *m)
{
	struct item *it;
	size_t i;

	if (grow(j) != 0)
		return PC_ENOMEM;
	it = &j->items[j->n];
	memset(it, 0, sizeof(*it));
	it->m = *m;
	it->path = m->path ? strdup(m->path) : NULL;
	it->message_id = m->message_id ? strdup(m->message_id) : NULL;
	it->member = m->member ? strdup(m->member) : NULL;
	if (m->nparts > 0)
		it->parts = calloc(m->nparts, sizeof(*it->parts));
	if ((m->path && !it->path) || (m->message_id && !it->message_id) ||
	    (m->member && !it->member) || (m->nparts > 0 && !it->parts)) {
		item_free(it);
		return pc_error_set(
		    PC_ENOMEM, "Out of memory in the content scan.");
	}
	it->m.path = it->path;
	it->m.message_id = it->message_id;
	it->m.member = it->member;
	for (i = 0; i < m->nparts; i++) {
		it->parts[i] = m->parts[i];
		it->parts[i].path = it->path;
		it->parts[i].message_id = it->message_id;
		it->parts[i].member = it->member;
	}
	it->m.parts = it->parts;
	j->n++;
	j->bytes += sizeof(*it) + m->nparts * sizeof(*m->parts);
	return 0;
}

/* Copies a note about j's file into j. */
static int
keep_note(
    struct job *j, enum pc_content_event ev, const char *reason, size_t parts)
{
	struct item *it;

	if (grow(j) != 0)
		return PC_ENOMEM;
	it = &j->items[j->n];
	memset(it, 0, sizeof(*it));
	it->is_note = true;
	it->event = ev;
	it->nparts = parts;
	it->path = strdup(j->path);
	it->reason = strdup(reason ? reason : "");
	j->n++;
	return 0;
}

/*
 * Gives a record the scan's next record id (each worker's matcher counts
 * its own): ids stay unique and in report order, as with one thread.
 */
static void
renumber(struct pc_content_scan *s, struct pc_match *m, struct pc_match *parts)
{
	size_t i;

	if (m->record == 0)
		return;
	m->record = ++s->records;
	for (i = 0; i < m->nparts; i++)
		parts[i].record = m->record;
}

/*
 * A chunk's lines count from where its reads start: adds the lines of
 * the file before that (known once the chunks before it are reported).
 */
static void
fix_lines(const struct pc_content_scan *s, const struct job *j,
    struct pc_match *m, struct pc_match *parts)
{
	uint64_t add;
	size_t i;

	if (!j->chunk)
		return;
	add = s->chunk_lines - j->lines.before;
	m->line += add;
	for (i = 0; i < m->nparts; i++)
		parts[i].line += add;
}

/* j is now the first job to report: a file's first chunk starts a count. */
static void
at_head(struct pc_content_scan *s, const struct job *j)
{
	if (j->chunk_first) {
		s->chunk_lines = 0;
		s->chunk_failed = false;
	}
}

/* Reports one kept item (lock held); a finding may stop the scan. */
static void
deliver_item(struct pc_content_scan *s, struct job *j, struct item *it)
{
	int r;

	if (it->is_note && j->chunk && it->event != PC_CONTENT_CHANGED) {
		/* one note for a file, not one per chunk */
		if (s->chunk_failed)
			return;
		s->chunk_failed = true;
	}
	if (it->is_note) {
		pc_content_note(s, it->event, it->path ? it->path : j->path,
		    it->reason ? it->reason : "", it->nparts);
		return;
	}
	renumber(s, &it->m, it->parts);
	fix_lines(s, j, &it->m, it->parts);
	if (s->stop == 0 && (r = s->rep.match(s->rep.arg, &it->m)) != 0)
		s->stop = r;
}

/* Reports every finished job at the head, in order (lock held). */
static void
deliver_ready(struct pc_content_scan *s)
{
	struct job *j;
	size_t i;

	while ((j = s->first) != NULL && j->done) {
		if (!j->direct)
			at_head(s, j);
		for (i = 0; i < j->n; i++)
			deliver_item(s, j, &j->items[i]);
		if (j->read && s->st != NULL) {
			s->st->read++;
			s->st->parts_skipped += j->parts_skipped;
		}
		if (j->chunk)
			s->chunk_lines += j->lines.in;
		s->first = j->next;
		if (s->first == NULL)
			s->last = NULL;
		s->inflight--;
		job_free(j);
	}
	pthread_cond_broadcast(&s->cond);
}

/*
 * Worker's matcher callback: copies the finding into the job, or, once
 * the job is the head and reports directly, reports it.
 */
static int
worker_match(void *arg, const struct pc_match *m)
{
	struct worker *w = arg;
	struct pc_content_scan *s = w->s;
	struct job *j = w->job;
	size_t i;
	int r = 0;

	if (!j->direct) {
		if ((r = keep(j, m)) != 0 || j->bytes < PC_SCAN_JOB_BYTES)
			return r;
		/* too much to hold: wait to be the head, then report */
		pthread_mutex_lock(&s->lock);
		while (s->first != j && s->stop == 0)
			pthread_cond_wait(&s->cond, &s->lock);
		at_head(s, j);
		for (i = 0; i < j->n; i++)
			deliver_item(s, j, &j->items[i]);
		for (i = 0; i < j->n; i++)
			item_free(&j->items[i]);
		j->n = 0;
		j->bytes = 0;
		j->direct = true;
		r = s->stop;
		pthread_mutex_unlock(&s->lock);
		return r;
	}
	/* the head, not done: no one else reports now */
	if (m->nparts > 0 && m->nparts <= PC_MATCH_RECORD_MAX) {
		struct pc_match copy = *m, parts[PC_MATCH_RECORD_MAX];
		memcpy(parts, m->parts, m->nparts * sizeof(*parts));
		copy.parts = parts;
		renumber(s, &copy, parts);
		fix_lines(s, j, &copy, parts);
		r = s->rep.match(s->rep.arg, &copy);
	} else {
		struct pc_match copy = *m;
		fix_lines(s, j, &copy, NULL);
		r = s->rep.match(s->rep.arg, &copy);
	}
	if (r != 0) {
		pthread_mutex_lock(&s->lock);
		s->stop = r;
		pthread_mutex_unlock(&s->lock);
	}
	return r;
}

/* Notes a file whose size or modification time changed while it was read
 * (its findings may be incomplete). */
static void
note_if_changed(struct job *j)
{
	struct stat after;

	if (fstat(j->fd, &after) == 0 &&
	    (after.st_size != j->st.st_size ||
		after.st_mtim.tv_sec != j->st.st_mtim.tv_sec ||
		after.st_mtim.tv_nsec != j->st.st_mtim.tv_nsec))
		(void)keep_note(j, PC_CONTENT_CHANGED,
		    "the file changed while it was read; results may be incomplete, scan again later",
		    0);
}

/* Reads one file job with the worker's matcher. */
static void
run_job(struct worker *w, struct job *j)
{
	struct pc_extract_result res;
	int r;

	memset(&res, 0, sizeof(res));
	w->job = j;
	r = pc_extract_fd(
	    j->fd, j->path, (uint64_t)j->st.st_size, j->kind, &w->sink, &res);
	j->parts_skipped = res.parts_skipped;
	if (r != 0 && res.sink_stopped)
		return; /* the report stopped the scan (s->stop is set) */
	if (r == PC_EIO) {
		(void)keep_note(j, PC_CONTENT_UNREADABLE, pc_error_get(), 0);
		return;
	}
	if (r != 0) {
		(void)keep_note(j,
		    pc_extract_not_read(r, &res) ? PC_CONTENT_LIMIT
						 : PC_CONTENT_SKIPPED,
		    pc_error_get(), 0);
		return;
	}
	if (res.parts_skipped > 0)
		(void)keep_note(
		    j, PC_CONTENT_PARTIAL, res.note, res.parts_skipped);
	j->read = true;
	note_if_changed(j);
}

/* Reads one chunk of a big text file with the worker's matcher. */
static void
run_chunk(struct worker *w, struct job *j)
{
	bool stopped;
	int r;

	w->job = j;
	pc_matcher_set_range(w->matcher, j->lo, j->hi);
	r = pc_chunk_read(
	    j->fd, j->path, j->lo, j->hi, &w->sink, &j->lines, &stopped);
	if (r != 0 && stopped)
		return; /* the report stopped the scan (s->stop is set) */
	if (r != 0) {
		(void)keep_note(j, PC_CONTENT_UNREADABLE, pc_error_get(), 0);
		return;
	}
	if (!j->chunk_last)
		return;
	j->read = true;
	note_if_changed(j);
}

/* Worker thread: takes the oldest job not taken until told to quit. */
static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct pc_content_scan *s = w->s;
	struct job *j;
	int r;

	/* each worker has a matcher of its own over the scan's databases,
	 * compiled once (by the scan's own matcher) */
	r = pc_matcher_new_shared(
	    &w->matcher, s->matcher, s->key, s->keylen, worker_match, w);
	pthread_mutex_lock(&s->lock);
	w->rc = r;
	if (r != 0)
		snprintf(w->err, sizeof(w->err), "%s", pc_error_get());
	else
		pc_matcher_sink(w->matcher, &w->sink);
	w->ready = true;
	pthread_cond_broadcast(&s->cond);
	while (!s->quit && r == 0) {
		for (j = s->first; j != NULL && j->taken; j = j->next)
			;
		if (j == NULL) {
			pthread_cond_wait(&s->cond, &s->lock);
			continue;
		}
		j->taken = true;
		if (s->stop == 0) {
			pthread_mutex_unlock(&s->lock);
			if (j->chunk)
				run_chunk(w, j);
			else
				run_job(w, j);
			pthread_mutex_lock(&s->lock);
		}
		j->done = true;
		deliver_ready(s);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* Starts the workers, each with its own matcher (0, or an error). */
int
pc_content_pool_start(struct pc_content_scan *s)
{
	struct worker *w;
	unsigned i;
	int r;

	if (s->started || s->nworkers < 2)
		return 0;
	if (s->workers != NULL) /* an earlier start failed */
		return pc_error_set(
		    PC_EIO, "The content scan's workers could not start.");
	if ((s->workers = calloc(s->nworkers, sizeof(*s->workers))) == NULL)
		return pc_error_set(PC_ENOMEM,
		    "Out of memory starting the content scan's workers.");
	for (i = 0; i < s->nworkers; i++) {
		w = &s->workers[i];
		w->s = s;
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
			return pc_error_set(PC_EIO,
			    "Cannot start a content scan worker thread.");
		w->running = true;
	}
	/* wait for every worker's matcher; the first failure is the error */
	r = 0;
	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->nworkers; i++) {
		w = &s->workers[i];
		while (!w->ready)
			pthread_cond_wait(&s->cond, &s->lock);
		if (w->rc != 0 && r == 0)
			r = pc_error_set(w->rc, "%s", w->err);
	}
	pthread_mutex_unlock(&s->lock);
	if (r == 0)
		s->started = true;
	return r;
}

/* Appends a job in walk order (lock held). */
static void
append(struct pc_content_scan *s, struct job *j)
{
	j->seq = s->next_seq++;
	if (s->last != NULL)
		s->last->next = j;
	else
		s->first = j;
	s->last = j;
	s->inflight++;
}

/* A job for the file (its descriptor duplicated), or NULL. */
static struct job *
file_job(int fd, const char *path, const struct stat *st, enum pc_doc_kind kind)
{
	struct job *j = calloc(1, sizeof(*j));

	if (j == NULL || (j->path = strdup(path)) == NULL) {
		free(j);
		pc_error_set(PC_ENOMEM, "Out of memory in the content scan.");
		return NULL;
	}
	j->st = *st;
	j->kind = kind;
	if ((j->fd = dup(fd)) < 0) {
		int e = errno;
		j->done = true;
		j->taken = true;
		(void)keep_note(j, PC_CONTENT_UNREADABLE, strerror(e), 0);
	}
	return j;
}

/* Queues j; waits while too many jobs are outstanding. */
static int
queue(struct pc_content_scan *s, struct job *j)
{
	pthread_mutex_lock(&s->lock);
	while (s->inflight >= PC_SCAN_INFLIGHT * s->nworkers && s->stop == 0)
		pthread_cond_wait(&s->cond, &s->lock);
	append(s, j);
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	return s->stop != 0 ? 1 : 0;
}

/*
 * Queues a file for the workers: a big plain-text file as chunks read in
 * parallel (chunk.h), reported in order as one file; others whole.
 */
int
pc_content_pool_file(struct pc_content_scan *s, int fd, const char *path,
    const struct stat *st, enum pc_doc_kind kind)
{
	uint64_t cuts[PC_CHUNK_MAX + 1];
	size_t n, k;
	struct job *j;
	int r = 0;

	n = pc_chunk_plan(
	    fd, path, (uint64_t)st->st_size, kind, s->nworkers, cuts);
	for (k = 0; k < n && r == 0; k++) {
		if ((j = file_job(fd, path, st, kind)) == NULL)
			return PC_ENOMEM;
		if (n > 1) {
			j->chunk = true;
			j->chunk_first = k == 0;
			j->chunk_last = k + 1 == n;
			j->lo = cuts[k];
			j->hi = k + 1 == n ? UINT64_MAX : cuts[k + 1];
		}
		r = queue(s, j);
	}
	return r;
}

/* Queues a note about a file (in walk order, among the files). */
void
pc_content_pool_note(struct pc_content_scan *s, enum pc_content_event ev,
    const char *path, const char *reason)
{
	struct job *j = calloc(1, sizeof(*j));

	if (j != NULL && (j->path = strdup(path)) == NULL) {
		free(j);
		j = NULL;
	}
	pthread_mutex_lock(&s->lock);
	if (j == NULL) { /* out of memory: report it now, out of order */
		pc_content_note(s, ev, path, reason, 0);
		pthread_mutex_unlock(&s->lock);
		return;
	}
	j->fd = -1;
	j->taken = j->done = true;
	(void)keep_note(j, ev, reason, 0);
	append(s, j);
	deliver_ready(s);
	pthread_mutex_unlock(&s->lock);
}

/* Waits until every queued job has been reported; returns s->stop. */
int
pc_content_pool_drain(struct pc_content_scan *s)
{
	int r;

	pthread_mutex_lock(&s->lock);
	while (s->first != NULL)
		pthread_cond_wait(&s->cond, &s->lock);
	r = s->stop;
	pthread_mutex_unlock(&s->lock);
	return r;
}

/* Stops the workers and frees their matchers. */
void
pc_content_pool_stop(struct pc_content_scan *s)
{
	unsigned i;

	if (s->workers == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->quit = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	for (i = 0; i < s->nworkers; i++) {
		if (s->workers[i].running)
			pthread_join(s->workers[i].thread, NULL);
		pc_matcher_free(s->workers[i].matcher);
	}
	free(s->workers);
	s->workers = NULL;
}
