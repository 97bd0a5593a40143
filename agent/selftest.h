/* Proves, on the running kernel, that the check sandbox holds. */
#ifndef PC_SELFTEST_H
#define PC_SELFTEST_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Forks sandboxed children that each try one forbidden thing (exec, read
 * /etc/shadow or a stand-in for the signing key, write a file, connect to
 * a port they were not given, fork) plus positive controls, and prints one
 * "ok:" or "FAILED:" line per guarantee to out. Sets *all_held_out.
 * Returns nonzero only if the test itself could not be set up.
 */
int pc_selftest_run(FILE *out, bool *all_held_out);

#endif
