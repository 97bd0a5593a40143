/* The personal (consumer) mail domain list from policies/ and its matcher. */
#ifndef PC_EMAIL_PERSONAL_H
#define PC_EMAIL_PERSONAL_H

#include <stddef.h>

#define PC_PERSONAL_MAX 1000 /* entries in the list */

/*
 * Entries are domains ("gmail.com") or a name with a wildcard public
 * suffix ("hotmail.*": hotmail.com, hotmail.co.uk, hotmail.fr; the * is
 * one or two labels, never more). Lower case.
 */
struct pc_personal {
	char **patterns;
	size_t n;
};

/* Loads the list (YAML: domains: [...]) from path. Errors name the file,
 * line and the bad entry. Caller frees with pc_personal_free(). */
int pc_personal_load(struct pc_personal **list_out, const char *path);

/* Builds a list from in-memory patterns (tests, callers with their own
 * data); the same validation. */
int pc_personal_new(
    struct pc_personal **list_out, const char *const *patterns, size_t n);

void pc_personal_free(struct pc_personal *list);

/* The pattern that domain (any case, a final dot allowed) matches, or NULL.
 * Borrowed from list. */
const char *pc_personal_match(
    const struct pc_personal *list, const char *domain);

/* True when pattern is a valid entry (see above). */
int pc_personal_pattern_valid(const char *pattern);

#endif
