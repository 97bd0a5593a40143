/* Whether this computer runs an older kernel than the newest installed. */
#ifndef PC_PATCH_KERNEL_H
#define PC_PATCH_KERNEL_H

#include <stddef.h>

#include "dpkg_status.h"

/* Longest kernel release string accepted ("6.1.0-25-amd64"). */
#define PC_KERNEL_RELEASE_MAX 128

/*
 * Compares two kernel releases of the form VERSION[-ABI][-FLAVOUR]
 * ("6.1.0-25-amd64", "6.8.0-45-generic"). Sets *cmp_out to <0, 0 or >0;
 * returns PC_EINVALID when the flavours differ (not comparable) and
 * PC_EPARSE when either is not a kernel release.
 */
int pc_kernel_compare(const char *a, const char *b, int *cmp_out);

/*
 * The newest installed kernel image (package linux-image-RELEASE) of the
 * running kernel's flavour that is newer than running, or NULL when the
 * running kernel is the newest (or none is comparable). The result
 * points into db (the package name past "linux-image-").
 */
const char *pc_kernel_newer_installed(
    const struct pc_dpkg_db *db, const char *running);

/*
 * The running kernel's release: uname() when root is "/", else the file
 * ROOT/proc/sys/kernel/osrelease (so a fixture can set it). Writes a
 * NUL-terminated string to out. Returns PC_ENOTFOUND when root has no
 * such file.
 */
int pc_kernel_running(char *out, size_t n, const char *root);

#endif
