/* The exposure check's gdrive part: Google Drive files shared by link or
 * outside the office, and what they hold. */
#ifndef PC_EXPOSURE_GDRIVE_H
#define PC_EXPOSURE_GDRIVE_H

#include "agent/check.h"

/* Needs: the Google token and Drive URLs, the service account key and
 * the office key; not applicable without a {kind: gdrive} source. */
int pc_exposure_needs_gdrive(const struct pc_config *cfg, struct pc_needs *n);

/* Reads each staff member's Drive (as them, scope drive.readonly) and
 * each shared drive they belong to; one finding per rule per file. */
int pc_exposure_run_gdrive(struct pc_check_ctx *ctx);

#endif
