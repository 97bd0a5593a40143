/* Detector definitions loaded from policies/detectors/<name>.yaml. */
#ifndef PC_CONTENT_DETECTORS_H
#define PC_CONTENT_DETECTORS_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/vocab.h"
#include "validators.h"

/* Caps on detector files (they are data an office may edit). */
#define PC_DETECTORS_MAX            64
#define PC_DETECTOR_MAX_PATTERNS    16
#define PC_DETECTOR_MAX_PATTERN_LEN 1024
#define PC_DETECTOR_MAX_WORDS       64
#define PC_DETECTOR_MAX_ALLOW       512
#define PC_DETECTOR_MAX_EXAMPLES    64
#define PC_DETECTOR_MAX_WINDOW      300
#define PC_DETECTOR_FILES_MAX       32

/* Installed detector folder, and the source tree's for development. */
#define PC_DETECTORS_DIR "/usr/share/portcullis/policies/detectors"

/*
 * How a detector counts towards a personal record: strong identifiers
 * (NINO, NHS number, card...) and weak signals (postcode, phone, email)
 * are aggregated; secrets never are.
 */
enum pc_detector_kind {
	PC_DET_STRONG,
	PC_DET_WEAK,
	PC_DET_SECRET,
};

struct pc_detector {
	char *id;    /* e.g. "uk_nino"; also the exposure rule id */
	char *title; /* "UK National Insurance number" */
	char *file;  /* the YAML file it came from */
	int line;
	enum pc_severity severity; /* with context when context is used */
	enum pc_detector_kind kind;
	const struct pc_validator *validator;
	char *mask;      /* redact.h preview style */
	char **patterns; /* Hyperscan syntax */
	size_t npatterns;
	bool caseless;
	char **context; /* lower-case words or phrases, matched whole */
	size_t ncontext;
	unsigned context_window; /* bytes either side of the candidate */
	bool context_required;   /* no context word: not a finding */
	bool context_or_line;    /* ...unless its line (a CSV row, a JSON
				    element's line) holds another kind */
	enum pc_severity severity_without; /* no context word, not required */
	char **allow; /* normalised values that are documented examples */
	size_t nallow;
	char **match; /* example texts that must be found */
	size_t nmatch;
	char **no_match; /* example texts that must not be */
	size_t nno_match;
	bool enabled;
};

struct pc_detectors {
	struct pc_detector *items;
	size_t n;
};

/*
 * Loads every *.yaml file in dir (sorted by name) into a detector set;
 * each file is a map with a "detectors" list. Unknown keys, unknown
 * validators, bad severities, duplicate ids and files over the caps are
 * refused with "file:line:" errors. Caller frees with pc_detectors_free().
 */
int pc_detectors_load_dir(struct pc_detectors **out, const char *dir);

/* Loads one YAML file (same rules as pc_detectors_load_dir). */
int pc_detectors_load_file(struct pc_detectors **out, const char *path);

/* The default folder: the installed one, else the source tree's. */
const char *pc_detectors_default_dir(void);

/*
 * Enables only the detectors named in a comma-separated list (ids); an
 * unknown id is a usage error naming it.
 */
int pc_detectors_select(struct pc_detectors *set, const char *list);

/* The detector with this id, or NULL. */
const struct pc_detector *pc_detectors_find(
    const struct pc_detectors *set, const char *id);

/*
 * Adds an office's own published contact details (phone numbers,
 * postcodes, email addresses, as typed in its config) to the allow lists
 * of the weak detectors only: each value is normalised by each weak
 * detector's validator and added where that validator accepts it, so it
 * is compared exactly as a match would be. Strong and secret detectors
 * are never touched: no config value can hide an NI number or a key.
 * *unused_out (may be NULL) gets how many values no weak detector took.
 */
int pc_detectors_allow_public(struct pc_detectors *set, char *const *values,
    size_t n, size_t *unused_out);

/* True when norm is on the detector's allow list. */
bool pc_detector_allowed(const struct pc_detector *d, const char *norm);

void pc_detectors_free(struct pc_detectors *set);

#endif
