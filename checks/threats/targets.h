/* The MP's names from the staff list: targets when written about. */
#ifndef PC_THREATS_TARGETS_H
#define PC_THREATS_TARGETS_H

#include <stddef.h>

#include "agent/config.h"

/*
 * The names and aliases of every staff entry whose role is MP (compared
 * without case: "MP", "mp"), at most max of them, into names (borrowed
 * from cfg). Returns how many; cfg may be NULL.
 */
size_t pc_threats_mp_names(
    const struct pc_config *cfg, const char **names, size_t max);

#endif
