/* Crawls the office website (same origin, capped) into text units. */
#ifndef PC_CONTENT_CRAWL_H
#define PC_CONTENT_CRAWL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text.h"

#define PC_CRAWL_DEFAULT_PAGES 200
#define PC_CRAWL_DEFAULT_BYTES (64ULL << 20)
#define PC_CRAWL_PAGE_CAP      (4u << 20)
#define PC_CRAWL_MAX_QUEUE     10000

struct pc_crawl_opts {
	const char *start_url; /* https; pages under its folder are crawled */
	size_t max_pages;      /* 0 = PC_CRAWL_DEFAULT_PAGES */
	uint64_t max_bytes;    /* all bodies together; 0 = default */
	const char *ca_file;   /* tls.ca_file, or NULL */
};

struct pc_crawl_stats {
	size_t pages;   /* fetched and read as text */
	size_t failed;  /* fetch errors and HTTP errors: not seen */
	size_t missing; /* broken links (404/410): nothing there */
	size_t ignored; /* not HTML or text (images, PDFs) */
	uint64_t bytes;
	bool page_cap_hit, byte_cap_hit;
};

/* Called for each page that could not be read, with the reason. */
typedef void (*pc_crawl_note_fn)(
    void *arg, const char *url, const char *reason);

/*
 * Fetches start_url and follows <a href> links breadth-first, only to
 * https URLs on the same host and port under the start URL's folder (no
 * redirects, no other sites), until max_pages or max_bytes. Each HTML or
 * plain-text page becomes text units (loc.path = the page URL). Returns 0
 * when the crawl ran (individual page failures go to note), a negative
 * pc_err when the start page itself could not be fetched, or the sink's
 * nonzero value.
 */
int pc_crawl(const struct pc_crawl_opts *opts, const struct pc_text_sink *sink,
    pc_crawl_note_fn note, void *note_arg, struct pc_crawl_stats *stats_out);

/*
 * Resolves href against base and returns the absolute URL without its
 * fragment if it is a page to crawl under prefix; NULL otherwise. Caller
 * frees.
 */
char *pc_crawl_resolve(const char *base, const char *href, const char *prefix);

#endif
