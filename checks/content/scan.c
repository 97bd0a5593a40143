/* One content-scan entry point: walk, extract, match, report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include "scan.h"

struct pc_content_scan {
	struct pc_content_report rep;
	struct pc_matcher *matcher;
	struct pc_text_sink sink;
	int stop; /* the report's nonzero return */
};

/* One source being walked. */
struct walking {
	struct pc_content_scan *s;
	const struct pc_content_source *src;
	struct pc_content_stats *st;
};

/* Passes a note to the report, first counting it. */
static void
note(struct walking *w, enum pc_content_event ev, const char *path,
    const char *reason, size_t parts)
{
	struct pc_content_note n = { ev, path, reason, parts };

	switch (ev) {
	case PC_CONTENT_SKIPPED:
		w->st->skipped++;
		break;
	case PC_CONTENT_UNREADABLE:
		if (w->st->unreadable++ == 0)
			snprintf(w->st->first_unreadable,
			    sizeof(w->st->first_unreadable), "%.200s: %.280s",
			    path, reason);
		break;
	case PC_CONTENT_CHANGED:
		w->st->changed++;
		break;
	case PC_CONTENT_PARTIAL:
		break;
	}
	if (w->s->rep.note != NULL)
		w->s->rep.note(w->s->rep.arg, &n);
}

/* Walker callback: a file skipped, unreadable or changed. */
static void
on_walk_event(void *arg, enum pc_walk_event ev, const char *path,
    const char *reason)
{
	note(arg, ev == PC_WALK_UNREADABLE ? PC_CONTENT_UNREADABLE
		: ev == PC_WALK_CHANGED	   ? PC_CONTENT_CHANGED
					   : PC_CONTENT_SKIPPED,
	    path, reason, 0);
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

/* Walker callback: extracts one file into the matcher. */
static int
on_walk_file(void *arg, int fd, const char *path, const struct stat *st)
{
	struct walking *w = arg;
	struct pc_extract_result res;
	int r;

	if (maildir_tmp(w->src, path)) {
		note(w, PC_CONTENT_SKIPPED, path, "Maildir tmp/ message still "
		    "being delivered; not read", 0);
		return 0;
	}
	memset(&res, 0, sizeof(res));
	r = pc_extract_fd(fd, path, (uint64_t)st->st_size, w->src->kind,
	    &w->s->sink, &res);
	w->st->parts_skipped += res.parts_skipped;
	if (r != 0 && res.sink_stopped) {
		w->s->stop = r != 0 ? r : 1;
		return 1; /* the report stopped the scan */
	}
	if (r == PC_EIO)
		return r; /* the walker lists it as unreadable */
	if (r != 0) {
		note(w, PC_CONTENT_SKIPPED, path, pc_error_get(), 0);
		return 0;
	}
	if (res.parts_skipped > 0)
		note(w, PC_CONTENT_PARTIAL, path, res.note, res.parts_skipped);
	w->st->read++;
	return 0;
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
		return pc_error_set(PC_EUSAGE, "A content scan needs a report "
					       "for its findings.");
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return pc_error_set(PC_ENOMEM, "Out of memory making a content "
					       "scan.");
	s->rep = *rep;
	if ((r = pc_matcher_new(&s->matcher, opts->set, opts->key,
		 opts->keylen, rep->match, rep->arg)) != 0) {
		free(s);
		return r;
	}
	pc_matcher_sink(s->matcher, &s->sink);
	*out = s;
	return 0;
}

/* Walks one source through the extractors and the matcher. */
int
pc_content_scan(struct pc_content_scan *s,
    const struct pc_content_source *src, struct pc_content_stats *st_out)
{
	struct pc_walk_opts defaults;
	struct walking w = { s, src, st_out };
	struct pc_walk_cb cb = { on_walk_file, on_walk_event, &w };
	struct pc_walk_stats ws;
	int r;

	memset(st_out, 0, sizeof(*st_out));
	memset(&defaults, 0, sizeof(defaults));
	memset(&ws, 0, sizeof(ws));
	if (s->stop != 0)
		return s->stop;
	r = pc_walk(src->path, src->walk ? src->walk : &defaults, &cb, &ws);
	if (s->stop != 0)
		return s->stop;
	return r;
}

/* The matcher's sink, for producers that are not files. */
const struct pc_text_sink *
pc_content_scan_sink(struct pc_content_scan *s)
{
	return &s->sink;
}

/* The matcher's counters. */
void
pc_content_scan_stats(const struct pc_content_scan *s,
    struct pc_matcher_stats *out)
{
	pc_matcher_stats(s->matcher, out);
}

/* Frees a scan. */
void
pc_content_scan_free(struct pc_content_scan *s)
{
	if (s == NULL)
		return;
	pc_matcher_free(s->matcher);
	free(s);
}
