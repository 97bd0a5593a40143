/* A growable list of strings: account names, user ids, admin ids. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "strlist.h"

/* Appends a copy of s. */
int
mfa_strlist_add(struct mfa_strlist *l, const char *s)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 64;
		char **nv = realloc(l->v, na * sizeof(*nv));

		if (nv == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		l->v = nv;
		l->alloc = na;
	}
	if ((l->v[l->n] = strdup(s)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	l->n++;
	return 0;
}

/* True when l holds s. */
bool
mfa_strlist_has(const struct mfa_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* qsort/bsearch comparison, case-insensitive. */
static int
cmp_nocase(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts l case-insensitively. */
void
mfa_strlist_sort(struct mfa_strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_nocase);
}

/* True when sorted l holds s, case-insensitively. */
bool
mfa_strlist_has_sorted(const struct mfa_strlist *l, const char *s)
{
	return l->n && bsearch(&s, l->v, l->n, sizeof(*l->v), cmp_nocase);
}

/* Frees the list. */
void
mfa_strlist_free(struct mfa_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
