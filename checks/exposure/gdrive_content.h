/* A shared Drive file's contents: downloaded into memory (capped), read
 * through the content pipeline, and what kinds of personal data it holds. */
#ifndef PC_EXPOSURE_GDRIVE_CONTENT_H
#define PC_EXPOSURE_GDRIVE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/providers/google.h"
#include "gdrive_file.h"
#include "scan.h"
#include "sharing.h"

/* The largest file downloaded (the client's body cap); bigger ones are
 * reported as not scanned. */
#define PC_GDRIVE_MAX_BYTES (16u << 20)

/* Downloads in flight at once (memory: at most this many bodies of up
 * to PC_GDRIVE_MAX_BYTES each). */
#define PC_GDRIVE_IN_FLIGHT 8

/* Judges one file once its content is known (c: kinds and counts, or
 * why it was not read); nonzero stops the scan. */
typedef int (*pc_gdrive_judged_fn)(
    void *arg, struct pc_gdrive_file *f, const struct pc_share_content *c);

/*
 * Fetches files[0..n) as u (Google Docs and Slides exported as text,
 * Sheets as xlsx, other files as they are; into memory, at most
 * PC_GDRIVE_IN_FLIGHT at a time), scans each with x's detectors and
 * calls judged for each, in the order they finish. A file that cannot be
 * fetched or read is judged with the reason, not an error: returns
 * nonzero only when the scan must stop (judged's value, x could not go
 * on, or out of memory).
 */
int pc_gdrive_content_scan(struct pc_google_user *u, struct pc_exposure_scan *x,
    struct pc_gdrive_file **files, size_t n, pc_gdrive_judged_fn judged,
    void *arg);

/* Is f a folder (its files carry its sharing and are judged each)? */
bool pc_gdrive_is_folder(const struct pc_gdrive_file *f);

#endif
