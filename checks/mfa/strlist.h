/* A growable list of strings: account names, user ids, admin ids. */
#ifndef PC_MFA_STRLIST_H
#define PC_MFA_STRLIST_H

#include <stdbool.h>
#include <stddef.h>

struct mfa_strlist {
	char **v;
	size_t n, alloc;
};

/* Appends a copy of s. */
int mfa_strlist_add(struct mfa_strlist *l, const char *s);

/* True when l holds s (exact match, linear: for short lists). */
bool mfa_strlist_has(const struct mfa_strlist *l, const char *s);

/* Sorts l case-insensitively, for mfa_strlist_has_sorted. */
void mfa_strlist_sort(struct mfa_strlist *l);

/* True when sorted l holds s, case-insensitively (logins, as GitHub). */
bool mfa_strlist_has_sorted(const struct mfa_strlist *l, const char *s);

/* Frees the strings and the list; l is left empty. */
void mfa_strlist_free(struct mfa_strlist *l);

#endif
