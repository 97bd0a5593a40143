/* One content-scan entry point: walk, extract, match, report. */
#ifndef PC_CONTENT_SCAN_H
#define PC_CONTENT_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "detectors.h"
#include "extract.h"
#include "matcher.h"
#include "text.h"
#include "walk.h"

/* What happened to a file that was not (fully) read. */
enum pc_content_event {
	PC_CONTENT_SKIPPED,    /* by design (special file, cap, binary) */
	PC_CONTENT_UNREADABLE, /* could not be opened or read */
	PC_CONTENT_CHANGED,    /* size or mtime changed while read */
	PC_CONTENT_PARTIAL,    /* read, but parts were not (caps, damage) */
	PC_CONTENT_LIMIT,      /* not read: over an expansion, size or depth
				  limit (a zip bomb), locked (an encrypted
				  PDF: PC_EPERM) or damaged (a truncated
				  PDF, a broken zip: pc_extract_not_read) */
};

/* One note about a file; strings borrowed for the callback. */
struct pc_content_note {
	enum pc_content_event event;
	const char *path;
	const char *reason;
	size_t parts; /* PC_CONTENT_PARTIAL: parts not read */
};

/*
 * The one sink a scan reports through. match gets every finding (a
 * nonzero return stops the scan, which returns it); note gets every file
 * skipped, unreadable, changed or partly read (may be NULL).
 */
struct pc_content_report {
	pc_match_fn match;
	void (*note)(void *arg, const struct pc_content_note *n);
	void *arg;
};

struct pc_content_opts {
	const struct pc_detectors *set; /* must outlive the scan */
	const unsigned char *key;       /* HMAC key of values (copied) */
	size_t keylen;
	/*
	 * Files read at once, each worker with a matcher of its own (about
	 * 25 MiB each); 0 = one per core (pc_content_default_workers), 1 =
	 * in the calling thread. Findings come in walk order either way.
	 */
	unsigned workers;
};

/* One worker per core (at most 16): the default for opts.workers. */
unsigned pc_content_default_workers(void);

/* One source to walk: a folder or a file. */
struct pc_content_source {
	const char *path;
	enum pc_doc_kind kind;           /* AUTO: by name and content */
	const struct pc_walk_opts *walk; /* globs and caps; NULL = defaults */
	bool maildir; /* skip tmp/ below path (messages being delivered) */
};

/* What one source's walk saw. */
struct pc_content_stats {
	size_t read;       /* files read through */
	size_t skipped;    /* not read by design */
	size_t unreadable; /* could not be read */
	size_t changed;    /* changed while read */
	size_t parts_skipped;
	char first_unreadable[512]; /* "path: reason" of the first, or "" */
};

struct pc_content_scan;

/*
 * Makes a scan: the matcher over opts->set, reporting to rep (copied).
 * Caller frees with pc_content_scan_free().
 */
int pc_content_scan_new(struct pc_content_scan **out,
    const struct pc_content_opts *opts, const struct pc_content_report *rep);

/*
 * Walks src, extracts every file and matches its text, reporting
 * findings and notes through the scan's report in walk order. Returns 0
 * when the walk finished (files may have been skipped: see st_out), a
 * negative pc_err with detail when src->path itself cannot be read, or
 * the nonzero value the report stopped with.
 */
int pc_content_scan(struct pc_content_scan *s,
    const struct pc_content_source *src, struct pc_content_stats *st_out);

/*
 * The text sink of the scan's matcher, for producers that are not files
 * (a website crawl, a mail API): their units are matched and reported
 * through the same report. Borrowed until pc_content_scan_free().
 */
const struct pc_text_sink *pc_content_scan_sink(struct pc_content_scan *s);

/* The matcher's counters so far. */
void pc_content_scan_stats(
    const struct pc_content_scan *s, struct pc_matcher_stats *out);

/* Frees a scan; NULL-safe. */
void pc_content_scan_free(struct pc_content_scan *s);

#endif
