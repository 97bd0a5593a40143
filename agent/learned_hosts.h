/*
 * Hosts one part of a check learns for another (pc_check_part.hosts_for):
 * the exposure check's m365-hosts part reads the tenant's SharePoint hosts
 * from Graph in its own sandboxed child, and the parent adds them to the
 * m365-sharing part's allowlist before that child starts. The parent only
 * checks the names' shape; it never reads the provider's answer.
 */
#ifndef PC_LEARNED_HOSTS_H
#define PC_LEARNED_HOSTS_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"

struct cJSON;

/*
 * Parent: takes the "hosts" array a learning child sent into *hosts_out
 * (*n_out names): each a lower-case DNS name (labels of a-z, 0-9 and
 * '-'), with an optional ":port" that must be one of own's ports (443
 * when none is given), at most PC_LEARNED_HOSTS_MAX. Anything else is
 * PC_EPARSE with the reason. Caller frees with pc_learned_hosts_free().
 */
int pc_learned_hosts_take(char ***hosts_out, size_t *n_out,
    const struct cJSON *arr, const struct pc_needs *own);

/* Parent: adds https://host/ for each learned host to n's allowlist. */
int pc_learned_hosts_allow(
    struct pc_needs *n, char *const *hosts, size_t nhosts);

void pc_learned_hosts_free(char **hosts, size_t n);

#endif
