/* Matches -> findings for the exposure check (the matcher's consumer). */
#ifndef PC_EXPOSURE_SCAN_H
#define PC_EXPOSURE_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/check.h"
#include "checks/content/text.h"

struct pc_matcher;
struct pc_detectors;

/* One part's scan: the matcher and what it has reported. */
struct pc_exposure_scan {
	struct pc_check_ctx *ctx;
	struct pc_detectors *detectors;
	struct pc_matcher *matcher;
	struct pc_text_sink sink;
	size_t findings, weak_alone, unknown_rules;
	bool capped; /* max_findings reached */
	size_t skip_lines; /* count lines spent on skipped files */
	int stop;	   /* first fatal error from emitting */
};

/*
 * Loads the detectors, the office HMAC key (a missing key makes the check
 * incomplete, not silent) and a matcher whose records become findings.
 * Caller frees with pc_exposure_scan_free().
 */
int pc_exposure_scan_new(struct pc_exposure_scan **out,
    struct pc_check_ctx *ctx);

/* The sink extractors write text units into. Borrowed from x. */
const struct pc_text_sink *pc_exposure_scan_sink(struct pc_exposure_scan *x);

/* Flushes pending records and writes the part's count line. */
int pc_exposure_scan_finish(struct pc_exposure_scan *x);

void pc_exposure_scan_free(struct pc_exposure_scan *x);

#endif
