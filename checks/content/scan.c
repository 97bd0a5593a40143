/* One content-scan entry point: walk, extract, match, report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include <unistd.h>

#include <openssl/crypto.h>

#include "scan_int.h"

/* Counts a note in the source's stats and reports it. */
void
pc_content_note(struct pc_content_scan *s, enum pc_content_event ev,
    const char *path, const char *reason, size_t parts)
{
	struct pc_content_note n = { ev, path, reason, parts };
	struct pc_content_stats *st = s->st;

	switch (ev) {
	case PC_CONTENT_SKIPPED:
	case PC_CONTENT_LIMIT: st->skipped++; break;
	case PC_CONTENT_UNREADABLE:
		if (st->unreadable++ == 0)
			snprintf(st->first_unreadable,
			    sizeof(st->first_unreadable), "%.200s: %.280s",
			    path, reason);
		break;
	case PC_CONTENT_CHANGED: st->changed++; break;
	case PC_CONTENT_PARTIAL: break;
	}
	if (s->rep.note != NULL)
		s->rep.note(s->rep.arg, &n);
}

/* Reports a note now, or queues it behind the files being read. */
static void
note(struct pc_content_scan *s, enum pc_content_event ev, const char *path,
    const char *reason)
{
	if (s->started)
		pc_content_pool_note(s, ev, path, reason);
	else
		pc_content_note(s, ev, path, reason, 0);
}

/* Walker callback: a file skipped, unreadable or changed. */
static void
on_walk_event(
    void *arg, enum pc_walk_event ev, const char *path, const char *reason)
{
	note(arg,
	    ev == PC_WALK_UNREADABLE     ? PC_CONTENT_UNREADABLE
		: ev == PC_WALK_CHANGED  ? PC_CONTENT_CHANGED
		: ev == PC_WALK_NOT_READ ? PC_CONTENT_LIMIT
					 : PC_CONTENT_SKIPPED,
	    path, reason);
}

/* True for a file in a Maildir's tmp/ below the source root. */
static bool
maildir_tmp(const struct pc_content_source *src, const char *path)
{
	size_t root = strlen(src->path);

	/* Only below the source root: the root may itself be in /tmp. */
	return src->maildir && strncmp(path, src->path, root) == 0 &&
	    strstr(path + root, "/tmp/") != NULL;
}

/* Walker callback: reads one file (here, or queued for the workers). */
static int
on_walk_file(void *arg, int fd, const char *path, const struct stat *st)
{
	struct pc_content_scan *s = arg;
	struct pc_extract_result res;
	int r;

	if (maildir_tmp(s->src, path)) {
		note(s, PC_CONTENT_SKIPPED, path,
		    "Maildir tmp/ message still being delivered; not read");
		return 0;
	}
	if (s->started)
		return pc_content_pool_file(s, fd, path, st, s->src->kind);
	memset(&res, 0, sizeof(res));
	r = pc_extract_fd(
	    fd, path, (uint64_t)st->st_size, s->src->kind, &s->sink, &res);
	s->st->parts_skipped += res.parts_skipped;
	if (r != 0 && res.sink_stopped) {
		s->stop = r != 0 ? r : 1;
		return 1; /* the report stopped the scan */
	}
	if (r == PC_EIO)
		return r; /* the walker lists it as unreadable */
	if (r != 0) {
		note(s,
		    pc_extract_not_read(r, &res) ? PC_CONTENT_LIMIT
						 : PC_CONTENT_SKIPPED,
		    path, pc_error_get());
		return 0;
	}
	if (res.parts_skipped > 0)
		pc_content_note(
		    s, PC_CONTENT_PARTIAL, path, res.note, res.parts_skipped);
	s->st->read++;
	return 0;
}

/* The number of workers for opts: its own, else one per core. */
unsigned
pc_content_default_workers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > PC_SCAN_MAX_WORKERS ? PC_SCAN_MAX_WORKERS : (unsigned)n;
}

/* Makes this thread's matcher (once). */
static int
own_matcher(struct pc_content_scan *s)
{
	int r;

	if (s->matcher != NULL)
		return 0;
	/* with a worker per core, no helper thread compiles ahead */
	if ((r = (s->nworkers >= 2 ? pc_matcher_new_lazy : pc_matcher_new)(
		 &s->matcher, s->set, s->key, s->keylen, s->rep.match,
		 s->rep.arg)) != 0)
		return r;
	pc_matcher_sink(s->matcher, &s->sink);
	return 0;
}

/* Sink of a scan whose matcher could not be made: refuses every unit. */
static int
refuse_begin(void *arg, const struct pc_text_loc *loc)
{
	(void)loc;
	return *(int *)arg;
}

/* Never reached (begin refuses). */
static int
refuse_data(void *arg, const char *p, size_t len)
{
	(void)p;
	(void)len;
	return *(int *)arg;
}

/* Never reached (begin refuses). */
static int
refuse_end(void *arg)
{
	return *(int *)arg;
}

/* Makes a scan over opts->set reporting to rep. */
int
pc_content_scan_new(struct pc_content_scan **out,
    const struct pc_content_opts *opts, const struct pc_content_report *rep)
{
	struct pc_content_scan *s;
	int r;

	*out = NULL;
	if (rep == NULL || rep->match == NULL)
		return pc_error_set(PC_EUSAGE,
		    "A content scan needs a report for its findings.");
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory making a content scan.");
	s->rep = *rep;
	s->set = opts->set;
	s->nworkers =
	    opts->workers > 0 ? opts->workers : pc_content_default_workers();
	if (s->nworkers > PC_SCAN_MAX_WORKERS)
		s->nworkers = PC_SCAN_MAX_WORKERS;
	if (pthread_mutex_init(&s->lock, NULL) != 0) {
		free(s);
		return pc_error_set(PC_ENOMEM, "Cannot make a lock.");
	}
	if (pthread_cond_init(&s->cond, NULL) != 0) {
		pthread_mutex_destroy(&s->lock);
		free(s);
		return pc_error_set(PC_ENOMEM, "Cannot make a condition.");
	}
	s->locks = true;
	s->keylen = opts->keylen;
	if ((s->key = malloc(opts->keylen > 0 ? opts->keylen : 1)) == NULL) {
		pc_content_scan_free(s);
		return pc_error_set(
		    PC_ENOMEM, "Out of memory making a content scan.");
	}
	if (opts->key != NULL)
		memcpy(s->key, opts->key, opts->keylen);
	/* this thread's matcher compiles the databases; the workers'
	 * matchers share them (one compile however many workers) */
	if ((r = own_matcher(s)) != 0) {
		pc_content_scan_free(s);
		return r;
	}
	*out = s;
	return 0;
}

/* Walks one source through the extractors and the matcher. */
int
pc_content_scan(struct pc_content_scan *s, const struct pc_content_source *src,
    struct pc_content_stats *st_out)
{
	struct pc_walk_opts defaults;
	struct pc_walk_cb cb = { on_walk_file, on_walk_event, s };
	struct pc_walk_stats ws;
	int r, stop;

	memset(st_out, 0, sizeof(*st_out));
	memset(&defaults, 0, sizeof(defaults));
	memset(&ws, 0, sizeof(ws));
	if (s->stop != 0)
		return s->stop;
	if ((r = pc_content_pool_start(s)) != 0)
		return r;
	s->src = src;
	s->st = st_out;
	r = pc_walk(src->path, src->walk ? src->walk : &defaults, &cb, &ws);
	stop = s->started ? pc_content_pool_drain(s) : s->stop;
	s->src = NULL;
	s->st = NULL;
	return stop != 0 ? stop : r;
}

/* The matcher's sink, for producers that are not files. */
const struct pc_text_sink *
pc_content_scan_sink(struct pc_content_scan *s)
{
	if (own_matcher(s) != 0) {
		s->sink_error =
		    pc_error_code() != 0 ? pc_error_code() : PC_ENOMEM;
		s->sink = (struct pc_text_sink){ refuse_begin, refuse_data,
			refuse_end, &s->sink_error, NULL };
	}
	return &s->sink;
}

/* The matcher's counters. */
void
pc_content_scan_stats(
    const struct pc_content_scan *s, struct pc_matcher_stats *out)
{
	struct pc_matcher_stats w;
	unsigned i;

	memset(out, 0, sizeof(*out));
	if (s->matcher != NULL)
		pc_matcher_stats(s->matcher, out);
	for (i = 0; s->workers != NULL && i < s->nworkers; i++) {
		if (s->workers[i].matcher == NULL)
			continue;
		pc_matcher_stats(s->workers[i].matcher, &w);
		out->units += w.units;
		out->bytes += w.bytes;
		out->candidates += w.candidates;
		out->rejected += w.rejected;
		out->findings += w.findings;
		out->dropped += w.dropped;
	}
}

/* Frees a scan. */
void
pc_content_scan_free(struct pc_content_scan *s)
{
	if (s == NULL)
		return;
	pc_content_pool_stop(s);
	pc_matcher_free(s->matcher);
	if (s->key != NULL)
		OPENSSL_cleanse(s->key, s->keylen);
	free(s->key);
	if (s->locks) {
		pthread_cond_destroy(&s->cond);
		pthread_mutex_destroy(&s->lock);
	}
	free(s);
}
