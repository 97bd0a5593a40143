/* Builds the upload archive `portcullis submit` sends (the parser's counterpart). */
#ifndef PC_UPLOAD_BUILD_H
#define PC_UPLOAD_BUILD_H

#include <stddef.h>

#include "agent/lib/buf.h"

/*
 * Appends a ustar archive of report.json, report.json.sig and signer.pub
 * (data[i], len[i] in enum pc_upload_member order) to out, ending in the
 * two zero blocks. Fixed owner, mode 0444 and mtime 0: the same report
 * always gives the same bytes.
 */
int pc_upload_build(
    struct pc_buf *out, const char *const data[3], const size_t len[3]);

/* Reads the three files of report folder dir and builds the archive. */
int pc_upload_build_dir(struct pc_buf *out, const char *dir);

#endif
