/* Matches -> findings for the exposure check (the matcher's consumer). */
#ifndef PC_EXPOSURE_SCAN_H
#define PC_EXPOSURE_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/check.h"
#include "identity.h"
#include "checks/content/text.h"

/* Count lines naming skipped files or pages, per check part. */
#define PC_EXPOSURE_SKIP_LINES 24

struct pc_content_scan;
struct pc_content_source;
struct pc_content_stats;
struct pc_detectors;
struct pc_share_content;

/* One part's scan: the matcher and what it has reported. */
struct pc_exposure_scan {
	struct pc_check_ctx *ctx;
	struct pc_detectors *detectors;
	struct pc_content_scan *content; /* the shared content pipeline */
	size_t findings, weak_alone, unknown_rules;
	bool capped;       /* max_findings reached */
	size_t skip_lines; /* count lines spent on skipped files */
	int stop;          /* first fatal error from emitting */
	const char *root;  /* the source being walked (locators are below
			      it); NULL while a website is crawled */
	struct pc_exposure_file_hash file_hash; /* of the last file found in */
	/* When set, matches are counted here per kind (a shared file's
	   content, checks/exposure/sharing.h) instead of emitted. */
	struct pc_share_content *collect;
};

/*
 * Loads the detectors, the office HMAC key (a missing key makes the check
 * incomplete, not silent) and a matcher whose records become findings.
 * Caller frees with pc_exposure_scan_free().
 */
int pc_exposure_scan_new(
    struct pc_exposure_scan **out, struct pc_check_ctx *ctx);

/* The sink producers that are not files (the crawl) write units into. */
const struct pc_text_sink *pc_exposure_scan_sink(struct pc_exposure_scan *x);

/*
 * Walks one file source through the content pipeline; skipped files get
 * a few count lines of their own. Returns as pc_content_scan().
 */
int pc_exposure_scan_source(struct pc_exposure_scan *x,
    const struct pc_content_source *src, struct pc_content_stats *st_out);

/* The rule for content that was not read (policies/baseline.yaml). */
#define PC_EXPOSURE_NOT_SCANNED "content_not_scanned"

/*
 * Emits a content_not_scanned finding for path (a file, or a whole
 * optional source) saying why it was not read; nothing when the policy
 * has no such rule. Returns 0 or the error that stops the part.
 */
int pc_exposure_not_scanned(
    struct pc_exposure_scan *x, const char *path, const char *why);

/* Flushes pending records and writes the part's count line. */
int pc_exposure_scan_finish(struct pc_exposure_scan *x);

void pc_exposure_scan_free(struct pc_exposure_scan *x);

/*
 * Scans one document held in memory (a downloaded shared file) through
 * the same detectors and extractors, counting what it holds into c per
 * kind (personal: the rule's route is data_protection); name is its
 * subject. c->scanned says whether every part was read, else
 * c->not_scanned says why. Returns 0, or a fatal error.
 */
int pc_exposure_scan_doc(struct pc_exposure_scan *x, const char *name,
    const char *data, size_t len, struct pc_share_content *c);

#endif
