/* Debian package version comparison with dpkg's exact algorithm. */
#ifndef PC_PATCH_DEBVERSION_H
#define PC_PATCH_DEBVERSION_H

#include <stddef.h>

/* Longest version string accepted (dpkg has no limit; real ones are short). */
#define PC_DEBVERSION_MAX 1024

/*
 * Checks that s is a valid Debian version ([epoch:]upstream[-revision],
 * leading/trailing blanks allowed) with dpkg's rules. Returns 0, or
 * PC_EPARSE with pc_error_set() detail naming the version and the problem.
 */
int pc_debversion_check(const char *s);

/*
 * Compares two versions as dpkg --compare-versions does: epoch
 * numerically, then upstream and revision with verrevcmp ('~' sorts before
 * everything, even the end; letters before other characters; digit runs
 * numerically). *cmp_out is <0, 0 or >0. Returns PC_EPARSE when either
 * version is invalid (then *cmp_out is 0).
 */
int pc_debversion_compare(const char *a, const char *b, int *cmp_out);

#endif
