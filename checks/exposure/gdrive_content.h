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

/*
 * Downloads f as u (Google Docs and Slides exported as text, Sheets as
 * xlsx, other files as they are, all in memory) and scans it with x's
 * detectors into c (initialised here): kinds with counts, scanned or why
 * not; *bytes_out the bytes fetched. A file that cannot be fetched or
 * read is reported in c, not as an error: returns nonzero only when the
 * scan must stop (x could not go on, or out of memory).
 */
int pc_gdrive_content_scan(struct pc_share_content *c, size_t *bytes_out,
    struct pc_google_user *u, struct pc_exposure_scan *x,
    const struct pc_gdrive_file *f);

/* Is f a folder (its files carry its sharing and are judged each)? */
bool pc_gdrive_is_folder(const struct pc_gdrive_file *f);

#endif
