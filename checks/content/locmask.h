/* Masks personal data in locators: file names, Message-IDs, URLs, keys. */
#ifndef PC_CONTENT_LOCMASK_H
#define PC_CONTENT_LOCMASK_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/policy.h"

struct pc_locmask;

/*
 * A masker over the policy's detectors (its detectors/ folder) whose
 * exposure rule (the detector's own severity when the policy has no rule
 * for it) is above info: an NI number, card or date of birth in a file
 * name is masked, an e-mail address or postcode (info) is not, so every
 * Message-ID does not become stars. policy NULL: the default detectors
 * folder and their own severities. Caller frees with pc_locmask_free().
 */
int pc_locmask_new(struct pc_locmask **out, const struct pc_policy *policy);

/*
 * Writes in to out (cap bytes) with every value those detectors find
 * replaced by its masked preview ("JT ** ** ** B"); *changed (may be
 * NULL) says whether anything was masked. An in longer than out is cut
 * at a UTF-8 boundary. Returns 0, or a negative pc_err when matching
 * failed (the caller must not send in unmasked). Thread-safe.
 */
int pc_locmask_apply(struct pc_locmask *lm, const char *in, char *out,
    size_t cap, bool *changed);

/* Frees a masker; NULL-safe. */
void pc_locmask_free(struct pc_locmask *lm);

#endif
