/* A shared Drive file's contents: downloaded into memory (capped), read
 * through the content pipeline, and what kinds of personal data it holds. */
#ifndef PC_EXPOSURE_GDRIVE_CONTENT_H
#define PC_EXPOSURE_GDRIVE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/providers/google.h"
#include "gdrive_file.h"
#include "scan.h"

/* The largest file downloaded (the client's body cap); bigger ones are
 * reported as not scanned. */
#define PC_GDRIVE_MAX_BYTES (16u << 20)
#define PC_GDRIVE_KINDS_MAX 24

/* What one file's contents hold: counts per detector, never values. */
struct pc_gdrive_content {
	bool scanned;	  /* downloaded and read through, nothing skipped */
	char reason[240]; /* when not scanned: why */
	size_t hits;	  /* matches reported by the detectors */
	struct {
		char id[48];
		size_t n;
	} kind[PC_GDRIVE_KINDS_MAX];
	size_t nkinds;
	size_t bytes; /* downloaded */
};

/*
 * Downloads f as u (Google Docs and Slides exported as text, Sheets as
 * xlsx, other files as they are) and scans it with x's detectors. A file
 * that cannot be fetched or read is reported in out (scanned false, the
 * reason), not as an error: returns nonzero only when the scan must stop
 * (x could not go on, or out of memory).
 */
int pc_gdrive_content_scan(struct pc_gdrive_content *out,
    struct pc_google_user *u, struct pc_exposure_scan *x,
    const struct pc_gdrive_file *f);

/* "uk_nino 3, personal_record 1" into buf. */
void pc_gdrive_content_kinds(char *buf, size_t n,
    const struct pc_gdrive_content *c);

/* Is f a Google-native type Drive cannot hand over as a file (a folder,
 * a form, a shortcut)? Sets *what to its name for people. */
bool pc_gdrive_not_exportable(const struct pc_gdrive_file *f,
    const char **what);

#endif
