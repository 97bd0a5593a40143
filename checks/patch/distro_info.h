/* distro-info-data's release tables (/usr/share/distro-info/debian.csv and
 * ubuntu.csv): the live end-of-life dates of Debian and Ubuntu. */
#ifndef PC_PATCH_DISTRO_INFO_H
#define PC_PATCH_DISTRO_INFO_H

#include <stddef.h>

#include "eol.h"

/* Caps: the files are ~5 KB today. */
#define PC_DISTRO_INFO_MAX      (1u << 20)
#define PC_DISTRO_INFO_MAX_ROWS 1000

/*
 * Parses one distro-info CSV for os ("debian" or "ubuntu") into
 * end-of-life releases, as policies/eol.yaml would hold them: Debian's
 * eol and eol-lts (Debian LTS), Ubuntu's eol-server (else eol) and
 * eol-esm (Ubuntu Pro). Rows without a version or an eol date (testing,
 * unstable, unreleased) are left out. warn_days is copied to the result.
 * Errors name file:line. Caller frees with pc_eol_free().
 */
int pc_distro_info_parse(struct pc_eol **eol_out, const char *os,
    const char *name, const char *text, size_t len, long warn_days);

/* The same from a file; PC_ENOTFOUND when it does not exist. */
int pc_distro_info_load(
    struct pc_eol **eol_out, const char *os, const char *path, long warn_days);

#endif
