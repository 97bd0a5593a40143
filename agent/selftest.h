/* Proves, on the running kernel, that the check sandbox holds. */
#ifndef PC_SELFTEST_H
#define PC_SELFTEST_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Forks sandboxed children that each try one forbidden thing (exec, read
 * /etc/shadow or a stand-in for the signing key, write a file, open a
 * socket, send UDP, ask the broker for an unlisted host or port, make
 * memory executable, fork) plus positive controls, and prints one "ok:" or
 * "FAILED:" line per guarantee to out, or with json one JSON object.
 * Sets *all_held_out. Returns nonzero only if the test itself could not
 * be set up.
 */
int pc_selftest_run(FILE *out, bool json, bool *all_held_out);

#endif
